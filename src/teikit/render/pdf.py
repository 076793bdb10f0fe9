"""The print edition: TEI through xslt/print/ to HTML for paged media, typeset by WeasyPrint.

Each document becomes an <article> (a pure function of the document); a per-document PDF is
that article alone, the volume is every article in chronological order behind a title page and
contents, followed by an index of persons laid out once the book's page numbers are known.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from .. import resources, tei
from ..diagnostics import Diagnostic, error
from ..edition import Settings
from ..meta import read_meta
from ..register_view import read_registers
from . import saxon
from .edition_params import edition_params
from .entries import person_index

PRINT_NS = "urn:teikit:print"
VOLUME_NAME = "volume.pdf"


class PrintError(Exception):
    """A document that cannot be typeset; carries the diagnostic that says where and why."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.format())
        self.diagnostic = diagnostic


@dataclass(frozen=True)
class Article:
    """One document as an article of the book, with what the volume needs to order and index it."""

    path: str
    doc_id: str
    date: str
    title: str
    xml: bytes
    mentions: tuple[tuple[str, str], ...]  # (anchor id, register ref) of each person named


@dataclass(frozen=True)
class Person:
    """How the index of persons names, sorts and identifies one register entry."""

    name: str
    sort: str
    note: str = ""


def stylesheet() -> Path:
    """Return the entry stylesheet of the print edition."""
    return resources.xslt_path("print", "print.xsl")


def _print_dir() -> Path:
    return resources.xslt_path("print")


def stylesheet_fingerprint(own: str | Path | None, settings: Settings) -> str:
    """Return a digest of the print stylesheets, CSS and fonts, the edition's own, and the settings (a change redoes every PDF)."""
    digest = hashlib.sha256()
    for folder in (_print_dir(),) + ((Path(own).parent,) if own else ()):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    digest.update(json.dumps(settings.to_mapping(), sort_keys=True, default=str).encode())
    return digest.hexdigest()


# ---- TEI -> article ----------------------------------------------------------------------

def article(path: str | Path, params: dict | None = None, xsl: str | Path | None = None) -> Article:
    """Turn one TEI document into its article of the book; raise PrintError if it cannot be.

    `xsl` is the edition's own print stylesheet when it has one (Edition.own_stylesheet).
    """
    path = Path(path)
    tree = tei.load_document(path, tei_root=True)
    if isinstance(tree, Diagnostic):
        raise PrintError(tree)
    root = tree.getroot()
    if not root.get(tei.XML_ID):
        # Anchors in the volume are prefixed with the document's id, so every document needs one.
        root.set(tei.XML_ID, path.stem)
    try:
        out = saxon.transform(xsl or stylesheet(), tei.serialize(tree), params)
    except saxon.TransformError as exc:
        raise PrintError(error(path, "P002", f"print stylesheet failed: {exc}")) from exc
    elem = tei.parse_bytes(out.encode("utf-8")).getroot()
    _spaces_into_inlines(elem)
    mentions = tuple((span.get("id"), span.get("data-ref"))
                     for span in elem.iter("span") if span.get("data-ref"))
    # Title and date (for the volume's order) as pages, exports and the server read them.
    meta = read_meta(tree, path.stem)
    return Article(str(path), elem.get("id", path.stem), meta.when, meta.title,
                   etree.tostring(elem, encoding="UTF-8"), mentions)


# Phrase-level HTML elements of the print stylesheets' output.
_INLINE = ("span", "a", "time", "em", "i", "b", "strong", "sup", "sub", "small", "abbr", "q", "cite")


