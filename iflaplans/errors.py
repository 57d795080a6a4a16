"""The error tree and the catalogue of problem codes.

Every error carries a stable ``code``: the ``problems.code`` it becomes. Each code
the pipeline can write is in :data:`PROBLEM_CODES` once, with its severity and the
one sentence of advice that messages end with; the README lists the same codes
(a test keeps the three in step).

Expected data problems (a broken or foreign file) are raised by the readers as
:class:`ExtractError` subclasses and turned into ``problems`` rows by the
pipeline; only a broken program raises anything else.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any


@dataclass(frozen=True)
class ProblemCode:
    """One kind of problem: its stable code, severity and advice to the reader."""

    code: str
    severity: str  # "error" (the file or value was lost) or "warning"
    advice: str


PROBLEM_CODES: dict[str, ProblemCode] = {
    p.code: p
    for p in (
        ProblemCode(
            "unsupported-format",
            "error",
            "Convert it to PDF, DOCX, HTML, Markdown or plain text, or remove it from the corpus.",
        ),
        ProblemCode("empty-file", "error", "Replace it with a complete copy of the plan."),
        ProblemCode(
            "encrypted-pdf",
            "error",
            "Ask the unit for an unprotected copy, or remove the password and add the file again.",
        ),
        ProblemCode(
            "no-text-layer",
            "error",
            "Run OCR on it (for example with ocrmypdf) and add the resulting PDF instead.",
        ),
        ProblemCode("corrupt-file", "error", "Fetch a complete, undamaged copy of the file."),
        ProblemCode(
            "not-a-plan",
            "error",
            "Check that this file is an action plan; if it is, add its column headings to "
            "the rules (rules/headings.yaml).",
        ),
        ProblemCode("too-large", "error", "Raise max_file_bytes (--limit) if the file is genuine."),
        ProblemCode("too-many-pages", "error", "Raise max_pages (--limit) if the file is genuine."),
        ProblemCode(
            "zip-bomb",
            "error",
            "Do not process it; ask the unit for a new copy of the file.",
        ),
        ProblemCode(
            "decompression-bomb",
            "error",
            "Do not process it; ask the unit for a new export of the plan.",
        ),
        ProblemCode(
            "memory-limit",
            "error",
            "Raise max_document_memory (--limit) if the file is genuine.",
        ),
        ProblemCode("timeout", "error", "Raise document_timeout (--limit) if the file is genuine."),
        ProblemCode(
            "unreadable-file",
            "error",
            "Check that the file exists and that the user running iflaplans may read it.",
        ),
        ProblemCode(
            "unreadable-folder",
            "error",
            "Check the folder's permissions; its plans keep their last reading until then.",
        ),
        ProblemCode("symlink-loop", "warning", "Remove the link or point it at a file."),
        ProblemCode(
            "internal-error",
            "error",
            "Please report this file to the iflaplans maintainers.",
        ),
        ProblemCode(
            "worker-crashed",
            "error",
            "Check the file by itself with --jobs 1, and report it if it crashes again.",
        ),
        ProblemCode("duplicate-file", "warning", "Remove one of the copies."),
        ProblemCode(
            "cell-too-long",
            "warning",
            "Check the file, or raise max_cell_chars (--limit) if the text is genuine.",
        ),
        ProblemCode(
            "unrecognized-timeframe",
            "warning",
            "Check the cell; add its wording to rules/timeframe.yaml if units often write it.",
        ),
        ProblemCode(
            "implausible-year",
            "warning",
            "Check the cell; the value was left empty, the rest of the plan was kept.",
        ),
        ProblemCode(
            "reconstructed-table",
            "warning",
            "Compare its activities with the source: their rows and cells were rebuilt "
            "from the text.",
        ),
        ProblemCode(
            "stale-correction",
            "warning",
            "Check the new reading, then update or delete the line in the corrections file.",
        ),
    )
}


def advice(code: str) -> str:
    """The advice sentence of a catalogued problem ``code`` (KeyError for unknown codes)."""
    return PROBLEM_CODES[code].advice


class IflaplansError(Exception):
    """Base of every error the library raises on purpose."""

    code = "error"

    def __init__(self, message: str, *, path: str | None = None, location: str | None = None):
        self.message = message
        self.path = path
        self.location = location
        where = f"{path}" + (f" ({location})" if location else "") if path else ""
        super().__init__(f"{where}: {message}" if where else message)

    @property
    def hint(self) -> str:
        """The advice of this error's problem code, or "" for codes that are not problems."""
        known = PROBLEM_CODES.get(self.code)
        return known.advice if known else ""

    def __reduce__(self) -> tuple[Any, ...]:
        # Errors cross from worker processes to the parent: keep every field.
        return (partial(type(self), path=self.path, location=self.location), (self.message,))


class ExtractError(IflaplansError):
    """A file could not be read as a plan."""

    code = "extract-error"


class UnsupportedFormat(ExtractError):
    code = "unsupported-format"


class EmptyFile(ExtractError):
    code = "empty-file"


class EncryptedPdf(ExtractError):
    code = "encrypted-pdf"


class NoTextLayer(ExtractError):
    code = "no-text-layer"


class CorruptFile(ExtractError):
    code = "corrupt-file"


class NotAPlan(ExtractError):
    code = "not-a-plan"


class TooLarge(ExtractError):
    code = "too-large"


class TooManyPages(ExtractError):
    code = "too-many-pages"


class ZipBomb(ExtractError):
    code = "zip-bomb"


class DecompressionBomb(ExtractError):
    """A stream, image or inline data that would expand far beyond the file's size."""

    code = "decompression-bomb"


class MemoryLimit(ExtractError):
    code = "memory-limit"


class DocumentTimeout(ExtractError):
    code = "timeout"


class UnreadableFile(ExtractError):
    """The file system refused to give the file's bytes."""

    code = "unreadable-file"


class InternalError(ExtractError):
    """A reader or normalizer bug met on this file; the file is left out, the batch goes on."""

    code = "internal-error"


class WorkerCrashed(ExtractError):
    """The process reading a document died (a crash in a library, or the system's memory)."""

    code = "worker-crashed"


class RulesError(IflaplansError):
    """A rule or vocabulary data file has bad entries (all of them are listed)."""

    code = "bad-rules"

    def __init__(self, path: str, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors), path=path)

    def __reduce__(self) -> tuple[Any, ...]:
        return (RulesError, (self.path, self.errors))


class InvariantError(IflaplansError):
    """The tables of a run break an invariant: a bug, so the run refuses to publish."""

    code = "invariant-broken"


class WorkerStartError(IflaplansError):
    """Worker processes die, one after another, before they can read anything."""

    code = "workers-cannot-start"


class LockedError(IflaplansError):
    """Another run holds the output folder's lock."""

    code = "locked"
