"""One encoding contract: shared archive records convert to TEI that the edition's schema and TEI All accept."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from conftest import shared_path
from teikit import resources
from teikit.convert import assign_ids, convert_record
from teikit.registers import Registers
from teikit.tei import TEI_NS, parse_bytes
from teikit.validate.rng import rng_validator

XS = "{http://www.w3.org/2001/XMLSchema}"
XML_NS = "http://www.w3.org/XML/1998/namespace"


def edition_vocabulary() -> tuple[frozenset, frozenset]:
    """Every element and attribute name teikit.xsd declares: a document it accepts uses no others."""
    xsd = etree.parse(str(resources.schema_path("teikit.xsd")))
    assert not xsd.getroot().findall(f".//{XS}any") and not xsd.getroot().findall(f".//{XS}anyAttribute")
    elements = {(TEI_NS, e.get("name")) for e in xsd.getroot().iter(f"{XS}element") if e.get("name")}
    attributes = {("", a.get("name")) for a in xsd.getroot().iter(f"{XS}attribute") if a.get("name")}
    attributes |= {(XML_NS, a.get("ref").split(":")[1]) for a in xsd.getroot().iter(f"{XS}attribute")
                   if (a.get("ref") or "").startswith("xml:")}
    return frozenset(elements), frozenset(attributes)


# Every SAMPLE_STEP-th record by file name: all volumes and decades, in seconds rather than the
# minutes the whole archive takes (bench/archive.py runs every record against both schemas).
SAMPLE_STEP = 25


def archive_sample() -> list[tuple[str, str]]:
    """Return (record, id) for a sample of the shared archive, ids planned over the whole archive."""
    archive = shared_path("corpora", "dafp-archive")
    records = sorted(str(p) for p in archive.iterdir() if p.suffix == ".md")
    assert len(records) >= 5000
    ids, _ = assign_ids(records)
    assert len(set(ids.values())) == len(records)
    return [(path, ids[path]) for path in records[::SAMPLE_STEP]]


def test_archive_records_give_tei_valid_against_the_edition_schema_and_tei_all():
    sample = archive_sample()
    volumes = {re.match(r"v(\d+)-", Path(path).name).group(1) for path, _ in sample}
    assert len(volumes) >= 14, volumes
    xsd = etree.XMLSchema(etree.parse(str(resources.schema_path("teikit.xsd"))))
    tei_all = rng_validator(str(resources.schema_path("tei_all.rng")))
    registers = Registers.load(None)
    failures = []
    for path, doc_id in sample:
        result = convert_record(path, registers.copy(), None, doc_id)
        errors = [d.format() for d in result.diagnostics if d.level.value == "error"]
        if not result.ok or errors:
            failures.append(f"{path}: not converted: {errors}")
            continue
        tree = parse_bytes(result.tei)
        if not xsd.validate(tree):
            entry = xsd.error_log[0]
            failures.append(f"{path} -> {doc_id}.xml:{entry.line}: teikit.xsd: {entry.message}")
        for fault in tei_all.check(tree, f"{doc_id}.xml", result.tei)[:1]:
            failures.append(f"{path} -> {fault.format()}: TEI All")
    assert failures == [], f"{len(failures)} of {len(sample)} sampled records fail the contract:\n" + "\n".join(
        re.sub(r"\{[^}]*\}", "", f) for f in failures[:20])


# The element-making helpers of the converter, and the position of their tag argument.
_MAKERS = {"sub": 1, "S": 1, "E": 0, "T": 0, "SubElement": 1, "Element": 0}
CONVERTER = [Path(resources.__file__).parent / "encode", Path(resources.__file__).parent / "convert.py",
             Path(resources.__file__).parent / "registers.py"]


def converter_vocabulary() -> set[str]:
    """Every element name the converter's code writes with a literal tag."""
    import ast

    names: set[str] = set()
    files = [p for root in CONVERTER for p in ([root] if root.is_file() else sorted(root.glob("*.py")))]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                position = _MAKERS.get(func)
                if position is not None and len(node.args) > position:
                    tag = node.args[position]
                    if isinstance(tag, ast.Constant) and isinstance(tag.value, str):
                        names.add(tag.value)
            elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and isinstance(node.right, ast.Constant) \
                    and isinstance(node.left, ast.Name) and node.left.id == "_T":
                names.add(node.right.value)
    return {name for name in names if re.fullmatch(r"[A-Za-z][A-Za-z]*", name)}


def test_every_element_the_converter_writes_is_declared_by_the_edition_schema():
    written = converter_vocabulary()
    assert {"TEI", "teiHeader", "encodingDesc", "p", "note", "sic"} <= written
    declared = {name for _, name in edition_vocabulary()[0]}
    assert sorted(written - declared) == []
