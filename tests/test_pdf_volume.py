"""The typeset volume read back with pypdf: text, notes, contents, outline, index, metadata."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

import pdf_pages
from conftest import FIXTURES, ROOT
from teikit import tei
from teikit.edition import Edition
from teikit.render import pdf

CASES = ROOT / "tests" / "cases" / "pdf"
BAD = {"not-well-formed", "not-tei", "entity-declaration"}
EDITION_TOML = """[edition]
title = "Records in Test: A Volume for the Print Tests"
short_title = "Records in Test"
editors = ["Ada Editor", "Bo Editor"]
publisher = "teikit press"
licence = "CC BY 4.0"
licence_url = "https://creativecommons.org/licenses/by/4.0/"
language = "en"
"""


@pytest.fixture(scope="module")
def edition(tmp_path_factory) -> Edition:
    """An edition of the fixture document and every good print case, with the fixture registers."""
    root = tmp_path_factory.mktemp("print") / "edition"
    shutil.copytree(FIXTURES / "edition", root)
    for case in CASES.glob("*.xml"):
        if case.stem not in BAD:
            shutil.copy(case, root / "tei" / case.name)
    (root / "edition.toml").write_text(EDITION_TOML, encoding="utf-8")
    return Edition.open(root)


@pytest.fixture(scope="module")
def articles(edition):
    return pdf.chronological([pdf.article(p) for p in edition.documents()])


@pytest.fixture(scope="module")
def volume(edition, articles, tmp_path_factory) -> PdfReader:
    data = pdf.volume_pdf(articles, edition.settings, pdf.read_persons(edition.register_paths()))
    path = tmp_path_factory.mktemp("out") / "volume.pdf"
    path.write_bytes(data)
    return PdfReader(path)


def _outline(reader: PdfReader) -> list[tuple[str, int]]:
    flat = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                flat.append((item["/Title"], reader.get_destination_page_number(item)))

    walk(reader.outline)
    return flat


def _page_texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def _start_pages(reader: PdfReader, articles) -> list[int]:
    """0-based index of the page each document begins on, found by its 'Document N' heading."""
    texts = _page_texts(reader)
    return [next(i for i, t in enumerate(texts) if t.startswith(f"Document {n}\n")) for n in range(1, len(articles) + 1)]


def _index_start(texts: list[str]) -> int:
    """0-based index of the index's first page (the contents also list it, earlier on)."""
    return max(i for i, t in enumerate(texts) if t.startswith("Index of Persons\n"))


def _squash(text: str) -> str:
    # Undo hyphenation at line ends (WeasyPrint hyphenates with U+2010) and ignore spacing.
    text = re.sub(r"[\u2010\-]\n", "", text)
    return re.sub(r"\s+", "", text)


def _body_words(path: str) -> list[str]:
    body = tei.parse(path).getroot().find(f"{tei.T('text')}/{tei.T('body')}")
    notes = {id(n) for n in body.iter(tei.T("note"))}
    words = []
    for elem in body.iter():
        inside_note = any(id(a) in notes for a in [elem, *elem.iterancestors()])
        if elem.text and not inside_note:
            words += re.findall(r"\w+", elem.text)
        parent_note = any(id(a) in notes for a in elem.iterancestors())
        if elem.tail and not parent_note:
            words += re.findall(r"\w+", elem.tail)
    return words


def test_every_body_word_appears_on_its_documents_pages(volume, articles):
    texts = _page_texts(volume)
    starts = _start_pages(volume, articles) + [len(texts) - 1]
    for n, item in enumerate(articles):
        printed = _squash("\n".join(texts[starts[n]:starts[n + 1]]))
        missing = [w for w in _body_words(item.path) if w not in printed]
        assert not missing, f"{item.doc_id}: {missing[:10]}"


