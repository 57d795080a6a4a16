"""The rule and reference data a run reads, loaded and validated once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from iflaplans.errors import RulesError
from iflaplans.normalize.language import LanguageProfiles, load_languages
from iflaplans.normalize.timeframe.grammar import GrammarSet, load_grammar
from iflaplans.normalize.timeframe.lexicon import LEXICON_LANGUAGES, lexicon_file
from iflaplans.normalize.unit_words import load_unit_words
from iflaplans.normalize.units import UnitIndex, load_units
from iflaplans.rules.files import rule_path, rules_version
from iflaplans.rules.headings import Headings, load_headings
from iflaplans.version import __version__


@dataclass(frozen=True)
class Resources:
    """Template headings, timeframe grammar, language profiles and the IFLA units.

    ``parser_version`` changes with the package, with any rule file and with the
    code that reads plans (:func:`~iflaplans.rules.files.rules_version`), so a run
    with other rules or readers reads every file again.
    """

    headings: Headings
    grammars: GrammarSet
    languages: LanguageProfiles
    units: UnitIndex
    rules_dir: Path | None = None
    parser_version: str = __version__


def load_resources(rules_dir: Path | None = None) -> Resources:
    """Load every packaged rule file, or the same-named files in ``rules_dir``.

    All files are checked before anything is returned; a :class:`RulesError`
    lists the bad entries of every file at once.
    """

    def path(name: str) -> Path:
        return rule_path(rules_dir, name)

    loaded: dict[str, object] = {}
    errors: list[str] = []
    loaders: dict[str, tuple[Callable[[Path], object], str]] = {
        "headings": (load_headings, "headings.yaml"),
        "grammars": (
            lambda timeframe: load_grammar(
                timeframe, [path(lexicon_file(lang)) for lang in LEXICON_LANGUAGES]
            ),
            "timeframe.yaml",
        ),
        "languages": (load_languages, "languages.yaml"),
        "units": (
            lambda units: load_units(units, load_unit_words(path("units.yaml"))),
            "ifla-units.csv",
        ),
    }
    for key, (loader, name) in loaders.items():
        try:
            loaded[key] = loader(path(name))
        except RulesError as exc:
            errors += [f"{exc.path}: {e}" for e in exc.errors]
    if errors:
        raise RulesError(str(rules_dir or "packaged rules"), errors)
    version = rules_version(rules_dir)
    return Resources(**loaded, rules_dir=rules_dir, parser_version=version)  # type: ignore[arg-type]
