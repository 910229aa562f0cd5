"""Page 01's model table words the load stage's match decisions per language (issue #13).

``model_match.decision`` stores ``profile | generic | none``; the German page showed
"profile" in the "Zugeordnet über" column. The tiny report audit has no ``model_match``
(so the German-only browser test never saw the column): here it gets one, written with
the real DDL, and the table is rendered as page 01 renders it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gdpr_audit.core.db import connect, run_script
from gdpr_audit.load.generic import GENERIC
from gdpr_audit.report import display
from gdpr_audit.report.context import ReportContext
from gdpr_audit.report.display import table_html
from gdpr_audit.report.i18n import label
from gdpr_audit.report.summary import model_overview

from .conftest import AS_OF, build_audit_db

DECISIONS = ["profile", GENERIC, "none"]
WARNING_PROSE = ("raw.m__sends: profile hubspot (contact) matched only on generic headers "
                 "(Email, First Name); generic mapping used (force it with --profile)")


@pytest.fixture(scope="module")
def matched_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny audit plus a source mapped by a vendor profile and one mapped generically
    (``none`` tables feed no canonical table, so model_log has no row for them), and its
    contacts source without a model_match row (built before mapping was recorded)."""
    path = build_audit_db(tmp_path_factory.mktemp("model") / "audit.duckdb", assess=False)
    con = connect(path)
    run_script(con, "model", "mapping")
    con.executemany(
        "INSERT INTO model_log VALUES (?, ?, ?, ?, 4, 4, 0, 0, NULL, now())",
        [("consents", "crm__consents", "salesforce", "consent"),
         ("communications", "m__sends", GENERIC, "communication")])
    con.executemany(
        "INSERT INTO model_match VALUES (?, ?, ?, ?, '', '', ?, 'made up', ?, ?)",
        [("crm__consents", "salesforce", "consent", "profile", None, None, None),
         # a HubSpot-like table left to the generic mapping, warning stored as key + params
         ("m__sends", GENERIC, "communication", GENERIC, WARNING_PROSE, "generic_only",
          '{"entity": "contact", "headers": "Email, First Name", "profile": "hubspot"}')])
    con.close()
    return path


def matched_by_cells(page: str, lang: str) -> dict[str, str]:
    """``raw_table -> "Matched by" cell`` of a rendered model table."""
    heads = re.findall(r"<th>(.*?)</th>", page)
    raw = heads.index(label("col.raw_table", lang, ""))
    matched = heads.index(label("col.matched_by", lang, ""))
    rows = [re.findall(r"<td[^>]*>(.*?)</td>", r) for r in re.findall(r"<tr>(.*?)</tr>", page)]
    return {cells[raw]: cells[matched] for cells in rows if cells}


def test_every_decision_has_its_own_german_label() -> None:
    for code in DECISIONS:
        de, en = (label(f"match_decision.{code}", lang, "") for lang in ("de", "en"))
        assert de and en and de != en and code not in de.split(), code


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_model_table_words_match_decisions(matched_db: Path, lang: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    frame = model_overview(ReportContext(matched_db, AS_OF, lang))
    want = {"crm__consents": "profile", "m__sends": GENERIC}
    assert set(frame["matched_by"].dropna()) == set(want.values())  # the codes, as stored
    cells = matched_by_cells(table_html(frame, lang), lang)
    assert {raw: cells[raw] for raw in want} == {
        raw: label(f"match_decision.{code}", lang, "") for raw, code in want.items()}
    assert cells["crm__contacts"] == "–"  # logged before mapping was recorded: no decision
    if lang == "de":
        assert cells["crm__consents"] == "Anbieterprofil"
        # trap: without the vocabulary entry the German table shows the stored codes
        monkeypatch.delitem(display.VOCABULARY, "matched_by")
        raw_cells = matched_by_cells(table_html(frame, lang), lang)
        assert {raw: raw_cells[raw] for raw in want} == want


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_model_table_words_profile_warnings(matched_db: Path, lang: str) -> None:
    frame = model_overview(ReportContext(matched_db, AS_OF, lang))
    warnings = dict(zip(frame["raw_table"], frame["warning"], strict=True))
    text = warnings["m__sends"]
    assert "hubspot (contact)" in text and "Email, First Name" in text
    if lang == "de":  # trap: the stored English prose
        assert text.startswith("Profil hubspot") and "allgemeine Zuordnung" in text
        assert "generic mapping" not in text and "matched only" not in text
    else:
        assert "generic mapping used" in text
    assert warnings["crm__consents"] is None


def test_a_warning_stored_before_the_key_existed_keeps_its_prose(tmp_path: Path) -> None:
    path = build_audit_db(tmp_path / "old.duckdb", assess=False)
    con = connect(path)
    con.execute("CREATE TABLE model_match (raw_table VARCHAR, profile VARCHAR, entity VARCHAR, "
                "decision VARCHAR, specific_headers VARCHAR, generic_headers VARCHAR, "
                "warning VARCHAR, reason VARCHAR)")  # the columns of an older version
    con.execute("INSERT INTO model_log VALUES ('communications', 'm__sends', 'generic', "
                "'communication', 4, 4, 0, 0, NULL, now())")
    con.execute("INSERT INTO model_match VALUES ('m__sends', 'generic', 'communication', "
                "'generic', '', '', ?, 'made up')", [WARNING_PROSE])
    con.close()
    frame = model_overview(ReportContext(path, AS_OF, "de"))
    assert dict(zip(frame["raw_table"], frame["warning"], strict=True))["m__sends"] == WARNING_PROSE
