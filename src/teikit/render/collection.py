"""The HTML edition's collection level: index, register and search pages from the documents' summaries.

Site layout (relative to the site root): documents/ID.html, tei/ID.xml (a copy of the
source), print/ID.pdf (when PDFs exist), index.html (chronological table), persons/ and
places/ (index.html and ID.html per register entry), search.html with assets/search-index.js
(the manifest of the search shards assets/search/N.js), and assets/ (CSS, scripts) copied
from xslt/html/. Long lists are split into pages: index.html, index~2.html...; persons/KEY.html,
persons/KEY~2.html...; persons/index.html, persons/index~2.html... The hidden folder .teikit/
holds what incremental rebuilds need: each document's search entry (.teikit/search/ID.json)
and the site's state database (.teikit/site.sqlite: documents, mentions, entries, page digests).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import sqlite3
from bisect import bisect_left, bisect_right, insort
from contextlib import closing
from functools import partial
from itertools import groupby
from pathlib import Path
from typing import Callable, Iterable, Iterator

import orjson

from .. import diagnostics
from ..damage import discard, is_damage
from ..diagnostics import Diagnostic
from ..resources import xslt_path
from ..tei import load_document, write_atomic
from . import facets, saxon
from .entries import RegisterPage, load_registers
from .html import (MENTION_CONTEXTS, SEARCH_ENTRIES, STATE_DIR, contexts_file, document_entry, folder_names,
                   register_target, stylesheet, stylesheet_fingerprint, write_if_changed)
from .index_names import letter
from .page_writer import PageWriter

SITE_NS = "urn:teikit:site"
# Where each shipped asset comes from (below xslt/html/) and goes (below the site's assets/).
ASSETS = {"css/teikit.css": "teikit.css", "js/teikit.js": "teikit.js", "js/search.js": "search.js",
          "js/facets.js": "facets.js", "img/favicon.svg": "favicon.svg"}
SITE_DB = f"{STATE_DIR}/site.sqlite"
# About this many documents per page of the chronological index and of an entry's mentions, and
# entries per page of a register's index (a page holds from a quarter to twice as many: see _cut):
# each page is one bounded Saxon transform, whatever the edition's size.
INDEX_PAGE_SIZE = 500
ENTRY_PAGE_SIZE = 200
LISTING_PAGE_SIZE = 1000
# About this many documents go into one search shard.
SHARD_SIZE = 500
SEARCH_MANIFEST = "assets/search-index.js"
MANIFEST_PREFIX = "window.TEIKIT_SEARCH_INDEX = "


# What lxml escapes: & < >, a carriage return (parsing would make it a newline), and in an attribute
# the quote and white space (parsing would make them spaces). No replacement holds a character
# another replaces, so one pass of str.translate does what a chain of replace does; most values
# need none, which one search tells (xml.sax.saxutils.escape would also import urllib, http and ssl).
_TEXT_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_ATTRIBUTE_ENTITIES = {**_TEXT_ENTITIES, '"': "&quot;", "\n": "&#10;", "\t": "&#9;"}
_TEXT_TABLE, _ATTRIBUTE_TABLE = str.maketrans(_TEXT_ENTITIES), str.maketrans(_ATTRIBUTE_ENTITIES)
_TEXT_SPECIAL = re.compile("[" + re.escape("".join(_TEXT_ENTITIES)) + "]")
_ATTRIBUTE_SPECIAL = re.compile("[" + re.escape("".join(_ATTRIBUTE_ENTITIES)) + "]")


def _text(value: str) -> str:
    """Escape text content as lxml does."""
    return value.translate(_TEXT_TABLE) if _TEXT_SPECIAL.search(value) else value


def _attribute(value: str) -> str:
    """Escape an attribute value (between double quotes) as lxml does."""
    return value.translate(_ATTRIBUTE_TABLE) if _ATTRIBUTE_SPECIAL.search(value) else value


class _Page:
    """A page description for the stylesheet (<s:page kind title root> in SITE_NS), written as XML text as it is made.

    A register entry's page describes every mention in its sentence: as lxml elements, making
    them cost more than transforming the page. Elements are added in document order.
    """

    def __init__(self, kind: str, title: str, root: str = ""):
        self.root = root
        self._parts = [f'<s:page xmlns:s="{SITE_NS}" kind="{_attribute(kind)}" title="{_attribute(title)}"'
                       f' root="{_attribute(root)}">']

    def add(self, tag: str, text: str | None = None, **attrs) -> None:
        """Add an element <s:tag> with these attributes and text (none: an empty element)."""
        head = "".join([f' {k}="{_attribute(str(v))}"' for k, v in attrs.items()])
        self._parts.append(f"<s:{tag}{head}></s:{tag}>" if text is None else f"<s:{tag}{head}>{_text(text)}</s:{tag}>")

    def start(self, tag: str, **attrs) -> None:
        """Open an element <s:tag> with these attributes: what is added until end(tag) goes into it."""
        self._parts.append(f"<s:{tag}" + "".join(f' {k}="{_attribute(str(v))}"' for k, v in attrs.items()) + ">")

    def end(self, tag: str) -> None:
        """Close the element last opened."""
        self._parts.append(f"</s:{tag}>")

    def source(self) -> bytes:
        """Return the description as an XML document (UTF-8)."""
        return ('<?xml version="1.0" encoding="UTF-8"?>\n' + "".join(self._parts) + "</s:page>\n").encode("utf-8")


def _shown(summary: dict) -> bytes:
    """Return a digest of what the index, the facets and the register listings show of a document."""
    mentions = {ref: [item[:2] for item in items] for ref, items in summary["mentions"].items()}
    fields = (summary["id"], summary["title"], summary["date"], summary["when"], summary["lang"], summary["archive"],
              summary.get("type", ""), summary.get("collection", ""), summary.get("repositories", []), mentions,
              summary.get("roles", {}))
    return hashlib.sha256(orjson.dumps(fields)).digest()[:8]


def _context(summary: dict) -> bytes:
    """Return the digest of the sentences around its mentions (shown on the register entries' pages only)."""
    return summary.get("contexts", "").encode("ascii")


def _id_hash(ident: str) -> int:
    """Return a stable 32-bit hash of a document id (it picks the document's search shard)."""
    return int(hashlib.sha256(ident.encode("utf-8")).hexdigest()[:8], 16)


def shard_count(documents: int) -> int:
    """Return the number of search shards for a site: a power of two giving about SHARD_SIZE documents each."""
    return 1 << max(0, math.ceil(math.log2(max(1, math.ceil(documents / SHARD_SIZE)))))


def shard_of(ident: str, shards: int) -> int:
    """Return the shard a document's search entry goes into (a stable hash of its id)."""
    return _id_hash(ident) % shards


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:16]


