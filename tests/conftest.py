"""Shared fixtures: rule data loaded once, and a pipeline run over the golden corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from iflaplans.pipeline import RunSummary, run
from iflaplans.rules.resources import Resources, load_resources

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = FIXTURES / "plans"
GOLD = FIXTURES / "gold"


def gold_files() -> list[Path]:
    """Every gold annotation beside a golden fixture."""
    return sorted(GOLD.glob("*.gold.json"))


def load_gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def resources() -> Resources:
    return load_resources()


class GoldenRun:
    """The tables a run over tests/fixtures/plans wrote, read back with pandas."""

    def __init__(self, summary: RunSummary):
        self.summary = summary
        self.out = summary.out_dir

    def table(self, name: str) -> pd.DataFrame:
        return pd.read_parquet(self.out / f"{name}.parquet")


@pytest.fixture(scope="session")
def golden_run(tmp_path_factory: pytest.TempPathFactory, resources: Resources) -> GoldenRun:
    out = tmp_path_factory.mktemp("golden") / "outputs"
    return GoldenRun(run(GOLDEN, out, resources=resources))
