"""The HTML edition: document pages, collection pages from their summaries, and the "html" build stage.

Site layout (relative to the site root): documents/ID.html, tei/ID.xml (a copy of the
source), print/ID.pdf (when PDFs exist), index.html (chronological table), persons/ and
places/ (index.html and ID.html per register entry), search.html with assets/search-index.js
(the manifest of the search shards assets/search/N.js), and assets/ (CSS, scripts) copied
from xslt/html/. The hidden folder .teikit/ holds what incremental rebuilds need: each
document's search entry (.teikit/search/ID.json) and the digests of the collection pages.
"""

from __future__ import annotations

import gc
import hashlib
import json
import math
import os
import re
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Iterator

import orjson
from lxml import etree

from .. import diagnostics
from ..diagnostics import Diagnostic
from ..edition import Edition, Settings
from ..pipeline import Stage, Task, TaskResult
from ..resources import xslt_path
from ..tei import NSMAP, TEI_NS, XML_ID, UnsafeXMLError, parse, parse_bytes, serialize, write_atomic
from . import saxon

SITE_NS = "urn:teikit:site"
_SAFE_KEY = re.compile(r"^[A-Za-z0-9_.\-]+$")
_REGISTER_OF = {"per": "persons", "org": "persons", "pla": "places"}
# Where each shipped asset comes from (below xslt/html/) and goes (below the site's assets/).
ASSETS = {"css/teikit.css": "teikit.css", "js/teikit.js": "teikit.js", "js/search.js": "search.js",
          "img/favicon.svg": "favicon.svg"}
# Authority files whose register idno values become links on person and place pages.
AUTHORITY_URLS = {
    "wikidata": ("Wikidata", "https://www.wikidata.org/wiki/{}"),
    "viaf": ("VIAF", "https://viaf.org/viaf/{}"),
    "geonames": ("GeoNames", "https://www.geonames.org/{}"),
    "gnd": ("GND", "https://d-nb.info/gnd/{}"),
}
# The site's bookkeeping folder, its per-document search entries and its collection-page digests.
STATE_DIR = ".teikit"
SEARCH_ENTRIES = f"{STATE_DIR}/search"
PAGE_DIGESTS = f"{STATE_DIR}/pages.json"
# About this many documents go into one search shard.
SHARD_SIZE = 500
SEARCH_MANIFEST = "assets/search-index.js"
MANIFEST_PREFIX = "window.TEIKIT_SEARCH_INDEX = "


class RenderError(Exception):
    """A document could not be rendered; carries the diagnostic that says why and where."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.format())
        self.diagnostic = diagnostic


def stylesheet() -> Path:
    """Return the entry stylesheet of the HTML edition."""
    return xslt_path("html", "html.xsl")


def doc_id(path: str | Path) -> str:
    """Return the page id of a TEI file: its file name without .xml, made safe for URLs."""
    return re.sub(r"[^A-Za-z0-9_.\-]", "_", Path(path).stem) or "document"


def site_params(settings: Settings, pdf: bool = False) -> dict:
    """Return the stylesheet parameters that come from the edition's settings."""
    base = settings.base_url
    if base and not base.endswith("/"):
        base += "/"
    return {"edition-title": settings.title, "edition-editors": "; ".join(settings.editors),
            "publisher": settings.publisher, "licence": settings.licence,
            "licence-url": settings.licence_url, "base-url": base, "lang": settings.language,
            "pdf": pdf}


def _text(element) -> str:
    """Text of an element without its notes, whitespace normalised (as tk:text in XSLT)."""
    parts = element.xpath(".//text()[not(ancestor::tei:note)]", namespaces=NSMAP)
    return " ".join("".join(parts).split())


def _first(tree, *paths) -> str:
    for path in paths:
        for element in tree.xpath(path, namespaces=NSMAP):
            value = element if isinstance(element, str) else _text(element)
            if value.strip():
                return " ".join(value.split())
    return ""


def register_target(ref: str | None) -> tuple[str, str] | None:
    """Return (register folder, key) for a pointer such as 'per:kim-il-sung', as tk:register does."""
    prefix, sep, key = (ref or "").strip().partition(":")
    if not sep or prefix not in _REGISTER_OF or not _SAFE_KEY.match(key):
        return None
    return _REGISTER_OF[prefix], key