def _spaces_into_inlines(root: etree._Element) -> None:
    """Move the space before an inline element to the start of the element: text never ends in one.

    WeasyPrint 70 measures a run of text with its trailing space; when the words before an inline
    element just fit a line and only that space does not, it keeps the first word alone on the
    line ("which / would / be issued ..."). Inside the element the space renders and breaks the
    same. A note (float: footnote) keeps the space before its call, and an underlined element
    does not underline a space it never had.
    """
    for element in root.iter(*_INLINE):
        classes = (element.get("class") or "").split()
        if "footnote" in classes or "r-underline" in classes:
            continue
        previous = element.getprevious()
        parent = element.getparent()
        before = previous.tail if previous is not None else (parent.text if parent is not None else None)
        if not before or not before[-1].isspace():
            continue
        if previous is not None:
            previous.tail = before.rstrip()
        else:
            parent.text = before.rstrip()
        element.text = " " + (element.text or "")


def chronological(articles: list[Article]) -> list[Article]:
    """Order articles by date (undated ones last), then by id, for a stable book."""
    return sorted(articles, key=lambda a: (a.date == "", a.date, a.doc_id))


# ---- registers -> index names --------------------------------------------------------------

def read_persons(register_paths) -> dict[str, Person]:
    """Read the index names of the persons register: {'per:id': Person(main name, sort key)}."""
    persons: dict[str, Person] = {}
    # Validation reports a broken register; the index then uses the names as the text has them.
    view, _ = read_registers([path for path in register_paths if Path(path).name == "persons.xml"])
    for entry in view.of_kind("person"):
        names = entry.element.findall(tei.T("persName"))
        main = next((n for n in names if n.get("type") == "main"), names[0] if names else None)
        if entry.element.get(tei.XML_ID) is None or main is None:
            continue
        persons[f"per:{entry.key}"] = _index_person(entry.element, main)
    return persons


def _index_person(person: etree._Element, main: etree._Element) -> Person:
    # The volume lists and files a person as the site's index does ("Puzanov, Alexander",
    # "Kim Il Sung", "Stoica, Chivu"); a sortKey in the register decides the order.
    name, sort = person_index(main, person.findall(tei.T("persName")))
    occupation = " ".join((person.findtext(tei.T("occupation")) or "").split())
    return Person(name, person.get("sortKey") or main.get("sortKey") or sort, occupation)


def _sort_key(text: str) -> str:
    # Accents and case must not decide the order: "Ábel" files under A.
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


# ---- assembling the HTML -------------------------------------------------------------------

def _transform(xsl: str | Path | None, source: etree._Element, settings: Settings, params: dict | None) -> str:
    # The settings reach the print stylesheets as the HTML ones get them: as parameters.
    return saxon.transform(xsl or stylesheet(), tei.serialize(source), {**edition_params(settings), **(params or {})})


def book_html(articles: list[Article], settings: Settings, kind: str = "volume",
              with_index: bool = False, params: dict | None = None, xsl: str | Path | None = None) -> str:
    """Return the HTML of the volume (articles in the given order) or of one document (kind='document')."""
    book = etree.Element(f"{{{PRINT_NS}}}book", kind=kind, nsmap={"p": PRINT_NS})
    for n, item in enumerate(articles, 1):
        holder = etree.SubElement(book, f"{{{PRINT_NS}}}document", n=str(n) if kind == "volume" else "")
        holder.append(tei.parse_bytes(item.xml).getroot())
    if with_index:
        etree.SubElement(book, f"{{{PRINT_NS}}}index")
    return _transform(xsl, book, settings, params)


def index_entries(articles: list[Article], pages: dict[str, int],
                  persons: dict[str, Person]) -> list[tuple[Person, list[tuple[int, str]]]]:
    """Return the index: persons in order, each with (page, first anchor on that page) pairs."""
    found: dict[str, dict[int, str]] = {}
    first_text: dict[str, str] = {}
    for item in articles:
        for anchor, ref in item.mentions:
            page = pages.get(anchor)
            if page is not None:
                found.setdefault(ref, {}).setdefault(page, anchor)
        if any(ref not in persons and ref not in first_text for _, ref in item.mentions):
            # A person missing from the register is indexed under the form the text uses.
            root = tei.parse_bytes(item.xml).getroot()
            for span in root.iter("span"):
                ref = span.get("data-ref")
                if ref and ref not in persons and ref not in first_text:
                    text = " ".join("".join(span.itertext()).split())
                    first_text[ref] = text
    entries = []
    for ref, by_page in found.items():
        person = persons.get(ref) or Person(first_text.get(ref, ref), first_text.get(ref, ref))
        entries.append((person, sorted(by_page.items())))
    entries.sort(key=lambda e: (_sort_key(e[0].sort), e[0].name))
    return entries


