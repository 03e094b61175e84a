# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
JXLINT := $(VENV)/bin/jxlint

.PHONY: setup run test bench model clean chromium

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,dask]'
	touch $@

# Lint the bundled example forms. Findings (exit 1) are the point here; only exit 2 is a failure.
run: setup
	$(JXLINT) check corpora/examples --statistics; test $$? -le 1

test: setup chromium
	$(PY) -m pytest -q

# The browser tests (tests/test_triage_html.py, tests/test_web_e2e.py) drive a real headless Chromium
# (Debian's chromium and chromium-driver) and need CJK fonts; install them when missing (CI runs as root).
chromium:
	@missing=""; [ -x /usr/bin/chromium ] || missing="chromium"; \
	[ -x /usr/bin/chromedriver ] || missing="$$missing chromium-driver"; \
	[ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || missing="$$missing fonts-noto-cjk"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get install -y --no-install-recommends $$missing || \
	      { apt-get update && apt-get install -y --no-install-recommends $$missing; }; \
	  else \
	    echo "make: cannot install$$missing (needs root and apt-get); the browser tests will be skipped"; \
	  fi; \
	fi

bench: setup
	$(PY) bench/bench_cli.py
	$(PY) bench/bench_serve.py
	$(PY) bench/bench_batch.py --sizes 10000 30000 --runs 1
	$(PY) bench/bench_engines.py

# Retrain the vague-goal classifier from corpora/labels (writes linter/models/goal_classifier*.json).
model: setup
	$(PY) linter/models/train_goal_classifier.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