def summarize(tree: etree._ElementTree, ident: str) -> dict:
    """Return the facts collection pages need about one document (mirrors common_meta.xsl)."""
    header = "/*/tei:teiHeader"
    ms = f"{header}/tei:fileDesc/tei:sourceDesc/tei:msDesc/tei:msIdentifier"
    archive = " ".join(_text(e) for e in tree.xpath(f"{ms}/tei:repository | {ms}/tei:collection | {ms}/tei:idno",
                                                    namespaces=NSMAP) if _text(e))
    # Mentions grouped by pointer ({ref: [[anchor, text], ...]}), anchors numbered as the page numbers them.
    mentions: dict[str, list[list[str]]] = {}
    count = 0
    for element in tree.xpath("//tei:text//*[@ref]", namespaces=NSMAP):
        ref = (element.get("ref") or "").strip()
        if register_target(ref) is not None:
            count += 1
            mentions.setdefault(ref, []).append([f"m{count}", _text(element)])
    when = _first(tree, f"{header}/tei:profileDesc/tei:creation/tei:date/@when", "(//tei:text//tei:date/@when)[1]")
    return {
        "id": ident,
        "title": _first(tree, f"{header}/tei:fileDesc/tei:titleStmt/tei:title[@type='main']",
                        f"{header}/tei:fileDesc/tei:titleStmt/tei:title[not(@type='sub')]",
                        f"{header}/tei:fileDesc/tei:titleStmt/tei:title", "(//tei:text//tei:head)[1]") or "Untitled",
        "when": when,
        "date": _first(tree, f"{header}/tei:profileDesc/tei:creation/tei:date") or when,
        "lang": _original_language(tree, header),
        "archive": archive or _first(tree, f"{header}/tei:fileDesc/tei:publicationStmt/tei:idno[@type='archive']"),
        "mentions": mentions,
    }


# Elements whose content is a separate run of words: their text must not run into their neighbours'.
_SEPARATE = {"p", "ab", "head", "speaker", "stage", "sp", "l", "lg", "item", "label", "cell", "row", "opener",
             "closer", "signed", "dateline", "salute", "postscript", "div", "note", "sic", "corr", "orig", "reg",
             "abbr", "expan", "lem", "rdg", "pb", "cb", "said", "list", "table", "trailer", "byline"}


def search_text(tree: etree._ElementTree) -> str:
    """Return the words of tei:text for the search index, alternatives (sic, corr...) kept apart."""
    parts: list[str] = []
    for text in tree.xpath("//tei:text[not(ancestor::tei:text)]", namespaces=NSMAP):
        for event, element in etree.iterwalk(text, events=("start", "end")):
            if not isinstance(element.tag, str):
                if event == "end" and element.tail:
                    parts.append(element.tail)
                continue
            separate = etree.QName(element).localname in _SEPARATE
            if event == "start":
                parts.append(" " if separate else "")
                parts.append(element.text or "")
            else:
                parts.append(" " if separate else "")
                if element is not text:
                    parts.append(element.tail or "")
    return " ".join("".join(parts).split())


def _original_language(tree, header: str) -> str:
    textlang = _first(tree, f"({header}//tei:msContents/tei:textLang)[1]")
    if textlang:
        return textlang
    lower = "translate(., 'ORIGINAL', 'original')"
    marked = _first(tree, f"{header}/tei:profileDesc/tei:langUsage/tei:language[contains({lower}, 'original')]")
    return re.sub(r"\s*\(original\)", "", marked, flags=re.I)


def _render(path: Path, params: dict | None, xsl: str | Path | None) -> tuple[str, etree._ElementTree]:
    """Render one TEI file with the HTML stylesheet; return (page, parsed TEI). Raise RenderError."""
    try:
        data = path.read_bytes()
        tree = parse_bytes(data, base_url=str(path))
    except OSError as exc:
        raise RenderError(diagnostics.error(path, "io", f"cannot read: {exc.strerror or exc}")) from exc
    except UnsafeXMLError as exc:
        raise RenderError(diagnostics.error(path, "xml-unsafe", str(exc), exc.line, exc.col)) from exc
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (exc.lineno or 0, 0)
        message = re.sub(r", line \d+, column \d+$", "", exc.msg or "syntax error")
        raise RenderError(diagnostics.error(path, "xml-syntax", f"not well-formed: {message}", line, col)) from exc
    values = {"root": "../", "doc-id": doc_id(path), **(params or {})}
    try:
        # Saxon gets the bytes lxml has already checked, never the file (it would read a DTD).
        page = saxon.transform(xsl or stylesheet(), serialize(tree), values)
    except saxon.TransformError as exc:
        raise RenderError(diagnostics.error(path, "xslt", f"the HTML stylesheet failed: {exc}")) from exc
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


