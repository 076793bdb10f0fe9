"""Acceptance: the 1964 minutes sample has one sp per turn, each resolving to its speaker."""

from __future__ import annotations

from collections import Counter

import pytest

from conftest import ROOT
from teikit.convert import convert_record
from teikit.registers import Registers
from teikit.tei import NSMAP, parse_bytes

MINUTES = ROOT / "records" / "002_c6962a527eee1851.txt"


@pytest.fixture(scope="module")
def minutes():
    registers = Registers.load(None)
    result = convert_record(MINUTES, registers)
    assert result.ok, [d.format() for d in result.diagnostics]
    return parse_bytes(result.tei).getroot(), registers


def test_one_sp_per_turn(minutes):
    root, _ = minutes
    who = Counter(sp.get("who") for sp in root.iterfind(".//tei:body/tei:sp", NSMAP))
    assert who == {"per:kim-il-sung": 29, "per:fang-yi": 19, "per:hao-deqing": 12}


def test_every_who_resolves_to_a_register_person(minutes):
    root, registers = minutes
    names = {registers.get("person", sp.get("who").split(":", 1)[1]).main
             for sp in root.iterfind(".//tei:sp", NSMAP)}
    assert names == {"Kim Il Sung", "Fang Yi", "Hao Deqing"}


@pytest.mark.parametrize("label", ["Location:", "Personnel from the Korean Side:", "Personnel from the Chinese Side:",
                                   "Recorder:", "Summary of Comrade Kim Il Sung's Conversation:"])
def test_labelled_lines_are_not_turns(minutes, label):
    root, _ = minutes
    assert root.xpath("//tei:body/tei:p/tei:label[. = $label]", namespaces=NSMAP, label=label)
    assert not [sp for sp in root.iterfind(".//tei:sp", NSMAP)
                if "".join(sp.find("tei:speaker", NSMAP).itertext()).startswith(label.rstrip(":"))]


def test_speakers_reach_partic_desc(minutes):
    root, _ = minutes
    listed = set(root.xpath("//tei:particDesc//tei:person/@sameAs", namespaces=NSMAP))
    assert {"per:kim-il-sung", "per:fang-yi", "per:hao-deqing"} <= listed


def test_interjections_are_said_by_their_speakers(minutes):
    root, _ = minutes
    said = {s.get("who") for s in root.iterfind(".//tei:sp//tei:said", NSMAP)}
    assert said == {"per:hao-deqing", "per:nam-chun-hwa"}
