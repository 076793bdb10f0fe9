"""The HTML edition's document pages: render one TEI document, summarise it for the collection pages.

A document's page goes to documents/ID.html, a copy of its TEI to tei/ID.xml and its search
entry to .teikit/search/ID.json; teikit.render.collection makes the collection level from the
summaries (index, register pages, search index); teikit.stages.html is the build stage over both.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .. import diagnostics
from ..diagnostics import Diagnostic
from ..edition import Settings
from ..meta import read_meta
from ..resources import xslt_path
from ..tei import load_document, read_document, serialize, write_atomic, xpath
from . import facts, saxon
from .edition_params import edition_params

SAFE_KEY = re.compile(r"^[A-Za-z0-9_.\-]+$")
_REGISTER_OF = {"per": "persons", "org": "organizations", "pla": "places"}
# The site's bookkeeping folder, its per-document search entries and its state database.
STATE_DIR = ".teikit"
SEARCH_ENTRIES = f"{STATE_DIR}/search"
# Each document's mentions in their sentences ({anchor: [before, as published, after]}), for the entries' pages.
MENTION_CONTEXTS = f"{STATE_DIR}/mentions"


@dataclass
class Rendered:
    """One document rendered into a site: whether it was, why not, the files written, its summary and the register entries it cites."""

    key: str
    ok: bool = True
    diagnostics: list[Diagnostic] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    register_refs: list[str] = field(default_factory=list)


class RenderError(Exception):
    """A document could not be rendered; carries the diagnostic that says why and where."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.format())
        self.diagnostic = diagnostic


@functools.lru_cache(maxsize=None)
def stylesheet() -> Path:
    """Return the entry stylesheet of the HTML edition (looked up once per process)."""
    return xslt_path("html", "html.xsl")


def doc_id(path: str | Path) -> str:
    """Return the page id of a TEI file: its file name without .xml, made safe for URLs."""
    stem = os.path.splitext(os.path.basename(os.fspath(path)))[0]
    return re.sub(r"[^A-Za-z0-9_.\-]", "_", stem) or "document"


def site_params(settings: Settings, pdf: bool = False, fallback_title: str = "") -> dict:
    """Return the stylesheet parameters that come from the edition's settings.

    An edition whose settings give no title takes `fallback_title` (see site_title).
    """
    title = settings.title if settings.title != Settings.title or not fallback_title else fallback_title
    return {**edition_params(settings), "edition-title": title, "pdf": pdf}


def site_title(paths: list[Path]) -> str:
    """Return the title of a site made of TEI files without an edition title: the one document's, else its folder's.

    Documents in an edition's tei/ folder take the edition folder's name; documents from
    several folders, the name of the folder that holds them all.
    """
    if len(paths) == 1:
        tree = load_document(paths[0])
        title = "" if isinstance(tree, Diagnostic) else summarize(tree, "")["title"]
        if title and title != "Untitled":
            return title
    if not paths:
        return ""
    folder = Path(os.path.commonpath([Path(p).resolve().parent for p in paths]))
    if folder.name == "tei" and folder.parent.name:
        folder = folder.parent
    return folder.name


element_text = facts.element_text


def _first(tree, *paths) -> str:
    for path in paths:
        for element in xpath(path)(tree):
            value = element if isinstance(element, str) else element_text(element)
            if value.strip():
                return " ".join(value.split())
    return ""


def register_target(ref: str | None) -> tuple[str, str] | None:
    """Return (register folder, key) for a pointer such as 'per:kim-il-sung', as tk:register does."""
    prefix, sep, key = (ref or "").strip().partition(":")
    if not sep or prefix not in _REGISTER_OF or not SAFE_KEY.match(key):
        return None
    return _REGISTER_OF[prefix], key


def summarize(tree: etree._ElementTree, ident: str, elements: list | None = None) -> dict:
    """Return the facts collection pages need about one document (as common_meta.xsl reads them).

    `elements` are its mentions when the caller has them already (_mention_elements).
    """
    header = "/*/tei:teiHeader"
    # Mentions grouped by pointer ({ref: [[anchor, text], ...]}), anchors numbered as the page numbers them.
    mentions: dict[str, list[list[str]]] = {}
    for count, element in enumerate(_mention_elements(tree) if elements is None else elements, 1):
        mentions.setdefault(element.get("ref").strip(), []).append([f"m{count}", element_text(element)])
    # Title and date as the exports and the server read them: one DocumentMeta per document.
    meta = read_meta(tree)
    when, title = meta.when, meta.title or "Untitled"
    roles = {ref: found for ref, found in facts.roles(tree).items() if register_target(ref) is not None}
    return {
        "id": ident,
        "title": title,
        "when": when,
        "date": facts.format_date(_first(tree, f"{header}/tei:profileDesc/tei:creation/tei:date") or when),
        "lang": _original_language(tree, header),
        "archive": facts.archive(tree),
        "repositories": facts.repositories(tree),
        "collection": facts.collection(tree),
        "type": facts.document_type(tree, title),
        "mentions": mentions,
        "roles": roles,
    }


