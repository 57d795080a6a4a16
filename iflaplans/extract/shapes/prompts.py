"""The answers after a copied table that lost every label: the template's three prompts,
in their order, answered one paragraph each."""

from __future__ import annotations

from iflaplans.model.records import Row
from iflaplans.rules.headings import Headings

_PROMPTS = ("communication", "impact_measure", "related_units")


def prompt_answers(
    lines: list[tuple[str, int | None]], headings: Headings, language: str
) -> list[Row]:
    """The three paragraphs after a table that lost every label, read as the answers to
    the template's three prompts in their order (communication, impact, other units):
    each goes out under its prompt's label in the document's language. None unless
    there are three; lines after them (the page's own) are not answers."""
    lines = [(text, page) for text, page in lines if not headings.is_furniture(text)]
    if len(lines) < len(_PROMPTS):
        return []
    rows = []
    for kind, (text, page) in zip(_PROMPTS, lines, strict=False):
        labels = headings.labels.get(kind, ())
        label = next((p for lang, p in labels if lang == language), labels[0][1] if labels else "")
        if not label:
            return []
        rows.append(Row((f"{label}?", text), page))
    return rows
