"""Names that share one plural head: "the Cataloguing and Bibliography Sections",
"Secciones de Bibliotecas Públicas y Escolares". Each name is resolved to its unit."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from iflaplans.normalize.unit_forms import WORD, Alias, WordSpan, case_ok, is_caps
from iflaplans.normalize.unit_words import UnitWords


@dataclass(frozen=True)
class Heads:
    """Names that go with one singular head: "Cataloguing" (+ Section), "Afrique" (Section +)."""

    before: dict[str, tuple[Alias, ...]]
    after: dict[str, tuple[Alias, ...]]
    width: int  # most words a name has
    caps: str | None  # the head as written when the aliases write it in capitals ("SIG")


# ---------------------------------------------------------------- coordinated names


def _stem_ending(
    text: str, folded: str, words: list[WordSpan], last: int, lo: int, heads: Heads
) -> tuple[int, Alias] | None:
    """(first word, name) of the longest name ending at word ``last``, not before word ``lo``."""
    end = words[last][1]
    for first in range(max(lo, last - heads.width + 1), last + 1):
        for alias in heads.before.get(folded[words[first][0] : end], ()):
            if case_ok(alias, text, words[first][0]):
                return first, alias
    return None


def _stem_starting(
    text: str, folded: str, words: list[WordSpan], first: int, heads: Heads
) -> tuple[int, Alias] | None:
    """(last word, name) of the longest name starting at word ``first``."""
    start = words[first][0]
    for last in range(min(first + heads.width, len(words)) - 1, first - 1, -1):
        for alias in heads.after.get(folded[start : words[last][1]], ()):
            if case_ok(alias, text, start):
                return last, alias
    return None


def _elided(
    text: str,
    folded: str,
    word: WordSpan,
    neighbour: Alias,
    names: dict[str, tuple[Alias, ...]],
    before: bool,
) -> Alias | None:
    """A one-word name completed from its neighbour's words.

    "Public" before "School Libraries" -> "Public Libraries";
    "scolaires" after "des bibliothèques publiques" -> "des bibliothèques scolaires".
    """
    own_w, own_f = text[word[0] : word[1]], word[2]
    other_w, other_f = neighbour.written.split(" "), neighbour.folded.split(" ")
    for n in range(len(other_w) - 1, 0, -1):
        if before:
            cand_w, cand_f = [own_w, *other_w[-n:]], [own_f, *other_f[-n:]]
        else:
            cand_w, cand_f = [*other_w[:n], own_w], [*other_f[:n], own_f]
        for alias in names.get(" ".join(cand_f), ()):
            if case_ok(alias, " ".join(cand_w), 0):
                return alias
    return None


def _conjunct_before(
    folded: str, words: list[WordSpan], first: int, lo: int, joins: frozenset[str]
) -> int | None:
    """The last word of the name coordinated before word ``first`` ("X, Y and Z"), or None."""
    p = first - 1
    if p < lo:
        return None
    gap = folded[words[p][1] : words[first][0]].strip()
    if words[p][2] in joins and not gap:
        p -= 1
        ok = p >= lo and folded[words[p][1] : words[p + 1][0]].strip() in ("", ",")
        return p if ok else None
    return p if gap == "," else None


def _conjunct_after(
    folded: str, words: list[WordSpan], last: int, joins: frozenset[str]
) -> int | None:
    """The first word of the name coordinated after word ``last``, or None."""
    n = last + 1
    if n >= len(words):
        return None
    gap = folded[words[last][1] : words[n][0]].strip()
    if words[n][2] in joins and gap in ("", ","):
        n += 1
        ok = n < len(words) and not folded[words[n - 1][1] : words[n][0]].strip()
        return n if ok else None
    return n if gap == "," else None


def _names_before(
    text: str,
    folded: str,
    words: list[WordSpan],
    head: int,
    lo: int,
    heads: Heads,
    joins: frozenset[str],
) -> list[tuple[int, int, Alias]]:
    """Proper names coordinated before a plural head: "Cataloguing and Bibliography sections"."""
    found: list[tuple[int, int, Alias]] = []
    last: int | None = head - 1
    if head - 1 < lo or folded[words[head - 1][1] : words[head][0]].strip():
        return found
    while last is not None:
        hit = _stem_ending(text, folded, words, last, lo, heads)
        if hit is None and found:
            alias = _elided(text, folded, words[last], found[-1][2], heads.before, before=True)
            hit = (last, alias) if alias else None
        # a lower-case run is a description ("the statistics and evaluation sections")
        if hit is None or not text[words[hit[0]][0]].isupper():
            break
        found.append((words[hit[0]][0], words[last][1], hit[1]))
        last = _conjunct_before(folded, words, hit[0], lo, joins)
    return found[::-1]


def _names_after(
    text: str, folded: str, words: list[WordSpan], first: int, heads: Heads, joins: frozenset[str]
) -> list[tuple[int, int, Alias]]:
    """Names coordinated after a plural head: "Secciones de Bibliotecas Públicas y Escolares"."""
    found: list[tuple[int, int, Alias]] = []
    at: int | None = first
    while at is not None and at < len(words):
        hit = _stem_starting(text, folded, words, at, heads)
        if hit is None and found:
            alias = _elided(text, folded, words[at], found[-1][2], heads.after, before=False)
            hit = (at, alias) if alias else None
        if hit is None:
            break
        found.append((words[at][0], words[hit[0]][1], hit[1]))
        at = _conjunct_after(folded, words, hit[0], joins)
    return found


def coordinated(
    text: str, folded: str, words: list[WordSpan], heads: dict[str, Heads], unit_words: UnitWords
) -> list[tuple[int, int, Alias]]:
    """Every name that shares a plural head with others; the head joins the name next to it."""
    found: list[tuple[int, int, Alias]] = []
    starts = [w[0] for w in words]
    joins = unit_words.conjunctions
    lo = 0
    for m in unit_words.plural.finditer(folded):
        singular = heads.get(unit_words.plural_heads[m.group()])
        head = bisect.bisect_left(starts, m.start())
        if (
            singular is None
            or head < lo
            or (singular.caps and not text.startswith(singular.caps, m.start()))
        ):
            continue
        group = _names_before(text, folded, words, head, lo, singular, joins)
        if group:
            s, _, alias = group[-1]
            group[-1] = (s, m.end(), alias)
        else:
            after = bisect.bisect_left(starts, m.end())
            # head first is French/Spanish/German; "Sections" must then be a title
            if (
                after < len(words)
                and text[m.start()].isupper()
                and folded[m.end() : starts[after]].isspace()
            ):
                group = _names_after(text, folded, words, after, singular, joins)
            if group:
                _, e, alias = group[0]
                group[0] = (m.start(), e, alias)
        if group:
            found += group
            lo = bisect.bisect_left(starts, max(e for _, e, _ in group))
    return found


def _part(alias: Alias, start: int, end: int) -> Alias:
    exact = tuple((s - start, e - start) for s, e in alias.exact if start <= s and e <= end)
    return Alias(alias.folded[start:end], alias.written[start:end], alias.unit_id, exact)


def _sorted(table: dict[str, set[Alias]]) -> dict[str, tuple[Alias, ...]]:
    return {k: tuple(sorted(v, key=lambda a: (a.written, a.unit_id))) for k, v in table.items()}


def heads_index(aliases: list[Alias], plural_heads: dict[str, str]) -> dict[str, Heads]:
    """For each singular head (of ``plural_heads``: plural -> singular), the names that go
    before it or after it in the aliases."""
    heads: dict[str, Heads] = {}
    for singular in dict.fromkeys(plural_heads.values()):
        before: dict[str, set[Alias]] = {}
        after: dict[str, set[Alias]] = {}
        caps = None
        n = len(singular) + 1
        for alias in aliases:
            if alias.folded.endswith(" " + singular) and len(alias.folded) > n:
                name = _part(alias, 0, len(alias.folded) - n)
                caps = caps or (
                    alias.written[-n + 1 :] if is_caps(alias.written[-n + 1 :]) else None
                )
            elif alias.folded.startswith(singular + " ") and len(alias.folded) > n:
                name = _part(alias, n, len(alias.folded))
            else:
                continue
            if name.folded[:1].isalnum() and name.folded[-1:].isalnum():
                table = before if alias.folded.endswith(" " + singular) else after
                table.setdefault(name.folded, set()).add(name)
        width = max((len(WORD.findall(k)) for k in [*before, *after]), default=0)
        heads[singular] = Heads(_sorted(before), _sorted(after), width, caps)
    return heads
