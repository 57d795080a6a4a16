"""Rule data files: the packaged ones load, bad entries are all reported at once."""

from __future__ import annotations

from pathlib import Path

import pytest

import iflaplans
from iflaplans.errors import NotAPlan, RulesError
from iflaplans.extract import read_document
from iflaplans.model.events import EVENT_TYPES
from iflaplans.normalize.language import load_languages
from iflaplans.normalize.timeframe.grammar import load_grammar
from iflaplans.rules.headings import load_headings
from iflaplans.rules.resources import Resources, load_resources
from iflaplans.settings import Settings
from tests.factory import docx_plan


def test_packaged_rules_load(resources: Resources) -> None:
    assert set(resources.grammars.grammars) == {"en", "fr", "es", "de"}
    for grammar in resources.grammars.grammars.values():
        assert {r.type for r in grammar.rules.values()} - {"move"} <= set(EVENT_TYPES)


def test_grammar_reports_every_bad_entry(tmp_path: Path) -> None:
    path = tmp_path / "timeframe.yaml"
    path.write_text(
        "status:\n"
        "  - {id: a, type: exploded, takes: time, phrases: {en: [boom]}}\n"
        "  - {id: b, type: cancelled, takes: sometimes, phrases: {en: [gone]}}\n"
        "  - {id: a, type: cancelled, phrases: {en: [again]}}\n"
        "  - {id: c, type: cancelled, phrases: {en: ['', 3]}}\n"
        "fillers: {en: [to, 'then, \"late']}\nauxiliaries: {en: [is]}\nconnectors: {en: [then]}\n"
        "hedges: {en: [may]}\ntime: {}\n"
    )
    with pytest.raises(RulesError) as info:
        load_grammar(path)
    text = "\n".join(info.value.errors)
    for expected in (
        "type 'exploded'",
        "takes 'sometimes'",
        "missing or repeated",
        "non-empty strings",
        "stray quote",
        "time: missing",
    ):
        assert expected in text


def test_headings_report_missing_sections(tmp_path: Path) -> None:
    path = tmp_path / "headings.yaml"
    path.write_text("title: {en: [action plan]}\ncolumns: {activity: []}\n")
    with pytest.raises(RulesError) as info:
        load_headings(path)
    assert any("focus_area" in e for e in info.value.errors)
    assert any("columns.activity" in e for e in info.value.errors)


def test_broken_yaml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "languages.yaml"
    path.write_text("en: [the, and\n")
    with pytest.raises(RulesError) as info:
        load_languages(path)
    assert str(path) in str(info.value)


def test_rules_dir_overrides_only_the_files_it_has(tmp_path: Path) -> None:
    (tmp_path / "languages.yaml").write_text("en: [the]\nit: [il, della]\n")
    loaded = load_resources(tmp_path)
    assert loaded.languages.detect("il libro della biblioteca") == "it"
    assert loaded.units.lookup("Big Data SIG") == "big-data-sig"


def test_rules_dir_headings_reach_the_word_reader(tmp_path: Path) -> None:
    # A column name only the replacement headings know: the DOCX reader must use them.
    packaged = (Path(iflaplans.__file__).parent / "rules" / "headings.yaml").read_text()
    assert "de: [projekte/aktivitaten," in packaged
    (tmp_path / "headings.yaml").write_text(
        packaged.replace(
            "de: [projekte/aktivitaten,", "de: [arbeitspaket im detail, projekte/aktivitaten,"
        )
    )
    data = docx_plan(
        (
            "Action plan 2021 – 2023",
            "Name of Professional Unit: Big Data Special Interest Group",
            "Focus Area 1",
            "Share data skills.",
        ),
        ("☐", "Run a webinar", "1. Invite", "2022"),
        header=("Funding Needed", "Arbeitspaket im Detail", "Tasks & Responsibility", "Timeframe"),
    )
    with pytest.raises(NotAPlan):
        read_document(
            data, source_path="p.docx", settings=Settings(), headings=load_resources().headings
        )
    doc = read_document(
        data, source_path="p.docx", settings=Settings(), headings=load_resources(tmp_path).headings
    )
    assert [a.timeframe_raw for fa in doc.focus_areas for a in fa.activities] == ["2022"]


def test_timeframe_rules_without_the_newer_sections_still_load(tmp_path: Path) -> None:
    # A researcher's copy made before negations/future/reasons existed keeps working.
    import re

    packaged = (Path(iflaplans.__file__).parent / "rules" / "timeframe.yaml").read_text()
    older = packaged
    for key in ("negations", "pending", "future", "destinations", "reasons"):
        older = re.sub(rf"^{key}:\n(?:  .*\n)+", "", older, flags=re.M)
    assert "negations:" not in older and "status:" in older
    (tmp_path / "timeframe.yaml").write_text(older)
    assert set(load_grammar(tmp_path / "timeframe.yaml").grammars) == {"en", "fr", "es", "de"}


def test_header_word_endings_come_from_the_rules(tmp_path: Path) -> None:
    # Endings in brackets ("Tâche(s)") and after a short name ("Leads") are reader words.
    packaged = (Path(iflaplans.__file__).parent / "rules" / "headings.yaml").read_text()
    edited = packaged.replace("bracket_ending: []  #", "bracket_ending: [zz]  #").replace(
        "name_plural: [s]  #", "name_plural: [s, z]  #"
    )
    assert edited.count("[zz]") == 1 and edited.count("[s, z]") == 1
    (tmp_path / "headings.yaml").write_text(edited)
    usual, replaced = load_headings(), load_headings(tmp_path / "headings.yaml")
    assert usual.column_role("Tâche(s)") == replaced.column_role("Tâche(s)") == "tasks"
    assert (usual.column_role("Tâche(zz)"), replaced.column_role("Tâche(zz)")) == (None, "tasks")
    assert (usual.column_role("Leadz"), replaced.column_role("Leadz")) == (None, "tasks")
    assert usual.header_text("Aktivität(en) :") == "aktivitat"


def test_unit_name_words_come_from_the_rules(tmp_path: Path) -> None:
    # A plural head, a word between names and an owner's word, each from rules/units.yaml.
    packaged = (Path(iflaplans.__file__).parent / "rules" / "units.yaml").read_text()
    edited = packaged.replace("de: {sektionen: sektion}", "de: {sektionen: sektion, sigz: sig}")
    edited = edited.replace("de: [und]", "de: [und, plus]").replace("fr: []", "fr: [chez]", 1)
    assert edited.count("sigz") == 1 and edited.count("plus") == 1 and "[chez]" in edited
    (tmp_path / "units.yaml").write_text(edited)
    usual, replaced = load_resources().units, load_resources(tmp_path).units
    text = "with the Big Data plus Linked Data SIGZ"
    assert [m.unit_id for m in usual.scan(text)] == []
    assert [m.unit_id for m in replaced.scan(text)] == ["big-data-sig", "linked-data-sig"]
    board = "Report to the Governing Board chez Acme"
    assert [m.unit_id for m in usual.scan(board)] == ["governing-board"]
    assert [m.unit_id for m in replaced.scan(board)] == []
