"""Rules against random damage to a valid document: each fault is found once, on its own line."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from teikit import tei
from teikit.tei import XML_ID, T
from teikit.validate import rules

CASES = Path(__file__).parent / "cases" / "validate"
SOURCE = (CASES / "valid" / "minutes.xml").read_bytes()
REGISTERS = rules.load_registers(str(CASES / "registers"))


def _check(tree) -> list:
    reparsed = tei.parse_bytes(tei.serialize(tree), allow_duplicate_ids=True)
    return rules.check_rules(rules.RuleContext("doc.xml", reparsed, REGISTERS))


def _body_elements(tree):
    return [e for e in tree.getroot().find(T("text")).iter() if isinstance(e.tag, str)]


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_a_bracket_anywhere_in_the_text_is_one_r209_on_its_line(data):
    tree = tei.parse_bytes(SOURCE)
    element = data.draw(st.sampled_from(_body_elements(tree)))
    bracket = data.draw(st.sampled_from(["[", "]"]))
    element.text = (element.text or "") + bracket
    found = [(d.code, d.line) for d in _check(tree)]
    assert found == [("R209", element.sourceline)]


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_a_repeated_xml_id_is_one_r202_on_the_second_element(data):
    tree = tei.parse_bytes(SOURCE)
    elements = [e for e in tree.getroot().iter() if isinstance(e.tag, str) and e.get(XML_ID) is None]
    first, second = data.draw(st.lists(st.sampled_from(elements), min_size=2, max_size=2, unique=True))
    first.set(XML_ID, "twice")
    second.set(XML_ID, "twice")
    later = max(first, second, key=lambda e: (e.sourceline, list(tree.getroot().iter()).index(e)))
    found = [(d.code, d.line) for d in _check(tree)]
    assert found == [("R202", later.sourceline)]


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_removing_a_speaker_is_one_r206(data):
    tree = tei.parse_bytes(SOURCE)
    sp = data.draw(st.sampled_from(list(tree.getroot().iter(T("sp")))))
    sp.remove(sp.find(T("speaker")))
    assert [(d.code, d.line) for d in _check(tree)] == [("R206", sp.sourceline)]
