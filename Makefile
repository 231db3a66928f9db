# The two commands of the README: `make demo` and `make test`. Both install the Debian packages
# they need (scripts/system-packages) and create .venv/ when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint format bench clean system-packages

system-packages:
	scripts/system-packages

$(STAMP): pyproject.toml | system-packages
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Development mode (debug on): the server and one background job worker; Ctrl-C stops both.
demo: system-packages $(STAMP)
	$(BIN)/ndrc migrate --noinput
	$(BIN)/ndrc compilemessages --ignore=.venv
	$(BIN)/ndrc demo
	export NDRC_DEBUG=true; \
	$(BIN)/ndrc db_worker --queue-name='*' & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/ndrc runserver 127.0.0.1:8000

# Python writes its compiled sources (__pycache__/, ignored by git) even where the environment
# says not to: each test process and each `ndrc` a test starts would compile every source again.
test: export PYTHONDONTWRITEBYTECODE =
test: system-packages $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/ndrc compilemessages --ignore=.venv
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	$(BIN)/python bench/deliberation.py --repeat 3

clean:
	rm -rf $(VENV) var
