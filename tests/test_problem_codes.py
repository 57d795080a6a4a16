"""Problem codes live in one catalogue, and the README lists exactly that catalogue."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from iflaplans import errors
from iflaplans.errors import PROBLEM_CODES, ExtractError

PACKAGE = Path(errors.__file__).parent
README = PACKAGE.parent / "README.md"
# Error codes that end a run or a command instead of becoming a problems row.
NOT_PROBLEMS = {
    "error",
    "extract-error",
    "bad-rules",
    "invariant-broken",
    "locked",
    "bad-output-folder",
    "workers-cannot-start",
}


def _emitted_codes() -> dict[str, str]:
    """Every code the package can write: class ``code`` attributes and Problem(...) literals."""
    found: dict[str, str] = {}
    for source in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if (
                        isinstance(item, ast.Assign)
                        and [getattr(t, "id", None) for t in item.targets] == ["code"]
                        and isinstance(item.value, ast.Constant)
                    ):
                        found[item.value.value] = f"{source.name}:{node.name}"
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "Problem"
                and len(node.args) >= 4
                and isinstance(node.args[3], ast.Constant)
            ):
                found[node.args[3].value] = f"{source.name}:{node.lineno}"
    return found


def test_every_code_the_package_can_emit_is_catalogued() -> None:
    emitted = {c: where for c, where in _emitted_codes().items() if c not in NOT_PROBLEMS}
    missing = {c: where for c, where in emitted.items() if c not in PROBLEM_CODES}
    assert not missing, f"codes missing from errors.PROBLEM_CODES: {missing}"
    assert len(emitted) >= 15, "the scan found too few codes to be trusted"


def test_every_catalogued_code_is_an_error_class_or_written_somewhere() -> None:
    emitted = _emitted_codes()
    assert set(PROBLEM_CODES) <= set(emitted), set(PROBLEM_CODES) - set(emitted)


def test_readme_lists_the_catalogue_with_its_severities() -> None:
    rows = re.findall(r"^\| `([a-z-]+)` \| (error|warning) \|", README.read_text(), re.M)
    assert dict(rows) == {c.code: c.severity for c in PROBLEM_CODES.values()}


def test_catalogue_entries_are_well_formed() -> None:
    for code, entry in PROBLEM_CODES.items():
        assert entry.code == code and re.fullmatch(r"[a-z]+(-[a-z]+)*", code)
        assert entry.severity in ("error", "warning")
        assert entry.advice[0].isupper() and entry.advice.endswith("."), code


def test_an_error_message_says_its_advice_once() -> None:
    for cls in ExtractError.__subclasses__():
        if cls.code in PROBLEM_CODES:
            assert cls("what was found").hint == PROBLEM_CODES[cls.code].advice
