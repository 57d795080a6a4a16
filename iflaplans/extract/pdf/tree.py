"""A PDF's page tree, walked before any page is parsed: how many pages, and no loops.

pdfplumber's page list makes a page object for every page the tree holds, however
many it claims, before the first one can be refused. Here the root's ``/Count``
is read first; then the tree is walked without recursion, with a set of the nodes
on the path from the root, so a ``/Kids`` entry naming an ancestor (or a
``/Parent`` chain that comes round again) is :class:`CorruptFile`, and the walk
stops once it has found more pages than the limit, whatever ``/Count`` said. A node
listed twice outside its own branch is read once, as pdfminer does.

Pages are then made one at a time (:func:`open_page`), parsed and released in
turn by the reader.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfexceptions import PDFObjectNotFound
from pdfminer.pdfpage import LITERAL_PAGE, LITERAL_PAGES, PDFPage
from pdfminer.pdftypes import PDFObjRef, resolve1
from pdfplumber.page import Page

from iflaplans.errors import CorruptFile, TooManyPages
from iflaplans.extract.pdf.objects import page_class

_LOOP = "the page tree refers back to itself"
_END = object()


@dataclass(frozen=True)
class PageNode:
    """A page found in the tree: its object number and attributes, inherited ones included."""

    objid: int | None
    attrs: dict[str, Any]


def declared_pages(doc: PDFDocument) -> int | None:
    """The ``/Count`` of the root of the page tree, when it is a whole number."""
    root = resolve1(doc.catalog.get("Pages"))
    count = resolve1(root.get("Count")) if isinstance(root, dict) else None
    if isinstance(count, int) and not isinstance(count, bool) and count >= 0:
        return count
    return None


def _type(node: dict[str, Any]) -> Any:
    return node.get("Type", node.get("type"))  # lower case seen in the wild; pdfminer too


def _inherit(node: dict[str, Any], parent: dict[str, Any]) -> dict[str, Any]:
    attrs = dict(node)
    for key in PDFPage.INHERITABLE_ATTRS:
        if key not in attrs and key in parent:
            attrs[key] = parent[key]
    return attrs


def _kids(node: dict[str, Any]) -> Iterator[Any]:
    kids = resolve1(node.get("Kids"))
    return iter(kids if isinstance(kids, list) else ())


def _node(ref: Any) -> tuple[Any, dict[str, Any] | None]:
    """A tree entry -> (its identity, its dictionary or None)."""
    if isinstance(ref, PDFObjRef):
        node = resolve1(ref)
        return ref.objid, node if isinstance(node, dict) else None
    return ("direct", id(ref)), ref if isinstance(ref, dict) else None


class _Parents:
    """Checks that following ``/Parent`` from a node ends, remembering the nodes that do."""

    def __init__(self) -> None:
        self.ending: set[int] = set()

    def check(self, objid: Any, node: dict[str, Any]) -> None:
        chain = {objid}
        parent = node.get("Parent")
        while isinstance(parent, PDFObjRef) and parent.objid not in self.ending:
            if parent.objid in chain:
                raise CorruptFile(
                    f"{_LOOP} (the /Parent of object {parent.objid} leads back to it)"
                )
            chain.add(parent.objid)
            above = resolve1(parent)
            parent = above.get("Parent") if isinstance(above, dict) else None
        self.ending |= {n for n in chain if isinstance(n, int)}


def _walk(doc: PDFDocument) -> Iterator[PageNode]:
    """The pages under the catalog's ``/Pages``, in order (loops -> CorruptFile)."""
    catalog = doc.catalog
    root_id, root = _node(catalog.get("Pages"))
    if root is None:
        return
    parents = _Parents()
    parents.check(root_id, root)
    if _type(root) is LITERAL_PAGE:
        yield PageNode(root_id if isinstance(root_id, int) else None, _inherit(root, catalog))
        return
    seen = {root_id}
    path = [root_id]  # the branch being walked, root first
    on_path = {root_id}
    root_attrs = _inherit(root, catalog)
    stack: list[tuple[Iterator[Any], dict[str, Any]]] = [(_kids(root), root_attrs)]
    while stack:
        kids, inherited = stack[-1]
        kid = next(kids, _END)
        if kid is _END:
            stack.pop()
            on_path.discard(path.pop())
            continue
        objid, node = _node(kid)
        if objid in on_path:
            raise CorruptFile(f"{_LOOP} (a /Kids entry names object {objid}, which holds it)")
        if node is None or objid in seen:
            continue
        seen.add(objid)
        parents.check(objid, node)
        kind = _type(node)
        if kind is LITERAL_PAGES and "Kids" in node:
            stack.append((_kids(node), _inherit(node, inherited)))
            path.append(objid)
            on_path.add(objid)
        elif kind is LITERAL_PAGE:
            yield PageNode(objid if isinstance(objid, int) else None, _inherit(node, inherited))


def _orphans(doc: PDFDocument) -> Iterator[PageNode]:
    """Page objects found by number when the tree gives none (pdfminer's fallback too)."""
    for xref in doc.xrefs:
        for objid in xref.get_objids():
            try:
                obj = doc.getobj(objid)
            except PDFObjectNotFound:
                continue
            if isinstance(obj, dict) and _type(obj) is LITERAL_PAGE:
                yield PageNode(objid, obj)


def page_nodes(doc: PDFDocument, limit: int) -> list[PageNode]:
    """The document's pages in order, without parsing any of them.

    Raises :class:`TooManyPages` when the root declares more than ``limit`` pages
    or the tree holds more (the walk stops there), and :class:`CorruptFile` for a
    tree that loops.
    """
    declared = declared_pages(doc)
    if declared is not None and declared > limit:
        raise TooManyPages(f"the PDF declares {declared:,} pages, over the limit of {limit:,}")
    pages: list[PageNode] = []
    for source in (_walk, _orphans):
        for node in source(doc):
            pages.append(node)
            if len(pages) > limit:
                said = f" (it declares {declared:,})" if declared is not None else ""
                raise TooManyPages(f"the PDF has more than {limit:,} pages{said}")
        if pages:
            break
    return pages


def open_page(pdf: Any, node: PageNode, number: int, doctop: float) -> Page:
    """The pdfplumber page ``number`` (from 1) of an open ``pdf``; its content is not parsed."""
    return page_class()(pdf, PDFPage(pdf.doc, node.objid, node.attrs, None), number, doctop)
