"""Guards around pdfminer for untrusted PDFs: bounded stream decoding, no reference loops.

pdfminer inflates a stream whole the first time anything asks for its data, and
follows an indirect reference for as long as it leads to another one. While
:func:`guarded` is active, for the reads that run inside it:

* a FlateDecode, LZWDecode or RunLengthDecode step that would give more than a
  quarter of ``max_document_memory`` stops at that size with
  :class:`DecompressionBomb`: content streams, object streams (which pdfminer
  inflates when it resolves an object in them), cross-reference streams and each
  filter of a filter list alike;
* an image whose declared size would decode past that cap is refused before its
  data is touched (pdfplumber never asks for image data: this is a backstop), and
  so is a predictor whose declared row width alone would cost more;
* a reference that leads back to itself (``2 0 obj 2 0 R endobj``) raises
  :class:`CorruptFile` instead of spinning for ever.

The guards stand in for a few pdfminer functions only while a guarded read runs,
and act only in the context that runs it: other threads see pdfminer unchanged.
pdfminer catches broad exceptions in places (a font it cannot load, metadata), so
the first error a guard raises is also kept, and :meth:`Guard.raise_tripped`
raises it again where the reader checks.
"""

from __future__ import annotations

import io
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from pdfminer import pdftypes
from pdfminer import settings as pdfminer_settings
from pdfminer.lzw import LZWDecoder
from pdfminer.psparser import LIT, PSLiteral
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from iflaplans.errors import (
    CorruptFile,
    DecompressionBomb,
    ExtractError,
    IflaplansError,
    MemoryLimit,
)
from iflaplans.settings import Settings

_CHUNK = 16 << 20  # bytes inflated per step
_OBJSTM, _XREF = LIT("ObjStm"), LIT("XRef")
_IMAGE, _FORM = LIT("Image"), LIT("Form")
# Components per pixel of the colour spaces whose count is known without resolving
# them; others count as one, which keeps the estimate a lower bound.
_COMPONENTS = {
    LIT(name): n
    for names, n in ((("DeviceRGB", "RGB", "CalRGB", "Lab"), 3), (("DeviceCMYK", "CMYK"), 4))
    for name in names
}


def size_text(size: int) -> str:
    """A byte count for a message: "512 bytes", "64 KiB", "1.5 MiB", "256 MiB", "27.9 GiB"."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale:
            value = size / scale
            return f"{value:.1f} {unit}" if value < 100 and value % 1 else f"{value:,.0f} {unit}"
    return f"{size:,} bytes"


@dataclass
class Guard:
    """The limits of one read and what tripped them."""

    cap: int  # the most one decoding step may give, in bytes
    decoding: list[Any] = field(default_factory=list)  # streams being decoded, innermost last
    tripped: ExtractError | None = None

    def trip(self, error: ExtractError) -> ExtractError:
        """Keep the first error a guard raised (pdfminer may swallow it) and return it."""
        if self.tripped is None:
            self.tripped = error
        return error

    def raise_tripped(self) -> None:
        """Raise the error a guard raised earlier, if pdfminer caught it and went on."""
        if self.tripped is not None:
            raise self.tripped

    def bomb(self, method: str, size: int) -> ExtractError:
        """The error for the stream being decoded reaching ``size`` bytes with ``method``."""
        stream = self.decoding[-1] if self.decoding else None
        raw = getattr(stream, "rawdata", None)
        stored = f" ({size_text(len(raw))} in the file)" if isinstance(raw, bytes) else ""
        return self.trip(
            DecompressionBomb(
                f"{_describe(stream)}{stored} inflates past the limit of "
                f"{size_text(self.cap)} for one stream ({method} stopped at {size_text(size)})"
            )
        )


_ACTIVE: ContextVar[Guard | None] = ContextVar("iflaplans_pdf_guard", default=None)


def _describe(stream: Any) -> str:
    """How a message names a stream: "object stream 5", "image 7", "stream 4" ..."""
    if stream is None:
        return "a stream"
    number = f" {stream.objid}" if getattr(stream, "objid", None) is not None else ""
    kind, subtype = stream.get("Type"), stream.get("Subtype")
    if kind is _XREF:
        return "the cross-reference stream"
    if kind is _OBJSTM:
        return f"object stream{number}"
    if subtype is _IMAGE or "W" in stream:
        return f"image{number}" if number else "an inline image"
    if subtype is _FORM:
        return f"form{number}"
    return f"stream{number}"


# --------------------------------------------------------------------- bounded decoders


def _inflate(data: bytes, guard: Guard) -> bytes:
    """zlib data -> bytes, at most ``guard.cap`` of them; pdfminer's answers on bad data.

    pdfminer falls back to inflating damaged data a byte at a time, copying the
    whole output at each byte: here a stream damaged in its last bytes (the
    checksum) keeps what was inflated, one damaged earlier gives nothing, as
    pdfminer's fallback would, without that cost.
    """
    try:
        return _drain(zlib.decompressobj(), data, guard)
    except zlib.error as exc:
        if pdfminer_settings.STRICT:
            raise
        if "incorrect data check" not in str(exc):
            return b""
    # Raw deflate skips the two-byte header and never checks the checksum.
    try:
        return _drain(zlib.decompressobj(-zlib.MAX_WBITS), data[2:], guard)
    except zlib.error:
        return b""


def _drain(inflater: Any, data: bytes, guard: Guard) -> bytes:
    """Inflate ``data`` a chunk at a time, so a bomb costs the cap and not twice it."""
    pieces = [inflater.decompress(data, _CHUNK)]
    size = len(pieces[0])
    while len(pieces[-1]) == _CHUNK:  # a full chunk: there may be more
        if size > guard.cap:
            raise guard.bomb("FlateDecode", size)
        pieces.append(inflater.decompress(inflater.unconsumed_tail, _CHUNK))
        size += len(pieces[-1])
    if size > guard.cap:
        raise guard.bomb("FlateDecode", size)
    return pieces[0] if len(pieces) == 1 else b"".join(pieces)


def _lzw(data: bytes, guard: Guard) -> bytes:
    """LZW data -> bytes with pdfminer's decoder, stopped once past ``guard.cap``."""
    pieces = []
    size = 0
    for piece in LZWDecoder(io.BytesIO(data)).run():
        size += len(piece)
        if size > guard.cap:
            raise guard.bomb("LZWDecode", size)
        pieces.append(piece)
    return b"".join(pieces)


