"""--engine dask when the workers die: the chunks they held are linted on the driver, named on stderr, and no
form is lost or counted twice (the findings are those of --jobs 1)."""

from __future__ import annotations

import pytest

from linter.config import Settings
from linter.engine import _chunk_findings, _form_findings, selected_rules
from linter.readers import read_input
from tests.conftest import ROOT

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")


def test_a_chunk_whose_workers_die_is_linted_on_the_driver(capsys):
    from linter import dask_engine

    forms = [f for name in ("project_bad_indicators.yaml", "project_bad_slogan.yaml", "department_bad.yaml")
             for f in read_input(str(ROOT / "corpora" / "examples" / name), 2 ** 20).forms]
    rules = selected_rules(Settings())

    def dies_on_a_worker(codes, chunk):  # a closure, so cloudpickle sends it by value
        import os

        from distributed import get_worker

        try:
            get_worker()
        except ValueError:  # not on a worker: the driver's fallback
            return _chunk_findings(codes, chunk)
        os._exit(1)

    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            dask_engine.dask_client(None, 2) as client:
        per_form, clean = dask_engine.form_findings(forms, rules, client, None, dies_on_a_worker)
    expected, expected_clean = _form_findings(forms, rules, None)
    as_codes = [[(r.code, f) for r, f in found] for found in per_form]
    assert as_codes == [[(r.code, f) for r, f in found] for found in expected]
    assert clean == expected_clean and len(per_form) == len(forms)
    err = capsys.readouterr().err
    assert "died" in err and "linting them here" in err and "Traceback" not in err
