"""The print stylesheets: each TEI phenomenon as the article the book prints (golden files and XPath facts)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from conftest import FIXTURES, ROOT
from golden_support import check_golden
from teikit.render import pdf, saxon

CASES = ROOT / "tests" / "cases" / "pdf"
GOOD = sorted(p.stem for p in CASES.glob("*.xml") if p.stem not in {"not-well-formed", "not-tei", "entity-declaration"})


def _article(path: Path) -> etree._Element:
    return etree.fromstring(pdf.article(path).xml)


def _text(elem) -> str:
    return " ".join("".join(elem.itertext()).split())


@pytest.mark.parametrize("name", GOOD)
def test_article_matches_golden(name, update_golden):
    check_golden(pdf.article(CASES / f"{name}.xml").xml, CASES / f"{name}.html", update_golden)


def test_supplied_words_in_square_brackets():
    text = _text(_article(CASES / "interventions.xml"))
    assert "Premier Kim [Il Sung] met the delegation on 24 [December 1965]." in text


def test_sic_printed_with_its_correction():
    assert "On 12 September [sic; November] 1957" in _text(_article(CASES / "interventions.xml"))


def test_regularised_form_follows_in_brackets():
    assert "Shineuiju [Sinuiju]" in _text(_article(CASES / "interventions.xml"))


def test_gap_shown_as_bracketed_ellipsis():
    root = _article(CASES / "interventions.xml")
    assert _text(root).count("[…]") == 2
    # common.xsl's reading-view ellipsis is present but hidden by print.css.
    assert "display: none" in (ROOT / "xslt" / "print" / "print.css").read_text().split(".rd {")[1].split("}")[0]


def test_speaker_runs_into_first_paragraph_of_turn():
    root = _article(CASES / "speaker-turns.xml")
    leads = root.xpath("//p[contains(@class, 'lead')]")
    assert [_text(p) for p in leads][1].startswith("Kim (after asking Chief Nam Chun-hwa, said): Thank you.")
    assert leads[0].xpath("span[1]/@class") == ["tei-speaker speaker"]


def test_later_paragraphs_of_turn_are_not_leads():
    root = _article(CASES / "speaker-turns.xml")
    turn = root.xpath("//div[contains(@class, 'tei-sp')]")[1]
    assert [p.get("class") for p in turn.xpath("p")] == ["tei-p lead", "tei-p"]


def test_glosses_and_editorial_notes_stay_in_their_sentence_in_brackets():
    # An identification or gloss is never a footnote that splits the sentence (issue 12.5): the
    # translator's notes print where the record has them, in their brackets.
    root = _article(CASES / "notes.xml")
    assert not root.xpath("//span[contains(@class, 'footnote')]")
    notes = root.xpath("//span[contains(@class, 'tei-note') and contains(@class, 'inline')]")
    assert [_text(n) for n in notes][0] == "[the Korean War]"
    assert len(notes) == 3
    assert notes[0].getparent().tag == "p"


def test_person_mentions_are_index_anchors_unique_in_the_volume():
    root = _article(FIXTURES / "edition" / "tei" / "wilson-116548.xml")
    anchors = root.xpath("//span[@data-ref]")
    assert [a.get("data-ref") for a in anchors] == ["per:fang-yi", "per:mao-zedong", "per:fang-yi"]
    assert all(a.get("id").startswith("wilson-116548-m") for a in anchors)
    assert len({a.get("id") for a in anchors}) == 3


def test_heading_block_has_date_citation_and_translators():
    root = _article(FIXTURES / "edition" / "tei" / "wilson-116548.xml")
    head = root.find("header")
    assert _text(head.find("h1")) == "Minutes of Conversation between Kim Il Sung and the Chinese Economic Goodwill Delegation"
    assert _text(head.xpath("p[@class='doc-date']")[0]) == "September 5, 1964"
    assert _text(head.xpath("p[@class='doc-source']")[0]).startswith("Source: PRC FMA 106-00767-01, pp. 1–13.")
    assert _text(head.xpath("p[@class='doc-resp']")[0]) == (
        "Translated from the Chinese by Jeffrey Wang and Charles Kraus. Obtained by Shen Zhihua.")


def test_running_head_uses_short_title_when_given():
    root = _article(CASES / "long-minutes.xml")
    assert root.find("header/h1").get("data-running") == "Kim Il Sung and the Economic Delegation, continued"


def test_running_head_shortens_long_title():
    root = _article(CASES / "speaker-turns.xml")
    assert root.find("header/h1").get("data-running") == "Record of Turns of Speech"
    long = _article(FIXTURES / "edition" / "tei" / "wilson-116548.xml")
    assert long.find("header/h1").get("data-running") == "Minutes of Conversation between Kim Il Sung …"


def test_parameter_changes_running_head_length():
    item = pdf.article(FIXTURES / "edition" / "tei" / "wilson-116548.xml", {"running-head-words": 3})
    assert etree.fromstring(item.xml).find("header/h1").get("data-running") == "Minutes of Conversation …"


def test_every_parameter_is_documented_and_typed():
    specs = saxon.read_params(ROOT / "xslt" / "print" / "print_params.xsl")
    assert specs
    for spec in specs:
        assert spec.doc and spec.type.startswith("xs:") and spec.default, spec


def test_undated_documents_come_last_in_chronological_order():
    items = [pdf.article(CASES / f"{n}.xml") for n in ("undated", "notes", "diacritics")]
    assert [a.doc_id for a in pdf.chronological(items)] == ["diacritics", "notes", "undated"]


def test_stylesheet_failure_is_reported_with_the_file():
    with pytest.raises(pdf.PrintError) as caught:
        pdf.article(CASES / "notes.xml", {"running-head-words": "many"})
    assert caught.value.diagnostic.code == "P002"
    assert caught.value.diagnostic.path == str(CASES / "notes.xml")


def test_not_well_formed_document_reported_at_its_line():
    with pytest.raises(pdf.PrintError) as caught:
        pdf.article(CASES / "not-well-formed.xml")
    diag = caught.value.diagnostic
    assert (diag.code, diag.line) == ("X001", 4)
    assert diag.format().startswith(f"{CASES / 'not-well-formed.xml'}:4:")


def test_document_without_id_takes_its_file_name(tmp_path):
    source = (CASES / "notes.xml").read_text(encoding="utf-8").replace(' xml:id="notes"', "", 1)
    (tmp_path / "nameless.xml").write_text(source, encoding="utf-8")
    item = pdf.article(tmp_path / "nameless.xml")
    assert item.doc_id == "nameless"


def test_russian_archive_signature_printed_with_fond_opis_delo():
    head = _article(CASES / "fond-opis-delo.xml").find("header")
    assert _text(head.xpath("p[@class='doc-source']")[0]).startswith("Source: AVPRF, F. 0102, Op. 13, D. 5, pp. 1–4.")


def test_translators_transliteration_printed_in_square_brackets():
    text = _text(_article(CASES / "translator-transliteration.xml"))
    assert "Party activists [s shirokim partiynym aktivom] was convened." in text


def test_numbered_distribution_list_prints_the_numbers():
    root = _article(CASES / "opener-closer.xml")
    items = root.xpath("//div[contains(@class, 'list-distribution')]//li")
    assert [(i.findtext("span[@class='item-n']"), _text(i)) for i in items] == [
        ("1", "1Cde. Gromyko"), ("6", "6to file")]


def test_internal_reference_is_a_live_link_to_a_prefixed_id():
    root = _article(CASES / "internal-reference.xml")
    assert root.xpath("//p[@data-n='1']/@id") == ["internal-reference-t-p-first"]
    assert root.xpath("//a[@class='tei-ref']/@href") == ["#internal-reference-t-p-first"]


def test_external_reference_prints_its_address():
    assert "online at the archive (https://example.org/memo)." in _text(_article(CASES / "internal-reference.xml"))


def test_speaker_ending_in_full_stop_gets_no_colon():
    lead = _article(CASES / "speaker-with-full-stop.xml").xpath("//p[contains(@class, 'lead')]")[0]
    assert _text(lead) == "Пётр. Да. А ты будешь?"



@pytest.fixture(scope="module")
def page_breaks_text(tmp_path_factory) -> str:
    """The text of the page-breaks case typeset as a document PDF, read back with pypdf."""
    from pypdf import PdfReader

    from teikit.edition import Settings

    path = tmp_path_factory.mktemp("pb") / "page-breaks.pdf"
    path.write_bytes(pdf.document_pdf(CASES / "page-breaks.xml", Settings()))
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def test_page_breaks_print_the_page_number_as_the_source_gives_it_and_never_inside_a_note(page_breaks_text):
    assert "the railway|p. 12| was rebuilt" in page_breaks_text
    assert "turns here|13v| and" in page_breaks_text
    assert "An unnumbered break| is marked" in page_breaks_text
    # The break inside the note follows the note's call in the text; the note reads on unbroken.
    assert re.search(r"the treaty1 ?\|p\. 14\| that closes", page_breaks_text)
    assert "1. signed in Tokyo on 22 June 1965" in page_breaks_text


def test_inline_editorial_note_keeps_the_space_before_it_in_print(page_breaks_text):
    assert "the Anti-American War [the Korean War], the Northeast" in page_breaks_text


def test_a_stamp_in_a_bracketed_note_runs_in_its_line(tmp_path):
    # A stamp is a block where it stands alone; inside a note printed in brackets it runs in,
    # so the closing bracket does not stand on a line of its own.
    from pypdf import PdfReader

    from teikit.edition import Settings

    path = tmp_path / "stamp.pdf"
    path.write_bytes(pdf.document_pdf(CASES / "stamp-in-note.xml", Settings()))
    lines = [" ".join(line.split()) for page in PdfReader(path).pages for line in page.extract_text().splitlines()]
    assert "from the journal [stamp: 13 November 1957 № 1228]" in lines, lines


def test_no_text_of_an_article_ends_in_a_space_before_an_inline_element():
    # The space goes inside the element (WeasyPrint measures a run with its trailing space and
    # may then keep only its first word on the line); a note's call keeps the space before it.
    root = _article(CASES / "speaker-turns.xml")
    for element in root.iter("span", "a", "time"):
        if "footnote" in (element.get("class") or "").split():
            continue
        previous = element.getprevious()
        before = previous.tail if previous is not None else element.getparent().text
        assert not (before or "x")[-1].isspace(), etree.tostring(element)[:80]
    assert "Director Fang Yi" in _text(root)
