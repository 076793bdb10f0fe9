"""FRUS import, one phenomenon per case volume in tests/cases/import/: mappings to TEI, repairs, registers, CLI."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from teikit import tei
from teikit.cli import main
from teikit.exchange import frus
from teikit.exchange.importer import import_tei

NS = {"tei": tei.TEI_NS}
CASES = Path(__file__).resolve().parent / "cases" / "import"
SCHEMA = Path(__file__).resolve().parents[1] / "schema" / "tei_all.rng"


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    out = tmp_path_factory.mktemp("import") / "tei"
    report = import_tei([CASES], out)
    return out, report


def xp(out: Path, name: str, path: str) -> list:
    return tei.parse(out / name).getroot().xpath(path, namespaces=NS)


def text(out: Path, name: str, path: str) -> str:
    return " ".join(xp(out, name, f"string({path})").split())


def test_every_case_document_is_taken_and_valid_against_tei_all(imported):
    out, report = imported
    assert not report.rejected
    assert len(report.taken) == 9
    if shutil.which("jing") is None:
        pytest.skip("jing is not installed")
    result = subprocess.run(["jing", str(SCHEMA), *map(str, sorted(out.glob("*.xml")))], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[:3000]


# -- frus: elements mapped to TEI --------------------------------------------------------------

def test_attachment_becomes_a_div_after_the_document_text(imported):
    out, _ = imported
    name = "frus-attachment-d1.xml"
    assert [d.get("type") for d in xp(out, name, "/tei:TEI/tei:text/tei:body/tei:div")] == \
        ["document", "attachment", "attachment"]
    # The closer stays at the end of the document's own text; the attachments follow it.
    assert xp(out, name, "//tei:body/tei:div[@type='document']/*[last()]")[0].tag == tei.T("closer")
    assert text(out, name, "//tei:body/tei:div[@type='attachment'][1]//tei:head[1]") == "Memorandum on Trade"
    assert text(out, name, "//tei:div[@type='attachment']/tei:div[@type='attachment']/tei:head") == "Tab A"
    assert text(out, name, "//tei:body/tei:div[@type='attachment'][2]/tei:p") == "The annex."


def test_attachment_blocks_are_cited_in_order(imported):
    out, _ = imported
    numbers = xp(out, "frus-attachment-d1.xml", "//tei:body/*[@n]/@n | //tei:body/tei:div/*[@n]/@n")
    assert numbers == ["1", "2", "3"]


def test_document_date_is_from_its_own_dateline_not_an_attachment(imported):
    out, _ = imported
    assert xp(out, "frus-attachment-d1.xml", "//tei:creation/tei:date/@when") == ["1955-03-01"]


def test_classification_becomes_seg_or_ab_with_its_level(imported):
    out, _ = imported
    name = "frus-classification-d1.xml"
    assert [(e.tag.split("}")[1], e.get("subtype"), e.text) for e in xp(out, name, "//*[@type='classification']")] == [
        ("seg", "ts", "Top Secret"), ("ab", "s", "Secret—Eyes Only"), ("seg", "c", "(C)")]


def test_other_frus_elements_keep_their_text_and_name(imported):
    out, _ = imported
    assert text(out, "frus-classification-d1.xml", "//tei:ab[@type='frus-marking']") == "Handle via back channel"


def test_embedded_program_is_dropped_and_recorded(imported):
    out, report = imported
    name = "frus-embedded-program-d1.xml"
    data = (out / name).read_text()
    assert "<script" not in data and "param" not in data and "player.js" not in data
    assert text(out, name, "//tei:seg[@type='html-span']") == "the film"
    assert text(out, name, "//tei:figure/tei:ab[@type='html-div']") == "600x338"
    changes = xp(out, name, "//tei:revisionDesc/tei:change/text()")
    assert len(changes) == 2 and all("embedded program" in c for c in changes)
    assert {d.code for d in report.warnings if d.path.endswith("embedded-program.xml")} == {"E103"}


# -- repairs -----------------------------------------------------------------------------------

def test_repeated_id_is_renamed_and_recorded_with_its_line(imported):
    out, report = imported
    name = "frus-duplicate-id-d2.xml"
    assert xp(out, name, "//tei:note/@xml:id") == ["d1fn1-2", "d2fn2", "d2fn2-2"]
    # A pointer in the document of the repeated id means that occurrence.
    assert xp(out, name, "//tei:ref/@target") == ["#d1fn1-2"]
    changes = xp(out, name, "//tei:revisionDesc/tei:change[@type='repair']/text()")
    assert changes[0] == 'teikit import, volume line 45: xml:id "d1fn1" repeats the one at line 41: renamed "d1fn1-2"'
    found = [(d.line, d.code) for d in report.warnings if d.path.endswith("duplicate-id.xml")]
    assert found == [(31, "E101"), (45, "E101"), (46, "E101")]


def test_first_occurrence_is_unchanged(imported):
    out, _ = imported
    assert xp(out, "frus-duplicate-id-d1.xml", "//tei:note/@xml:id") == ["d1fn1"]
    assert xp(out, "frus-duplicate-id-d1.xml", "//tei:revisionDesc") == []


def test_repeated_id_in_the_front_matter_keeps_both_terms():
    index = frus.Volume((CASES / "duplicate-id.xml").read_bytes()).index
    assert (index.terms["t_UK1"].name, index.terms["t_UK1-2"].name) == ("UK", "U.K.")
    assert [c.line for c in index.outside] == [31]


def test_broken_pointer_is_removed_and_recorded(imported):
    out, report = imported
    name = "frus-broken-pointer-d1.xml"
    assert xp(out, name, "//tei:ref/@target") == [] and text(out, name, "//tei:ref") == "footnote 3 to Document 99"
    assert xp(out, name, "//tei:body//tei:persName[. = 'Nobody']/@*") == []
    assert len(xp(out, name, "//tei:revisionDesc/tei:change")) == 3
    assert sorted(d.code for d in report.warnings if d.path.endswith("broken-pointer.xml")) == ["E102", "E102", "E107"]


def test_person_pointer_without_its_hash_is_linked_and_recorded(imported):
    out, _ = imported
    name = "frus-broken-pointer-d1.xml"
    dulles = xp(out, name, "//tei:body//tei:persName[. = 'Dulles']")[0]
    assert dict(dulles.attrib) == {"ref": "per:dulles-john-foster"}
    changes = xp(out, name, "//tei:revisionDesc/tei:change[contains(., 'without')]")
    assert len(changes) == 1 and 'corresp="p_DJF1"' in changes[0].text


def test_nested_paragraph_is_split_in_order(imported):
    out, _ = imported
    name = "frus-nested-paragraph-d1.xml"
    paragraphs = [" ".join("".join(p.itertext()).split()) for p in xp(out, name, "//tei:body/tei:p")]
    assert paragraphs == ["Before the slip.", "Inside the slip.", "After the slip.", "Last."]
    assert xp(out, name, "//tei:body/tei:p/@rend") == ["indent", "indent"]


def test_text_after_the_closer_becomes_divs_in_order(imported):
    out, _ = imported
    name = "frus-text-after-closer-d1.xml"
    divs = xp(out, name, "/tei:TEI/tei:text/tei:body/tei:div")
    assert [d.get("type") for d in divs] == ["document", None, None]
    assert text(out, name, "//tei:body/tei:div[2]") == "P.S. A postscript written below the signature."
    assert text(out, name, "//tei:body/tei:div[3]/tei:head") == "Second Letter"


def test_closing_dateline_stays_at_the_end_and_dates_the_document(imported):
    out, _ = imported
    name = "frus-dateline-at-end-d1.xml"
    assert xp(out, name, "//tei:body/*[last()]")[0].tag == tei.T("dateline")
    assert xp(out, name, "//tei:creation/tei:date/@when") == ["1917-06-04"]


def test_a_document_that_fails_costs_only_itself(tmp_path, monkeypatch):
    real = frus._document

    def failing(div, div_id, index, chapter):
        if div_id == "d1":
            raise ValueError("cannot")
        return real(div, div_id, index, chapter)

    monkeypatch.setattr(frus, "_document", failing)
    report = import_tei([CASES / "duplicate-id.xml"], tmp_path)
    assert [Path(t).name for _, t in report.taken] == ["frus-duplicate-id-d2.xml"]
    assert [(d.code, d.line) for d in report.rejected] == [("E105", 39)]


# -- splitting: documents, chapters, what the whole volume tells --------------------------------

_CHAPTERS = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc>
<titleStmt><title type="complete">Chapters</title></titleStmt>
<publicationStmt><idno type="frus">frus-chapters</idno></publicationStmt><sourceDesc><p/></sourceDesc>
</fileDesc></teiHeader><text><body>
<div type="chapter"><head>First Chapter</head>
<div type="document" xml:id="d1" n="1"><head>1. Memo</head><p>See <ref target="#d3">Document 3</ref> and
<gloss target="#t_UN">UN</gloss>.</p>
<div type="document" xml:id="d1a" n="1a"><head>Enclosure</head><p>Inside the first.</p></div></div>
<!-- a comment between documents -->
<div type="document" xml:id="d2" n="2"><head>2. Letter</head><p>Two.</p></div></div>
<div type="chapter"><head>Second Chapter</head>
<div type="document" xml:id="d3" n="3"><head>3. Telegram</head><p>Three.</p></div></div>
</body><back><div type="section"><head>Terms</head><list>
<item><term xml:id="t_UN">UN</term>, United Nations</item></list></div></back></text></TEI>
"""


