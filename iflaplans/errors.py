"""The error tree. Every error carries a stable ``code``: the ``problems.code`` it becomes.

Expected data problems (a broken or foreign file) are raised by the readers as
:class:`ExtractError` subclasses and turned into ``problems`` rows by the
pipeline; only a broken program raises anything else.
"""

from __future__ import annotations

from functools import partial
from typing import Any


class IflaplansError(Exception):
    """Base of every error the library raises on purpose."""

    code = "error"
    hint = ""

    def __init__(self, message: str, *, path: str | None = None, location: str | None = None):
        self.message = message
        self.path = path
        self.location = location
        where = f"{path}" + (f" ({location})" if location else "") if path else ""
        super().__init__(f"{where}: {message}" if where else message)

    def __reduce__(self) -> tuple[Any, ...]:
        # Errors cross from worker processes to the parent: keep every field.
        return (partial(type(self), path=self.path, location=self.location), (self.message,))


class ExtractError(IflaplansError):
    """A file could not be read as a plan."""

    code = "extract-error"


class UnsupportedFormat(ExtractError):
    code = "unsupported-format"
    hint = "Convert it to PDF, DOCX, HTML, Markdown or plain text, or remove it from the corpus."


class EmptyFile(ExtractError):
    code = "empty-file"
    hint = "The file has no bytes; replace it with a complete copy."


class EncryptedPdf(ExtractError):
    code = "encrypted-pdf"
    hint = "Ask the unit for an unprotected copy, or remove the password and add the file again."


class NoTextLayer(ExtractError):
    code = "no-text-layer"
    hint = "The PDF holds only images (a scan): it needs OCR before it can be read."


class CorruptFile(ExtractError):
    code = "corrupt-file"
    hint = "The file is truncated or damaged; fetch a complete copy."


class NotAPlan(ExtractError):
    code = "not-a-plan"
    hint = (
        "Check that this file is an action plan; if it is, add its column headings to "
        "the rules (rules/headings.yaml)."
    )


class TooLarge(ExtractError):
    code = "too-large"
    hint = "Raise the limit in the settings if the file is genuine."


class TooManyPages(ExtractError):
    code = "too-many-pages"
    hint = "Raise max_pages in the settings if the file is genuine."


class ZipBomb(ExtractError):
    code = "zip-bomb"
    hint = "The archive expands far beyond its size; do not process it."


class DocumentTimeout(ExtractError):
    code = "timeout"
    hint = "Raise the per-document time limit if the file is genuine."


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


class LockedError(IflaplansError):
    """Another run holds the output folder's lock."""

    code = "locked"