# The site's state: documents as collection pages show them, the register entries each cites
# (with every mention), the entries shown with their counts, and every collection page written
# with its span and digest. Summaries and mentions live here, not in Python memory, so a build's
# memory does not grow with the edition. A sort_key orders the rows of a paged list: documents as
# the index lists them (see _doc_sort_key), repeated in cites so an entry's documents come in that
# order straight from its primary key, and entries as their register's index lists them.
_SCHEMA = """
CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE docs(id TEXT PRIMARY KEY, sort_key TEXT NOT NULL, when_iso TEXT NOT NULL, title TEXT NOT NULL,
                  date TEXT NOT NULL, lang TEXT NOT NULL, archive TEXT NOT NULL, type TEXT NOT NULL,
                  shown BLOB NOT NULL, context BLOB NOT NULL, search TEXT NOT NULL, hash INTEGER NOT NULL);
CREATE TABLE facets(facet TEXT NOT NULL, value TEXT NOT NULL, doc_id TEXT NOT NULL,
                    PRIMARY KEY (facet, value, doc_id)) WITHOUT ROWID;
CREATE INDEX facets_doc ON facets(doc_id);
CREATE TABLE roles(register TEXT NOT NULL, key TEXT NOT NULL, doc_id TEXT NOT NULL, role TEXT NOT NULL,
                   PRIMARY KEY (register, key, doc_id, role)) WITHOUT ROWID;
CREATE INDEX roles_doc ON roles(doc_id);
CREATE INDEX docs_order ON docs(sort_key, hash);
CREATE TABLE cites(register TEXT NOT NULL, key TEXT NOT NULL, sort_key TEXT NOT NULL, doc_id TEXT NOT NULL,
                   hash INTEGER NOT NULL, PRIMARY KEY (register, key, sort_key)) WITHOUT ROWID;
CREATE INDEX cites_doc ON cites(doc_id);
CREATE TABLE mentions(register TEXT NOT NULL, key TEXT NOT NULL, doc_id TEXT NOT NULL, seq INTEGER NOT NULL,
                      anchor TEXT NOT NULL, text TEXT NOT NULL, before TEXT NOT NULL, keyword TEXT NOT NULL,
                      after TEXT NOT NULL);
CREATE INDEX mentions_entry ON mentions(register, key, doc_id, seq);
CREATE INDEX mentions_doc ON mentions(doc_id);
CREATE TABLE entries(register TEXT NOT NULL, key TEXT NOT NULL, registered TEXT, name TEXT NOT NULL,
                     index_name TEXT NOT NULL, sort_key TEXT NOT NULL, mention_count INTEGER NOT NULL,
                     document_count INTEGER NOT NULL, roles TEXT NOT NULL, hash INTEGER NOT NULL,
                     PRIMARY KEY (register, key));
CREATE INDEX entries_order ON entries(register, sort_key, hash);
CREATE TABLE pages(path TEXT PRIMARY KEY, kind TEXT NOT NULL, base TEXT NOT NULL, number INTEGER NOT NULL,
                   span TEXT NOT NULL, digest TEXT NOT NULL);
CREATE INDEX pages_base ON pages(base, number);
"""
# Derived from the schema text, so a changed schema makes an older database be made again.
SCHEMA_VERSION = hashlib.sha256(_SCHEMA.encode("utf-8")).hexdigest()[:16]
# (register folder, listing title, kind of its entry pages)
_REGISTERS = (("persons", "Persons", "person"), ("organizations", "Organizations", "organization"),
              ("places", "Places", "place"))


class SiteStateError(Exception):
    """The site's state database cannot take changes only: it is missing, older, or lacks kept documents."""


class SiteStateDamaged(Exception):
    """The site's state database was found damaged while in use, and discarded: the site must be made from every document."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def _state_warning(path: Path, reason: str) -> Diagnostic:
    return diagnostics.warning(path, "H001", f"the site's state database was damaged ({reason}): discarded and made again")


def _damage_of(path: Path) -> str:
    """Return why the database at path is damaged, or "" when it is missing or opens (a cheap test: its schema page)."""
    if not path.is_file():
        return ""
    try:
        with closing(sqlite3.connect(path)) as db:
            db.execute("SELECT name FROM sqlite_master").fetchall()
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            return str(exc)
        raise
    return ""


def site_state_ready(site: str | Path) -> bool:
    """Return whether the site has a state database of this schema, so a build may pass it changed documents only."""
    if not (Path(site) / SITE_DB).is_file():
        return False
    try:
        with closing(_read_state(Path(site))) as db:
            row = db.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
    except sqlite3.Error:
        return False
    return row is not None and row[0] == SCHEMA_VERSION


def _read_state(site: Path) -> sqlite3.Connection:
    """Open the site's state database for reading only."""
    return sqlite3.connect(f"{(site / SITE_DB).resolve().as_uri()}?mode=ro", uri=True)


def _ensure_schema(db: sqlite3.Connection) -> bool:
    """Create the state tables unless the database holds this schema already; return whether they were created."""
    try:
        row = db.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
    except sqlite3.OperationalError:
        row = None
    if row is not None and row[0] == SCHEMA_VERSION:
        return False
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
        db.execute(f'DROP TABLE "{name}"')
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)
    db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
    return True


def _doc_sort_key(summary: dict) -> str:
    """Return a string that sorts as the index does: undated documents last, then by date, title and id."""
    # The fields never hold U+0001 (XML forbids it), which sorts before every character they
    # hold: comparing the joined strings compares the fields in turn.
    when = summary["when"]
    return "\x01".join(("1" if when == "" else "0", when, summary["title"].casefold(), summary["id"]))


def _when(sort_key: str) -> str:
    """Return the ISO date a document's sort key holds."""
    return sort_key.split("\x01", 2)[1]


