"""Both report languages are complete, and the notebooks' prose is translated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gdpr_audit.core.errors import UsageError
from gdpr_audit.report.i18n import (
    LANGS,
    MD_TAG_PREFIX,
    catalog,
    check_lang,
    label,
    markdown_for,
    number,
    t,
)

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def _markdown_cells() -> list[tuple[str, dict]]:
    cells = []
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        nb = json.loads(path.read_text("utf-8"))
        cells += [(path.name, c) for c in nb["cells"] if c["cell_type"] == "markdown"]
    return cells


def test_languages_have_the_same_keys() -> None:
    en = set(catalog("en"))
    de = {k for k in catalog("de") if not k.startswith("md.")}
    assert en == de, f"only en: {sorted(en - de)}; only de: {sorted(de - en)}"


def test_no_german_text_is_left_english() -> None:
    en, de = catalog("en"), catalog("de")
    same = {k for k in en if en[k] == de[k] and len(en[k]) > 12 and "{" not in en[k]}
    assert not same, f"untranslated: {sorted(same)}"


def test_every_notebook_markdown_cell_has_a_german_translation() -> None:
    cells = _markdown_cells()
    assert len(cells) >= 8 * 2
    used = set()
    for name, cell in cells:
        tags = [tg for tg in cell["metadata"].get("tags", []) if tg.startswith(MD_TAG_PREFIX)]
        assert len(tags) == 1, f"{name}: markdown cell without one i18n tag: {cell['source'][:60]}"
        key = "md." + tags[0][len(MD_TAG_PREFIX):]
        assert key in catalog("de"), f"{name}: {key} missing in de.yaml"
        used.add(key)
    unused = {k for k in catalog("de") if k.startswith("md.")} - used
    assert not unused, f"translations of no cell: {sorted(unused)}"


def test_every_registered_check_has_a_title_in_both_languages() -> None:
    from gdpr_audit.assess.registry import all_checks

    for spec in all_checks():
        for lang in LANGS:
            assert f"check.{spec.check_id}" in catalog(lang), (lang, spec.check_id)


@pytest.mark.parametrize(("value", "lang", "decimals", "expected"), [
    (1234567, "en", 0, "1,234,567"),
    (1234567, "de", 0, "1.234.567"),
    (1234.5, "de", 1, "1.234,5"),
    (0.25, "en", 2, "0.25"),
    (0, "de", 0, "0"),
])
def test_number_uses_the_language_separators(value, lang, decimals, expected) -> None:
    assert number(value, lang, decimals) == expected


def test_translation_lookup() -> None:
    assert t("severity.high", "de") == "Hoch"
    assert t("report.subtitle", "en", as_of="2026-11-28", db="a.duckdb", version="1", run="r",
             digest="d").startswith(
        "Audit date 2026-11-28")
    assert label("purpose.unknown_purpose", "de") == "unknown_purpose"
    assert label("entity.HEALTH", "de", "x") == "Gesundheit"
    with pytest.raises(KeyError):
        t("no.such.key", "en")
    with pytest.raises(UsageError):
        check_lang("fr")


def test_markdown_for_switches_language_by_tag() -> None:
    assert markdown_for(["i18n:consent.header"], "# 3 · Consent", "en") == "# 3 · Consent"
    assert markdown_for(["i18n:consent.header"], "# 3 · Consent", "de").startswith(
        "# 3 · Einwilligungen")
    assert markdown_for([], "untagged", "de") == "untagged"


def test_localise_detail_translates_structure_and_vocabulary() -> None:
    from gdpr_audit.report.i18n import localise_detail

    detail = ("subject S-1a2b3c4d5e6f: newsletter via email sent 2026-02-09 after all 1 "
              "consent(s) had been withdrawn")
    assert localise_detail("consent.send_after_withdrawal", detail, "de") == (
        "betroffene Person S-1a2b3c4d5e6f: „Newsletter“ per E-Mail am 09.02.2026 versandt, "
        "nachdem alle 1 Einwilligung(en) widerrufen waren"
    )
    places = ("erasure completed 2025-07-21, identifiers still held in 2 table(s): "
              "contacts (1 row), notes (2 rows)")
    assert localise_detail("rights.erasure_not_effective", places, "de").endswith(
        "Kennungen noch in 2 Tabelle(n): contacts (1 Zeile), notes (2 Zeilen)")
    # English stays as written; an unknown shape passes through unchanged, never an error
    assert localise_detail("consent.send_after_withdrawal", detail, "en") == detail
    new = "something new"
    assert localise_detail("consent.send_after_withdrawal", new, "de") == new
    # an unknown check keeps its English words, but German pages still write TT.MM.JJJJ
    assert localise_detail("no.such_check", detail, "de") == detail.replace("2026-02-09",
                                                                             "09.02.2026")
