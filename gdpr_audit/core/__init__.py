"""Shared foundations: configuration, types, errors, DuckDB helpers, privacy helpers."""
