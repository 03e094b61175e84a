"""Load the YAML rule packs in rulesets/ (lexicons, thresholds, specs): data, not code."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

RULESETS_DIR = Path(__file__).resolve().parent.parent / "rulesets"


@cache
def load_ruleset(name: str) -> Any:
    """Parsed content of rulesets/<name>.yaml, read once per process."""
    path = RULESETS_DIR / f"{name}.yaml"
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)
