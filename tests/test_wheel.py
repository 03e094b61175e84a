"""Installed as users install it: a wheel, in a fresh virtualenv, far from the source tree.

pre-commit's `language: python` hook and `pip install jxlint` both install a wheel, not the checkout;
the rule packs, the model and the reference texts must travel inside it. The test builds the wheel,
installs it with no dependencies into a new virtualenv that borrows only the test environment's
third-party packages (a .pth line: the network is not needed, and the editable install's finder is not
on that path), and lints a copy of the bundled examples from a folder outside the checkout: the JSON
must be byte-identical to the editable install's, and jxlint must be imported from the new virtualenv.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from tests.conftest import ROOT

EXAMPLES = ROOT / "corpora" / "examples"


def _run(cmd: list[str], cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600, **kwargs)


@pytest.fixture(scope="module")
def wheel_python(tmp_path_factory) -> Path:
    build = tmp_path_factory.mktemp("wheel")
    made = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(build),
                 str(ROOT)], cwd=build)
    assert made.returncode == 0, made.stdout + made.stderr
    wheel = next(build.glob("jxlint-*.whl"))
    env_dir = tmp_path_factory.mktemp("venv") / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                     cwd=build).stdout.strip())
    (site / "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    installed = _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
                     cwd=build)
    if installed.returncode != 0 and "no such option: --python" in installed.stderr:
        pytest.skip("pip too old for --python")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return python


def test_wheel_holds_the_data_and_lints_as_the_checkout_does(wheel_python, tmp_path):
    work = tmp_path / "outside"
    shutil.copytree(EXAMPLES, work / "examples")
    # a stock-text goal: G004 finds it only through the reference texts
    (work / "examples" / "stock.jsonl").write_text(json.dumps(
        {"id": "P020", "unit": "岳阳市人民政府办公室", "project": "专项工作经费", "long_term_goal": "2023年前建成全市统一的政务服务平台",
         "annual_goal": "保证各项工作顺利开展，严格控制三公经费支出"}, ensure_ascii=False) + "\n", encoding="utf-8")
    where = _run([str(wheel_python), "-c", "import linter; print(linter.__file__)"], cwd=work)
    assert where.returncode == 0, where.stderr
    assert str(wheel_python.parent.parent) in where.stdout and str(ROOT) not in where.stdout

    args = ["check", "examples", "--format", "json", "--no-cache", "--isolated"]
    from_wheel = _run([str(wheel_python), "-m", "linter", *args], cwd=work)
    from_checkout = _run([sys.executable, "-m", "linter", *args], cwd=work)
    assert from_wheel.returncode == from_checkout.returncode == 1, from_wheel.stderr
    assert from_wheel.stdout == from_checkout.stdout
    assert '"G001"' in from_wheel.stdout and '"G004"' in from_wheel.stdout  # classifier and reference texts loaded