def render_task(path: str | Path, site: str | Path, params: dict | None = None) -> TaskResult:
    """Render one document into the site (its page, TEI copy and search entry) and return its result."""
    path, site = Path(path), Path(site)
    ident = doc_id(path)
    try:
        page, tree = _render(path, params, None)
    except RenderError as exc:
        return TaskResult(key=str(path), ok=False, diagnostics=[exc.diagnostic])
    summary = summarize(tree, ident)
    entry = search_entry(summary, search_text(tree))
    # The summary keeps only the entry's digest: the words stay in the side file, out of the cache.
    summary["search"] = hashlib.sha256(entry).hexdigest()[:16]
    html_path = site / "documents" / f"{ident}.html"
    tei_path = site / "tei" / f"{ident}.xml"
    entry_path = site / SEARCH_ENTRIES / f"{ident}.json"
    write_atomic(html_path, page)
    write_atomic(tei_path, path.read_bytes())
    write_atomic(entry_path, entry)
    refs = sorted(summary["mentions"])
    return TaskResult(key=str(path), outputs=[str(html_path), str(tei_path), str(entry_path)], summary=summary,
                      register_refs=refs)


@dataclass
class Entry:
    """A register entry as the site shows it: main name, other forms, facts, authority links."""

    register: str
    key: str
    name: str
    forms: tuple[str, ...] = ()
    facts: tuple[tuple[str, str], ...] = ()
    links: tuple[tuple[str, str, str], ...] = ()


def load_registers(paths) -> tuple[dict[tuple[str, str], Entry], list[Diagnostic]]:
    """Read persons.xml / places.xml into entries keyed by (register folder, key)."""
    entries: dict[tuple[str, str], Entry] = {}
    problems = []
    for path in paths:
        try:
            tree = parse(path)
        except (OSError, UnsafeXMLError, etree.XMLSyntaxError) as exc:
            line = getattr(exc, "lineno", 0) or getattr(exc, "line", 0)
            problems.append(diagnostics.error(path, "register", f"register not read: {exc}", line))
            continue
        for element in tree.xpath("//tei:person | //tei:org | //tei:place", namespaces=NSMAP):
            key = element.get(XML_ID) or ""
            if not _SAFE_KEY.match(key):
                continue
            register = "places" if element.tag == f"{{{TEI_NS}}}place" else "persons"
            names = element.xpath("tei:persName | tei:orgName | tei:placeName", namespaces=NSMAP)
            main = next((n for n in names if n.get("type") == "main"), names[0] if names else None)
            facts = tuple((etree.QName(e).localname.capitalize(), _text(e)) for e in element.xpath(
                "tei:occupation | tei:roleName | tei:affiliation | tei:birth | tei:death | tei:location/tei:geo"
                " | tei:note", namespaces=NSMAP) if _text(e))
            links = []
            for idno in element.xpath("tei:idno", namespaces=NSMAP):
                kind, value = (idno.get("type") or "").lower(), _text(idno)
                if kind in AUTHORITY_URLS and _SAFE_KEY.match(value):
                    label, url = AUTHORITY_URLS[kind]
                    links.append((label, url.format(value), value))
            entries[(register, key)] = Entry(
                register, key, _text(main) if main is not None else key,
                tuple(_text(n) for n in names if n is not main and _text(n)), facts, tuple(links))
    return entries, problems


def _page(kind: str, title: str, root: str = "") -> etree._Element:
    page = etree.Element(f"{{{SITE_NS}}}page", nsmap={"s": SITE_NS})
    page.set("kind", kind)
    page.set("title", title)
    page.set("root", root)
    return page


def _add(parent, tag: str, text: str | None = None, **attrs) -> etree._Element:
    child = etree.SubElement(parent, f"{{{SITE_NS}}}{tag}", {k: str(v) for k, v in attrs.items()})
    if text is not None:
        child.text = text
    return child


def _sort_key(summary: dict) -> tuple:
    # Undated documents go last; ties are broken by title and id so the order is stable.
    return (summary["when"] == "", summary["when"], summary["title"].casefold(), summary["id"])


def _index_page(summaries: list[dict]) -> etree._Element:
    index = _page("index", "Documents")
    for s in summaries:
        _add(index, "doc", href=f"documents/{s['id']}.html", when=s["when"], date=s["date"],
             lang=s["lang"], archive=s["archive"], title=s["title"])
    return index


