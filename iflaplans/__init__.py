"""iflaplans: IFLA professional units' action plans -> clean, comparable tables.

The stages, each callable on its own (for example from a notebook)::

    from iflaplans import Settings, load_resources, normalize_document, read_document, run
    resources = load_resources()
    raw = read_document(data, source_path="plan.txt", settings=Settings(),
                        headings=resources.headings)
    records = normalize_document(raw, resources)
    summary = run(Path("corpus"), Path("outputs"))
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from iflaplans.version import __version__

if TYPE_CHECKING:  # the real types for type checkers; at run time, imported on first use
    from iflaplans.extract import read_document as read_document
    from iflaplans.nightly.runs import RunSummary as RunSummary
    from iflaplans.normalize.plan import normalize as normalize_document
    from iflaplans.pipeline import run as run
    from iflaplans.rules.resources import Resources as Resources
    from iflaplans.rules.resources import load_resources as load_resources
    from iflaplans.settings import Settings as Settings

# Public names: (module, name there); imported on first use, so that the command line
# starts without loading the readers when a run has nothing to read. The stage-2
# function is `normalize_document`: a plain `normalize` would be replaced by the
# `iflaplans.normalize` subpackage as soon as that is imported.
_EXPORTS = {
    "Resources": ("iflaplans.rules.resources", "Resources"),
    "load_resources": ("iflaplans.rules.resources", "load_resources"),
    "read_document": ("iflaplans.extract", "read_document"),
    "normalize_document": ("iflaplans.normalize", "normalize"),
    "RunSummary": ("iflaplans.nightly.runs", "RunSummary"),
    "run": ("iflaplans.pipeline", "run"),
    "Settings": ("iflaplans.settings", "Settings"),
}

__all__ = [
    "Resources",
    "RunSummary",
    "Settings",
    "__version__",
    "load_resources",
    "normalize_document",
    "read_document",
    "run",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        module, attribute = _EXPORTS[name]
        return getattr(import_module(module), attribute)
    raise AttributeError(f"module 'iflaplans' has no attribute {name!r}")
