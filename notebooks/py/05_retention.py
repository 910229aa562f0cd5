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

# %% [markdown] tags=["i18n:retention.header"]
# # 5 · Retention and erasure
#
# **Purpose.** Is personal data deleted once its purpose and retention period have ended?
#
# **GDPR.** Art. 5(1)(e) (storage limitation), Art. 17(1)(a). German statutory retention
# (HGB §257, AO §147) keeps invoices, vouchers and business letters for 6 to 10 years.
#
# **How to read.** Each bar is a record type, split by age. Records past their retention
# limit are hatched with a red outline and must be deleted unless an individual legal hold
# applies; records kept because of a statutory duty are listed separately.

# %% tags=["parameters"]
db_path = "../data/demo.duckdb"  # audit database written by `gdpr-audit run` (opened read-only)
as_of = "today"  # audit date YYYY-MM-DD, "today" (UTC, as `gdpr-audit run`) or "" (last assessed)
lang = "en"  # language of the labels and charts: "en" or "de"
config_path = ""  # YAML the audit was assessed with (`--config`); empty: the defaults

# %%
from gdpr_audit.report import figures, open_audit, show, show_table
from gdpr_audit.report.actions import show_checks
from gdpr_audit.report.results import area_result
from gdpr_audit.report.summary import findings_examples

# %%
audit = open_audit(db_path, as_of, lang, config_path)

# %%
result = area_result(audit, "retention")

# %% [markdown] tags=["i18n:retention.checks"]
# ## Checks

# %%
show_checks(result, audit)

# %% [markdown] tags=["i18n:retention.ageing"]
# ## Age of records against the retention limit

# %%
show(figures.retention_ageing(result.tables["ageing"], lang))

# %% [markdown] tags=["i18n:retention.held"]
# ## Kept under legal hold
#
# Records kept on purpose: an individual hold (litigation, tax audit) or a statutory
# retention duty that is still running. They are not findings.

# %%
show_table(result.tables["held"], lang)

# %% [markdown] tags=["i18n:retention.policies"]
# ## Retention policies applied

# %%
show_table(result.tables["policies"], lang)

# %% [markdown] tags=["i18n:retention.examples"]
# ## Example findings

# %%
show_table(findings_examples(result, lang=lang), lang)
