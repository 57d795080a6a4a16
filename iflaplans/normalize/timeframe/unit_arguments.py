"""The unit a hand-over, a discussion or a move names: after its verb ("handed over to
the IT Section"), or before it, as German puts it ("an die Sektion IT übergeben", "Zur
Sektion X verlagert"), with who does a thing ("wird von der Sektion IT betreut").
"""

from __future__ import annotations

import re

from iflaplans.normalize.timeframe.clause_bounds import BOUNDARY, STRIP, first_stop
from iflaplans.normalize.timeframe.clauses import HANDOVER
from iflaplans.normalize.timeframe.grammar_records import Grammar
from iflaplans.normalize.timeframe.predicates import WORDS, Trigger, clause_around
from iflaplans.normalize.timeframe.time_spans import TimeSpan
from iflaplans.normalize.timeframe.unit_names import lone_heads, named_units, receiving
from iflaplans.normalize.units import UnitIndex, UnitMatch
from iflaplans.textutil import collapse, fold

# how sure a unit found in the text is: one the units list holds, one named by its kind
_KNOWN, _BY_KIND = 0.9, 0.7
# one lower-case word closing a clause after a name: a verb-final participle
_VERB_AFTER = re.compile(r"\s+[^\W\d_A-ZÄÖÜ][\w-]*[\s.;,:!)]*")


def argument_unit(
    text: str,
    folded: str,
    grammar: Grammar,
    units: UnitIndex,
    trig: Trigger,
    limit: int,
    year: int | None,
    times: list[TimeSpan],
) -> tuple[str, int, float] | None:
    """(unit as written, end offset, confidence) of the unit a transfer or discussion names."""
    clause_end = limit
    stop = first_stop(folded, grammar, trig.end, limit)
    if stop:
        clause_end = stop.start()
    part = text[trig.end : clause_end]
    if _from_giver(part, grammar, folded[trig.start : trig.end]):
        return None  # "took over from the IT Section": who gave it, not where it went
    found = _past_origin(part, grammar, units.scan(part, year))
    if found:
        # "handed over to the KM and IT Sections": a list of units is one target
        last = found[0]
        for following in found[1:]:
            if not grammar.unit_list_gap.fullmatch(part[last.end : following.start]):
                break
            last = following
        start = _head_before(part, found[0].start, units)
        # "the Regional Council for Europe": a known unit inside a longer name is named so
        cut = min([clause_end, *(t.start for t in times if trig.end <= t.start)])
        for a, b in named_units(text, grammar, trig.end, cut):  # not into "in May 2021"
            if a <= trig.end + start and trig.end + last.end <= b:
                return text[a:b], b, 0.95
        return part[start : last.end], trig.end + last.end, 0.95
    after = grammar.fillers.match(folded, trig.end)
    start = after.end() if after else trig.end
    agent = grammar.agent_lead.match(folded, start)
    if agent is not None:  # "en estudio por el Comité Profesional": who studies it
        start = agent.end()
    dated = [t.start for t in times if start <= t.start < clause_end]
    cut = min(dated, default=clause_end)  # "to the Standing Committee in 2020"
    named = named_units(text, grammar, start, cut)
    if named and _VERB_AFTER.fullmatch(text, named[-1][1], cut):
        # "jetzt beim Regionalbüro Afrika angesiedelt": the name, not the verb closing it
        name_start, name_end = named[-1]
        return text[name_start:name_end], name_end, _BY_KIND
    phrase = grammar.unit_name_end.split(text[start:cut])[0]
    phrase = grammar.unit_name_tail.sub("", phrase.rstrip())
    phrase = _past_verb_group(collapse(phrase).strip(STRIP), grammar)
    name, _, closing = phrase.rpartition(" ")
    if name and _closing_verb(closing, grammar):
        phrase = name  # "beim Vorstand eingereicht": the name, not the verb closing it
    if grammar.formats.search(fold(phrase.lower())) is not None and not named:
        return None  # "Format gewechselt: Zoom-Reihe": a format, never a unit
    phrase = _past_lead_noun(phrase, grammar)
    bare = _without_article(phrase, grammar)
    if bare != phrase and (_led_by_kind(bare, grammar) or bare[:1].isupper()):
        phrase = bare  # "un groupe de travail ad hoc", "die Arbeitsgruppe X": no article
    if phrase and (
        any(w[:1].isupper() for w in phrase.split())
        or _led_by_kind(phrase, grammar)
        or _office(phrase, grammar)
    ):
        at = start + len(text[start:clause_end].split(phrase, 1)[0])
        by_kind = _named_from(text, grammar, named, at, at + len(phrase))
        return by_kind if by_kind is not None else (phrase, at + len(phrase), 0.7)
    return None