def test_every_note_text_appears(volume, articles):
    # Compared without the editorial marks print adds inside notes (⟨ ⟩ around an addition).
    def plain(text: str) -> str:
        return re.sub(r"[⟨⟩\[\]]", "", _squash(text))

    printed = plain("\n".join(_page_texts(volume)))
    notes = [n for item in articles for n in tei.parse(item.path).getroot().find(tei.T("text")).iter(tei.T("note"))]
    assert len(notes) >= 5
    for note in notes:
        assert plain("".join(note.itertext())) in printed


def test_footnote_is_at_the_foot_of_the_page_of_its_call(volume, articles):
    texts = _page_texts(volume)
    page = next(t for t in texts if "Fatherland Liberation War1" in t)
    body, _, foot = page.partition("\n1. the Korean War\n")
    # The notes follow the whole text of the page, then only the page number.
    assert "Fatherland Liberation War1" in body and "were discussed at length." in body
    assert foot.startswith("2. the Treaty on Basic Relations") and foot.split("\n")[-1].isdigit()


def test_documents_are_in_chronological_order(articles):
    dates = [a.date for a in articles if a.date]
    assert dates == sorted(dates) and articles[-1].doc_id == "undated"


def test_contents_page_numbers_point_at_document_starts(volume, articles):
    texts = _page_texts(volume)
    first = next(i for i, t in enumerate(texts) if t.startswith("Contents"))
    contents = "\n".join(texts[first:_start_pages(volume, articles)[0]])
    printed = [int(m) for m in re.findall(r" (\d+)$", contents, flags=re.M)]
    starts = [i + 1 for i in _start_pages(volume, articles)]
    index_page = _index_start(texts) + 1
    assert printed == starts + [index_page]


def test_printed_page_numbers_match_physical_pages(volume, articles):
    texts = _page_texts(volume)
    for start in _start_pages(volume, articles):
        assert texts[start].rstrip().endswith(f"\n{start + 1}")


def test_outline_has_one_entry_per_document(volume, articles):
    outline = _outline(volume)
    documents = [(title, page) for title, page in outline if re.match(r"\d+\. ", title)]
    assert [t for t, _ in documents] == [f"{n}. {a.title}" for n, a in enumerate(articles, 1)]
    assert [p for _, p in documents] == _start_pages(volume, articles)
    assert [t for t, _ in outline if not re.match(r"\d+\. ", t)] == [
        "Records in Test: A Volume for the Print Tests", "Contents", "Index of Persons"]


def test_metadata_title_author_language(volume):
    assert volume.metadata.title == "Records in Test: A Volume for the Print Tests"
    assert volume.metadata.author == "Ada Editor; Bo Editor"
    assert volume.trailer["/Root"]["/Lang"] == "en"


def test_title_page_names_edition_editors_publisher(volume):
    title_page = volume.pages[0].extract_text()
    for words in ("Records in Test", "A Volume for the Print Tests", "Ada Editor", "Bo Editor", "teikit press"):
        assert words in title_page
    assert "CC BY 4.0" in volume.pages[1].extract_text()


def test_running_heads_carry_document_number_and_short_title(volume, articles):
    texts = _page_texts(volume)
    n = next(i for i, a in enumerate(articles, 1) if a.doc_id == "long-minutes")
    start = _start_pages(volume, articles)[n - 1]
    following = range(start + 1, start + 3)
    # Page 1 is a right-hand page: odd page numbers carry the document's head, even ones the book's.
    recto = next(texts[i] for i in following if (i + 1) % 2 == 1)
    verso = next(texts[i] for i in following if (i + 1) % 2 == 0)
    assert f"{n}. Kim Il Sung and the Economic Delegation, continued" in recto
    assert "Records in Test" in verso and "continued" not in verso
    # The opening page of a document carries no running head.
    assert "continued" not in texts[start].split("\n")[-1]


