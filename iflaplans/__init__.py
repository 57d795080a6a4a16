"""iflaplans: IFLA professional units' action plans -> clean, comparable tables.

The stages, each callable on its own (for example from a notebook)::

    from iflaplans import load_resources, read_document, normalize, run
    resources = load_resources()
    raw = read_document(data, source_path="plan.txt", settings=Settings(),
                        headings=resources.headings)
    records = normalize(raw, resources)
"""

from iflaplans.extract import read_document
from iflaplans.normalize import normalize
from iflaplans.pipeline import RunSummary, run
from iflaplans.resources import Resources, load_resources
from iflaplans.settings import Settings

__version__ = "0.1.0"
PARSER_VERSION = __version__

__all__ = [
    "PARSER_VERSION",
    "Resources",
    "RunSummary",
    "Settings",
    "__version__",
    "load_resources",
    "normalize",
    "read_document",
    "run",
]
