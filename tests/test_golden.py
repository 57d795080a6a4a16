"""Golden end-to-end tests: every fixture plan against its hand-made gold annotation."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import GoldenRun, gold_files, load_gold


def _none(value: object) -> object:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def _activity_cases() -> list[tuple[Path, dict]]:
    return [(p, a) for p in gold_files() for a in load_gold(p)["activities"]]


def _fa_cases() -> list[tuple[Path, dict]]:
    return [(p, fa) for p in gold_files() for fa in load_gold(p)["focus_areas"]]


def _doc(run: GoldenRun, gold_path: Path) -> pd.Series:
    source = load_gold(gold_path)["source"]
    docs = run.table("documents")
    found = docs[docs.source_path.map(lambda p: Path(p).name) == source]
    assert len(found) == 1, f"{source} not in documents"
    return found.iloc[0]


@pytest.mark.parametrize("gold_path", gold_files(), ids=lambda p: p.name)
def test_document_fields(golden_run: GoldenRun, gold_path: Path) -> None:
    doc = _doc(golden_run, gold_path)
    for key, want in load_gold(gold_path)["document"].items():
        assert _none(doc[key]) == want, key


@pytest.mark.parametrize("gold_path", gold_files(), ids=lambda p: p.name)
def test_activity_count(golden_run: GoldenRun, gold_path: Path) -> None:
    doc = _doc(golden_run, gold_path)
    acts = golden_run.table("activities")
    assert (acts.document_id == doc.document_id).sum() == len(load_gold(gold_path)["activities"])


@pytest.mark.parametrize(
    ("gold_path", "gold"),
    _activity_cases(),
    ids=[
        f"{p.stem.split('-action')[0]}-{a['focus_area_no']}.{a['row_no']}"
        for p, a in _activity_cases()
    ],
)
def test_activity(golden_run: GoldenRun, gold_path: Path, gold: dict) -> None:
    doc = _doc(golden_run, gold_path)
    acts = golden_run.table("activities")
    activity_id = f"{doc.document_id}-{gold['focus_area_no']}-{gold['row_no']}"
    act = acts[acts.activity_id == activity_id].iloc[0]
    assert act.title.lower().startswith(gold["title_start"].lower()[:40])
    assert _none(act.funding_needed) == gold.get("funding_needed")
    assert act.timeframe_raw == gold["timeframe_raw"]
    assert [_none(act.planned_start_year), _none(act.planned_end_year)] == gold["planned"]
    assert [_none(act.effective_start_year), _none(act.effective_end_year)] == gold["effective"]
    assert act.current_status == gold["current_status"]
    tasks = golden_run.table("tasks")
    assert (tasks.activity_id == activity_id).sum() == gold["tasks"]
    events = golden_run.table("status_events")
    mine = events[events.activity_id == activity_id].sort_values("event_no")
    got = [[e.event_type, _none(e.year_from), _none(e.year_to)] for e in mine.itertuples()]
    assert got == gold["events"]
    if gold.get("target_unit"):
        assert gold["target_unit"] in set(mine.target_unit.dropna())
    if "page" in gold:
        assert _none(act.page) == gold["page"]


@pytest.mark.parametrize(
    ("gold_path", "gold"),
    _fa_cases(),
    ids=[f"{p.stem.split('-action')[0]}-fa{f['focus_area_no']}" for p, f in _fa_cases()],
)
def test_focus_area(golden_run: GoldenRun, gold_path: Path, gold: dict) -> None:
    doc = _doc(golden_run, gold_path)
    fas = golden_run.table("focus_areas")
    fa = fas[(fas.document_id == doc.document_id) & (fas.focus_area_no == gold["focus_area_no"])]
    assert len(fa) == 1
    assert fa.iloc[0].title.startswith(gold["title_start"])
    assert fa.iloc[0].strategic_direction == gold["strategic_direction"]
    kis = golden_run.table("key_initiatives")
    mine = kis[(kis.document_id == doc.document_id) & (kis.focus_area_no == gold["focus_area_no"])]
    assert sorted(mine.code) == sorted(gold["key_initiatives"])
    mentions = golden_run.table("unit_mentions")
    related = mentions[
        (mentions.document_id == doc.document_id)
        & (mentions.focus_area_no == gold["focus_area_no"])
        & (mentions.field == "related_units")
    ]
    assert list(related.mention) == gold["related_units"]
    assert related.unit_id.notna().all(), "every related unit of the fixtures is a known unit"
