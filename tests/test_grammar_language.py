"""The language of a plan comes from its words, not from its template's headings."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from iflaplans.pipeline import run
from iflaplans.rules.resources import Resources
from tests.conftest import FIXTURES

# The Spanish sample plan on a template whose headings are French: "Plan d'action",
# "Domaine prioritaire", "Échéance" share many words with Spanish.
_FRENCH_HEADINGS = {
    "Plan de acción": "Plan d'action",
    "Nombre de la Unidad Profesional": "Nom de l'unité professionnelle",
    "Área prioritaria": "Domaine prioritaire",
    "Dirección estratégica de la IFLA": "Orientation stratégique de l'IFLA",
    "Iniciativas clave": "Initiatives clés",
    "Financiación necesaria": "Financement nécessaire",
    "Proyectos/Actividades": "Projets/Activités",
    "Tareas y responsabilidades": "Tâches et responsabilités",
    "Plazo": "Échéance",
}


def test_a_spanish_plan_on_french_headings_is_read_as_spanish(
    tmp_path: Path, resources: Resources
) -> None:
    text = (FIXTURES / "i18n" / "biblioteca-publica-plan-de-accion.txt").read_text("utf-8")
    for spanish, french in _FRENCH_HEADINGS.items():
        text = text.replace(spanish, french)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.txt").write_text(text, "utf-8")
    run(corpus, tmp_path / "out", resources=resources)
    doc = pd.read_parquet(tmp_path / "out" / "documents.parquet").iloc[0]
    assert doc.language == "es"
    activities = pd.read_parquet(tmp_path / "out" / "activities.parquet")
    assert list(activities.current_status) == ["postponed", "completed", "under_discussion"]


def test_short_texts_fall_back_to_marker_words(resources: Resources) -> None:
    assert resources.languages.detect("la biblioteca", "es") == "es"
    assert resources.languages.detect("", "fr") == "fr"


def test_the_document_words_outweigh_the_headings_hint(resources: Resources) -> None:
    body = (
        "Organizar un taller regional sobre promoción de las bibliotecas públicas. "
        "Publicar una guía en español para los bibliotecarios de la región."
    )
    assert resources.languages.detect(body, "fr") == "es"
    body = "Die Sektion organisiert jedes Jahr einen Workshop für öffentliche Bibliotheken."
    assert resources.languages.detect(body, "en") == "de"
