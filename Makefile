# The two everyday commands are `make serve` and `make test`; each sets up
# everything it needs on a fresh machine first (virtual environments, pip,
# npm and, for the browser tests, Debian's Chromium).

VENV      := .venv
PY        := $(VENV)/bin/python
LOCK_VENV := .venv-lock
CHROMIUM  := /usr/bin/chromium
export PYTHONDONTWRITEBYTECODE := 1
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test build public bench setup lock chromium clean lint

serve: setup
	PLAYBOOK_SITE_URL=http://127.0.0.1:8000/ $(VENV)/bin/mkdocs serve --livereload --watch data --watch macros --watch calculators --watch playbook_plugin

# The suite spreads over the machine's cores (pytest-xdist, TEST_WORKERS of
# them) a test at a time; tests that share what their file builds (a module
# fixture) go to one worker together, so it is built once, and the editions
# the whole suite shares are built once (tests/conftest.py).
# PYTEST_ARGS adds options: -k NAME, a path, or -n 0 for one process.
TEST_WORKERS ?= auto
test: setup chromium
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS); status=$$?; \
	  if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing" >&2; exit 1; fi; exit $$status

build: setup
	PLAYBOOK_EDITION=internal $(VENV)/bin/mkdocs build --strict --site-dir site

# DEPLOY=1 (the deploy workflow's) refuses to build while data/site.yml sets no
# contact channel: the published site must offer a way to act.
DEPLOY ?=
public: setup
	PLAYBOOK_EDITION=public PLAYBOOK_DEPLOY=$(DEPLOY) $(VENV)/bin/mkdocs build --strict --site-dir site-public

# What writers run before a pull request (make test runs the same checks as
# tests): spelling, Markdown style, then the strict build of each edition
# (data validation, broken links and anchors). Every check runs even when an
# earlier one fails; CONTRIBUTING.md explains each message.
lint: setup
	@status=0; \
	echo "== Spelling (codespell, as make serve warns; accepted words: .codespell-words.txt)"; \
	$(PY) -m playbook_plugin.spelling && echo "ok" || status=1; \
	echo "== Markdown style (pymarkdown; rules: .pymarkdown.json)"; \
	$(VENV)/bin/pymarkdown --config .pymarkdown.json scan -r docs *.md && echo "ok" || status=1; \
	for edition in internal public; do \
	  echo "== Data, links and anchors: $$edition edition (mkdocs build --strict)"; \
	  if out=$$(PLAYBOOK_EDITION=$$edition $(VENV)/bin/mkdocs build --strict --site-dir .cache/lint-$$edition 2>&1); \
	  then echo "ok"; else printf '%s\n' "$$out" | grep -v '^INFO' ; status=1; fi; \
	done; \
	if [ $$status -eq 0 ]; then echo "All checks passed."; else echo "Some checks failed: fix the lines above (see CONTRIBUTING.md)." >&2; fi; \
	exit $$status

bench: setup chromium
	$(PY) scripts/bench.py

# The three installs are independent: on a fresh machine they run side by side
# (and when all are up to date, setup says nothing).
INSTALLS := $(VENV)/.installed $(LOCK_VENV)/.installed node_modules/.installed
setup:
	@$(MAKE) -q $(INSTALLS) || $(MAKE) --no-print-directory -j3 $(INSTALLS)

# Python packages come from lock files with hashes (requirements/*.txt, made by
# `make lock`), so every machine installs exactly what CI tested; the project
# itself is installed on top without its own dependencies or build isolation
# (setuptools is in the lock).
PIP_INSTALL := -m pip install --quiet --disable-pip-version-check

$(VENV)/.installed: requirements/site-and-test.txt pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) $(PIP_INSTALL) --require-hashes -r requirements/site-and-test.txt
	$(PY) $(PIP_INSTALL) --no-deps --no-build-isolation -e .
	touch $@

# pyodide-lock (for `pyodide lockfile add-wheels`) needs Python >= 3.12.
$(LOCK_VENV)/.installed: requirements/pyodide-lock.txt
	test -x $(LOCK_VENV)/bin/python || $$(scripts/python312) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python $(PIP_INSTALL) --require-hashes -r requirements/pyodide-lock.txt
	touch $@

# Re-pin after changing a version in pyproject.toml or requirements/pyodide-lock.in:
# pip-tools resolves every package the pins pull in and writes each with its hashes.
PIP_TOOLS := pip-tools==7.6.2
COMPILE   := --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
lock:
	test -x .cache/pip-tools/bin/pip-compile || { python3 -m venv .cache/pip-tools && .cache/pip-tools/bin/python $(PIP_INSTALL) '$(PIP_TOOLS)'; }
	test -x .cache/pip-tools-lock/bin/pip-compile || { $$(scripts/python312) -m venv .cache/pip-tools-lock && .cache/pip-tools-lock/bin/python $(PIP_INSTALL) '$(PIP_TOOLS)'; }
	cd requirements && ../.cache/pip-tools/bin/pip-compile $(COMPILE) --extra site --extra test --output-file site-and-test.txt ../pyproject.toml
	cd requirements && ../.cache/pip-tools-lock/bin/pip-compile $(COMPILE) --output-file pyodide-lock.txt pyodide-lock.in

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

chromium:
	@test -x $(CHROMIUM) || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

clean:
	rm -rf site site-public .cache
