"""The template vocabulary (rules/headings.yaml): labels, column names, checkbox glyphs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from iflaplans.errors import RulesError
from iflaplans.rules.files import load_yaml_file, mapping, packaged
from iflaplans.rules.heading_words import (
    ReaderWords,
    TimeWords,
    read_reader_words,
    read_time_words,
    read_word_list,
)
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
COLUMN_ROLES = ("funding", "activity", "tasks", "timeframe", "status", "objective", "other")
# Roles a rule file may leave out (older rule files have none of them).
OPTIONAL_ROLES = ("objective", "other")
PLAN_TYPES = ("annual_report", "progress_report", "action_plan")

_SLASH = re.compile(r"\s*/\s*")  # "Projets/ Activités", "Projects /Activities"
_NOT_LETTER = re.compile(r"[\W_]+")
_FURNITURE_JOINS = re.compile(r"\s*[·|•]\s*")
# "1 / 2", "100 %", "+", a download's size "(310 KB)"
_TOOLBAR_WORD = re.compile(r"\d{1,4}|\d{1,3}\s?%|[/⟨⟩‹›<>+−–-]|\(\d{1,4}(?:[.,]\d+)?|[kmg]o?b?\)")
_LINK_WORDS = 8  # words a link after a lead ("Read more about …") names at most
_LONG_NAME = 6  # shorter names ("who", "lead") match whole words only
# Between the two names of a header cell that names two roles ("Responsibilities and
# timeline", "Tasks / Deadline", "Responsabilités et calendrier"), or before its
# question: these marks, or a word of the ``and`` and ``or`` reader words.
_ROLE_JOIN_MARKS = r"/|&|\+|,|;|\?"


def optional_ending_pattern(words: ReaderWords) -> re.Pattern[str]:
    """A plural or gender ending in brackets ("Responsable(s)", "Aktivität(en)"): the
    ``plural`` and ``bracket_ending`` reader words."""
    return re.compile(rf"(?<=\w)\((?:{words.pattern('plural', 'bracket_ending')})\)")


def _header_text(cell: str, ending: re.Pattern[str]) -> str:
    text = ending.sub("", fold(cell).replace("*", " "))
    return " ".join(_SLASH.sub("/", text).split()).rstrip(" :;.")


def compact(text: str) -> str:
    """Letters and digits only: a header word a narrow column broke ("responsabilit és")
    reads the same as the unbroken one."""
    return _NOT_LETTER.sub("", text)


# Cells of every kind are asked about, so the memo is emptied when it grows past this
# many: a long run's memory stays flat, while a plan's repeated cells are still known.
_MEMO_SIZE = 20_000
_UNIT_NAME_WORDS = 12  # a longer line is a sentence, not a unit's name


@dataclass(frozen=True)
class Headings:
    """Folded label prefixes per label kind and language, column names per role."""

    labels: dict[str, tuple[tuple[str, str], ...]]  # kind -> ((language, folded prefix), ...)
    columns: dict[str, tuple[str, ...]]  # role -> folded names, longest first
    plan_types: tuple[tuple[str, str], ...]  # (plan_type, folded phrase)
    checked: frozenset[str]
    unchecked: frozenset[str]
    time_words: TimeWords = field(default_factory=TimeWords)
    furniture: frozenset[str] = frozenset()  # page words around a copied plan, folded
    unit_kinds: tuple[str, ...] = ()  # folded words that name a unit ("section", "sektion")
    # folded words a title of another kind of document holds ("minutes", "Protokoll")
    other_documents: tuple[str, ...] = ()
    reader_words: ReaderWords = field(default_factory=ReaderWords)
    # The column names with spaces and punctuation dropped, per role, made once
    squeezed: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)
    # Roles of header cells already seen in this run: tables repeat their headers
    roles: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)
    # Every role of header cells already seen, likewise (a cell may name two)
    all_roles: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)

    # Between the two names of a header cell that names two roles, made once
    role_joins: re.Pattern[str] = field(init=False, compare=False, repr=False)
    # A plural or gender ending in brackets, made once: "Responsable(s)"
    optional_ending: re.Pattern[str] = field(init=False, compare=False, repr=False)
    # After a short name: nothing or a plural ending ("Leads"), then no letter
    word_end: re.Pattern[str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        for role, names in self.columns.items():
            self.squeezed[role] = tuple(compact(n) for n in names)
        words = self.reader_words.pattern("and", "or")
        joins = re.compile(rf"\s*(?:{_ROLE_JOIN_MARKS}|\b(?:{words})\b)\s*")
        object.__setattr__(self, "role_joins", joins)
        object.__setattr__(self, "optional_ending", optional_ending_pattern(self.reader_words))
        plural = self.reader_words.pattern("name_plural")
        object.__setattr__(self, "word_end", re.compile(rf"(?:{plural})?(?![^\W\d_])"))

    def header_text(self, cell: str) -> str:
        """A header cell as the vocabulary spells it: folded, "(s)" dropped, "X / Y" ->
        "X/Y", whitespace collapsed, no trailing colon ("Responsable(s) :" -> "responsable")."""
        return _header_text(cell, self.optional_ending)

    def _starts_with(self, text: str, name: str) -> bool:
        """``text`` starts with ``name``; a short name must end a word there ("Who",
        "Leads" are names, "Whole team" and "Leadership" are not)."""
        if not text.startswith(name):
            return False
        rest = text[len(name) :]
        return len(name) >= _LONG_NAME or self.word_end.match(rest) is not None

    def label_of(self, text: str) -> tuple[str, str, int] | None:
        """(kind, language, length of the matched prefix) of a row's first cell, or None."""
        # Leading marks are not part of a label: "¿Cómo comunicará…", "• Focus Area 1", "**Key…".
        stripped = text.lstrip(" \t¿¡*#•-–:")
        folded = fold(stripped)
        offset = len(text) - len(stripped)
        best = self._label_prefix(folded)
        if best is None and "(" in folded:
            # a plural or gender ending in brackets: "Identifique otra(s) unidad(es)"
            best = self._label_prefix(self.optional_ending.sub(lambda m: m[0][1:-1], folded))
            if best is not None:
                length = best[2]
                for ending in self.optional_ending.finditer(folded):
                    if ending.start() < length:
                        length += 2  # the two brackets
                best = (best[0], best[1], length)
        return best if best is None else (best[0], best[1], offset + best[2])

    def _label_prefix(self, folded: str) -> tuple[str, str, int] | None:
        best: tuple[str, str, int] | None = None
        for kind, entries in self.labels.items():
            for lang, prefix in entries:
                if folded.startswith(prefix) and (best is None or len(prefix) > best[2]):
                    best = (kind, lang, len(prefix))
        return best

    def column_role(self, cell: str) -> str | None:
        """The role of a header cell ("Tasks & Responsibility" -> "tasks"), or None.

        Tried in turn: the name as listed; the name with spaces and punctuation
        ignored (a narrow column breaks "Proyectos/ Actividades" or "responsabilit
        és"); a listed name that starts the cell ("Timeframe (year)") or that the
        cell starts (a cut-off "Fundin").
        """
        if cell in self.roles:
            return self.roles[cell]
        role = self._role(self.header_text(cell))
        if len(self.roles) >= _MEMO_SIZE:
            self.roles.clear()
        self.roles[cell] = role
        return role

    def names_unit(self, text: str) -> bool:
        """A short line that is a unit's name without its label ("Sektion Bibliotheksbau",
        "Indigenous Matters Special Interest Group"): it opens or ends with a unit word."""
        words = fold(text).strip(" .:").split()
        if not 2 <= len(words) <= _UNIT_NAME_WORDS:
            return False
        folded = " ".join(words)
        return any(
            folded.startswith(kind + " ") or folded.endswith(" " + kind) for kind in self.unit_kinds
        )

    def is_furniture(self, text: str) -> bool:
        """A paragraph of page words ("Share", "Print · Back to top"), not of the plan."""
        label = text.split(":", 1)[0] if ":" in text else ""
        if label and " ".join(fold(label).split()) in self.furniture:
            return True  # "Other documents: …", "Documents liés : …"
        if self._link(" ".join(fold(text).split())):
            return True
        parts = [" ".join(fold(p).strip(" .:›»>").split()) for p in _FURNITURE_JOINS.split(text)]
        parts = [p for p in parts if p]
        return bool(parts) and all(self._furniture_run(p.split()) for p in parts)

    def _link(self, folded: str) -> bool:
        """A link line that opens with a listed lead ("read more about …", an entry
        ending in "…") and names a short page after it, with no sentence of its own."""
        for entry in self.furniture:
            lead = entry.removesuffix("…").strip()
            if lead == entry or not folded.startswith(lead + " "):
                continue
            rest = folded[len(lead) :].strip()
            if len(rest.split()) <= _LINK_WORDS and not re.search(r"[.!?;:]\s", rest):
                return True
        return False

    def _furniture_run(self, words: list[str]) -> bool:
        """Words that are page words one after another ("1 / 2 ⟨ Page précédente Page
        suivante ⟩", a viewer's toolbar): each the longest listed phrase at its place,
        or a page counter's number, slash or sign, beside at least one phrase."""
        at, phrases = 0, 0
        while at < len(words):
            if _TOOLBAR_WORD.fullmatch(words[at]):
                at += 1
                continue
            ends = [e for e in range(len(words), at, -1) if " ".join(words[at:e]) in self.furniture]
            if not ends:
                return False
            at, phrases = ends[0], phrases + 1
        return phrases > 0  # a year or a counter alone is not a page word

    def column_roles(self, cell: str) -> tuple[str, ...]:
        """Every role a header cell names: one, or two where the cell joins two names
        ("Responsibilities and timeline" -> tasks and timeframe, "Funding Needed /
        Projects" -> funding and activity); a question after the label is ignored."""
        known = self.all_roles.get(cell)
        if known is not None:
            return known
        roles = self._roles(cell)
        if len(self.all_roles) >= _MEMO_SIZE:
            self.all_roles.clear()
        self.all_roles[cell] = roles
        return roles

    def _roles(self, cell: str) -> tuple[str, ...]:
        text = self.header_text(cell)
        role = self.column_role(cell)
        if not text or any(text in names for names in self.columns.values()):
            return (role,) if role else ()
        found: list[str] = []
        for part in self.role_joins.split(fold(cell).replace("*", " ")):
            part_role = self._role(self.header_text(part)) if part.strip() else None
            if part_role is None:
                break
            if part_role not in found:
                found.append(part_role)
        if len(found) >= 2:
            return tuple(found)
        return (role,) if role else ()

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
                self._starts_with(text, n)
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

    reader_words = read_reader_words(data.get("reader_words"), path, errors)
    ending = optional_ending_pattern(reader_words)
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
        if section is None and role in OPTIONAL_ROLES:
            columns[role] = ()
            continue
        if isinstance(section, dict):  # language -> names, as the labels
            names = tuple(
                n for lang, v in section.items() for n in strings(f"columns.{role}.{lang}", v)
            )
        else:  # one flat list, as older rule files have it
            names = strings(f"columns.{role}", section)
        # Each name as written (folded) and as header_text() spells it: readers that look
        # names up word by word (the layout reader) see "projects / activities" as listed.
        spellings = {fold(n) for n in names} | {_header_text(n, ending) for n in names}
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
    time_words = read_time_words(data.get("time_cell"), strings, errors)
    furniture_section = data.get("page_furniture") or {}
    if not isinstance(furniture_section, dict):
        errors.append("page_furniture: expected a mapping of language -> list")
        furniture_section = {}
    furniture = frozenset(
        " ".join(fold(w).split())
        for lang, v in furniture_section.items()
        for w in strings(f"page_furniture.{lang}", v)
    )
    unit_kinds = read_word_list(data, "unit_kind", strings, errors)
    other_documents = read_word_list(data, "other_document", strings, errors)
    if errors:
        raise RulesError(str(path), errors)
    return Headings(
        labels,
        columns,
        plan_types,
        checked,
        unchecked,
        time_words,
        furniture,
        unit_kinds,
        other_documents,
        reader_words,
    )
