"""report stage: figures, notebook helpers, notebook execution and the offline HTML report.

Notebooks import what they need from here: :func:`open_audit`, :func:`show` (a plotly
figure), :func:`show_table`, :func:`show_status`, :func:`show_contents` and the chart
functions in :mod:`gdpr_audit.report.figures`. ``gdpr-audit report`` runs
:func:`gdpr_audit.report.build.build_report`.
"""

from gdpr_audit.report.context import ReportContext, open_audit
from gdpr_audit.report.display import show, show_status, show_table
from gdpr_audit.report.pages import show_contents

__all__ = ["ReportContext", "open_audit", "show", "show_contents", "show_status", "show_table"]
