"""Plans written on the Spanish and German templates read like the English ones."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from iflaplans.pipeline import run
from iflaplans.rules.resources import Resources
from tests.conftest import FIXTURES

PLANS = {
    "biblioteca-publica-plan-de-accion.txt": {
        "language": "es",
        "unit_name": "Sección de Bibliotecas Públicas",
        "strategic_direction": "1. Fortalecer la voz mundial de las bibliotecas.",
        "communication": "Lista de correo y redes sociales.",
        "key_initiatives": ["1.1", "1.3"],
        "related": [
            "libraries-for-children-and-young-adults-section",
            "information-literacy-section",
        ],
        "statuses": ["postponed", "completed", "under_discussion"],
        "funding": [True, False, False],
        "tasks": [2, 3, 1],
    },
    "oeffentliche-bibliotheken-aktionsplan.txt": {
        "language": "de",
        "unit_name": "Sektion Öffentliche Bibliotheken",
        "strategic_direction": "2. Die berufliche Praxis inspirieren und verbessern.",
        "communication": "Mailingliste und Website.",
        "key_initiatives": ["2.1", "2.2"],
        "related": [
            "libraries-for-children-and-young-adults-section",
            "information-literacy-section",
        ],
        "statuses": ["postponed", "cancelled", "ongoing"],
        "funding": [False, True, False],
        "tasks": [2, 2, 1],
    },
}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory, resources: Resources) -> Path:
    folder = tmp_path_factory.mktemp("i18n") / "out"
    run(FIXTURES / "i18n", folder, resources=resources)
    return folder


@pytest.mark.parametrize("name", PLANS)
def test_template_in_another_language(out: Path, name: str) -> None:
    want = PLANS[name]
    docs = pd.read_parquet(out / "documents.parquet").set_index("source_path")
    doc = docs.loc[name]
    assert (doc.language, doc.unit_name, doc.unit_id) == (
        want["language"],
        want["unit_name"],
        "public-libraries-section",
    )
    assert (doc.period_start, doc.period_end, doc.plan_type) == (2019, 2021, "action_plan")
    fas = pd.read_parquet(out / "focus_areas.parquet")
    fa = fas[fas.document_id == doc.document_id].iloc[0]
    assert fa.strategic_direction == want["strategic_direction"]
    assert fa.communication == want["communication"]
    kis = pd.read_parquet(out / "key_initiatives.parquet")
    assert list(kis[kis.document_id == doc.document_id].code) == want["key_initiatives"]
    mentions = pd.read_parquet(out / "unit_mentions.parquet")
    related = mentions[
        (mentions.document_id == doc.document_id) & (mentions.field == "related_units")
    ]
    assert list(related.unit_id) == want["related"]
    acts = pd.read_parquet(out / "activities.parquet")
    acts = acts[acts.document_id == doc.document_id].sort_values("row_no")
    assert list(acts.current_status) == want["statuses"]
    assert list(acts.funding_needed) == want["funding"]
    tasks = pd.read_parquet(out / "tasks.parquet")
    assert [int((tasks.activity_id == a).sum()) for a in acts.activity_id] == want["tasks"]
