"""The generic mapping: a profile built from common headers for exports no vendor claims.

For every raw table no vendor profile claims, the headers are compared with the EN/DE
synonyms and patterns of ``generic_headers.yaml`` (:mod:`.spec`, through
:func:`gdpr_audit.load.match.header_variants`), the record kind is chosen from the
fields found and the table name (people, activities and sends, tickets and requests,
documents: :mod:`.plan`), and a header is used only after its values agree with what
the field needs (:mod:`.values`: dates parse, e-mails look like e-mails, a flag holds
flag values, a legal-basis column holds legal bases). :mod:`.people` maps people files
(customer evidence, consents rows), :mod:`.records` activities, tickets and documents,
and :mod:`.links` finds the column that links those to the people of the same export
(by id, or by e-mail / customer number looked up to the id). The result is an ordinary
profile (a dict that validates like a YAML profile), so the model build maps it as it
maps a vendor's, and ``gdpr-audit map --write-profile`` writes it out for the auditor
to edit.

Values are read only to decide (shares and counts); none leaves the package except the
category values of type and status columns and order counts, which become ``where`` /
``map`` entries of the profile (``Newsletter``, ``DSGVO-Auskunft``: words of the CRM,
not personal data).
"""

from gdpr_audit.load.generic.builder import GENERIC, Decision, GenericTable
from gdpr_audit.load.generic.plan import merged_profile, plan_tables, proposals
from gdpr_audit.load.generic.spec import generic_spec, header_fields
from gdpr_audit.load.generic.values import consent_state_map, count_map, legal_basis_map

__all__ = [
    "GENERIC",
    "Decision",
    "GenericTable",
    "consent_state_map",
    "count_map",
    "generic_spec",
    "header_fields",
    "legal_basis_map",
    "merged_profile",
    "plan_tables",
    "proposals",
]
