"""The demo CRM generator (`gdpr-audit demo`): a synthetic multi-file export with planted
violations and a truth manifest (docs/demo.md). Imports only :mod:`gdpr_audit.core`."""

from gdpr_audit.demo.generator import DEFAULT_AS_OF, DemoSummary, generate_demo

__all__ = ["DEFAULT_AS_OF", "DemoSummary", "generate_demo"]
