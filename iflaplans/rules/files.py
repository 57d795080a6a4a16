"""Where the packaged rule and reference files live, and how they are read."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from iflaplans.errors import RulesError
from iflaplans.version import __version__

PACKAGE_DIR = Path(__file__).resolve().parent.parent
RULES_DIR = PACKAGE_DIR / "rules"
DATA_DIR = PACKAGE_DIR / "data"

# The code a file's reading depends on: everything ``batch.reading.read_file`` imports that
# shapes its result, as patterns under the package. The readers and normalizers are
# whole folders, so a module added there counts from the day it is added. The CLI,
# the writers and the report are not here: editing them must not re-read every plan.
PARSER_CODE = (
    "extract/**/*.py",
    "normalize/**/*.py",
    "batch/reading.py",  # read_file: what a file's problems say, what an exception costs
    "model/records.py",
    "batch/results.py",
    "rules/headings.py",
    "rules/heading_words.py",
    "textutil.py",
    "years.py",
    "model/events.py",
    "errors.py",  # the problem codes and the advice that ends their messages
    "publish/invariants.py",  # whether a file's records are kept
    "model/schema.py",  # the closed lists and required columns the invariants check
    "publish/tables.py",  # the tables the invariants check
    "rules/resources.py",
    "rules/files.py",
)
# Imported while a file is read, yet nothing the file reads into depends on them. A
# test fails when reading imports a module of the package that is in neither list.
NOT_PARSER_CODE = {
    "__init__.py": "names the public API and imports it lazily",
    "batch/__init__.py": "the package's docstring",
    "nightly/__init__.py": "the package's docstring",
    "publish/__init__.py": "the package's docstring",
    "model/__init__.py": "the package's docstring",
    "rules/__init__.py": "the package's docstring",
    "version.py": "the package version already leads the parser version",
    "settings.py": "the pipeline mixes the values of the limits into the version",
    "batch/workers.py": "runs readers in processes under those limits",
    "nightly/shards.py": "stores and carries results; every run decodes a kept shard anew",
    "nightly/paths.py": "names and finds files; a file named anew is read as a new one anyway",
    "nightly/manifest.py": "the record of what a run read (paths.py takes its file name)",
}


def packaged(name: str) -> Path:
    """Path of a rule file shipped in ``iflaplans/rules`` (or ``data`` for CSV)."""
    return (DATA_DIR if name.endswith(".csv") else RULES_DIR) / name


def mapping(data: Any, key: str) -> dict[str, Any]:
    """``data[key]`` when both are mappings, else an empty dict (the validator reports it)."""
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


def load_yaml_file(path: Path) -> Any:
    """Parse one YAML file; a syntax error becomes a :class:`RulesError` naming the file."""
    import yaml  # here: a run that reads nothing only hashes the rule files

    try:
        with open(path, encoding="utf-8") as fh:
            # libyaml's safe loader where PyYAML was built with it: the same
            # documents, read several times faster at every worker's start.
            return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        raise RulesError(str(path), [str(exc)]) from exc


RULE_FILES = (
    "headings.yaml",
    "timeframe.yaml",
    "timeframe-en.yaml",
    "timeframe-fr.yaml",
    "timeframe-es.yaml",
    "timeframe-de.yaml",
    "timeframe-en-forms.tsv",
    "timeframe-fr-forms.tsv",
    "timeframe-es-forms.tsv",
    "timeframe-de-forms.tsv",
    "languages.yaml",
    "units.yaml",
    "ifla-units.csv",
)


def rule_path(rules_dir: Path | None, name: str) -> Path:
    """A rule file from ``rules_dir`` where it has one, else the packaged one."""
    override = rules_dir / name if rules_dir else None
    return override if override and override.exists() else packaged(name)


def parser_sources(package_dir: Path | None = None) -> list[Path]:
    """The files of :data:`PARSER_CODE` under ``package_dir`` (default: this package),
    sorted by their path within it."""
    root = package_dir or PACKAGE_DIR
    found = {path for pattern in PARSER_CODE for path in root.glob(pattern) if path.is_file()}
    return sorted(found, key=lambda path: path.relative_to(root).as_posix())


def rules_version(rules_dir: Path | None = None) -> str:
    """The version of the readers and rules: the package's, plus a hash of the rule files
    and of the code that reads plans (:data:`PARSER_CODE`), so an edited reader re-reads
    what it read before and an edited report does not.

    Cheap (nothing is compiled), so a run can tell whether its previous results
    still hold before loading anything.
    """
    files = [(name, rule_path(rules_dir, name)) for name in RULE_FILES]
    files += [(source.relative_to(PACKAGE_DIR).as_posix(), source) for source in parser_sources()]
    digest = hashlib.sha256()
    for name, path in files:
        # each file's name with the hash of its bytes: a moved module is another version
        digest.update(name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return f"{__version__}+{digest.hexdigest()[:12]}"
