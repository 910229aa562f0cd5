# gdpr-audit — `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# generated German NER model (`make de-ner`), not kept in git
DE_NER := gdpr_audit/discover/models/de_ner/meta.json
# training steps: 6000 is the measured model (~14 min on one core); CI tests with 1500 (~3 min)
DE_NER_STEPS ?= 6000
DEMO_DIR := data/demo
DEMO_DB := data/demo.duckdb
CONTACTS ?= 100000
# The same company as Salesforce + Mailchimp + German ERP exports (docs/demo.md).
VENDORS_DIR := data/demo_vendors
VENDORS_DB := data/demo_vendors.duckdb
CONTACTS_VENDORS ?= 20000
SEED ?= 42
LANG_REPORT ?= en
# The demo plants its violations relative to this date; audit on the same day.
AS_OF ?= 2026-11-28

export GX_ANALYTICS_ENABLED := false
export TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS :=

.DEFAULT_GOAL := help
.PHONY: help install audit test test-fast browser-test chromium java de-ner lint lab bench clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install gdpr-audit with its dev tools

audit: $(STAMP) ## Demo CRM + its vendor layout: whole audit, reports/, truth comparison
	$(BIN)/gdpr-audit demo --out $(DEMO_DIR) --contacts $(CONTACTS) --seed $(SEED) --as-of $(AS_OF)
	@# exit 1 = the demo's planted violations failed the CI suites: expected, the report is written;
	@# 2 = input error, 3 = internal error: stop
	$(BIN)/gdpr-audit run $(DEMO_DIR) --db $(DEMO_DB) --out reports --as-of $(AS_OF) --lang $(LANG_REPORT); \
	  rc=$$?; [ $$rc -le 1 ] || exit $$rc
	@echo "DPO report: $(CURDIR)/reports/index.html"
	@# The vendor layout: no profile named (detected per file), findings against its truth
	$(BIN)/gdpr-audit demo --out $(VENDORS_DIR) --contacts $(CONTACTS_VENDORS) --seed $(SEED) \
	  --as-of $(AS_OF) --layout vendors
	$(BIN)/gdpr-audit run $(VENDORS_DIR) --db $(VENDORS_DB) --out reports/vendors --as-of $(AS_OF) \
	  --lang $(LANG_REPORT); rc=$$?; [ $$rc -le 1 ] || exit $$rc
	@# per check: exact / differs / not assessable (exit 1 = a check differs: shown, not fatal)
	$(BIN)/python -m gdpr_audit.demo.verify $(VENDORS_DIR) --db $(VENDORS_DB); \
	  rc=$$?; [ $$rc -le 1 ] || exit $$rc
	@echo "Vendor layout report: $(CURDIR)/reports/vendors/index.html"

test: $(STAMP) chromium java $(DE_NER) ## Install and run every test (slow ones included)
	$(BIN)/python -m pytest -q

test-fast: $(STAMP) ## Run the tests without the slow ones (spaCy, papermill, browser)
	$(BIN)/python -m pytest -q -m "not slow"

browser-test: $(STAMP) chromium ## Headless Chromium opens the HTML report: charts render, no JS errors
	$(BIN)/python -m pytest -q -m browser tests/report

chromium: ## Install Debian's chromium (browser tests, report --pdf) and poppler-utils (PDF tests)
	@{ command -v chromium >/dev/null || command -v chromium-browser >/dev/null; } && \
	  command -v pdftoppm >/dev/null || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium poppler-utils; }

# The German NER model (german_ner: model) is generated, not kept in git: trained offline
# from the openly licensed corpora in benchmarks/ner/data (benchmarks/ner/SOURCE.md).
$(DE_NER): $(STAMP) benchmarks/ner/train_de_ner.py benchmarks/ner/synthetic.py benchmarks/ner/de_ner.cfg
	$(BIN)/python benchmarks/ner/train_de_ner.py --germeval-dev benchmarks/ner/data/NER-de-dev.tsv \
	  --europeana benchmarks/ner/data --synthetic 3000 --max-steps $(DE_NER_STEPS)

de-ner: $(DE_NER) ## Train the German NER model from benchmarks/ner/data (offline, minutes)

java: ## Install Debian's Java 17 runtime for the Spark tests (PySpark needs Java 17+)
	@command -v java >/dev/null || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless; }

lint: $(STAMP) ## ruff, mypy and the import-layer contract
	$(BIN)/ruff check gdpr_audit tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

lab: $(STAMP) ## Open JupyterLab on the project's kernel
	# The notebooks name the kernel "python3": point it at this venv's interpreter.
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (gdpr-audit)"
	$(BIN)/jupyter kernelspec list | grep -q "$(CURDIR)/$(VENV)/share/jupyter/kernels/python3"
	$(BIN)/jupyter lab notebooks/

bench: $(STAMP) ## Run the benchmarks (minutes; prints figures, not a test)
	for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean: ## Remove generated data, databases and reports (keeps .venv)
	rm -rf $(DEMO_DIR) $(DEMO_DB) $(VENDORS_DIR) $(VENDORS_DB) reports .pytest_cache