def _mention_elements(tree) -> list:
    return [e for e in xpath("//tei:text//*[@ref]")(tree)
            if register_target((e.get("ref") or "").strip()) is not None]


def mention_contexts(tree: etree._ElementTree, elements: list | None = None) -> dict[str, list[str]]:
    """Return each mention's sentence by anchor: {'m1': [words before, the mention as published, words after]}."""
    elements = _mention_elements(tree) if elements is None else elements
    return {f"m{n}": list(context) for n, context in enumerate(facts.contexts(elements), 1)}


def contexts_file(tree: etree._ElementTree, elements: list | None = None) -> bytes:
    """Return the side file of a document's mention contexts (.teikit/mentions/ID.json), as render_task writes it."""
    return json.dumps(mention_contexts(tree, elements), ensure_ascii=False, sort_keys=True).encode("utf-8")


# Elements whose content is a separate run of words: their text must not run into their neighbours'.
_SEPARATE = {"p", "ab", "head", "speaker", "stage", "sp", "l", "lg", "item", "label", "cell", "row", "opener",
             "closer", "signed", "dateline", "salute", "postscript", "div", "note", "sic", "corr", "orig", "reg",
             "abbr", "expan", "lem", "rdg", "pb", "cb", "lb", "said", "list", "table", "trailer", "byline"}
# Milestones that may split a word: with break="no" the word reads whole, in the index too.
_MILESTONES = {"lb", "pb", "cb"}
_SPACE_BEFORE_CLOSE = re.compile(r" (?=[,.;:!?)\]}»”’])")
_ORIGINAL = re.compile(r"\s*\(original\)", re.I)


def search_text(tree: etree._ElementTree) -> str:
    """Return the words of tei:text for the search index, alternatives (sic, corr...) kept apart."""
    parts: list[str] = []
    for text in xpath("//tei:text[not(ancestor::tei:text)]")(tree):
        for event, element in etree.iterwalk(text, events=("start", "end")):
            if not isinstance(element.tag, str):
                if event == "end" and element.tail:
                    parts.append(element.tail)
                continue
            name = element.tag.rpartition("}")[2]
            if name in _MILESTONES and element.get("break") == "no":
                # The word goes on across the break: no space on either side of it.
                if event == "start":
                    while parts and not parts[-1].strip():
                        parts.pop()
                    if parts:
                        parts[-1] = parts[-1].rstrip()
                else:
                    parts.append((element.tail or "").lstrip())
                continue
            separate = name in _SEPARATE
            if event == "start":
                parts.append(" " if separate else "")
                parts.append(element.text or "")
            else:
                parts.append(" " if separate else "")
                if element is not text:
                    parts.append(element.tail or "")
    # A note or other separate run just before a comma or stop leaves a space the text never had.
    return _SPACE_BEFORE_CLOSE.sub("", " ".join("".join(parts).split()))


def _original_language(tree, header: str) -> str:
    textlang = _first(tree, f"({header}//tei:msContents/tei:textLang)[1]")
    if textlang:
        return textlang
    lower = "translate(., 'ORIGINAL', 'original')"
    marked = _first(tree, f"{header}/tei:profileDesc/tei:langUsage/tei:language[contains({lower}, 'original')]")
    return _ORIGINAL.sub("", marked)


def _render(path: Path, params: dict | None, xsl: str | Path | None,
            data: bytes | None = None) -> tuple[str, etree._ElementTree]:
    """Render one TEI file (or its bytes, already read) with the HTML stylesheet; return (page, parsed TEI).

    Raise RenderError for a document the safe loader refuses or that is not TEI.
    """
    tree = load_document(path, data, tei_root=True)
    if isinstance(tree, Diagnostic):
        raise RenderError(tree)
    values = {"root": "../", "doc-id": doc_id(path), **(params or {})}
    try:
        # Saxon gets the bytes lxml has already checked, never the file (it would read a DTD).
        page = saxon.transform(xsl or stylesheet(), serialize(tree), values)
    except saxon.TransformError as exc:
        raise RenderError(diagnostics.error(path, "H002", f"the HTML stylesheet failed: {exc}")) from exc
    return page, tree


