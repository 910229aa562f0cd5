"""Shared fixtures. Everything runs offline."""

from __future__ import annotations

from pathlib import Path

import pytest

from gdpr_audit.core.config import enforce_offline

enforce_offline()

TEST_DATA = Path(__file__).parent / "data"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A fresh audit database path in a temporary folder."""
    return tmp_path / "audit.duckdb"
