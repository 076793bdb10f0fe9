"""Places, one phenomenon per case: tests/cases/places/<phenomenon>/.

A case folder holds `record.md` (a record in the DAFP Markdown layout) and `expect.xpath`: one
boolean XPath per line (prefix `t:` for TEI; `#` starts a comment) that must hold on the TEI
converted with the shipped seed registers. Every case must also validate against the edition's
schema and TEI All (with the register entries it proposed) and convert to the same bytes twice.
"""

from __future__ import annotations

import pytest

from case_support import convert, failed_facts, invalid_cases
from conftest import ROOT
from teikit import gazetteer
from teikit.convert import convert_record
from teikit.encode.places import dateline_place
from teikit.registers import Registers
from teikit.tei import parse_bytes

CASES = sorted(p for p in (ROOT / "tests" / "cases" / "places").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_facts_hold(case):
    assert not failed_facts(case)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_is_deterministic(case):
    assert convert(case).tei == convert(case).tei


def test_cases_are_valid(tmp_path):
    assert invalid_cases(CASES, tmp_path) == ([], [])


def test_unknown_place_of_writing_is_proposed():
    result = convert(ROOT / "tests" / "cases" / "places" / "dateline-unknown-place")
    proposed = [a for a in result.register_additions if a["kind"] == "place" and a.get("proposed") is True]
    assert [a["forms"]["main"] for a in proposed] == [["Saigon"]]


@pytest.mark.parametrize("line, place", [
    ("Saigon, June 13, 1965, 7:15 a.m.", "Saigon"),
    ("Paris, December 14, 1957, 11:45 a.m.–12:15 p.m.", "Paris"),
    ("Beirut, July 26, 1958—3 p.m.", "Beirut"),
    ("Bonn, April 17, 1966, 1730Z.", "Bonn"),
    ("Seoul , February 18, 1949.", "Seoul"),
    ("Tel Aviv, March 3, 1957", "Tel Aviv"),
    ("The Hague, 8 August 1947", "The Hague"),
    ("New York, N.Y., June 1, 1955", "New York"),
    ("Washington, Friday, 12 June 1959", "Washington"),
    ("Woods Hole, Massachusetts, August 13, 1917", "Woods Hole"),  # a state after the place
    ("Newport, Rhode Island, September 4, 1958, 10:30 a.m.", "Newport"),
    ("Beirut August 15, 1958—4 p.m.", "Beirut"),  # the comma lost: the gazetteer knows the place
    ("New York, undated.", "New York"),
    ("New York, December 3 and 4, 1971", "New York"),
])
def test_dateline_place_forms(line, place):
    found = dateline_place(line)
    assert found is not None and line[found[0]:found[1]] == place


@pytest.mark.parametrize("line", [
    "London, 5 May 1940, the Prime Minister said",  # a sentence goes on after the date
    "Memorandum, June 1, 1955",  # a document's kind
    "Friday, 12 June 1959",  # a weekday
    "London, 12 noon, 5 May",  # no full date
    "Washington and London, June 1, 1955, agreed",
    "Department of State, Washington, June 7, 1955",  # no region after a place
    "In March 5, 1960",
])
def test_no_dateline_place(line):
    assert dateline_place(line) is None


def test_proposed_places_carry_their_geonames_id():
    result = convert(ROOT / "tests" / "cases" / "places" / "running-text-gazetteer")
    ids = {a["id"]: a["info"].get("geonames") for a in result.register_additions if a["kind"] == "place"}
    # Jakarta's other name "Batavia" (the heading's, in capitals), Kuala Lumpur, Kupang, Geneva.
    assert ids == {"batavia": "1642911", "kuala-lumpur": "1735161", "kupang": "2057087", "geneva": "2660646"}


@pytest.mark.parametrize("name, geonames", [
    ("London", "2643743"),  # not London, Ontario: twenty times fewer inhabitants
    ("Canton", "1809858"),  # Guangzhou's other name, not Canton, Ohio
    ("Washington", "4140963"),  # the capital, not the state
    ("New York", "5128581"),  # a city of a million, not the state
    ("Peking", "1816670"),
    ("Jordan", "248816"),  # a country
])
def test_gazetteer_names_one_place(name, geonames):
    assert gazetteer.lookup(name).geonames == geonames


@pytest.mark.parametrize("name", [
    "Georgia",  # a country and a US state
    "Hamilton",  # cities of like size
    "Utopia Planitia",  # no place
])
def test_gazetteer_names_no_one_place(name):
    assert gazetteer.lookup(name) is None


def test_evidence_is_words_only():
    result = convert(ROOT / "tests" / "cases" / "places" / "other-names")
    evidence = {a["id"]: a["info"].get("evidence") for a in result.register_additions if a["kind"] == "place"}
    # "Batavia [2] for Sourabaya": a footnote marker of the source is no evidence (a bracket in a note is R209).
    assert evidence["batavia"] == "parties before leaving Batavia"
    assert evidence["sourabaya"] == "leaving Batavia for Sourabaya"


def test_other_name_of_a_registered_place_links_to_it(tmp_path):
    # The edition's register has Jakarta with its GeoNames id: "Batavia" (a dateline's "BATAVIA" too)
    # links to it, as a proposed variant, rather than to a new entry.
    (tmp_path / "places.xml").write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body><listPlace>'
        '<place xml:id="jakarta"><placeName type="main">Jakarta</placeName><idno type="geonames">1642911</idno>'
        '</place></listPlace></body></text></TEI>', encoding="utf-8")
    case = ROOT / "tests" / "cases" / "places" / "running-text-gazetteer"
    result = convert_record(case / "record.md", Registers.load(tmp_path))
    root = parse_bytes(result.tei).getroot()
    refs = {" ".join(p.text.split()): p.get("ref") for p in root.iter("{http://www.tei-c.org/ns/1.0}placeName")}
    assert refs["BATAVIA"] == refs["Batavia"] == "pla:jakarta"
    jakarta = next(a for a in result.register_additions if a["id"] == "jakarta")
    assert sorted(jakarta["forms"]["variant"]) == ["BATAVIA", "Batavia"] and jakarta["proposed"]
