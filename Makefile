# Thin entry points. Everything a fresh machine needs is set up on first use:
# a virtualenv from the Python that .python-version names, and `npm ci`.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV   := .venv
PY     := $(VENV)/bin/python
# The host Python: pyenv resolves .python-version (3.13); otherwise python3.13 on PATH.
HOST_PYTHON ?= $(shell pyenv which python 2>/dev/null || command -v python3.13 || command -v python3)
CHROMIUM ?= /usr/bin/chromium
export NO_MKDOCS_2_WARNING := 1
PORT ?= 8000

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	$(HOST_PYTHON) -c 'import sys; assert sys.version_info >= (3, 12), "Python >= 3.12 needed (pyodide-build); see .python-version"'
	$(HOST_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade 'pip>=25.1'
	$(PY) -m pip install --quiet -e . --group docs --group test
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

setup: $(VENV)/.installed node_modules/.installed ## create .venv and node_modules

# Debian packages the browser tests need: the three browser engines, a virtual display for
# WebKit, and CJK fonts for screenshots of the Japanese pages. Installed (as root) when missing.
BROWSER_PACKAGES := chromium firefox-esr webkit2gtk-driver xvfb fonts-noto-cjk

browsers: ## make sure Chromium, Firefox ESR, WebKitGTK, Xvfb and CJK fonts are installed
	@missing="$$(for p in $(BROWSER_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done)"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

chromium: browsers ## (kept for old habits) same as `make browsers`

serve: setup ## build and serve the site at http://127.0.0.1:8000/ (rebuilds on change)
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:$(PORT) --livereload

site: setup ## build the static site into site/
	$(VENV)/bin/mkdocs build --strict

# The suite mostly waits on browsers: two test processes (pytest-xdist), each test file kept in
# one process so its browser sessions start once (docs-dev/adr/0011-parallel-tests.md).
TEST_WORKERS ?= 2
test: setup browsers ## set up and run the whole test suite (node unit tests first)
	node --test web/*.test.mjs web/*/*.test.mjs
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile

bench: setup browsers ## build the site and measure it (prints a table, writes bench/results/)
	$(PY) -m bench

# Japanese prose lint (textlint, preset-japanese; rules in .textlintrc.json, dictionary in
# node_modules: runs offline). Config choices: parallel 「AもBも」 is allowed, and heading ids
# {#...} and glossary 英語： lines are not counted in sentence length.
JA_PAGES := $(filter-out %.en.md,$(wildcard docs/*.md))

lint: setup ## static checks: ruff, the browser code's types (tsc --checkJs --strict: pages, and workers), textlint on the Japanese pages
	$(VENV)/bin/ruff check checker site_build tests bench
	node_modules/.bin/tsc -p tsconfig.json
	node_modules/.bin/tsc -p tsconfig.workers.json
	node_modules/.bin/textlint $(JA_PAGES)

stdlib-list: setup ## regenerate the list of stdlib files the engine needs in the browser
	node scripts/find_stdlib_modules.mjs "$$($(PY) -m site_build.bundle)" > site_build/stdlib_modules.txt.new
	mv site_build/stdlib_modules.txt.new site_build/stdlib_modules.txt

clean: ## remove build outputs (keeps .venv and node_modules)
	rm -rf site build dist *.egg-info .pytest_cache

.PHONY: help setup browsers chromium serve site test bench lint clean stdlib-list
