# The two commands the README names: `make run` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: setup run test bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml scripts/setup
	bash scripts/setup
	touch $@

run: setup
	$(VENV)/bin/intake gui

test: setup
	$(VENV)/bin/ruff check intake crypto forms ui tests bench
	$(VENV)/bin/mypy
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

bench: setup
	$(PY) -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
