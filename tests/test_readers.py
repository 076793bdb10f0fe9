"""Readers: layout detection, ids, titles and dates, body blocks, page-break rejoining, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT, shared_path
from golden_support import check_golden
from teikit.diagnostics import error
from teikit.readers import READERS, ReaderError, detect, read, read_text
from teikit.readers.base import Block
from teikit.readers.common import rejoin

SAMPLES = ROOT / "records"
BAD = sorted((ROOT / "tests" / "cases" / "convert").glob("bad-*"))

SAMPLE_IDS = {
    "000_de32d7ba9868a1b9.txt": ("wilson-116553", "1965-10-29"),
    "001_8c8d1e32738fa3fc.txt": ("wilson-116546", "1963-10-18"),
    "002_c6962a527eee1851.txt": ("wilson-116548", "1964-09-05"),
    "003_05060b5fc11e8a8b.txt": ("wilson-115932", "1957-11-13"),
    "004_8b1b759c36f2ea61.txt": ("wilson-118686", "1965-12-15"),
}


@pytest.mark.parametrize("name", sorted(SAMPLE_IDS))
def test_sample_id_and_date(name):
    record = read(SAMPLES / name)
    assert record.reader == "wilson"
    assert (record.doc_id, record.date_when) == SAMPLE_IDS[name]
    assert record.body and record.fields["contents"] == "Translation - English"


def test_title_on_the_date_line():
    record = read(SAMPLES / "000_de32d7ba9868a1b9.txt")
    assert record.date == "October 29, 1965"
    assert record.title == "Record of Conversation between Kim II Sung and the Chinese Delegation"


def test_bold_title_wrapped_over_two_lines():
    record = read(SAMPLES / "001_8c8d1e32738fa3fc.txt")
    assert record.title == "Report on Conversation between Song Renqiong and Kim Il Sung"


def test_markdown_heading_date_title_and_labels():
    record = read(SAMPLES / "002_c6962a527eee1851.txt")
    assert record.date == "September 5, 1964"
    assert record.title.startswith("Minutes of Conversation between Kim Il Sung")
    assert list(record.fields) == ["citation", "summary", "credits", "original language", "contents"]
    assert record.labels["original language"] == "Original Language"
    assert "*" not in record.fields["citation"] and "#" not in record.fields["summary"]


def test_citation_wrapped_over_lines_is_one_line():
    record = read(SAMPLES / "003_05060b5fc11e8a8b.txt")
    assert "\n" not in record.fields["citation"]
    assert "AVPRF F. 0102, Op. 13, Delo 5. Translated for NKIDP" in record.fields["citation"]


def test_body_starts_after_translation_marker():
    record = read(SAMPLES / "004_8b1b759c36f2ea61.txt")
    assert record.body[0].text == "[...]"
    assert record.body[2].text.startswith("[To the] Ministry of Foreign Affairs")


def test_page_break_split_before_lower_case_is_rejoined():
    record = read(SAMPLES / "000_de32d7ba9868a1b9.txt")
    block = next(b for b in record.body if "this incident was inevitable" in b.text)
    assert len(block.page_breaks) == 1
    offset = block.page_breaks[0]
    assert block.text[offset - len("this incident"):offset] == "this incident"
    assert block.text[offset:offset + len(" was inevitable")] == " was inevitable"


def test_page_break_split_inside_bracket_is_rejoined():
    record = read(SAMPLES / "002_c6962a527eee1851.txt")
    block = next(b for b in record.body if "their [the Soviet Union's] equipment" in b.text)
    assert block.text[block.page_breaks[0]:].startswith(" Union's]")


def test_page_break_before_bracket_after_function_word_is_rejoined():
    record = read(SAMPLES / "002_c6962a527eee1851.txt")
    block = next(b for b in record.body if "high regards for the" in b.text)
    assert block.text[block.page_breaks[0]:].startswith(" [Chinese] produced ten 75-ton boilers.")
    assert not any(b.text.startswith("[Chinese] produced") for b in record.body)


@pytest.mark.parametrize("previous, following, joined", [
    ("Our comrades have high regards for the", "[Chinese] produced ten boilers.", True),
    ("We discussed the supply of coal to", "[North] Korea in the coming year.", True),
    ("Our comrades have high regards for them", "[Chinese] produced ten boilers.", False),
    ("Record of Conversation with the", "[To] the Ministry of Foreign Affairs:", False),
    ("5 - to the", "[signature] General Secretariat", False),
    ("for the", "[Chinese] produced ten boilers.", False),
    ("Our comrades have high regards for the", "[...]", False),
])
def test_bracket_after_function_word_rejoins_only_running_text(previous, following, joined):
    assert (len(rejoin([Block(previous, 1), Block(following, 3)])) == 1) is joined


def test_short_lines_are_not_page_breaks():
    record = read(SAMPLES / "003_05060b5fc11e8a8b.txt")
    texts = [b.text for b in record.body]
    for line in ("1 - Cde. Gromyko", "5 - the General Secretariat", "6 - to file", "6-AP/vp",
                 "SOVIET AMBASSADOR IN THE DPRK", "[signature] (A. PUZANOV)"):
        assert line in texts
    minutes = [b.text for b in read(SAMPLES / "002_c6962a527eee1851.txt").body]
    assert "Greetings (skipped)" in minutes


def test_block_keeps_its_line_breaks_and_source_line():
    record = read(SAMPLES / "003_05060b5fc11e8a8b.txt")
    first = record.body[0]
    assert first.text.startswith("from the journal [handwritten entry SECRET Copy № 2\nof A. M. PUZANOV")
    lines = (SAMPLES / "003_05060b5fc11e8a8b.txt").read_text(encoding="utf-8").split("\n")
    assert lines[first.line - 1].startswith("from the journal")


def test_archive_page_layout():
    path = shared_path("corpora", "records", "wilson",
                       "wilson-300237-german-chancellors-helmut-kohls-telephone-conversation-polish-president-kwasn.txt")
    record = read(path)
    assert record.doc_id == "wilson-300237"
    assert record.date_when == "1996-09-12"
    assert record.fields["source"].startswith("BArch, B 136/59748, 297-301.")
    assert record.fields["associated people & organizations"] == "Neuer, Walter; Yeltsin, Boris; Chirac, Jacques"
    assert record.footnotes == {"1": "BArch, B 136/59748, 297-301."}
    assert record.body[1].text == "M e m o r a n d u m"
    assert record.body[-1].text == "(Neuer)"


def test_month_only_date():
    path = shared_path("corpora", "records", "wilson",
                       "wilson-300638-japanese-statement-nakajima-kenzo-chairman-board-opposing-visit-prime-minister-.txt")
    record = read(path)
    assert (record.date, record.date_when) == ("November 1967", "1967-11")


def test_every_shared_record_reads():
    folder = shared_path("corpora", "records")
    records = [read(p) for p in sorted(folder.rglob("*")) if p.is_file()]
    assert len(records) == 15
    assert len({r.doc_id for r in records}) == 15
    assert all(r.title and r.date_when and r.body for r in records)


def test_dafp_front_matter_and_blocks():
    path = shared_path("corpora", "records", "dafp", "dfat-v22-343-record-of-conversation-between-bowen-and-huang-hua.md")
    record = read(path)
    assert record.reader == "dafp"
    assert (record.doc_id, record.date_when, record.date) == ("dafp-v22-343", "1972-09-29", "29 September 1972")
    assert record.body[0].kind == "dateline" and record.body[0].text == "New York, 29 September 1972"
    assert record.meta["printed_refs"] == [{"text": "NAA: A1838, 3107/38, xi", "repository": "NAA",
                                            "after_notes": False, "line": 36}]
    assert not any("A1838" in b.text for b in record.body)
    assert any(b.text.startswith("2. The Minister noted") for b in record.body)
    assert any(b.text == "[ _matter omitted_ ]" for b in record.body)
    assert record.footnotes == {"1": "See footnote 1, Document 340."}


def test_dafp_italic_notes_before_archival_reference():
    path = shared_path("corpora", "records", "dafp",
                       "dfat-v16-138-australian-delegation-united-nations-to-department-of-external-affairs.md")
    record = read(path)
    assert record.footnotes["1"] == "Philip C. Jessup, United States deputy representative on Interim Committee."
    assert sorted(record.footnotes, key=int) == ["1", "2", "3", "4", "5"]
    assert record.meta["printed_refs"] == [{"text": "AA : A1838, 852/20/4, II", "repository": "AA",
                                            "after_notes": True, "line": 44}]
    assert not any(b.text.strip("_ ") == "" for b in record.body)
    assert record.notes_before is None


def test_dafp_notes_after_archival_reference_end_the_record():
    path = shared_path("corpora", "records", "dafp", "dfat-v22-343-record-of-conversation-between-bowen-and-huang-hua.md")
    assert read(path).notes_before is None


def test_dafp_bold_line_is_a_head():
    path = shared_path("corpora", "records", "dafp", "dfat-v22-92-savingram-to-posts.md")
    heads = [b.text for b in read(path).body if b.kind == "head"]
    assert heads == ["Chinese Representation in the United Nations"]


def test_detection_and_override():
    wilson_text = (SAMPLES / "002_c6962a527eee1851.txt").read_text(encoding="utf-8")
    assert detect("x", wilson_text) == "wilson"
    dafp_text = "---\ndoc_date: '1960-01-02'\ndoc_num: 7\nvol_id: 22\ntitle: T\n---\n\nCanberra, 2 January 1960\n\nText.\n"
    assert detect("x", dafp_text) == "dafp"
    assert read_text("x.md", dafp_text).doc_id == "dafp-v22-7"
    with pytest.raises(ReaderError):
        read_text("x.md", dafp_text, reader="wilson")
    with pytest.raises(KeyError):
        read_text("x.md", dafp_text, reader="nope")
    assert sorted(READERS) == ["dafp", "wilson"]


@pytest.mark.parametrize("case", BAD, ids=[c.name for c in BAD])
def test_bad_input_is_one_clear_error(case: Path, update_golden):
    source = next(case.glob("record.*"))
    with pytest.raises(ReaderError) as info:
        read(source)
    line = error(source.name, "C104", str(info.value), info.value.line).format()
    check_golden(line, case / "expected.txt", update_golden)


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)


@given(st.lists(_WORD, min_size=2, max_size=30), st.data())
def test_split_paragraph_is_rejoined_with_break_offset(words, data):
    cut = data.draw(st.integers(min_value=1, max_value=len(words) - 1))
    head, tail = " ".join(words[:cut]), " ".join(words[cut:])
    joined = rejoin([Block("Start. " + head, 1), Block(tail, 3)])
    assert len(joined) == 1
    assert joined[0].text == "Start. " + head + " " + tail
    assert joined[0].page_breaks == (len("Start. " + head),)


@given(st.lists(st.text(alphabet="abAB .,[]:\n", min_size=1, max_size=20).filter(str.strip), max_size=8))
def test_rejoin_keeps_every_word(texts):
    blocks = [Block(t.strip(), i) for i, t in enumerate(texts)]
    joined = rejoin(blocks)
    assert " ".join(b.text for b in joined).split() == " ".join(b.text for b in blocks).split()
    for block in joined:
        assert all(block.text[o] == " " for o in block.page_breaks)


def test_labels_with_text_on_the_same_line_and_iso_date():
    text = ("**1965-10-29**\n**Record of Talk**\n\n"
            '**Citation**: "Record of Talk", October 29, 1965, Wilson Center Digital Archive, '
            "PRC FMA 106-01479-08, 85-88. Translated by Ann Lee.\n"
            "Original Language: Chinese\nContents: Translation - English\n\nBody text here.\n")
    record = read_text("x.txt", text)
    assert (record.date_when, record.title) == ("1965-10-29", "Record of Talk")
    assert record.fields["original language"] == "Chinese"
    assert record.fields["contents"] == "Translation - English"
    assert [b.text for b in record.body] == ["Body text here."]


def test_crlf_line_ends_read_like_lf(tmp_path):
    path = SAMPLES / "001_8c8d1e32738fa3fc.txt"
    crlf = tmp_path / path.name
    crlf.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert read(crlf).body == read(path).body
    assert read(crlf).fields == read(path).fields


_LINE = st.one_of(
    st.sampled_from(["", "Citation:", "Contents:", "**Summary:**", "## **October 29, 1965**", "Translation - English",
                     "---", "doc_num: 3", "vol_id: 22", "doc_date: '1960-01-02'", "title: T", "[1] note",
                     "[NAA: A1838, 1/2, i]", "Original Language: Chinese", "URL:", "their [the Soviet", "Union's] x"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))


@given(st.lists(_LINE, max_size=25))
def test_any_text_reads_or_gives_a_reader_error(lines):
    text = "\n".join(lines)
    try:
        record = read_text("fuzz.txt", text)
    except ReaderError as exc:
        assert exc.line >= 0 and str(exc)
    else:
        assert record.title and record.date_when and record.doc_id
