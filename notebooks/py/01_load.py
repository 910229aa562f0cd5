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

# %% [markdown] tags=["i18n:load.header"]
# # 1 · Loaded exports
#
# **Purpose.** Shows which CRM export files went into this audit, how many records each
# delivered and how many were set aside as malformed. Every later page relies on this.
#
# **GDPR.** Art. 5(1)(d) (accuracy) and Art. 30 (which systems hold personal data).
#
# **How to read.** `Rows read = rows loaded + rows quarantined`. A quarantined share above a
# few per cent means the audit may miss records: fix the export and load it again.

# %% tags=["parameters"]
db_path = "../data/demo.duckdb"  # audit database written by `gdpr-audit run` (opened read-only)
as_of = "today"  # audit date YYYY-MM-DD, "today" (UTC, as `gdpr-audit run`) or "" (last assessed)
lang = "en"  # language of the labels and charts: "en" or "de"
config_path = ""  # YAML the audit was assessed with (`--config`); empty: the defaults

# %%
from gdpr_audit.report import open_audit, show_table
from gdpr_audit.report.summary import load_overview, model_overview, quarantine_reasons

# %%
audit = open_audit(db_path, as_of, lang, config_path)

# %% [markdown] tags=["i18n:load.files"]
# ## Files
#
# One row per export file (an XLSX sheet counts as a file).

# %%
show_table(load_overview(audit), lang)

# %% [markdown] tags=["i18n:load.quarantine"]
# ## Quarantined records
#
# Why records could not be read, per file. The records themselves stay in the audit
# database and are never shown.

# %%
show_table(quarantine_reasons(audit), lang)

# %% [markdown] tags=["i18n:load.model"]
# ## Canonical model
#
# How the records were mapped onto the audit's canonical tables (contacts, consents,
# requests, ...): rows in, rows mapped, rows rejected per table and source.

# %%
show_table(model_overview(audit), lang)
