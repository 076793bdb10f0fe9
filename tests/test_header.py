"""The teiHeader built from a record: golden headers per phenomenon, facts by XPath, header text back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from conftest import ROOT, shared_path
from golden_support import check_golden
from teikit.encode.header import build_header, header_text, split_name
from teikit.encode.indent import indent
from teikit.readers import read
from teikit.registers import Registers
from teikit.tei import NSMAP, TEI_NS, XML_ID, serialize

CASES = sorted((ROOT / "tests" / "cases" / "convert").glob("header-*"))
SAMPLES = ROOT / "records"


def source_of(case: Path) -> Path:
    return next(p for p in sorted(case.iterdir()) if not p.name.startswith("expected"))


def header_tree(path: Path, speakers=(), registers=None) -> etree._Element:
    """A TEI document holding only the header of the record at path."""
    registers = registers if registers is not None else Registers.load(None, seed=False)
    record = read(path)
    root = etree.Element(f"{{{TEI_NS}}}TEI", nsmap={None: TEI_NS})
    root.set(XML_ID, record.doc_id)
    root.append(build_header(record, registers, list(speakers)))
    indent(root)
    return root


def xp(root, path: str):
    return root.xpath(path, namespaces=NSMAP)


def source_header(path: Path) -> str:
    """The header part of a record's source text: everything before the body."""
    record = read(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    return "\n".join(lines[:record.lines["body"] - 1])


def normalise(text: str) -> str:
    """Drop Markdown decoration (headings, bold, URL angle brackets) and whitespace differences."""
    text = re.sub(r"(?m)^\s*#+\s*", "", text)
    text = text.replace("**", "").replace("<http", "http")
    text = re.sub(r"(https?://\S+?)>", r"\1", text)
    return " ".join(text.split())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_header_golden(case: Path, update_golden):
    data = serialize(header_tree(source_of(case), speakers=()))
    check_golden(data, case / "expected.xml", update_golden)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_header_text_round_trip(case: Path):
    source = source_of(case)
    assert normalise(header_text(header_tree(source))) == normalise(source_header(source))


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.iterdir()))
def test_sample_header_text_round_trip(name):
    path = SAMPLES / name
    assert normalise(header_text(header_tree(path))) == normalise(source_header(path))


def test_shared_header_text_round_trip():
    folder = shared_path("corpora", "records")
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        assert normalise(header_text(header_tree(path))) == normalise(source_header(path)), path.name


def test_translators_and_obtainer():
    root = header_tree(SAMPLES / "000_de32d7ba9868a1b9.txt")
    trl = xp(root, "//tei:titleStmt/tei:respStmt[@xml:id='trl']")[0]
    assert xp(trl, "tei:resp/@key") == ["translated"]
    assert xp(trl, "tei:persName/@ref") == ["per:jeffrey-wang", "per:charles-kraus"]
    assert xp(root, "//tei:respStmt[tei:resp/@key='obtained']/tei:persName/text()") == ["Shen Zhihua"]


def test_translated_for_an_organisation():
    root = header_tree(SAMPLES / "003_05060b5fc11e8a8b.txt")
    assert xp(root, "//tei:respStmt[@xml:id='trl']/tei:resp/tei:orgName/text()") == ["NKIDP"]
    assert xp(root, "//tei:respStmt[@xml:id='trl']/tei:persName/text()") == ["Gary Goldberg"]


def test_contributed_transcribed_translated_is_one_statement_with_three_resps():
    root = header_tree(source_of(ROOT / "tests/cases/convert/header-archive-page"))
    assert xp(root, "//tei:respStmt[@xml:id='trl']/tei:resp/@key") == ["contributed", "transcribed", "translated"]
    assert xp(root, "//tei:respStmt[@xml:id='trl']/tei:persName/@ref") == ["per:stephan-kieninger"]


def test_funder_from_credits():
    root = header_tree(SAMPLES / "003_05060b5fc11e8a8b.txt")
    assert xp(root, "//tei:titleStmt/tei:funder/text()") == ["ROK Ministry of Unification"]


def test_archive_ids_as_given_and_canonical():
    root = header_tree(SAMPLES / "001_8c8d1e32738fa3fc.txt")
    assert xp(root, "//tei:publicationStmt/tei:idno[@type='archive']/text()") == ["116546"]
    assert xp(root, "//tei:idno[@subtype='source']/text()") == ["https://wilson-center-digital-archive.dvincitest.com/document/116546"]
    assert xp(root, "//tei:idno[@subtype='canonical']/text()") == ["https://digitalarchive.wilsoncenter.org/document/116546"]


def test_archive_page_id_comes_from_the_file_name():
    root = header_tree(source_of(ROOT / "tests/cases/convert/header-archive-page"))
    assert root.get(XML_ID) == "wilson-300237"
    assert xp(root, "//tei:idno[@subtype='canonical']/text()") == ["https://digitalarchive.wilsoncenter.org/document/300237"]


