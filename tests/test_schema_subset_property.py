"""Whatever the edition schema accepts, TEI All accepts: elements transplanted between valid documents."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import ROOT, TEI_ALL
from teikit import resources, tei
from teikit.tei import XML_ID
from teikit.validate.rng import rng_validator

CASES = Path(__file__).parent / "cases" / "validate"
SOURCES = (sorted((CASES / "valid").glob("*.xml")) + sorted((CASES / "registers").glob("*.xml"))
           + sorted((ROOT / "tei").glob("*.xml")))


def _parse_all(paths):
    trees = []
    for path in paths:
        try:
            trees.append(tei.parse(path))
        except (ValueError, etree.XMLSyntaxError):
            continue  # a broken converted file is the validator tests' business
    return trees


TREES = _parse_all(SOURCES)
EDITION = etree.XMLSchema(etree.parse(str(resources.schema_path("teikit.xsd"))))
DONORS = [e for tree in TREES for e in tree.getroot().iter() if isinstance(e.tag, str)]


@pytest.fixture(scope="module")
def tei_all():
    return rng_validator(str(TEI_ALL))


def _transplant(data) -> etree._ElementTree:
    tree = copy.deepcopy(data.draw(st.sampled_from(TREES)))
    targets = [e for e in tree.getroot().iter() if isinstance(e.tag, str)]
    target = data.draw(st.sampled_from(targets))
    donor = copy.deepcopy(data.draw(st.sampled_from(DONORS)))
    for element in donor.iter():
        element.attrib.pop(XML_ID, None)  # identifiers are the rules' business, not the grammar's
    donor.tail = None
    target.insert(data.draw(st.integers(0, len(target))), donor)
    return tree, f"<{etree.QName(donor).localname}> into <{etree.QName(target).localname}>"


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_a_transplant_the_edition_schema_accepts_is_valid_tei_all(tei_all, data):
    tree, move = _transplant(data)
    if EDITION.validate(tree):
        faults = tei_all.faults(tree)
        assert not faults, f"{move}: {faults[0].message}"


def _smallest_of_each_kind(trees) -> dict[str, etree._Element]:
    donors: dict[str, etree._Element] = {}
    for tree in trees:
        for element in tree.getroot().iter():
            if isinstance(element.tag, str):
                kind = etree.QName(element).localname
                if kind not in donors or len(etree.tostring(element)) < len(etree.tostring(donors[kind])):
                    donors[kind] = element
    return donors


@pytest.mark.slow
def test_every_element_kind_transplanted_into_every_other_keeps_the_subset(tei_all):
    donors = _smallest_of_each_kind(TREES)
    targets = {}
    for index, tree in enumerate(TREES):
        for element in tree.getroot().iter():
            if isinstance(element.tag, str):
                targets.setdefault(etree.QName(element).localname, (index, tree.getpath(element)))
    looser = []
    for target_kind, (index, path) in sorted(targets.items()):
        for donor_kind, donor in sorted(donors.items()):
            for at_end in (False, True):
                tree = copy.deepcopy(TREES[index])
                target = tree.xpath(path)[0]
                graft = copy.deepcopy(donor)
                for element in graft.iter():
                    element.attrib.pop(XML_ID, None)
                graft.tail = None
                target.insert(len(target) if at_end else 0, graft)
                if EDITION.validate(tree) and tei_all.faults(tree):
                    looser.append(f"<{donor_kind}> {'last' if at_end else 'first'} in <{target_kind}>")
    assert looser == []