def _entry_page(kind: str, entry: Entry, found: list[tuple[dict, list[list[str]]]]) -> etree._Element:
    page = _page(kind, entry.name, "../")
    for form in entry.forms:
        _add(page, "form", form)
    for label, value in entry.facts:
        _add(page, "fact", value, label=label)
    for label, url, value in entry.links:
        _add(page, "link", value, href=url, label=label)
    by_doc: dict[str, tuple[dict, list]] = {}
    for s, items in found:
        by_doc.setdefault(s["id"], (s, []))[1].extend(items)
    for s, items in by_doc.values():
        doc = _add(page, "doc", href=f"../documents/{s['id']}.html", title=s["title"], date=s["date"])
        # In the order of the text (per: and org: pointers to one entry are kept apart in the summary).
        for anchor, text in sorted(items, key=lambda item: int(item[0][1:])):
            _add(doc, "mention", text or entry.name, href=f"../documents/{s['id']}.html#{anchor}")
    return page


def _listing_page(register: str, label: str, rows: list[tuple[str, str, int, int]]) -> etree._Element:
    listing = _page(register, label, "../")
    for key, name, count, documents in rows:
        _add(listing, "entry", href=f"{key}.html", name=name, count=count, documents=documents)
    return listing


def _shown(summary: dict) -> bytes:
    """Return a digest of what collection pages show of a document (everything in its summary but its words)."""
    fields = (summary["id"], summary["title"], summary["date"], summary["when"], summary["lang"], summary["archive"],
              summary["mentions"])
    return hashlib.sha256(orjson.dumps(fields)).digest()[:8]


def collection_pages(summaries: list[dict], entries: dict[tuple[str, str], Entry]
                     ) -> Iterator[tuple[str, str, Callable[[], etree._Element]]]:
    """Yield (site-relative path, digest of what it shows, function building its description) per collection page."""
    # The digests come from the summaries alone, so pages that did not change cost no XML work.
    summaries = sorted(summaries, key=_sort_key)
    shown = {s["id"]: _shown(s) for s in summaries}
    yield "index.html", hashlib.sha256(b"".join(shown.values())).hexdigest()[:16], partial(_index_page, summaries)
    yield "search.html", "search", partial(_page, "search", "Search")

    mentions: dict[tuple[str, str], list[tuple[dict, list[list[str]]]]] = {}
    targets: dict[str, tuple[str, str] | None] = {}
    for s in summaries:
        for ref, items in s["mentions"].items():
            if ref not in targets:
                targets[ref] = register_target(ref)
            mentions.setdefault(targets[ref], []).append((s, items))
    every = dict(entries)
    for register, key in mentions:
        # A name pointing at a key the register lacks still gets a page, so no link dangles.
        every.setdefault((register, key), Entry(register, key, mentions[(register, key)][0][1][0][1] or key))
    for register, label, kind in (("persons", "Persons and organizations", "person"), ("places", "Places", "place")):
        rows = []
        chosen = sorted((e for e in every.values() if e.register == register), key=lambda e: (e.name.casefold(), e.key))
        for entry in chosen:
            found = mentions.get((register, entry.key), [])
            docs = list(dict.fromkeys(s["id"] for s, _ in found))
            rows.append((entry.key, entry.name, sum(len(items) for _, items in found), len(docs)))
            digest = hashlib.sha256(orjson.dumps((entry.name, entry.forms, entry.facts, entry.links)))
            digest.update(b"".join(shown[d] for d in docs))
            yield f"{register}/{entry.key}.html", digest.hexdigest()[:16], partial(_entry_page, kind, entry, found)
        yield (f"{register}/index.html", hashlib.sha256(orjson.dumps(rows)).hexdigest()[:16],
               partial(_listing_page, register, label, rows))


def shard_count(documents: int) -> int:
    """Return the number of search shards for a site: a power of two giving about SHARD_SIZE documents each."""
    return 1 << max(0, math.ceil(math.log2(max(1, math.ceil(documents / SHARD_SIZE)))))


def shard_of(ident: str, shards: int) -> int:
    """Return the shard a document's search entry goes into (a stable hash of its id)."""
    return int(hashlib.sha256(ident.encode("utf-8")).hexdigest()[:8], 16) % shards


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:16]