def test_signature_repository_item_pages():
    root = header_tree(SAMPLES / "000_de32d7ba9868a1b9.txt")
    ident = xp(root, "//tei:msIdentifier")[0]
    assert xp(ident, "tei:repository/text()") == ["PRC FMA"]
    assert xp(ident, "tei:idno[@type='item']/text()") == ["106-01479-08"]
    assert xp(root, "//tei:msItem/tei:locus/@from") == ["85"] and xp(root, "//tei:msItem/tei:locus/@to") == ["88"]
    assert xp(root, "//tei:bibl[@type='citation']/tei:citedRange[@unit='page']/@to") == ["88"]


def test_signature_fond_opis_delo():
    root = header_tree(SAMPLES / "003_05060b5fc11e8a8b.txt")
    ident = xp(root, "//tei:msIdentifier")[0]
    assert xp(ident, "tei:repository/text()") == ["AVPRF"]
    assert [(i.get("type"), i.text) for i in xp(ident, "tei:idno")] == [("fond", "0102"), ("opis", "13"), ("delo", "5")]


def test_signature_with_institution_from_original_archive():
    root = header_tree(source_of(ROOT / "tests/cases/convert/header-archive-page"))
    ident = xp(root, "//tei:msIdentifier")[0]
    assert xp(ident, "tei:institution/text()") == ["German Federal Archives (BArch)"]
    assert xp(ident, "tei:repository/text()") == ["BArch"]
    assert xp(ident, "tei:idno[@type='item']/text()") == ["B 136/59748"]
    assert xp(root, "//tei:msItem/tei:locus/@from") == ["297"]


def test_dafp_archival_identifiers():
    root = header_tree(source_of(ROOT / "tests/cases/convert/header-dafp-front-matter"))
    ident = xp(root, "//tei:msIdentifier")[0]
    assert xp(ident, "tei:repository/text()") == ["Australian Archives"]
    assert [(i.get("type"), i.text) for i in xp(ident, "tei:idno")] == [
        ("series", "A1838"), ("controlSymbol", "852/20/4 PART 2"), ("barcode", "271989")]
    assert xp(root, "//tei:seriesStmt/tei:idno[@type='dafp-document']/text()") == ["138"]


def test_dafp_creation_place_date_and_time():
    root = header_tree(source_of(ROOT / "tests/cases/convert/header-dafp-front-matter"))
    assert xp(root, "//tei:creation/tei:date/@when") == ["1948-02-20T00:31:00"]
    assert xp(root, "//tei:creation/tei:placeName/@ref") == ["pla:new-york"]
    assert xp(root, "//tei:langUsage/tei:language/@ident") == ["en"]


def test_original_language_and_translation():
    root = header_tree(SAMPLES / "003_05060b5fc11e8a8b.txt")
    assert xp(root, "//tei:msContents/tei:textLang/@mainLang") == ["ru"]
    assert xp(root, "//tei:langUsage/tei:language/@ident") == ["en", "ru"]
    assert xp(root, "//tei:langUsage/tei:language[@ident='en']/text()") == ["English (translation)"]


def test_document_date_is_iso():
    root = header_tree(SAMPLES / "004_8b1b759c36f2ea61.txt")
    assert xp(root, "//tei:profileDesc/tei:creation/tei:date/@when") == ["1965-12-15"]
    assert xp(root, "//tei:bibl[@type='citation']/tei:date/@when") == ["1965-12-15"]


def test_abstract_keeps_the_archive_typos():
    root = header_tree(SAMPLES / "000_de32d7ba9868a1b9.txt")
    assert "consturction and war prepartions" in xp(root, "string(//tei:abstract)")


def test_brackets_in_title_are_supplied():
    root = header_tree(source_of(ROOT / "tests/cases/convert/header-brackets-in-title"))
    title = xp(root, "//tei:titleStmt/tei:title[@type='main']")[0]
    assert xp(title, "tei:supplied/text()") == ["Ministry of Foreign Affairs, Japan"]
    assert "[" not in "".join(title.itertext())


def test_participants_from_speakers():
    registers = Registers.load(None, seed=False)
    registers.propose("person", "Fang Yi")
    root = header_tree(SAMPLES / "002_c6962a527eee1851.txt", speakers=["fang-yi"], registers=registers)
    assert xp(root, "//tei:particDesc/tei:listPerson/tei:person/@sameAs") == ["per:fang-yi"]
    assert xp(root, "//tei:particDesc//tei:persName/text()") == ["Fang Yi"]


def test_no_particdesc_without_speakers():
    assert xp(header_tree(SAMPLES / "004_8b1b759c36f2ea61.txt"), "//tei:particDesc") == []


def test_catalogue_names_are_proposed_to_the_registers():
    registers = Registers.load(None, seed=False)
    root = header_tree(source_of(ROOT / "tests/cases/convert/header-archive-page"), registers=registers)
    refs = xp(root, "//tei:note[@n='Associated People & Organizations']/*/@ref")
    assert refs == ["per:walter-neuer", "per:chiang-ching-kuo", "org:japan-foreign-ministry"]
    added = {(a["kind"], a["id"]) for a in registers.additions()}
    assert {("person", "walter-neuer"), ("person", "helmut-kohl"), ("person", "stephan-kieninger"),
            ("place", "germany")} <= added


