"""One model per concept, defined once at the bottom of the house (issue 16): scans of src/teikit that fail on a copy."""

from __future__ import annotations

import re

from conftest import ROOT

SOURCE = sorted((ROOT / "src" / "teikit").rglob("*.py"))
# Ways of spelling the Clark prefix of TEI names by hand; tei.TEI_PREFIX and tei.T() are the one definition.
CLARK_TEI = re.compile(r'"\{%s\}" % TEI_NS|\{\{\{(?:tei\.)?TEI_NS\}\}\}|\{http://www\.tei-c\.org/ns/1\.0\}')


def _hits(pattern: re.Pattern, skip: str) -> list[str]:
    return [f"{path.relative_to(ROOT)}:{number}" for path in SOURCE if path.name != skip
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]


def test_the_tei_namespace_prefix_is_defined_once():
    assert not _hits(CLARK_TEI, "tei.py"), "use tei.TEI_PREFIX or tei.T()"


def test_settings_become_a_mapping_one_way():
    # Settings.to_mapping() is the one inverse of Settings.from_mapping (task parameters, digests).
    copies = re.compile(r"def \w*settings\w*\(settings: Settings\) -> dict|asdict\((?:edition\.)?settings\)")
    assert not _hits(copies, "edition.py")


def test_a_documents_title_is_read_in_one_place():
    # teikit.meta.read_meta reads the header for the HTML summaries, the exports and the server.
    assert not _hits(re.compile(r"titleStmt/tei:title"), "meta.py")


def test_render_and_validate_read_registers_through_the_one_view():
    # register_view.read_registers is what the rules, the site's register pages and the print index read.
    # (A document's own participants, particDesc//tei:person, are no register.)
    readers = re.compile(r'T\("(?:person|org|place)"\)|(?<!particDesc)//tei:(?:person|org|place)\b')
    hits = [h for h in _hits(readers, "register_view.py")
            if h.startswith(("src/teikit/render/", "src/teikit/validate/"))]
    assert not hits


def test_the_register_view_keeps_document_order_and_reports_an_unreadable_file(tmp_path):
    from teikit.register_view import read_registers

    good = tmp_path / "persons.xml"
    good.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><listPerson><person xml:id="b"/>'
                    '<person xml:id="a"/></listPerson><listOrg><org xml:id="o"/></listOrg></body></text></TEI>',
                    encoding="utf-8")
    bad = tmp_path / "places.xml"
    bad.write_text("<TEI", encoding="utf-8")
    view, problems = read_registers([good, bad])
    assert [(e.file, e.kind, e.key) for e in view.entries] == [("persons.xml", "person", "b"),
                                                              ("persons.xml", "person", "a"), ("persons.xml", "org", "o")]
    assert view.files == ("persons.xml",) and [d.code for d in problems] == ["X001"]
