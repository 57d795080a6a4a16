"""The command line: a thin layer that parses arguments, calls the library and reports.

Exit codes: 0 every file read; 1 published, but some files could not be read;
2 usage or configuration error; 3 another run holds the output folder;
4 nothing could be published.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from dataclasses import asdict, fields
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import click

from iflaplans.errors import InvariantError, LockedError, RulesError, WorkerStartError
from iflaplans.settings import Settings, default_jobs
from iflaplans.version import __version__

if TYPE_CHECKING:
    from rich.console import Console

    from iflaplans.pipeline import RunSummary

# The pipeline (and the Parquet writer it brings) and the corrections are imported by the
# commands that use them, and rich when something is printed, so a quiet nightly run and
# `--version` start at once, and a run starts its first worker sooner.

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_LOCKED, EXIT_UNPUBLISHED = 0, 1, 2, 3, 4

_PATH = click.Path(path_type=Path)


@click.group(
    invoke_without_command=True,
    no_args_is_help=True,
    help="IFLA action plans -> comparable tables.",
)
@click.option("--version", is_flag=True, help="Show the version.")
def app(version: bool) -> None:
    """IFLA action plans -> comparable tables."""
    if version:
        _console().print(__version__)
        raise click.exceptions.Exit(EXIT_OK)


@app.group("rules")
def rules_app() -> None:
    """Inspect the rule data files."""


def _summary_line(summary: RunSummary) -> str:
    folders = summary.unreadable_folders
    unlisted = f"; {folders} folder{'s' if folders != 1 else ''} not listed" if folders else ""
    return (
        f"{summary.documents} documents, {summary.activities} activities, "
        f"{summary.events} status events written to {summary.out_dir}; "
        f"files: {summary.files} seen, {summary.new} new, {summary.changed} changed, "
        f"{summary.unchanged} unchanged, {summary.reread} re-read, {summary.removed} removed, "
        f"{summary.failed} not read{unlisted}; "
        f"{summary.problems} problems ({summary.errors} errors)"
    )


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, soft_wrap=True, highlight=False)


class _Reporter:
    """Progress and messages: a bar on a terminal, plain or JSON lines otherwise."""

    def __init__(self, quiet: bool, log_format: str):
        self.quiet = quiet
        self.json = log_format == "json"

    @cached_property
    def err(self) -> Console:
        return _console(stderr=True)

    def line(self, event: str, message: str, **fields: object) -> None:
        if self.json:
            sys.stderr.write(json.dumps({"event": event, "message": message, **fields}) + "\n")
        else:
            self.err.print(message)

    def error(self, message: str, **fields: object) -> None:
        if self.json:
            self.line("error", message, **fields)
        else:
            self.err.print(f"[red]error:[/] {message}", highlight=False)

    def progress(self, i: int, total: int, name: str) -> None:
        if not self.quiet:
            self.line("file", f"[{i}/{total}] {name}", index=i, total=total, path=name)


def _settings(pairs: list[str]) -> Settings:
    """``["max_pages=50", "document_timeout=30"]`` -> validated Settings."""
    values: dict[str, object] = {}
    defaults = Settings()
    for pair in pairs:
        name, sep, text = pair.partition("=")
        if not sep or not hasattr(defaults, name.strip()):
            raise ValueError(f"{pair!r}: expected NAME=VALUE with NAME one of {_limit_names()}")
        kind = type(getattr(defaults, name.strip()))
        values[name.strip()] = kind(text.strip()) if kind is not bool else text.strip() == "true"
    return Settings.resolve(values)


def _limit_names() -> str:
    return ", ".join(f.name for f in fields(Settings))


def _run_with_bar(reporter: _Reporter, **kwargs: object) -> RunSummary:
    from rich.progress import (  # only on a terminal
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from iflaplans.pipeline import run

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=reporter.err,
        transient=True,
    ) as bar:
        task = bar.add_task("reading", total=None)

        def tick(i: int, total: int, name: str) -> None:
            bar.update(task, completed=i, total=total, description=f"reading {name}")

        return run(progress=tick, **kwargs)  # type: ignore[arg-type]


@app.command("run")
@click.argument("corpus", type=_PATH, default=Path("corpus"), required=False)
@click.option(
    "--out",
    "-o",
    type=_PATH,
    default=Path("outputs"),
    show_default=True,
    help="Output folder for the tables.",
)
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes (default: CPUs).")
@click.option("--full", is_flag=True, help="Read every file, even unchanged ones.")
@click.option("--duckdb", is_flag=True, help="Also write the tables as OUT/iflaplans.duckdb.")
@click.option(
    "--limit",
    multiple=True,
    metavar="NAME=VALUE",
    help="Change a limit, e.g. max_pages=50 (repeatable).",
)
@click.option("--rules", type=_PATH, help="Folder with replacement rule files (same names).")
@click.option(
    "--corrections",
    type=_PATH,
    help="Analysts' corrections file (default: CORPUS.corrections.csv beside CORPUS).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
@click.option(
    "--log-format",
    default="text",
    show_default=True,
    help="text or json (one JSON object per line).",
)
@click.pass_context
def run_command(
    ctx: click.Context,
    corpus: Path,
    out: Path,
    jobs: int | None,
    full: bool,
    duckdb: bool,
    limit: tuple[str, ...],
    rules: Path | None,
    corrections: Path | None,
    quiet: bool,
    log_format: str,
) -> None:
    """Read every plan under CORPUS and write the tables into OUT (replaced atomically).

    CORPUS is the folder of plan files, searched recursively (default: corpus).
    """
    reporter = _Reporter(quiet, log_format)
    if log_format not in ("text", "json"):
        reporter.error("--log-format is text or json")
        raise click.exceptions.Exit(EXIT_USAGE)
    if not corpus.is_dir():
        reporter.error(f"{corpus} is not a folder; give the folder that holds the plans.")
        raise click.exceptions.Exit(EXIT_USAGE)
    if rules is not None and not rules.is_dir():
        reporter.error(f"--rules {rules} is not a folder of rule files.")
        raise click.exceptions.Exit(EXIT_USAGE)
    if corrections is not None and not corrections.is_file():
        reporter.error(f"--corrections {corrections} is not a file.")
        raise click.exceptions.Exit(EXIT_USAGE)
    try:
        settings = _settings(list(limit))
    except ValueError as exc:
        reporter.error(f"--limit: {exc}")
        raise click.exceptions.Exit(EXIT_USAGE) from exc
    if duckdb and importlib.util.find_spec("duckdb") is None:
        reporter.error("--duckdb needs the duckdb package: pip install 'iflaplans[duckdb]'")
        raise click.exceptions.Exit(EXIT_USAGE)
    options = dict(
        corpus=corpus,
        out_dir=out,
        rules_dir=rules,
        jobs=jobs or default_jobs(),
        full=full,
        duckdb=duckdb,
        settings=settings,
        corrections=corrections,
        spare=ctx.obj,  # the worker main() started ahead, if it did
    )
    from iflaplans.corrections.file import CorrectionsError
    from iflaplans.nightly.paths import OutputFolderError
    from iflaplans.pipeline import run

    try:
        if not quiet and not reporter.json and reporter.err.is_terminal:
            summary = _run_with_bar(reporter, **options)
        else:
            summary = run(progress=reporter.progress, **options)
    except OutputFolderError as exc:
        reporter.error(f"--out {exc}", path=exc.path)
        raise click.exceptions.Exit(EXIT_USAGE) from exc
    except LockedError as exc:
        reporter.error(str(exc))
        raise click.exceptions.Exit(EXIT_LOCKED) from exc
    except CorrectionsError as exc:
        head = f"bad corrections in {exc.path}; nothing was published"
        if reporter.json:
            reporter.error(f"{head}: " + "; ".join(exc.errors), path=exc.path, lines=exc.errors)
        else:
            reporter.error(f"{head}:")
            for line in exc.errors:
                reporter.err.print(f"  - {line}", highlight=False, markup=False)
        raise click.exceptions.Exit(EXIT_USAGE) from exc
    except RulesError as exc:
        reporter.error(f"bad rule data in {exc.path}: " + "; ".join(exc.errors))
        raise click.exceptions.Exit(EXIT_USAGE) from exc
    except (InvariantError, OSError, WorkerStartError) as exc:
        reporter.error(f"nothing was published, the previous tables are unchanged: {exc}")
        raise click.exceptions.Exit(EXIT_UNPUBLISHED) from exc
    except Exception as exc:  # a bug: say so plainly, keep the published set, exit 4
        reporter.error(
            f"internal error ({type(exc).__name__}: {exc}); nothing was published, the previous "
            "tables are unchanged. Please report this with the command you ran."
        )
        raise click.exceptions.Exit(EXIT_UNPUBLISHED) from exc
    # Any error row (a file, or a folder that could not be listed) means something was not read.
    code = EXIT_PARTIAL if summary.failed or summary.errors else EXIT_OK
    if reporter.json:
        fields = {k: str(v) if isinstance(v, Path) else v for k, v in asdict(summary).items()}
        reporter.line("summary", _summary_line(summary), exit_code=code, **fields)
    elif not quiet:
        _console().print(_summary_line(summary))
    raise click.exceptions.Exit(code)


@app.command("report")
@click.argument("out", type=_PATH, default=Path("outputs"), required=False)
@click.option("--to", type=_PATH, help="The HTML file to write (default: OUT/report.html).")
def report_command(out: Path, to: Path | None) -> None:
    """Write one self-contained HTML page: headline comparisons and the review queue.

    OUT is the output folder of a run (default: outputs).
    """
    from iflaplans.publish.report import write_report

    err = _console(stderr=True)
    if not (out / "activities.parquet").exists():
        err.print(f"[red]error:[/] {out} holds no tables; run `iflaplans run` first.")
        raise click.exceptions.Exit(EXIT_USAGE)
    target = write_report(out, to or out / "report.html")
    _console().print(f"report written to {target}")


@app.command("review")
@click.argument("out", type=_PATH, default=Path("outputs"), required=False)
@click.option(
    "--to",
    type=_PATH,
    default=Path("review.csv"),
    show_default=True,
    help="The corrections file to write (not inside OUT).",
)
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
def review_command(out: Path, to: Path, force: bool) -> None:
    """Write the review queue as a corrections file, the current reading filled in.

    OUT is the output folder of a run (default: outputs).

    Fix the lines you know, delete the others, and add them to the corrections file
    (`iflaplans run --corrections FILE`).
    """
    from iflaplans.corrections.review import write_review

    err = _console(stderr=True)
    if not (out / "activities.parquet").exists():
        err.print(f"[red]error:[/] {out} holds no tables; run `iflaplans run` first.")
        raise click.exceptions.Exit(EXIT_USAGE)
    if to.resolve().parent == out.resolve():
        # the next run replaces the output folder whole, edits and all
        err.print(f"[red]error:[/] --to {to} is inside {out}, which the next run replaces.")
        raise click.exceptions.Exit(EXIT_USAGE)
    if to.exists() and not force:
        err.print(f"[red]error:[/] {to} exists (perhaps with corrections); pass --force.")
        raise click.exceptions.Exit(EXIT_USAGE)
    count = write_review(out, to)
    _console().print(f"{count} cells to review written to {to}")


@app.command("schema")
@click.option("--format", "-f", "format", default="md", show_default=True, help="md or json")
def schema_command(format: str) -> None:
    """Print the output tables' schema (the page docs/schema.md, or docs/schema.json)."""
    from iflaplans.model.schema import descriptor_json, schema_markdown

    if format not in ("md", "json"):
        _console(stderr=True).print("[red]error:[/] --format is md or json")
        raise click.exceptions.Exit(EXIT_USAGE)
    sys.stdout.write(schema_markdown() if format == "md" else descriptor_json())


