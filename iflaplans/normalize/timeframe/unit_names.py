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
        if first == i:
            # a name whose kind comes first may go on over its topics, in lower case in
            # some languages ("SIG Humanités numériques", "Section des bibliothèques d'art")
            lower = word in grammar.sentence_case_heads
            last = _topics(text, tokens, folded, last, end, lower, grammar)
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
            # "Working Group of the Governing Board" is one name; "IT Section and the
            # Metadata Section" two
            own = folded[i] not in g.unit_name_genitives and _heads_run(tokens, folded, nxt, g)
            return nxt if nxt == i + 1 or not own else None
        if folded[nxt] in g.article_words and folded[i] in g.unit_name_genitives:
            continue  # "Working Group of the Governing Board"
        if folded[nxt] in g.article_words or _lower_word(tokens, folded, nxt, g):
            # "América Latina y el Caribe", "Urheberrecht und andere Rechtsfragen": one
            # name, unless what follows names a unit of its own ("IT Section and the
            # Metadata Section")
            continue
        return None
    return None


def _heads_run(tokens: list[tuple[int, int, str]], folded: list[str], i: int, g: Grammar) -> bool:
    """Whether the capitalised words from token ``i`` on hold a kind of unit."""
    while i < len(tokens) and _named(tokens, folded, i, g):
        if folded[i] in g.unit_heads or _compound_name(folded[i], g):
            return True
        i += 1
    return False


# "-ment", "-mente": adverbs, which end a name ("Section IT définitivement")
_ADVERB = re.compile(r"\w+mente?$")
_TOPIC_WORDS = 3  # lower-case words of one topic in a name ("collections spéciales")


def _lower_word(tokens: list[tuple[int, int, str]], folded: list[str], i: int, g: Grammar) -> bool:
    """Whether token ``i`` is a lower-case word that may stand in a name: no article,
    small word, auxiliary, connector, adverb, status word or number."""
    word = folded[i]
    return (
        tokens[i][2][:1].islower()
        and word not in g.article_words
        and word not in g.unit_name_joins
        and word not in g.joiners
        and word not in g.auxiliaries
        and word not in g.connector_words
        and word not in g.verb_group
        and word not in g.known_forms
        and not g.fillers.fullmatch(word)
        and not g.negations.fullmatch(word)
        and _ADVERB.match(word) is None
        and not any(c.isdigit() for c in word)
    )


def _topic(
    text: str,
    tokens: list[tuple[int, int, str]],
    folded: list[str],
    i: int,
    lower: bool,
    g: Grammar,
) -> int | None:
    """The last token of one topic of a name from token ``i``: capitalised words, or, in
    a language whose names go on in lower case, a few lower-case words that end where a
    mark, a small word or a capitalised word follows (so that no clause joins the name:
    "Sección de Lectura *una sesión conjunta*" is none); None where no topic starts."""
    j = i
    if _named(tokens, folded, i, g):
        while j + 1 < len(tokens) and _joined(text, tokens, j, j + 1):
            if not _named(tokens, folded, j + 1, g):
                break
            j += 1
        return j
    if not lower or not _lower_word(tokens, folded, i, g):
        return None
    while j + 1 < len(tokens) and _joined(text, tokens, j, j + 1):
        if not _lower_word(tokens, folded, j + 1, g):
            # a capitalised word, a join or a verb may follow the name; an article or
            # another small word starts a clause ("Comité X après la restructuration")
            nxt = folded[j + 1]
            ends = _named(tokens, folded, j + 1, g) or (
                nxt not in g.article_words
                and (
                    nxt in g.unit_name_joins
                    or nxt in g.joiners
                    or nxt in g.auxiliaries
                    or nxt in g.verb_group
                )
            )
            return j if ends else None
        if j + 1 - i >= _TOPIC_WORDS:
            return None  # a clause, not a name
        j += 1
    return j  # a mark or the end follows


def _topics(
    text: str,
    tokens: list[tuple[int, int, str]],
    folded: list[str],
    last: int,
    end: int,
    lower: bool,
    g: Grammar,
) -> int:
    """The last token of a name whose kind comes first, going on after token ``last``
    over the rest of its topics: after a genitive ("Comité permanent *de la Section de
    bibliographie*"), in a list closed by "and" ("SIG Umwelt*, Nachhaltigkeit und
    Bibliotheken*"), and, where ``lower``, in lower case ("SIG Humanités *numériques*",
    "Groupe *d'intérêt spécial* Environnement*, durabilité et bibliothèques*"). A topic
    after "and" that names a unit of its own is another unit ("and the Metadata
    Section"); lower-case words after a join such as "pour" or "aux" count only where
    the name then runs to the end of its clause ("Section IT pour suite à donner")."""
    best = j = last
    safe: int | None = None  # the name's end before such a join, until the clause ends
    listing = False  # inside a list of topics that "and" has not closed yet
    while j + 1 < len(tokens) and tokens[j + 1][0] < end:
        k = j + 1
        gap = text[tokens[j][1] : tokens[k][0]].strip()
        if gap == ",":
            listing = True
        elif gap:
            break
        coordinated = folded[k] in g.joiners
        genitive = folded[k] in g.unit_name_genitives
        joined = coordinated or genitive or folded[k] in g.unit_name_joins
        if joined:
            k += 1
            if k < len(tokens) and folded[k] in g.article_words and (coordinated or genitive):
                k += 1  # "de la Section", "y el Caribe"
            if k >= len(tokens) or not _joined(text, tokens, k - 1, k) or gap == ",":
                break
            if coordinated and _heads_run(tokens, folded, k, g):
                break
            listing = listing and not coordinated
        topic = _topic(text, tokens, folded, k, lower, g)
        if topic is None or tokens[topic][1] > end:
            break
        if joined and not (coordinated or genitive) and not _named(tokens, folded, k, g):
            if folded[k - 1] not in g.article_words:
                break  # "para copatrocinio": a purpose, no name; "aux personnes" goes on
            safe = best if safe is None else safe
        j = topic
        if not listing:
            best = j
    if safe is not None:
        after = tokens[best + 1][0] if best + 1 < len(tokens) else len(text)
        if after < end and not text[tokens[best][1] : after].strip():
            return safe  # the clause goes on: the lower-case words were no name
    return best


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
