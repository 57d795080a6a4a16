"""A language written into some rule files only is reported by `iflaplans rules check`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from iflaplans.cli import app
from iflaplans.normalize.timeframe.lexicon import LEXICON_LANGUAGES
from iflaplans.rules.check import language_gaps, language_sections
from iflaplans.rules.files import packaged

runner = CliRunner()


def _edited(folder: Path, name: str, edit: Callable[[Any], object]) -> Path:
    """A rules folder holding the packaged ``name`` with ``edit`` applied to its data."""
    data = yaml.safe_load(packaged(name).read_text(encoding="utf-8"))
    edit(data)
    (folder / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


def test_the_packaged_rules_are_complete_in_every_language() -> None:
    assert language_gaps(None, LEXICON_LANGUAGES) == []
    assert runner.invoke(app, ["rules", "check"]).exit_code == 0


def test_sections_are_found_wherever_they_are_nested() -> None:
    data = {"a": {"en": [1], "fr": []}, "b": [{"id": "x", "phrases": {"de": ["y"]}}], "c": 3}
    assert language_sections(data, "f") == [
        ("f.a", frozenset({"en", "fr"})),
        ("f.b[x].phrases", frozenset({"de"})),
    ]


@pytest.mark.parametrize(
    ("name", "edit", "expected"),
    [
        # a fifth language in the status list only: every other place is reported
        (
            "timeframe.yaml",
            lambda d: d["status"][0]["phrases"].update(it=["rinviato"]),
            ["it: missing from headings.yaml.title", "it: no timeframe-it.yaml"],
        ),
        # one of the four dropped from one heading section
        (
            "headings.yaml",
            lambda d: d["columns"]["timeframe"].pop("de"),
            ["de: missing from headings.yaml.columns.timeframe"],
        ),
        # one of the four dropped from the words of unit names
        (
            "units.yaml",
            lambda d: d["plural_heads"].pop("es"),
            ["es: missing from units.yaml.plural_heads"],
        ),
        # a marker-word list for a language nothing else knows
        (
            "languages.yaml",
            lambda d: d.update(pt=["de", "para"]),
            ["pt: missing from timeframe.yaml.fillers", "pt: no timeframe-pt-forms.tsv"],
        ),
    ],
)
def test_a_language_missing_somewhere_is_reported(
    tmp_path: Path,
    name: str,
    edit,
    expected: list[str],  # type: ignore[no-untyped-def]
) -> None:
    rules = _edited(tmp_path, name, edit)
    gaps = language_gaps(rules, LEXICON_LANGUAGES)
    for line in expected:
        assert line in gaps
    result = runner.invoke(app, ["rules", "check", str(rules)])
    assert result.exit_code == 2
    assert "incomplete" in result.stderr and expected[0] in result.stderr


def test_a_lexicon_the_grammar_does_not_read_is_reported(tmp_path: Path) -> None:
    lexicon = yaml.safe_load(packaged("timeframe-fr.yaml").read_text(encoding="utf-8"))
    (tmp_path / "timeframe-it.yaml").write_text(yaml.safe_dump(lexicon), encoding="utf-8")
    gaps = language_gaps(tmp_path, LEXICON_LANGUAGES)
    assert "it: the grammar reads the lexicons of en, fr, es, de only" in gaps
    assert "it: missing from languages.yaml" in gaps
