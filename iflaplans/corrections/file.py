"""Analyst corrections: a CSV file people edit, checked on load, applied on every run.

One row per correction. A row names the cell it corrects by the plan
(``documents.plan_id``, shared by every version of one plan), the focus area and
row, and a short hash of the Timeframe text as it was read; ``source_path``, the
text itself and the activity's title ride along for people and are not matched.
It then says which field it corrects (``events``, ``title``, ``funding_needed``
or ``unit``), the new value, and who made it, when and why.

Events are written the way a person says them: the contract's type names and
plain years, separated by ``;``, a month before its year and a unit after ``@``:
``planned Aug 2020; postponed 2021; transferred @Big Data SIG``. A unit must be
one of the IFLA units list; a body outside it is written in double quotes
(``under_discussion @"UNESCO"``) and kept as written.

The file is checked whole: every bad line is reported at once
(:class:`CorrectionsError`). Applying it is :mod:`iflaplans.corrections.apply`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iflaplans.corrections.words import parse_events, parse_funding, unit_name
from iflaplans.errors import RulesError
from iflaplans.model.schema import CORRECTION_FIELDS as FIELDS

if TYPE_CHECKING:
    from iflaplans.normalize.units import UnitIndex

KEY_COLUMNS = ("plan_id", "focus_area_no", "row_no", "timeframe_hash", "field")
# Columns a run reads; the others (source_path, timeframe_raw, activity_title, doubt)
# are for the person who reads the file.
REQUIRED_COLUMNS = (*KEY_COLUMNS, "value")
HASH_LENGTH = 8
CORRECTION_RULE = "correction"
_HASH = re.compile(rf"^[0-9a-f]{{{HASH_LENGTH}}}$")
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "'")  # as iflaplans.publish.write quotes CSV cells


@dataclass(frozen=True)
class Correction:
    """One line of the corrections file."""

    plan_id: str
    focus_area_no: int
    row_no: int
    timeframe_hash: str
    field: str
    value: str
    source_path: str = ""
    timeframe_raw: str = ""
    activity_title: str = ""
    who: str = ""
    when: str = ""
    why: str = ""
    doubt: str = ""  # why the review queue listed the cell (written by `iflaplans review`)
    line: int = 0  # line of the file the correction starts on (0: not from a file)

    @property
    def key(self) -> tuple[str, int, int, str, str]:
        """What identifies the correction: the cell and the field."""
        return (self.plan_id, self.focus_area_no, self.row_no, self.timeframe_hash, self.field)


# The file's columns, in the order people read them: where, what was read, the fix, by whom.
COLUMNS = (
    "plan_id",
    "source_path",
    "focus_area_no",
    "row_no",
    "timeframe_hash",
    "timeframe_raw",
    "activity_title",
    "field",
    "value",
    "who",
    "when",
    "why",
    "doubt",
)


@dataclass(frozen=True)
class CorrectionIssue:
    """A bad line of the corrections file, and what is wrong with it."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class CorrectionsError(RulesError):
    """The corrections file has bad lines; ``issues`` lists every one, with its line."""

    def __init__(self, path: str, issues: Sequence[CorrectionIssue]):
        self.issues = tuple(issues)
        super().__init__(path, [str(i) for i in self.issues])

    def __reduce__(self) -> tuple[Any, ...]:
        return (CorrectionsError, (self.path, self.issues))


# ---------------------------------------------------------------- keys and places


def timeframe_hash(timeframe_raw: str) -> str:
    """The short hash that ties a correction to the Timeframe text it was made on."""
    return hashlib.sha256(timeframe_raw.encode("utf-8", "surrogatepass")).hexdigest()[:HASH_LENGTH]


def default_corrections_path(corpus: Path) -> Path:
    """Where a run looks for corrections when none is named: ``<corpus>.corrections.csv``
    beside the corpus folder (inside it, the file would be read as a plan)."""
    folder = corpus.resolve()
    return folder.with_name(folder.name + ".corrections.csv")


def corrections_path(corpus: Path, given: Path | None) -> Path | None:
    """The corrections file a run applies: ``given``, else the default one beside the
    corpus when it exists, else None. Raises :class:`CorrectionsError` when ``given``
    is not a file."""
    if given is None:
        default = default_corrections_path(corpus)
        return default if default.is_file() else None
    if not given.is_file():
        raise CorrectionsError(str(given), [CorrectionIssue(0, "no such file")])
    return given


