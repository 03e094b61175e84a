"""The rule packs: YAML data the rules read (lexicons, thresholds, specs), shipped inside the package.

Files are found with importlib.resources, so an installed wheel reads the same data as a checkout.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

# libyaml's loader parses the rule packs about ten times faster than the pure-Python one (a cold one-form
# run reads all of them); PyYAML's wheels ship it, a source build may not.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def data_path(package: str, name: str) -> Path:
    """The file `name` of a data package of jxlint (`linter.rulesets`, `linter.models`, `linter.reference`).

    jxlint is installed as files (a wheel or a checkout, never a zip), so the resource is a real path that
    jieba and open() can take."""
    return Path(str(resources.files(package).joinpath(name)))


RULESETS_DIR = data_path(__name__, "")


@cache
def load_ruleset(name: str) -> Any:
    """Parsed content of the rule pack <name>.yaml, read once per process."""
    with data_path(__name__, f"{name}.yaml").open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_LOADER)  # noqa: S506 - a safe loader, C or Python
