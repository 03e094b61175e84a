# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
JXLINT := $(VENV)/bin/jxlint

.PHONY: setup run test bench model clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

# Lint the bundled example forms. Findings (exit 1) are the point here; only exit 2 is a failure.
run: setup
	$(JXLINT) check corpora/examples --statistics; test $$? -le 1

test: setup
	$(PY) -m pytest -q

bench: setup
	$(PY) bench/bench_cli.py

# Retrain the vague-goal classifier from corpora/labels (writes models/goal_classifier*.json).
model: setup
	$(PY) models/train_goal_classifier.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
