# Two entry points for a fresh machine with Python 3.11 and make:
#   make serve   set up, then preview the site at http://127.0.0.1:8000/corrigenda/
#   make test    set up, then run every test (the command CI runs)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
# Builds of one commit are byte-identical: MkDocs dates the sitemap from this, not from the clock.
GIT_EPOCH := $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(GIT_EPOCH),)
export SOURCE_DATE_EPOCH ?= $(GIT_EPOCH)
endif

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup tools system-tools serve build test screenshots clean

setup: $(VENV)/.installed

# What the browser tests drive: Debian's Chromium and Java (system packages), axe-core and the
# Nu HTML Checker (npm, versions locked in package-lock.json). Nothing is downloaded at run time.
tools: system-tools node_modules/.installed

system-tools:
	@if ! { [ -n "$$CHROMIUM_PATH" ] || command -v chromium >/dev/null || command -v chromium-browser >/dev/null; } \
	   || ! command -v java >/dev/null; then \
	  echo "Installing Chromium and Java for the browser tests"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium default-jre-headless; \
	fi

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

serve: setup
	$(BIN)/mkdocs serve

build: setup
	$(BIN)/mkdocs build --strict

test: setup tools
	$(BIN)/python -m pytest

screenshots: setup tools
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) site screenshots .pytest_cache node_modules
