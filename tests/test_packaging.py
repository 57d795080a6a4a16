"""What an installed package holds: every data file the package reads is shipped."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "iflaplans"


def _shipped_patterns() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return list(config["tool"]["setuptools"]["package-data"]["iflaplans"])


def test_every_rule_and_data_file_is_package_data() -> None:
    patterns = _shipped_patterns()
    files = [
        p.relative_to(PACKAGE).as_posix()
        for folder in ("rules", "data")
        for p in (PACKAGE / folder).rglob("*")
        if p.is_file() and p.suffix != ".py" and "__pycache__" not in p.parts
    ]
    assert files, "no rule or data files found"
    missing = [f for f in files if not any(fnmatch(f, pattern) for pattern in patterns)]
    assert missing == [], f"not shipped in a wheel: {missing}"


def test_the_typed_marker_is_shipped() -> None:
    assert (PACKAGE / "py.typed").is_file()
    assert "py.typed" in _shipped_patterns()
