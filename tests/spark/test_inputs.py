"""Lake tables as the loader would name and number them (slow: a Spark session)."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from gdpr_audit.core.errors import InputError

pytestmark = pytest.mark.slow


@pytest.fixture()
def lake(tmp_path):
    (tmp_path / "crm").mkdir()
    pq.write_table(pa.table({"Id": ["a", "b", "c"], "Age": [30, None, 41]}),
                   tmp_path / "crm" / "Contacts.parquet")
    (tmp_path / "crm" / "notes.csv").write_text('id,text\n1,"two\nlines"\n2,plain\n', "utf-8")
    (tmp_path / "events").mkdir()
    pq.write_table(pa.table({"e": ["x1", "x2"]}), tmp_path / "events" / "part-00000.parquet")
    pq.write_table(pa.table({"e": ["y1"]}), tmp_path / "events" / "part-00001.parquet")
    (tmp_path / "events" / "_SUCCESS").write_text("")
    (tmp_path / "README.txt").write_text("not a table")
    return tmp_path


def test_tables_named_and_numbered_like_the_loader(spark, lake):
    from gdpr_audit.spark.inputs import discover_tables, read_raw

    tables = {t.name: t for t in discover_tables(spark, [str(lake)])}
    assert sorted(tables) == ["crm__contacts", "crm__notes", "events"]
    contacts = read_raw(spark, tables["crm__contacts"]).orderBy("_record_no").collect()
    assert [(r["Id"], r["Age"], r["_record_no"]) for r in contacts] == [
        ("a", "30", 1), ("b", None, 2), ("c", "41", 3)]
    assert {r["_source_file"] for r in contacts} == {"crm/Contacts.parquet"}
    notes = read_raw(spark, tables["crm__notes"]).orderBy("_record_no").collect()
    assert [(r["text"], r["_record_no"]) for r in notes] == [("two\nlines", 1), ("plain", 2)]
    events = read_raw(spark, tables["events"]).orderBy("_record_no").collect()
    assert [(r["e"], r["_record_no"]) for r in events] == [("x1", 1), ("x2", 2), ("y1", 3)]


def test_missing_or_empty_input_is_an_input_error(spark, tmp_path):
    from gdpr_audit.spark.inputs import discover_tables

    with pytest.raises(InputError, match="not found"):
        discover_tables(spark, [str(tmp_path / "nowhere")])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no Parquet"):
        discover_tables(spark, [str(tmp_path / "empty")])
