"""iflaplans: IFLA professional units' action plans -> clean, comparable tables.

The stages, each callable on its own (for example from a notebook)::

    from iflaplans import Settings, load_resources, read_document, normalize, run
    resources = load_resources()
    raw = read_document(data, source_path="plan.txt", settings=Settings(),
                        headings=resources.headings)
    records = normalize(raw, resources)
    summary = run(Path("corpus"), Path("outputs"))
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from iflaplans.version import __version__

# Public names and the modules that hold them; imported on first use, so that the
# command line starts without loading the readers when a run has nothing to read.
_EXPORTS = {
    "Resources": "iflaplans.resources",
    "load_resources": "iflaplans.resources",
    "read_document": "iflaplans.extract",
    "normalize": "iflaplans.normalize",
    "RunSummary": "iflaplans.pipeline",
    "run": "iflaplans.pipeline",
    "Settings": "iflaplans.settings",
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'iflaplans' has no attribute {name!r}")