def _read_manifest(site: Path) -> dict:
    """Return the search manifest a previous build wrote ({} when there is none or it is not readable)."""
    try:
        text = (site / SEARCH_MANIFEST).read_text(encoding="ascii")
        return json.loads(text[len(MANIFEST_PREFIX):].rstrip().rstrip(";"))
    except (OSError, ValueError):
        return {}


def write_search_index(site: str | Path, summaries: list[dict]) -> list[str]:
    """Write the search shards whose documents changed and the manifest listing them; return the shards written."""
    # A shard (assets/search/N.js) concatenates its documents' entries, read from .teikit/search/
    # one shard at a time, so memory is bounded by the shard size, not the edition's.
    site = Path(site)
    shards = shard_count(len(summaries))
    members: list[list[dict]] = [[] for _ in range(shards)]
    for s in summaries:
        members[shard_of(s["id"], shards)].append(s)
    before = {shard["src"]: shard["v"] for shard in _read_manifest(site).get("shards", [])}
    folder = site / "assets" / "search"
    present = _listing(folder)
    listed, written = [], []
    for number, chosen in enumerate(members):
        chosen.sort(key=lambda s: s["id"])
        src = f"search/{number}.js"
        version = _digest(str(shards), *(f"{s['id']}\0{s['search']}" for s in chosen))
        listed.append({"src": src, "v": version})
        if before.get(src) == version and f"{number}.js" in present:
            continue
        entries = [(site / SEARCH_ENTRIES / f"{s['id']}.json").read_bytes() for s in chosen]
        write_atomic(folder / f"{number}.js", b"(window.TEIKIT_SEARCH = window.TEIKIT_SEARCH || []).push(["
                     + b",".join(entries) + b"]);\n")
        written.append(src)
    for stale in sorted(present - {f"{n}.js" for n in range(shards)}):
        (folder / stale).unlink()
    manifest = MANIFEST_PREFIX + json.dumps({"documents": len(summaries), "shards": listed}, sort_keys=True) + ";\n"
    _write_if_changed(site / SEARCH_MANIFEST, manifest.encode("ascii"))
    # Entries of documents no longer in the site go, so the folder does not grow without bound.
    keep = {f"{s['id']}.json" for s in summaries}
    for stale in sorted(_listing(site / SEARCH_ENTRIES) - keep):
        (site / SEARCH_ENTRIES / stale).unlink()
    return written


def _write_if_changed(path: Path, data: bytes) -> bool:
    """Write a file atomically unless it already holds exactly these bytes; return whether it was written."""
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomic(path, data)
    return True


def _listing(folder: Path) -> set[str]:
    """Return the names in a folder (none when it does not exist)."""
    try:
        with os.scandir(folder) as entries:
            return {e.name for e in entries}
    except OSError:
        return set()


def _existing(site: Path, relatives) -> set[str]:
    """Return which of the site-relative paths exist, listing each folder once."""
    found = set()
    for folder in sorted({os.path.dirname(r) for r in relatives}):
        found.update(f"{folder}/{name}" if folder else name for name in _listing(site / folder))
    return found


def write_collection_pages(site: str | Path, pages: Iterable[tuple[str, str, Callable[[], etree._Element]]],
                           params: dict | None = None) -> list[str]:
    """Transform and write the collection pages whose digest changed or whose file is missing; return them."""
    # .teikit/pages.json keeps each page's digest; pages listed there but no longer made
    # (register entries nobody mentions any more) are removed.
    site = Path(site)
    try:
        state = json.loads((site / PAGE_DIGESTS).read_bytes())
    except (OSError, ValueError):
        state = {}
    # A changed stylesheet, parameter or rendering code redoes every page.
    code = hashlib.sha256(Path(__file__).read_bytes() + Path(saxon.__file__).read_bytes()).hexdigest()
    key = _digest(code, stylesheet_fingerprint(), json.dumps(params or {}, sort_keys=True))
    before = state.get("pages", {}) if state.get("key") == key else {}
    existing = _existing(site, before)
    digests, written = {}, []
    for relative, digest, describe in pages:
        digests[relative] = digest
        if before.get(relative) == digest and relative in existing:
            continue
        page = describe()
        values = {**(params or {}), "root": page.get("root")}
        write_atomic(site / relative, saxon.transform(stylesheet(), serialize(page), values))
        written.append(relative)
    for relative in sorted(set(state.get("pages", {})) - set(digests)):
        (site / relative).unlink(missing_ok=True)
    _write_if_changed(site / PAGE_DIGESTS, json.dumps({"key": key, "pages": digests}, sort_keys=True).encode("ascii"))
    return sorted(written)


