# PARTNER — `make run` to try it, `make test` for the whole suite, `make bench` for speed ratios.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
HOST   ?= 127.0.0.1
# litestar.toml is production-safe (debug = false): the targets that run the site locally turn
# development mode on, and mailed links follow HOST and PORT.
PARTNER_APP_BASE_URL ?= http://$(HOST):$(PORT)
DEV_ENV := PARTNER_APP_DEBUG=true PARTNER_APP_BASE_URL=$(PARTNER_APP_BASE_URL)
# Debian packages the suite starts or drives itself (poppler-utils also renders the library's PDF
# thumbnails in production; `make bench` loads pages with wrk).
SYSTEM_PACKAGES := postgresql redis-server chromium fonts-noto-cjk poppler-utils wrk

.PHONY: run test lint bench install install-dev system-deps worker migrate demo clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(DEV_ENV) $(BIN)/litestar db upgrade

demo: migrate
	$(DEV_ENV) $(BIN)/litestar demo load --if-empty

## make run: SQLite under var/, demo data on first start, the mail worker inside the server.
run: demo
	$(DEV_ENV) $(BIN)/litestar run --host $(HOST) --port $(PORT)

## make worker: the saq worker as its own process (production; set queue.run_worker_in_app=false).
worker: install
	$(BIN)/litestar worker run

## make lint: ruff (lint and format) and the import contracts between the frame and the slices.
lint: install-dev
	$(BIN)/ruff check app features tasks tests
	$(BIN)/ruff format --check app features tasks tests
	$(BIN)/lint-imports

## make test: lint, then the whole suite on SQLite and PostgreSQL, Redis, SMTP and Chromium, in
## TEST_WORKERS processes (pytest-xdist; each starts its own servers and live site).
TEST_WORKERS ?= 2
test: lint system-deps
	$(BIN)/pytest -n $(TEST_WORKERS)

## make bench: throughput ratios against baselines measured in the same run.
bench: install-dev system-deps
	$(BIN)/python -m tests.bench

system-deps:
	@missing=""; \
	command -v redis-server >/dev/null 2>&1 || missing="$$missing redis-server"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	[ -d /usr/share/fonts/opentype/noto ] || missing="$$missing fonts-noto-cjk"; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	command -v wrk >/dev/null 2>&1 || missing="$$missing wrk"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing system packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES) >/dev/null; \
	  else \
	    echo "The test suite needs these Debian packages:$$missing"; \
	    echo "Install them with: sudo apt-get install $(SYSTEM_PACKAGES)"; \
	    exit 1; \
	  fi; \
	fi

clean:
	rm -rf $(VENV) var test-artifacts .pytest_cache *.egg-info
