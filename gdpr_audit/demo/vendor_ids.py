"""Record ids as the vendors write them: Salesforce 18-character ids, Mailchimp LEID/EUID.

Salesforce: a 3-character key prefix per object (``003`` Contact, ``001`` Account,
``0PK`` Individual, ``0ZY`` ContactPointTypeConsent, ``0ZW`` DataUsePurpose, ``00T``
Task, ``500`` Case), then instance and record number (15 case-sensitive characters),
then the 3-character case-safe suffix Salesforce computes from the upper-case letters
of each block of five.
"""

from __future__ import annotations

import hashlib

import numpy as np

_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_SUFFIX = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
#: Pod and instance part of the fictitious org (after the key prefix).
_INSTANCE = "5g000"


def sf_suffix(id15: str) -> str:
    """The case-safe suffix that turns a 15-character Salesforce id into 18 characters."""
    out = ""
    for block in range(3):
        bits = 0
        for i, ch in enumerate(id15[block * 5 : block * 5 + 5]):
            if "A" <= ch <= "Z":
                bits |= 1 << i
        out += _SUFFIX[bits]
    return out


def sf_id(prefix: str, number: int) -> str:
    """``sf_id("003", 1)`` -> ``0035g00000000001AAA`` shape: prefix, instance, number, suffix."""
    digits = ""
    n = number
    for _ in range(7):
        n, r = divmod(n, 62)
        digits = _BASE62[r] + digits
    id15 = f"{prefix}{_INSTANCE}{digits}"
    return id15 + sf_suffix(id15)


def sf_ids(prefix: str, count: int, start: int = 1) -> np.ndarray:
    """``count`` consecutive ids of one object, as an object array."""
    return np.asarray([sf_id(prefix, start + i) for i in range(count)], dtype=object)


def euid(seed: int, key: str) -> str:
    """Mailchimp's account-wide member id (EUID): 10 hex characters, stable per person."""
    return hashlib.sha256(f"{seed}|{key}".encode()).hexdigest()[:10]
