# The portal's everyday commands. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PORT ?= 8000
PYTEST_ARGS ?=

.DEFAULT_GOAL := help

.PHONY: help
help: ## List every target with what it does
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python requirements.lock
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

portal/static/portal/css/portal.css: node_modules/.package-lock.json $(wildcard frontend/scss/*.scss)
	npm run --silent build

.PHONY: install
install: $(VENV)/.installed portal/static/portal/css/portal.css ## Create .venv and install Python and front-end dependencies

.PHONY: run
run: install ## Run the portal with demo content on SQLite at http://127.0.0.1:8000 (PORT=8792 for another port)
	$(MANAGE) migrate --no-input
	PORT=$(PORT) $(MANAGE) seed_demo
	@echo "Sign in to the admin at http://127.0.0.1:$(PORT)/admin/ with the login shown above."
	PORT=$(PORT) $(MANAGE) runserver 127.0.0.1:$(PORT)

.PHONY: lint
lint: install ## Check code style (ruff), the direction of imports (import-linter) and that no migration is missing
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	PYTHONPATH=. $(BIN)/lint-imports --no-cache
	$(MANAGE) makemigrations --check --dry-run

.PHONY: format
format: install ## Fix what ruff can fix and format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

.PHONY: test
test: lint ## Run the whole suite: lint, migrations check, unit, integration and browser tests
	$(BIN)/python -m pytest $(PYTEST_ARGS)
	$(MAKE) --no-print-directory test-sqlite

.PHONY: test-sqlite
test-sqlite: install ## On PostgreSQL, run the tests that must agree on both databases again on SQLite
	@if [ -n "$$DATABASE_URL" ]; then env -u DATABASE_URL $(BIN)/python -m pytest -m both_databases -q $(PYTEST_ARGS); \
	else echo "The suite ran on SQLite: the both_databases tests have run there already."; fi

# A summer date (British Summer Time), a leap day, and ten years from today.
TEST_DATES ?= 2027-07-15T14:30 2028-02-29T09:00 $(shell date -d '+10 years' +%Y-%m-%dT11:00)

.PHONY: test-dates
test-dates: install ## Run the whole suite with the clock moved to other dates: it must pass on any date
	@for moment in $(TEST_DATES); do \
		echo "== The suite at $$moment (UK time) =="; \
		PORTAL_TEST_DATE=$$moment $(BIN)/python -m pytest -q -p no:cacheprovider $(PYTEST_ARGS) || exit 1; \
	done

.PHONY: test-fast
test-fast: install ## Run the suite without the browser tests
	$(BIN)/python -m pytest -m "not browser" $(PYTEST_ARGS)

.PHONY: bench
bench: install ## Run every benchmark and print its figures
	$(BIN)/python -m bench

bench-%: install ## Run one benchmark, for example make bench-search
	$(BIN)/python -m bench $*

.PHONY: serve
serve: install ## Run the production settings here: gunicorn, db_worker, PostgreSQL and Redis (no Docker)
	PORT=$(PORT) bin/serve

.PHONY: bench-load
bench-load: install ## Load and faults on the `make serve` stack with wrk (BENCH_LOAD_SECONDS, default 60)
	$(BIN)/python -m bench load

.PHONY: check-deploy
check-deploy: install ## Run Django's deployment checks with production settings
	DJANGO_SETTINGS_MODULE=portal.settings.production DATABASE_URL=$${DATABASE_URL:-postgres://localhost/portal} \
	SECRET_KEY=$${SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))')} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-portal.example.org} OCDS_PREFIX=$${OCDS_PREFIX:-ocds-a1b2c3} \
	$(MANAGE) check --deploy --fail-level WARNING

.PHONY: compose-config
compose-config: ## Validate docker-compose.yml (needs the compose plugin or docker-compose, no engine)
	@if docker compose version >/dev/null 2>&1; then SECRET_KEY=validate-only OCDS_PREFIX=ocds-a1b2c3 docker compose config --quiet; \
	else SECRET_KEY=validate-only OCDS_PREFIX=ocds-a1b2c3 docker-compose config --quiet; fi && echo "docker-compose.yml is valid"

.PHONY: clean
clean: ## Remove the virtual environment, node modules and built files
	rm -rf $(VENV) node_modules portal/static/portal/css/portal.css staticfiles .test-media
