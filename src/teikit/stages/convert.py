"""The convert stage: every file in records/ becomes tei/<id>.xml (teikit.convert), register additions merged."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Iterable

import orjson

from ..convert import Generated, assign_ids, convert_record, digest, read_manifest, write_manifest, write_result
from ..diagnostics import Diagnostic, warning
from ..edition import Edition
from ..pipeline import Stage, Task, TaskResult, changed_results
from ..registers import Registers, confirmed_digest
from ..tei import write_atomic

# Each record's candidate ids, remembered by size and mtime below build/.cache/.
IDENTITIES = "identities.json"


class ConvertStage(Stage):
    """Build stage: every file in records/ becomes tei/<id>.xml; register additions are merged."""

    name = "convert"
    # Converting a record takes some 20 ms, starting a worker (readers, encoders, registers) about a second:
    # below 256 records workers cost more than they save.
    serial_up_to = 255
    # tei/ is the edition's primary data, edited by hand: a deleted record's TEI stays until the editor removes it.
    prune_outputs = False

    def __init__(self, force: bool = False, reader: str | None = None):
        self.force = force
        self.reader = reader
        self._note = ""

    def available(self, edition: Edition) -> bool:
        """The stage runs when the edition has records."""
        return edition.has_records()

    def plan(self, edition: Edition) -> list[Task]:
        """One task per record; its input is the record, its params the id `assign_ids` gives it.

        The registers are not inputs as whole files: the build tracks the register entries
        each document cites, so editing an entry redoes exactly the documents that cite it,
        and merging new entries after a build does not redo the whole edition. Each record's
        candidate ids are remembered by size and mtime (build/.cache/identities.json), so
        only new and changed records are read to plan.
        """
        files = edition.record_files()
        # Keys are paths below records/, cut as strings: Path.relative_to costs too much by the ten thousand.
        prefix = len(str(edition.records_dir)) + 1
        memo_path = edition.build_dir / ".cache" / IDENTITIES
        stored = _read_json(memo_path)
        # The memo names records relative to records/: a copy of the edition elsewhere still uses it.
        kept = stored.get("records", {}) if stored.get("reader") == self.reader else {}
        memo = {path: kept[path[prefix:]] for path in files if path[prefix:] in kept}
        before = dict(memo)
        ids, clashes = assign_ids(files, self.reader, memo)
        if memo != before or not memo_path.exists():
            relative = {path[prefix:]: value for path, value in memo.items()}
            write_atomic(memo_path, orjson.dumps({"reader": self.reader, "records": relative}))
        return self.tasks(files, edition.tei_dir, ids, clashes, [path[prefix:] for path in files])

    def tasks(self, files: list[str], tei_dir: Path, ids: dict[str, str] | None = None,
              clashes: dict[str, Diagnostic] | None = None, keys: list[str] | None = None) -> list[Task]:
        """Return one task per record file, converted into tei_dir (what `teikit convert` runs too).

        `ids` and `clashes` are what `assign_ids` gives for the files (asked here when not given,
        as `teikit convert` does); keys default to the paths.
        """
        if ids is None or clashes is None:
            ids, clashes = assign_ids(files, self.reader)
        # What links names (the confirmed entries) is a parameter: an editor's change to a confirmed
        # entry converts every record again; proposals (cert="low") link nothing, so merging them
        # redoes nothing and a build is a fixed point with or without its cache.
        base = {"tei_dir": str(tei_dir), "force": self.force, "reader": self.reader,
                "names": confirmed_digest(tei_dir)}
        tasks = []
        for path, key in zip(files, keys or files):
            params = {**base, "doc_id": ids.get(path)}
            if path in clashes:
                params["clash"] = clashes[path].message
            tasks.append(Task(self.name, key, (path,), (), params))
        return tasks

    @staticmethod
    def run(task: Task) -> TaskResult:
        """Convert one record and write its TEI (refusing to overwrite hand edits)."""
        tei_dir = Path(task.params["tei_dir"])
        source = task.inputs[0]
        result = convert_record(source, _registers(tei_dir), task.params.get("reader"), task.params.get("doc_id"))
        diagnostics = list(result.diagnostics)
        if not result.ok:
            return TaskResult(task.key, ok=False, diagnostics=diagnostics)
        if task.params.get("clash"):
            # Only a record that converts is told about its id: a bad record gets its one line.
            diagnostics.append(warning(source, "C103", task.params["clash"]))
        refused = write_result(result, tei_dir, _generated(tei_dir), bool(task.params.get("force")), source)
        if refused is not None:
            return TaskResult(task.key, ok=False, diagnostics=diagnostics + [refused])
        summary = {"id": result.doc_id, "sha256": digest(result.tei), "title": result.title, "date": result.date,
                   "uncertain": sum(d.cert == "low" for d in result.brackets)}
        return TaskResult(task.key, ok=True, diagnostics=diagnostics,
                          outputs=[str(tei_dir / f"{result.doc_id}.xml")], summary=summary,
                          register_refs=result.register_refs, register_additions=result.register_additions)

    def finish(self, edition: Edition, results: list[TaskResult]) -> list[Diagnostic]:
        """Merge the register entries proposed by the records converted since the last finish; record their hashes."""
        created: Counter = Counter()
        diagnostics = self.merge(edition.tei_dir, results, created)
        self._note = proposals_note(created)
        return diagnostics

    def report_note(self) -> str:
        """Return the line the build prints under its table: how many new register entries were proposed."""
        return self._note

    @staticmethod
    def merge(tei_dir: Path, results: Iterable[TaskResult], created: Counter | None = None) -> list[Diagnostic]:
        """Merge the register entries the changed results propose into tei_dir's registers; record the TEI files' hashes.

        `created`, when given, counts by kind the proposed entries new to the registers.
        """
        written = {f"{r.summary['id']}.xml": r.summary["sha256"] for r in results
                   if r.ok and r.summary.get("sha256")}
        # Many documents propose the same entry: kept once, memory follows the registers, not the edition.
        additions: dict[bytes, dict] = {}
        for result in changed_results(results):
            if result.ok:
                for addition in result.register_additions:
                    additions.setdefault(orjson.dumps(addition, option=orjson.OPT_SORT_KEYS), addition)
        if additions:
            Registers.merge_into(tei_dir, additions.values(), created)
        manifest = read_manifest(tei_dir, written)
        if manifest:
            write_manifest(tei_dir, manifest)
        return []


_KIND_WORDS = {"person": ("person", "persons"), "org": ("organisation", "organisations"), "place": ("place", "places")}


def proposals_note(created: Counter) -> str:
    """Return "3 new persons, 1 new place proposed (...)" for the register entries a conversion proposed, or ""."""
    parts = [f"{created[kind]} new {_KIND_WORDS[kind][created[kind] != 1]}" for kind in _KIND_WORDS if created[kind]]
    if not parts:
        return ""
    return (", ".join(parts) + ' proposed (cert="low" in persons.xml/places.xml; '
            "teikit review lists their mentions with context)")


def _read_json(path: Path) -> dict:
    try:
        data = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


_GENERATED: dict[str, Generated] = {}


def _generated(tei_dir: Path) -> Generated:
    """The record of what teikit wrote in tei_dir, one per worker process (reread only when it changes)."""
    return _GENERATED.setdefault(str(tei_dir), Generated(tei_dir))


_LOADED: dict[str, tuple[tuple, Registers]] = {}


def _registers(tei_dir: Path) -> Registers:
    """A fresh copy of the edition's registers, loaded once per worker process while unchanged."""
    key = str(tei_dir)
    # Keyed by inode, size and mtime, so an edited register is never served stale (e.g. under
    # serve --watch); hashing the registers for every record would cost more than converting it.
    stamp = []
    for path in (tei_dir / "persons.xml", tei_dir / "places.xml"):
        try:
            stat = os.stat(path)
        except FileNotFoundError:
            continue
        stamp.append((path.name, stat.st_ino, stat.st_size, stat.st_mtime_ns))
    stamp = tuple(stamp)
    cached = _LOADED.get(key)
    if cached is None or cached[0] != stamp:
        cached = (stamp, Registers.load(tei_dir))
        _LOADED[key] = cached
    return cached[1].copy()