def _runlength_size(data: bytes) -> int:
    """How many bytes RunLengthDecode data expands to (each run says its length)."""
    size = index = 0
    while index < len(data):
        length = data[index]
        if length == 128:  # end of data
            break
        if length < 128:
            size += length + 1
            index += length + 2
        else:
            size += 257 - length
            index += 2
    return size


def _check_image(stream: Any, guard: Guard) -> None:
    """Refuse to decode an image whose declared pixels would decode past the cap."""
    if stream.get("Subtype") is not _IMAGE and "W" not in stream:
        return
    width = pdftypes.resolve1(stream.get_any(("W", "Width")))
    height = pdftypes.resolve1(stream.get_any(("H", "Height")))
    bits = pdftypes.resolve1(stream.get_any(("BPC", "BitsPerComponent"), 8))
    if not all(isinstance(v, int) and v > 0 for v in (width, height, bits)):
        return
    space = pdftypes.resolve1(stream.get_any(("CS", "ColorSpace")))
    components = _COMPONENTS.get(space, 1) if isinstance(space, PSLiteral) else 1
    size = width * height * components * bits // 8
    if size > guard.cap:
        raise guard.trip(
            DecompressionBomb(
                f"{_describe(stream)} declares {width:,} × {height:,} pixels, "
                f"{size_text(size)} once decoded, past the limit of {size_text(guard.cap)} "
                "for one stream"
            )
        )


def _check_predictor(stream: Any, guard: Guard) -> None:
    """Refuse a PNG predictor so wide that pdfminer's buffer for one row passes the cap.

    pdfminer sets up a list of one entry per column before it reads a byte (about
    nine bytes each), so a tiny stream declaring a billion columns costs gigabytes.
    """
    for _, params in stream.get_filters():
        if not isinstance(params, dict):
            continue
        predictor = pdftypes.resolve1(params.get("Predictor"))
        columns = pdftypes.resolve1(params.get("Columns", 1))
        if not (isinstance(predictor, int) and predictor >= 10 and isinstance(columns, int)):
            continue
        if columns * 9 > guard.cap:
            raise guard.trip(
                DecompressionBomb(
                    f"{_describe(stream)} declares a predictor {columns:,} columns wide, "
                    f"{size_text(columns * 9)} to set up, past the limit of "
                    f"{size_text(guard.cap)} for one stream"
                )
            )


# --------------------------------------------------------------------- the stand-ins

_decode = pdftypes.PDFStream.decode
_resolve = pdftypes.PDFObjRef.resolve
_lzwdecode = pdftypes.lzwdecode
_rldecode = pdftypes.rldecode


def _guarded_decode(self: Any) -> None:
    guard = _ACTIVE.get()
    if guard is None:
        return _decode(self)
    _check_image(self, guard)
    _check_predictor(self, guard)
    guard.decoding.append(self)
    try:
        return _decode(self)
    finally:
        guard.decoding.pop()


