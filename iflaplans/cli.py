"""The command line: a thin layer that parses arguments, calls the library and reports.

Exit codes: 0 every file read; 1 published, but some files could not be read;
2 usage or configuration error; 3 another run holds the output folder;
4 nothing could be published.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from iflaplans import __version__
from iflaplans.errors import InvariantError, LockedError, RulesError
from iflaplans.pipeline import RunSummary, run
from iflaplans.resources import load_resources
from iflaplans.schema import descriptor_json, schema_markdown

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_LOCKED, EXIT_UNPUBLISHED = 0, 1, 2, 3, 4

app = typer.Typer(add_completion=False, no_args_is_help=True, help="IFLA action plans -> tables.")
rules_app = typer.Typer(add_completion=False, help="Inspect the rule data files.")
app.add_typer(rules_app, name="rules")


def _summary_line(summary: RunSummary) -> str:
    return (
        f"{summary.documents} documents, {summary.activities} activities, "
        f"{summary.events} status events written to {summary.out_dir}; "
        f"{summary.failed} of {summary.files} files not read; "
        f"{summary.problems} problems ({summary.errors} errors)"
    )


@app.command("run")
def run_command(
    corpus: Annotated[
        Path, typer.Argument(help="Folder of plan files (searched recursively).")
    ] = Path("corpus"),
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder for the tables.")] = Path(
        "outputs"
    ),
    rules: Annotated[
        Path | None, typer.Option(help="Folder with replacement rule files (same names).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
) -> None:
    """Read every plan under CORPUS and write the tables into OUT (replaced atomically)."""
    err = Console(stderr=True, soft_wrap=True)
    if not corpus.is_dir():
        err.print(f"[red]error:[/] {corpus} is not a folder; give the folder that holds the plans.")
        raise typer.Exit(EXIT_USAGE)
    try:
        resources = load_resources(rules)
    except RulesError as exc:
        err.print(f"[red]error:[/] bad rule data in {exc.path}:")
        for line in exc.errors:
            err.print(f"  - {line}")
        raise typer.Exit(EXIT_USAGE) from exc
    show_bar = not quiet and err.is_terminal
    try:
        if show_bar:
            with Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=err,
                transient=True,
            ) as bar:
                task = bar.add_task("reading", total=None)

                def tick(i: int, total: int, name: str) -> None:
                    bar.update(task, completed=i - 1, total=total, description=f"reading {name}")

                summary = run(corpus, out, resources=resources, progress=tick)
        else:

            def log(i: int, total: int, name: str) -> None:
                if not quiet:
                    err.print(f"[{i}/{total}] {name}", highlight=False)

            summary = run(corpus, out, resources=resources, progress=log)
    except LockedError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(EXIT_LOCKED) from exc
    except (InvariantError, OSError) as exc:
        err.print(f"[red]error:[/] nothing was published, the previous tables are unchanged: {exc}")
        raise typer.Exit(EXIT_UNPUBLISHED) from exc
    if not quiet:
        Console(soft_wrap=True).print(_summary_line(summary), highlight=False)
    raise typer.Exit(EXIT_PARTIAL if summary.failed else EXIT_OK)


@app.command("schema")
def schema_command(
    format: Annotated[str, typer.Option("--format", "-f", help="md or json")] = "md",
) -> None:
    """Print the output tables' schema (the page docs/schema.md, or docs/schema.json)."""
    if format not in ("md", "json"):
        Console(stderr=True, soft_wrap=True).print("[red]error:[/] --format is md or json")
        raise typer.Exit(EXIT_USAGE)
    sys.stdout.write(schema_markdown() if format == "md" else descriptor_json())


@rules_app.command("check")
def rules_check(
    rules: Annotated[Path | None, typer.Argument(help="Folder with rule files to check.")] = None,
) -> None:
    """Validate the rule files; list every bad entry."""
    try:
        load_resources(rules)
    except RulesError as exc:
        err = Console(stderr=True, soft_wrap=True)
        for line in exc.errors:
            err.print(f"  - {line}", highlight=False)
        raise typer.Exit(EXIT_USAGE) from exc
    Console(soft_wrap=True).print("rule files are valid")


@app.callback(invoke_without_command=True)
def main_callback(
    version: Annotated[bool, typer.Option("--version", help="Show the version.")] = False,
) -> None:
    """IFLA action plans -> comparable tables."""
    if version:
        Console(soft_wrap=True).print(__version__)
        raise typer.Exit(EXIT_OK)


def main() -> None:
    """Console-script entry point."""
    app()
