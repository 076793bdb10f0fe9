"""Convert one record into a TEI document, and the build stage that converts records/ into tei/.

`convert_record` is pure (no writes); `ConvertStage.run` writes tei/<id>.xml atomically but
never over a file edited by hand since teikit generated it, unless forced. What teikit wrote
is known from tei/.generated.json (the hashes of generated files) and, for files written
since it was last brought up to date, from the journal in tei/.generated.journal/: each
write appends its hash there before the file is renamed into place, so a build killed at
any point leaves no generated file that the next build would take for a hand edit.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import socket
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .diagnostics import Diagnostic, error, warning
from .encode.body import encode_body
from .encode.context import Decision
from .encode.inline import BracketError
from .encode.header import build_header, note_discrepancy
from .encode.indent import indent
from .ids import Clash, Identity, assign
from .readers import ReaderError, identity, read
from .registers import Registers
from .tei import TEI_NS, TEI_PREFIX as _T, XML_ID, XML_LANG, parse_bytes, serialize, write_atomic

MANIFEST = ".generated.json"
JOURNAL = ".generated.journal"
# Where the convert stage remembers each record's candidate ids, by size and mtime (build/.cache/).
# libxml2 refuses a text node longer than this without huge_tree, which no teikit parser allows.
MAX_TEXT = 10_000_000
# Every @ref and @sameAs of the header, in one XPath call rather than a Python walk.
_HEADER_POINTERS = etree.XPath("descendant-or-self::*/@ref | descendant-or-self::*/@sameAs", smart_strings=False)


@dataclass
class ConvertResult:
    """The TEI bytes of one record (empty when it failed), its diagnostics and register use."""

    doc_id: str
    tei: bytes
    diagnostics: list[Diagnostic] = field(default_factory=list)
    register_additions: list[dict] = field(default_factory=list)
    register_refs: list[str] = field(default_factory=list)
    title: str = ""
    date: str = ""
    # How each square bracket of the source was read (teikit.encode.context.Decision), in order.
    brackets: list[Decision] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the record converted."""
        return bool(self.tei)


def convert_record(path: str | Path, registers: Registers, reader: str | None = None,
                   doc_id: str | None = None) -> ConvertResult:
    """Read one record and return its TEI; a bad record gives one diagnostic and no TEI.

    `registers` is used as given (proposals are recorded in it): pass a fresh copy per
    record for output that depends on nothing but the record and the register files.
    `doc_id` is the id `assign_ids` gave the record (default: the reader's own).
    Whatever goes wrong in one record (bad input, a converter fault such as a RecursionError,
    TEI that would not read back) is one diagnostic naming the file and line, never an exception.
    """
    try:
        record = read(path, reader)
    except ReaderError as exc:
        return ConvertResult("", b"", [error(path, "C104", str(exc), exc.line)])
    except OSError as exc:
        return ConvertResult("", b"", [error(path, "C104", f"cannot read: {exc.strerror or exc}")])
    if doc_id:
        record.doc_id = doc_id
    long = next((b for b in record.body if len(b.text.encode("utf-8")) > MAX_TEXT), None)
    if long is not None:
        return ConvertResult("", b"", [error(path, "C102", f"a paragraph of {len(long.text.encode('utf-8')):,} bytes: "
                                             f"XML tools read no text longer than {MAX_TEXT:,}; split it", long.line)])
    try:
        result = _encode(record, registers)
    except Exception as exc:  # one record's fault (a RecursionError too) never stops the run
        return ConvertResult("", b"", [error(path, "C101", f"the converter failed on this record "
                                             f"({type(exc).__name__}: {_short(exc)}); please report it",
                                             _failing_line(record, registers))])
    if not result.ok:  # a record the encoder refuses (C301) has its one line already
        return result
    try:
        parse_bytes(result.tei)
    except Exception as exc:  # the TEI must read back with the parser every stage uses
        return ConvertResult("", b"", [error(path, "C102", f"the TEI made from this record would not read "
                                             f"back: {_short(exc)}", record.lines.get("body", 0))])
    return result


def _failing_line(record, registers: Registers) -> int:
    """Return the line of the first paragraph the converter fails on by itself (else where the body starts)."""
    for block in record.body:
        try:
            _encode(dataclasses.replace(record, body=[block]), registers.copy())
        except Exception:
            return block.line
    return record.lines.get("body", 0)


