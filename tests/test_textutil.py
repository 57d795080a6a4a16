"""The string helpers the grammars are compiled with."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from iflaplans.textutil import alternation

# few letters, so that words share beginnings and texts hold them often
_WORDS = st.lists(st.text(alphabet="ab .", min_size=1, max_size=5), min_size=1, max_size=12)
_TEXT = st.text(alphabet="ab .c", max_size=30)


def _longest_first(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@given(_WORDS, _TEXT)
def test_the_word_tree_matches_what_a_longest_first_alternation_matches(
    words: list[str], text: str
) -> None:
    # a word boundary after the words makes the engine back off to shorter ones
    for tail in ("", r"(?!\w)", r"\.", r"(?: a)?$"):
        tree = re.compile(rf"(?:{alternation(words)}){tail}")
        flat = re.compile(rf"(?:{_longest_first(words)}){tail}")
        assert [m.span() for m in tree.finditer(text)] == [m.span() for m in flat.finditer(text)]


def test_no_words_match_nothing() -> None:
    assert re.search(alternation([]), "anything") is None
    assert re.search(alternation([""]), "anything") is None


def test_shared_beginnings_are_written_once() -> None:
    assert alternation(["moved", "moved to", "moved up"]) == r"moved(?:\ (?:to|up))?"
