"""The demo profile against the real demo generator: canonical counts = truth.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gdpr_audit.core.db import connect
from gdpr_audit.demo import generate_demo
from gdpr_audit.load.loader import load_paths
from gdpr_audit.load.model import build_model


@pytest.mark.slow
@pytest.mark.parametrize("clean", [False, True])
def test_demo_canonical_counts_match_the_manifest(tmp_path: Path, clean: bool) -> None:
    out = tmp_path / "demo"
    generate_demo(out, contacts=300, seed=7, clean=clean)
    truth = json.loads((out / "truth.json").read_text("utf-8"))
    con = connect(tmp_path / "audit.duckdb")
    load_paths(con, [out])
    report = build_model(con)
    assert report.unmatched == []
    assert {s.profile for s in report.sources} == {"demo"}
    expected = {t: n for t, n in truth["canonical_counts"].items()}
    assert {t: report.counts.get(t, 0) for t in expected} == expected
    # Every demo file is mapped by the entity the manifest names, nothing is rejected.
    for path, info in truth["files"].items():
        raw = info["table"].removeprefix("raw.")
        fed = {s.canonical_table for s in report.sources if s.raw_table == raw}
        assert info["canonical"] in fed, path
    assert report.rows_rejected == 0
    # Lineage joins role permissions (canonical names) to raw columns.
    assert con.execute(
        "SELECT raw_column FROM column_lineage WHERE raw_table = 'crm__kontakte_de' "
        "AND canonical_column = 'birth_date'"
    ).fetchall() == [("Geburtsdatum",)]