def decode_corrections(
    data: bytes, source: str, known_unit: Callable[[str], bool] | None = None
) -> tuple[Correction, ...]:
    """The corrections in a file's bytes (UTF-8 CSV); :class:`CorrectionsError` lists
    every bad line, or says the bytes are not UTF-8."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorrectionsError(source, [CorrectionIssue(0, f"not UTF-8 text: {exc}")]) from exc
    return parse_corrections(text, source, known_unit)


def check_corrections(
    data: bytes, path: Path | None, units: UnitIndex | None, rules_dir: Path | None
) -> tuple[Correction, ...]:
    """The corrections in the bytes of the file at ``path`` (none for no bytes), their
    units checked against ``units``, else against the reference loaded from ``rules_dir``
    (None: the package's); :class:`CorrectionsError` lists every bad line."""
    if not data:
        return ()
    if units is None:
        from iflaplans.normalize.units import load_reference  # only with corrections

        units = load_reference(rules_dir)
    return decode_corrections(data, str(path), unit_checker(units))


def file_sha256(path: Path | None) -> str | None:
    """The SHA-256 of a file's bytes, or None when there is no such file."""
    if path is None:
        return None
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def unit_checker(units: UnitIndex) -> Callable[[str], bool]:
    """Whether a name is an IFLA unit, or names units ("the KM and IT sections")."""
    return lambda name: units.find(name) is not None or bool(units.scan(name))


# ---------------------------------------------------------------- the file


def _cell(text: str | None) -> str:
    """A cell's value: a spreadsheet-guard quote taken off, whitespace trimmed."""
    text = (text or "").strip()
    return text[1:] if text.startswith("'") and text[1:].startswith(_TRIGGERS) else text


def _line_issues(
    row: dict[str, str], line: int, known_unit: Callable[[str], bool] | None
) -> tuple[Correction | None, list[str]]:
    errors = [f"{c} is empty" for c in REQUIRED_COLUMNS if c != "value" and not _cell(row.get(c))]
    numbers: dict[str, int] = {}
    for name in ("focus_area_no", "row_no"):
        text = _cell(row.get(name))
        if text and not (text.isdigit() and int(text) > 0):
            errors.append(f"{name} {text!r} is not a positive whole number")
        numbers[name] = int(text) if text.isdigit() else 0
    digest = _cell(row.get("timeframe_hash")).lower()
    if digest and not _HASH.match(digest):
        errors.append(f"timeframe_hash {digest!r} is not {HASH_LENGTH} hex digits")
    field, value = _cell(row.get("field")).lower(), _cell(row.get("value"))
    if field and field not in FIELDS:
        errors.append(f"unknown field {field!r} (one of: {', '.join(FIELDS)})")
    elif field == "events":
        errors += parse_events(value, known_unit)[1]
    elif field == "title" and not value:
        errors.append("a title correction needs the title")
    elif field == "funding_needed":
        try:
            parse_funding(value)
        except ValueError as exc:
            errors.append(str(exc))
    elif field == "unit" and not value:
        errors.append("a unit correction needs the unit's name")
    elif field == "unit" and not _known(value, known_unit):
        errors.append(f"unknown unit {value!r} (see ifla-units.csv)")
    when = _cell(row.get("when"))
    if when and not _is_date(when):
        errors.append(f"when {when!r} is not a date (YYYY-MM-DD)")
    if errors:
        return None, errors
    texts = {c: _cell(row.get(c)) for c in COLUMNS}
    texts.update(field=field, timeframe_hash=digest)
    return Correction(**{**texts, **numbers}, line=line), []  # type: ignore[arg-type]


def _known(written: str, known_unit: Callable[[str], bool] | None) -> bool:
    """Whether a unit as written passes: quoted (outside the list), or known."""
    name, quoted = unit_name(written)
    return quoted or known_unit is None or (name is not None and known_unit(name))


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        try:
            datetime.fromisoformat(text)
        except ValueError:
            return False
    return True


def parse_corrections(
    text: str, source: str = "corrections", known_unit: Callable[[str], bool] | None = None
) -> tuple[Correction, ...]:
    """The corrections in CSV ``text``; :class:`CorrectionsError` lists every bad line.

    ``known_unit`` checks unit names (every name passes without it); ``source``
    names the file in the error.
    """
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    issues: list[CorrectionIssue] = []
    header = [h.strip().lower() for h in next(reader, [])]
    unknown = [h for h in header if h and h not in COLUMNS]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if unknown:
        issues.append(CorrectionIssue(1, f"unknown column(s) {unknown} (known: {list(COLUMNS)})"))
    if missing:
        issues.append(CorrectionIssue(1, f"missing column(s) {missing}"))
    corrections: list[Correction] = []
    first_line: dict[tuple[str, ...], int] = {}
    line = reader.line_num + 1
    for cells in reader:
        if any(c.strip() for c in cells) and not missing:
            row = dict(zip(header, cells, strict=False))
            found, errors = _line_issues(row, line, known_unit)
            issues += [CorrectionIssue(line, e) for e in errors]
            # a line with other faults still claims its cell, so a later copy is named too
            key = tuple(_cell(row.get(c)).lower() for c in KEY_COLUMNS)
            if key in first_line:
                message = f"duplicate key: line {first_line[key]} corrects the same cell"
                issues.append(CorrectionIssue(line, message))
            else:
                first_line[key] = line
                if found is not None:
                    corrections.append(found)
        line = reader.line_num + 1
    if issues:
        raise CorrectionsError(source, issues)
    return tuple(corrections)


def load_corrections(
    path: Path, known_unit: Callable[[str], bool] | None = None
) -> tuple[Correction, ...]:
    """The corrections in the file at ``path`` (UTF-8, with or without BOM), checked whole."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CorrectionsError(str(path), [CorrectionIssue(0, f"cannot read it: {exc}")]) from exc
    return parse_corrections(text, str(path), known_unit)


def corrections_csv(corrections: Iterable[Correction]) -> str:
    """Corrections as the file's CSV text: header, one row each, CRLF line ends.

    A cell that a spreadsheet would run as a formula gets a quote in front, which
    the reader takes off again.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for c in corrections:
        cells = [getattr(c, name) for name in COLUMNS]
        writer.writerow(
            ["'" + v if isinstance(v, str) and v.startswith(_TRIGGERS) else v for v in cells]
        )
    return buffer.getvalue()


def write_corrections(corrections: Iterable[Correction], path: Path) -> Path:
    """Write corrections as a CSV file at ``path``; returns ``path``."""
    path.write_text(corrections_csv(corrections), encoding="utf-8", newline="")
    return path