def _forget(db: sqlite3.Connection, ids: str, params: tuple = ()) -> None:
    """Delete documents (`ids`: SQL giving their ids), marking the rows they leave in each list and what they cited."""
    db.execute(f"INSERT OR IGNORE INTO touched SELECT 'index', sort_key FROM docs WHERE id IN ({ids})", params)
    db.execute("INSERT OR IGNORE INTO touched SELECT register || '/' || key, sort_key FROM cites"
               f" WHERE doc_id IN ({ids})", params)
    db.execute(f"INSERT OR IGNORE INTO affected SELECT register, key FROM cites WHERE doc_id IN ({ids})", params)
    for table, column in (("cites", "doc_id"), ("mentions", "doc_id"), ("roles", "doc_id"), ("facets", "doc_id"),
                          ("docs", "id")):
        db.execute(f"DELETE FROM {table} WHERE {column} IN ({ids})", params)


def _checked_contexts(site: Path, ident: str, digest: str, problems: list[Diagnostic]) -> dict | None:
    """Return a document's mention contexts once their side file matches its digest; a damaged one is made again.

    The file is made again from the site's copy of the document; when that cannot give the
    same file, the damaged one goes (so the next build renders the document again) and None
    is returned: its mentions show without their sentences until then.
    """
    path = site / MENTION_CONTEXTS / f"{ident}.json"
    try:
        data = path.read_bytes()
    except OSError:
        data = b""
    if hashlib.sha256(data).hexdigest()[:16] == digest:
        return orjson.loads(data)
    tree = load_document(site / "tei" / f"{ident}.xml")
    fresh = None if isinstance(tree, Diagnostic) else contexts_file(tree)
    if fresh is not None and hashlib.sha256(fresh).hexdigest()[:16] == digest:
        write_atomic(path, fresh)
        problems.append(diagnostics.warning(path, "H001", "damaged mention contexts: made again from the document"))
        return orjson.loads(fresh)
    path.unlink(missing_ok=True)
    problems.append(diagnostics.warning(path, "H001", "damaged mention contexts: the register pages show the"
                                        " document's mentions without their sentences until the next build renders it again"))
    return None


def _mention_rows(summary: dict, site: Path, problems: list[Diagnostic]) -> tuple[list[tuple], bytes]:
    """Return the rows of the mentions table for a document (entry, document, order, anchor, words and sentence) and
    the digest of the contexts they hold (empty when the side file was damaged, so the next build reads it again)."""
    ident, context = summary["id"], _context(summary)
    # A summary without a contexts digest (made by hand, in tests) has no side file: its mentions show without sentences.
    contexts = _checked_contexts(site, ident, summary["contexts"], problems) if "contexts" in summary else {}
    if contexts is None:
        contexts, context = {}, b""
    rows = [(*register_target(ref), ident, int(anchor[1:]), anchor, text, *(contexts.get(anchor) or ("", text, "")))
            for ref, items in summary["mentions"].items() for anchor, text in items]
    return rows, context


class _Inserts:
    """Rows of new documents to insert, gathered over many documents: one statement per table, not per document."""

    # Documents gathered before the rows go in (bounds memory; a statement per table per this many documents).
    SIZE = 256

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self.rows: dict[str, list[tuple]] = {}
        self.ids: set[str] = set()

    def add(self, statement: str, rows: Iterable[tuple]) -> None:
        """Gather rows for an INSERT statement."""
        self.rows.setdefault(statement, []).extend(rows)

    def flush(self) -> None:
        """Insert every row gathered, table by table in the order first met (rows in the order given)."""
        for statement, rows in self.rows.items():
            self.db.executemany(statement, rows)
        self.rows, self.ids = {}, set()


def _store_document(db: sqlite3.Connection, summary: dict, site: Path, problems: list[Diagnostic],
                    inserts: _Inserts) -> None:
    """Insert or update one document, marking its rows in each list and the entries it cites, before and after.

    A new document's rows are gathered in `inserts`; every other change is made at once (after
    inserting what was gathered, so the state read is whole).
    """
    ident, shown, context, search = summary["id"], _shown(summary), _context(summary), summary["search"]
    if ident in inserts.ids or len(inserts.ids) >= inserts.SIZE:
        inserts.flush()
    old = db.execute("SELECT shown, context, search FROM docs WHERE id = ?", (ident,)).fetchone()
    if old is not None:
        inserts.flush()
    if old is not None and old[0] == shown:
        if old[2] != search:
            db.execute("UPDATE docs SET search = ? WHERE id = ?", (search, ident))
        if old[1] != context:
            # Only the sentences around its mentions changed: the pages of the entries it cites show them.
            rows, context = _mention_rows(summary, site, problems)
            db.execute("UPDATE docs SET context = ? WHERE id = ?", (context, ident))
            before = set(db.execute("SELECT * FROM mentions WHERE doc_id = ?", (ident,)))
            # Only the entries one of whose sentences changed.
            entries = sorted({row[:2] for row in before.symmetric_difference(rows)})
            db.execute("DELETE FROM mentions WHERE doc_id = ?", (ident,))
            db.executemany("INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            db.executemany("INSERT OR IGNORE INTO affected VALUES (?, ?)", entries)
            sort_key = db.execute("SELECT sort_key FROM docs WHERE id = ?", (ident,)).fetchone()[0]
            db.executemany("INSERT OR IGNORE INTO touched VALUES (?, ?)",
                           [(f"{register}/{key}", sort_key) for register, key in entries])
        return
    if old is not None:
        _forget(db, "?", (ident,))
    sort_key, hashed = _doc_sort_key(summary), _id_hash(ident)
    mentions, context = _mention_rows(summary, site, problems)
    inserts.ids.add(ident)
    inserts.add("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(ident, sort_key, summary["when"], summary["title"], summary["date"], summary["lang"],
                  summary["archive"], summary.get("type", ""), shown, context, search, hashed)])
    roles = [(*register_target(ref), ident, role) for ref, found in summary.get("roles", {}).items()
             for role in found if register_target(ref) is not None]
    cited = sorted({m[:2] for m in mentions} | {r[:2] for r in roles})
    inserts.add("INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", mentions)
    inserts.add("INSERT OR IGNORE INTO roles VALUES (?, ?, ?, ?)", roles)
    inserts.add("INSERT INTO cites VALUES (?, ?, ?, ?, ?)", [(*c, sort_key, ident, hashed) for c in cited])
    inserts.add("INSERT OR IGNORE INTO facets VALUES (?, ?, ?)",
                [(facet, value, ident) for facet, value in facets.document_values(summary)])
    inserts.add("INSERT OR IGNORE INTO affected VALUES (?, ?)", cited)
    inserts.add("INSERT OR IGNORE INTO touched VALUES (?, ?)",
                [("index", sort_key), *((f"{register}/{key}", sort_key) for register, key in cited)])


