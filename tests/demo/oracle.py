"""An independent re-implementation of docs/checks.md over the demo *files*.

It reads what `gdpr-audit demo` wrote with pandas/openpyxl only (no import of the
generator's internals) and returns the refs each check would flag, so tests can
compare them with the truth manifest: planted records must be flagged by exactly
their check, and nothing else may be flagged.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import load_workbook

BERLIN = "Europe/Berlin"
AGE = {"DE": 16, "FR": 15, "AT": 14, "BE": 13}
POLICY_YEARS = {"annual_statement": 10, "voucher": 8, "invoice": 8, "business_letter": 6}
ROLLING_YEARS = {"ticket": 3, "note": 3}
SPECIAL_FREE_TEXT = {
    ("crm__notes", "body"),
    ("crm__contacts", "Description"),
    ("crm__kontakte_de", "Bemerkung"),
}


def _utc(values, fmt: str | None = None) -> pd.Series:
    return pd.to_datetime(pd.Series(values, dtype=object), errors="coerce", utc=True, format=fmt)


def _iso(values) -> pd.Series:
    return _utc(values, "%Y-%m-%dT%H:%M:%SZ")


def _text(values) -> pd.Series:
    return pd.Series(values, dtype=object).fillna("").astype(str).str.strip()


def read_demo(out: Path) -> dict[str, pd.DataFrame]:
    """Every demo file as a DataFrame of text (what a loader sees)."""
    csv = dict(dtype=str, keep_default_na=False)
    data = {
        "contacts_en": pd.read_csv(out / "crm/contacts.csv", **csv),
        "contacts_de": pd.read_csv(out / "crm/kontakte_de.csv", sep=";", encoding="cp1252", **csv),
        "consents": pd.read_csv(out / "crm/consents.csv", encoding="utf-8-sig", **csv),
        "sends": pd.read_parquet(out / "marketing/sends.parquet"),
        "permissions": pd.read_csv(out / "admin/role_permissions.csv", **csv),
        "users": pd.read_csv(out / "admin/users.csv", **csv),
        "changes": pd.read_csv(out / "privacy/contact_changes.tsv", sep="\t", **csv),
        "records": pd.read_csv(out / "finance/records.csv", sep="|", **csv),
        "scoring": pd.read_parquet(out / "analytics/scoring_runs.parquet"),
    }
    data["notes"] = pd.json_normalize(
        [json.loads(x) for x in (out / "crm/notes.jsonl").read_text("utf-8").splitlines()]
    )
    data["access_log"] = pd.DataFrame(
        [json.loads(x) for x in (out / "admin/access_log.jsonl").read_text("utf-8").splitlines()]
    )
    data["roles"] = pd.DataFrame(json.loads((out / "admin/roles.json").read_text("utf-8")))
    data["breaches"] = pd.json_normalize(
        json.loads((out / "privacy/breaches.json").read_text("utf-8"))
    )
    ws = load_workbook(out / "privacy/requests.xlsx", read_only=True)["requests"]
    rows = list(ws.values)
    data["requests"] = pd.DataFrame(rows[1:], columns=rows[0])
    return data


def _contacts(d: dict) -> pd.DataFrame:
    en, de = d["contacts_en"], d["contacts_de"]
    return pd.DataFrame(
        {
            "contact_id": pd.concat([en["Id"], de["Kundennummer"]], ignore_index=True),
            "email": pd.concat([en["Email"], de["E-Mail"]], ignore_index=True).str.lower(),
            "country": pd.concat([en["MailingCountry"], de["Land"]], ignore_index=True),
            "birth": pd.concat(
                [
                    pd.to_datetime(en["Birthdate"], errors="coerce", format="%Y-%m-%d"),
                    pd.to_datetime(de["Geburtsdatum"], errors="coerce", format="%d.%m.%Y"),
                ],
                ignore_index=True,
            ),
            "created": pd.concat(
                [_iso(en["CreatedDate"]), _berlin(de["Angelegt am"])], ignore_index=True
            ),
            "activity": pd.concat(
                [_iso(en["LastActivityDate"]), _berlin(de["Letzte Aktivität"])], ignore_index=True
            ),
            "customer": pd.concat(
                [en["IsCustomer"].eq("true"), de["Kunde"].eq("Ja")], ignore_index=True
            ),
        }
    )


def _berlin(values) -> pd.Series:
    local = pd.to_datetime(pd.Series(values), errors="coerce", format="%d.%m.%Y %H:%M")
    # Local times in the repeated hour of the October DST change are read as summer time.
    dst = np.ones(len(local), dtype=bool)
    return local.dt.tz_localize(BERLIN, ambiguous=dst, nonexistent="shift_forward").dt.tz_convert(
        "UTC"
    )


def _age(birth: pd.Series, day: pd.Series) -> pd.Series:
    before = (day.dt.month * 100 + day.dt.day) < (birth.dt.month * 100 + birth.dt.day)
    return day.dt.year - birth.dt.year - before.astype(int)


def consent_checks(d: dict, as_of: dt.date) -> dict[str, set[str]]:
    c = d["consents"].copy()
    c["given"] = _iso(c["given_at"])
    c["withdrawn"] = _iso(c["withdrawn_at"])
    is_consent = c["legal_basis"].eq("consent")
    out: dict[str, set[str]] = {}
    missing = (
        c["given"].isna() | _text(c["proof_source"]).eq("") | _text(c["notice_version"]).eq("")
    )
    out["consent.missing_proof"] = set(c.loc[is_consent & missing, "consent_id"])
    out["consent.no_double_opt_in"] = set(
        c.loc[
            is_consent
            & c["channel"].eq("email")
            & c["given"].notna()
            & _text(c["doi_confirmed_at"]).eq(""),
            "consent_id",
        ]
    )
    out["consent.coupled_with_contract"] = set(
        c.loc[is_consent & c["bundled_with_contract"].eq("true"), "consent_id"]
    )
    k = _contacts(d)
    out["consent.no_legal_basis"] = set(
        k.loc[~k["contact_id"].isin(c["contact_id"]) & ~k["customer"], "contact_id"]
    )
    m = c[is_consent & c["given"].notna() & ~c["parental_consent"].eq("true")].merge(
        k, on="contact_id"
    )
    m = m[m["birth"].notna()]
    local_day = m["given"].dt.tz_convert(BERLIN)
    limit = m["country"].map(AGE).fillna(16)
    out["consent.minor_without_parental_consent"] = set(
        m.loc[_age(m["birth"], local_day) < limit, "consent_id"]
    )
    s = d["sends"].copy()
    s["sent"] = _iso(s["sent_at"])
    valid = c[is_consent & c["given"].notna()]
    j = s.merge(valid, on=["contact_id", "purpose", "channel"], how="left")
    j["eligible"] = j["given"].notna() & (j["given"] <= j["sent"])
    j["still_valid"] = j["eligible"] & (j["withdrawn"].isna() | (j["withdrawn"] > j["sent"]))
    g = j.groupby("send_id").agg(eligible=("eligible", "any"), valid=("still_valid", "any"))
    out["consent.send_without_consent"] = set(g.index[~g["eligible"]])
    out["consent.send_after_withdrawal"] = set(g.index[g["eligible"] & ~g["valid"]])
    return out


def _requests(d: dict) -> pd.DataFrame:
    r = d["requests"].copy()

    def parse(v):
        if isinstance(v, dt.datetime):  # Excel date-time: Berlin wall clock
            return pd.Timestamp(v).tz_localize(BERLIN).tz_convert("UTC")
        return _iso([v]).iloc[0] if v else pd.NaT

    r["received"] = pd.to_datetime(r["Received"].map(parse), utc=True)
    r["completed"] = pd.to_datetime(r["Completed"].map(parse), utc=True)
    r["extended"] = r["Extended"].eq("yes")
    r["received_day"] = r["received"].dt.tz_convert(BERLIN).dt.tz_localize(None).dt.normalize()
    r["completed_day"] = r["completed"].dt.tz_convert(BERLIN).dt.tz_localize(None).dt.normalize()
    r["deadline"] = [
        day + pd.DateOffset(months=3 if ext else 1) if pd.notna(day) else pd.NaT
        for day, ext in zip(r["received_day"], r["extended"], strict=True)
    ]
    r["deadline"] = pd.to_datetime(r["deadline"])
    return r


def rights_checks(d: dict, as_of: dt.date) -> dict[str, set[str]]:
    r = _requests(d)
    today = pd.Timestamp(as_of)
    out: dict[str, set[str]] = {}
    out["rights.late_response"] = set(r.loc[r["completed_day"] > r["deadline"], "Request ID"])
    open_ = r["completed"].isna() & ~r["Status"].eq("rejected") & r["deadline"].notna()
    out["rights.open_overdue"] = set(r.loc[open_ & (today > r["deadline"]), "Request ID"])
    out["rights.open_due_soon"] = set(
        r.loc[
            open_ & (r["deadline"] >= today) & (r["deadline"] <= today + pd.Timedelta(days=7)),
            "Request ID",
        ]
    )
    out["rights.request_missing_date"] = set(r.loc[r["received"].isna(), "Request ID"])
    k = _contacts(d)
    seen = (
        set(k["contact_id"])
        | set(d["notes"]["contact_id"])
        | set(d["consents"]["contact_id"])
        | set(d["sends"]["contact_id"])
        | set(d["access_log"]["contact_id"].dropna())
        | set(d["changes"]["contact_id"])
        | set(d["records"]["contact_id"])
        | set(d["scoring"]["contact_id"])
    )
    erasure = r["Type"].eq("erasure") & r["completed"].notna()
    out["rights.erasure_not_effective"] = set(
        r.loc[erasure & r["Contact ID"].isin(seen), "Request ID"]
    )
    ch = d["changes"].assign(at=_iso(d["changes"]["changed_at"]))
    rect = r[r["Type"].eq("rectification") & r["completed"].notna()].merge(
        ch, left_on="Contact ID", right_on="contact_id", how="left"
    )
    rect["ok"] = (rect["at"] >= rect["received"]) & (rect["at"] <= rect["completed"])
    ok = rect.groupby("Request ID")["ok"].any()
    out["rights.rectification_without_change"] = set(ok.index[~ok])
    sc = d["scoring"].assign(at=_iso(d["scoring"]["run_at"]))
    se = d["sends"].assign(at=_iso(d["sends"]["sent_at"]))
    activity = pd.concat(
        [sc[["contact_id", "at", "kind"]], se[["contact_id", "at"]].assign(kind="send")]
    )
    obj = r[r["Type"].eq("objection") & r["received"].notna()].merge(
        activity, left_on="Contact ID", right_on="contact_id"
    )
    out["rights.processing_after_objection"] = set(
        obj.loc[obj["at"] > obj["received"], "Request ID"]
    )
    opt = r[r["Type"].eq("automated_decision_optout") & r["received"].notna()].merge(
        sc[sc["kind"].eq("automated_decision")], left_on="Contact ID", right_on="contact_id"
    )
    out["rights.automated_decision_after_optout"] = set(
        opt.loc[opt["at"] > opt["received"], "Request ID"]
    )
    return out


def retention_checks(d: dict, as_of: dt.date) -> dict[str, set[str]]:
    rec = d["records"].copy()
    rec["created"] = _iso(rec["created_at"])
    today = pd.Timestamp(as_of, tz="UTC")
    out: dict[str, set[str]] = {}
    known = set(POLICY_YEARS) | set(ROLLING_YEARS)
    out["retention.no_policy"] = set(rec.loc[~rec["record_type"].isin(known), "record_type"])
    out["retention.missing_date"] = set(
        rec.loc[rec["created"].isna() & rec["record_type"].isin(known), "record_id"]
    )
    end = []
    for t, c in zip(rec["record_type"], rec["created"], strict=True):
        if pd.isna(c) or t not in known:
            end.append(pd.NaT)
        elif t in POLICY_YEARS:
            end.append(
                pd.Timestamp(dt.datetime(c.year + POLICY_YEARS[t], 12, 31, 23, 59, 59), tz="UTC")
            )
        else:
            end.append(c + pd.DateOffset(years=ROLLING_YEARS[t]))
    rec["end"] = pd.to_datetime(end, utc=True)
    out["retention.past_period"] = set(
        rec.loc[(today > rec["end"]) & ~rec["legal_hold"].eq("true"), "record_id"]
    )
    k = _contacts(d)
    r = _requests(d)
    open_req = set(r.loc[r["Status"].isin(["open", "in_progress"]), "Contact ID"])
    last = k["activity"].fillna(k["created"])
    stale = (
        ~k["customer"] & (last < today - pd.DateOffset(months=24)) & ~k["contact_id"].isin(open_req)
    )
    out["retention.inactive_contact"] = set(k.loc[stale, "contact_id"])
    return out


def access_checks(
    d: dict, as_of: dt.date, special_columns: dict[tuple[str, str], set[str]]
) -> dict[str, set[str]]:
    """``special_columns``: (raw table, column) -> special categories (from the column truth)."""
    p = d["permissions"]
    out: dict[str, set[str]] = {}
    refs = set()
    for row in p.itertuples(index=False):
        if row.read != "1":
            continue
        if row.object.startswith("raw."):
            reached = (
                [(row.object[4:], row.field)]
                if row.field != "*"
                else [k for k in special_columns if k[0] == row.object[4:]]
            )
        elif row.object in ("notes", "*") and row.field in ("body", "*"):
            reached = sorted(SPECIAL_FREE_TEXT)
        else:
            reached = []
        for table, col in reached:
            for cat in special_columns.get((table, col), ()):
                allowed = {"dpo", "hr"} if cat == "HEALTH" else {"dpo"}
                if row.role_id not in allowed:
                    refs.add(f"{row.role_id}|raw.{table}|{col}")
    out["access.special_category_outside_allowlist"] = refs
    u = d["users"].copy()
    u["last"] = _iso(u["last_login"])
    u["off"] = _iso(u["deactivated_at"])
    privileged = set(d["roles"].loc[d["roles"]["is_admin"], "role_id"]) | set(
        p.loc[p["export"].eq("1"), "role_id"]
    )
    today = pd.Timestamp(as_of, tz="UTC")
    dormant = (
        u["active"].eq("true")
        & u["role_id"].isin(privileged)
        & (u["last"].isna() | (u["last"] < today - pd.Timedelta(days=90)))
    )
    out["access.dormant_privileged_user"] = set(u.loc[dormant, "user_id"])
    log = d["access_log"].copy()
    log["at"] = _iso(log["ts"])
    j = log.merge(u[["user_id", "off"]], on="user_id")
    out["access.access_by_deactivated_user"] = set(
        j.loc[j["off"].notna() & (j["at"] > j["off"]), "user_id"]
    )
    out["access.bulk_export"] = set(
        log.loc[log["action"].eq("export") & (log["records"] >= 1000), "event_id"]
    )
    local = log["at"].dt.tz_convert(BERLIN)
    minutes = local.dt.hour * 60 + local.dt.minute
    import holidays  # German nationwide public holidays: the check's default calendar

    years = range(int(local.dt.year.min()), int(local.dt.year.max()) + 1)
    holiday = local.dt.date.isin(set(holidays.country_holidays("DE", years=years)))
    outside = (
        (local.dt.dayofweek >= 5) | holiday | (minutes < 7 * 60) | (minutes >= 20 * 60)
    )
    counts = log[outside].groupby("user_id").size()
    out["access.off_hours"] = set(counts.index[counts >= 5])
    return out


def breach_checks(d: dict, as_of: dt.date) -> dict[str, set[str]]:
    b = d["breaches"].copy()
    det = _iso(b["detected_at"])
    auth = _iso(b["notification.authority_at"])
    subj = _iso(b["notification.subjects_at"])
    reason = _text(b["notification.delay_reason"])
    h72 = pd.Timedelta(hours=72)
    today = pd.Timestamp(as_of, tz="UTC")
    out = {
        "breach.late_notification": set(b.loc[(auth - det > h72) & reason.eq(""), "breach_id"]),
        "breach.not_notified": set(
            b.loc[~b["risk_level"].eq("none") & auth.isna() & (today - det > h72), "breach_id"]
        ),
        "breach.subjects_not_notified": set(
            b.loc[b["risk_level"].eq("high") & subj.isna(), "breach_id"]
        ),
        "breach.incomplete_record": set(
            b.loc[
                det.isna()
                | _text(b["risk_level"]).eq("")
                | b["affected"].isna()
                | _text(b["category"]).eq(""),
                "breach_id",
            ]
        ),
    }
    return out


def all_checks(out_dir: Path, as_of: dt.date, special_columns: dict) -> dict[str, set[str]]:
    d = read_demo(out_dir)
    found: dict[str, set[str]] = {}
    for fn in (consent_checks, rights_checks, retention_checks, breach_checks):
        found.update(fn(d, as_of))
    found.update(access_checks(d, as_of, special_columns))
    return found