def _named_from(
    text: str, grammar: Grammar, named: list[tuple[int, int]], start: int, end: int
) -> tuple[str, int, float] | None:
    """The unit named by its kind from ``start``, where the words up to ``end`` give it
    too few words or too many: a list of its topics after a comma ("SIG Umwelt,
    Nachhaltigkeit und Bibliotheken"), or a clause after it ("Sección de Lectura *una
    sesión conjunta*", "Comité régional Europe *après la fusion*")."""
    name = next(((a, b) for a, b in named if a == start), None)
    if name is None or name[1] == end:
        return None
    rest = WORDS.findall(text[name[1] : end])
    if name[1] < end and rest:
        word = fold(rest[0].lower())
        if (
            word not in grammar.article_words
            and (
                word in grammar.unit_name_joins
                or grammar.fillers.fullmatch(word)  # "Library Services *to Refugees*"
                or not rest[0][:1].islower()
            )
        ):
            return None  # "Groupe de travail *sur les métadonnées*": the phrase says more
    return text[name[0] : name[1]], name[1], _BY_KIND


def _past_verb_group(phrase: str, grammar: Grammar) -> str:
    """``phrase`` without the little words of a verb group opening it ("Zuständig *ist
    künftig* die Arbeitsgruppe X"): the name comes after them."""
    words = phrase.split(" ")
    skip = 0
    while skip < len(words) - 1 and fold(words[skip].lower()) in grammar.verb_group:
        skip += 1
    return " ".join(words[skip:]) if skip and words[skip][:1].isalpha() else phrase


def _without_article(phrase: str, grammar: Grammar) -> str:
    """``phrase`` without an article opening it ("un", "the", "l'")."""
    m = re.match(r"([^\W\d_]+)\s+|([ldLD])['’]", phrase)
    if m is None:
        return phrase
    if m.group(2) or fold(m.group(1).lower()) in grammar.article_words:
        return phrase[m.end() :]
    return phrase


def _past_lead_noun(phrase: str, grammar: Grammar) -> str:
    """A name without the lower-case word and the joining word before it ("a manos *del
    GIE de Bibliotecas Indígenas*", "pasó a depender *del Comité X*"): the unit is what
    follows them, a kind of unit written with a capital."""
    m = re.match(r"[^\W\d_]+\s+([^\W\d_]+)\s+(?:([^\W\d_]+)\s+)?(?=[A-ZÀ-Þ])", phrase)
    if m is None or phrase[:1].isupper():
        return phrase
    join, article = fold(m.group(1).lower()), m.group(2)
    joined = join in grammar.unit_name_joins or join in grammar.article_words
    if not joined or (article is not None and fold(article.lower()) not in grammar.article_words):
        return phrase
    rest = phrase[m.end() :]
    head = WORDS.findall(fold(rest.lower()))[:1]
    # "la sede de IFLA": a place of a body, named so, keeps its first word
    return rest if head and head[0] in grammar.unit_heads else phrase