def test_documents_are_the_outermost_divs_with_the_chapter_heading_before_each():
    documents = list(frus.Volume(_CHAPTERS.encode()).documents())
    assert [d.id for d in documents] == ["frus-chapters-d1", "frus-chapters-d2", "frus-chapters-d3"]
    citations = [etree.fromstring(d.data).xpath("string(//tei:bibl[@type='citation'])", namespaces=NS)
                 for d in documents]
    assert [c.split(", ")[1] for c in citations] == ["chapter “First Chapter”"] * 2 + ["chapter “Second Chapter”"]
    # A document div inside a document is part of it.
    first = etree.fromstring(documents[0].data)
    assert first.xpath("//tei:body//tei:div/tei:p/text()", namespaces=NS) == ["Inside the first."]


def test_the_first_document_knows_what_comes_later_in_the_volume():
    first = etree.fromstring(next(iter(frus.Volume(_CHAPTERS.encode()).documents())).data)
    # A pointer to a later document and a term listed in the back matter, both read before the first document.
    assert first.xpath("//tei:ref/@target", namespaces=NS) == ["frus-chapters-d3.xml"]
    assert first.xpath("//tei:choice/tei:expan/text()", namespaces=NS) == ["United Nations"]


# -- registers ---------------------------------------------------------------------------------

