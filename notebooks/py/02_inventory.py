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

# %% [markdown] tags=["i18n:inventory.header"]
# # 2 · Personal-data inventory
#
# **Purpose.** Where personal data lives in the exports: which tables and columns hold
# names, e-mail addresses, phone numbers, IBANs, … and where special categories (health,
# religion, trade-union membership, …) appear, including in free-text notes.
#
# **GDPR.** Art. 30 (records of processing), Art. 9 (special categories), Art. 5(1)(c)
# (data minimisation).
#
# **How to read.** Each cell of the heatmap counts the columns of a table holding a data
# type; ◆ marks special categories, which need an Art. 9(2) exception and restricted access.

# %% tags=["parameters"]
db_path = "../data/demo.duckdb"  # audit database written by `gdpr-audit run` (opened read-only)
as_of = "today"  # audit date YYYY-MM-DD, "today" (UTC, as `gdpr-audit run`) or "" (last assessed)
lang = "en"  # language of the labels and charts: "en" or "de"
config_path = ""  # YAML the audit was assessed with (`--config`); empty: the defaults

# %%
from gdpr_audit.report import figures, open_audit, show, show_table
from gdpr_audit.report.results import area_result
from gdpr_audit.report.ropa import ropa_overview
from gdpr_audit.report.summary import free_text_summary, pii_columns

# %%
audit = open_audit(db_path, as_of, lang, config_path)

# %%
columns = pii_columns(audit)

# %% [markdown] tags=["i18n:inventory.heatmap"]
# ## Personal data per table
#
# Rows are tables, columns data types. Hover over a cell to see the column names.

# %%
show(figures.pii_heatmap(columns, lang))

# %% [markdown] tags=["i18n:inventory.columns"]
# ## Columns with personal data
#
# *Share* is the part of the column's values recognised as the data type; *score* the
# detector's confidence.

# %%
show_table(columns, lang, max_rows=200, columns=["table_name", "column_name", "entity_type", "category", "share", "score", "free_text"])

# %% [markdown] tags=["i18n:inventory.free_text"]
# ## Personal data in free text
#
# Records of free-text columns (notes, descriptions) in which personal data or a special
# category was detected, per column and type.

# %%
show_table(free_text_summary(audit), lang, max_rows=100)

# %% [markdown] tags=["i18n:inventory.ropa"]
# ## Records of processing (Art. 30)
#
# Per purpose: the categories of data and of data subjects, who receives the data
# (roles), how long it is kept and on which legal basis. Compare it with the written
# record of processing activities.

# %%
ropa_result = area_result(audit, "ropa")

# %%
show_table(ropa_overview(ropa_result.tables["entries"], lang), lang)