def render_document(path: str | Path, params: dict | None = None,
                    xsl: str | Path | None = None) -> tuple[str, dict]:
    """Render one TEI file as an HTML page; return (page, summary). Raise RenderError for bad input."""
    path = Path(path)
    page, tree = _render(path, params, xsl)
    return page, summarize(tree, doc_id(path))


def search_entry(summary: dict, text: str) -> bytes:
    """Return a document's entry of the search index: JSON of its id, title, dates, link and words."""
    entry = {"id": summary["id"], "title": summary["title"], "date": summary["date"], "when": summary["when"],
             "href": f"documents/{summary['id']}.html", "text": text}
    # ensure_ascii keeps the entry pure ASCII, so no character can end a script early.
    return json.dumps(entry, ensure_ascii=True, sort_keys=True).encode("ascii")


def document_entry(tree: etree._ElementTree, ident: str) -> bytes:
    """Return the search entry of a parsed document (what render_task writes to .teikit/search/ID.json)."""
    return search_entry(summarize(tree, ident), search_text(tree))


def render_task(path: str | Path, site: str | Path, params: dict | None = None,
                xsl: str | Path | None = None) -> Rendered:
    """Render one document into the site (its page, TEI copy and search entry) and return its result.

    `xsl` is the edition's own HTML stylesheet when it has one (Edition.own_stylesheet).
    """
    path, site = Path(path), Path(site)
    ident = doc_id(path)
    # Read once: the published TEI copy is the very bytes that were checked and rendered.
    data = read_document(path)
    if isinstance(data, Diagnostic):
        return Rendered(key=str(path), ok=False, diagnostics=[data])
    try:
        page, tree = _render(path, params, xsl, data)
    except RenderError as exc:
        return Rendered(key=str(path), ok=False, diagnostics=[exc.diagnostic])
    elements = _mention_elements(tree)
    summary = summarize(tree, ident, elements)
    entry = search_entry(summary, search_text(tree))
    contexts = contexts_file(tree, elements)
    # The summary keeps only digests: the words and sentences stay in side files, out of the cache.
    summary["search"] = hashlib.sha256(entry).hexdigest()[:16]
    summary["contexts"] = hashlib.sha256(contexts).hexdigest()[:16]
    html_path = site / "documents" / f"{ident}.html"
    tei_path = site / "tei" / f"{ident}.xml"
    entry_path = site / SEARCH_ENTRIES / f"{ident}.json"
    contexts_path = site / MENTION_CONTEXTS / f"{ident}.json"
    write_atomic(html_path, page)
    write_atomic(tei_path, data)
    write_atomic(entry_path, entry)
    write_atomic(contexts_path, contexts)
    refs = sorted(summary["mentions"].keys() | summary["roles"].keys())
    return Rendered(key=str(path), outputs=[str(html_path), str(tei_path), str(entry_path), str(contexts_path)],
                      summary=summary, register_refs=refs)


def folder_names(folder: Path) -> set[str]:
    """Return the names in a folder (none when it does not exist)."""
    try:
        with os.scandir(folder) as entries:
            return {e.name for e in entries}
    except OSError:
        return set()


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write a file atomically unless it already holds exactly these bytes; return whether it was written."""
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomic(path, data)
    return True


def render_paths(paths, site: str | Path, params: dict | None = None, xsl: str | Path | None = None) -> list[Rendered]:
    """Render many TEI files into a site's documents/, one after another in this process (xsl: the edition's own).

    `teikit render html` and the build run `render_task` per document on the build's executors (teikit.stages.html).
    """
    return [render_task(str(path), str(site), params or {}, str(xsl) if xsl else None) for path in paths]


def stylesheet_fingerprint(own: str | Path | None = None) -> str:
    """Return a hash of every file of xslt/common and xslt/html, and of the edition's own (a change redoes every page)."""
    digest = hashlib.sha256()
    for folder in (xslt_path("common"), xslt_path("html")) + ((Path(own).parent,) if own else ()):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(path.relative_to(folder.parent).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
