"""Configuration: the only module that reads environment variables.

Also switches off everything that could reach the network at run time
(Great Expectations analytics, tldextract's public-suffix download, hub downloads).
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from gdpr_audit.core.errors import ConfigError

#: Environment that keeps every library offline and silent.  Applied by
#: :func:`enforce_offline`, which the CLI and the notebooks call first.
OFFLINE_ENV = {
    "GX_ANALYTICS_ENABLED": "false",
    "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": "",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "DO_NOT_TRACK": "1",
    "SPACY_WARNING_IGNORE": "W095",
}


def enforce_offline() -> None:
    """Set the environment so no dependency phones home or downloads at run time."""
    for key, value in OFFLINE_ENV.items():
        os.environ[key] = value


#: Shortest ``GDPR_AUDIT_SALT`` accepted: shorter secrets can be found by trying them.
MIN_SALT_LENGTH = 16


@dataclass(frozen=True)
class Settings:
    """Process-wide settings read from ``GDPR_AUDIT_*`` environment variables."""

    db_path: Path
    reports_dir: Path
    workers: int
    pseudonym_salt: str | None  # GDPR_AUDIT_SALT; None: each database's own secret salt
    log_level: str
    debug: bool


def settings() -> Settings:
    """Read the settings from the environment, with documented defaults.

    ``GDPR_AUDIT_DB`` (default ``data/audit.duckdb``), ``GDPR_AUDIT_REPORTS``
    (``reports``), ``GDPR_AUDIT_WORKERS`` (number of CPUs), ``GDPR_AUDIT_SALT``
    (unset by default: every audit database creates its own random salt; set it, at
    least :data:`MIN_SALT_LENGTH` characters, only to keep pseudonymous ids stable across
    audits, docs/privacy.md), ``GDPR_AUDIT_LOG_LEVEL`` (``WARNING``), ``GDPR_AUDIT_DEBUG``
    (``0``; ``1`` shows tracebacks of internal errors, which may quote data).
    """
    env = os.environ
    try:
        workers = int(env.get("GDPR_AUDIT_WORKERS", os.cpu_count() or 1))
    except ValueError as exc:
        raise ConfigError("GDPR_AUDIT_WORKERS must be an integer") from exc
    salt = env.get("GDPR_AUDIT_SALT") or None
    if salt is not None and len(salt) < MIN_SALT_LENGTH:
        # a short salt can be guessed, and with it every pseudonym reversed
        raise ConfigError(f"GDPR_AUDIT_SALT must be a secret of at least {MIN_SALT_LENGTH} "
                          "characters (or unset: each audit database then has its own)")
    return Settings(
        db_path=Path(env.get("GDPR_AUDIT_DB", "data/audit.duckdb")),
        reports_dir=Path(env.get("GDPR_AUDIT_REPORTS", "reports")),
        workers=max(1, workers),
        pseudonym_salt=salt,
        log_level=env.get("GDPR_AUDIT_LOG_LEVEL", "WARNING"),
        debug=env.get("GDPR_AUDIT_DEBUG", "0").lower() in {"1", "true", "yes"},
    )


def _deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def default_audit_config() -> dict[str, Any]:
    """The shipped defaults (``gdpr_audit/core/defaults.yaml``), documented there."""
    text = resources.files("gdpr_audit.core").joinpath("defaults.yaml").read_text("utf-8")
    return yaml.safe_load(text) or {}


def load_audit_config(path: Path | None = None) -> dict[str, Any]:
    """Load thresholds and allow-lists: the shipped defaults overridden by ``path``.

    Raises:
        ConfigError: the file is missing or is not a YAML mapping.
    """
    config = default_audit_config()
    if path is None:
        return config
    if not path.is_file():
        raise ConfigError(f"config file not found: {path}")
    try:
        override = yaml.safe_load(path.read_text("utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"config file {path} is not valid YAML: {exc}") from None
    if not isinstance(override, dict):
        raise ConfigError(f"config file {path} must hold a mapping at the top level")
    return _deep_merge(config, override)