def test_index_lists_persons_with_the_pages_they_are_named_on(volume, articles):
    texts = _page_texts(volume)
    # Each page's last line is its page number or running head, not an entry.
    index = "\n".join(t.rstrip().rsplit("\n", 1)[0] for t in texts[_index_start(texts):])
    joined = re.sub(r",?\n(?=\d)", ", ", index)  # an entry whose pages wrap onto the next line
    # "Fang Yi (Director), 6–11": the register's occupation identifies the person.
    entries = dict(re.findall(r"^([^\d\n(][^,\n(]*?)(?: \([^)]*\))?, ([\d, –]+)$", joined, flags=re.M))
    assert set(entries) >= {"Fang Yi", "Kim Il Sung", "Mao Zedong", "Hao Deqing", "Nam Chun-hwa"}
    assert re.search(r"Kim Il Sung, \d+–\d+", joined), "consecutive pages print as a range"
    for name, pages in entries.items():
        numbers = []
        for part in pages.split(", "):
            first, _, last = part.partition("–")
            numbers += range(int(first), int(last or first) + 1)
        assert numbers == sorted(set(numbers))
        short = name.split()[-1] if name != "Kim Il Sung" else "Kim"
        for number in numbers:
            assert short in texts[number - 1] or name.split()[0] in texts[number - 1], (name, number)


def test_index_uses_register_name_not_the_form_in_the_text(volume):
    texts = _page_texts(volume)
    index = "\n".join(texts[_index_start(texts):])
    assert "Mao Zedong" in index and "Chairman Mao" not in index


def test_per_document_pdf_has_same_typography_and_own_metadata(edition):
    path = edition.tei_dir / "speaker-turns.xml"
    reader = PdfReader(_write(pdf.document_pdf(path, edition.settings), edition.root / "one.pdf"))
    assert reader.metadata.title == "Record of Turns of Speech"
    assert reader.metadata.author == "Ada Editor; Bo Editor"
    text = _squash("".join(p.extract_text() for p in reader.pages))
    assert all(w in text for w in _body_words(str(path)))
    assert [t for t, _ in _outline(reader)] == ["Record of Turns of Speech"]
    fonts = {str(f["/BaseFont"]) for page in reader.pages for f in page["/Resources"]["/Font"].values()
             for f in [f.get_object()]}
    assert fonts and all(f.split("+")[-1].startswith("teikit-Noto-Serif") for f in fonts)


def test_same_input_gives_byte_identical_pdf(edition):
    path = edition.tei_dir / "notes.xml"
    assert pdf.document_pdf(path, edition.settings) == pdf.document_pdf(path, edition.settings)


def test_volume_without_person_mentions_has_no_index(edition):
    item = pdf.article(edition.tei_dir / "notes.xml")
    reader = PdfReader(_write(pdf.volume_pdf([item], edition.settings, {}), edition.root / "no-index.pdf"))
    assert "Index of Persons" not in "".join(p.extract_text() for p in reader.pages)


def _write(data: bytes, path: Path) -> Path:
    path.write_bytes(data)
    return path


def test_book_html_is_well_formed_with_one_article_per_document(edition, articles):
    html = pdf.book_html(articles, edition.settings, with_index=True)
    root = tei.parse_bytes(html.removeprefix("<!DOCTYPE html>").encode()).getroot()
    assert len(root.xpath("//article")) == len(articles)
    assert root.xpath("//nav[@class='contents']//a/@href")[:2] == [f"#{a.doc_id}" for a in articles[:2]]
    assert isinstance(root, etree._Element)


def test_per_document_pdf_has_running_heads_after_its_first_page(edition):
    path = edition.tei_dir / "long-minutes.xml"
    reader = PdfReader(_write(pdf.document_pdf(path, edition.settings), edition.root / "long.pdf"))
    texts = [p.extract_text() for p in reader.pages]
    assert len(texts) > 3
    assert texts[1].rstrip().endswith("2 Records in Test")
    assert texts[2].rstrip().endswith("Kim Il Sung and the Economic Delegation, continued 3")


