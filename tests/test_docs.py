"""Documentation that cannot drift from the code."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from iflaplans.model.schema import TABLES, descriptor_json, schema_markdown

ROOT = Path(__file__).resolve().parent.parent


def test_schema_page_is_current() -> None:
    page = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    assert page == schema_markdown(), "regenerate: iflaplans schema --format md > docs/schema.md"


def test_schema_descriptor_is_current() -> None:
    text = (ROOT / "docs" / "schema.json").read_text(encoding="utf-8")
    assert text == descriptor_json(), (
        "regenerate: iflaplans schema --format json > docs/schema.json"
    )
    assert [t["name"] for t in json.loads(text)["tables"]] == [t.name for t in TABLES]


def test_readme_names_every_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for table in TABLES:
        assert f"`{table.name}`" in readme, table.name


def test_readme_quick_start_commands_exist_in_makefile() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in re.findall(r"^make (\w+)$", readme, re.M):
        assert re.search(rf"^{target}:", makefile, re.M), target
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_readme_limits_are_the_defaults() -> None:
    from dataclasses import fields

    from iflaplans.settings import Settings

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = dict(re.findall(r"^\s*\| `(\w+)` \| (\d+)", readme, re.M))
    limits = {f.name: f.default for f in fields(Settings) if f.name.startswith(("max_", "doc"))}
    assert {k: int(v) for k, v in documented.items()} == {k: int(v) for k, v in limits.items()}


def test_readme_python_examples_run(tmp_path: Path) -> None:
    # Each example as a user would paste it: a fresh interpreter in a folder holding
    # corpus/ (and the outputs/ the first example reads, made by the last one's run).
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    assert blocks, "the README has no Python example"
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from pathlib import Path; from iflaplans import run;"
            " run(Path('corpus'), Path('outputs'))",
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    )
    for block in blocks:
        done = subprocess.run(
            [sys.executable, "-c", block], cwd=tmp_path, capture_output=True, text=True
        )
        assert done.returncode == 0, f"{block}\n{done.stderr}"
