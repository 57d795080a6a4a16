"""The template vocabulary (rules/headings.yaml): labels, column names, checkbox glyphs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from iflaplans.errors import RulesError
from iflaplans.ruledata import load_yaml_file, mapping, packaged
from iflaplans.textutil import fold

LABELS = (
    "title",
    "unit_label",
    "focus_area",
    "strategic_direction",
    "key_initiatives",
    "communication",
    "impact_measure",
    "related_units",
)
COLUMN_ROLES = ("funding", "activity", "tasks", "timeframe", "status")
PLAN_TYPES = ("annual_report", "progress_report", "action_plan")


@dataclass(frozen=True)
class Headings:
    """Folded label prefixes per label kind and language, column names per role."""

    labels: dict[str, tuple[tuple[str, str], ...]]  # kind -> ((language, folded prefix), ...)
    columns: dict[str, tuple[str, ...]]  # role -> folded names, longest first
    plan_types: tuple[tuple[str, str], ...]  # (plan_type, folded phrase)
    checked: frozenset[str]
    unchecked: frozenset[str]

    def label_of(self, text: str) -> tuple[str, str, int] | None:
        """(kind, language, length of the matched prefix) of a row's first cell, or None."""
        # Leading marks are not part of a label: "¿Cómo comunicará…", "• Focus Area 1", "**Key…".
        stripped = text.lstrip(" \t¿¡*#•-–:")
        folded = fold(stripped)
        offset = len(text) - len(stripped)
        best: tuple[str, str, int] | None = None
        for kind, entries in self.labels.items():
            for lang, prefix in entries:
                if folded.startswith(prefix) and (best is None or len(prefix) > best[2] - offset):
                    best = (kind, lang, offset + len(prefix))
        return best

    def column_role(self, cell: str) -> str | None:
        """The role of a header cell ("Tasks & Responsibility" -> "tasks"), or None."""
        folded = " ".join(fold(cell).replace("*", " ").split()).rstrip(":")
        if not folded:
            return None
        for role, names in self.columns.items():
            if folded in names:
                return role
        for role, names in self.columns.items():
            # A header cell can be truncated ("Fundin") or carry extra words ("Timeframe (year)").
            if any(
                folded.startswith(n) or (len(folded) >= 5 and n.startswith(folded)) for n in names
            ):
                return role
        return None


def load_headings(path: Path | None = None) -> Headings:
    """Read and validate the headings vocabulary; every bad entry is reported at once."""
    path = path or packaged("headings.yaml")
    data = load_yaml_file(path)
    errors: list[str] = []
    if not isinstance(data, dict):
        raise RulesError(str(path), ["the file must hold a mapping"])

    def strings(where: str, value: object) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            errors.append(f"{where}: expected a non-empty list of strings")
            return ()
        bad = [v for v in value if not isinstance(v, str) or not v.strip()]
        if bad:
            errors.append(f"{where}: entries must be non-empty strings, got {bad!r}")
        return tuple(v for v in value if isinstance(v, str) and v.strip())

    labels: dict[str, tuple[tuple[str, str], ...]] = {}
    for kind in LABELS:
        section = data.get(kind)
        if not isinstance(section, dict):
            errors.append(f"{kind}: missing, or not a mapping of language -> list")
            continue
        labels[kind] = tuple(
            (lang, fold(v))
            for lang, vals in section.items()
            for v in strings(f"{kind}.{lang}", vals)
        )
    columns: dict[str, tuple[str, ...]] = {}
    cols = mapping(data, "columns")
    for role in COLUMN_ROLES:
        names = strings(f"columns.{role}", cols.get(role))
        columns[role] = tuple(sorted({fold(n) for n in names}, key=len, reverse=True))
    types = mapping(data, "plan_type")
    plan_types = tuple(
        (t, fold(p)) for t in PLAN_TYPES for p in strings(f"plan_type.{t}", types.get(t))
    )
    box = mapping(data, "checkbox")
    checked = frozenset(strings("checkbox.checked", box.get("checked")))
    unchecked = frozenset(strings("checkbox.unchecked", box.get("unchecked")))
    if errors:
        raise RulesError(str(path), errors)
    return Headings(labels, columns, plan_types, checked, unchecked)
