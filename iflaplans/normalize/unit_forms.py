"""The forms a unit matcher looks for: aliases as written and folded, and their case rules."""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD = re.compile(r"[^\W_]+|[&/]")

Span = tuple[int, int]
WordSpan = tuple[int, int, str]  # start, end, folded text


@dataclass(frozen=True)
class Alias:
    """A form scan looks for; ``exact`` spans of ``written`` must match case as well."""

    folded: str
    written: str
    unit_id: str
    exact: tuple[Span, ...]
    generic: bool = False


def is_caps(token: str) -> bool:
    """An acronym-looking token: two or more letters, none lower-case ("IT", "SIG")."""
    # The lower-case test first: it ends at the first letter of most words.
    return not any(c.islower() for c in token) and sum(c.isalpha() for c in token) >= 2


def caps_spans(written: str) -> tuple[Span, ...]:
    """Capitals an alias must match in exact case: the ones that lead it ("IT Section",
    "SET Standing Committee", "IFLA IT Section"), which are also ordinary words ("it",
    "set"). Capitals after a name ("Big Data SIG") keep their meaning in any case."""
    spans: list[Span] = []
    leading = True
    for m in WORD.finditer(written):
        caps = is_caps(m.group())
        if caps and leading:
            spans.append(m.span())
        leading = leading and caps
    return tuple(spans)


def leading_caps(words: list[str]) -> int:
    """How many of ``words`` lead in capitals ("IT Section" -> 1, "IFLA IT Section" -> 2)."""
    count = 0
    while count < len(words) and is_caps(words[count]):
        count += 1
    return count


def case_ok(alias: Alias, text: str, start: int) -> bool:
    """Whether ``text`` at ``start`` writes the alias's exact-case spans as the alias does."""
    return all(text[start + s : start + e] == alias.written[s:e] for s, e in alias.exact)