def index_html(entries, settings: Settings, first_page: int, params: dict | None = None,
               xsl: str | Path | None = None) -> str:
    """Return the HTML of the index of persons, numbered from first_page on.

    When first_page is even the HTML opens with a blank leading page (see index_pages).
    """
    attributes = {"first-page": str(first_page), "leading-page": "true" if first_page % 2 == 0 else "false"}
    index = etree.Element(f"{{{PRINT_NS}}}index", attributes, nsmap={"p": PRINT_NS})
    for person, pages in entries:
        entry = etree.SubElement(index, f"{{{PRINT_NS}}}person", name=person.name, sort=_sort_key(person.sort),
                                 note=person.note)
        for page, anchor in pages:
            etree.SubElement(entry, f"{{{PRINT_NS}}}page", n=str(page), anchor=anchor)
    return _transform(xsl, index, settings, params)


# ---- typesetting ---------------------------------------------------------------------------

class FetchRefused(ValueError):
    """Raised for any resource outside the print stylesheets' folder: nothing is fetched."""


def packaged_file(url: str) -> Path:
    """Return the file of xslt/print/ a file: URL names; raise FetchRefused for any other URL."""
    parts = urlsplit(url)
    if parts.scheme != "file":
        raise FetchRefused(f"refusing to fetch {url}: the print edition uses packaged files only")
    path = Path(unquote(parts.path)).resolve()
    if not path.is_relative_to(_print_dir().resolve()) or not path.is_file():
        raise FetchRefused(f"refusing to fetch {url}: not a file of the print stylesheets")
    return path


# WeasyPrint is imported on first use, not with this module: the build imports every stage's
# module just to plan, and importing WeasyPrint takes a good part of a second.
@lru_cache(maxsize=1)
def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PackagedFetcher(URLFetcher):
        """Serves the stylesheet and fonts of xslt/print/ and refuses everything else."""

        def fetch(self, url, headers=None):
            path = packaged_file(url)
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})

    return PackagedFetcher()


@lru_cache(maxsize=1)
def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


# At most this many relayouts to bring notes back to the page of their call (each is one more
# WeasyPrint render of the whole book; one is usually enough).
NOTE_REPAIRS = 6


def typeset(html: str):
    """Lay out book HTML with WeasyPrint and return the rendered document (pages, anchors).

    Every footnote is printed on the page of its call: where WeasyPrint moved a note to a later
    page, the book is laid out again with the block that ends the call's page moved on.
    """
    from weasyprint import HTML

    base = _print_dir().resolve().as_uri() + "/"
    source = HTML(string=html, base_url=base, url_fetcher=_fetcher())
    document = source.render(font_config=_font_config())
    for _ in range(NOTE_REPAIRS):
        moved = [block for block in _blocks_ending_pages_of_stray_notes(document)
                 if "break-before: page" not in (block.get("style") or "")]
        if not moved:
            break
        for block in moved:
            block.set("style", f"{block.get('style') or ''};break-before: page".lstrip(";"))
        document = source.render(font_config=_font_config())
    return document


