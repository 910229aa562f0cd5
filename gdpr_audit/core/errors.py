"""Exceptions the CLI maps to exit codes.

Messages must never contain raw cell values: name files, tables, columns and
record numbers, not what is in them.
"""

from __future__ import annotations


class GdprAuditError(Exception):
    """Base class for errors the tool reports as one clean line."""

    exit_code = 2


class UsageError(GdprAuditError):
    """Wrong arguments or options (exit code 2)."""


class InputError(GdprAuditError):
    """An input file or database cannot be used as given (exit code 2)."""


class ConfigError(GdprAuditError):
    """A configuration, profile or suite file is invalid (exit code 2)."""


class AuditFailed(GdprAuditError):
    """The audit or a check found violations the caller asked to fail on (exit code 1)."""

    exit_code = 1


class OutputError(GdprAuditError):
    """An output folder cannot be written: disk full, no permission (exit code 2).

    Raised by :func:`gdpr_audit.core.output.staged_output`, which leaves the target as
    it was.
    """
