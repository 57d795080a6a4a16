"""Per-language vocabulary files (rules/timeframe-<lang>.yaml) merged into the grammar.

timeframe.yaml holds the rules and the words every language shares a shape for; each
language file adds that language's words, so a researcher extends one language in
one file. A language file has up to four sections:

``status``
    rule id -> more phrases for that rule (exact words, matched as in timeframe.yaml).
``lemmas``
    rule id -> lemmas (dictionary forms: "aplazar", "verschieben"). A word of a cell
    whose lemma is listed reads as that rule, so one entry covers every inflection.
    The inflections come from simplemma's dictionaries, expanded once into
    timeframe-<lang>-forms.tsv (:func:`expand_lemmas`; a test says when the file is
    stale), so reading a cell needs no dictionary in memory.
``words``
    section name (``fillers``, ``hedges``, ``conditions``, …) -> more words.
``time``
    time section name (``recurring``, ``deadline``, ``relative``, …) -> more words, or
    a mapping of words to numbers for the sections that take numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from iflaplans.rules.files import load_yaml_file
from iflaplans.textutil import fold

LEXICON_LANGUAGES = ("en", "fr", "es", "de")
_SECTIONS = frozenset({"status", "lemmas", "words", "time"})


def lexicon_file(language: str) -> str:
    """The file name of one language's vocabulary."""
    return f"timeframe-{language}.yaml"


def forms_file(language: str) -> str:
    """The file name of the inflections of one language's lemmas."""
    return f"timeframe-{language}-forms.tsv"


@dataclass(frozen=True)
class LemmaEntry:
    """A lemma that reads as a status rule in one language, and its inflected forms."""

    lemma: str
    rule_id: str
    language: str
    forms: tuple[str, ...] = ()


def _extend(target: dict[str, Any], key: str, lang: str, values: Any) -> None:
    section = target.setdefault(key, {})
    if isinstance(section, list) and isinstance(values, list):
        section.extend(values)  # a section every language shares ("congress_words")
        return
    if not isinstance(section, dict):
        return
    current = section.get(lang)
    if isinstance(values, dict):
        section[lang] = {**(current if isinstance(current, dict) else {}), **values}
    elif isinstance(values, list):
        section[lang] = [*(current if isinstance(current, list) else []), *values]


def merge_language(
    data: dict[str, Any], lang: str, extra: Any, errors: list[str], where: str
) -> list[LemmaEntry]:
    """Add one language file's words to the grammar ``data`` in place; its lemmas are returned.

    Every bad entry is added to ``errors``; what can be merged is merged.
    """
    if not isinstance(extra, dict):
        errors.append(f"{where}: the file must hold a mapping")
        return []
    for key in sorted(set(extra) - _SECTIONS):
        errors.append(f"{where}: unknown section {key!r} (expected {sorted(_SECTIONS)})")
    rules = {e.get("id"): e for e in data.get("status") or [] if isinstance(e, dict)}
    for rule_id, phrases in (extra.get("status") or {}).items():
        rule = rules.get(rule_id)
        if rule is None:
            errors.append(f"{where}: status.{rule_id}: no such rule in timeframe.yaml")
        elif not isinstance(phrases, list):
            errors.append(f"{where}: status.{rule_id}: expected a list of phrases")
        else:
            _extend(rule, "phrases", lang, phrases)
    for key, words in (extra.get("words") or {}).items():
        if not isinstance(words, list):
            errors.append(f"{where}: words.{key}: expected a list of words")
        else:
            _extend(data, key, lang, words)
    time = data.setdefault("time", {})
    for key, words in (extra.get("time") or {}).items():
        if not isinstance(words, list | dict):
            errors.append(f"{where}: time.{key}: expected a list or a mapping")
        elif isinstance(time, dict):
            _extend(time, key, lang, words)
    lemmas: list[LemmaEntry] = []
    for rule_id, words in (extra.get("lemmas") or {}).items():
        if rule_id not in rules:
            errors.append(f"{where}: lemmas.{rule_id}: no such rule in timeframe.yaml")
        elif not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            errors.append(f"{where}: lemmas.{rule_id}: expected a list of words")
        else:
            lemmas += [LemmaEntry(fold(w.strip()), str(rule_id), lang) for w in words]
    return lemmas


