"""``iflaplans report``: one self-contained HTML page over a published table set.

The page has the headline comparisons (status by unit and by plan period, what
became of the activities planned for 2020, which units are named most) and the
review queue (corrections that no longer apply first, then events read with low
confidence, and problems; cells an analyst corrected have left it). Units are
named by their canonical names. Charts are inline SVG; nothing is fetched. All
text from the plans is escaped.
"""

from __future__ import annotations

import csv
from html import escape
from pathlib import Path

import pandas as pd

from iflaplans.corrections.review import REVIEW_BELOW, corrected_activities, queue, read_table
from iflaplans.model.events import EVENT_TYPES
from iflaplans.rules.files import packaged

__all__ = ["REVIEW_BELOW", "render_report", "stacked_bars", "write_report"]
COLORS = {
    "planned": "#9aa5b1",
    "postponed": "#f0a202",
    "rescheduled": "#f7d08a",
    "cancelled": "#d1495b",
    "ongoing": "#2e86ab",
    "completed": "#3c9d5d",
    "transferred": "#8e6c8a",
    "under_discussion": "#c3b1e1",
    "on_hold": "#6d6875",
    "moved_online": "#00a6a6",
    "unrecognized": "#222222",
}
_CSS = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#222;max-width:1100px}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}
td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}.num{text-align:right}.legend span{display:inline-block;margin-right:1rem}
.swatch{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle}
.summary span{margin-right:1.5rem;font-weight:600}
"""


def _read(out_dir: Path, name: str) -> pd.DataFrame:
    return read_table(out_dir, name)


def unit_names(path: Path | None = None) -> dict[str, str]:
    """Canonical unit names by unit id, from the units list (the packaged one by default)."""
    with open(path or packaged("ifla-units.csv"), encoding="utf-8", newline="") as fh:
        return {row["unit_id"]: row["name"] for row in csv.DictReader(fh) if row.get("unit_id")}


def _named(ids: pd.Series, names: dict[str, str]) -> pd.Series:
    """Unit ids -> their names; an id the list does not know stays as it is."""
    return ids.map(lambda u: names.get(u, u) if isinstance(u, str) else u).astype("string")


def _legend(statuses: list[str]) -> str:
    items = "".join(
        f'<span><i class="swatch" style="background:{COLORS[s]}"></i>{escape(s)}</span>'
        for s in statuses
    )
    return f'<p class="legend">{items}</p>'


def stacked_bars(counts: pd.DataFrame, title: str) -> str:
    """Counts (rows: groups, columns: statuses) -> an inline SVG of horizontal stacked bars."""
    if counts.empty:
        return "<p>No activities.</p>"
    statuses = [s for s in EVENT_TYPES if s in counts.columns]
    label_w, bar_w, row_h = 290, 560, 26
    total = int(counts.sum(axis=1).max())
    height = row_h * len(counts) + 10
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" width="{label_w + bar_w + 60}"'
        f' height="{height}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (group, row) in enumerate(counts.iterrows()):
        y = 5 + i * row_h
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 16}" text-anchor="end" font-size="12">'
            f"{escape(str(group))}</text>"
        )
        x = float(label_w)
        for status in statuses:
            n = int(row.get(status, 0))
            if n:
                w = bar_w * n / total
                parts.append(
                    f'<rect class="bar" x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row_h - 6}"'
                    f' fill="{COLORS[status]}"><title>{escape(status)}: {n}</title></rect>'
                )
                x += w
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 16}" font-size="11">{int(row.sum())}</text>')
    parts.append("</svg>")
    return _legend(statuses) + "".join(parts)


def _table(frame: pd.DataFrame, numeric: tuple[str, ...] = ()) -> str:
    if frame.empty:
        return "<p>None.</p>"
    head = "".join(f"<th>{escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for record in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, record, strict=True):
            text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else value
            css = ' class="num"' if column in numeric else ""
            cells.append(f"<td{css}>{escape(str(text))}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _activity_view(out_dir: Path, names: dict[str, str]) -> pd.DataFrame:
    docs = _read(out_dir, "documents")
    acts = _read(out_dir, "activities")
    keep = ["document_id", "unit_id", "unit_name", "period_start", "period_end", "is_latest"]
    view = acts.merge(docs[keep], on="document_id", how="left")
    view["unit"] = _named(view.unit_id, names).fillna(view.unit_name).fillna("(unknown unit)")
    view["period"] = view.period_start.astype("string") + "–" + view.period_end.astype("string")
    return view[view.is_latest.fillna(True).astype(bool)]


def _year_2020(view: pd.DataFrame) -> pd.DataFrame:
    in_2020 = view[(view.planned_start_year <= 2020) & (view.planned_end_year >= 2020)]
    shown = ["postponed", "cancelled", "moved_online", "ongoing", "completed"]
    rows = []
    for unit, group in [("all units", in_2020), *in_2020.groupby("unit")]:
        n = len(group)
        shares = {s: f"{(group.current_status == s).sum() / n:.0%}" if n else "" for s in shown}
        rows.append({"unit": unit, "planned in 2020": n, **shares})
    return pd.DataFrame(rows)


def _collaboration(out_dir: Path, names: dict[str, str]) -> pd.DataFrame:
    docs = _read(out_dir, "documents")[["document_id", "unit_id"]]
    mentions = _read(out_dir, "unit_mentions").merge(docs, on="document_id", suffixes=("", "_doc"))
    named = mentions[mentions.unit_id.notna() & (mentions.unit_id != mentions.unit_id_doc)]
    counts = (
        named.groupby("unit_id")
        .agg(mentions=("mention", "size"), named_by=("unit_id_doc", "nunique"))
        .sort_values(["named_by", "mentions"], ascending=False)
        .head(15)
        .reset_index()
    )
    counts["unit_id"] = _named(counts.unit_id, names)
    return counts.rename(columns={"unit_id": "unit", "named_by": "named by units"})


def _review_queue(out_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    low, problems = queue(out_dir)
    acts = _read(out_dir, "activities")[["activity_id", "title", "timeframe_raw"]]
    low = low.merge(acts, on="activity_id", how="left")
    low = low[["activity_id", "title", "timeframe_raw", "event_type", "phrase", "confidence"]]
    problems = problems[["source_path", "severity", "code", "message", "location"]]
    return low, problems


def _stale(corrections: pd.DataFrame) -> pd.DataFrame:
    stale = corrections[corrections.state == "stale"]
    shown = ["line", "plan_id", "source_path", "focus_area_no", "row_no", "field", "value"]
    stale = stale[[*shown, "timeframe_raw", "timeframe_now", "who", "why"]]
    return stale.rename(columns={"timeframe_raw": "text then", "timeframe_now": "text now"})


def render_report(out_dir: Path) -> str:
    """The HTML page for the table set published in ``out_dir``."""
    names = unit_names()
    view = _activity_view(out_dir, names)
    docs = _read(out_dir, "documents")
    by_unit = view.groupby(["unit", "current_status"]).size().unstack(fill_value=0)
    by_period = view.groupby(["period", "current_status"]).size().unstack(fill_value=0)
    low, problems = _review_queue(out_dir)
    events = _read(out_dir, "status_events")
    corrections = _read(out_dir, "corrections")
    states = corrections.state.value_counts()
    # a correction applies to every version with the same cell: count the cells it changed
    applied = corrections.loc[corrections.state == "applied", "activity_id"].dropna()
    corrected = len(corrected_activities(events) | set(applied))
    stale = _stale(corrections)
    every_problem = len(_read(out_dir, "problems"))
    summary = (
        f"<span>{len(docs)} documents</span><span>{len(view)} activities (latest versions)</span>"
        f"<span>{len(events)} status events</span><span>{every_problem} problems</span>"
        f"<span>{len(low)} events and {len(problems)} problems to review</span>"
        f"<span>{int(states.get('applied', 0))} corrections applied "
        f"({corrected} readings corrected)</span>"
        f"<span>{int(states.get('stale', 0))} stale corrections</span>"
        f"<span>{int(states.get('orphaned', 0))} orphaned corrections</span>"
    )
    sections = [
        f'<p class="summary">{summary}</p>',
        "<h2>Current status by unit</h2>",
        stacked_bars(by_unit, "Current status of activities by unit"),
        "<h2>Current status by plan period</h2>",
        stacked_bars(by_period, "Current status of activities by plan period"),
        "<h2>What became of the activities planned for 2020</h2>",
        _table(_year_2020(view), numeric=("planned in 2020",)),
        "<h2>Units named most by other units</h2>",
        _table(_collaboration(out_dir, names), numeric=("mentions", "named by units")),
        '<h2 id="stale">Review queue: corrections whose cell has changed (not applied)</h2>',
        _table(stale, numeric=("line", "focus_area_no", "row_no")),
        f'<h2 id="review">Review queue: events read with confidence below {REVIEW_BELOW}</h2>',
        _table(low, numeric=("confidence",)),
        '<h2 id="problems">Review queue: problems</h2>',
        _table(problems),
    ]
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>IFLA action plans: report</title>"
        f"<style>{_CSS}</style></head><body><h1>IFLA action plans</h1>"
        + "\n".join(sections)
        + "</body></html>\n"
    )


def write_report(out_dir: Path, target: Path) -> Path:
    """Write the report page of ``out_dir`` to ``target``; returns ``target``."""
    target.write_text(render_report(out_dir), encoding="utf-8")
    return target