def _closing_verb(word: str, grammar: Grammar) -> bool:
    """Whether a lower-case word after a name is a verb that closes its clause: a form of
    a status lemma or a verb of sending ("eingereicht", "übergeben")."""
    folded = fold(word)
    if not word[:1].islower():
        return False
    sent = grammar.sending_verbs
    return folded in grammar.known_forms or (
        sent is not None and sent.fullmatch(folded) is not None
    )


def _office(phrase: str, grammar: Grammar) -> bool:
    """Whether a phrase is IFLA's office named by a common noun ("siège", "la sede
    central"), perhaps with IFLA after it."""
    words = [w for w in WORDS.findall(fold(phrase.lower())) if w not in grammar.article_words]
    said = " ".join(words)
    return any(
        said == n or (said.startswith(n + " ") and said.endswith("ifla"))  # "siège de l'IFLA"
        for n in grammar.office_nouns
    )


def _led_by_kind(phrase: str, grammar: Grammar) -> bool:
    """Whether a name written in lower case starts with a kind of unit and says more:
    "au groupe de travail sur les métadonnées", "al grupo de trabajo de metadatos"."""
    words = WORDS.findall(fold(phrase.lower()))
    return len(words) > 2 and words[0] in grammar.unit_heads


def _from_giver(part: str, grammar: Grammar, phrase: str) -> bool:
    """Whether a hand-over word whose subject took the work ("took over") names, after
    an origin word, the unit it came from."""
    return (
        phrase in grammar.receiving_verbs and grammar.origin.match(fold(part).lstrip()) is not None
    )


def _past_origin(part: str, grammar: Grammar, found: list[UnitMatch]) -> list[UnitMatch]:
    """The units after the one a hand-over came from ("from the IT Section to RISS")."""
    if len(found) < 2:
        return found
    # the origin word, perhaps with an article after it, right before the first unit
    near = " ".join(fold(part[: found[0].start]).split()[-2:]) + " "
    return found[1:] if grammar.origin.search(near) is not None else found


def _head_before(part: str, start: int, units: UnitIndex) -> int:
    """Where a unit's name starts when a kind of unit is written before its acronym
    ("la section RISS", "the SIG BDS"): the name as written takes that word."""
    m = re.search(r"([^\W\d_]+)\s+$", part[:start])
    if m is not None and fold(m.group(1)) in units.heads:
        return m.start(1)
    return start


_NAME_STOP = re.compile(r"[,;:(]")  # what ends a name written after a lead word


def _up_to_stop(text: str, start: int, end: int) -> str:
    """text[start:end] up to the first comma, semicolon, colon or bracket in it."""
    return _NAME_STOP.split(text[start:end], maxsplit=1)[0]


def agent_spans(
    text: str, folded: str, grammar: Grammar, triggers: list[Trigger]
) -> list[tuple[int, int]]:
    """Named agents before a hand-over verb: "wird von der *Sektion IT* betreut", and
    units named by their kind ("*Dem Regionalrat Europa* übertragen")."""
    spans = []
    for trig in triggers:
        if trig.rule.type not in HANDOVER:
            continue
        start = max(0, trig.start - 80)
        leads = list(grammar.agent_lead.finditer(folded, start, trig.start))
        if trig.rule.type == "under_discussion" and grammar.venue_leads is not None:
            # "wird im Ständigen Ausschuss erörtert": where it is discussed, a unit named
            # by its kind right after the word for where ("im Team" names none)
            for venue in grammar.venue_leads.finditer(folded, start, trig.start):
                a = venue.end()
                if BOUNDARY.search(folded, a, trig.start):
                    continue
                named = [n for n in named_units(text, grammar, a, trig.start) if n[0] == a]
                name = _up_to_stop(text, a, trig.start).rstrip(STRIP)
                if not named and fold(name.split(" ", 1)[0].lower()) in grammar.unit_heads:
                    named = [(a, a + len(name))]  # "au Comité professionnel": led by its kind
                spans += named
        if not leads:
            # "Die Sektion Lesen hat übernommen": a unit named by its kind, no lead word
            spans += [
                (a, b)
                for a, b in named_units(text, grammar, start, trig.start)
                if not BOUNDARY.search(folded, a, trig.start)
                and receiving(folded, grammar, a, trig)
            ]
            continue
        a = leads[-1].end()
        name = _up_to_stop(text, a, trig.start).strip()
        if name and name[:1].isupper() and not BOUNDARY.search(folded, a, trig.start):
            # "von der SIG Umwelt, Nachhaltigkeit und Bibliotheken": a name found by its
            # kind may list its topics past a comma
            a += len(text[a : trig.start]) - len(text[a : trig.start].lstrip())
            wider = [n for n in named_units(text, grammar, a, trig.start) if n[0] == a]
            spans.append(wider[0] if wider and wider[0][1] > a + len(name) else (a, a + len(name)))
    return spans


