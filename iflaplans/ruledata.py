"""Where the packaged rule and reference files live, and how they are read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from iflaplans.errors import RulesError

PACKAGE_DIR = Path(__file__).resolve().parent
RULES_DIR = PACKAGE_DIR / "rules"
DATA_DIR = PACKAGE_DIR / "data"


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