def _store_documents(db: sqlite3.Connection, summaries: Iterable[dict], keep: Iterable[str] | None,
                     site: Path, problems: list[Diagnostic]) -> None:
    """Upsert the given documents and delete those not kept (all but the given ones when keep is None)."""
    db.execute("CREATE TEMP TABLE keep(id TEXT PRIMARY KEY)")
    db.execute("CREATE TEMP TABLE gone(id TEXT PRIMARY KEY)")
    if keep is not None:
        db.executemany("INSERT OR IGNORE INTO keep VALUES (?)", ((ident,) for ident in keep))
    inserts = _Inserts(db)
    for summary in summaries:
        if keep is None:
            db.execute("INSERT OR IGNORE INTO keep VALUES (?)", (summary["id"],))
        _store_document(db, summary, site, problems, inserts)
    inserts.flush()
    db.execute("INSERT INTO gone SELECT id FROM docs WHERE id NOT IN (SELECT id FROM keep)")
    _forget(db, "SELECT id FROM gone")
    # A kept document the database never saw would be missing from every page: only a full call can help.
    if db.execute("SELECT (SELECT COUNT(*) FROM docs) != (SELECT COUNT(*) FROM keep)").fetchone()[0]:
        raise SiteStateError("the site's state lacks documents that are kept; build the site from every document")


def _entry_digest(entry: RegisterPage) -> str:
    """Return a digest of what an entry page shows of a register entry."""
    fields = (entry.name, entry.forms, entry.facts, entry.links, entry.index_name, entry.sort_key)
    return hashlib.sha256(orjson.dumps(fields)).hexdigest()[:16]


def _store_registers(db: sqlite3.Connection,
                     registers: dict[tuple[str, str], RegisterPage]) -> dict[tuple[str, str], str]:
    """Mark affected the entries added to, changed in or removed from the registers; return every entry's digest."""
    digests = {target: _entry_digest(entry) for target, entry in registers.items()}
    seen, changed = set(), []
    for register, key, registered in db.execute(
            "SELECT register, key, registered FROM entries WHERE registered IS NOT NULL"):
        seen.add((register, key))
        if digests.get((register, key)) != registered:
            changed.append((register, key))
    changed.extend(digests.keys() - seen)
    db.executemany("INSERT OR IGNORE INTO affected VALUES (?, ?)", changed)
    return digests


def _note_missing_pages(db: sqlite3.Connection, site: Path) -> None:
    """Mark affected the entries one of whose page files has gone, so it is written again."""
    present: dict[str, set[str]] = {}
    missing = []
    for path, base in db.execute("SELECT path, base FROM pages WHERE kind = 'entry'"):
        folder, name = path.split("/", 1)
        if folder not in present:
            present[folder] = folder_names(site / folder)
        if name not in present[folder]:
            missing.append(tuple(base.split("/", 1)))
    db.executemany("INSERT OR IGNORE INTO affected VALUES (?, ?)", missing)


def _page_name(base: str, number: int) -> str:
    """Return the file of page `number` of a paged list: base.html, then base~2.html... ('~' is never in a key)."""
    return f"{base}.html" if number == 1 else f"{base}~{number}.html"


def _range(first: str, last: str) -> str:
    """Return the label of a page running from one value to another."""
    return first if first == last else f"{first} – {last}"


def _date_range(first: str, last: str) -> str:
    """Return the label of a page of documents from the sort keys of its first and last: their days (ISO)."""
    return _range(_when(first)[:10] or "undated", _when(last)[:10] or "undated")


def _cut(strong: list[int], total: int, size: int, first_weak: Callable[[int], int | None]) -> list[tuple[int, int]]:
    """Return the pages of a list of `total` rows as (first, last) positions (from 1).

    Walking the rows, a page ends at a row the hash of whose id picks it strongly once the page has
    a quarter of `size` rows, or weakly once it has `size` rows, provided a quarter of `size` rows
    are left; at the latest at twice `size` rows. A list of `size` rows or fewer is one page.
    `strong` lists the positions of the strongly picked rows; `first_weak(n)` returns the first
    weakly picked position from n on. So the pages depend on the rows alone (a site built in steps
    equals one built at once), and a row added or removed changes the page it falls in, not every
    later one as cutting every `size` rows would.
    """
    if total <= size:
        return [(1, total)]
    least, _, _, most = _page_limits(size)
    pages, start = [], 1
    while start <= total:
        candidates = []
        found = bisect_left(strong, start + least - 1)
        if found < len(strong) and total - strong[found] >= least:
            candidates.append(strong[found])
        if not candidates or candidates[0] > start + size - 1:
            weak = first_weak(start + size - 1) if start + size - 1 <= total else None
            if weak is not None and total - weak >= least:
                candidates.append(weak)
        if start + most - 1 <= total:
            candidates.append(start + most - 1)
        end = min(candidates, default=total)
        pages.append((start, end))
        start = end + 1
    return pages


