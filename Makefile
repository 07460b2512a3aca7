# Portcullis. `make` (or `make help`) lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
PC := $(BIN)/portcullis
export PORTCULLIS_VAR_DIR ?= $(CURDIR)/var

.PHONY: help setup deps assets browser load-generator migrate demo run serve worker test test-fast test-browser lint fmt bench clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --quiet
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

deps: $(VENV)/.synced ## Install the Python dependencies (uv, locked) into .venv

assets: node_modules/.installed ## Install the front-end assets (GOV.UK Frontend, axe-core) with npm

browser: ## Install headless Chromium from Debian's packages (for browser tests), if missing
	@command -v chromium >/dev/null || { echo "Installing Debian's chromium..."; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || { echo "Could not install chromium: browser tests need it (apt-get install chromium)"; exit 1; }; }

load-generator: ## Install wrk from Debian's packages (the HTTP load for the carrier-check benchmark), if missing
	@command -v wrk >/dev/null || { echo "Installing Debian's wrk..."; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null) \
	  || echo "Could not install wrk: benchmarks.travel_checks falls back to a Python client"; }

setup: deps assets ## Install everything needed to run the app

migrate: deps ## Create or upgrade the database (SQLite under var/ unless DATABASE_URL is set)
	@mkdir -p var
	$(PC) db upgrade

demo: migrate ## Load the demonstration data (once)
	$(PC) demo load

run: setup demo ## Set everything up and serve http://127.0.0.1:8000 on SQLite with demo data
	$(PC) serve --host 127.0.0.1 --port 8000

worker: migrate ## Run a background job worker
	$(PC) worker

lint: deps ## Ruff, mypy (strict for core) and the import-linter architecture contracts
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

fmt: deps ## Format the code and fix what ruff can
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

test: setup browser lint ## Install everything, lint, and run every test (browser and axe tests included)
	$(BIN)/pytest -q -n 2 -p no:cacheprovider

test-fast: deps ## Run the tests without the browser ones
	$(BIN)/pytest -q -m "not browser and not spark"

bench: setup migrate load-generator ## Run the benchmarks and print figures with the machine they ran on
	$(BIN)/python -m benchmarks

clean: ## Remove the virtualenv, node_modules and the local database
	rm -rf $(VENV) $(TOOLS) node_modules var .pytest_cache .mypy_cache .ruff_cache
