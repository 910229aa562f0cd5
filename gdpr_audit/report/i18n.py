"""Report texts in English and German.

Every label a DPO reads (chart titles, axis labels, table headers, status words,
check titles, the notebooks' prose) comes from ``gdpr_audit/report/i18n/<lang>.yaml``.
Notebook Markdown is written in English in the notebook itself; its cells carry a tag
``i18n:<key>`` and the German text lives under ``md.<key>`` in ``de.yaml``
(see :func:`markdown_for`).
"""

from __future__ import annotations

import datetime as dt
import re
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


@cache
def _phrases(lang: str) -> dict[str, str]:
    """``i18n/phrases.<lang>.yaml``: shipped English prose values -> ``lang`` (none for en)."""
    path = resources.files("gdpr_audit.report").joinpath("i18n", f"phrases.{lang}.yaml")
    if lang == "en" or not path.is_file():
        return {}
    return {str(k): str(v) for k, v in (yaml.safe_load(path.read_text("utf-8")) or {}).items()}


def phrase(text: str, lang: str) -> str:
    """A prose value the package ships in English (a retention policy's legal basis, the
    default retention of the Art. 30 overview) in ``lang``; other text unchanged."""
    return _phrases(check_lang(lang)).get(text, text)


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


_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_ARTICLE_PART = re.compile(r"^\s*(?:Art\.\s*)?(\d+)((?:\([0-9a-z]+\))*)\s*$")


def format_date(value: dt.date | str, lang: str = "en") -> str:
    """A day as the report's language writes it: ``2023-01-10`` (en), ``10.01.2023`` (de)."""
    text = value.isoformat()[:10] if isinstance(value, dt.date) else str(value)
    return localise_dates(text, lang)


def localise_dates(text: str, lang: str) -> str:
    """Every ISO day ``YYYY-MM-DD`` in ``text`` in the language's ``format.date``
    (``TT.MM.JJJJ`` in German); the day itself never moves (no time zone involved)."""
    fmt = catalog(check_lang(lang))["format.date"]
    if fmt == "%Y-%m-%d":
        return text

    def day(m: re.Match[str]) -> str:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).strftime(fmt)
        except ValueError:
            return m.group(0)

    return _ISO_DAY.sub(day, text)


def cite(article: str, lang: str = "en") -> str:
    """A GDPR citation: ``7(3)`` -> ``Art. 7(3) GDPR`` / ``Art. 7 Abs. 3 DSGVO``;
    ``6(1)(a)`` -> ``Art. 6 Abs. 1 lit. a DSGVO``; comma-separated lists cite each.

    Text that is not an article reference is returned unchanged.
    """
    law = t("format.law", lang)
    parts = []
    for part in str(article).split(","):
        m = _ARTICLE_PART.match(part)
        if m is None:
            return str(article)
        number, rest = m.group(1), re.findall(r"\(([0-9a-z]+)\)", m.group(2))
        if lang == "de":
            words = [f"Abs. {rest[0]}"] if rest else []
            words += [f"lit. {x}" if x.isalpha() else f"S. {x}" for x in rest[1:]]
            parts.append(" ".join([f"Art. {number}", *words]))
        else:
            parts.append(f"Art. {number}" + "".join(f"({x})" for x in rest))
    return ", ".join(parts) + f" {law}" if parts else str(article)


#: Named groups of detail patterns whose values are vocabulary of the catalogue.
_DETAIL_VOCABULARY = {"purpose": "purpose", "channel": "channel", "request_type": "request_type",
                      "record_type": "record_type", "role": "role", "risk": "risk"}
_SUBJECT_PREFIX = re.compile(r"subject (?P<ref>\S+): ")


@cache
def _detail_rules(lang: str) -> dict[str, list[tuple[re.Pattern[str], str, dict[str, str]]]]:
    """The detail patterns of ``details.<lang>.yaml`` (none for English)."""
    path = resources.files("gdpr_audit.report").joinpath("i18n", f"details.{lang}.yaml")
    if lang == "en" or not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    return {
        check_id: [
            (re.compile(rule["pattern"]), str(rule["text"]), dict(rule.get("replace") or {}))
            for rule in rules
        ]
        for check_id, rules in data.items()
    }


def localise_detail(check_id: str, detail: str, lang: str) -> str:
    """A finding's detail in ``lang`` (assess writes English): the check's pattern in
    ``i18n/details.<lang>.yaml`` rewritten, vocabulary translated; unchanged when no
    pattern matches (never an error: the English detail is still correct)."""
    if not isinstance(detail, str):
        return detail
    return localise_dates(_translate_detail(check_id, detail, lang), lang)


def _translate_detail(check_id: str, detail: str, lang: str) -> str:
    rules = _detail_rules(check_lang(lang)).get(check_id)
    if not rules:
        return detail
    prefix = _SUBJECT_PREFIX.match(detail)
    body = detail[prefix.end():] if prefix else detail
    for pattern, text, replace in rules:
        m = pattern.fullmatch(body)
        if m is None:
            continue
        values = {}
        for name, value in m.groupdict().items():
            value = value or ""
            if name in _DETAIL_VOCABULARY:
                value = label(f"{_DETAIL_VOCABULARY[name]}.{value}", lang, value)
            elif name == "entities":
                value = ", ".join(label(f"entity.{e.strip()}", lang, e.strip())
                                  for e in value.split(","))
            for old, new in replace.items():
                value = value.replace(old, new)
            values[name] = value
        german = text.format(**values)
        if prefix:
            german = t("report.detail_subject", lang, ref=prefix.group("ref")) + german
        return german
    return detail
