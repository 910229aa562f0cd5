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

# %% [markdown] tags=["i18n:access.header"]
# # 6 · Access control
#
# **Purpose.** Who can see and export which personal data, and is access used as intended?
#
# **GDPR.** Art. 5(1)(f) (integrity and confidentiality), Art. 25 (data protection by
# default), Art. 32 (security of processing), Art. 9 (special categories).
#
# **How to read.** The matrix shows, per role, the highest right on each data type: *read*
# or *export*. Special categories (◆) should be readable only by the roles on the
# allow-list (by default the data protection officer, and HR for health data).

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
result = area_result(audit, "access")

# %% [markdown] tags=["i18n:access.checks"]
# ## Checks

# %%
show_checks(result, audit)

# %% [markdown] tags=["i18n:access.matrix"]
# ## Access matrix

# %%
show(figures.access_matrix(result.tables["matrix"], lang))

# %% [markdown] tags=["i18n:access.examples"]
# ## Example findings
#
# User ids are pseudonymous.

# %%
show_table(findings_examples(result, lang=lang), lang)