def _guarded_resolve(self: Any, default: object = None) -> Any:
    obj = _resolve(self, default)
    guard = _ACTIVE.get()
    if guard is None or not isinstance(obj, pdftypes.PDFObjRef):
        return obj
    # pdfminer resolves one step at a time until it meets something else: follow
    # the chain here, where a loop can be seen.
    chain = [self.objid]
    while isinstance(obj, pdftypes.PDFObjRef):
        if obj.objid in chain:
            looped = " → ".join(str(n) for n in [*chain, obj.objid])
            what = f"object {self.objid} refers to itself" + (
                f" ({looped})" if len(chain) > 1 else ""
            )
            raise guard.trip(CorruptFile(what))
        chain.append(obj.objid)
        obj = _resolve(obj, default)
    return obj


def _guarded_lzwdecode(data: bytes) -> bytes:
    guard = _ACTIVE.get()
    return _lzwdecode(data) if guard is None else _lzw(data, guard)


def _guarded_rldecode(data: bytes) -> bytes:
    guard = _ACTIVE.get()
    # A run of 2 bytes gives at most 128: only long data can pass the cap.
    if guard is not None and len(data) * 64 > guard.cap:
        size = _runlength_size(data)
        if size > guard.cap:
            raise guard.bomb("RunLengthDecode", size)
    return _rldecode(data)


def _guarded_decompress(data: bytes) -> bytes:
    guard = _ACTIVE.get()
    return zlib.decompress(data) if guard is None else _inflate(data, guard)


class _Zlib:
    """What pdfminer's stream decoder uses of the zlib module, with a bounded decompress."""

    error = zlib.error
    decompressobj = staticmethod(zlib.decompressobj)
    decompress = staticmethod(_guarded_decompress)


_STAND_INS: tuple[tuple[Any, str, Any], ...] = (
    (pdftypes.PDFStream, "decode", _guarded_decode),
    (pdftypes.PDFObjRef, "resolve", _guarded_resolve),
    (pdftypes, "zlib", _Zlib),
    (pdftypes, "lzwdecode", _guarded_lzwdecode),
    (pdftypes, "rldecode", _guarded_rldecode),
)
_ORIGINALS = tuple(getattr(owner, name) for owner, name, _ in _STAND_INS)
_lock = threading.Lock()
_running = 0  # guarded reads in progress: the stand-ins stay while there is one


def _install() -> None:
    global _running
    with _lock:
        if _running == 0:
            for owner, name, stand_in in _STAND_INS:
                setattr(owner, name, stand_in)
        _running += 1


def _uninstall() -> None:
    global _running
    with _lock:
        _running -= 1
        if _running == 0:
            for (owner, name, _), original in zip(_STAND_INS, _ORIGINALS, strict=True):
                setattr(owner, name, original)


@contextmanager
def guarded(settings: Settings) -> Iterator[Guard]:
    """Run pdfminer under the guards, with a decoding cap of a quarter of the memory bound."""
    guard = Guard(cap=max(settings.max_document_memory // 4, 1))
    token = _ACTIVE.set(guard)
    _install()
    try:
        yield guard
    finally:
        _uninstall()
        _ACTIVE.reset(token)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def as_extract_error(exc: BaseException, what: str) -> BaseException:
    """The error to raise for ``exc``, raised by pdfminer (or pdfplumber) while reading ``what``.

    Our own errors pass unchanged, the time-out and memory limit included, also
    when pdfplumber wrapped them; an error a guard raised first wins over what
    followed from it; running out of memory is :class:`MemoryLimit`; objects
    nested past Python's recursion limit, or anything else pdfminer raised, are
    :class:`CorruptFile`.
    """
    cause = exc
    # pdfplumber wraps what pdfminer raised (and a RecursionError) in its own classes.
    while isinstance(cause, PdfminerException | MalformedPDFException) and cause.args:
        if not isinstance(cause.args[0], BaseException):
            break
        cause = cause.args[0]
    if isinstance(cause, IflaplansError):
        return cause
    guard = _ACTIVE.get()
    if guard is not None and guard.tripped is not None:
        return guard.tripped
    if isinstance(cause, MemoryError):
        return MemoryLimit(f"reading {what} ran out of memory")
    if isinstance(cause, RecursionError):
        return CorruptFile(
            f"{what} cannot be read: its objects nest too deeply or refer to themselves"
        )
    return CorruptFile(f"{what} cannot be read ({_reason(cause)}): it is damaged or truncated")


@contextmanager
def reading(what: str, location: str | None = None) -> Iterator[None]:
    """Raise what :func:`as_extract_error` makes of an error pdfminer raises reading ``what``.

    A guard's error is given ``location`` (say, the page being read), since the
    guard itself only knows the object it stopped at.
    """
    try:
        yield
    except Exception as exc:
        error = as_extract_error(exc, what)
        guard = _ACTIVE.get()
        if guard is not None and error is guard.tripped and location and not guard.tripped.location:
            error = guard.tripped = type(guard.tripped)(guard.tripped.message, location=location)
        if error is exc:
            raise
        raise error from exc