@rules_app.command("check")
@click.argument("rules", type=_PATH, required=False)
@click.option("--corrections", type=_PATH, help="Also check this analysts' corrections file.")
def rules_check(rules: Path | None, corrections: Path | None) -> None:
    """Validate the rule files (and a corrections file); list every bad entry and every
    language that is missing from a place the others have.

    RULES is a folder with rule files to check (default: the package's own).
    """
    from iflaplans.corrections.file import CorrectionsError, load_corrections, unit_checker
    from iflaplans.normalize.timeframe.lexicon import LEXICON_LANGUAGES
    from iflaplans.rules.check import language_gaps
    from iflaplans.rules.resources import load_resources

    err = _console(stderr=True)
    try:
        loaded = load_resources(rules)
    except RulesError as exc:
        for line in exc.errors:
            err.print(f"  - {line}")
        raise click.exceptions.Exit(EXIT_USAGE) from exc
    gaps = language_gaps(rules, LEXICON_LANGUAGES)
    if gaps:
        err.print("languages whose entries are incomplete across the rule files:")
        for line in gaps:
            err.print(f"  - {line}", markup=False)
        raise click.exceptions.Exit(EXIT_USAGE)
    if corrections is not None:
        try:
            fixes = load_corrections(corrections, unit_checker(loaded.units))
        except CorrectionsError as exc:
            err.print(f"{exc.path}:", markup=False)
            for line in exc.errors:
                err.print(f"  - {line}", markup=False)
            raise click.exceptions.Exit(EXIT_USAGE) from exc
        _console().print(f"rule files are valid; {len(fixes)} corrections are valid")
        return
    _console().print("rule files are valid")


def _import_readers() -> None:
    """Import what a worker needs to load the rules and read (in a worker, before its job)."""
    import iflaplans.batch.reading
    import iflaplans.nightly.shards
    import iflaplans.rules.resources  # noqa: F401


def main() -> None:
    """Console-script entry point."""
    if sys.argv[1:2] != ["run"]:
        app.main(prog_name="iflaplans")
        return
    # A run usually reads something: its first worker imports the readers while this
    # process parses the options, takes the lock and surveys the corpus.
    from iflaplans.batch.spare import spare_worker

    with spare_worker(_import_readers) as spare:
        app.main(prog_name="iflaplans", obj=spare)
