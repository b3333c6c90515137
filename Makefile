# GigaTwin: two commands on a fresh machine — `make app` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
APP_STAMP := $(VENV)/.app-installed
TEST_STAMP := $(VENV)/.test-installed
PIP_FLAGS ?= --quiet --disable-pip-version-check

.PHONY: app run test lint bench validate schema clean mutate

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "GigaTwin needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install $(PIP_FLAGS) --upgrade pip

$(APP_STAMP): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install $(PIP_FLAGS) -e '.[dask]'
	@touch $@

$(TEST_STAMP): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install $(PIP_FLAGS) -e '.[dask,test]'
	@touch $@ $(APP_STAMP)

## app: install and start the Streamlit app on the embedded default scenario
app: $(APP_STAMP)
	$(VENV)/bin/streamlit run app.py --server.headless true

## test: install and run the whole test suite
test: $(TEST_STAMP)
	$(PY) -m pytest

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy twin lines parts_catalog ml

bench: $(TEST_STAMP)
	$(PY) -m benchmarks

## validate: regenerate docs/validation.md (every verdict computed)
validate: $(TEST_STAMP)
	$(PY) -m twin.validation

## mutate: mutation testing of the model modules changed against BASE (ALL=1: every one);
## writes docs/reference/mutation_testing.md. Slow, not part of `make test`.
BASE ?= HEAD
MUTATE_CHILDREN ?= 1
SEED ?= 18
PACKAGES ?= twin/runtime twin/experiments/kpis.py twin/cost lines/routes parts_catalog/totals.py parts_catalog/loader.py
mutate: $(TEST_STAMP)
	@start=$$(date +%s); \
	if [ -n "$(SAMPLE)" ]; then \
	  patterns=$$($(PY) -m twin.docgen.mutation_summary sample $(PACKAGES) --size $(SAMPLE) --seed $(SEED)) || exit $$?; \
	  scope="sample of $(SAMPLE) (seed $(SEED)) of $(PACKAGES)"; \
	elif [ -n "$(ALL)" ]; then patterns=""; scope=all; else \
	  patterns=$$($(PY) -m twin.docgen.mutation_summary select --base $(BASE)); \
	  scope="$$(echo $$patterns)"; \
	  if [ -z "$$patterns" ]; then \
	    echo "no model module changed against $(BASE); make mutate ALL=1 mutates all"; exit 0; fi; \
	fi; \
	$(VENV)/bin/mutmut run --max-children $(MUTATE_CHILDREN) $$patterns || exit $$?; \
	$(PY) -m twin.docgen.mutation_summary write --scope "$$scope" --seconds $$(( $$(date +%s) - start ))

schema: $(TEST_STAMP)
	$(VENV)/bin/gigatwin schema --out lines/scenario.schema.json
	$(VENV)/bin/gigatwin schema --study --out lines/study.schema.json
	$(PY) -m lines.schema_doc
	$(PY) -m twin.docgen.cli_reference
	$(PY) -m twin.docgen.api_reference

clean:
	rm -rf $(VENV) out .pytest_cache
