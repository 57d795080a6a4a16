"""Units no list holds, found by their head noun: a kind of unit ("Sektion", "Section",
"Regionalrat", `unit_heads`) and the capitalised words around it, with the small words
of a name between them (`unit_name_joins`): "Die *Sektion Lesen* hat übernommen",
"Dem *Regionalrat Europa* übertragen", "the *Government Libraries Section* took it over".
"""

from __future__ import annotations

import re

from iflaplans.normalize.timeframe.grammar_records import Grammar
from iflaplans.normalize.timeframe.predicates import WORDS, Trigger
from iflaplans.textutil import fold

_TOKEN = re.compile(r"[^\W_][\w'’&/-]*")
_ELIDED = re.compile(r"[ldLD]['’][A-ZÀ-Ý]")


def _capital(word: str) -> bool:
    return word[:1].isupper()


def named_units(text: str, grammar: Grammar, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of every unit named by a head noun in text[start:end], in order.

    A head alone ("die Sektion") names no unit: the name needs a capitalised word
    beside its head. Articles and the words of a clause's grammar never start a name.
    """
    if not grammar.unit_heads:
        return []
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]
    folded = [fold(w.lower()) for _, _, w in tokens]
    spans: list[tuple[int, int]] = []
    for i, word in enumerate(folded):
        if not _capital(tokens[i][2]):
            continue  # "section by section": a lower-case head is a common noun
        compound = _compound_name(word, grammar)
        if word not in grammar.unit_heads and not compound:
            continue
        if spans and tokens[i][0] < spans[-1][1]:
            continue
        first = last = i
        while (
            first > 0
            and _joined(text, tokens, first - 1, first)
            and _named(tokens, folded, first - 1, grammar)
        ):
            first -= 1
        while last + 1 < len(tokens) and _joined(text, tokens, last, last + 1):
            if _named(tokens, folded, last + 1, grammar):
                last += 1
            elif (joined := _joins(text, tokens, folded, last, grammar)) is not None:
                last = joined  # "Sektion Wissenschaft und Technologie"
            else:
                break
        if first < last or compound:
            spans.append((tokens[first][0], tokens[last][1]))
    return spans


def _joins(
    text: str, tokens: list[tuple[int, int, str]], folded: list[str], last: int, g: Grammar
) -> int | None:
    """The last token of a name going on after token ``last`` over its small words: a
    join word, perhaps an article after it, then a capitalised word ("Working Group *of
    the Governing Board*", "Comité FAIFE *de l'IFLA*", "Grupo *de la Junta*"), or a
    compound's shared part after "and" ("Sektion Bibliotheksgebäude *und -ausstattung*");
    None where the name ends."""
    i = last + 1
    if folded[i] not in g.unit_name_joins:
        return None
    if i + 1 < len(tokens) and text[tokens[i][1] : tokens[i + 1][0]].strip() == "-":
        return i + 1  # "und -ausstattung": the word that shares the compound's head
    for nxt in (i + 1, i + 2):
        if nxt >= len(tokens) or not _joined(text, tokens, nxt - 1, nxt):
            return None
        if _named(tokens, folded, nxt, g):
            return nxt
        if folded[nxt] not in g.article_words or folded[i] not in g.unit_name_genitives:
            return None  # "IT Section and the Metadata Section": two units, not one name
    return None


def _compound_name(word: str, grammar: Grammar) -> bool:
    """Whether a word is a unit's whole name by its ending: a hyphenated word whose last
    part is a kind of unit ("FAIFE-Ausschuss", "Big-Data-SIG"), or a compound ending in
    one of `compound_heads` ("Fachausschuss"); not the kind alone ("Ausschuss")."""
    if word in grammar.unit_heads:
        return False
    if "-" in word and word.rsplit("-", 1)[-1] in grammar.unit_heads:
        return True
    return any(word.endswith(h) and len(word) > len(h) + 2 for h in grammar.compound_heads)


def _joined(text: str, tokens: list[tuple[int, int, str]], a: int, b: int) -> bool:
    """Whether two tokens stand side by side, only spaces between them."""
    return not text[tokens[a][1] : tokens[b][0]].strip()


def _named(tokens: list[tuple[int, int, str]], folded: list[str], i: int, g: Grammar) -> bool:
    """Whether a token may be part of a unit's name: capitalised, and no article,
    auxiliary or connector ("Die", "Wird", "Now")."""
    word = folded[i]
    written = tokens[i][2]
    if len(written) > 1 and written.isupper() and not word.isdigit():
        return True  # an acronym ("IT", "KM") is a name, whatever word it spells
    if _ELIDED.match(written):
        return True  # "l'IFLA", "d'Afrique": an elided article before a name
    return (
        _capital(written)
        and word not in g.auxiliaries
        and word not in g.connector_words
        and not g.fillers.fullmatch(word)
        and not word.isdigit()
    )


def receiving(folded: str, grammar: Grammar, start: int, trig: Trigger) -> bool:
    """Whether a unit named at ``start``, before a hand-over word and with no lead word, is
    where the work went: the word says the unit took it ("Die Sektion X hat übernommen"),
    or an article before the name says it was given to it ("Dem Regionalrat X übertragen").
    Otherwise the unit is who gave it away ("Die Sektion X hat es abgegeben")."""
    if folded[trig.start : trig.end] in grammar.receiving_verbs:
        return True
    before = WORDS.findall(folded, max(0, start - 12), start)
    return bool(before) and before[-1] in grammar.receiving_articles


def lone_heads(text: str, grammar: Grammar, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of every kind of unit written alone, capitalised, right after an
    article in text[start:end]: a body known by its kind ("Der *Vorstand*", "dem
    *Regionalrat*", "the *Board*"), whose name may go on in lower case ("Le *Conseil*
    d'administration")."""
    if not grammar.unit_heads:
        return []
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]
    found = []
    for i in range(1, len(tokens)):
        a, b, word = tokens[i]
        article = fold(tokens[i - 1][2].lower())
        if (
            _capital(word)
            and fold(word.lower()) in grammar.unit_heads
            and article in grammar.article_words
            and _joined(text, tokens, i - 1, i)
        ):
            found.append((a, b))
    return found