def load_lexicons(data: dict[str, Any], paths: list[Path], errors: list[str]) -> list[LemmaEntry]:
    """Merge the language files at ``paths`` (named as :func:`lexicon_file` names them)
    into ``data``; the lemmas they list are returned with the forms of the forms file
    beside each (:func:`forms_file`)."""
    lemmas: list[LemmaEntry] = []
    for path in paths:
        lang = path.stem.removeprefix("timeframe-")
        found = merge_language(data, lang, load_yaml_file(path), errors, path.name)
        beside = path.with_name(forms_file(lang))
        shipped = Path(__file__).resolve().parent.parent / "rules" / forms_file(lang)
        forms = read_forms(beside if beside.exists() else shipped, errors)
        taken = other_words(data, lang)
        for entry in found:
            kept = tuple(f for f in forms.get(entry.lemma, ()) if f not in taken)
            lemmas.append(replace(entry, forms=kept))
        missing = sorted({e.lemma for e in found} - set(forms))
        if missing and forms:
            errors.append(f"{forms_file(lang)}: no forms for {missing}: expand the lemmas again")
    return lemmas


# Sections whose words are never status verbs: a dictionary that files a noun under a
# verb ("Aufgabe", a task, under "aufgeben") must not make the noun read as news.
NOT_VERBS = (
    "labels",
    "fillers",
    "articles",
    "discussions",
    "nouns",
    "formats",
    "destinations",
    "agents",
    "origins",
    "chain",
    "chain_repeats",
    "conditions",
    "reasons",
    "companions",
    "deliverables",
    "proposals",
    "in_person",
    "clitics",
    "umlaut_spellings",
    "share_joiners",
    "unit_heads",
    "unit_name_joins",
    "unit_name_genitives",
    "sentence_case_heads",
    "officers",
    "office_nouns",
    "other_parties",
    "party_events",
    "compound_heads",
    "receiving_articles",
)


def other_words(data: dict[str, Any], lang: str) -> frozenset[str]:
    """The single words of one language's sections that hold no verbs (:data:`NOT_VERBS`):
    an inflected form that is one of them is not read as a status word."""
    words: set[str] = set()
    for section in NOT_VERBS:
        entries = data.get(section)
        listed = entries.get(lang) if isinstance(entries, dict) else None
        for entry in listed if isinstance(listed, list) else ():
            if isinstance(entry, str) and " " not in entry.strip():
                words.add(fold(entry.strip()))
    return frozenset(words)


def read_forms(path: Path, errors: list[str]) -> dict[str, tuple[str, ...]]:
    """lemma -> its folded forms, from a forms file ("form<TAB>lemma" lines); {} if none."""
    if not path.exists():
        return {}
    out: dict[str, list[str]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not all(parts):  # a form and its lemma
            errors.append(f"{path.name}:{number}: expected a form and a lemma")
            continue
        out.setdefault(parts[1], []).append(parts[0])
    return {lemma: tuple(forms) for lemma, forms in out.items()}


def expand_lemmas(language: str, lemmas: set[str]) -> list[tuple[str, str]]:
    """(folded form, lemma) for every form simplemma's dictionary gives one of ``lemmas``.

    Slow (it reads a whole dictionary): for writing the forms file, never for reading.
    """
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    dictionary = DefaultDictionaryFactory().get_dictionary(language)
    heads = {lemma[:2] for lemma in lemmas}
    pairs = {(lemma, lemma) for lemma in lemmas}
    for form, lemma in dictionary.items():
        if fold(lemma[:2].lower()) not in heads:
            continue  # most entries: a cheap look at two letters, not a fold of the whole
        folded = fold(lemma.lower())
        if folded in lemmas:
            pairs.add((fold(form.lower()), folded))
    return sorted(pairs)


def lexicon_paths(folder: Path) -> list[Path]:
    """The language files beside a timeframe.yaml in ``folder``."""
    return [p for lang in LEXICON_LANGUAGES if (p := folder / lexicon_file(lang)).exists()]


def forms_text(language: str, pairs: list[tuple[str, str]]) -> str:
    """The forms file of one language, as :func:`read_forms` reads it."""
    header = (
        f"# Inflected forms of the lemmas of {lexicon_file(language)} (form, lemma), from\n"
        "# simplemma's dictionary by expand_lemmas; tests/test_grammar_forms.py says when\n"
        "# this file is stale and writes it anew with IFLAPLANS_WRITE_FORMS=1.\n"
    )
    return header + "".join(f"{form}\t{lemma}\n" for form, lemma in pairs)
