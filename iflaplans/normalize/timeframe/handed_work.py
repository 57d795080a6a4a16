"""Work handed to a unit: "Proposal sent to the Professional Committee" asks that unit for
a decision, and "Report handed to the Professional Committee" delivers a product. In both
the thing handed over is a product of the activity, not the activity: neither is a
transfer of the work to the unit.
"""

from __future__ import annotations

from iflaplans.normalize.timeframe.grammar_records import Grammar
from iflaplans.normalize.timeframe.predicates import CLAUSE_END, WORDS, Trigger, own_key
from iflaplans.normalize.timeframe.time_spans import TimeSpan

# types a verb of handing over is read as: a transfer, a completion ("sent"), a move
# ("remis au")
_HANDING = frozenset({"transferred", "completed", "move", "postponed", "rescheduled"})
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
        opener = [*CLAUSE_END.finditer(folded, 0, noun.start())][-1:]
        start = opener[0].end() if opener else 0
        start = max([start, *(t.end for t in times if start <= t.end <= noun.start())])
        if len(WORDS.findall(folded, start, noun.start())) > _WORDS_BEFORE:
            continue
        stop = CLAUSE_END.search(folded, noun.end())
        end = stop.start() if stop else len(folded)
        lead = grammar.recipient_leads.search(folded, noun.end(), end)
        if lead is None or len(WORDS.findall(folded, noun.end(), lead.start())) > _VERB_WORDS:
            continue
        if any(noun.end() <= t.start < lead.start() for t in times):
            continue
        if any(t.start < start for t in triggers):
            continue  # after the news of the work, a product's is that news's detail
        if any(t.start <= noun.start() < t.end for t in triggers):
            continue  # "Report à 2021": the word of a status phrase
        if any(t.start <= lead.start() < t.end and t.rule.type != "transferred" for t in triggers):
            continue  # "se llevará a cabo": the recipient word is part of another verb
        inside = [t for t in triggers if start <= t.start < end]
        if any(t.rule.type not in _HANDING or t.mood for t in inside):
            continue  # news of another kind, or to come ("to be published")
        sent = grammar.sending_verbs
        verbs = [(t.start, t.end) for t in inside]
        verbs += [m.span() for m in sent.finditer(folded, noun.end(), end)] if sent else []
        if not verbs:
            continue  # "Report to the Governing Board": a plan to report, not a report sent
        proposal = noun.group() in grammar.proposals
        key = own_key(grammar, "under_discussion" if proposal else "completed")
        if key is None:
            continue
        # a proposal's phrase stops before the recipient, whom the discussion names; a
        # product's takes in its verb, also one closing the clause ("… übergeben")
        close = lead.start() if proposal else max(e for _, e in verbs)
        close = lead.start() if close == lead.end() else close  # "transmis au": the verb
        close = len(folded[:close].rstrip())
        found.append(Trigger(noun.start(), close, grammar.rules[key], key))
        replaced += inside
    return found, replaced
