"""Hostile and broken input: limits, invariants, links, entities, fuzzing. Nothing escapes."""

from __future__ import annotations

import io
import random
import zipfile
from dataclasses import astuple, replace
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iflaplans import pipeline
from iflaplans.batch.reading import read_file, read_files
from iflaplans.errors import ExtractError, InvariantError
from iflaplans.extract import read_document
from iflaplans.model.records import Problem, StatusEvent
from iflaplans.pipeline import run
from iflaplans.publish import assemble
from iflaplans.publish.invariants import check_invariants
from iflaplans.publish.tables import build_tables
from iflaplans.publish.write import from_csv_text, write_table_set
from iflaplans.rules.resources import Resources
from iflaplans.settings import Settings
from tests.conftest import GOLDEN
from tests.factory import docx_plan

SEED = GOLDEN / "it-section-action-plan-2019-2021.txt"
HEALTH = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


def _problem_codes(out: Path) -> dict[str, list[str]]:
    problems = pd.read_parquet(out / "problems.parquet")
    return {p: list(g.code) for p, g in problems.groupby("source_path")}


# ------------------------------------------------------------------ limits


def test_overlong_cell_is_cut_and_reported(tmp_path: Path, resources: Resources) -> None:
    text = SEED.read_text(encoding="utf-8").replace(
        "2020 Cancelled.\n", "2020 Cancelled. " + "blah " * 5000 + "\n", 1
    )
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "plan.txt").write_text(text, encoding="utf-8")
    run(tmp_path / "c", tmp_path / "out", Settings(max_cell_chars=2000), resources)
    assert _problem_codes(tmp_path / "out")["plan.txt"] == ["cell-too-long"]
    acts = pd.read_parquet(tmp_path / "out" / "activities.parquet")
    assert len(acts) == 13 and acts.timeframe_raw.str.len().max() <= 2000


def test_file_over_the_size_limit_is_not_read(tmp_path: Path, resources: Resources) -> None:
    result = read_file(SEED, GOLDEN, Settings(max_file_bytes=1000), resources)
    assert result.plan is None and [p.code for p in result.problems] == ["too-large"]
    assert "max_file_bytes" in result.problems[0].message or "limit" in result.problems[0].message


def test_document_over_the_time_limit_becomes_a_problem(resources: Resources) -> None:
    settings = Settings(document_timeout=1e-4)
    [(_, result)] = read_files([SEED], GOLDEN, settings, None, 1, resources)
    assert result.plan is None and [p.code for p in result.problems] == ["timeout"]


def test_settings_reject_nonsense() -> None:
    with pytest.raises(ValueError, match="positive"):
        Settings(max_pages=0)
    with pytest.raises(ValueError, match="unknown settings"):
        Settings.resolve({"max_pagez": 3})
    for nonsense in (float("nan"), float("inf"), -1.0):
        with pytest.raises(ValueError, match="document_timeout"):
            Settings(document_timeout=nonsense)


# ------------------------------------------------------------------ invariants


def _event(activity_id: str, event_type: str = "planned", years=(2020, 2020)) -> StatusEvent:
    return StatusEvent(activity_id, 1, event_type, *years, None, None, None, "2020", 1.0, "r")


def test_invariants_catch_every_breach() -> None:
    tables = build_tables([], [Problem(None, "x.txt", "fatal", "odd", "message")])
    tables["status_events"].rows.append(astuple(_event("nowhere", "exploded", (2021, 2019))))
    with pytest.raises(InvariantError) as info:
        check_invariants(tables)
    text = str(info.value)
    for expected in (
        "severity",
        "event_type",
        "year_from 2021 after year_to 2019",
        "point to no activities",
    ):
        assert expected in text


