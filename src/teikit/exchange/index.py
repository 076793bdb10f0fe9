"""An in-memory index of an edition's TEI documents, re-read when a file changes (for the server)."""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .. import diagnostics, tei
from ..diagnostics import Diagnostic
from ..edition import Edition
from ..meta import DocumentMeta, read_meta


@dataclass(frozen=True)
class IndexedDocument:
    """One indexed document: its file, parsed tree and metadata."""

    path: Path
    tree: etree._ElementTree
    meta: DocumentMeta


def _load(path: Path, edition_date: str) -> tuple[IndexedDocument | None, Diagnostic | None]:
    tree = tei.load_document(path, tei_root=True)
    if isinstance(tree, Diagnostic):
        return None, tree
    return IndexedDocument(path, tree, read_meta(tree, path.stem, edition_date)), None


class EditionIndex:
    """The documents of an edition by id, sorted, reloaded lazily when files change on disk."""

    def __init__(self, edition: Edition, rescan_interval: float = 0.0):
        self.edition = edition
        # Listing and stat-ing every file costs milliseconds per request on big editions;
        # a server may look at the folder at most once per interval instead.
        self.rescan_interval = rescan_interval
        self._scanned_at = -math.inf
        self._lock = threading.Lock()
        self._signature: tuple = ()
        self._entries: dict[str, IndexedDocument] = {}
        self._cache: dict[Path, tuple[tuple, IndexedDocument | None, Diagnostic | None]] = {}
        self.problems: list[Diagnostic] = []
        self._names: tuple[int | None, dict[str, str]] = (None, {})

    def _scan(self) -> tuple:
        stats = []
        for path in self.edition.documents():
            try:
                st = path.stat()
            except FileNotFoundError:
                continue
            stats.append((path, st.st_mtime_ns, st.st_size))
        return tuple(stats)

    def refresh(self) -> None:
        """Re-read the documents whose files changed since the last scan."""
        now = time.monotonic()
        if now - self._scanned_at < self.rescan_interval:
            return
        self._scanned_at = now
        signature = self._scan()
        if signature == self._signature:
            return
        with self._lock:
            entries: dict[str, IndexedDocument] = {}
            problems: list[Diagnostic] = []
            cache: dict = {}
            edition_date = str(self.edition.settings.extra.get("date", ""))
            for path, mtime, size in signature:
                key = (mtime, size)
                cached = self._cache.get(path)
                if cached is not None and cached[0] == key:
                    entry, problem = cached[1], cached[2]
                else:
                    entry, problem = _load(path, edition_date)
                cache[path] = (key, entry, problem)
                if problem is not None:
                    # A broken file is left out of the index, never served half-parsed.
                    problems.append(problem)
                elif entry.meta.id in entries:
                    problems.append(diagnostics.error(path, "X006",
                                                      f"the id {entry.meta.id!r} is already used by {entries[entry.meta.id].path.name}", 1, 1))
                else:
                    entries[entry.meta.id] = entry
            self._cache = cache
            self._entries = dict(sorted(entries.items()))
            self.problems = problems
            self._signature = signature

    def names(self) -> dict[str, str]:
        """Return the main name of every person and organisation of the register, by pointer ('per:ID')."""
        path = self.edition.tei_dir / "persons.xml"
        try:
            key = path.stat().st_mtime_ns
        except FileNotFoundError:
            return {}
        if self._names[0] != key:
            names: dict[str, str] = {}
            tree = tei.load_document(path)
            # A broken register is validation's business; speakers keep their pointers.
            root = None if isinstance(tree, Diagnostic) else tree.getroot()
            for prefix, tag, name_tag in (("per", "person", "persName"), ("org", "org", "orgName")):
                for entry in (root.iter(tei.T(tag)) if root is not None else ()):
                    main = entry.find(f"{tei.T(name_tag)}[@type='main']")
                    if main is None:
                        main = entry.find(tei.T(name_tag))
                    if entry.get(tei.XML_ID) and main is not None:
                        names[f"{prefix}:{entry.get(tei.XML_ID)}"] = " ".join("".join(main.itertext()).split())
            self._names = (key, names)
        return self._names[1]

    def entries(self) -> list[IndexedDocument]:
        """Return every indexed document, sorted by id."""
        self.refresh()
        return list(self._entries.values())

    def get(self, doc_id: str) -> IndexedDocument | None:
        """Return the document with this id, or None."""
        self.refresh()
        return self._entries.get(doc_id)
