"""Readers: one per source format, each writing ``raw.<table>`` tables.

Every reader returns :class:`TableRead` results: counts and the quarantined records
(``rows_read = rows_loaded + len(quarantine)``). They run inside the loader's
transaction and never commit.
"""

from __future__ import annotations

from gdpr_audit.load.readers.common import QuarantinedRecord, TableRead

__all__ = ["QuarantinedRecord", "TableRead"]