def _short(exc: BaseException) -> str:
    """Return the first line of an exception's message, at most 200 characters."""
    text = (str(exc).splitlines() or [""])[0]
    return text[:200] + ("..." if len(text) > 200 else "")


def _encode(record, registers: Registers) -> ConvertResult:
    """Encode a parsed record as TEI."""
    root = etree.Element(_T + "TEI", nsmap={None: TEI_NS})
    root.set(XML_ID, record.doc_id)
    root.set(XML_LANG, "en")
    # Both are built in place; the header, which needs the body's speakers, then moves first.
    try:
        body = encode_body(record, registers, record.date_when, root)
    except BracketError as exc:
        return ConvertResult("", b"", [error(record.path, "C301", str(exc), exc.line)])
    titles: list[Decision] = []
    header = build_header(record, registers, body.speakers, root,
                          decide=lambda *reading: titles.append(Decision(*reading)))
    note_discrepancy(header, root.find(_T + "text"), record)
    root.insert(0, header)
    indent(root)
    refs = set(body.register_refs)
    refs.update(value for value in _HEADER_POINTERS(header)
                if ":" in value and not value.startswith(("http", "#")))
    return ConvertResult(record.doc_id, serialize(root), list(body.diagnostics),
                         registers.additions(), sorted(refs), record.title, record.date_when, titles + body.brackets)


def identities(paths: list[str], reader: str | None = None,
               memo: dict | None = None) -> dict[str, Identity]:
    """Return each readable record's candidate ids, by path; records that cannot be read are left out.

    `memo` maps paths to [size, mtime_ns, candidates, rank] from an earlier call and is
    brought up to date, so a later call reads only the records that changed.
    """
    found: dict[str, Identity] = {}
    for path in paths:
        try:
            stat = os.stat(path)
            stamp = [stat.st_size, stat.st_mtime_ns]
            known = memo.get(path) if memo is not None else None
            if known is not None and known[:2] == stamp:
                found[path] = Identity(tuple(known[2]), tuple(known[3]))
                continue
            ident = identity(path, reader)
        except (ReaderError, OSError, KeyError):
            if memo is not None:
                memo.pop(path, None)
            continue  # reported when the record is converted
        found[path] = ident
        if memo is not None:
            memo[path] = stamp + [list(ident.candidates), list(ident.rank)]
    return found


def assign_ids(paths: list[str], reader: str | None = None,
               memo: dict | None = None) -> tuple[dict[str, str], dict[str, Diagnostic]]:
    """Return the id of every readable record (by path) and, for those that fell back, a warning naming both files."""
    ids, clashes = assign(identities(paths, reader, memo))
    return ids, {clash.key: _clash_warning(clash) for clash in clashes}


def _clash_warning(clash: Clash) -> Diagnostic:
    return warning(clash.key, "C103", f"record id {clash.wanted} is also that of {clash.holder}, "
                                      f"which keeps it; this record is {clash.given}")


def digest(data: bytes) -> str:
    """Return the SHA-256 of generated bytes, as recorded in the manifest."""
    return hashlib.sha256(data).hexdigest()


def read_manifest(tei_dir: Path, written: dict[str, str] | None = None) -> dict[str, str]:
    """Return file name -> hash of the TEI files teikit generated in tei_dir (the manifest and its journal).

    `written` (file name -> hash) are writes known to have completed; a journalled name they
    do not account for is hashed, and counts when the file holds bytes the journal recorded
    (a write whose rename never happened leaves the file as the manifest knew it).
    """
    manifest = read_manifest_only(tei_dir)
    written = written or {}
    for name, digests in read_journal(Path(tei_dir)).items():
        if written.get(name) in digests:
            manifest[name] = written[name]
            continue
        try:
            current = digest((Path(tei_dir) / name).read_bytes())
        except OSError:
            continue
        if current in digests:
            manifest[name] = current
    manifest.update(written)
    return manifest


def write_manifest(tei_dir: Path, manifest: dict[str, str]) -> None:
    """Write the manifest sorted, atomically, and only when it changed; then clear the journal it takes in."""
    data = json.dumps(dict(sorted(manifest.items())), indent=1) + "\n"
    path = Path(tei_dir) / MANIFEST
    if not path.exists() or path.read_text(encoding="utf-8") != data:
        write_atomic(path, data)
    journal = Path(tei_dir) / JOURNAL
    if journal.is_dir():
        for entry in journal.iterdir():
            entry.unlink(missing_ok=True)
        journal.rmdir()


