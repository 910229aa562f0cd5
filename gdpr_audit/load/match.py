"""Header matching: normalised header keys and how vendor-specific a profile's match is.

Exports spell one field many ways: ``E-Mail-Adresse``, ``e_mail_adresse``,
``EmailAddress``, ``Straße`` / ``Strasse``, a vendor's label (``First Name``) or its
API name (``FirstName``, ``first_name``, ``Customer_Number__c``). :func:`header_key`
maps all of them to one key, and every comparison of a profile's header with a raw
column goes through it.

A vendor profile may only claim a table on headers that are its own. Headers that
the generic mapping knows (``generic_headers.yaml``) or that several profiles read
(``Id``, ``Email``, ``MailingCity``) are *generic*: they never suffice alone
(docs/data-model.md, "Detection").
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe",
                          "Ü": "Ue"})
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
#: Object prefixes of report and CRM exports: ``Person - Email``, ``Contact: Email``.
_OBJECT_SEP = re.compile(r"\s+-\s+|\s*:\s+|\s*>\s*")
#: Salesforce-style API suffixes of custom fields (``Customer_Number__c``).
_API_SUFFIX = re.compile(r"__(c|pc|r|x)$", re.IGNORECASE)


def header_words(header: str) -> str:
    """``'E-Mail-Adresse'`` -> ``'e mail adresse'``; ``'FirstName'`` -> ``'first name'``.

    Umlauts become their two-letter spellings (ä -> ae, ß -> ss), other accents are
    dropped, camelCase is split, and every run of other characters becomes one space.
    """
    text = _API_SUFFIX.sub("", header.strip()).translate(_UMLAUTS)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = _CAMEL.sub(" ", text)
    return _NOT_WORD.sub(" ", text.lower()).strip()


def header_key(header: str) -> str:
    """The compact key two spellings of one header share: ``'firstname'``, ``'strasse'``."""
    return header_words(header).replace(" ", "")


def header_variants(header: str) -> tuple[str, ...]:
    """Keys to try for ``header``: the whole, and the part after an object prefix.

    ``'Person - Email - Work'`` -> ``('personemailwork', 'emailwork', 'email')``;
    ``'Contact: Last Name'`` -> ``('contactlastname', 'lastname')``.
    """
    keys = [header_key(header)]
    parts = [p for p in _OBJECT_SEP.split(header.strip()) if p.strip()]
    if len(parts) > 1:
        keys.append(header_key(" ".join(parts[1:])))
        keys.append(header_key(parts[1]))
    return tuple(dict.fromkeys(k for k in keys if k))


@dataclass(frozen=True)
class Strength:
    """How an entity's match on one table is made up (keys of present headers)."""

    specific: tuple[str, ...]  # vendor-specific headers the table has
    generic: tuple[str, ...]  # generic headers the table has
    coverage: float  # share of the table's headers the entity reads
    table_name: bool  # a ``match.tables`` pattern named the table

    @property
    def strong(self) -> bool:
        """Whether the profile may claim the table.

        Vendor-specific headers or a table-name rule make a claim; generic headers
        alone do not, unless the entity reads (nearly) the whole table: an export
        laid out exactly as the profile describes is that vendor's, not a handful of
        shared names.
        """
        if self.specific or self.table_name:
            return True
        return self.coverage >= FULL_COVERAGE and len(self.generic) >= MIN_FULL_HEADERS

    @property
    def score(self) -> tuple[int, int, float]:
        """Sort key: specific headers first, then all headers read, then coverage."""
        return (len(self.specific) + int(self.table_name), len(self.generic) + len(self.specific),
                self.coverage)


#: An entity reading this share of a table's headers claims it on generic headers too.
FULL_COVERAGE = 0.85
MIN_FULL_HEADERS = 4


class Specificity:
    """Which header keys are generic: known to the generic mapping or read by several profiles."""

    def __init__(self, generic_keys: Iterable[str], profile_headers: dict[str, set[str]]):
        counts: Counter[str] = Counter()
        for keys in profile_headers.values():
            counts.update(keys)
        self.generic_keys = frozenset(generic_keys)
        self.shared_keys = frozenset(k for k, n in counts.items() if n >= 2)

    def is_generic(self, key: str) -> bool:
        return key in self.generic_keys or key in self.shared_keys

    def strength(
        self, used: AbstractSet[str], table_keys: AbstractSet[str], table_name_hit: bool
    ) -> Strength:
        """``used``: keys the entity reads or matches on; ``table_keys``: the table's keys."""
        data_keys = {k for k in table_keys if k not in ("sourcefile", "recordno")}
        present = used & data_keys
        coverage = len(present) / len(data_keys) if data_keys else 0.0
        return Strength(
            specific=tuple(sorted(k for k in present if not self.is_generic(k))),
            generic=tuple(sorted(k for k in present if self.is_generic(k))),
            coverage=coverage,
            table_name=table_name_hit,
        )