def test_ids_are_unique_across_the_volume(edition, articles, tmp_path):
    # A second document with the same xml:ids inside (as converted documents have: h-abstract...).
    twin = tmp_path / "twin.xml"
    twin.write_text((CASES / "internal-reference.xml").read_text(encoding="utf-8")
                    .replace('xml:id="internal-reference"', 'xml:id="twin"'), encoding="utf-8")
    html = pdf.book_html([*articles, pdf.article(twin)], edition.settings, with_index=True)
    root = tei.parse_bytes(html.removeprefix("<!DOCTYPE html>").encode()).getroot()
    ids = root.xpath("//@id")
    assert len(ids) == len(set(ids))


def test_note_written_over_several_lines_is_typeset(edition):
    # WeasyPrint 70 fails on a newline inside a footnote unless the print stylesheets collapse it.
    path = edition.tei_dir / "note-with-line-breaks.xml"
    text = "".join(p.extract_text() for p in PdfReader(_write(pdf.document_pdf(path, edition.settings),
                                                             edition.root / "lines.pdf")).pages)
    assert "1. For the markup and sigla see the legend; the signature is illegible." in text


def test_footnote_stays_on_its_page_when_a_paragraph_starts_at_the_foot(edition):
    # In this record (converted from the sample), a paragraph starts on the last lines of the page
    # that calls the first note; WeasyPrint must not defer the note to a later page.
    item = pdf.article(CASES / "footnote-before-orphan-line.xml")
    reader = PdfReader(_write(pdf.volume_pdf([item], edition.settings, {}), edition.root / "orphan.pdf"))
    texts = _page_texts(reader)
    call = next(i for i, t in enumerate(texts) if "from the journal" in t)
    assert "1. handwritten entry" in texts[call]


def _footnotes_called(articles) -> int:
    return sum(len(tei.parse_bytes(a.xml).getroot().xpath("//span[contains(@class, 'footnote')]"))
               for a in articles)


def test_every_footnote_is_printed_on_the_page_of_its_call(volume, articles):
    # Read back from the PDF: the page of each note's call (a small superscript number) and of
    # its text at the foot ("N. ..."). Document 3 calls its note in a short paragraph near the top
    # of a page that the next paragraph's first lines fill; WeasyPrint alone prints the note two
    # pages on.
    notes = pdf_pages.notes(volume)
    assert len(notes) == _footnotes_called(articles) >= 5
    assert [(n.number, n.call_page) for n in notes if n.note_page != n.call_page] == []


def test_every_page_number_and_running_head_is_on_its_own_side(volume):
    # Odd pages are right-hand pages: number at the right, the document's head; even pages the
    # reverse, with the book's head. The index, typeset on its own, included.
    numbers = pdf_pages.head_numbers(volume)
    assert len(numbers) >= 10
    assert [(page, n) for page, n, _ in numbers] == [(page, page) for page, _, _ in numbers]
    assert [side for _, n, side in numbers] == ["right" if n % 2 else "left" for _, n, _ in numbers]
    heads = pdf_pages.running_heads(volume)
    assert [page for page, text in heads if text == "Records in Test"] == [page for page, _ in heads
                                                                          if page % 2 == 0]


@pytest.mark.parametrize("first_page", [10, 11])
def test_index_starting_on_an_even_or_odd_page_keeps_its_sides(edition, first_page, tmp_path):
    # Laid out on its own, the index would open on a right-hand page whatever its number.
    entries = [(pdf.Person(f"Person {i:03d}", f"Person {i:03d}", "an occupation long enough to wrap"),
                [(first_page - 1, "index")]) for i in range(160)]
    pages = pdf.index_pages(entries, edition.settings, first_page)
    reader = PdfReader(_write(pdf.typeset("<html></html>").copy(pages).write_pdf(), tmp_path / "index.pdf"))
    assert reader.pages[0].extract_text().startswith("Index of Persons")
    assert reader.pages[0].extract_text().rstrip().endswith(f"\n{first_page}")
    numbers = pdf_pages.head_numbers(reader)
    assert len(numbers) == len(reader.pages) - 1 >= 1
    assert [(page, n) for page, n, _ in numbers] == [(page, first_page + page - 1) for page, _, _ in numbers]
    assert [side for _, n, side in numbers] == ["right" if n % 2 else "left" for _, n, _ in numbers]
