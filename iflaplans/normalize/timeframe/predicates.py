"""Status phrases of a Timeframe cell: the predicates of its updates.

Found four ways, each a reading of the grammar's vocabulary: exact phrases (one regular
expression), phrases in two parts ("fand … statt"), any inflection of a lexicon lemma
("aplazó"), and, as guesses that go to review, words one letter off or cut short.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from iflaplans.normalize.timeframe.grammar_compiling import TYPO_MIN_LENGTH
from iflaplans.normalize.timeframe.grammar_records import Grammar, StatusRule
from iflaplans.normalize.timeframe.time_spans import TimeSpan

WORDS = re.compile(r"[^\W\d_][^\W_]*(?:'[^\W_]+)?")
_ABBREVIATION_MIN_LENGTH = 4
NOW = "now."  # the rule of "now" and arrows, which take a time right after them
GUESS_CONFIDENCE = 0.45  # below 0.5: the report's review queue shows it


@dataclass(frozen=True)
class Trigger:
    """A status phrase found in a cell (offsets into it) and the rule that reads it."""

    start: int
    end: int
    rule: StatusRule
    key: str
    # "" | "negated" ("not done") | "future" ("will be held") | "decided" ("decided to
    # cancel") | "ruled_out" ("will not be realised")
    mood: str = ""
    misspelt: bool = False  # read from a word one letter off a status word ("cancled")
    reach: int = 0  # end of the far part of a split phrase ("fand … statt")


# ------------------------------------------------------------------ finding the pieces


def find_triggers(folded: str, grammar: Grammar, times: list[TimeSpan]) -> list[Trigger]:
    """Every status phrase of a cell outside its time expressions, in reading order, not
    overlapping: exact phrases first (the longest wins), then split phrases, lemma forms
    and, last, guesses."""
    found = []
    for m in grammar.phrases.finditer(folded):
        c0, c1 = m.span()
        inside = [t for t in times if t.start < c1 and c0 < t.end]
        if inside:
            # "Moved up to June": the time took "up to"; a shorter phrase may end before it
            shorter = grammar.phrases.match(folded, c0, inside[0].start)
            if shorter is None or inside[0].start <= c0:
                continue  # a word inside a time expression ("mid-term", "May")
            c1 = shorter.end()
        key = grammar.phrase_keys[folded[c0:c1]]
        found.append(Trigger(c0, c1, grammar.rules[key], key))
    found += format_changes(folded, grammar, times)
    chosen: list[Trigger] = []
    for trig in sorted(found, key=lambda t: (-(t.end - t.start), t.start)):
        if not any(c.start < trig.end and trig.start < c.end for c in chosen):
            chosen.append(trig)
    split = split_phrases(folded, grammar, [*chosen, *times])
    # words between the parts of a split phrase are its arguments, not news of their own
    chosen = [c for c in chosen if not any(p.end <= c.start and c.end <= p.reach for p in split)]
    chosen += split
    covered = bytearray(len(folded))  # 1 where a time or a status phrase already stands
    spans: list[Trigger | TimeSpan] = [*chosen, *times]
    for span in spans:
        # a split phrase covers its far part too: "wurde … durchgeführt" is one reading
        end = max(span.end, span.reach) if isinstance(span, Trigger) else span.end
        covered[span.start : end] = b"\x01" * (end - span.start)
    words = [
        m
        for m in WORDS.finditer(folded)
        if len(m.group()) > 1 and 1 not in covered[m.start() : m.end()]
    ]
    lemmas = by_lemma(grammar, words, folded)
    for trig in lemmas:
        covered[trig.start : trig.end] = b"\x01" * (trig.end - trig.start)
    words = [m for m in words if 1 not in covered[m.start() : m.end()]]
    chosen += lemmas
    chosen += misspelt(folded, grammar, words)
    chosen = [c for c in chosen if not _arrow_without_time(folded, c, times)]
    return sorted(chosen, key=lambda t: t.start)


def _arrow_without_time(folded: str, trig: Trigger, times: list[TimeSpan]) -> bool:
    """ "Now" or an arrow moves the plan only to a time right after it ("2020 → 2021",
    "2020, now 2021"); before other words ("→ cancelled", "now expected") it only leads
    to them."""
    if not trig.key.startswith(NOW):
        return False
    after = len(folded[trig.end :]) - len(folded[trig.end :].lstrip())
    return not any(t.start == trig.end + after for t in times)


def format_changes(folded: str, grammar: Grammar, times: list[TimeSpan]) -> list[Trigger]:
    """A change word and a format word after it ("now in hybrid format", "switching to
    online", "jetzt als Hybridveranstaltung"): a decided change of format, whatever the
    words between them."""
    if grammar.format_change is None:
        return []
    found = [
        m
        for m in grammar.format_change.finditer(folded)
        if not any(t.start < m.end() and m.start() < t.end for t in times)
        and not weighed_after(folded, grammar, m.end())
    ]
    if not found:
        return []
    keys = [k for k, r in grammar.rules.items() if r.type == "moved_online"]
    # the document's own language before English, which every grammar carries
    order = sorted(grammar.languages, key=lambda lang: lang == "en")
    own = [f"moved_online.{lang}" for lang in order if f"moved_online.{lang}" in keys]
    if not own and not keys:
        return []
    key = (own or keys)[0]
    return [Trigger(m.start(), m.end(), grammar.rules[key], key) for m in found]


def weighed_after(folded: str, grammar: Grammar, position: int) -> bool:
    """Whether the words after a change of format, up to the end of its sentence, only
    weigh it ("instead a webinar format is being considered"): a possibility, no news."""
    rest = re.split(r"[.;\n]", folded[position:], maxsplit=1)[0]
    return any(w in grammar.hedges for w in WORDS.findall(rest))


def split_phrases(folded: str, grammar: Grammar, taken: list[Trigger] | list[Any]) -> list[Trigger]:
    """Phrases whose parts stand apart ("fand beim Kongress 2019 statt"): read at their
    first part, which takes what stands between the parts."""
    found: list[Trigger] = []
    for pattern, key in grammar.split_phrases:
        for m in pattern.finditer(folded):
            if any(t.start < m.end("head") and m.start() < t.end for t in taken + found):
                continue
            found.append(Trigger(m.start(), m.end("head"), grammar.rules[key], key, reach=m.end()))
    return found


def decision_before(folded: str, grammar: Grammar, position: int) -> int | None:
    """Where a decision right before an infinitive starts ("decided to postpone", "a décidé
    d'annuler", "beschlossen, den Workshop zu verschieben"), if one does."""
    if grammar.decisions is None:
        return None
    lead = grammar.decisions.search(folded, max(0, position - 80), position)
    return lead.start() if lead is not None else None


def by_lemma(grammar: Grammar, words: list[re.Match[str]], folded: str = "") -> list[Trigger]:
    """Status words in any inflection ("aplazó", "se aplazan"), by their lemma's forms."""
    found: list[Trigger] = []
    for m in words:
        word = m.group()
        for lang in grammar.languages:
            key = grammar.lemmas.get((lang, word))
            if key is None:
                # "décidé d'annuler": the infinitive after an elided "de"
                verb = word.rsplit("'", 1)[-1]
                decided = decision_before(folded, grammar, m.end() - len(verb))
                key = _infinitive(grammar, lang, verb) if decided is not None else None
                # "décidé d'organiser l'atelier": a decision to hold a thing is its plan
                if key is None or decided is None or grammar.rules[key].type == "completed":
                    continue
                found.append(Trigger(decided, m.end(), grammar.rules[key], key, "decided"))
                break
            # "se realizará" is a plan, not news; "se debatirá" is a discussion all the same
            planned = grammar.rules[key].type != "under_discussion" and word.endswith(
                grammar.future_endings.get(lang, ())
            )
            if not planned:
                found.append(Trigger(m.start(), m.end(), grammar.rules[key], key))
                break
            if grammar.rules[key].type == "completed":
                # "se realizará en 2021": an occurrence still to come, a plan or a move
                found.append(Trigger(m.start(), m.end(), grammar.rules[key], key, mood="future"))
                break
    return found


def _infinitive(grammar: Grammar, lang: str, verb: str) -> str | None:
    """The rule of an infinitive, also with a pronoun joined to its end ("posponerlo",
    "cederla")."""
    key = grammar.infinitives.get((lang, verb))
    for clitic in grammar.clitics if key is None else ():
        if verb.endswith(clitic) and (lang, verb[: -len(clitic)]) in grammar.infinitives:
            return grammar.infinitives[(lang, verb[: -len(clitic)])]
    return key


def known_word(word: str, grammar: Grammar) -> bool:
    """A form of a lexicon lemma ("realizara" of realizar) is a word, not a slip."""
    return word in grammar.known_forms


def misspelt(folded: str, grammar: Grammar, words: list[re.Match[str]]) -> list[Trigger]:
    """Status words written one letter off ("Cancled", "Verschonben") or cut short
    ("postp.", "versch."), as guesses; ``words`` are the words no reading took yet."""
    found: list[Trigger] = []
    for m in words:
        word = m.group()
        if len(word) < _ABBREVIATION_MIN_LENGTH - 1 or word in grammar.typo_words:
            continue
        if folded.startswith(".", m.end()):
            # "postp.", "canc.", "ong.", "versch.": the first letters of status words that
            # all read one way, in whichever of the grammar's languages they are written
            key = _abbreviated(word, grammar)
            if key is not None and not known_word(word, grammar):
                found.append(
                    Trigger(m.start(), m.end() + 1, grammar.rules[key], key, misspelt=True)
                )
            continue
        if len(word) < _ABBREVIATION_MIN_LENGTH:
            continue
        if len(word) < TYPO_MIN_LENGTH - 1:
            continue
        if len(word) < TYPO_MIN_LENGTH:
            guess = _dropped_letter(word, grammar)
        else:
            guess = one_near(word, grammar)
        if guess is not None and not known_word(word, grammar):
            found.append(Trigger(m.start(), m.end(), grammar.rules[guess], guess, misspelt=True))
    taken = {(t.start, t.end) for t in found}
    for first, second in pairwise(words):
        # two-word phrases one letter off: "on hlod", "en cruso"
        start, end = first.start(), second.end()
        pair = folded[start:end]
        if len(pair) < TYPO_MIN_LENGTH or folded[first.end() : second.start()] != " ":
            continue
        if max(len(first.group()), len(second.group())) < _ABBREVIATION_MIN_LENGTH:
            continue  # "auf ein" is no slip of "auf Eis": two short words are likelier meant
        if any(a < end and start < b for a, b in taken) or pair in grammar.phrase_keys:
            continue
        guess = one_near(pair, grammar)
        if guess is not None:
            found.append(Trigger(start, end, grammar.rules[guess], guess, misspelt=True))
            taken.add((start, end))
    return found


_MOVES_AND_HANDOVERS = frozenset({"move", "postponed", "rescheduled", "transferred"})


def _abbreviated(word: str, grammar: Grammar) -> str | None:
    """The rule of the status words that ``word`` cuts short, when they have one type;
    the document's own language is preferred to English, which every grammar carries."""
    keys = {k for known, k in grammar.typo_words.items() if known.startswith(word)}
    types = {grammar.rules[k].type for k in keys}
    if len(types) > 1 and "move" in types and types <= _MOVES_AND_HANDOVERS:
        # "transf." (transferred, transformed): a movement word, read by what it takes
        keys = {k for k in keys if grammar.rules[k].type == "move"}
    elif len(types) != 1:
        return None
    order = {lang: i for i, lang in enumerate(sorted(grammar.languages, key=lambda x: x == "en"))}
    return min(keys, key=lambda k: (order.get(k.rsplit(".", 1)[-1], len(order)), k))


def _dropped_letter(word: str, grammar: Grammar) -> str | None:
    """The rule of a status word one letter longer than a short ``word``, missing an inner
    letter ("Onging"): a changed or a first or last letter more makes other real words
    ("envoyé" is no slip of "renvoyé")."""
    if word in grammar.guesses:
        return grammar.guesses[word]
    phrases, keys = grammar.typo_by_length.get(len(word) + 1, ((), ()))
    near = {
        key
        for phrase, key in zip(phrases, keys, strict=True)
        if phrase[0] == word[0]
        and phrase[-1] == word[-1]
        and DamerauLevenshtein.distance(word, phrase, score_cutoff=1) <= 1
    }
    guess = near.pop() if len(near) == 1 else None
    grammar.guesses[word] = guess  # never shared with one_near: it takes longer words
    return guess


def one_near(word: str, grammar: Grammar) -> str | None:
    """The rule of the status phrases one edit from ``word``, when they have one rule only."""
    if word in grammar.guesses:
        return grammar.guesses[word]
    guess = _nearest_rule(word, grammar)
    grammar.guesses[word] = guess
    return guess


def _nearest_rule(word: str, grammar: Grammar) -> str | None:
    near = set()
    for length in (len(word) - 1, len(word), len(word) + 1):
        phrases, keys = grammar.typo_by_length.get(length, ((), ()))
        for _, _, index in process.extract(
            word, phrases, scorer=DamerauLevenshtein.distance, score_cutoff=1, limit=None
        ):
            near.add(keys[index])
    return near.pop() if len(near) == 1 else None  # never guess between two rules
