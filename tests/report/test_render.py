"""HTML rendering: no code, no CDN, local plotly.js, German prose for lang=de."""

from __future__ import annotations

from pathlib import Path

import nbformat
import plotly.graph_objects as go
import pytest

from gdpr_audit.report.assets import install_plotly_js, plotly_js_source
from gdpr_audit.report.display import figure_html
from gdpr_audit.report.pages import PAGES, Page
from gdpr_audit.report.render import external_references, prepare, render_page


@pytest.mark.parametrize(("html", "expected"), [
    ('<script src="https://cdn.example/require.js"></script>', ["https://cdn.example/require.js"]),
    ("<script src='//cdnjs.cloudflare.com/x.js'></script>", ["//cdnjs.cloudflare.com/x.js"]),
    ('<link rel="stylesheet" href="http://fonts.example/css">', ["http://fonts.example/css"]),
    ("<style>@import url('https://fonts.example/a.css');</style>", ["https://fonts.example/a.css"]),
    ("<style>@import 'https://fonts.example/b.css';</style>", ["https://fonts.example/b.css"]),
    ('<div style="background: url(https://img.example/x.png)"></div>', ["https://img.example/x.png"]),
    ('<img src="HTTPS://img.example/x.png">', ["HTTPS://img.example/x.png"]),
    # not fetched: prose links, local files, data URIs, namespaces
    ('<a href="https://gdpr-info.eu/art-33-gdpr/">Art. 33</a>', []),
    ('<script src="assets/plotly.min.js"></script>', []),
    ('<div style="background: url(data:image/svg+xml;base64,AAAA)"></div>', []),
    ('<svg xmlns="http://www.w3.org/2000/svg"></svg>', []),
    ('<link rel="icon" href="assets/favicon.ico">', []),
])
def test_external_references(html: str, expected: list[str]) -> None:
    assert external_references(html) == expected


def notebook() -> nbformat.NotebookNode:
    fig = go.Figure(go.Bar(x=["a"], y=[1]))
    nb = nbformat.v4.new_notebook()
    md = nbformat.v4.new_markdown_cell("# 3 · Consent\n\nEnglish prose.")
    md.metadata["tags"] = ["i18n:consent.header"]
    code = nbformat.v4.new_code_cell("secret_code_marker = 1\nshow(fig)")
    code.outputs = [
        nbformat.v4.new_output("display_data", data={
            "text/html": figure_html(fig), "text/plain": "<fig>",
            "application/vnd.plotly.v1+json": {"data": [], "layout": {}}}),
        nbformat.v4.new_output("stream", name="stderr", text="UserWarning: noisy\n"),
    ]
    nb.cells = [md, code]
    return nb


def test_prepare_translates_and_drops_noise() -> None:
    nb = prepare(notebook(), "de")
    assert nb.cells[0].source.startswith("# 3 · Einwilligungen")
    outputs = nb.cells[1].outputs
    assert len(outputs) == 1 and "application/vnd.plotly.v1+json" not in outputs[0]["data"]
    assert notebook().cells[0].source.startswith("# 3 · Consent")  # the input is not modified


@pytest.mark.parametrize("lang", ["en", "de"])
def test_rendered_page_is_offline_and_code_free(tmp_path: Path, lang: str) -> None:
    page = render_page(notebook(), Page("03_consent"), tmp_path, lang, "2026-11-28", "a.duckdb")
    html = page.read_text("utf-8")
    assert external_references(html) == []
    assert html.count('<script src="assets/plotly.min.js"></script>') == 1
    assert "plotly-graph-div" in html and "Plotly.newPlot" in html
    assert "secret_code_marker" not in html  # inputs excluded
    assert "noisy" not in html
    for cdn in ("require.js", "mathjax", "MathJax", "mermaid", "embed-amd", "cdn."):
        assert cdn not in html, cdn
    assert f'<html lang="{lang}">' in html
    assert ("Einwilligungen" in html) == (lang == "de")
    # every other page is linked from the navigation
    for other in PAGES:
        assert f'href="{other.html}"' in html


def test_checks_page_is_linked_when_present(tmp_path: Path) -> None:
    (tmp_path / "checks.html").write_text("<html></html>")
    html = render_page(notebook(), Page("08_dpo_summary"), tmp_path, "en", "2026-11-28",
                       "a.duckdb").read_text("utf-8")
    assert 'href="checks.html"' in html
    assert (tmp_path / "index.html").is_file()


def test_plotly_js_is_copied_once(tmp_path: Path) -> None:
    target = install_plotly_js(tmp_path)
    assert target == tmp_path / "assets" / "plotly.min.js"
    assert target.stat().st_size == plotly_js_source().stat().st_size > 1_000_000
    mtime = target.stat().st_mtime_ns
    install_plotly_js(tmp_path)
    assert target.stat().st_mtime_ns == mtime


@pytest.mark.parametrize(("value", "lang", "expected"), [
    (1317, "en", "1,317"), (1317, "de", "1.317"), (0.0148, "de", "0,015"), (31.0, "en", "31.0"),
    (None, "en", "–"), (float("nan"), "de", "–"), (True, "en", "✔"), (["a", "b"], "en", "a, b"),
])
def test_table_cells_follow_the_language(value, lang: str, expected: str) -> None:
    import pandas as pd

    from gdpr_audit.report.display import table_html

    html = table_html(pd.DataFrame({"count": [value]}, dtype=object), lang)
    assert f">{expected}</td>" in html


def test_table_headers_and_vocabulary_are_translated() -> None:
    import pandas as pd

    from gdpr_audit.report.display import table_html

    html = table_html(pd.DataFrame({"severity": ["high"], "request_type": ["erasure"],
                                    "detail": ["x"]}), "de", max_rows=0)
    assert "<th>Schweregrad</th>" in html and "<th>Art</th>" in html
    assert "0 von 1 Zeilen angezeigt" in html
    html = table_html(pd.DataFrame({"severity": ["high"], "request_type": ["erasure"]}), "de")
    assert ">Hoch</td>" in html and ">Löschung (Art. 17)</td>" in html