def unit_before(
    text: str,
    folded: str,
    grammar: Grammar,
    units: UnitIndex,
    trig: Trigger,
    clause: int,
    year: int | None,
) -> tuple[str, int, float] | None:
    """The unit a hand-over names before its verb: "an die Sektion IT übergeben"."""
    found, confidence = _units_in(text, grammar, units, clause, trig.start, year)
    if confidence == _KNOWN:
        return text[found[-1][0] : found[-1][1]], trig.end, _KNOWN
    venue = grammar.venue_leads
    if found and trig.rule.type == "under_discussion" and venue is not None:
        # "Wird im Ständigen Ausschuss diskutiert", "en réflexion au sein du comité": where
        # it is discussed, named by its kind right after a word for where
        start, end = found[-1]
        leads = [m.end() for m in venue.finditer(folded, clause, start)]
        if leads and leads[-1] == start and not text[end : trig.start].strip(" ,"):
            return text[start:end], trig.end, _BY_KIND
    # no unit the list holds: one named by its kind with an agent word, if any
    named = [(a, b) for a, b in agent_spans(text, folded, grammar, [trig]) if a >= clause]
    return (text[named[-1][0] : named[-1][1]], trig.end, _BY_KIND) if named else None


def unit_led_before(
    text: str,
    folded: str,
    grammar: Grammar,
    units: UnitIndex,
    trig: Trigger,
    clause: int,
    year: int | None,
) -> tuple[str, int, float] | None:
    """The unit a movement verb names before it, led by "to" ("Zur Sektion X verlagert",
    "An die Sektion Y verlegt"): where the work went. A unit with no such word before it
    is the sentence's subject, who moved something."""
    # a unit no list holds is named by its kind: "Zur SIG Big Data gewechselt"
    found, confidence = _units_in(text, grammar, units, clause, trig.start, year)
    if not found or text[found[-1][1] : trig.start].strip():
        return None
    start, end = found[-1]
    if grammar.destination_end.search(folded[clause:start]) is None:
        return None
    return text[start:end], trig.end, confidence


def agent_before(
    text: str,
    folded: str,
    grammar: Grammar,
    units: UnitIndex,
    trig: Trigger,
    clause: int,
    year: int | None,
) -> tuple[str, int, float] | None:
    """The unit named as the agent right before a verb-final word of work going on: "wird
    von der *Arbeitsgruppe X* weitergeführt" (the work is now that unit's)."""
    found = _agent_span(text, folded, grammar, units, trig, clause, year)
    if found is None:
        return None
    (start, end), confidence = found
    return text[start:end], trig.end, confidence


_DECIDER_WORDS = 4  # "of the", "de la", "del", "des": the words before the unit deciding


