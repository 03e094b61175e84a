"""pre-commit: the hook manifest validates, and pre-commit runs jxlint on a repository's forms.

The hook in .pre-commit-hooks.yaml is `language: python`: for a team repository pre-commit builds a
virtualenv and installs jxlint and its dependencies from the index. This test must run offline, so
its temporary repository uses a `repo: local` hook with `language: system` whose entry is this
checkout's installed `jxlint` (the same Python the tests run under); every other field (files,
exclude, require_serial, pass_filenames) is copied from the shipped manifest, so the manifest's
file patterns are what is tested.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

EXAMPLES = ROOT / "corpora" / "examples"
BIN = Path(sys.executable).parent
PRE_COMMIT = shutil.which("pre-commit", path=str(BIN)) or shutil.which("pre-commit")
JXLINT = shutil.which("jxlint", path=str(BIN)) or shutil.which("jxlint")

pytestmark = pytest.mark.skipif(not (PRE_COMMIT and JXLINT and shutil.which("git")),
                                reason="needs git, pre-commit and jxlint installed")


def manifest_hook() -> dict:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return next(h for h in hooks if h["id"] == "jxlint")


def test_manifest_is_valid_for_pre_commit():
    result = subprocess.run([PRE_COMMIT, "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    hook = manifest_hook()
    assert hook["entry"] == "jxlint check" and hook["language"] == "python"
    assert hook["require_serial"] is True and hook["pass_filenames"] is True


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "test@example.com")
    git(repo, "config", "user.name", "test")
    hook = manifest_hook()
    local = {k: hook[k] for k in ("id", "name", "files", "exclude", "types", "require_serial", "pass_filenames")}
    local.update(entry=f"{JXLINT} check", language="system")
    config = {"repos": [{"repo": "local", "hooks": [local]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    (repo / "forms").mkdir()
    shutil.copy(EXAMPLES / "project_good_2021.yaml", repo / "forms" / "good.yaml")
    (repo / "README.md").write_text("not a form\n", encoding="utf-8")
    return repo


def pre_commit(repo: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1",
           "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    git(repo, "add", "-A")
    return subprocess.run([PRE_COMMIT, "run", "--all-files", "--color", "never"], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=300)


def test_pre_commit_passes_good_forms_and_fails_a_bad_one(repo, tmp_path):
    good = pre_commit(repo, tmp_path)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "jxlint" in good.stdout and "Passed" in good.stdout

    shutil.copy(EXAMPLES / "project_bad_slogan.yaml", repo / "forms" / "bad.yaml")
    bad = pre_commit(repo, tmp_path)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    assert "forms/bad.yaml" in bad.stdout and "G001" in bad.stdout
    assert "forms/good.yaml:" not in bad.stdout  # the good form has no finding
