"""Plans whose tables arrive without their cells (tests/fixtures/shapes), compared whole
with their gold, and the non-plans beside them that must stay ``not-a-plan``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from iflaplans.pipeline import run
from iflaplans.rules.resources import Resources
from tests.conftest import FIXTURES, GoldenRun, load_gold

SHAPES = FIXTURES / "shapes"
# File name part -> what documents.layout ends with.
LAYOUTS = {
    "cell-per-paragraph": "+cell-per-paragraph",
    "unlabelled": "+unlabelled-cells",
    "run-together": "+run-together",
    "viewer": "+row-per-line",
    "older-template": "+older-template",
}
REBUILT = ("cell-per-paragraph", "unlabelled", "run-together", "viewer")


def _golds() -> list[Path]:
    return sorted(SHAPES.glob("*.gold.json"))


@pytest.fixture(scope="module")
def shapes_run(tmp_path_factory: pytest.TempPathFactory, resources: Resources) -> GoldenRun:
    out = tmp_path_factory.mktemp("shapes") / "outputs"
    return GoldenRun(run(SHAPES, out, resources=resources))


def _value(value: object) -> object:
    if value is None or (not isinstance(value, str | list) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _found(result: GoldenRun, gold: dict[str, Any]) -> dict[str, Any]:
    """What the run wrote for one document, in the gold's shape."""
    docs = result.table("documents")
    doc = docs[docs.source_path.map(lambda p: Path(p).name) == gold["source"]].iloc[0]
    fas, kis, mentions, acts = (
        table[table.document_id == doc.document_id]
        for table in (
            result.table("focus_areas"),
            result.table("key_initiatives"),
            result.table("unit_mentions"),
            result.table("activities"),
        )
    )
    mentions = mentions[mentions.field == "related_units"]
    tasks = result.table("tasks")
    events = result.table("status_events")
    found_fas = []
    ordered_fas = fas.sort_values("focus_area_no").itertuples()
    for want, fa in zip(gold["focus_areas"], ordered_fas, strict=False):
        no = fa.focus_area_no
        entry: dict[str, Any] = {
            "focus_area_no": _value(no),
            "title_start": fa.title[: len(want["title_start"])],
            "strategic_direction": _value(fa.strategic_direction),
        }
        if "key_initiatives" in want:
            entry["key_initiatives"] = sorted(kis[kis.focus_area_no == no].code)
        entry["related_units"] = list(mentions[mentions.focus_area_no == no].mention)
        found_fas.append(entry)
    found_acts = []
    ordered_acts = acts.sort_values(["focus_area_no", "row_no"]).itertuples()
    for want, act in zip(gold["activities"], ordered_acts, strict=False):
        mine = events[events.activity_id == act.activity_id].sort_values("event_no")
        found_acts.append(
            {
                "focus_area_no": _value(act.focus_area_no),
                "row_no": _value(act.row_no),
                "title_start": act.title[: len(want["title_start"])],
                "funding_needed": _value(act.funding_needed),
                "tasks": int((tasks.activity_id == act.activity_id).sum()),
                "timeframe_raw": act.timeframe_raw,
                "planned": [_value(act.planned_start_year), _value(act.planned_end_year)],
                "effective": [_value(act.effective_start_year), _value(act.effective_end_year)],
                "current_status": act.current_status,
                "events": [
                    [e.event_type, _value(e.year_from), _value(e.year_to)]
                    for e in mine.itertuples()
                ],
            }
        )
    return {
        "source": gold["source"],
        "document": {key: _value(doc[key]) for key in gold["document"]},
        "focus_areas": found_fas,
        "activities": found_acts,
        "counts": (len(fas), len(acts)),
    }


@pytest.mark.parametrize("gold_path", _golds(), ids=lambda p: p.name.removesuffix(".gold.json"))
def test_document_matches_its_gold(shapes_run: GoldenRun, gold_path: Path) -> None:
    gold = load_gold(gold_path)
    found = _found(shapes_run, gold)
    assert found.pop("counts") == (len(gold["focus_areas"]), len(gold["activities"]))
    assert found == gold


@pytest.mark.parametrize("gold_path", _golds(), ids=lambda p: p.name.removesuffix(".gold.json"))
def test_layout_and_warning_name_the_shape(shapes_run: GoldenRun, gold_path: Path) -> None:
    source = load_gold(gold_path)["source"]
    docs = shapes_run.table("documents")
    doc = docs[docs.source_path == source].iloc[0]
    expected = next((suffix for part, suffix in LAYOUTS.items() if part in source), None)
    if expected is None:
        assert "+" not in doc.layout
    else:
        assert doc.layout.endswith(expected)
    problems = shapes_run.table("problems")
    warned = problems[(problems.source_path == source) & (problems.code == "reconstructed-table")]
    assert len(warned) == (1 if any(part in source for part in REBUILT) else 0)
    if len(warned):
        assert warned.iloc[0].severity == "warning"
        assert doc.layout.rsplit("+", 1)[1] in warned.iloc[0].message


def _non_plans() -> list[str]:
    return sorted(json.loads((SHAPES / "bad" / "expected.json").read_text(encoding="utf-8")))


def test_the_non_plan_set_is_large_enough() -> None:
    assert len(_non_plans()) >= 10


@pytest.mark.parametrize("name", _non_plans())
def test_a_non_plan_stays_not_a_plan(shapes_run: GoldenRun, name: str) -> None:
    problems = shapes_run.table("problems")
    codes = set(problems[problems.source_path == f"bad/{name}"].code)
    assert codes == {"not-a-plan"}
