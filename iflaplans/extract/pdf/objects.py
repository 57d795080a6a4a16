"""pdfplumber pages whose characters are turned into records faster.

pdfplumber makes a dict of every layout object by walking the object's attributes
and resolving each one through :func:`resolve_all`, which costs more than anything
else in reading a text PDF: a third of the time, nearly all of it on characters,
whose attributes are plain numbers and strings. :class:`FastPage` builds the same
dict for a character directly, resolving only a value that can hold a reference,
and decodes each colour-space name once per page; every other object, and every
character of a kind it does not know, goes to pdfplumber's own method. The records
are equal to pdfplumber's (``tests/test_pdf_objects.py`` compares them on every
sample PDF), so the readers and pdfplumber's own table and word finders see no
difference. The records copy pdfplumber 0.11's; with another version, whose records
may differ, :func:`page_class` gives pdfplumber's own page.
"""

from __future__ import annotations

from typing import Any
from unicodedata import normalize as normalize_unicode

import pdfplumber
from pdfminer.layout import LTChar
from pdfplumber.page import ALL_ATTRS, Page
from pdfplumber.utils.pdfinternals import resolve_all, resolve_and_decode

# The pdfplumber series whose character records FastPage makes.
RECORDS_OF = "0.11."

# Values that resolve_all gives back unchanged.
_PLAIN = frozenset({float, int, str, bool, type(None)})


def _plain_tuple(value: tuple[Any, ...]) -> bool:
    return all(type(v) in _PLAIN for v in value)


def _resolved(value: Any) -> Any:
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is tuple and _plain_tuple(value):
        return value
    return resolve_all(value)


def _colour(value: Any) -> tuple[Any, ...]:
    return value if isinstance(value, tuple) else (value,)


class FastPage(Page):
    """A pdfplumber :class:`~pdfplumber.page.Page` with a faster record for each character."""

    _colour_spaces: dict[str, Any]
    _frame: tuple[float, float, float]

    def process_object(self, obj: Any) -> dict[str, Any]:
        """A layout object -> pdfplumber's record of it (the same dict, made faster for
        characters)."""
        if type(obj) is not LTChar or hasattr(obj, "scs") or isinstance(obj.fontname, bytes):
            return super().process_object(obj)
        attr = {k: _resolved(v) for k, v in obj.__dict__.items() if k in ALL_ATTRS}
        attr["object_type"] = "char"
        attr["page_number"] = self.page_number
        if hasattr(obj, "ncs"):
            attr["ncs"] = self._colour_space(obj.ncs.name)
        text = obj.get_text()
        norm = self.pdf.unicode_norm
        attr["text"] = normalize_unicode(norm, text) if norm is not None else text
        state = obj.graphicstate
        attr["stroking_color"] = _colour(state.scolor)
        attr["non_stroking_color"] = _colour(state.ncolor)
        mb_x0, mb_top, height = self._page_frame()
        if "y0" in attr:
            attr["top"] = (height - attr["y1"]) + mb_top
            attr["bottom"] = (height - attr["y0"]) + mb_top
            attr["doctop"] = self.initial_doctop + attr["top"]
        if "x0" in attr and mb_x0 != 0:
            attr["x0"] = attr["x0"] + mb_x0
            attr["x1"] = attr["x1"] + mb_x0
        return attr

    def _page_frame(self) -> tuple[float, float, float]:
        # The media box's corner and the height are properties worked out on each call.
        try:
            return self._frame
        except AttributeError:
            mb_x0, mb_top = self.mediabox[:2]
            self._frame = (mb_x0, mb_top, self.height)
            return self._frame

    def _colour_space(self, name: Any) -> Any:
        # Decoding a name costs a join per character; a page has a handful of them.
        try:
            cache = self._colour_spaces
        except AttributeError:
            cache = self._colour_spaces = {}
        if type(name) is not str:
            return resolve_and_decode(name)
        if name not in cache:
            cache[name] = resolve_and_decode(name)
        return cache[name]


def page_class() -> type[Page]:
    """The page class to read with: :class:`FastPage` under the pdfplumber series it
    copies, else pdfplumber's own."""
    return FastPage if pdfplumber.__version__.startswith(RECORDS_OF) else Page
