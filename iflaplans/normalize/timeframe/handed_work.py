"""Work handed to a unit: "Proposal sent to the Professional Committee" asks that unit for
a decision, and "Report handed to the Professional Committee" delivers a product. In both
the thing handed over is a product of the activity, not the activity: neither is a
transfer of the work to the unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from iflaplans.normalize.timeframe.grammar_records import Grammar
from iflaplans.normalize.timeframe.predicates import WORDS, Trigger, clause_around, own_key
from iflaplans.normalize.timeframe.time_spans import TimeSpan
from iflaplans.normalize.units import UnitIndex
from iflaplans.textutil import fold

# types a verb of handing over is read as: a transfer ("handed to"), a completion ("sent")
_HANDING = frozenset({"transferred", "completed"})
_WORDS_BEFORE = 1  # "the final report", "le rapport", "der Bericht": an article or a word
_VERB_WORDS = 3  # "sent", "handed over", "was submitted": the verb before the recipient


def handed_work(
    folded: str, grammar: Grammar, times: list[TimeSpan], triggers: list[Trigger]
) -> tuple[list[Trigger], list[Trigger]]:
    """A clause that opens with a product of the work and hands it to someone ("Proposal
    sent to the PC", "Propuesta enviada al Comité Profesional", "Bericht an das PC
    übergeben"): a discussion that names the unit after it when the product is a
    proposal, else a completion. Returns the new phrases and the ones they replace."""
    if grammar.recipient_leads is None or grammar.work_nouns is None:
        return [], []
    found: list[Trigger] = []
    replaced: list[Trigger] = []
    for noun in grammar.work_nouns.finditer(folded):
        start, end, _ = clause_around(folded, noun.start(), noun.end())
        start = max([start, *(t.end for t in times if start <= t.end <= noun.start())])
        lead = grammar.recipient_leads.search(folded, noun.end(), end)
        if lead is None:
            continue
        handing = _Handing(noun, lead, start)
        if not _opens_clause(folded, handing, times) or not _free(
            folded, grammar, handing, triggers
        ):
            continue
        inside = [t for t in triggers if start <= t.start < end]
        sent = grammar.sending_verbs
        verbs = [(t.start, t.end) for t in inside if t.start >= noun.end()]
        verbs += [m.span() for m in sent.finditer(folded, noun.end(), end)] if sent else []
        proposal = noun.group() in grammar.proposals
        # "Proposal sent to the PC for decision": what a proposal is sent for says it again
        news = [
            t
            for t in inside
            if t.rule.type not in _HANDING
            and not (proposal and t.rule.type == "under_discussion" and t.start >= lead.end())
        ]
        if not verbs or news:
            continue  # "Report to the Governing Board": a plan to report; or other news
        key = own_key(grammar, "under_discussion" if proposal else "completed")
        if key is None:
            continue
        # a proposal's phrase stops before the recipient, whom the discussion names; a
        # product's takes in its verb, also one closing the clause ("… übergeben")
        close = lead.start() if proposal else max(e for _, e in verbs)
        close = lead.start() if close == lead.end() else close  # "transmis au": the verb
        close = max(len(folded[:close].rstrip()), noun.end())
        found.append(Trigger(noun.start(), close, grammar.rules[key], key))
        replaced += inside
    return found, replaced


@dataclass(frozen=True)
class _Handing:
    """A product of the work, the word for whom it went to, and where its clause starts."""

    noun: re.Match[str]
    lead: re.Match[str]
    start: int


def _opens_clause(folded: str, handing: _Handing, times: list[TimeSpan]) -> bool:
    """Whether the product opens its clause and a verb at most stands between it and the
    word for whom it went to, with no time after that word ("Report delayed to 2022": a
    move of the product, which is the work's)."""
    noun, lead, start = handing.noun, handing.lead, handing.start
    if len(WORDS.findall(folded, start, noun.start())) > _WORDS_BEFORE:
        return False
    if len(WORDS.findall(folded, noun.end(), lead.start())) > _VERB_WORDS:
        return False
    after = folded[lead.end() :].lstrip()
    if after[:1].isdigit() or any(t.start in (lead.start(), lead.end()) for t in times):
        return False
    return not any(noun.end() <= t.start < lead.end() for t in times)


def _free(folded: str, grammar: Grammar, handing: _Handing, triggers: list[Trigger]) -> bool:
    """Whether nothing else reads the words: no news before the clause (after it a
    product's news is a detail), no status phrase holding the noun ("Report à 2021") or
    the recipient word ("se llevará a cabo"), no denial or future between them ("Report
    not submitted", "will be sent")."""
    noun, lead, start = handing.noun, handing.lead, handing.start
    if any(t.start < start for t in triggers):
        return False
    if any(t.start <= noun.start() < t.end for t in triggers):
        return False
    if any(t.start <= lead.start() < t.end and t.rule.type != "transferred" for t in triggers):
        return False
    between = folded[noun.end() : lead.start()].rstrip()
    return grammar.negations.search(between) is None and grammar.future.search(between) is None


# kinds of unit that decide or administer: work sent to them is for their decision or
# their record ("Enviado al Comité Profesional"), not handed to them to carry on
_DECIDING_KINDS = frozenset({"governance_body", "hq_office"})
_LEAD_WORDS = 2  # "se", "ya": the words a sending verb's clause may have before it


def sent_to_unit(
    text: str,
    folded: str,
    grammar: Grammar,
    units: UnitIndex,
    times: list[TimeSpan],
    triggers: list[Trigger],
) -> tuple[list[Trigger], list[Trigger]]:
    """A verb of sending that opens its clause, then the word for whom and a unit that
    carries work on ("Remitido a la Sección de Periódicos para su seguimiento", "Entregado
    al SIG Mujeres, Información y Bibliotecas"): the work went to that unit, a transfer.
    Work sent to a body that decides or administers, or a product sent anywhere
    (:func:`handed_work`), stays as it is read. Returns the new phrases and the ones they
    replace."""
    sent = grammar.sending_verbs
    key = own_key(grammar, "transferred")
    if sent is None or grammar.recipient_leads is None or key is None:
        return [], []
    found: list[Trigger] = []
    replaced: list[Trigger] = []
    for verb in sent.finditer(folded):
        start, end, _ = clause_around(folded, verb.start(), verb.end())
        start = max([start, *(t.end for t in times if start <= t.end <= verb.start())])
        if len(WORDS.findall(folded, start, verb.start())) > _LEAD_WORDS:
            continue  # "Finalisé et transmis au …": a detail of other news
        if grammar.work_nouns is not None and grammar.work_nouns.search(
            folded, start, verb.start()
        ):
            continue  # "Propuesta enviada al …": a product, read by handed_work
        lead = grammar.recipient_leads.match(folded, verb.end() + _gap(folded, verb.end()))
        if lead is None or any(t.start < verb.start() and start <= t.start for t in triggers):
            continue
        if any(verb.start() < t.start < end and t.rule.type != "completed" for t in triggers):
            continue  # other news in the clause
        if not _carries_work(text[lead.end() : end], units):
            continue
        at_verb = [t for t in triggers if t.start < verb.end() and verb.start() < t.end]
        found.append(Trigger(verb.start(), lead.end(), grammar.rules[key], key))
        replaced += at_verb
    return found, replaced


def _carries_work(rest: str, units: UnitIndex) -> bool:
    """Whether ``rest`` opens with a unit that carries work on: one of the list that
    neither decides nor administers, or one named by the kind of a professional unit
    ("Sección de Periódicos", "SIG Mujeres, …"); not "a tiempo", not "al Comité
    Profesional"."""
    matches = units.scan(rest)
    if matches and matches[0].start <= _gap(rest, 0):
        unit = units.units.get(matches[0].unit_id)
        return unit is not None and unit.kind not in _DECIDING_KINDS
    first = WORDS.match(fold(rest.lstrip().lower()))
    return rest.lstrip()[:1].isupper() and first is not None and first.group() in units.heads


def _gap(text: str, at: int) -> int:
    """The white space at ``at``."""
    return len(text[at:]) - len(text[at:].lstrip())
