"""Report texts in English and German.

Every label a DPO reads (chart titles, axis labels, table headers, status words,
check titles, the notebooks' prose) comes from ``gdpr_audit/report/i18n/<lang>.yaml``.
Notebook Markdown is written in English in the notebook itself; its cells carry a tag
``i18n:<key>`` and the German text lives under ``md.<key>`` in ``de.yaml``
(see :func:`markdown_for`).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from gdpr_audit.core.errors import UsageError

LANGS = ("en", "de")
#: Prefix of notebook Markdown cell tags naming their translation key.
MD_TAG_PREFIX = "i18n:"


def check_lang(lang: str) -> str:
    """Return ``lang`` if the report speaks it.

    Raises:
        UsageError: unsupported language.
    """
    if lang not in LANGS:
        raise UsageError(f"unsupported report language {lang!r}; choose one of {', '.join(LANGS)}")
    return lang


def _flatten(node: Any, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    if isinstance(node, dict):
        for key, value in node.items():
            out.update(_flatten(value, f"{prefix}{key}."))
    else:
        out[prefix[:-1]] = str(node)
    return out


@cache
def catalog(lang: str) -> dict[str, str]:
    """All texts of ``lang`` as a flat ``{"dotted.key": text}`` mapping (read once)."""
    check_lang(lang)
    text = resources.files("gdpr_audit.report").joinpath("i18n", f"{lang}.yaml").read_text("utf-8")
    return _flatten(yaml.safe_load(text) or {})


def t(key: str, lang: str = "en", **values: Any) -> str:
    """The text for ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``.

    Raises:
        KeyError: no such key (a missing translation is a bug, caught by the tests).
    """
    text = catalog(lang)[key]
    return text.format(**values) if values else text


def label(key: str, lang: str, default: str | None = None) -> str:
    """Like :func:`t` but falls back to ``default`` (or the key's last part) when unknown.

    For open vocabularies such as purposes, entity types or record types, where the data
    may hold values the catalogue does not know.
    """
    texts = catalog(lang)
    if key in texts:
        return texts[key]
    return default if default is not None else key.rsplit(".", 1)[-1]


def markdown_for(cell_tags: list[str], source: str, lang: str) -> str:
    """The Markdown of a notebook cell in ``lang``: the cell's own text for English."""
    if lang == "en":
        return source
    for tag in cell_tags:
        if tag.startswith(MD_TAG_PREFIX):
            return t("md." + tag[len(MD_TAG_PREFIX):], lang)
    return source


def number(value: float, lang: str = "en", decimals: int = 0) -> str:
    """``1234.5`` as ``1,234.5`` (en) or ``1.234,5`` (de)."""
    text = f"{value:,.{decimals}f}"
    if catalog(lang)["format.separators"] == ",.":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text