@contextmanager
def _collector_paused():
    """Pause the cyclic garbage collector, which would rescan every summary over and over while pages are described."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build_site(site: str | Path, summaries: list[dict], register_paths=(), params: dict | None = None,
               pdf_dir: str | Path | None = None) -> list[Diagnostic]:
    """Write the collection pages, search shards and assets of a rendered site that changed since its last build."""
    site = Path(site)
    entries, problems = load_registers(register_paths)
    # Describing the pages makes many small objects and no reference cycles.
    with _collector_paused():
        write_collection_pages(site, collection_pages(summaries, entries), params)
        write_search_index(site, summaries)
    for source, target in ASSETS.items():
        _write_if_changed(site / "assets" / target, xslt_path("html", *source.split("/")).read_bytes())
    if pdf_dir is not None:
        for s in summaries:
            pdf = Path(pdf_dir) / f"{s['id']}.pdf"
            if pdf.is_file():
                write_atomic(site / "print" / pdf.name, pdf.read_bytes())
    return problems


def _render_one(job: tuple[str, str, dict]) -> TaskResult:
    return render_task(*job)


def render_paths(paths, site: str | Path, params: dict | None = None, jobs: int | None = None) -> list[TaskResult]:
    """Render many TEI files into a site's documents/, in a process pool when jobs > 1."""
    work = [(str(p), str(site), params or {}) for p in paths]
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(work) < 2:
        return [_render_one(job) for job in work]
    # Chunks amortise the inter-process round trip; each worker compiles the stylesheet once.
    chunk = max(1, min(32, len(work) // (jobs * 4) or 1))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(_render_one, work, chunksize=chunk))


def stylesheet_fingerprint() -> str:
    """Return a hash of every file of xslt/common and xslt/html (a change redoes every page)."""
    digest = hashlib.sha256()
    for folder in (xslt_path("common"), xslt_path("html")):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(path.relative_to(folder.parent).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


class HtmlStage(Stage):
    """The "html" build stage: one page per document, then the collection pages into build/html/."""

    name = "html"

    def fingerprint(self, edition: Edition) -> str:
        """Return the stylesheets' hash plus the settings that appear on every page."""
        return stylesheet_fingerprint() + json.dumps(site_params(edition.settings), sort_keys=True)

    def plan(self, edition: Edition) -> list[Task]:
        """Return one task per TEI document of the edition; a document's PDF, when there is one, is an input too."""
        site = str(edition.html_dir)
        documents, tei = f"{site}/documents/", f"{site}/tei/"
        entries = f"{site}/{SEARCH_ENTRIES}/"
        print_dir = str(edition.print_dir)
        pdfs = _listing(edition.print_dir)
        with_pdf, without_pdf = site_params(edition.settings, True), site_params(edition.settings, False)
        tasks = []
        for path in edition.documents():
            ident = doc_id(path.name)
            pdf = f"{ident}.pdf" in pdfs
            inputs = (str(path), f"{print_dir}/{ident}.pdf") if pdf else (str(path),)
            outputs = (f"{documents}{ident}.html", f"{tei}{ident}.xml", f"{entries}{ident}.json")
            tasks.append(Task(self.name, ident, inputs, outputs,
                              {"site": site, "params": with_pdf if pdf else without_pdf}))
        return tasks

    @staticmethod
    def run(task: Task) -> TaskResult:
        """Render one document page and copy its PDF (a pure function of the task's inputs and parameters)."""
        result = render_task(task.inputs[0], task.params["site"], task.params["params"])
        result.key = task.key
        if result.ok and len(task.inputs) > 1:
            pdf = Path(task.inputs[1])
            copy = Path(task.params["site"]) / "print" / pdf.name
            write_atomic(copy, pdf.read_bytes())
            result.outputs.append(str(copy))
        return result

    def finish_outputs(self, edition: Edition) -> list[Path]:
        """Return the collection-level files whose absence makes the build run finish again."""
        return [edition.html_dir / "index.html", edition.html_dir / SEARCH_MANIFEST, edition.html_dir / PAGE_DIGESTS]

    def finish(self, edition: Edition, results: list[TaskResult]) -> list[Diagnostic]:
        """Write the collection pages and search shards that changed, from the documents that rendered."""
        summaries = [r.summary for r in results if r.ok and r.summary]
        return build_site(edition.html_dir, summaries, edition.register_paths(), site_params(edition.settings))
