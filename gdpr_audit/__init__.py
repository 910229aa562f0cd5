"""gdpr-audit: audit CRM exports for GDPR (DSGVO) compliance.

Stages, in the order the data flows: ``load`` -> ``discover`` -> ``assess`` -> ``report``;
``core`` holds what they share.
"""

__version__ = "0.1.0"
