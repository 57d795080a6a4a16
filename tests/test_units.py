"""The IFLA unit matcher: whole-cell lookup and free-text scan, table-driven.

Each table row is (text, plan year, expected unit ids). Years pin the era rule:
2019 is before the 2021 reorganisation, 2022 after it.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest

from iflaplans.errors import RulesError
from iflaplans.normalize.units import UnitIndex, load_units

IT = "information-technology-section"
KM = "knowledge-management-section"
CATS = "cataloguing-section"
BIB = "bibliography-section"
PLS = "public-libraries-section"
SL = "school-libraries-section"
METLIB = "metropolitan-libraries-section"
LBES = "library-buildings-and-equipment-section"
ET = "education-and-training-section"
ARL = "academic-and-research-libraries-section"
AFR = "africa-section"
AO_S = "asia-and-oceania-section"
LAC_S = "latin-america-and-the-caribbean-section"
GIOPS = "government-information-and-official-publications-section"
BD = "big-data-sig"
LD = "linked-data-sig"
AI = "artificial-intelligence-sig"
ENS_SIG = "environment-sustainability-and-libraries-sig"
ENS_SEC = "environment-sustainability-and-libraries-section"
EU_R = "europe-regional-division-committee"
AO_R = "asia-oceania-regional-division-committee"
SSA = "sub-saharan-africa-regional-division-committee"
LAC_R = "latin-america-and-the-caribbean-regional-division-committee"
GB = "governing-board"
PCOM = "professional-committee"
PCOU = "professional-council"
HQ = "ifla-headquarters"

Y, LATER = 2019, 2022


@pytest.fixture(scope="module")
def units() -> UnitIndex:
    return load_units()


LOOKUP = [
    # names, aliases and the README's normalisation
    ("Information Technology Section", Y, IT),
    ("IFLA Information Technology Section Standing Committee", Y, IT),
    ("Standing Committee on Information Technology", Y, IT),
    ("INFORMATION TECHNOLOGY SECTION", Y, IT),
    ("Sub–Saharan Africa Regional Division Committee", Y, SSA),
    ("Management & Marketing Section", Y, "management-and-marketing-section"),
    (
        "Digital Humanities / Digital Scholarship SIG",
        Y,
        "digital-humanities-digital-scholarship-sig",
    ),
    ("Section de l'education et de la formation", Y, ET),
    ("Sektion Öffentliche Bibliotheken", Y, PLS),
    ("CATS", Y, CATS),
    ("IFLA PLS", Y, PLS),
    # 1: stripping "IFLA " / " Standing Committee" never leaves a bare acronym key
    ("ARL", Y, None),
    ("SAA", Y, None),
    ("IT", Y, None),
    ("KM", Y, None),
    ("IL", Y, None),
    ("SET", Y, None),
    ("STL", Y, None),
    ("GLS", Y, None),
    ("PC", Y, None),
    ("GB", Y, None),
    ("LAC", Y, None),
    ("IM", Y, None),
    ("IFLA ARL", Y, ARL),
    ("IFLA SAA", Y, "subject-analysis-and-access-section"),
    ("IT Standing Committee", Y, IT),
    ("IFLA KM Section", Y, KM),
    ("Cataloguing", Y, CATS),  # a bare topic word as a whole cell is still a name
    ("Africa", Y, AFR),
    # 2: capitals inside an alias are an acronym, matched with exact case
    ("IT Section", Y, IT),
    ("IT SECTION", Y, IT),
    ("it section", Y, None),
    ("big data sig", Y, BD),  # only leading capitals need their case
    ("Its Section", Y, None),
    ("Set Section", Y, None),
    ("SET Section", Y, ET),
    # 5: a plural head read as singular
    ("Information Technology Sections", Y, IT),
    ("Public Libraries Sections", Y, PLS),
    ("Big Data Special Interest Groups", Y, BD),
    # 6: regional division committee wordings made by rule
    ("Committee of the Regional Division Europe", Y, EU_R),
    ("Regional Division Asia and Oceania Committee", Y, AO_R),
    ("Regional Division Committee Europe", Y, EU_R),
    ("Regional Division Committee Sub-Saharan Africa", Y, SSA),
    ("Regional Division Committee Asia and Oceania", Y, AO_R),
    ("Regional Division Committee Latin America and the Caribbean", Y, LAC_R),
    ("Committee of the Regional Division Sub-Saharan Africa", Y, SSA),
    # 7: typos and small variants of a whole cell
    ("Information Techology Section", Y, IT),
    ("Catalouging Section", Y, CATS),
    ("Cataloguing Secton", Y, CATS),
    ("Public Library Section", Y, PLS),
    ("IT-Section", Y, IT),
    ("Big-Data SIG", Y, BD),
    ("Government Information and Ofﬁcial Publications Section", Y, GIOPS),
    # negatives
    ("Management", Y, None),
    ("Standing Committee", Y, None),
    ("Section", Y, None),
    ("IFLA", Y, None),
    ("the committee", Y, None),
    ("Regional Offices", Y, None),
    ("Jane Doe", Y, None),
    ("Cataloguing and Bibliography Sections", Y, None),  # two units: scan's business
    # era rule
    ("ENSULIB", Y, ENS_SIG),
    ("ENSULIB", LATER, ENS_SEC),
    ("IFLA LAC", LATER, LAC_R),
    ("IFLA PC", Y, PCOM),
    ("IFLA PC", LATER, PCOU),
    ("Africa Section", Y, AFR),
    ("Africa Section", LATER, SSA),
    ("Latin America and the Caribbean Section", Y, LAC_S),
]


@pytest.mark.parametrize(("text", "year", "expected"), LOOKUP)
def test_lookup(units: UnitIndex, text: str, year: int, expected: str | None) -> None:
    assert units.lookup(text, year) == expected


SCAN = [
    # as before
    ("Moved to the Big Data SIG.", Y, [BD]),
    ("Ask the IT Section's convenor", Y, [IT]),
    ("Review the standard with the Standing Committee of the IT Section", Y, [IT]),
    ("Organise a webinar with IFLA PLS and MetLib", Y, [PLS, METLIB]),
    (
        "en collaboration avec la Section Afrique et la Section des bibliothèques publiques",
        Y,
        [AFR, PLS],
    ),
    ("INFORMATION TECHNOLOGY SECTION AND BIG DATA SIG", Y, [IT, BD]),
    ("Information Technology Section/Knowledge Management Section", Y, [IT, KM]),
    ("IFLA IT-SC", Y, [IT]),
    ("Transferred to the Europe Regional Division Committee.", Y, [EU_R]),
    # 2: capitals inside an alias keep their case in free text
    ("Translate the guidelines and review it section by section.", Y, []),
    ("Each unit will update its section of the website.", Y, []),
    ("The Section will brief its Standing Committee members in August.", Y, []),
    ("Set section breaks in the template before export", Y, []),
    # capitals after a name keep their meaning in any case
    ("2020 moved to the big data sig", Y, [BD]),
    ("Set Standing Committee priorities for 2020", Y, []),
    ("Ask the SET Section to review", Y, [ET]),
    # 3: a generic name is IFLA's unless the text names another owner
    ("Report to HQ by June", Y, [HQ]),
    ("Submit to the Professional Committee for approval", Y, [PCOM]),
    ("Submit the final paper to the Governing Board.", Y, [GB]),
    ("Governing Board", Y, [GB]),
    ("IFLA's Governing Board approves", Y, [GB]),
    ("Meeting at ALA HQ in Chicago", Y, []),
    ("Present the results to the university's Governing Board", Y, []),
    ("Funding from the Regional Council of Lombardy", Y, []),
    ("Regional Council of Lombardy funds the pilot", Y, []),
    ("Report to the IFLA Regional Council", LATER, ["regional-council"]),
    # 4: "IFLA Section on X" also found without "IFLA"
    ("the Section on Information Technology will lead", Y, [IT]),
    ("the Section for Cataloguing will lead", Y, [CATS]),
    ("the Section on Knowledge Management will lead", Y, [KM]),
    ("Section on Cataloguing and Section for Bibliography", Y, [CATS, BIB]),
    # 5: names sharing a plural head
    ("Joint session with the Cataloguing and Bibliography sections", Y, [CATS, BIB]),
    ("with the Big Data and Linked Data SIGs", Y, [BD, LD]),
    ("Big Data, Linked Data and AI SIGs", Y, [BD, LD, AI]),
    ("IT & KM Sections joint webinar", Y, [IT, KM]),
    (
        "Public Libraries, Metropolitan Libraries and Library Buildings and Equipment Sections",
        Y,
        [PLS, METLIB, LBES],
    ),
    ("Public and School Libraries Sections", Y, [PLS, SL]),
    ("Public Libraries Sections in several countries", Y, [PLS]),
    ("Moved to the Knowledge Management and IT sections", Y, [KM, IT]),
    ("the IT and KM Standing Committees", Y, [IT, KM]),
    ("Information Technology Section and KM Sections", Y, [IT, KM]),
    ("Sektionen Öffentliche Bibliotheken und Schulbibliotheken", Y, [PLS, SL]),
    ("Secciones de Bibliotecas Públicas y Escolares", Y, [PLS, SL]),
    ("Sections des bibliothèques publiques et scolaires", Y, [PLS, SL]),
    ("Sections Afrique, Asie et Océanie, Amérique latine et Caraïbes", Y, [AFR, AO_S, LAC_S]),
    ("the statistics and evaluation sections of the report", Y, []),
    ("Sections 3 and 4 of the report", Y, []),
    ("the big data sigs", Y, []),
    ("review it and its sections", Y, []),
    # 6: regional division committee wordings made by rule
    ("Handed over to the Committee of the Regional Division Europe", Y, [EU_R]),
    ("Regional Division Asia and Oceania Committee meeting", Y, [AO_R]),
    # 7: no typo reading in free text
    ("Catalouging Section", Y, []),
    # negatives
    ("Make it happen by 2020", Y, []),
    ("Conference in Africa in 2020", Y, []),
    ("Survey of libraries in Latin America and the Caribbean", Y, []),
    ("Management of the project by the convenors", Y, []),
    ("Knowledge management training for staff", Y, []),
    ("The committee will review the draft", Y, []),
    ("See Section 3 of the report", Y, []),
    ("the cats and dogs of the library", Y, []),
    ("Mr. Section Chair Jane Doe", Y, []),
    ("Dr. Art Gallery presented", Y, []),
    # era rule
    ("Coordinate with ENSULIB", Y, [ENS_SIG]),
    ("Coordinate with ENSULIB", LATER, [ENS_SEC]),
    ("with IFLA LAC and the RSCAO", LATER, [LAC_R, AO_R]),
    ("with the Africa Section", LATER, [SSA]),
    ("with the Africa and Asia and Oceania Sections", Y, [AFR, AO_S]),
]


@pytest.mark.parametrize(("text", "year", "expected"), SCAN)
def test_scan(units: UnitIndex, text: str, year: int, expected: list[str]) -> None:
    assert [m.unit_id for m in units.scan(text, year)] == expected


@pytest.mark.parametrize(("text", "year", "expected"), SCAN)
def test_scan_mentions_are_quoted_in_order_without_overlap(
    units: UnitIndex, text: str, year: int, expected: list[str]
) -> None:
    found = units.scan(text, year)
    assert all(m.mention == text[m.start : m.end] for m in found)
    assert all(a.end <= b.start for a, b in pairwise(found))


@pytest.mark.parametrize(
    ("text", "mentions"),
    [
        (
            "Joint session with the Cataloguing and Bibliography sections",
            ["Cataloguing", "Bibliography sections"],
        ),
        (
            "Sektionen Öffentliche Bibliotheken und Schulbibliotheken",
            ["Sektionen Öffentliche Bibliotheken", "Schulbibliotheken"],
        ),
        ("the Section on Information Technology will lead", ["Section on Information Technology"]),
    ],
)
def test_scan_quotes_each_name_where_it_stands(
    units: UnitIndex, text: str, mentions: list[str]
) -> None:
    assert [m.mention for m in units.scan(text)] == mentions


@pytest.mark.parametrize(
    "acronym",
    # the README's list of acronyms left out on purpose
    [
        "IT",
        "KM",
        "AI",
        "IL",
        "ILS",
        "SET",
        "ARL",
        "SAA",
        "STL",
        "GLS",
        "SCHOOL",
        "WIL",
        "PC",
        "GB",
        "LAC",
        "MENA",
        "ISBD",
        "UNIMARC",
    ],
)
def test_excluded_acronyms_name_nothing_alone(units: UnitIndex, acronym: str) -> None:
    assert units.lookup(acronym) is None
    assert units.scan(f"Meet with {acronym} in 2020") == []


def test_regional_division_committee_wordings_follow_the_rule(units: UnitIndex) -> None:
    committees = [u for u in units.units.values() if u.kind == "regional_division_committee"]
    assert committees
    for unit in committees:
        region = re.sub(r" Regional Division Committee$", "", unit.name)
        for text in (
            f"Committee of the Regional Division {region}",
            f"Regional Division {region} Committee",
            f"Regional Division Committee {region}",
        ):
            assert units.lookup(text) == unit.unit_id, text
            assert [m.unit_id for m in units.scan(f"Moved to the {text}.")] == [unit.unit_id], text


def test_a_typo_close_to_two_units_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text(
        "unit_id,name,kind,acronym,aliases,active_from,active_to,replaced_by\n"
        "art-section,Art Libraries Section,section,,,,,\n"
        "arts-section,Arts Libraries Section,section,,,,,\n",
        encoding="utf-8",
    )
    index = load_units(path)
    assert index.lookup("Art Libraries Section") == "art-section"
    assert index.lookup("Artt Libraries Section") is None


def test_an_alias_naming_two_units_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text(
        "unit_id,name,kind,acronym,aliases,active_from,active_to,replaced_by\n"
        "a-section,A Section,section,,Shared Name,,,\n"
        "b-section,B Section,section,,Shared-Name,,,\n",  # a hyphen reads as a space
        encoding="utf-8",
    )
    with pytest.raises(RulesError) as info:
        load_units(path)
    assert "also names a-section" in "\n".join(info.value.errors)