def awaited_decider(
    text: str,
    folded: str,
    grammar: Grammar,
    units: UnitIndex,
    trig: Trigger,
    limit: int,
    year: int | None,
) -> tuple[str, int, float] | None:
    """The unit whose decision a wait is for ("en attente de la décision du Comité
    professionnel", "Wartet auf Zustimmung des Professional Council"): the matter lies with
    that unit, a discussion there rather than work on hold."""
    nouns = grammar.decision_nouns
    if nouns is None:
        return None
    stop = first_stop(folded, grammar, trig.end, limit)
    end = stop.start() if stop else limit
    # where the next words start, and past an elided article ("l'avis")
    starts = [
        w.start() + w.group().find("'") + 1 for w in list(WORDS.finditer(folded, trig.end, end))[:3]
    ]
    noun = next((m for m in (nouns.match(folded, a) for a in starts) if m is not None), None)
    if noun is None:
        return None
    found, confidence = _units_in(text, grammar, units, noun.end(), end, year)
    if not found:
        # "de la décision du Comité professionnel": a name opened by a kind of unit
        heads = [
            w.start()
            for w in WORDS.finditer(folded, noun.end(), end)
            if w.group() in grammar.unit_heads
        ]
        name = _up_to_stop(text, heads[0], end).rstrip(STRIP) if heads else ""
        found, confidence = ([(heads[0], heads[0] + len(name))], _BY_KIND) if name else ([], 0.0)
    if not found or len(WORDS.findall(folded, noun.end(), found[0][0])) > _DECIDER_WORDS:
        return None
    start, stop_at = found[0]
    return text[start:stop_at], stop_at, confidence


_AGENT_GAP = 3  # "de l'activité": the words between a verb and the agent word after it


def subject_after(
    text: str,
    folded: str,
    grammar: Grammar,
    units: UnitIndex,
    trig: Trigger,
    limit: int,
    year: int | None,
) -> tuple[str, int, float] | None:
    """A unit right after a verb, with at most an article between them, as its subject
    ("Lo retoma el Grupo de Trabajo X", "La reprend la Section Y"), or after an agent word
    a few words on ("Reprise de l'activité par la Section Z")."""
    found, confidence = _units_in(text, grammar, units, trig.end, limit, year)
    if not found:
        return None
    start, end = found[0]
    lead = trig.end
    # "Reprise de l'activité par la Section X": who carries it on, after a few words and
    # an agent word
    agents = [m for m in grammar.agent_lead.finditer(folded, trig.end, start) if m.end() == start]
    gap = folded[trig.end : agents[0].start()] if agents else ""
    if agents and len(WORDS.findall(gap)) <= _AGENT_GAP and not re.search(r"[,;:().\d]", gap):
        lead = agents[0].end()
    between = folded[lead:start].split()
    if len(between) > 1 or any(w not in grammar.article_words for w in between):
        return None  # an article at most: "el", "la", "die"; no stop ("Ongoing: Board …")
    return text[start:end], end, confidence


def continuing_agents(
    text: str, folded: str, grammar: Grammar, units: UnitIndex, triggers: list[Trigger]
) -> list[tuple[int, int]]:
    """(start, end) of the units named as agents right before status words ("wird von der
    Arbeitsgruppe X weitergeführt", "vom Ständigen Ausschuss gestrichen"): names, not the
    subject of the clause."""
    spans = []
    for trig in triggers:
        found = _agent_span(text, folded, grammar, units, trig, max(0, trig.start - 80), None)
        if found is not None:
            spans.append(found[0])
    return spans


def _agent_span(
    text: str,
    folded: str,
    grammar: Grammar,
    units: UnitIndex,
    trig: Trigger,
    clause: int,
    year: int | None,
) -> tuple[tuple[int, int], float] | None:
    leads = list(grammar.agent_lead.finditer(folded, clause, trig.start))
    if not leads:
        return None
    found, confidence = _units_in(text, grammar, units, leads[-1].end(), trig.start, year)
    if not found or text[found[-1][1] : trig.start].strip():
        return None
    return found[-1], confidence


