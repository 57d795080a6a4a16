"""Where the packaged rule and reference files live, and how they are read."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml

from iflaplans.errors import RulesError
from iflaplans.version import __version__

PACKAGE_DIR = Path(__file__).resolve().parent
RULES_DIR = PACKAGE_DIR / "rules"
DATA_DIR = PACKAGE_DIR / "data"
READER_CODE = (".", "extract", "normalize")


def packaged(name: str) -> Path:
    """Path of a rule file shipped in ``iflaplans/rules`` (or ``data`` for CSV)."""
    return (DATA_DIR if name.endswith(".csv") else RULES_DIR) / name


def mapping(data: Any, key: str) -> dict[str, Any]:
    """``data[key]`` when both are mappings, else an empty dict (the validator reports it)."""
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


def load_yaml_file(path: Path) -> Any:
    """Parse one YAML file; a syntax error becomes a :class:`RulesError` naming the file."""
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except (OSError, yaml.YAMLError) as exc:
        raise RulesError(str(path), [str(exc)]) from exc


RULE_FILES = ("headings.yaml", "timeframe.yaml", "languages.yaml", "ifla-units.csv")


def rule_path(rules_dir: Path | None, name: str) -> Path:
    """A rule file from ``rules_dir`` where it has one, else the packaged one."""
    override = rules_dir / name if rules_dir else None
    return override if override and override.exists() else packaged(name)


def rules_version(rules_dir: Path | None = None) -> str:
    """The version of the readers and rules: the package's, plus a hash of the rule files
    and of the code that reads plans (so an edited reader re-reads what it read before).

    Cheap (nothing is compiled), so a run can tell whether its previous results
    still hold before loading anything.
    """
    digest = hashlib.sha256()
    for name in RULE_FILES:
        digest.update(rule_path(rules_dir, name).read_bytes())
    for folder in READER_CODE:
        for source in sorted((PACKAGE_DIR / folder).glob("*.py")):
            digest.update(source.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"
