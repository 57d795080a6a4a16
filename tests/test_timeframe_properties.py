"""Properties of the timeframe reader over arbitrary text (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iflaplans.model.events import EVENT_TYPES
from iflaplans.normalize.timeframe.cell import read_timeframe
from iflaplans.normalize.timeframe.time_spans import TimeContext
from iflaplans.rules.resources import Resources

WORDS = [
    "2020",
    "2021",
    "2019-2021",
    "2021/22",
    "Q3",
    "H1",
    "WLIC",
    "August",
    "août",
    "mid-2020",
    "moved",
    "to",
    "the",
    "Big Data SIG",
    "postponed",
    "cancelled",
    "then",
    ";",
    ".",
    "–",
    "ongoing",
    "on hold",
    "until",
    "next year",
    "annually",
    "from",
    "onwards",
    "online",
    "Reporté à",
    "Aplazado",
    "Verschoben auf",
    "in discussions with",
    "RISS",
    "TBD",
    "(virtual)",
]
cells = st.one_of(
    st.text(max_size=120),
    st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join),
)
periods = st.one_of(
    st.just((None, None)),
    st.integers(1990, 2095).flatmap(lambda y: st.tuples(st.just(y), st.integers(y, y + 5))),
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cell=cells, period=periods, lang=st.sampled_from(["en", "fr", "es", "de", "xx"]))
def test_never_raises_and_stays_in_contract(
    resources: Resources, cell: str, period, lang: str
) -> None:
    reading = read_timeframe(
        cell, resources.grammars.for_language(lang), resources.units, TimeContext(*period)
    )
    assert reading.current_status in EVENT_TYPES
    for event in reading.events:
        assert event.event_type in EVENT_TYPES
        assert 0.0 <= event.confidence <= 1.0
        if event.year_from is not None or event.year_to is not None:
            assert event.year_from is not None and event.year_to is not None
            assert 1900 <= event.year_from <= event.year_to <= 2100
        assert event.month is None or 1 <= event.month <= 12
    for low, high in (reading.planned, reading.effective):
        assert low is None or high is None or low <= high
