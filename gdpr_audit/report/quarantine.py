"""Why records were quarantined, worded in the report's language.

The loader stores a reason code and its parameters next to the English prose
(``load_quarantine.reason_code``, ``reason_params``; codes in
:mod:`gdpr_audit.load.readers.reasons`). The report words the code from
``quarantine_reason.<code>`` in ``i18n/<lang>.yaml`` and never shows the stored prose in
another language. A database loaded before the codes existed shows its prose in English
and a note to load again in German.
"""

from __future__ import annotations

import json
import string
from collections.abc import Mapping
from typing import Any

import pandas as pd

from gdpr_audit.core.db import columns_of, run_sql
from gdpr_audit.report.i18n import catalog, label, number

_PREFIX = "quarantine_reason."


def reason_text(code: str | None, params: Mapping[str, Any] | str | None, prose: str,
                lang: str) -> str:
    """One quarantine reason in ``lang``.

    Args:
        code: ``reason_code`` (None: loaded by an older version).
        params: ``reason_params`` as stored (JSON text) or a mapping.
        prose: the stored English ``reason``, shown as it is in English reports only.
    """
    if code is None:
        return prose if lang == "en" else catalog(lang)[_PREFIX + "legacy"]
    values = dict(json.loads(params) if isinstance(params, str) else (params or {}))
    also = [str(c) for c in values.pop("also", []) or []]
    text = _word(code, values, lang)
    return "; ".join([text, *(_word(c, {}, lang) for c in also)])


def _word(code: str, values: Mapping[str, Any], lang: str) -> str:
    texts = catalog(lang)
    key = _PREFIX + code
    if key not in texts:  # a code of a newer loader
        return texts[_PREFIX + "unknown"].format(code=code)
    shown = {k: _shown(k, v, lang) for k, v in values.items()}
    wanted = {f for _, f, _, _ in string.Formatter().parse(texts[key]) if f}
    if wanted - shown.keys():  # parameters not recorded (e.g. no field counts)
        key += "_short"
    return texts[key].format(**shown)


def _shown(name: str, value: Any, lang: str) -> str:
    if name == "json_type":
        return label(f"json_type.{value}", lang, str(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return number(value, lang)
    return str(value)


def quarantine_reasons(con: Any, lang: str) -> pd.DataFrame:
    """Quarantined records per file and reason, worded in ``lang``: ``path, reason, records``."""
    if {"reason_code", "reason_params"} <= set(columns_of(con, "load_quarantine")):
        rows = run_sql(con, "report", "quarantine_reasons").df()
    else:  # loaded before reason codes existed
        rows = con.execute(
            "SELECT path, NULL AS reason_code, NULL AS reason_params, reason, count(*) AS records "
            "FROM load_quarantine GROUP BY ALL ORDER BY records DESC, path, reason"
        ).df()
    rows["reason"] = [
        reason_text(None if pd.isna(r.reason_code) else r.reason_code,
                    None if pd.isna(r.reason_params) else r.reason_params, r.reason, lang)
        for r in rows.itertuples(index=False)
    ]
    # one row per worded reason: codes with other parameters stay apart, same words merge
    merged = rows.groupby(["path", "reason"], as_index=False, sort=False)["records"].sum()
    return merged.sort_values(["records", "path", "reason"], ascending=[False, True, True],
                              ignore_index=True)
