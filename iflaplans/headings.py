"""The template vocabulary (rules/headings.yaml): labels, column names, checkbox glyphs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
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

# "Responsable(s)", "Aktivität(en)", "Projet(s)": an optional plural or gender ending.
_OPTIONAL_ENDING = re.compile(r"(?<=\w)\((?:s|es|en|n|e|x|in|innen)\)")
_SLASH = re.compile(r"\s*/\s*")  # "Projets/ Activités", "Projects /Activities"
_NOT_LETTER = re.compile(r"[\W_]+")
_WORD_END = re.compile(r"s?(?![^\W\d_])")  # nothing, or a plural "s", then no letter
_LONG_NAME = 6  # shorter names ("who", "lead") match whole words only


def header_text(cell: str) -> str:
    """A header cell as the vocabulary spells it: folded, "(s)" dropped, "X / Y" -> "X/Y",
    whitespace collapsed, no trailing colon ("Responsable(s) :" -> "responsable")."""
    text = _OPTIONAL_ENDING.sub("", fold(cell).replace("*", " "))
    return " ".join(_SLASH.sub("/", text).split()).rstrip(" :;.")


def _starts_with(text: str, name: str) -> bool:
    """``text`` starts with ``name``; a short name must end a word there ("Who", "Leads"
    are names, "Whole team" and "Leadership" are not)."""
    if not text.startswith(name):
        return False
    rest = text[len(name) :]
    return len(name) >= _LONG_NAME or _WORD_END.match(rest) is not None


def compact(text: str) -> str:
    """Letters and digits only: a header word a narrow column broke ("responsabilit és")
    reads the same as the unbroken one."""
    return _NOT_LETTER.sub("", text)


@dataclass(frozen=True)
class Headings:
    """Folded label prefixes per label kind and language, column names per role."""

    labels: dict[str, tuple[tuple[str, str], ...]]  # kind -> ((language, folded prefix), ...)
    columns: dict[str, tuple[str, ...]]  # role -> folded names, longest first
    plan_types: tuple[tuple[str, str], ...]  # (plan_type, folded phrase)
    checked: frozenset[str]
    unchecked: frozenset[str]
    # The column names with spaces and punctuation dropped, per role, made once
    squeezed: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)
    # Roles of header cells already seen in this run: tables repeat their headers
    roles: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for role, names in self.columns.items():
            self.squeezed[role] = tuple(compact(n) for n in names)

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
        """The role of a header cell ("Tasks & Responsibility" -> "tasks"), or None.

        Tried in turn: the name as listed; the name with spaces and punctuation
        ignored (a narrow column breaks "Proyectos/ Actividades" or "responsabilit
        és"); a listed name that starts the cell ("Timeframe (year)") or that the
        cell starts (a cut-off "Fundin").
        """
        if cell not in self.roles:
            self.roles[cell] = self._role(header_text(cell))
        return self.roles[cell]

    def _role(self, text: str) -> str | None:
        if not text:
            return None
        squeezed = compact(text)
        for role, names in self.columns.items():
            if text in names:
                return role
        for role, names in self.squeezed.items():
            if squeezed in names:
                return role
        for role, names in self.columns.items():
            if any(
                _starts_with(text, n)
                or (len(text) >= 5 and n.startswith(text))
                or (len(c) >= _LONG_NAME and squeezed.startswith(c))
                for n, c in zip(names, self.squeezed[role], strict=True)
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
        section = cols.get(role)
        if isinstance(section, dict):  # language -> names, as the labels
            names = tuple(
                n for lang, v in section.items() for n in strings(f"columns.{role}.{lang}", v)
            )
        else:  # one flat list, as older rule files have it
            names = strings(f"columns.{role}", section)
        # Each name as written (folded) and as header_text() spells it: readers that look
        # names up word by word (the layout reader) see "projects / activities" as listed.
        spellings = {fold(n) for n in names} | {header_text(n) for n in names}
        columns[role] = tuple(sorted(spellings, key=len, reverse=True))
    owners: dict[str, list[str]] = {}
    for role, spellings_of_role in columns.items():
        for name in spellings_of_role:
            owners.setdefault(name, []).append(role)
    errors.extend(
        f"columns: {name!r} is listed under {' and '.join(roles)}"
        for name, roles in sorted(owners.items())
        if len(roles) > 1
    )
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
