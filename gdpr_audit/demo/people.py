"""Contacts of the demo CRM: English/international (`crm/contacts.csv`) and German
(`crm/kontakte_de.csv`), plus the ids of subjects whose erasure was completed.

The frame holds typed values (UTC timestamps, dates, booleans); the writers format
them per file. Free-text truth is kept next to the text.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from gdpr_audit.demo import identifiers, texts, timeutil, vocab
from gdpr_audit.demo.context import DemoContext

EN_COUNTRIES = ("US", "GB", "FR", "BE", "IE", "NL", "DE", "AT")
EN_COUNTRY_P = (0.28, 0.28, 0.12, 0.07, 0.06, 0.07, 0.08, 0.04)
#: Share of free-text kinds (harmless, pii, special, decoy) in Description/Bemerkung.
TEXT_SHARES = (0.80, 0.08, 0.08, 0.04)
EARLIEST_CREATED = "2015-01-05"


@dataclass
class Contacts:
    """All contacts (``frame``, one row per subject) and ids erased without a trace."""

    frame: pd.DataFrame
    erased_ids: list[str]


class ContactPool:
    """Hands out contacts for planted cases and edge cases, each contact at most once.

    Contacts taken here are ``reserved``: the generators of the other tables leave
    them out of anything that could make them violate a second check.
    """

    def __init__(self, frame: pd.DataFrame, rng: np.random.Generator) -> None:
        self.frame = frame
        self._order = rng.permutation(len(frame))
        self._pos = 0

    def take(self, k: int, where: np.ndarray | pd.Series | None = None) -> np.ndarray:
        """Row positions of ``k`` unreserved contacts satisfying ``where``; reserves them."""
        if k <= 0:
            return np.empty(0, dtype=np.int64)
        ok = ~self.frame["reserved"].to_numpy()
        if where is not None:
            ok &= np.asarray(where, dtype=bool)
        candidates = self._order[ok[self._order]]
        if len(candidates) < k:
            raise ValueError(f"demo too small: needed {k} contacts, {len(candidates)} left")
        chosen = np.sort(candidates[:k])
        self.frame.loc[self.frame.index[chosen], "reserved"] = True
        return chosen


def _pick(rng: np.random.Generator, values: tuple, n: int) -> np.ndarray:
    return np.asarray(values, dtype=object)[rng.integers(0, len(values), n)]


def _ids(rng: np.random.Generator, n: int, ghosts: int, fmt: str) -> tuple[list[str], list[str]]:
    numbers = np.arange(1, n + ghosts + 1)
    ghost_pos = np.sort(rng.choice(n + ghosts, size=ghosts, replace=False))
    keep = np.ones(n + ghosts, dtype=bool)
    keep[ghost_pos] = False
    return [fmt.format(i) for i in numbers[keep]], [fmt.format(i) for i in numbers[ghost_pos]]


def _postcode(rng: np.random.Generator, pattern: str) -> str:
    out = []
    for ch in pattern:
        if ch == "#":
            out.append(str(int(rng.integers(0, 10))))
        elif ch == "A":
            out.append("ABDEFHJLNPRSTUWXY"[int(rng.integers(0, 17))])
        else:
            out.append(ch)
    return "".join(out)


def _companies(rng: np.random.Generator, n: int, forms: tuple) -> np.ndarray:
    stems = _pick(rng, vocab.COMPANY_STEMS, n)
    trades = _pick(rng, vocab.COMPANY_TRADES, n)
    legal = _pick(rng, forms, n)
    return pd.Series(stems).str.cat([pd.Series(trades), pd.Series(legal)], sep=" ").to_numpy(object)


def _emails(first: np.ndarray, last: np.ndarray, ids: list[str], domains: np.ndarray) -> np.ndarray:
    local = pd.Series(
        [
            identifiers.ascii_local_part(f) + "." + identifiers.ascii_local_part(s)
            for f, s in zip(first, last, strict=True)
        ]
    )
    dup = local.duplicated(keep="first").to_numpy()
    suffix = pd.Series([i.lstrip("CK-").lstrip("0") for i in ids])
    local = local.where(~dup, local + suffix)
    return (local + "@" + pd.Series(domains)).to_numpy(object)


def _frame(ctx: DemoContext, n: int, ghosts: int, german: bool) -> tuple[pd.DataFrame, list[str]]:
    rng = ctx.rng("contacts_de" if german else "contacts_en")
    ids, erased = _ids(rng, n, ghosts, "K-{:06d}" if german else "C{:07d}")
    if german:
        country = np.where(rng.random(n) < 0.88, "DE", "AT").astype(object)
        first = _pick(rng, vocab.FIRST_DE, n)
        last = _pick(rng, vocab.LAST_DE, n)
        domains = _pick(rng, identifiers.EMAIL_DOMAINS_DE, n)
    else:
        country = np.asarray(EN_COUNTRIES, dtype=object)[
            rng.choice(len(EN_COUNTRIES), n, p=EN_COUNTRY_P)
        ]
        de_like = np.isin(country, ("DE", "AT"))
        first = np.where(de_like, _pick(rng, vocab.FIRST_DE, n), _pick(rng, vocab.FIRST_EN, n))
        last = np.where(de_like, _pick(rng, vocab.LAST_DE, n), _pick(rng, vocab.LAST_EN, n))
        domains = _pick(rng, identifiers.EMAIL_DOMAINS_EN, n)
    streets, postcodes, cities, phones = [], [], [], []
    for c in country:
        if german:
            table = vocab.CITIES_DE if c == "DE" else vocab.CITIES_AT
            city, lo, hi, area = table[int(rng.integers(len(table)))]
            number = f"{int(rng.integers(1, 140))}{'' if rng.random() < 0.9 else 'a'}"
            streets.append(f"{vocab.STREETS_DE[int(rng.integers(len(vocab.STREETS_DE)))]} {number}")
            postcodes.append(
                f"{int(rng.integers(lo, hi + 1)):05d}"
                if c == "DE"
                else str(int(rng.integers(lo, hi + 1)))
            )
        else:
            city, pattern = vocab.CITIES_INTL[c][int(rng.integers(len(vocab.CITIES_INTL[c])))]
            street = vocab.STREETS_EN[int(rng.integers(len(vocab.STREETS_EN)))]
            streets.append(f"{int(rng.integers(1, 400))} {street}")
            postcodes.append(_postcode(rng, pattern))
            area = None
        cities.append(city)
        phones.append(identifiers.phone_number(rng, c, area))
    created = timeutil.between(rng, EARLIEST_CREATED, ctx.as_of_ts - pd.Timedelta(days=30), n)
    customer = rng.random(n) < 0.4
    # Leads stay active within 23 months; customers may be quiet for years.
    recent = timeutil.later_of(created, ctx.as_of_ts - pd.Timedelta(days=700))
    lead_activity = timeutil.between(rng, recent, ctx.as_of_ts - pd.Timedelta(days=1))
    cust_activity = timeutil.between(rng, created, ctx.as_of_ts - pd.Timedelta(days=1))
    activity = pd.DatetimeIndex(np.where(customer, cust_activity, lead_activity))
    activity = pd.Series(activity).where(~(customer & (rng.random(n) < 0.05)))
    birth = pd.Series(timeutil.between(rng, "1950-01-01", "2000-12-31", n).normalize())
    birth = birth.where(rng.random(n) < 0.65)
    contract_end = pd.Series(
        timeutil.between(rng, ctx.as_of_ts, ctx.as_of_ts + pd.Timedelta(days=1100), n).normalize()
    )
    contract_end = contract_end.where(customer & (rng.random(n) < 0.6))
    langs = np.full(n, "de" if german else "en", dtype=object)
    has_text = rng.random(n) < 0.35
    bodies, truths = texts.free_texts(rng, langs[has_text], TEXT_SHARES)
    text = np.full(n, "", dtype=object)
    text[has_text] = bodies
    truth = np.full(n, None, dtype=object)
    truth[has_text] = truths
    order_year = rng.integers(2019, ctx.as_of.year + 1, n)
    frame = pd.DataFrame(
        {
            "contact_id": ids,
            "file": "de" if german else "en",
            "lang": langs,
            "first_name": first,
            "last_name": last,
            "email": _emails(first, last, ids, domains),
            "phone": phones,
            "street": streets,
            "postcode": postcodes,
            "city": cities,
            "country": country,
            "birth_date": birth.array,
            "company": _companies(rng, n, vocab.LEGAL_FORMS_DE if german else vocab.LEGAL_FORMS_EN),
            "created_at": created,
            "last_activity_at": activity.array,
            "contract_end": contract_end.array,
            "is_customer": customer,
            "lead_source": _pick(rng, vocab.LEAD_SOURCES, n),
            "text": text,
            "text_truth": truth,
            "order_no": [
                f"SO-{y}-{int(v):06d}"
                for y, v in zip(order_year, rng.integers(1, 999999, n), strict=True)
            ],
            "product_code": [
                f"{p}-{int(v):05d}-{e}"
                for p, v, e in zip(
                    _pick(rng, vocab.PRODUCTS, n),
                    rng.integers(10000, 99999, n),
                    _pick(rng, vocab.PRODUCT_EDITIONS, n),
                    strict=True,
                )
            ],
            "campaign": _pick(rng, vocab.CAMPAIGNS, n),
            "modified_at": timeutil.between(rng, created, ctx.as_of_ts - pd.Timedelta(hours=1)),
            "revenue": np.where(customer, np.round(rng.gamma(2.0, 9000.0, n), 2), 0.0),
            "reserved": False,
        }
    )
    frame.loc[~customer, "order_no"] = ""
    # More trap columns (numbers that look like phones or postcodes), from their own stream.
    extra = ctx.rng("contacts_traps_de" if german else "contacts_traps_en")
    frame["external_id"] = extra.integers(10_000_000, 100_000_000, n).astype(str)
    frame["order_amount"] = np.where(customer, np.round(extra.gamma(2.0, 700.0, n), 2), np.nan)
    frame["debitor"] = extra.integers(10_000, 70_000, n).astype(str)
    if german:
        frame["salutation"] = np.where(np.isin(first, vocab.FEMALE_DE), "Frau", "Herr")
        frame["konfession"] = np.asarray(("ev", "rk", "", "", "ak", "jd"), dtype=object)[
            rng.choice(6, n, p=(0.26, 0.24, 0.24, 0.24, 0.01, 0.01))
        ]
        frame["iban"] = [
            identifiers.iban_de(rng) if c and rng.random() < 0.6 else "" for c in customer
        ]
        frame["tax_id"] = [
            identifiers.tax_id_de(rng) if rng.random() < 0.3 else "" for _ in range(n)
        ]
    return frame, erased


def make_contacts(ctx: DemoContext) -> Contacts:
    """All demo contacts: ~70 % in the English file, ~30 % in the German one."""
    n_en = int(round(ctx.n_contacts * 0.7))
    n_de = ctx.n_contacts - n_en
    ghosts = max(2, ctx.n_contacts // 2500)
    g_de = max(1, ghosts * 3 // 10)
    en, erased_en = _frame(ctx, n_en, ghosts - g_de, german=False)
    de, erased_de = _frame(ctx, n_de, g_de, german=True)
    frame = pd.concat([en, de], ignore_index=True)
    for col in ("salutation", "konfession", "iban", "tax_id"):
        frame[col] = frame[col].fillna("")
    return Contacts(frame=frame, erased_ids=erased_en + erased_de)


def plant_inactive(ctx: DemoContext, pool: ContactPool) -> None:
    """retention.inactive_contact plants: leads whose last activity is over 24 months old
    (every fourth has none recorded, so its creation date counts)."""
    frame = pool.frame
    positions = pool.take(
        ctx.plant_count("retention.inactive_contact"), ~frame["is_customer"].to_numpy()
    )
    rng = ctx.rng("inactive")
    idx = frame.index[positions]
    cutoff = ctx.as_of_ts - pd.Timedelta(days=800)
    for i, row in enumerate(idx):
        created = min(
            frame.at[row, "created_at"], cutoff - pd.Timedelta(days=int(rng.integers(30, 600)))
        )
        frame.at[row, "created_at"] = created
        frame.at[row, "modified_at"] = created
        if i % 4 == 3:
            frame.at[row, "last_activity_at"] = pd.NaT
        else:
            share = float(rng.uniform(0.1, 0.9))
            frame.at[row, "last_activity_at"] = created + (cutoff - created) * share
    ctx.plant("retention.inactive_contact", frame.loc[idx, "contact_id"])
