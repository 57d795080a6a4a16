"""The timeframe grammar loaded from rules/timeframe.yaml and the per-language files
(rules/timeframe-<lang>.yaml, :mod:`iflaplans.normalize.timeframe.lexicon`), compiled for one
document language (with English) and once for every language together (the fallback).

Loading validates every entry and reports all bad ones at once; compiling
(:mod:`.grammar_compiling`) turns the entries into the patterns of a
:class:`~iflaplans.normalize.timeframe.grammar_records.Grammar`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from iflaplans.errors import RulesError
from iflaplans.normalize.language import cell_language_detector
from iflaplans.normalize.timeframe.grammar_compiling import compile_grammar
from iflaplans.normalize.timeframe.grammar_records import Grammar
from iflaplans.normalize.timeframe.lexicon import lexicon_paths, load_lexicons
from iflaplans.normalize.timeframe.rule_validation import RuleValidator
from iflaplans.rules.files import load_yaml_file, packaged


@dataclass(frozen=True)
class GrammarSet:
    """One :class:`Grammar` per language the rules know (each includes English).

    A language's grammar is compiled the first time a plan in it is read: a run over
    English plans does not pay for the others. Every entry was validated when the
    set was loaded.
    """

    languages: tuple[str, ...]
    build: Callable[[str], Grammar] = field(compare=False, repr=False)
    compiled: dict[str, Grammar] = field(default_factory=dict, compare=False, repr=False)

    @property
    def grammars(self) -> dict[str, Grammar]:
        """Every language's grammar, compiled now if it was not yet."""
        return {lang: self.for_language(lang) for lang in self.languages}

    def for_language(self, language: str | None) -> Grammar:
        """The grammar for a document language; English for an unknown one."""
        lang = language if language in self.languages else "en"
        if lang not in self.compiled:
            self.compiled[lang] = self.build(lang)
        return self.compiled[lang]


def load_grammar(path: Path | None = None, lexicons: list[Path] | None = None) -> GrammarSet:
    """Read, validate and compile the timeframe rules; raises RulesError listing every bad entry.

    ``lexicons`` are the per-language vocabulary files
    (:mod:`~iflaplans.normalize.timeframe.lexicon`); by default the ones beside ``path``.
    """
    path = path or packaged("timeframe.yaml")
    if lexicons is None:
        lexicons = lexicon_paths(path.parent)
    data = load_yaml_file(path)
    if not isinstance(data, dict):
        raise RulesError(str(path), ["the file must hold a mapping"])
    v = RuleValidator()
    lemmas = load_lexicons(data, lexicons, v.errors)
    languages: set[str] = {"en"}
    for entry in data.get("status") or []:
        if isinstance(entry, dict) and isinstance(entry.get("phrases"), dict):
            languages.update(str(k) for k in entry["phrases"])
    every = ("en", *sorted(languages - {"en"}))
    # The grammar of every language holds every entry, so compiling it checks them all.
    fallback = compile_grammar(every, data, v, lemmas)
    if v.errors:
        raise RulesError(str(path), sorted(set(v.errors)))
    detect = cell_language_detector(every)

    def build(lang: str) -> Grammar:
        own = RuleValidator()
        langs = ("en",) if lang == "en" else ("en", lang)
        grammar = compile_grammar(langs, data, own, lemmas, fallback, detect)
        if own.errors:  # a subset of the entries checked above: not expected
            raise RulesError(str(path), sorted(set(own.errors)))
        return grammar

    return GrammarSet(tuple(sorted(languages)), build)
