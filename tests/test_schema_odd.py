"""The edition schema: a loadable XSD, in step with its ODD, and a strict subset of TEI All."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import xmlschema
from lxml import etree

from conftest import ROOT, TEI_ALL
from teikit import resources
from teikit.tei import TEI_NS
from teikit.validate import validate_paths

CASES = Path(__file__).parent / "cases" / "validate"
ODD_NS = {"tei": TEI_NS}


@pytest.fixture(scope="module")
def xsd():
    return xmlschema.XMLSchema10(str(resources.schema_path("teikit.xsd")))


@pytest.fixture(scope="module")
def odd():
    return etree.parse(str(resources.schema_path("teikit.odd")))


def test_xsd_is_a_valid_schema_for_xmlschema_and_libxml2(xsd):
    xsd.meta_schema.validate(str(resources.schema_path("teikit.xsd")))
    etree.XMLSchema(etree.parse(str(resources.schema_path("teikit.xsd"))))
    assert xsd.target_namespace == TEI_NS


def test_odd_and_xsd_declare_the_same_elements(xsd, odd):
    included = set(" ".join(odd.xpath("//tei:moduleRef/@include", namespaces=ODD_NS)).split())
    declared = {element.local_name for element in xsd.elements.values()}
    assert included == declared


def _enumeration(xsd, element: str, attribute: str) -> set[str]:
    simple = xsd.elements[element].attributes[attribute].type
    return {str(v) for v in simple.enumeration}


def test_odd_closed_lists_are_the_xsd_enumerations(xsd, odd):
    specs = odd.xpath("//tei:elementSpec[.//tei:valList[@type='closed']]", namespaces=ODD_NS)
    assert len(specs) >= 10
    for spec in specs:
        for att in spec.iterfind(".//tei:attDef", ODD_NS):
            values = set(att.xpath("tei:valList/tei:valItem/@ident", namespaces=ODD_NS))
            assert _enumeration(xsd, spec.get("ident"), att.get("ident")) == values, spec.get("ident")


def test_odd_resp_list_is_the_xsd_one(xsd, odd):
    values = set(odd.xpath("//tei:classSpec[@ident='att.global.responsibility']//tei:valItem/@ident",
                           namespaces=ODD_NS))
    assert _enumeration(xsd, "supplied", "resp") == values == {"#trl", "#ed"}


def test_the_odd_is_itself_tei(tmp_path):
    schema = TEI_ALL
    report = validate_paths([resources.schema_path("teikit.odd")], schema=str(schema))
    assert report.diagnostics == []


def subset_files() -> list[Path]:
    """Every valid fixture, the registers and every converted document of the repository."""
    files = sorted((CASES / "valid").glob("*.xml")) + sorted((CASES / "registers").glob("*.xml"))
    return files + sorted((ROOT / "tei").glob("*.xml"))


def test_everything_the_edition_schema_accepts_here_is_valid_tei_all(tmp_path):
    schema = TEI_ALL
    files = subset_files()
    edition = validate_paths(files, registers=str(CASES / "registers"))
    accepted = sorted({str(f) for f in files} - {d.path for d in edition.diagnostics if d.code.startswith(("S", "X"))})
    assert len(accepted) >= 5
    report = validate_paths(accepted, schema=str(schema))
    assert [d.format() for d in report.diagnostics] == []
    if shutil.which("jing"):
        result = subprocess.run(["jing", str(schema), *accepted], capture_output=True, text=True)
        assert (result.returncode, result.stdout) == (0, "")


def test_converted_documents_are_clean():
    folder = ROOT / "tei"
    if not any(folder.glob("*.xml")):
        pytest.skip("no converted documents in tei/ yet")
    report = validate_paths([folder])
    # Warnings (R205: an undocumented date discrepancy) are the editors' to decide.
    assert [d.format() for d in report.diagnostics if d.level.value == "error"] == []
