"""Privacy helpers: pseudonymous ids and masked hints.

Raw personal data never leaves these helpers in clear text; use them for
anything that ends in logs, exceptions, findings, figures or reports.

Pseudonyms are keyed hashes (HMAC-SHA-256) under a secret salt: the per-database
salt of :func:`gdpr_audit.core.db.audit_salt` unless ``GDPR_AUDIT_SALT`` overrides it.
Whoever holds a report but not the database cannot link an ``S-…`` id back to a
contact by hashing candidate ids (docs/privacy.md has the threat model).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

PSEUDONYM_LENGTH = 12
#: Bytes of a generated salt (256 bits, written as 64 hex characters).
SALT_BYTES = 32
#: HMAC-SHA-256 block size, inner and outer pad bytes (RFC 2104).
_BLOCK = 64
_IPAD, _OPAD = 0x36, 0x5C


def new_salt() -> str:
    """A fresh random salt (64 hex characters) for a new audit database."""
    return secrets.token_hex(SALT_BYTES)


def _key(salt: str) -> bytes:
    # The HMAC key is sha256(salt): always 32 bytes, so the SQL twin pads it the same
    # way whatever the length of the salt (RFC 2104 would hash only keys over 64 bytes).
    return hashlib.sha256(salt.encode()).digest()


def pseudonym(value: object, salt: str, prefix: str = "S") -> str:
    """A stable, non-reversible id such as ``S-3fa2b1c9e0d4`` for ``value``.

    ``HMAC-SHA-256(key=sha256(salt), message=str(value))``, hex, truncated to
    :data:`PSEUDONYM_LENGTH`; :func:`pseudonym_sql` is the same function in DuckDB, so
    ids computed in SQL and in Python agree. Without the salt the id cannot be
    recomputed from a guessed ``value``.
    """
    digest = hmac.new(_key(salt), str(value).encode(), hashlib.sha256).hexdigest()
    return f"{prefix}-{digest[:PSEUDONYM_LENGTH]}"


def _pad_sql(salt_param: str, pad: int) -> str:
    """BLOB ``(sha256(salt) zero-padded to 64 bytes) XOR pad`` (the HMAC key pad) in SQL."""
    key_hex = f"sha256(CAST({salt_param} AS VARCHAR))"
    byte = f"('0x' || substr({key_hex}, 2 * i + 1, 2))::INTEGER"
    return (
        f"unhex(list_aggregate(list_transform(range({_BLOCK}), lambda i: printf('%02x', "
        f"xor(CASE WHEN i < {_BLOCK // 2} THEN {byte} ELSE 0 END, {pad}))), 'string_agg', ''))"
    )


def pseudonym_sql(expr: str, salt_param: str = "$salt", prefix: str = "S") -> str:
    """DuckDB SQL computing :func:`pseudonym` of ``expr``.

    ``expr`` must be a trusted SQL expression (a quoted column); the salt always
    travels as a parameter (or a column such as ``p.salt``). HMAC is spelled out as
    ``sha256(key XOR opad || sha256(key XOR ipad || message))``; the pads depend on the
    salt only, so DuckDB computes them once per query, not per row.
    """
    inner = f"unhex(sha256({_pad_sql(salt_param, _IPAD)} || encode(CAST({expr} AS VARCHAR))))"
    return (
        f"('{prefix}-' || substr(sha256({_pad_sql(salt_param, _OPAD)} || {inner}), 1, "
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
