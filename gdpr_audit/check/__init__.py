"""Great Expectations suites over the audit database (``gdpr-audit check``).

Sits between report and assess: reads the canonical model, the rule views of
:mod:`gdpr_audit.assess.views` and the discovery inventory, validates the suites of
``expectations/`` on pandas DataFrames and writes value-free results
(``checks.html``, ``checks.json``). Modules: :mod:`~gdpr_audit.check.suites` (strict
suite files), :mod:`~gdpr_audit.check.personal_data` (the custom expectation),
:mod:`~gdpr_audit.check.runner`, :mod:`~gdpr_audit.check.results`,
:mod:`~gdpr_audit.check.html`.
"""
