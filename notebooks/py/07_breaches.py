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

# %% [markdown] tags=["i18n:breaches.header"]
# # 7 · Personal-data breaches
#
# **Purpose.** Were breaches reported to the supervisory authority in time, and were the
# people affected informed when the risk was high?
#
# **GDPR.** Art. 33(1) (notify within 72 hours, or give reasons for the delay), Art. 33(5)
# (document every breach), Art. 34(1) (inform data subjects of high-risk breaches).
#
# **How to read.** Each marker is a breach: when it was detected (x) and how many hours
# passed until the authority was notified (y). Markers above the dashed 72-hour line were
# late unless reasons were recorded; diamonds were never notified. Larger markers affected
# more people.

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
result = area_result(audit, "breaches")

# %% [markdown] tags=["i18n:breaches.checks"]
# ## Checks

# %%
show_checks(result, audit)

# %% [markdown] tags=["i18n:breaches.timeline"]
# ## Time to notification

# %%
show(figures.breach_timeline(result.tables["timeline"], lang, as_of=audit.as_of))

# %% [markdown] tags=["i18n:breaches.table"]
# ## Breach register

# %%
show_table(result.tables["timeline"], lang)

# %% [markdown] tags=["i18n:breaches.examples"]
# ## Example findings

# %%
show_table(findings_examples(result, lang=lang), lang)
