# Two commands: `make lab` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab test lint bench nav html clean upgrade

# The tested versions: requirements.lock pins every package (make upgrade re-resolves it).
$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit("Python >= 3.10 is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 10) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[test]"
	touch $(STAMP)

## Open JupyterLab at the first notebook, on 127.0.0.1 with token authentication on.
# (--allow-root only when run as root, e.g. in a container; token authentication stays on.)
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir="$(CURDIR)" \
		--LabApp.default_url=/lab/tree/notebooks/00-index.ipynb \
		$(if $(filter 0,$(shell id -u)),--allow-root)

## Run every test: helpers, mathnote claims, notebooks in a kernel, notebooks in a real browser, lint.
test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_numerics.py

nav: $(STAMP)
	$(BIN)/python tools/navigation.py

## Re-resolve every dependency to its newest allowed version (requirements.lock, environment.yml,
## README's tested versions). Then run `make test`; commit the lock only when it is green.
upgrade: $(STAMP)
	$(BIN)/python tools/pins.py upgrade
	rm -f $(STAMP)

## A read-only HTML edition with figures, for readers who do not run anything (build/html).
html: $(STAMP)
	HELPERS_BACKEND=inline $(BIN)/jupyter nbconvert --to html --execute \
		--output-dir build/html notebooks/*.ipynb

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
