# Two commands: `make run` and `make test`. Both create or refresh .venv from pyproject.toml.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed


.PHONY: run test lint typecheck check bench dist screenshots clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,dev]"
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/cspr-desktop

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/cspr validate
	# Two workers, a test file each at a time: the suite takes about half as long on two cores.
	$(BIN)/python -m pytest -n 2 --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

# The benchmark measures the bundle too, so it builds it first (about a minute).
bench: dist
	$(BIN)/python -m benchmarks

# The one-folder desktop bundle, dist/cspr-desktop/ (see build.spec and docs/install.md).
# PyInstaller comes from the project's own `dist` extra; its log goes to build/pyinstaller.log.
DIST_STAMP := $(VENV)/.installed-dist

$(DIST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dist]"
	@touch $@

dist: $(DIST_STAMP)
	@mkdir -p build
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --workpath build/pyinstaller \
		--distpath dist build.spec > build/pyinstaller.log 2>&1 \
		|| { tail -n 40 build/pyinstaller.log; exit 1; }
	@grep '^bundle_trim: left out' build/pyinstaller.log || true
	@du -sh dist/cspr-desktop

screenshots: $(STAMP)
	$(BIN)/python -m tools.screenshots.main docs/screenshots
	$(BIN)/python -m tools.screenshots.training docs/screenshots
	# A small laptop screen and 150% text, as the screen-fit test renders them.
	rm -rf build/fit-shots && mkdir -p build/fit-shots
	CSPR_SHOTS_DIR=build/fit-shots $(BIN)/python -m pytest -q -p no:cacheprovider tests/ui/test_screens_fit.py
	cp build/fit-shots/1280x720-bruising-non-mobile-section3.png docs/screenshots/screen-1280x720.png
	cp build/fit-shots/1366x768-text150-safer-sleep-section2.png docs/screenshots/text-150-percent.png
	cp build/fit-shots/1366x768-presenter150-meeting.png docs/screenshots/presenter-zoom-meeting.png

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
