# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: tags,-all
#     notebook_metadata_filter: kernelspec,-jupytext.text_representation.jupytext_version
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] tags=["analyst", "i18n:own_exports"]
# **Use your own exports.** These notebooks read an audit database. To audit your own CRM
# exports, run in a terminal:
#
# ```bash
# gdpr-audit run path/to/your-exports/ --db audit.duckdb --lang en
# gdpr-audit notebooks --db audit.duckdb --lang en --out my-notebooks/
# ```
#
# The first loads, scans and assesses the exports (audit date: today, or `--as-of`) and
# writes the DPO report to `reports/`; the second writes these notebooks into
# `my-notebooks/` with the parameters below set to that database, date and language, and
# their text in that language (`--lang de` for German): open them with
# `jupyter lab my-notebooks/`. Or set the parameters below yourself. The notebooks only
# read the audit database and let go of it after every cell, so `gdpr-audit` can update it
# while they are open. This cell is not part of the DPO's report.

# %% [markdown] tags=["i18n:summary.header"]
# # GDPR audit — summary for the data protection officer
#
# **Purpose.** The state of GDPR compliance of the audited CRM on the audit date, at a
# glance: a status per article, the most serious risks and how findings develop.
#
# **How to read.** Red (✖): at least one high or critical finding, act now. Amber (▲):
# medium or low findings only, review. Green (✔): the checks for the article ran without
# findings. Grey (–): not assessed. The detail pages explain every check.

# %% tags=["parameters"]
db_path = "../data/demo.duckdb"  # audit database written by `gdpr-audit run` (opened read-only)
as_of = "today"  # audit date YYYY-MM-DD, "today" (UTC, as `gdpr-audit run`) or "" (last assessed)
lang = "en"  # language of the labels and charts: "en" or "de"
config_path = ""  # YAML the audit was assessed with (`--config`); empty: the defaults
report_dir = ""  # folder of the report pages the contents link to (empty: none)
top_n = 10  # number of top risks listed

# %%
from gdpr_audit.report import figures, open_audit, show, show_contents, show_status, show_table
from gdpr_audit.report.actions import index_status, show_totals
from gdpr_audit.report.results import area_result
from gdpr_audit.report.summary import (
    check_catalogue,
    consent_funnel,
    findings_by_area,
    findings_by_check,
    findings_history,
    top_risks,
)

# %%
audit = open_audit(db_path, as_of, lang, config_path)

# %%
by_check = findings_by_check(audit)

# %% [markdown] tags=["i18n:summary.status"]
# ## Status per GDPR article

# %%
show_totals(audit, by_check)

# %%
show_status(index_status(audit, by_check, check_catalogue(audit)), lang)

# %% [markdown] tags=["i18n:summary.top_risks"]
# ## Top risks
#
# The checks with the most serious findings, by severity and then by number of findings.

# %%
show_table(top_risks(by_check, lang, top_n), lang)

# %% [markdown] tags=["i18n:summary.areas"]
# ## Findings per area

# %%
show(figures.findings_by_area(findings_by_area(by_check), lang))

# %% [markdown] tags=["i18n:summary.trends"]
# ## Trends
#
# Findings per audit date (one bar per stored audit); marketing sends per month and the
# share covered by a valid consent; and how many sends passed every consent condition.

# %%
show(figures.findings_trend(findings_history(audit), lang))

# %%
consent_result = area_result(audit, "consent")

# %%
show(figures.consent_trend(consent_result.tables["coverage_by_month"], lang))

# %%
show(figures.violation_funnel(consent_funnel(audit), lang))

# %% [markdown] tags=["i18n:summary.details"]
# ## Detail pages

# %%
show_contents(lang, report_dir)
