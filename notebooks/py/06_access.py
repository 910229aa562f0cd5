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
db_path = "../data/demo.duckdb"
as_of = "2026-11-28"
lang = "en"
config_path = ""

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
