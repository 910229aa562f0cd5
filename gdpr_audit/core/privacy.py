"""Privacy helpers: pseudonymous ids and masked hints.

Raw personal data never leaves these helpers in clear text; use them for
anything that ends in logs, exceptions, findings, figures or reports.
"""

from __future__ import annotations

import hashlib

PSEUDONYM_LENGTH = 12


def pseudonym(value: object, salt: str, prefix: str = "S") -> str:
    """A stable, non-reversible id such as ``S-3fa2b1c9e0d4`` for ``value``.

    ``sha256(salt + "|" + value)``, truncated; :func:`pseudonym_sql` is the same
    expression in DuckDB, so ids computed in SQL and in Python agree. Keep the salt
    secret (``GDPR_AUDIT_SALT``) to make ids unlinkable outside the audit.
    """
    digest = hashlib.sha256(f"{salt}|{value}".encode()).hexdigest()
    return f"{prefix}-{digest[:PSEUDONYM_LENGTH]}"


def pseudonym_sql(expr: str, salt_param: str = "$salt", prefix: str = "S") -> str:
    """DuckDB SQL computing :func:`pseudonym` of ``expr``.

    ``expr`` must be a trusted SQL expression (a quoted column); the salt always
    travels as a parameter.
    """
    return (
        f"('{prefix}-' || substr(sha256({salt_param} || '|' || CAST({expr} AS VARCHAR)), 1, "
        f"{PSEUDONYM_LENGTH}))"
    )


def mask_text(value: str, keep: int = 1) -> str:
    """Keep the first ``keep`` characters of each word, star the rest: ``Jürgen`` -> ``J***``."""
    parts = []
    for word in value.split():
        parts.append(word[:keep] + "***" if len(word) > keep else "***")
    return " ".join(parts) if parts else "***"


def mask_email(value: str) -> str:
    """``jane.doe@example.de`` -> ``j***@e***.de``."""
    if "@" not in value:
        return mask_text(value)
    local, _, domain = value.partition("@")
    host, _, tld = domain.rpartition(".")
    if not host:
        host, tld = domain, ""
    masked = f"{local[:1]}***@{host[:1]}***"
    return f"{masked}.{tld}" if tld else masked


def mask_digits(value: str, keep_last: int = 2) -> str:
    """``DE89370400440532013000`` -> ``DE********************00``: letters kept, digits starred."""
    digits_seen = sum(ch.isdigit() for ch in value)
    out = []
    for ch in value:
        if ch.isdigit():
            digits_seen -= 1
            out.append(ch if digits_seen < keep_last else "*")
        else:
            out.append(ch if ch.isalpha() and ch.isupper() else ("*" if ch.isalnum() else ch))
    return "".join(out)


def mask_hint(value: str, entity: str | None = None) -> str:
    """A masked hint suitable for reports, chosen by entity type."""
    if entity == "EMAIL_ADDRESS" or "@" in value:
        return mask_email(value)
    if any(ch.isdigit() for ch in value) and sum(ch.isdigit() for ch in value) >= len(value) / 2:
        return mask_digits(value)
    return mask_text(value)
