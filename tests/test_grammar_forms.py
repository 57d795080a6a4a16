"""The inflections of the lexicon's lemmas, expanded once from simplemma's dictionaries.

The forms files are data beside the language files; this test says when one is stale
(a lemma was added or removed) and, with IFLAPLANS_WRITE_FORMS=1, writes it anew, so
the change shows in the diff a reviewer reads.
"""

from __future__ import annotations

import os

import pytest

from iflaplans.normalize.timeframe.lexicon import (
    LEXICON_LANGUAGES,
    expand_lemmas,
    forms_file,
    forms_text,
    lexicon_file,
    merge_language,
)
from iflaplans.rules.files import RULE_FILES, load_yaml_file, packaged


@pytest.mark.parametrize("lang", LEXICON_LANGUAGES)
def test_forms_file_is_current(lang: str) -> None:
    data = load_yaml_file(packaged("timeframe.yaml"))
    errors: list[str] = []
    extra = load_yaml_file(packaged(lexicon_file(lang)))
    lemmas = {e.lemma for e in merge_language(data, lang, extra, errors, lang)}
    assert errors == []
    path = packaged("timeframe.yaml").with_name(forms_file(lang))
    want = forms_text(lang, expand_lemmas(lang, lemmas))
    if os.environ.get("IFLAPLANS_WRITE_FORMS") == "1":
        path.write_text(want, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == want, f"{path.name} is stale"


def test_every_language_file_counts_in_the_parser_version() -> None:
    for lang in LEXICON_LANGUAGES:
        assert lexicon_file(lang) in RULE_FILES
        assert forms_file(lang) in RULE_FILES
