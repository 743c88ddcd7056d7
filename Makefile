# Two commands: `make lab` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab test test-kernels lint bench nav site slides clean upgrade

# The tested versions: requirements.lock pins every package (make upgrade re-resolves it).
$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit("Python >= 3.10 is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 10) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[test]"
	touch $(STAMP)

# The course's Jupyter server settings (kernel messages sent at once: see the file), loaded by
# every `jupyter lab` / `jupyter notebook` of this environment, the test suite's included.
SERVER_CONFIG := $(VENV)/etc/jupyter/jupyter_server_config.py

$(SERVER_CONFIG): tools/jupyter_server_config.py $(STAMP)
	mkdir -p $(dir $(SERVER_CONFIG))
	cp tools/jupyter_server_config.py $(SERVER_CONFIG)

## Open JupyterLab at the first notebook, on 127.0.0.1 with token authentication on.
# (--allow-root only when run as root, e.g. in a container; token authentication stays on.)
lab: $(STAMP) $(SERVER_CONFIG)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir="$(CURDIR)" \
		--LabApp.default_url=/lab/tree/notebooks/00-index.ipynb \
		$(if $(filter 0,$(shell id -u)),--allow-root)

## Run every test: helpers, mathnote claims, notebooks in a kernel, notebooks in a real browser, lint.
test: $(STAMP) $(SERVER_CONFIG)
	$(BIN)/python -m pytest

## The numerics-sensitive tests (training, the ring, mathnote claims, executed notebooks) again
## under the other OpenBLAS kernels, Haswell and SkylakeX, and on one thread: no result may depend
## on the machine. A kernel the CPU cannot run, or that `make test` already used, is skipped with
## the reason printed (tools/kernel_matrix.py). CI runs `make test test-kernels`.
test-kernels: $(STAMP) $(SERVER_CONFIG)
	$(BIN)/python tools/kernel_matrix.py

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

## The kernel-free site (build/site): every notebook executed and rendered, sliders that still
## move their figure (pre-rendered frames), mathnotes with their math, the course map, slides.
## MathJax and reveal.js come from npm at build time (tools/site/package-lock.json).
SITE_NODE := tools/site/node_modules/.package-lock.json

$(SITE_NODE): tools/site/package.json tools/site/package-lock.json
	@command -v npm >/dev/null || { echo "make site needs npm (Debian: sudo apt-get install nodejs npm)"; exit 1; }
	cd tools/site && npm ci --no-audit --no-fund
	touch $(SITE_NODE)

site: $(STAMP) $(SITE_NODE)
	PYTHONPATH="$(CURDIR)" $(BIN)/python tools/site/build.py --what site

## reveal.js decks of every notebook for lecturers: one idea per slide, prose in speaker notes (build/site/slides).
slides: $(STAMP) $(SITE_NODE)
	PYTHONPATH="$(CURDIR)" $(BIN)/python tools/site/build.py --what slides
	@echo "slides: build/site/slides/*.html (open one in a browser; press S for speaker notes)"

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