def unit_within(
    text: str, grammar: Grammar, units: UnitIndex, trig: Trigger, year: int | None
) -> tuple[str, int, float] | None:
    """The unit named inside a phrase in two parts: "liegt dem *Vorstand* zur Prüfung vor",
    "wird mit der *Sektion X* abgestimmt"."""
    end = max(trig.end, trig.reach)  # a phrase in two parts reaches past its first
    found, confidence = _units_in(text, grammar, units, trig.start, end, year)
    if not found:  # "wird vom *Vorstand* entschieden": a kind alone after an article
        found, confidence = lone_heads(text, grammar, trig.start, end), _BY_KIND
    return (text[found[-1][0] : found[-1][1]], end, confidence) if found else None


def _units_in(
    text: str, grammar: Grammar, units: UnitIndex, start: int, end: int, year: int | None
) -> tuple[list[tuple[int, int]], float]:
    """(start, end) of the units named in text[start:end] and how sure: the known ones,
    else those named by their kind (:func:`named_units`)."""
    known = [(start + u.start, start + u.end) for u in units.scan(text[start:end], year)]
    named = named_units(text, grammar, start, end)
    if not known:
        return named, _BY_KIND
    # "vom FAIFE-Ausschuss": a known unit inside a longer name is named by that name
    wider = [next((n for n in named if n[0] <= a and b <= n[1]), (a, b)) for a, b in known]
    return wider, _KNOWN


_NAME_WORDS = 6  # "d'administration", "for Latin America and the Caribbean": a name's tail


def subject_unit(
    text: str,
    folded: str,
    grammar: Grammar,
    units: UnitIndex,
    trig: Trigger,
    clause: int,
    year: int | None,
) -> tuple[str, int, float] | None:
    """The unit named as the subject of a verb, before it in its clause: "The Governing
    Board is still considering this", "c'est désormais la Section de catalogage qui s'en
    charge". A name goes on up to the little words of a verb group (`verb_group`): in
    lower case after a kind alone ("Le Conseil d'administration doit encore se
    prononcer") or after a word that joins a name ("IFLA Regional Office for Latin
    America and the Caribbean now in charge"); a kind alone after an article names one
    ("Der Vorstand hat noch nicht entschieden")."""
    if not folded[clause : trig.start].strip():  # "now in charge": opened by a connector
        clause = clause_around(folded, trig.start, trig.end)[0]
    found, confidence = _units_in(text, grammar, units, clause, trig.start, year)
    heads = lone_heads(text, grammar, clause, trig.start)
    heads = [h for h in heads if not any(a <= h[0] < b for a, b in found)]
    spans = sorted(found + heads)
    if not spans:
        return None
    start, stop = spans[-1]
    if _NAME_STOP.search(text, stop, trig.start) is not None:
        return None  # "The IT Section, with partners, decided": not the verb's subject
    cut = next(
        (
            w.start()
            for w in WORDS.finditer(folded, stop, trig.start)
            if w.group() in grammar.verb_group and w.group() not in grammar.unit_name_joins
        ),
        trig.start,
    )
    tail = WORDS.findall(folded, stop, cut)
    joined = bool(tail) and tail[0] in grammar.unit_name_joins
    lone_tail = (start, stop) in heads and (len(tail) == 1 or joined)
    if (
        tail
        and (lone_tail or joined)
        and len(tail) <= _NAME_WORDS
        and not any(c.isdigit() for c in text[stop:cut])
    ):
        stop = len(text[:cut].rstrip())
    if (start, stop) not in found:
        confidence = _BY_KIND
    return text[start:stop], trig.end, confidence


def taking_unit(
    text: str,
    folded: str,
    grammar: Grammar,
    units: UnitIndex,
    trig: Trigger,
    clause: int,
    year: int | None,
) -> tuple[str, int, float] | None:
    """The unit by name that is the subject of a verb of taking work up ("La Section des
    bibliothèques nationales a repris cette activité"); not a kind alone ("La Section a
    repris"), which may be the plan's own unit."""
    unit = subject_unit(text, folded, grammar, units, trig, clause, year)
    if unit is None or fold(unit[0].lower()) in grammar.unit_heads:
        return None
    return unit
