"""Settings: defaults, then jxlint.toml or [tool.jxlint] in pyproject.toml, then the command line.

The config file is found by walking up from the first input path (as ruff does), so a
folder of forms can carry its own budget year and rule selection.
"""

from __future__ import annotations

import os

import fnmatch
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from linter.registry import SEVERITIES, Rule

CONFIG_FILES = ("jxlint.toml", ".jxlint.toml", "pyproject.toml")
COMMAND_LINE = "command line"  # the origin of CLI overrides: their errors name the option (`--select`)
KNOWN_KEYS = {"select", "ignore", "extend-select", "severity", "per-file-ignores", "fail-on",
              "budget-year", "lang", "max-file-mb", "preset", "exclude", "extend-exclude", "force-exclude",
              "cache-dir"}
# Settings that choose which files are read or where the cache lives, not what a form's findings are
NOT_FINDINGS = ("config", "exclude", "extend-exclude", "force-exclude", "cache-dir")


class ConfigError(Exception):
    """A setting that cannot be used; the CLI exits 2 with this message."""


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    fail_on: str = "error"
    budget_year: int | None = None
    preset: str | None = None
    lang: str = "zh"
    max_file_mb: float = 25.0
    config_path: str | None = None
    exclude: tuple[str, ...] = ()
    extend_exclude: tuple[str, ...] = ()
    force_exclude: bool = False
    cache_dir: str | None = None  # as written in the config file: relative to its folder
    stdin_filename: str | None = None  # --stdin-filename: the name standard input is read and reported as

    def is_selected(self, code: str) -> bool:
        """Selected by --select/--extend-select and not --ignore'd; the longest matching prefix wins."""
        best_select = max((_specificity(p) for p in self.select + self.extend_select if _matches(code, p)), default=-1)
        best_ignore = max((_specificity(p) for p in self.ignore if _matches(code, p)), default=-1)
        return best_select >= 0 and best_select > best_ignore

    def severity_of(self, r: Rule) -> str:
        for prefix in sorted(self.severity, key=len, reverse=True):
            if _matches(r.code, prefix):
                return self.severity[prefix]
        return r.severity

    def ignored_for_path(self, code: str, path: str) -> bool:
        """A per-file-ignores entry whose glob matches the path relative to the config file's folder (ruff's way)."""
        if not self.per_file_ignores:
            return False
        return any(self._glob_hit(path, pattern) and any(_matches(code, p) for p in codes)
                   for pattern, codes in self.per_file_ignores.items())

    def excluded(self, path: str) -> bool:
        """An `exclude`/`extend-exclude` glob matches the file or folder (relative to the config file's folder)."""
        return any(self._glob_hit(path, p) for p in self.exclude + self.extend_exclude)

    def _glob_hit(self, path: str, pattern: str) -> bool:
        if os.path.isabs(pattern):  # an absolute pattern is matched against the absolute path
            return fnmatch.fnmatchcase(Path(os.path.abspath(path)).as_posix(), Path(pattern).as_posix())
        return glob_matches(self.relative_parts(path), pattern)

    def base_folder(self) -> Path:
        """Globs and the cache folder of a config file are relative to its folder; without one, to the current one."""
        return Path(os.path.abspath(os.path.dirname(self.config_path))) if self.config_path else Path(os.path.abspath("."))

    def relative_parts(self, path: str) -> tuple[str, ...]:
        """The path's components below the base folder (`..` first when it lies outside it)."""
        return Path(os.path.relpath(os.path.abspath(path), self.base_folder())).parts

    def as_dict(self) -> dict[str, Any]:
        return {
            "config": self.config_path, "select": list(self.select), "extend-select": list(self.extend_select),
            "ignore": list(self.ignore), "severity": self.severity,
            "per-file-ignores": {k: list(v) for k, v in self.per_file_ignores.items()},
            "fail-on": self.fail_on, "budget-year": self.budget_year, "preset": self.preset, "lang": self.lang,
            "max-file-mb": self.max_file_mb, "exclude": list(self.exclude), "extend-exclude": list(self.extend_exclude),
            "force-exclude": self.force_exclude, "cache-dir": self.cache_dir,
        }


def glob_matches(parts: tuple[str, ...], pattern: str) -> bool:
    """ruff's globs: one without `/` matches any file or folder name on the path (`legacy`, `*_old.yaml`);
    one with `/` matches the path from the base folder, or a folder of it (`forms/2020`, `forms/*/draft.yaml`)."""
    pattern = pattern.strip().removeprefix("./").rstrip("/")
    if "/" not in pattern:
        return any(fnmatch.fnmatchcase(part, pattern) for part in parts)
    return any(fnmatch.fnmatchcase("/".join(parts[:n]), pattern) for n in range(1, len(parts) + 1))


def _specificity(prefix: str) -> int:
    return 0 if prefix == "ALL" else len(prefix)


def _matches(code: str, prefix: str) -> bool:
    return prefix == "ALL" or code.startswith(prefix)


def find_config(start: str) -> Path | None:
    """The nearest jxlint.toml, .jxlint.toml or pyproject.toml with [tool.jxlint], walking up."""
    path = Path(os.path.abspath(start if start != "-" else "."))  # not resolve(): a symlink loop would raise
    folder = path if path.is_dir() else path.parent
    for candidate in (folder, *folder.parents):
        for name in CONFIG_FILES:
            config = candidate / name
            if config.is_file() and (name != "pyproject.toml" or _jxlint_table(config) is not None):
                return config
    return None