def test_persons_become_register_entries_with_frus_ids(imported):
    out, _ = imported
    person = xp(out, "persons.xml", "//tei:person[@xml:id='dulles-john-foster']")[0]
    assert person.findtext("tei:persName[@type='main']", namespaces=NS) == "Dulles, John Foster"
    idnos = person.xpath("tei:idno[@type='URI']/text()", namespaces=NS)
    uri = "https://history.state.gov/historicaldocuments/frus-attachment/persons#p_DJF1"
    assert uri in idnos and idnos == sorted(idnos) and len(idnos) == 8
    assert person.xpath("tei:occupation/@n", namespaces=NS) == sorted(person.xpath("tei:occupation/@n", namespaces=NS))


def test_bracketed_insertions_in_a_description_become_supplied(tmp_path):
    from teikit.exchange.frus_registers import merge_persons

    merge_persons(tmp_path, [{"id": "x-y", "name": "X, Y", "volume": "v", "frus": "p_XY1", "uri": "u",
                              "description": "Deputy [Vice] Foreign Minister"}])
    occupation = xp(tmp_path, "persons.xml", "//tei:occupation")[0]
    assert occupation.text == "Deputy " and occupation[0].text == "Vice" and occupation[0].tail == " Foreign Minister"


def test_a_pointer_to_the_document_itself_resolves(imported):
    out, _ = imported
    assert xp(out, "frus-attachment-d1.xml", "/tei:TEI/tei:text/tei:body/@xml:id") == ["d1"]


def test_register_refs_resolve(imported):
    out, _ = imported
    ids = set(xp(out, "persons.xml", "//tei:person/@xml:id"))
    refs = {r for f in out.glob("frus-*.xml") for r in xp(out, f.name, "//tei:body//@ref")}
    assert refs and {r.removeprefix("per:") for r in refs} <= ids


def test_register_is_the_same_whatever_the_import_order(tmp_path):
    volumes = sorted(CASES.glob("*.xml"))
    import_tei(volumes, tmp_path / "a")
    for volume in reversed(volumes):
        import_tei([volume], tmp_path / "b")
    assert (tmp_path / "a" / "persons.xml").read_bytes() == (tmp_path / "b" / "persons.xml").read_bytes()


def test_register_keeps_hand_edits(tmp_path):
    import_tei([CASES / "attachment.xml"], tmp_path)
    path = tmp_path / "persons.xml"
    path.write_text(path.read_text().replace("<persName type=\"main\">Dulles, John Foster</persName>",
                                             "<persName type=\"main\">Dulles, John Foster</persName>"
                                             "<idno type=\"wikidata\">Q310947</idno>"))
    import_tei([CASES / "classification.xml"], tmp_path)
    assert xp(tmp_path, "persons.xml", "//tei:person[@xml:id='dulles-john-foster']/tei:idno[@type='wikidata']")


# -- the command -------------------------------------------------------------------------------

def test_several_volumes_files_folders_and_globs_one_summary(tmp_path):
    result = CliRunner().invoke(main, ["import", str(CASES / "attachment.xml"), str(CASES / "d*.xml"),
                                       str(CASES), "-o", str(tmp_path / "out"), "-j", "2"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[-1] == "9 documents taken from 8 files (4 repaired), 0 rejections in 0 files"
    assert sum(1 for line in lines if " taken, " in line and "repaired, " in line) == 8


def test_a_glob_that_matches_nothing_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["import", str(CASES / "nothing-*.xml"), "-o", str(tmp_path)])
    assert result.exit_code == 2


def test_verbose_lists_every_document(tmp_path):
    result = CliRunner().invoke(main, ["import", str(CASES / "duplicate-id.xml"), "-o", str(tmp_path), "-v"])
    assert result.exit_code == 0
    assert f"taken: {CASES / 'duplicate-id.xml'} -> {tmp_path / 'frus-duplicate-id-d2.xml'}" in result.output