@pytest.mark.parametrize("entry, expected", [
    ("Neuer, Walter", ("person", "Walter Neuer", ["Neuer, Walter"])),
    ("Mao, Zedong", ("person", "Mao Zedong", ["Mao, Zedong"])),
    ("Chiang, Ching-kuo (Jiang Jingguo)", ("person", "Chiang Ching-kuo", ["Chiang, Ching-kuo", "Jiang Jingguo"])),
    ("Japan. Foreign Ministry", ("org", "Japan. Foreign Ministry", [])),
    ("Japan-China Cultural Exchange Association", ("org", "Japan-China Cultural Exchange Association", [])),
])
def test_catalogue_name_order(entry, expected):
    assert split_name(entry) == expected


def test_unknown_language_is_und():
    record = read(source_of(ROOT / "tests/cases/convert/header-obtained-and-translated"))
    record.fields["original language"] = "Klingon"
    header = build_header(record, Registers.load(None, seed=False), [])
    assert header.xpath("//tei:textLang/@mainLang", namespaces=NSMAP) == ["und"]
    assert header.xpath("//tei:langUsage/tei:language/@ident", namespaces=NSMAP) == ["en", "und"]


def test_header_is_deterministic():
    path = SAMPLES / "002_c6962a527eee1851.txt"
    assert serialize(header_tree(path)) == serialize(header_tree(path))


def test_url_section_without_a_url_keeps_its_text():
    record = read(source_of(ROOT / "tests/cases/convert/header-archive-page"))
    record.fields["url"] = "see the archive"
    record.meta = {}
    root = etree.Element(f"{{{TEI_NS}}}TEI", nsmap={None: TEI_NS})
    root.append(build_header(record, Registers.load(None, seed=False), []))
    assert xp(root, "//tei:note[@n='URL']/text()") == ["see the archive"]
    assert not xp(root, "//tei:ptr[@target='#h-url']")
    assert "URL:\n\nsee the archive" in header_text(root)


def test_every_header_has_the_trl_statement():
    for case in CASES:
        root = header_tree(source_of(case))
        assert len(xp(root, "//tei:titleStmt/tei:respStmt[@xml:id='trl']")) == 1, case.name


def test_dafp_interventions_are_the_series_editors():
    root = header_tree(source_of(ROOT / "tests/cases/convert/header-dafp-front-matter"))
    trl = xp(root, "//tei:respStmt[@xml:id='trl']")[0]
    assert xp(trl, "tei:resp/@key") == ["edited"]
    assert xp(trl, "tei:orgName/text()") == ["the editors of Documents on Australian Foreign Policy"]


def test_document_contributors_are_participants():
    root = header_tree(source_of(ROOT / "tests/cases/convert/header-archive-page"))
    people = xp(root, "//tei:particDesc/tei:listPerson[@type='contributors']/tei:person")
    assert [p.get("sameAs") for p in people] == ["per:helmut-kohl", "per:aleksander-kwasniewski"]
    assert xp(people[0], "tei:persName/text()") == ["Helmut Kohl"]


def test_repeated_label_keeps_both_texts(tmp_path):
    text = (SAMPLES / "004_8b1b759c36f2ea61.txt").read_text(encoding="utf-8")
    text = text.replace("**Credits:**", "**Summary:**\n\nA second summary.\n\n**Credits:**", 1)
    path = tmp_path / "wilson-118686.txt"
    path.write_text(text, encoding="utf-8")
    printed = header_text(header_tree(path))
    assert "A second summary." in printed and printed.count("Summary:") == 2
    assert normalise(printed) == normalise(source_header(path))


def test_a_dateline_that_disagrees_with_the_archive_date_is_noted():
    # The 1965 cable: the archive dates it 15 December, the ambassador signed it on 25 December.
    from conftest import ROOT
    from teikit.convert import convert_record
    from teikit.registers import Registers
    from teikit.tei import NSMAP, parse_bytes

    result = convert_record(ROOT / "records" / "004_8b1b759c36f2ea61.txt", Registers.load(None))
    root = parse_bytes(result.tei).getroot()
    notes = root.xpath("//tei:notesStmt/tei:note[@type='discrepancy']/text()", namespaces=NSMAP)
    assert notes == ["The archive dates this document December 15, 1965; its dateline reads "
                     "25 December 1965 (1965-12-25)."]


def test_an_agreeing_dateline_gets_no_discrepancy_note():
    from conftest import ROOT
    from teikit.convert import convert_record
    from teikit.registers import Registers
    from teikit.tei import NSMAP, parse_bytes

    result = convert_record(ROOT / "records" / "003_05060b5fc11e8a8b.txt", Registers.load(None))
    root = parse_bytes(result.tei).getroot()
    assert not root.xpath("//tei:note[@type='discrepancy']", namespaces=NSMAP)
