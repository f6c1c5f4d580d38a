# atlaspress project commands. `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
VENDOR := src/atlaspress/_vendor
NODE   := frontend/node_modules
PORT   ?= 8000

.PHONY: install lock versions demo test test-fast lint golden bench docs browser clean

## install: Python venv + package (editable, with dev tools) and front-end assets; quick when nothing changed
install: $(VENV)/.installed $(VENDOR)/.stamp
	@# Bytecode for the editable package, written even where PYTHONDONTWRITEBYTECODE is set
	@# (compiling every module on each run was ~0.4 s of a build); only changed files are redone.
	@$(BIN)/python -m compileall -q src/atlaspress >/dev/null

# Every Python package, direct and transitive, comes from the hashed lock; atlaspress itself is
# installed editable on top, with no dependency resolution and no build isolation (setuptools
# is in the lock too), so nothing unpinned reaches a fresh machine.
$(VENV)/.installed: requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	@touch $@

## lock: re-resolve every Python dependency to the newest versions pyproject.toml allows (then review goldens: README)
lock: install
	printf 'pip\nsetuptools>=77\nwheel\n' | $(BIN)/uv pip compile pyproject.toml - --extra dev \
	  --generate-hashes --python-version 3.11 --no-header --upgrade -o requirements.lock
	$(MAKE) install

$(NODE)/.package-lock.json: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Front-end packages are build output copied into the Python package (git-ignored).
$(VENDOR)/.stamp: $(NODE)/.package-lock.json scripts/vendor.sh scripts/subset_fonts.py $(VENV)/.installed
	PYTHON=$(BIN)/python bash scripts/vendor.sh $(NODE) $(VENDOR)
	@touch $@

## versions: print the resolved versions of every tool and package (CI logs show what ran)
versions: install
	@echo "python: $$($(BIN)/python --version 2>&1)"; echo "node: $$(node --version)"; echo "npm: $$(npm --version)"
	@command -v chromium >/dev/null 2>&1 && chromium --version 2>/dev/null || echo "chromium: not installed yet"
	@$(BIN)/python -m pip list --format=freeze --exclude-editable --disable-pip-version-check | tr '\n' ' '; echo
	@cd frontend && npm ls --omit=dev --depth=0 2>/dev/null | tail -n +2

## browser: Debian's Chromium, a CJK font and Java (for vnu, the HTML checker) for the browser tests (apt, only when missing)
browser:
	@command -v chromium >/dev/null 2>&1 && command -v java >/dev/null 2>&1 && \
	  fc-list 2>/dev/null | grep -qi -e nanum -e 'noto sans cjk' || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-nanum \
	    default-jre-headless >/dev/null; }

## demo: build examples/demo and serve it on http://127.0.0.1:$(PORT) with live reload (serve builds once)
demo: install
	$(BIN)/atlaspress serve examples/demo --out examples/demo/public --port $(PORT)

## test: the whole suite, browser tests included (axe-core and vnu-jar come from frontend devDependencies)
test: install browser
	$(BIN)/python -m pytest -q

## test-fast: everything except the browser tests
test-fast: install
	$(BIN)/python -m pytest -q -m "not browser"

## lint: ruff and mypy
lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy src

## golden: regenerate golden files (review the diff before committing)
golden: install
	UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/golden tests/unit/geo

## docs: regenerate docs/content-format.md and docs/cli.md
docs: install
	$(BIN)/python -m atlaspress.app.docs docs

## bench: build and locator benchmarks
bench: install
	$(BIN)/python benchmarks/build.py
	@test ! -f benchmarks/locator.py || $(BIN)/python benchmarks/locator.py

clean:
	rm -rf $(VENV) $(NODE) $(VENDOR) examples/demo/public .pytest_cache