def _blocks_ending_pages_of_stray_notes(document) -> list:
    """Return the HTML elements of the blocks to move on so that stray notes stay with their calls.

    WeasyPrint 70 moves a page's last footnote to the next page to squeeze the first lines of a
    paragraph (its orphans) in at the foot, leaving the note's call behind. Starting that paragraph
    on the next page leaves the room to the note. A paragraph that began on an earlier page cannot
    be moved on without emptying that page: such a note is left where WeasyPrint put it.
    """
    from weasyprint.formatting_structure import boxes

    calls: dict = {}
    notes: dict = {}
    first_page: dict = {}
    last_block: dict[int, object] = {}
    for number, page in enumerate(document.pages):
        for child in page._page_box.children:
            if isinstance(child, boxes.FootnoteAreaBox):
                for box in child.children:
                    notes.setdefault(box.element, number)
                continue
            if isinstance(child, boxes.MarginBox):  # running heads and page numbers
                continue
            for box in child.descendants():
                if box.footnote is not None:
                    calls.setdefault(box.footnote.element, number)
                if isinstance(box, boxes.LineBox):
                    first_page.setdefault(box.element, number)
                    last_block[number] = box.element
    stray_pages = sorted({page for note, page in calls.items() if notes.get(note, page) != page})
    return [last_block[page] for page in stray_pages
            if page in last_block and first_page[last_block[page]] == page]


def page_anchors(document) -> dict[str, int]:
    """Return the page number (from 1) on which each anchor of a rendered document first appears."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, 1):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    return pages


def article_pdf(item: Article, settings: Settings, params: dict | None = None,
                xsl: str | Path | None = None) -> bytes:
    """Return the PDF of one document's article on its own; raise PrintError if it cannot be typeset."""
    try:
        html = book_html([item], settings, kind="document", params=params, xsl=xsl)
    except saxon.TransformError as exc:
        raise PrintError(error(item.path, "P002", f"print stylesheet failed: {exc}")) from exc
    try:
        return typeset(html).write_pdf()
    except Exception as exc:  # WeasyPrint has no error hierarchy; one document must not stop the others
        raise PrintError(error(item.path, "P003", f"typesetting failed: {exc}")) from exc


def document_pdf(path: str | Path, settings: Settings, params: dict | None = None,
                 xsl: str | Path | None = None) -> bytes:
    """Return the PDF of one TEI document; raise PrintError if it cannot be typeset."""
    return article_pdf(article(path, params, xsl), settings, params, xsl)


def volume_pdf(articles: list[Article], settings: Settings, persons: dict[str, Person],
               params: dict | None = None, xsl: str | Path | None = None) -> bytes:
    """Return the PDF of the volume: the articles in chronological order and the index of persons."""
    ordered = chronological(articles)
    with_index = any(item.mentions for item in ordered)
    book = typeset(book_html(ordered, settings, kind="volume", with_index=with_index, params=params, xsl=xsl))
    if not with_index:
        return book.write_pdf()
    entries = index_entries(ordered, page_anchors(book), persons)
    # The book's last page holds the index heading; the index itself replaces it, numbered on.
    return book.copy(book.pages[:-1] + index_pages(entries, settings, len(book.pages), params, xsl)).write_pdf()


def index_pages(entries, settings: Settings, first_page: int, params: dict | None = None,
                xsl: str | Path | None = None) -> list:
    """Typeset the index of persons as the book's pages from first_page on, each on its own side.

    Laid out on its own, the index would begin on a right page; an even first page is a left one,
    so the index is typeset behind a blank leading page, which is dropped.
    """
    pages = typeset(index_html(entries, settings, first_page, params, xsl)).pages
    return pages[1:] if first_page % 2 == 0 else pages


def write_volume(target: Path, articles: list[Article], settings: Settings, persons: dict[str, Person],
                 params: dict | None = None, xsl: str | Path | None = None) -> list[Diagnostic]:
    """Typeset the volume into target (atomically); return the diagnostic if it cannot be typeset."""
    try:
        data = volume_pdf(articles, settings, persons, params, xsl)
    except Exception as exc:  # a failed volume is reported; the per-document PDFs stand
        return [error(target, "P003", f"typesetting the volume failed: {exc}")]
    tei.write_atomic(target, data)
    return []
