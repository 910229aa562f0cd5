"""Assessment stage: consent, data-subject rights, retention, access, breaches, Art. 30.

Public API (imported lazily, so ``import gdpr_audit.assess.<module>`` stays light):

- :func:`run_assessment` / :class:`AssessmentResult` (:mod:`gdpr_audit.assess.registry`)
- :func:`export_subject` / :class:`ExportManifest` (:mod:`gdpr_audit.assess.export`)
- per area ``gdpr_audit.assess.<area>.run(con, as_of, config) -> AreaResult``
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "run_assessment": "gdpr_audit.assess.registry",
    "AssessmentResult": "gdpr_audit.assess.registry",
    "all_checks": "gdpr_audit.assess.registry",
    "AreaResult": "gdpr_audit.assess.base",
    "export_subject": "gdpr_audit.assess.export",
    "ExportManifest": "gdpr_audit.assess.export",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'gdpr_audit.assess' has no attribute {name!r}")