def _page_limits(size: int) -> tuple[int, int, int, int]:
    """Return the least rows of a page, the moduli by which a row's hash picks it strongly and weakly, and the most."""
    least = max(1, size // 4)
    return least, max(1, size - least), max(1, size // 16), 2 * size


def _page_digest(*parts) -> str:
    """Return a digest of the JSON of some values."""
    return hashlib.sha256(orjson.dumps(parts)).hexdigest()[:16]


def _add_pages(page: _Page, name: str, number: int, labels: list[str]) -> None:
    """Describe the pages of a paged list: which one this is, how many there are, and each one's href and label."""
    page.start("pages", current=number, count=len(labels))
    for n, label in enumerate(labels, 1):
        page.add("go", href=_page_name(name, n), label=label)
    page.end("pages")


class _List:
    """A paged list of the site: the rows of a table where a condition holds, in sort_key order.

    Subclasses say which rows, what a page shows (row by row, for its digest) and how it is
    described for the stylesheet; pages of documents are labelled by dates.
    """

    kind = table = where = ""

    def __init__(self, db: sqlite3.Connection, base: str, size: int, args: tuple = (), shown: tuple = ()):
        self.db, self.base, self.size, self.args, self.shown = db, base, size, args, shown

    def select(self, columns: str, condition: str = "", params: tuple = ()) -> sqlite3.Cursor:
        """Run a SELECT over the list's rows (`condition` is ANDed to the list's own)."""
        return self.db.execute(f"SELECT {columns} FROM {self.table} WHERE {self.where} {condition}",
                               (*self.args, *params))

    def layout(self) -> list[tuple[str | None, str | None, int]]:
        """Return the list's pages as (first sort key, last sort key, rows), asking SQLite only about the cuts."""
        total, first, last = self.select("COUNT(*), MIN(sort_key), MAX(sort_key)").fetchone()
        if total <= self.size:
            return [(first, last, total)]
        _, strong, weak, _ = _page_limits(self.size)
        # The sort keys of the rows at the positions found so far, to count from.
        keys, known = {1: first, total: last}, [1, total]

        def learn(position: int, key: str) -> int:
            if position not in keys:
                keys[position] = key
                insort(known, position)
            return position

        def key_at(position: int) -> str:
            base = known[bisect_right(known, position) - 1]
            if base != position:
                learn(position, self.select("sort_key", "AND sort_key > ? ORDER BY sort_key LIMIT 1 OFFSET ?",
                                            (keys[base], position - base - 1)).fetchone()[0])
            return keys[position]

        def first_weak(position: int) -> int | None:
            start = key_at(position)
            row = self.select("sort_key", "AND sort_key >= ? AND hash % ? = 0 ORDER BY sort_key LIMIT 1",
                              (start, weak)).fetchone()
            if row is None:
                return None
            between = self.select("COUNT(*)", "AND sort_key >= ? AND sort_key < ?", (start, row[0])).fetchone()[0]
            return learn(position + between, row[0])

        picked, position, previous = [], 0, ""
        for (key,) in self.select("sort_key", "AND hash % ? = 0 ORDER BY sort_key", (strong,)).fetchall():
            position += self.select("COUNT(*)", "AND sort_key > ? AND sort_key <= ?", (previous, key)).fetchone()[0]
            picked.append(learn(position, key))
            previous = key
        return [(key_at(start), key_at(end), end - start + 1)
                for start, end in _cut(picked, total, self.size, first_weak)]

    def labels(self, layout: list[tuple[str | None, str | None, int]]) -> list[str]:
        """Return the label of each page: the dates from where the page before ends to where this one does."""
        # From cut to cut rather than from a page's first row, so adding a row after a cut does not
        # relabel the page in the links of every page: the range still holds every date of the page.
        lower = [layout[0][0]] + [last for _, last, _ in layout[:-1]]
        return [_date_range(low, last) if rows else "" for low, (_, last, rows) in zip(lower, layout)]

    def content(self, first: str, last: str) -> Iterable[bytes]:
        """Yield what the page from one sort key to another shows, row by row."""
        raise NotImplementedError

    def describe(self, number: int, labels: list[str], first: str, last: str) -> _Page:
        """Return the description of page `number` (rows from one sort key to another) for the stylesheet."""
        raise NotImplementedError


class _Index(_List):
    """The chronological table of documents."""

    kind, table, where = "index", "docs", "1"

    def content(self, first: str, last: str) -> Iterable[bytes]:
        for (shown,) in self.select("shown", "AND sort_key BETWEEN ? AND ? ORDER BY sort_key", (first, last)):
            yield shown

    def describe(self, number: int, labels: list[str], first: str, last: str) -> _Page:
        index = _Page("index", "Documents")
        _add_pages(index, "index", number, labels)
        rows = self.select("id, when_iso, date, lang, archive, title", "AND sort_key BETWEEN ? AND ? ORDER BY sort_key",
                           (first, last))
        for ident, when, date, lang, archive, title in rows:
            index.add("doc", href=f"documents/{ident}.html", when=when, date=date, lang=lang, archive=archive,
                      title=title)
        return index


class _EntryDocs(_List):
    """A register entry's page: its data, what it did in documents, and every mention in its sentence, by document."""

    kind, table, where = "entry", "cites", "register = ? AND key = ?"

    def __init__(self, db: sqlite3.Connection, entry: RegisterPage, registered: str | None, roles: str = ""):
        super().__init__(db, f"{entry.register}/{entry.key}", ENTRY_PAGE_SIZE, (entry.register, entry.key),
                         (registered, entry.name, roles))
        self.entry, self.roles = entry, roles

    def content(self, first: str, last: str) -> Iterable[bytes]:
        for shown, context in self.db.execute(
                "SELECT d.shown, d.context FROM cites c JOIN docs d ON d.id = c.doc_id WHERE c.register = ?"
                " AND c.key = ? AND c.sort_key BETWEEN ? AND ? ORDER BY c.sort_key", (*self.args, first, last)):
            yield shown + context

    def describe(self, number: int, labels: list[str], first: str, last: str) -> _Page:
        entry = self.entry
        page = _Page(next(k for r, _, k in _REGISTERS if r == entry.register), entry.name, "../")
        for form in entry.forms:
            page.add("form", form)
        for label, value in entry.facts:
            page.add("fact", value, label=label)
        for label, url, value in entry.links:
            page.add("link", value, href=url, label=label)
        if self.roles:
            page.add("roles", self.roles)
        _add_pages(page, entry.key, number, labels)
        docs = self.db.execute(
            "SELECT c.doc_id, d.title, d.date, d.when_iso FROM cites c JOIN docs d ON d.id = c.doc_id"
            " WHERE c.register = ? AND c.key = ? AND c.sort_key BETWEEN ? AND ? ORDER BY c.sort_key",
            (*self.args, first, last)).fetchall()
        # Per document, in the order of the text (per: and org: pointers to one entry are kept apart in the summary).
        mentions = groupby(self.db.execute(
            "SELECT m.doc_id, m.anchor, m.text, m.before, m.keyword, m.after FROM cites c JOIN mentions m"
            " ON m.register = c.register AND m.key = c.key AND m.doc_id = c.doc_id WHERE c.register = ? AND c.key = ?"
            " AND c.sort_key BETWEEN ? AND ? ORDER BY c.sort_key, m.seq", (*self.args, first, last)),
            key=lambda row: row[0])
        roles = groupby(self.db.execute(
            "SELECT r.doc_id, r.role FROM cites c JOIN roles r ON r.register = c.register AND r.key = c.key"
            " AND r.doc_id = c.doc_id WHERE c.register = ? AND c.key = ? AND c.sort_key BETWEEN ? AND ?"
            " ORDER BY c.sort_key, r.role", (*self.args, first, last)), key=lambda row: row[0])
        said, did = next(mentions, (None, ())), next(roles, (None, ()))
        for ident, title, date, when in docs:
            page.start("doc", href=f"../documents/{ident}.html", title=title, date=date, when=when)
            if did[0] == ident:
                for _, role in did[1]:
                    page.add("role", role)
                did = next(roles, (None, ()))
            if said[0] == ident:
                for _, anchor, text, before, keyword, after in said[1]:
                    page.start("mention", href=f"../documents/{ident}.html#{anchor}")
                    page.add("before", before)
                    page.add("keyword", keyword or text or entry.name)
                    page.add("after", after)
                    page.end("mention")
                said = next(mentions, (None, ()))
            page.end("doc")
        return page


class _Listing(_List):
    """A register's index: every entry, sorted by its index name, with its mentions and roles."""

    kind, table, where = "listing", "entries", "register = ?"
    columns = "key, index_name, mention_count, document_count, roles, sort_key"

    def __init__(self, db: sqlite3.Connection, register: str, title: str):
        super().__init__(db, f"{register}/index", LISTING_PAGE_SIZE, (register,))
        self.title = title

    def labels(self, layout: list[tuple[str | None, str | None, int]]) -> list[str]:
        """Return the label of each page: the names of its first and last entries."""
        return [_range(*(self.select("index_name", "AND sort_key = ?", (key,)).fetchone()[0] for key in (first, last)))
                if rows else "" for first, last, rows in layout]

    def content(self, first: str, last: str) -> Iterable[bytes]:
        for row in self.select(self.columns, "AND sort_key BETWEEN ? AND ? ORDER BY sort_key", (first, last)):
            yield orjson.dumps(row)

    def describe(self, number: int, labels: list[str], first: str, last: str) -> _Page:
        listing = _Page(self.args[0], self.title, "../")
        _add_pages(listing, "index", number, labels)
        for key, name, count, documents, roles, sort_key in self.select(
                self.columns, "AND sort_key BETWEEN ? AND ? ORDER BY sort_key", (first, last)):
            listing.add("entry", href=f"{key}.html", name=name, count=count, documents=documents, roles=roles,
                        letter=letter(sort_key))
        return listing


class _Pages:
    """Writes the collection pages whose digest changed or whose file is missing, and removes pages no longer made."""

    def __init__(self, db: sqlite3.Connection, site: Path, params: dict, xsl: Path | None = None, workers=None):
        self.db, self.site, self.params, self.xsl = db, site, params, xsl
        self.writer = PageWriter(xsl or stylesheet(), workers)

    def write_list(self, paged: _List) -> None:
        """Write the pages of a list that changed and remove those beyond its last."""
        layout = paged.layout()
        labels = paged.labels(layout)
        for number, (first, last, rows) in enumerate(layout, 1):
            # The span is all a page shows but its rows' content: a page whose span is as before and
            # none of whose rows changed is as before, and costs no more than this.
            span = _page_digest(labels, number, *paged.shown, first, last, rows)
            path = _page_name(paged.base, number)
            before = self.db.execute("SELECT span, digest FROM pages WHERE path = ?", (path,)).fetchone()
            touched = self.db.execute("SELECT 1 FROM touched WHERE list = ? AND sort_key BETWEEN ? AND ?",
                                      (paged.base, first, last)).fetchone()
            exists = (self.site / path).is_file()
            if before is not None and before[0] == span and touched is None and exists:
                continue
            digest = _page_digest(span, hashlib.sha256(b"".join(paged.content(first, last))).hexdigest())
            self.write(path, paged.kind, paged.base, number, span, digest,
                       partial(paged.describe, number, labels, first, last), before, exists)
        self.prune(paged.base, len(layout))

    def write(self, path: str, kind: str, base: str, number: int, span: str, digest: str,
              describe: Callable[[], _Page], before: tuple | None, exists: bool) -> None:
        """Transform and write a page unless its digest and file are as the last build left them; record it."""
        if before is None or before[1] != digest or not exists:
            page = describe()
            values = {**self.params, "root": page.root}
            self.writer.write(self.site / path, page.source(), values)
        self.db.execute("INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?, ?)",
                        (path, kind, base, number, span, digest))

    def write_search(self) -> None:
        """Write the search page unless it is there already."""
        before = self.db.execute("SELECT span, digest FROM pages WHERE path = 'search.html'").fetchone()
        self.write("search.html", "search", "search", 1, "search", "search", partial(_Page, "search", "Search"),
                   before, (self.site / "search.html").is_file())

    def prune(self, base: str, count: int) -> None:
        """Remove the pages of `base` numbered above `count`."""
        stale = self.db.execute("SELECT path FROM pages WHERE base = ? AND number > ?", (base, count)).fetchall()
        for (path,) in stale:
            (self.site / path).unlink(missing_ok=True)
        self.db.execute("DELETE FROM pages WHERE base = ? AND number > ?", (base, count))


def _roles_summary(db: sqlite3.Connection, target: tuple[str, str]) -> str:
    """Return what an entry did in the edition's documents, by role: "translated 3 documents; edited 1 document"."""
    rows = db.execute("SELECT role, COUNT(DISTINCT doc_id) FROM roles WHERE register = ? AND key = ?"
                      " GROUP BY role ORDER BY role", target).fetchall()
    return "; ".join(f"{role} {n} document{'s' if n != 1 else ''}" for role, n in rows)


def _write_entry(db: sqlite3.Connection, pages: _Pages, target: tuple[str, str], entry: RegisterPage | None,
                 registered: str | None) -> None:
    """Record one entry's name and counts and write its pages that changed, or remove it when nothing shows it."""
    register, key = target
    listing = f"{register}/index"
    before = db.execute("SELECT sort_key, index_name, mention_count, document_count, roles FROM entries"
                        " WHERE register = ? AND key = ?", target).fetchone()
    first = db.execute("SELECT doc_id FROM cites WHERE register = ? AND key = ? ORDER BY sort_key LIMIT 1",
                       target).fetchone()
    if entry is None and first is None:
        if before is not None:
            db.execute("INSERT OR IGNORE INTO touched VALUES (?, ?)", (listing, before[0]))
            db.execute("DELETE FROM entries WHERE register = ? AND key = ?", target)
        pages.prune(f"{register}/{key}", 0)
        return
    if entry is None:
        # A name pointing at a key the register lacks still gets a page, named as its first mention (or the
        # key, for a pointer of the header only), so no link dangles.
        text = db.execute("SELECT text FROM mentions WHERE register = ? AND key = ? AND doc_id = ? ORDER BY seq"
                          " LIMIT 1", (*target, first[0])).fetchone()
        entry = RegisterPage(register, key, (text[0] if text else "") or key)
    mentions = db.execute("SELECT COUNT(*) FROM mentions WHERE register = ? AND key = ?", target).fetchone()[0]
    documents = db.execute("SELECT COUNT(DISTINCT doc_id) FROM mentions WHERE register = ? AND key = ?",
                           target).fetchone()[0]
    row = (f"{entry.sort_key}\x01{key}", entry.index_name, mentions, documents, _roles_summary(db, target))
    if before != row:
        db.executemany("INSERT OR IGNORE INTO touched VALUES (?, ?)",
                       [(listing, row[0])] + ([(listing, before[0])] if before else []))
    db.execute("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               (register, key, registered, entry.name, row[1], row[0], mentions, documents, row[4], _id_hash(key)))
    pages.write_list(_EntryDocs(db, entry, registered, row[4]))


def _page_key(params: dict, xsl: Path | None = None) -> str:
    """Return the digest of what every collection page depends on: code, stylesheets, parameters, page sizes."""
    code = hashlib.sha256(Path(__file__).read_bytes() + Path(saxon.__file__).read_bytes()).hexdigest()
    sizes = f"{INDEX_PAGE_SIZE} {ENTRY_PAGE_SIZE} {LISTING_PAGE_SIZE}"
    return _digest(code, stylesheet_fingerprint(xsl), json.dumps(params, sort_keys=True), sizes)


def _update_site(db: sqlite3.Connection, site: Path, summaries: Iterable[dict],
                 registers: dict[tuple[str, str], RegisterPage], params: dict, keep: Iterable[str] | None,
                 problems: list[Diagnostic], xsl: Path | None = None, workers=None) -> None:
    """Record the documents and registers in the state database and write the collection pages that changed."""
    if _ensure_schema(db) and keep is not None:
        raise SiteStateError("the site has no state database of this version; build the site from every document")
    # What this build changes: entries to look at again, and (list, sort key) of rows added or removed.
    db.execute("CREATE TEMP TABLE affected(register TEXT, key TEXT, PRIMARY KEY (register, key))")
    db.execute("CREATE TEMP TABLE touched(list TEXT, sort_key TEXT, PRIMARY KEY (list, sort_key))")
    _store_documents(db, summaries, keep, site, problems)
    digests = _store_registers(db, registers)
    key = _page_key(params, xsl)
    if db.execute("SELECT value FROM meta WHERE name = 'pages'").fetchone() != (key,):
        # A changed stylesheet, parameter, page size or rendering code redoes every page.
        db.execute("UPDATE pages SET span = '', digest = ''")
        db.execute("INSERT OR IGNORE INTO affected SELECT register, key FROM entries")
        db.execute("INSERT OR REPLACE INTO meta VALUES ('pages', ?)", (key,))
    _note_missing_pages(db, site)
    pages = _Pages(db, site, params, xsl, workers)
    try:
        for target in db.execute("SELECT register, key FROM affected ORDER BY register, key").fetchall():
            _write_entry(db, pages, target, registers.get(target), digests.get(target))
        pages.write_list(_Index(db, "index", INDEX_PAGE_SIZE))
        for register, title, _ in _REGISTERS:
            pages.write_list(_Listing(db, register, title))
        pages.write_search()
        # Every page is written before the state that records it is committed.
        pages.writer.close()
    finally:
        pages.writer.abandon()


def _read_manifest(site: Path) -> dict:
    """Return the search manifest a previous build wrote ({} when there is none or it is not readable)."""
    try:
        text = (site / SEARCH_MANIFEST).read_text(encoding="ascii")
        return json.loads(text[len(MANIFEST_PREFIX):].rstrip().rstrip(";"))
    except (OSError, ValueError):
        return {}


def _shard_members(db: sqlite3.Connection, shards: int) -> Iterator[list[tuple[str, str]]]:
    """Yield, for each shard in turn, the (id, search digest) of its documents sorted by id."""
    rows = db.execute("SELECT hash % ?, id, search FROM docs ORDER BY 1, 2", (shards,))
    groups = groupby(rows, key=lambda row: row[0])
    number, group = next(groups, (shards, ()))
    for shard in range(shards):
        if number != shard:
            yield []
            continue
        yield [(ident, search) for _, ident, search in group]
        number, group = next(groups, (shards, ()))


def _checked_entry(site: Path, ident: str, search: str, problems: list[Diagnostic]) -> bytes | None:
    """Return a document's search entry once its digest matches the state's; a damaged one is made again.

    The entry is made again from the site's copy of the document; when that cannot give the
    same entry, the damaged file goes (so the next build renders the document again) and None
    is returned.
    """
    path = site / SEARCH_ENTRIES / f"{ident}.json"
    try:
        data = path.read_bytes()
    except OSError:
        data = b""
    if hashlib.sha256(data).hexdigest()[:16] == search:
        return data
    tree = load_document(site / "tei" / f"{ident}.xml")
    fresh = None if isinstance(tree, Diagnostic) else document_entry(tree, ident)
    if fresh is not None and hashlib.sha256(fresh).hexdigest()[:16] == search:
        write_atomic(path, fresh)
        problems.append(diagnostics.warning(path, "H001", "damaged search entry: made again from the document"))
        return fresh
    path.unlink(missing_ok=True)
    problems.append(diagnostics.warning(path, "H001", "damaged search entry: the document is left out of the search"
                                        " until the next build renders it again"))
    return None


def write_search_index(site: str | Path, problems: list[Diagnostic] | None = None) -> list[str]:
    """Write the search shards whose documents changed and the manifest listing them; return the shards written.

    Every entry is checked against its digest before it goes into a shard; damaged ones are
    made again or left out, with a warning appended to `problems`.
    """
    # A shard (assets/search/N.js) concatenates its documents' entries, read from .teikit/search/
    # one shard at a time, so memory is bounded by the shard size, not the edition's.
    site = Path(site)
    problems = [] if problems is None else problems
    before = {shard["src"]: shard["v"] for shard in _read_manifest(site).get("shards", [])}
    folder = site / "assets" / "search"
    present = folder_names(folder)
    listed, written = [], []
    with closing(_read_state(site)) as db:
        documents = db.execute("SELECT COUNT(*) FROM docs").fetchone()[0]
        shards = shard_count(documents)
        for number, chosen in enumerate(_shard_members(db, shards)):
            src = f"search/{number}.js"
            version = _digest(str(shards), *(f"{ident}\0{search}" for ident, search in chosen))
            if before.get(src) == version and f"{number}.js" in present:
                listed.append({"src": src, "v": version})
                continue
            entries = [_checked_entry(site, ident, search, problems) for ident, search in chosen]
            # A shard that lacks a document is not recorded as up to date: the next build writes it again.
            listed.append({"src": src, "v": version if None not in entries else ""})
            write_atomic(folder / f"{number}.js", b"(window.TEIKIT_SEARCH = window.TEIKIT_SEARCH || []).push(["
                         + b",".join(e for e in entries if e is not None) + b"]);\n")
            written.append(src)
    for stale in sorted(present - {f"{n}.js" for n in range(shards)}):
        (folder / stale).unlink()
    manifest = MANIFEST_PREFIX + json.dumps({"documents": documents, "shards": listed}, sort_keys=True) + ";\n"
    write_if_changed(site / SEARCH_MANIFEST, manifest.encode("ascii"))
    return written


def build_site(site: str | Path, summaries: Iterable[dict], register_paths=(), params: dict | None = None,
               pdf_dir: str | Path | None = None, *, keep: Iterable[str] | None = None,
               xsl: Path | None = None, workers=None) -> list[Diagnostic]:
    """Bring a rendered site's collection pages, search shards and assets up to date; return its problems.

    `xsl` is the edition's own HTML stylesheet when it has one (Edition.own_stylesheet); `workers`
    the executor the caller lends for transforming many pages (page_writer.PageWriter), if any.

    With keep=None, `summaries` are those of every document of the site. Otherwise they are
    those of the documents changed since the last call only, and `keep` the ids of every
    document; a site without a usable state database then raises SiteStateError. A state
    database found damaged on opening is discarded and made again (a warning says so); one
    found damaged mid-way is discarded and SiteStateDamaged raised: call again with every
    document. Damaged search entries are made again or left out, with a warning.
    """
    site = Path(site)
    entries, problems = load_registers(register_paths)
    (site / STATE_DIR).mkdir(parents=True, exist_ok=True)
    state = site / SITE_DB
    damage = _damage_of(state)
    if damage:
        discard(state)
        problems.append(_state_warning(state, damage))
    try:
        _update_state(site, summaries, entries, params or {}, pdf_dir, keep, problems, xsl, workers)
    except Exception as exc:
        if not is_damage(exc):
            raise
        # Damage met mid-way: the state goes, and the caller makes the site from every document.
        discard(state)
        raise SiteStateDamaged(_state_warning(state, str(exc))) from exc
    return problems


def _update_state(site: Path, summaries: Iterable[dict], entries: dict, params: dict, pdf_dir: str | Path | None,
                  keep: Iterable[str] | None, problems: list[Diagnostic], xsl: Path | None = None,
                  workers=None) -> None:
    """build_site's work on an open state database: the collection pages, search shards, assets and PDFs."""
    # Sites built before the state database kept their page digests here.
    (site / STATE_DIR / "pages.json").unlink(missing_ok=True)
    # One transaction: an interrupted build leaves the state of the last one, whose pages are
    # then compared with (and rewritten where they differ) by the next.
    with closing(sqlite3.connect(site / SITE_DB, isolation_level=None)) as db:
        db.execute("BEGIN IMMEDIATE")
        try:
            _update_site(db, site, summaries, entries, params, keep, problems, xsl, workers)
            gone = [ident for (ident,) in db.execute("SELECT id FROM gone ORDER BY id")]
            db.execute("COMMIT")
        except BaseException:
            try:
                db.execute("ROLLBACK")
            except sqlite3.DatabaseError:
                pass  # a damaged database cannot roll back; the error that damaged it is the one to report
            raise
        for folder in (site / SEARCH_ENTRIES, site / MENTION_CONTEXTS):
            # A full call also sweeps side files the state never knew (a build interrupted before its finish).
            for name in sorted(folder_names(folder)) if keep is None else [f"{ident}.json" for ident in gone]:
                if db.execute("SELECT 1 FROM docs WHERE id = ?", (name.removesuffix(".json"),)).fetchone() is None:
                    (folder / name).unlink(missing_ok=True)
        write_search_index(site, problems)
        facets.write_facets(db, site)
        for source, target in ASSETS.items():
            write_if_changed(site / "assets" / target, xslt_path("html", *source.split("/")).read_bytes())
        if pdf_dir is not None:
            for (ident,) in db.execute("SELECT id FROM docs ORDER BY id"):
                pdf = Path(pdf_dir) / f"{ident}.pdf"
                if pdf.is_file():
                    write_atomic(site / "print" / pdf.name, pdf.read_bytes())
