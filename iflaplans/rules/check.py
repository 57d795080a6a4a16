"""Whether every language of the rule files is complete across them.

The vocabulary of a language lives in several files: the template headings and the
readers' small words (``headings.yaml``), the marker words (``languages.yaml``), the
words of unit names (``units.yaml``), the grammar's shared sections
(``timeframe.yaml``) and the language's own lexicon
(``timeframe-<lang>.yaml``, with its inflected forms). A language written into
some of them only would load as a partial reader or grammar without a word, so
``iflaplans rules check`` lists every place a language is missing from.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from iflaplans.rules.files import load_yaml_file, rule_path

# Files whose sections are keyed by language ("en:", "fr:", ...).
KEYED_FILES = ("headings.yaml", "languages.yaml", "timeframe.yaml", "units.yaml")
_LANGUAGE = re.compile(r"^[a-z]{2}$")  # ISO 639-1
# A mapping whose keys are all language codes is a per-language section: every
# language must be there (an empty list says, on purpose, that it has no words).


def language_sections(data: Any, where: str) -> list[tuple[str, frozenset[str]]]:
    """The per-language sections of parsed rule data, as (dotted place, languages)."""
    found: list[tuple[str, frozenset[str]]] = []
    if isinstance(data, dict):
        keys = [k for k in data if isinstance(k, str) and _LANGUAGE.match(k)]
        if keys and len(keys) == len(data):
            return [(where, frozenset(keys))]
        for key, value in data.items():
            found += language_sections(value, f"{where}.{key}")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            label = value.get("id") if isinstance(value, dict) else None
            found += language_sections(value, f"{where}[{label or i}]")
    return found


def language_gaps(
    rules_dir: Path | None = None, lexicon_languages: tuple[str, ...] = ()
) -> list[str]:
    """Every place a language of the rule files is missing from, one line each.

    The languages are those any per-language section names, those with a lexicon
    file in ``rules_dir`` and ``lexicon_languages`` (the ones the grammar reads).
    Each must have every per-language section of the keyed files, its lexicon
    (``timeframe-<lang>.yaml``) and that lexicon's inflected forms. Files come from
    ``rules_dir`` where it has them, else from the package. Raises
    :class:`RulesError` for a file that is not valid YAML.
    """
    sections: list[tuple[str, frozenset[str]]] = []
    for name in KEYED_FILES:
        sections += language_sections(load_yaml_file(rule_path(rules_dir, name)), name)
    languages = set(lexicon_languages).union(*(langs for _, langs in sections))
    if rules_dir is not None:
        languages.update(p.name[len("timeframe-") : -len(".yaml")] for p in _lexicons(rules_dir))
    gaps = []
    for lang in sorted(languages):
        gaps += [f"{lang}: missing from {where}" for where, langs in sections if lang not in langs]
        for name in (f"timeframe-{lang}.yaml", f"timeframe-{lang}-forms.tsv"):
            if not rule_path(rules_dir, name).is_file():
                gaps.append(f"{lang}: no {name}")
        if lexicon_languages and lang not in lexicon_languages:
            known = ", ".join(lexicon_languages)
            gaps.append(f"{lang}: the grammar reads the lexicons of {known} only")
    return gaps


def _lexicons(folder: Path) -> list[Path]:
    return [
        p for p in folder.glob("timeframe-*.yaml") if _LANGUAGE.match(p.name[10:-5]) is not None
    ]
