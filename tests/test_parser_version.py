"""The parser version hashes what parsing reads: readers, normalizers, rules, and no more."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from iflaplans.rules import files as ruledata
from iflaplans.rules.files import NOT_PARSER_CODE, PARSER_CODE, parser_sources, rules_version
from tests.conftest import GOLDEN


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the package that ``rules_version`` reads instead of the real one."""
    copy = tmp_path / "iflaplans"
    shutil.copytree(ruledata.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(ruledata, "PACKAGE_DIR", copy)
    monkeypatch.setattr(ruledata, "RULES_DIR", copy / "rules")
    monkeypatch.setattr(ruledata, "DATA_DIR", copy / "data")
    return copy


def _touch(path: Path) -> None:
    """Change a file the way an edit would (a new file is created)."""
    comment = b"\n# edited\n" if path.suffix == ".py" else b"\n"
    with open(path, "ab") as fh:
        fh.write(comment)


@pytest.mark.parametrize(
    "edited",
    [
        "extract/text.py",
        "extract/pdf/unruled.py",
        "extract/pdf_tables.py",  # a new reader module counts from the day it is added
        "extract/formats/odt.py",  # and so does one in a new subfolder
        "normalize/timeframe/cell.py",
        "normalize/units.py",
        "years.py",
        "model/records.py",
        "rules/timeframe.yaml",
        "rules/headings.yaml",
        "data/ifla-units.csv",
    ],
)
def test_version_changes_with_what_parsing_reads(package: Path, edited: str) -> None:
    before = rules_version()
    (package / edited).parent.mkdir(parents=True, exist_ok=True)
    _touch(package / edited)
    assert rules_version() != before


@pytest.mark.parametrize(
    "edited",
    [
        "publish/report.py",
        "cli.py",
        "publish/write.py",
        "pipeline.py",
        "publish/duckdb_export.py",
        "notes.py",
    ],
)
def test_version_stays_when_the_rest_changes(package: Path, edited: str) -> None:
    before = rules_version()
    _touch(package / edited)
    assert rules_version() == before


def test_version_changes_with_a_moved_module(package: Path) -> None:
    before = rules_version()
    (package / "normalize" / "tasks.py").rename(package / "normalize" / "task_cells.py")
    assert rules_version() != before


def test_version_changes_with_a_rule_file_of_a_rules_folder(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    shutil.copy(ruledata.packaged("timeframe.yaml"), rules / "timeframe.yaml")
    assert rules_version(rules) == rules_version()
    _touch(rules / "timeframe.yaml")
    assert rules_version(rules) != rules_version()


def test_every_listed_module_exists_and_is_listed_once() -> None:
    root = ruledata.PACKAGE_DIR
    for pattern in PARSER_CODE:
        assert list(root.glob(pattern)), f"{pattern} in PARSER_CODE matches no file"
    hashed = {p.relative_to(root).as_posix() for p in parser_sources()}
    assert not hashed & set(NOT_PARSER_CODE), "a module is both parser code and not"


# Imports the reader as a worker does, reads the given plans, and reports
# every module of the package that is then loaded.
_PROBE = """
import json, sys
from pathlib import Path
from iflaplans.batch.reading import read_file
from iflaplans.rules.resources import load_resources
from iflaplans.settings import Settings

corpus = Path(sys.argv[1])
resources = load_resources()
formats = {}
for name in sys.argv[2:]:
    result = read_file(corpus / name, corpus, Settings(), resources)
    formats[name] = result.plan.document.source_format if result.plan else None
modules = sorted(
    module.__file__
    for name, module in list(sys.modules.items())
    if (name == "iflaplans" or name.startswith("iflaplans.")) and getattr(module, "__file__", None)
)
print(json.dumps({"formats": formats, "modules": modules}))
"""


def test_the_list_covers_every_module_reading_imports() -> None:
    # every golden plan: each format, and the layouts that need readers of their own
    plans = sorted(p.name for p in GOLDEN.iterdir() if p.is_file())
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(GOLDEN), *plans],
        capture_output=True,
        text=True,
        check=True,
        cwd=ruledata.PACKAGE_DIR.parent,
        timeout=300,
    )
    probe = json.loads(done.stdout.splitlines()[-1])
    assert set(probe["formats"].values()) == {"pdf", "docx", "txt", "html", "md"}, probe
    root = ruledata.PACKAGE_DIR
    loaded = {Path(f).resolve().relative_to(root).as_posix() for f in probe["modules"]}
    hashed = {p.relative_to(root).as_posix() for p in parser_sources()}
    forgotten = sorted(loaded - hashed - set(NOT_PARSER_CODE))
    assert not forgotten, (
        f"reading a plan imports {forgotten}: add each to ruledata.PARSER_CODE "
        "(or, if nothing a file reads into depends on it, to NOT_PARSER_CODE)"
    )
