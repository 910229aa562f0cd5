"""Integration: real files through the loader, then the model build."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

from gdpr_audit.core.db import connect
from gdpr_audit.load.loader import load_paths
from gdpr_audit.load.model import build_model

SAMPLES = Path(__file__).parent.parent / "data" / "profiles"
UTC = ZoneInfo("UTC")


def test_windows_1252_semicolon_export_end_to_end(tmp_path: Path, db_path: Path) -> None:
    export = tmp_path / "export" / "crm"
    export.mkdir(parents=True)
    shutil.copy(SAMPLES / "suitecrm_de" / "kontakte.csv", export / "Kontakte DE.csv")
    con = connect(db_path)
    load_paths(con, [tmp_path / "export"])
    report = build_model(con)
    assert report.unmatched == []
    assert report.counts["contacts"] == 4
    rows = con.execute(
        "SELECT first_name, last_name, birth_date, created_at, source_table, source_row "
        "FROM contacts ORDER BY source_row"
    ).fetchall()
    assert rows[0] == (
        "Jürgen",
        "Müller",
        dt.date(1984, 2, 29),
        dt.datetime(2024, 1, 15, 9, tzinfo=UTC),
        "crm__kontakte_de",
        1,
    )
    assert [r[5] for r in rows] == [1, 2, 3, 4]
    lineage = con.execute(
        "SELECT raw_column FROM column_lineage WHERE canonical_column = 'street'"
    ).fetchall()
    assert lineage == [("Straße",)]