def read_journal(tei_dir: Path) -> dict[str, set[str]]:
    """Return file name -> the hashes journalled for it since the manifest was last written."""
    found: dict[str, set[str]] = {}
    folder = Path(tei_dir) / JOURNAL
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return found
    for entry in entries:
        try:
            lines = entry.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for line in lines:
            name, _, sha = line.partition("\t")
            if len(sha) == 64:  # a line cut short by a kill is no record
                found.setdefault(name, set()).add(sha)
    return found


def journal(tei_dir: Path, name: str, sha: str) -> None:
    """Record, before the file is renamed into place, that teikit writes these bytes to tei_dir/name.

    Each process appends to a journal of its own, so no two writers share a file (local
    pools and Dask workers on other machines alike). The file stays open between writes
    (flushed after each line); it is opened again once the manifest's update has removed it.
    """
    path = Path(tei_dir) / JOURNAL / f"{socket.gethostname()}-{os.getpid()}"
    key = str(path)
    try:
        inode = os.stat(key).st_ino
    except FileNotFoundError:
        inode = None
    global _journal
    if _journal is None or _journal[:2] != (key, inode):
        if _journal is not None:
            _journal[2].close()
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a", encoding="utf-8")
        _journal = (key, os.fstat(handle.fileno()).st_ino, handle)
    _journal[2].write(f"{name}\t{sha}\n")
    _journal[2].flush()


# The journal file this process last wrote to, kept open: (path, inode, handle).
_journal: tuple | None = None


class Generated:
    """What teikit wrote in a tei/ folder, read only when a file must be judged, and once per change."""

    def __init__(self, tei_dir: Path, manifest: dict[str, str] | None = None):
        self.tei_dir = Path(tei_dir)
        self._manifest = manifest
        self._stamp: tuple | None = None
        self._journal: dict[str, set[str]] = {}

    def _state(self) -> tuple:
        try:
            stat = os.stat(self.tei_dir / MANIFEST)
            manifest = (stat.st_size, stat.st_mtime_ns)
        except OSError:
            manifest = None
        try:
            with os.scandir(self.tei_dir / JOURNAL) as entries:
                journals = tuple(sorted((e.name, e.stat().st_size) for e in entries))
        except OSError:
            journals = ()
        return manifest, journals

    def digests(self, name: str) -> set[str]:
        """Return every hash teikit recorded for a file name (the manifest's and the journal's)."""
        state = self._state()
        if state != self._stamp:
            self._stamp = state
            if self._manifest is None or state[0] is not None:
                self._manifest = read_manifest_only(self.tei_dir)
            self._journal = read_journal(self.tei_dir)
        found = set(self._journal.get(name, ()))
        if self._manifest and name in self._manifest:
            found.add(self._manifest[name])
        return found


def read_manifest_only(tei_dir: Path) -> dict[str, str]:
    """Return the manifest file's entries alone (without the journal)."""
    try:
        data = json.loads((Path(tei_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def hand_edited(target: Path, generated: Generated) -> str | None:
    """Return why target must not be overwritten (edited by hand, or not teikit's), or None when it may be."""
    try:
        data = target.read_bytes()
    except FileNotFoundError:
        return None
    recorded = generated.digests(target.name)
    if not recorded:
        return f"{target} was not generated by teikit (it is not in {MANIFEST})"
    if digest(data) not in recorded:
        return f"{target} was edited by hand since teikit generated it"
    return None


def write_result(result: ConvertResult, tei_dir: Path, generated: Generated, force: bool,
                 source: str) -> Diagnostic | None:
    """Write a converted record to tei_dir/<id>.xml unless that file was edited by hand."""
    target = Path(tei_dir) / f"{result.doc_id}.xml"
    try:
        if target.read_bytes() == result.tei:
            return None
    except FileNotFoundError:
        pass
    refused = None if force else hand_edited(target, generated)
    if refused is not None:
        return error(source, "C105", f"{refused}; not overwritten (use --force to replace it)")
    journal(tei_dir, target.name, digest(result.tei))
    write_atomic(target, result.tei)
    return None