def _jxlint_table(pyproject: Path) -> Any:
    tool = _read_toml(pyproject).get("tool")
    return tool.get("jxlint") if isinstance(tool, dict) else None


def _read_toml(path: Path) -> dict[str, Any]:
    """A TOML file in UTF-8 (with or without BOM), UTF-16 with BOM or GBK, as the form readers decode text."""
    from linter.readers.decode import DecodeError, decode_bytes

    try:
        text, _encoding = decode_bytes(path.read_bytes())
        return tomllib.loads(text)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc.strerror or exc}") from None
    except DecodeError as exc:
        raise ConfigError(f"{path}: cannot read config (write it in UTF-8, UTF-16 with a BOM, or GBK): {exc.text.en}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def load_config(path: Path) -> Settings:
    data = _jxlint_table(path) if path.name == "pyproject.toml" else _read_toml(path)
    data = {} if data is None else data  # a pyproject.toml given with --config may have no [tool.jxlint]
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: [tool.jxlint] must be a table of settings")
    return apply(Settings(config_path=str(path)), data, str(path))


def apply(settings: Settings, data: dict[str, Any], origin: str) -> Settings:
    """Overlay settings given as a config mapping (from a file or from CLI options)."""
    unknown = set(data) - KNOWN_KEYS
    if unknown:
        raise ConfigError(f"{origin}: unknown setting(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(KNOWN_KEYS))}")
    changes: dict[str, Any] = {}
    for key in ("select", "ignore", "extend-select"):
        if key in data:
            changes[key.replace("-", "_")] = tuple(_codes(data[key], _where(origin, key)))
    if "severity" in data:
        changes["severity"] = {**settings.severity, **_severity_map(data["severity"], origin)}
    if "per-file-ignores" in data:
        table = data["per-file-ignores"]
        if not isinstance(table, dict):
            raise ConfigError(f"{origin}: per-file-ignores must be a table of glob = [codes]")
        changes["per_file_ignores"] = {str(k): tuple(_codes(v, f"{origin}: per-file-ignores {k}")) for k, v in table.items()}
    if "fail-on" in data:
        changes["fail_on"] = _severity_name(data["fail-on"], _where(origin, "fail-on"))
    if "budget-year" in data:
        year = data["budget-year"]
        if not isinstance(year, int) or not 1990 <= year <= 2100:
            raise ConfigError(f"{_where(origin, 'budget-year')} must be a year such as 2021, got {year!r}")
        changes["budget_year"] = year
    if "preset" in data:
        from linter.rulesets import load_ruleset

        presets = load_ruleset("indicator_types")["presets"]
        if not isinstance(data["preset"], str) or data["preset"] not in presets:
            raise ConfigError(f"{origin}: preset must be one of {', '.join(presets)}, got {data['preset']!r}")
        changes["preset"] = data["preset"]
    if "lang" in data:
        if data["lang"] not in ("zh", "en"):
            raise ConfigError(f"{origin}: lang must be zh or en, got {data['lang']!r}")
        changes["lang"] = data["lang"]
    for key in ("exclude", "extend-exclude"):
        if key in data:
            changes[key.replace("-", "_")] = _globs(data[key], _where(origin, key))
    if "force-exclude" in data:
        if not isinstance(data["force-exclude"], bool):
            raise ConfigError(f"{_where(origin, 'force-exclude')} must be true or false, got {data['force-exclude']!r}")
        changes["force_exclude"] = data["force-exclude"]
    if "cache-dir" in data:
        if not isinstance(data["cache-dir"], str) or not data["cache-dir"].strip():
            raise ConfigError(f"{_where(origin, 'cache-dir')} must be a folder name, got {data['cache-dir']!r}")
        changes["cache_dir"] = data["cache-dir"]
    if "max-file-mb" in data:
        size = data["max-file-mb"]
        if not isinstance(size, (int, float)) or size <= 0:
            raise ConfigError(f"{origin}: max-file-mb must be a positive number, got {size!r}")
        changes["max_file_mb"] = float(size)
    return replace(settings, **changes)


def _where(origin: str, key: str) -> str:
    """What an error names: the option (`--select`) on the command line, `file: key` in a config file."""
    return f"--{key}" if origin == COMMAND_LINE else f"{origin}: {key}"


def _globs(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{where}: expected a list of glob patterns, e.g. [\"legacy\", \"forms/2019/*.yaml\"]")
    return tuple(value)


def _codes(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        value = [v for v in value.replace(" ", "").split(",") if v]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of rule codes or prefixes")
    codes = [v.strip().upper() for v in value]
    if "" in codes:  # an empty prefix would match every rule
        raise ConfigError(f"{where}: empty rule code in {value!r}")
    bad = [c for c in codes if c != "ALL" and not _known_prefix(c)]
    if bad:
        raise ConfigError(f"{where}: unknown rule code or prefix {', '.join(bad)} (see `jxlint rules`)")
    return codes


def _known_prefix(prefix: str) -> bool:
    from linter.codes import all_rules

    return any(r.code.startswith(prefix) for r in all_rules())


def _severity_name(value: Any, where: str) -> str:
    aliases = {"e": "error", "w": "warning", "i": "info"}
    name = aliases.get(str(value).lower(), str(value).lower())
    if name not in SEVERITIES:
        raise ConfigError(f"{where}: severity must be error, warning or info, got {value!r}")
    return name


def _severity_map(value: Any, origin: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ConfigError(f"{origin}: severity must be a table of CODE = \"error|warning|info\"")
    where = _where(origin, "severity")
    return {code: _severity_name(sev, f"{where} {code}") for code, sev in zip(_codes(list(value), where), value.values())}
