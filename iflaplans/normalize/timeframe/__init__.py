"""The Timeframe grammar, in steps: the rules loaded and compiled (grammar*.py,
rule_validation.py, lexicon.py), time expressions (time_vocabulary.py, time_patterns.py,
timex.py, time_spans.py), status words (predicates.py), their scope (clause_bounds.py,
clauses.py, later_news.py, asides.py, arguments.py, unit_arguments.py, moves.py,
denials.py, remarks.py, plan_notes.py), and a cell's events and status (planned.py,
status_events.py, cell.py)."""
