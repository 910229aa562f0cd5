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

# %% [markdown] tags=["i18n:consent.header"]
# # 3 · Consent
#
# **Purpose.** Is every marketing message covered by a valid consent, and can each consent
# be proven?
#
# **GDPR.** Art. 6(1)(a) (consent as legal basis), Art. 7(1) (proof), Art. 7(3)
# (withdrawal), Art. 7(4) (no coupling with a contract), Art. 8 (children).
#
# **How to read.** A consent is valid for a contact, purpose and channel from the moment it
# was given until it is withdrawn. Findings list the messages and consents that break a
# rule; the charts show coverage, the share of contacts and sends with a valid consent.

# %% tags=["parameters"]
db_path = "../data/demo.duckdb"  # audit database written by `gdpr-audit run` (opened read-only)
as_of = "today"  # audit date YYYY-MM-DD, "today" (UTC, as `gdpr-audit run`) or "" (last assessed)
lang = "en"  # language of the labels and charts: "en" or "de"
config_path = ""  # YAML the audit was assessed with (`--config`); empty: the defaults

# %%
from gdpr_audit.report import figures, open_audit, show, show_table
from gdpr_audit.report.actions import show_checks
from gdpr_audit.report.results import area_result
from gdpr_audit.report.summary import consent_funnel, findings_examples

# %%
audit = open_audit(db_path, as_of, lang, config_path)

# %%
result = area_result(audit, "consent")

# %% [markdown] tags=["i18n:consent.checks"]
# ## Checks
#
# Per consent check: article, severity, number of findings (or why it could not be
# checked), what a finding means, what to do, and every finding as a CSV download.

# %%
show_checks(result, audit)

# %% [markdown] tags=["i18n:consent.funnel"]
# ## From sends to valid consent
#
# All marketing sends, then those for which a consent had been given before sending, then
# those whose consent had not been withdrawn: the last bar is what was lawfully sent on
# the basis of consent.

# %%
show(figures.violation_funnel(consent_funnel(audit), lang))

# %% [markdown] tags=["i18n:consent.coverage"]
# ## Coverage by purpose and channel
#
# Share of all contacts holding a valid consent on the audit date. A low share is not a
# violation by itself, but no one outside it may be contacted for that purpose and channel.

# %%
show(figures.consent_coverage(result.tables["coverage_by_purpose_channel"], lang))

# %% [markdown] tags=["i18n:consent.trend"]
# ## Coverage over time
#
# Sends per month; the red hatched part went out without a valid consent, the line shows
# the covered share.

# %%
show(figures.consent_trend(result.tables["coverage_by_month"], lang))

# %% [markdown] tags=["i18n:consent.examples"]
# ## Example findings
#
# Up to five findings per check, with pseudonymous record ids (`S-…`) for follow-up in the CRM.
# Every finding is in the CSV beside its check; `gdpr-audit resolve --db FILE S-…` turns the
# ids back into CRM records for those allowed to open the audit database.

# %%
show_table(findings_examples(result, lang=lang), lang)
