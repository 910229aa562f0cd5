"""Report texts in English and German.

Every label a DPO reads (chart titles, axis labels, table headers, status words,
check titles, the notebooks' prose) comes from ``gdpr_audit/report/i18n/<lang>.yaml``.
Notebook Markdown is written in English in the notebook itself; its cells carry a tag
``i18n:<key>`` and the German text lives under ``md.<key>`` in ``de.yaml``
(see :func:`markdown_for`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import string
from collections.abc import Mapping
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
def detail_templates(lang: str) -> dict[str, dict[str, Any]]:
    """``i18n/details.<lang>.yaml``: detail_key -> ``{"text", "none", "items"}``."""
    path = resources.files("gdpr_audit.report").joinpath("i18n", f"details.{check_lang(lang)}.yaml")
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    out: dict[str, dict[str, Any]] = {}
    for key, entry in data.items():
        entry = {"text": entry} if isinstance(entry, str) else dict(entry)
        out[str(key)] = {"text": str(entry["text"]), "none": dict(entry.get("none") or {}),
                         "items": dict(entry.get("items") or {})}
    return out


_ISO_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")


class _DetailFormatter(string.Formatter):
    """Numbers per the language (``{hours:.1f}`` -> ``80,5`` in German), the rest as text."""

    def __init__(self, lang: str) -> None:
        self.comma = catalog(lang)["format.separators"] == ",."

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, int | float) and not isinstance(value, bool):
            text = format(value, format_spec) if format_spec else str(value)
            if self.comma:
                text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
            return text
        return format(value, format_spec)


def _param_value(name: str, value: Any, lang: str) -> Any:
    """One param as the language shows it (numbers stay numbers for their format spec).
    Vocabulary is translated for other languages; English keeps the stored codes, as the
    prose in ``detail`` does."""
    if isinstance(value, str):
        if name in _DETAIL_VOCABULARY and lang != "en":
            return label(f"{_DETAIL_VOCABULARY[name]}.{value}", lang, value)
        if name == "entities" and lang != "en":
            return ", ".join(label(f"entity.{e.strip()}", lang, e.strip())
                             for e in value.split(","))
        if _ISO_ONLY.fullmatch(value):
            return format_date(value, lang)
    return value


def render_detail(detail_key: str, params: Mapping[str, Any] | str | None, lang: str, *,
                  subject_ref: str | None = None, record_ref: str | None = None) -> str | None:
    """A finding's wording in ``lang`` from its ``detail_key`` and ``params``
    (``i18n/details.<lang>.yaml``); None when the key has no template there.

    ``subject_ref`` is put in front (``betroffene Person S-…: ``) unless the record is the
    subject itself. A param missing or NULL takes the template's ``none`` words (``?``
    without).
    """
    entry = detail_templates(lang).get(str(detail_key))
    if entry is None:
        return None
    given = json.loads(params) if isinstance(params, str) else dict(params or {})
    values: dict[str, Any] = {}
    for name, value in given.items():
        if isinstance(value, list):
            value = ", ".join(_render_item(entry["items"].get(name) or {}, item, lang)
                              for item in value)
        values[name] = _param_value(name, value, lang)
    fields = {f for _, f, _, _ in string.Formatter().parse(entry["text"]) if f}
    for name in fields:
        if values.get(name) is None:
            values[name] = entry["none"].get(name, "?")
    text = _DetailFormatter(lang).format(entry["text"], **values)
    if isinstance(subject_ref, str) and subject_ref and subject_ref != record_ref:
        text = t("report.detail_subject", lang, ref=subject_ref) + text
    return text


def _render_item(templates: Mapping[str, str], item: Any, lang: str) -> str:
    if not isinstance(item, Mapping) or str(item.get("kind")) not in templates:
        return str(item)
    values = {k: _param_value(k, v, lang) for k, v in item.items()}
    return _DetailFormatter(lang).format(templates[str(item["kind"])], **values)


def finding_text(check_id: str, detail: Any, lang: str, *, detail_key: Any = None,
                 params: Any = None, subject_ref: Any = None, record_ref: Any = None) -> Any:
    """The text of a stored finding in ``lang``: rendered from ``detail_key`` + ``params``
    (:func:`render_detail`); for a row without them (an audit database written before
    they existed) the stored prose, translated by :func:`localise_detail`."""
    if isinstance(detail_key, str) and detail_key and isinstance(params, str | Mapping):
        text = render_detail(detail_key, params, lang,
                             subject_ref=subject_ref if isinstance(subject_ref, str) else None,
                             record_ref=record_ref if isinstance(record_ref, str) else None)
        if text is not None:
            return text
    return detail if lang == "en" else localise_detail(check_id, detail, lang)


def finding_texts(frame: Any, lang: str) -> list[Any]:
    """:func:`finding_text` of every row of a findings DataFrame (``check_id``, ``detail``
    and, where stored, ``detail_key``, ``params``, ``subject_ref``, ``record_ref``)."""
    def col(name: str) -> list[Any]:
        return list(frame[name]) if name in frame.columns else [None] * len(frame)

    return [finding_text(c, d, lang, detail_key=k, params=p, subject_ref=s, record_ref=r)
            for c, d, k, p, s, r in zip(col("check_id"), col("detail"), col("detail_key"),
                                        col("params"), col("subject_ref"), col("record_ref"),
                                        strict=True)]


@cache
def _detail_rules(lang: str) -> dict[str, list[tuple[re.Pattern[str], str, dict[str, str]]]]:
    """The fallback detail patterns of ``details_fallback.<lang>.yaml`` (none for English):
    German for the English prose of findings stored without ``detail_key``."""
    path = resources.files("gdpr_audit.report").joinpath("i18n",
                                                         f"details_fallback.{lang}.yaml")
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
    ``i18n/details_fallback.<lang>.yaml`` rewritten, vocabulary translated; unchanged when no
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
