"""Every reader takes its header words from the run's headings, never from a copy of its own.

The same plans are written with their activity and time columns named "Undertakings"
and "Horizon", words the packaged headings do not know: with the packaged rules no
format finds its table; with replacement rules that add the words, every format reads
the same activities, with the same reader and layout, as the plan with its usual
headings.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import iflaplans
from iflaplans.errors import NotAPlan
from iflaplans.extract import read_document
from iflaplans.rules.headings import Headings
from iflaplans.rules.resources import load_resources
from iflaplans.settings import Settings

from .conftest import GOLDEN
from .factory import docx_plan

PLANS = [
    "it-section-action-plan-2019-2021.txt",  # tab export
    "public-libraries-action-plan-2019-2021-layout.txt",  # columns aligned with spaces
    "cataloguing-action-plan-2019-2021.html",
    "cataloguing-action-plan-2019-2021.md",
]
# The activity and time columns, renamed to words the packaged headings do not know.
RENAMED = {"Projects/Activities": "Undertakings", "Timeframe": "Horizon"}


@pytest.fixture(scope="module")
def replacement(tmp_path_factory: pytest.TempPathFactory) -> Headings:
    rules = tmp_path_factory.mktemp("rules")
    packaged = (Path(iflaplans.__file__).parent / "rules" / "headings.yaml").read_text()
    assert "en: [projects/activities," in packaged and "en: [timeframe," in packaged
    (rules / "headings.yaml").write_text(
        packaged.replace(
            "en: [projects/activities,", "en: [undertakings, projects/activities,"
        ).replace("en: [timeframe,", "en: [horizon, timeframe,")
    )
    return load_resources(rules).headings


def _activities(data: bytes, name: str, headings: Headings) -> list[tuple[str, str]]:
    """The activities read, after the reader and layout that read them."""
    doc = read_document(data, source_path=name, settings=Settings(), headings=headings)
    return [(doc.layout, "")] + [
        (a.title, a.timeframe_raw) for fa in doc.focus_areas for a in fa.activities
    ]


def _renamed(data: bytes) -> bytes:
    # Padded to the same width, so space-aligned columns stay where they were.
    for usual, new in RENAMED.items():
        data = data.replace(usual.encode(), new.ljust(len(usual)).encode())
    return data


@pytest.mark.parametrize("name", PLANS)
def test_replacement_headings_reach_every_text_reader(name: str, replacement: Headings) -> None:
    data = (GOLDEN / name).read_bytes()
    usual = _activities(data, name, load_resources().headings)
    assert len(usual) > 1, "the plan reads with its usual heading"
    with pytest.raises(NotAPlan):
        _activities(_renamed(data), name, load_resources().headings)
    assert _activities(_renamed(data), name, replacement) == usual


def test_replacement_headings_reach_the_word_reader(replacement: Headings) -> None:
    rows = (("☐", "Run a webinar", "1. Invite speakers", "2022"),)
    opening = (
        "Action plan 2021 – 2023",
        "Name of Professional Unit: Big Data Special Interest Group",
        "Focus Area 1",
        "Share data skills.",
    )
    usual = docx_plan(opening, *rows)
    header = ("Funding Needed", *RENAMED.values(), "Tasks & Responsibility")
    renamed = docx_plan(opening, *rows, header=(header[0], header[1], header[3], header[2]))
    with pytest.raises(NotAPlan):
        _activities(renamed, "p.docx", load_resources().headings)
    expected = _activities(usual, "p.docx", load_resources().headings)
    assert _activities(renamed, "p.docx", replacement) == expected
    assert expected == [("docx", ""), ("Run a webinar", "2022")]
