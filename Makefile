# Shortcuts for the two commands the README names (scripts/run, scripts/test).
.PHONY: setup run test bench clean

setup:
	bash scripts/setup

run:
	bash scripts/run

test:
	bash scripts/test $(PYTEST_ARGS)

bench: setup
	.venv/bin/python -m bench $(BENCH_ARGS)

clean:
	rm -rf .venv .pytest_cache .mypy_cache .ruff_cache