def test_a_breach_refuses_to_publish(
    tmp_path: Path, resources: Resources, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    run(GOLDEN, out, resources=resources)
    before = (out / "activities.csv").read_bytes()
    real = assemble.build_tables

    def broken(*args, **kwargs):  # a normalizer bug that invents an event type
        tables = real(*args, **kwargs)
        rows = tables["status_events"].rows
        rows[0] = (*rows[0][:2], "exploded", *rows[0][3:])
        return tables

    monkeypatch.setattr(assemble, "build_tables", broken)
    with pytest.raises(InvariantError, match="exploded"):
        run(GOLDEN, out, resources=resources, full=True)
    assert (out / "activities.csv").read_bytes() == before


def test_one_file_that_breaks_the_rules_costs_only_that_file(
    tmp_path: Path, resources: Resources, monkeypatch: pytest.MonkeyPatch
) -> None:
    import iflaplans.normalize as stage

    real = stage.normalize

    def broken(raw, res):  # a reader bug that gives one document two focus areas "1"
        plan = real(raw, res)
        if raw.source_path == "cataloguing-action-plan-2019-2021.txt":
            return replace(plan, focus_areas=plan.focus_areas + plan.focus_areas[:1])
        return plan

    monkeypatch.setattr(stage, "normalize", broken)
    summary = run(GOLDEN, tmp_path / "out", resources=resources, jobs=1)
    problems = pd.read_csv(tmp_path / "out" / "problems.csv", dtype=str, keep_default_na=False)
    hit = problems[problems.code == "internal-error"]
    assert list(hit.source_path) == ["cataloguing-action-plan-2019-2021.txt"]
    assert "repeated key" in hit.message.iloc[0]
    assert summary.documents == 9  # the other files are published


# ------------------------------------------------------------------ paths and entities


def test_links_out_of_the_corpus_are_not_followed(tmp_path: Path, resources: Resources) -> None:
    corpus, secret = tmp_path / "corpus", tmp_path / "private"
    corpus.mkdir()
    secret.mkdir()
    (secret / "other-plan.txt").write_bytes(
        SEED.read_bytes().replace(b"Information Technology", b"Secret")
    )
    (corpus / "plan.txt").write_bytes(SEED.read_bytes())
    (corpus / "inside-link.txt").symlink_to(corpus / "plan.txt")
    (corpus / "outside-link.txt").symlink_to(secret / "other-plan.txt")
    (corpus / "outside-dir").symlink_to(secret, target_is_directory=True)
    paths = [p.name for p in pipeline.discover(corpus, Settings())]
    assert paths == ["inside-link.txt", "plan.txt"]


def _docx_with_entity(secret: Path) -> bytes:
    """A DOCX whose document.xml declares an external entity pointing at a local file."""
    paragraphs = (
        "Action plan 2019 – 2021",
        "Name of Professional Unit: &xxe;",
        "Focus Area 1",
        "Keep the plan's secrets.",
    )
    plain = docx_plan(paragraphs, ("☐", "Guard &xxe;", "1. Watch", "2020"))
    source = zipfile.ZipFile(io.BytesIO(plain))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8").replace("&amp;xxe;", "&xxe;")
                assert text.count("&xxe;") == 2
                head, body = text.split("?>", 1)
                doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">]>'
                data = (head + "?>" + doctype + body).encode("utf-8")
            target.writestr(item, data)
    return out.getvalue()


def test_xml_external_entities_are_not_resolved(tmp_path: Path, resources: Resources) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "plan.docx").write_bytes(_docx_with_entity(secret))
    run(tmp_path / "c", tmp_path / "out", resources=resources)
    docs = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert list(docs.status) == ["ok"], "the plan itself is read"
    for path in (tmp_path / "out").glob("*.csv"):
        assert "TOP-SECRET" not in path.read_text(encoding="utf-8"), path.name


# ------------------------------------------------------------------ fuzzing


@settings(max_examples=150, deadline=None, suppress_health_check=HEALTH)
@given(data=st.binary(max_size=600) | st.text(max_size=600).map(lambda t: t.encode("utf-8")))
def test_any_bytes_read_or_coded(resources: Resources, data: bytes) -> None:
    try:
        read_document(data, source_path="x", settings=Settings(), headings=resources.headings)
    except ExtractError as exc:
        assert exc.code and exc.code != "extract-error"


def _mutations(text: str, seed: int) -> str:
    rng = random.Random(seed)
    lines = text.split("\n")
    for _ in range(rng.randint(1, 12)):
        i = rng.randrange(len(lines))
        action = rng.choice(["drop", "dup", "tabs", "junk", "cut", "swap"])
        if action == "drop":
            del lines[i]
        elif action == "dup":
            lines.insert(i, lines[i])
        elif action == "tabs":
            lines[i] = lines[i].replace("\t", rng.choice(["", "\t\t", " "]))
        elif action == "junk":
            lines[i] = lines[i] + rng.choice(
                ["<ol><li>", "\x00", "☒", "Focus Area 9", "\f", "é" * 50]
            )
        elif action == "cut":
            lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)]
        else:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        if not lines:
            lines = [""]
    return "\n".join(lines)


@settings(max_examples=120, deadline=None, suppress_health_check=HEALTH)
@given(seed=st.integers(0, 10**9))
def test_mutated_real_plan_read_or_coded(resources: Resources, tmp_path_factory, seed: int) -> None:
    folder = tmp_path_factory.mktemp("mut")
    path = folder / "plan.txt"
    path.write_text(_mutations(SEED.read_text(encoding="utf-8"), seed), encoding="utf-8")
    result = read_file(path, folder, Settings(), resources)
    codes = {p.code for p in result.problems}
    assert "internal-error" not in codes
    assert result.plan is not None or codes


_cell = st.one_of(
    st.none(),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40),
    st.sampled_from(["a,b", 'say "hi"', "two\nlines", "", " ", "naïve – ☒", "\r\n"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=HEALTH)
@given(rows=st.lists(st.tuples(_cell, _cell, st.none() | st.floats(0, 1)), max_size=8))
def test_writer_round_trips(tmp_path_factory, rows) -> None:
    problems = [
        Problem(doc, f"file-{i}.txt", "warning", "odd", msg or "m", None)
        for i, (doc, msg, _) in enumerate(rows)
    ]
    tables = build_tables([], problems)
    folder = tmp_path_factory.mktemp("w")
    write_table_set(tables, folder)
    parquet = pd.read_parquet(folder / "problems.parquet")
    csv = pd.read_csv(folder / "problems.csv", dtype=str, keep_default_na=False)
    want = sorted(problems, key=lambda p: (p.source_path, p.severity, p.code, p.location or ""))
    assert list(parquet.message) == [p.message for p in want]
    # The CSV quotes text a spreadsheet would run as a formula; undoing it gives the value.
    assert [from_csv_text(m) for m in csv.message] == [p.message for p in want]
    assert [None if pd.isna(v) else v for v in parquet.document_id] == [p.document_id for p in want]
    assert [from_csv_text(d) for d in csv.document_id] == [p.document_id or "" for p in want]
