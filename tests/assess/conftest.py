"""Fixtures of the assessment tests: an in-memory audit database with the canonical model."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import duckdb
import pandas as pd
import pytest

from gdpr_audit.assess.base import AssessContext, make_context
from gdpr_audit.core.db import insert_rows, sql_text
from gdpr_audit.core.privacy import pseudonym

SALT = "test-salt"
AS_OF = dt.date(2026, 11, 28)


def ts(text: str) -> dt.datetime:
    """A UTC timestamp from ISO text (``2025-01-31T10:00``); a zone in the text wins."""
    value = dt.datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def add(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert dict rows (missing columns NULL) into a canonical table."""
    if not rows:
        return
    columns = sorted({k for r in rows for k in r})
    insert_rows(con, table, columns, [[r.get(c) for c in columns] for r in rows])


def refs(frame: pd.DataFrame) -> set[str]:
    return set(frame["record_ref"])


def ref(value: str, prefix: str = "S") -> str:
    return pseudonym(value, SALT, prefix=prefix)


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    """An empty in-memory audit database with every canonical table."""
    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'UTC'")
    connection.execute(sql_text("model", "canonical"))
    yield connection
    connection.close()


@pytest.fixture
def ctx(con: duckdb.DuckDBPyConnection) -> AssessContext:
    """A context on ``con`` for the audit day 2026-11-28 with the shipped defaults."""
    return make_context(con, AS_OF, None, SALT)
