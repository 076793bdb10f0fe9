"""The incremental build's memory: what each output was made from, in build/.cache/build.sqlite.

A task is redone when the content of its inputs, the register entries it cited, the
stage's stylesheets and parameters, or teikit's own code changed. A stat stamp (size and
mtime of every input) answers for unchanged files without reading them; their content is
hashed only when the stamp moved. Results live in the database rather than in memory, and
finish reads them back as a stream (StageResults), so the build's memory does not grow
with the number of documents.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from pathlib import Path
from typing import Iterable, Iterator

import orjson
from lxml import etree

from .. import __version__
from ..damage import discard, is_damage
from ..diagnostics import Diagnostic, Level
from ..pipeline import Task, TaskResult
from ..tei import XML_ID, parse, resolve_register_ref

CACHE_VERSION = 4
DATABASE = "build.sqlite"
# A file modified this recently may change again within the same mtime tick: its stamp is
# not trusted next time, and its content is hashed instead (git's "racy" files).
RACY_NS = 100_000_000
# Results are committed in groups of this many, so an interrupted build keeps its progress.
COMMIT_EVERY = 500
# Plan keys are looked up in groups of this many (well under SQLite's parameter limit).
CHUNK = 500

SCHEMA = """
CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE tasks(
    stage TEXT NOT NULL, key TEXT NOT NULL,
    stamp TEXT NOT NULL, fingerprint TEXT NOT NULL, regs TEXT NOT NULL, refs_digest TEXT NOT NULL,
    ok INTEGER NOT NULL, gen INTEGER NOT NULL, outputs BLOB NOT NULL, refs BLOB NOT NULL, diagnostics BLOB,
    result BLOB NOT NULL, additions BLOB,
    PRIMARY KEY(stage, key)) WITHOUT ROWID;
CREATE INDEX tasks_by_gen ON tasks(stage, gen);
CREATE TABLE finish(stage TEXT PRIMARY KEY, digest TEXT NOT NULL, gen INTEGER NOT NULL) WITHOUT ROWID;
"""


def _sha256_file(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def content_hash(path: str) -> str:
    """Return the SHA-256 of a file's content, or 'missing' when it cannot be read."""
    try:
        return _sha256_file(path)
    except OSError:
        return "missing"


def code_digest() -> str:
    """Return a digest of teikit's own Python code, so a changed teikit redoes its outputs."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def register_digests(register_paths: Iterable[Path]) -> dict[str, str]:
    """Return a digest per register entry, keyed 'persons.xml#id', from the register files."""
    digests: dict[str, str] = {}
    for path in register_paths:
        try:
            root = parse(path).getroot()
        except (OSError, etree.XMLSyntaxError, ValueError):
            continue
        for element in root.iter():
            ident = element.get(XML_ID)
            if ident and element is not root:
                canonical = etree.tostring(element, method="c14n")
                digests[f"{Path(path).name}#{ident}"] = hashlib.sha256(canonical).hexdigest()[:16]
    return digests


def result_to_bytes(result: TaskResult) -> bytes:
    """Serialise a TaskResult for the database (its register additions are stored apart)."""
    return orjson.dumps({
        "key": result.key, "ok": result.ok, "outputs": result.outputs, "summary": result.summary,
        "register_refs": result.register_refs, "diagnostics": [d.to_dict() for d in result.diagnostics]})


def _diagnostics(items) -> list[Diagnostic]:
    return [Diagnostic(d["path"], d["line"], d["col"], Level(d["level"]), d["code"], d["message"]) for d in items]


def result_from_bytes(data: bytes, fresh: bool, additions: bytes | None = None) -> TaskResult:
    """Rebuild a TaskResult from its stored form."""
    item = orjson.loads(data)
    return TaskResult(item["key"], item.get("ok", True), _diagnostics(item.get("diagnostics", [])),
                      list(item.get("outputs", [])), dict(item.get("summary", {})),
                      list(item.get("register_refs", [])), orjson.loads(additions) if additions else [], fresh=fresh)


# Stands for the edition folder in stored paths (a NUL, escaped, cannot start a real path).
ROOT_MARK = "\\u0000edition"


def _stamp_of(paths: Iterable[str], now_ns: int) -> str:
    """Return the stat stamp of a task's inputs ('' when one is missing or too recent to trust)."""
    parts = []
    for path in paths:
        try:
            stat = os.stat(path)
        except OSError:
            return ""
        if now_ns - stat.st_mtime_ns < RACY_NS:
            return ""
        parts.append(f"{stat.st_size}:{stat.st_mtime_ns}")
    return ";".join(parts)


def _connect(path: Path) -> sqlite3.Connection:
    """Connect to the cache database, creating its tables when it is new or of another version."""
    db = sqlite3.connect(path, timeout=60, isolation_level="DEFERRED")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    version = db.execute("SELECT value FROM meta WHERE name = 'version'").fetchone() if "meta" in tables else None
    if version != (str(CACHE_VERSION),):
        for table in tables:
            db.execute(f'DROP TABLE "{table}"')
        db.executescript(SCHEMA)
        db.execute("INSERT INTO meta VALUES ('version', ?)", (str(CACHE_VERSION),))
        db.commit()
    return db


class _Listings:
    """Answers 'does this output exist?' from one directory listing per folder."""

    def __init__(self):
        self._folders: dict[str, set[str]] = {}

    def exists(self, path: str) -> bool:
        folder, _, name = path.rpartition("/")
        names = self._folders.get(folder)
        if names is None:
            try:
                with os.scandir(folder or ".") as entries:
                    names = {e.name for e in entries}
            except OSError:
                names = set()
            self._folders[folder] = names
        return name in names


class BuildCache:
    """The build's database of task stamps, fingerprints and results, one generation per build."""

    def __init__(self, cache_dir: Path, root: Path | None = None):
        self.dir = Path(cache_dir)
        # Paths inside the edition folder are stored relative to it, so that a copy of the edition
        # (cp -a elsewhere) finds its cache current: ROOT_MARK stands for the folder in the JSON
        # the cache keeps and in the fingerprints it compares.
        root_json = orjson.dumps(str(Path(root) if root is not None else self.dir.parents[1])).decode()[1:-1]
        self._to_portable = ((f'"{root_json}/', f'"{ROOT_MARK}/'), (f'"{root_json}"', f'"{ROOT_MARK}"'))
        self._to_local = tuple((new, old) for old, new in self._to_portable)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.path = self.dir / DATABASE
        # Why a damaged database was discarded when it was opened ("" when it was sound).
        self.damage = ""
        self.db = self._open(self.path)
        last = self.db.execute("SELECT value FROM meta WHERE name = 'generation'").fetchone()
        self.generation = int(last[0]) + 1 if last else 1
        self._set_meta("generation", str(self.generation))
        self.db.commit()
        self._register_paths: list[Path] = []
        self._regs = ""
        self._entry_digests: dict[str, str] | None = None
        self._ref_digests: dict[str, str] = {}
        self._pending: dict[tuple[str, str], tuple[str, str]] = {}
        self._uncommitted = 0

    def _open(self, path: Path) -> sqlite3.Connection:
        """Open the database, starting afresh (and saying why in `damage`) when it is damaged."""
        try:
            return _connect(path)
        except sqlite3.DatabaseError as exc:
            if not is_damage(exc):
                raise
            self.damage = str(exc)
        # A damaged cache is only a cache: it goes, and the build redoes the work.
        discard(path)
        return _connect(path)

    def _set_meta(self, name: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, value))

    def close(self) -> None:
        """Commit what is pending and close the database."""
        try:
            self.db.commit()
        finally:
            self.db.close()

    # Paths -------------------------------------------------------------------------------

    def portable(self, data: bytes | str) -> bytes:
        """Return JSON with the paths inside the edition folder made relative to it (ROOT_MARK/...)."""
        text = data.decode() if isinstance(data, bytes) else data
        for old, new in self._to_portable:
            text = text.replace(old, new)
        return text.encode()

    def local(self, data: bytes) -> bytes:
        """Return stored JSON with its paths made absolute again, in the edition folder as it is now."""
        text = data.decode()
        for old, new in self._to_local:
            text = text.replace(old, new)
        return text.encode()

    # Registers ---------------------------------------------------------------------------

    def set_registers(self, register_paths: Iterable[Path]) -> None:
        """Take a fresh reading of the register files (after they may have changed)."""
        self._register_paths = [Path(p) for p in register_paths]
        digest = hashlib.sha256()
        for path in self._register_paths:
            digest.update(f"{path.name}\0{content_hash(str(path))}\0".encode())
        regs = digest.hexdigest()[:32]
        if regs != self._regs:
            self._regs = regs
            self._entry_digests = None
            self._ref_digests = {}

    @property
    def registers_digest(self) -> str:
        """Return the digest of the register files as last read."""
        return self._regs

    def _ref_digest(self, ref: str) -> str:
        """Return the digest of the register entry a pointer such as 'per:kim-il-sung' names."""
        digest = self._ref_digests.get(ref)
        if digest is None:
            if self._entry_digests is None:
                self._entry_digests = register_digests(self._register_paths)
            target = resolve_register_ref(ref)
            key = f"{target[0]}#{target[1]}" if target else ref
            digest = self._ref_digests[ref] = self._entry_digests.get(key, "missing")
        return digest

    def refs_digest(self, refs: Iterable[str]) -> str:
        """Return a digest of the register entries these pointers name, as they are now."""
        digest = hashlib.sha256()
        for ref in refs:
            digest.update(f"{ref}\0{self._ref_digest(ref)}\0".encode())
        return digest.hexdigest()[:32]

    # Planning ----------------------------------------------------------------------------

    def fingerprint(self, task: Task, stage_fp: str, params: str) -> str:
        """Return the content fingerprint of a task: stage digest, parameters and its inputs' content."""
        parts = [stage_fp, params]
        for path in task.inputs:
            parts += (self.portable(orjson.dumps(path)).decode(), content_hash(path))
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def forget_unplanned(self, stage: str, tasks: list[Task]) -> list[str]:
        """Forget the stage's tasks that are no longer planned (their input went); return the outputs they had made."""
        planned = {task.key for task in tasks}
        gone = [(key, outputs) for key, outputs in self.db.execute("SELECT key, outputs FROM tasks WHERE stage = ?",
                                                                   (stage,)) if key not in planned]
        self.db.executemany("DELETE FROM tasks WHERE stage = ? AND key = ?", [(stage, key) for key, _ in gone])
        self.commit()
        return [path for _, outputs in gone for path in orjson.loads(self.local(outputs))]

    def partition(self, stage: str, tasks: list[Task], stage_fp: str, force: bool = False) -> list[Task]:
        """Return the tasks that must run; the others are up to date."""
        # Tasks of one plan mostly share their params dict: its JSON and digest are made once.
        prefixes: dict[int, tuple[str, str]] = {}
        listings = _Listings()
        now_ns = time.time_ns()
        todo, restamped, rereffed = [], [], []
        rows: dict[str, tuple] = {}
        for number, task in enumerate(tasks):
            if number % CHUNK == 0:
                # The stored rows of the next tasks only: memory stays flat however long the plan is.
                rows = self._rows(stage, [t.key for t in tasks[number:number + CHUNK]])
            known = prefixes.get(id(task.params))
            if known is None:
                params = self.portable(orjson.dumps(task.params, option=orjson.OPT_SORT_KEYS, default=str)).decode()
                known = prefixes[id(task.params)] = (params, f"{stage_fp[:16]}|{hashlib.md5(params.encode()).hexdigest()}|")
            params, prefix = known
            inputs_stamp = _stamp_of(task.inputs, now_ns)
            stamp = prefix + inputs_stamp
            row = None if force else rows.get(task.key)
            fingerprint = None
            if row is not None:
                old_stamp, old_fp, old_regs, old_refs, outputs = row
                current = bool(inputs_stamp) and stamp == old_stamp
                if not current:
                    fingerprint = self.fingerprint(task, stage_fp, params)
                    current = fingerprint == old_fp
                    if current:
                        restamped.append((stamp, stage, task.key))
                if current and old_regs != self._regs:
                    current = self.refs_digest(self._stored_refs(stage, task.key)) == old_refs
                    if current:
                        rereffed.append((self._regs, stage, task.key))
                if current and all(listings.exists(p) for p in orjson.loads(self.local(outputs))):
                    continue
            todo.append(task)
            self._pending[(stage, task.key)] = (stamp, fingerprint or self.fingerprint(task, stage_fp, params))
        self.db.executemany("UPDATE tasks SET stamp = ? WHERE stage = ? AND key = ?", restamped)
        self.db.executemany("UPDATE tasks SET regs = ? WHERE stage = ? AND key = ?", rereffed)
        self.db.commit()
        return todo

    def _rows(self, stage: str, keys: list[str]) -> dict[str, tuple]:
        """Return the stored stamp, fingerprint, register digests and outputs of these tasks that succeeded."""
        marks = ",".join("?" * len(keys))
        return {row[0]: row[1:] for row in self.db.execute(
            "SELECT key, stamp, fingerprint, regs, refs_digest, outputs FROM tasks"
            f" WHERE stage = ? AND ok = 1 AND key IN ({marks})", (stage, *keys))}

    def _stored_refs(self, stage: str, key: str) -> list[str]:
        row = self.db.execute("SELECT refs FROM tasks WHERE stage = ? AND key = ?", (stage, key)).fetchone()
        return orjson.loads(row[0]) if row else []

    def redigest(self, stage: str) -> None:
        """Re-take the register digests of this build's results after the registers changed under them.

        Entries the build itself merged into the registers (a converter's proposals) must not
        make the documents that proposed them look out of date next time.
        """
        updates = [(self.refs_digest(orjson.loads(refs)), self._regs, stage, key) for key, refs in self.db.execute(
            "SELECT key, refs FROM tasks WHERE stage = ? AND gen = ? AND ok = 1", (stage, self.generation)).fetchall()]
        self.db.executemany("UPDATE tasks SET refs_digest = ?, regs = ? WHERE stage = ? AND key = ?", updates)
        self.commit()

    # Results -----------------------------------------------------------------------------

    def record(self, stage: str, result: TaskResult) -> None:
        """Store a fresh result under the stamp and fingerprint its task had when it was planned.

        A failed result is stored too (finish and the report need it) but never counts as up to date.
        """
        stamp, fingerprint = self._pending.pop((stage, result.key), ("", ""))
        ok = bool(result.ok)
        diagnostics = self.portable(orjson.dumps([d.to_dict() for d in result.diagnostics])) if result.diagnostics else None
        self.db.execute(
            "INSERT OR REPLACE INTO tasks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (stage, result.key, stamp if ok else "", fingerprint if ok else "", self._regs,
             self.refs_digest(result.register_refs) if ok else "", int(ok), self.generation,
             self.portable(orjson.dumps(result.outputs)), orjson.dumps(result.register_refs), diagnostics,
             self.portable(result_to_bytes(result)),
             orjson.dumps(result.register_additions) if result.register_additions else None))
        self._uncommitted += 1
        if self._uncommitted >= COMMIT_EVERY:
            self.commit()

    def commit(self) -> None:
        """Make what was recorded durable."""
        self.db.commit()
        self._uncommitted = 0

    def results(self, stage: str, tasks: list[Task]) -> StageResults:
        """Return a streamed view of a stage's results, in plan order."""
        return StageResults(self, stage, [t.key for t in tasks], self.finish_state(stage)[1])

    def diagnostics(self, stage: str, tasks: list[Task]) -> list[Diagnostic]:
        """Return the diagnostics of a stage's results (fresh and up to date alike), in plan order."""
        order = {t.key: n for n, t in enumerate(tasks)}
        rows = self.db.execute("SELECT key, diagnostics FROM tasks WHERE stage = ? AND diagnostics IS NOT NULL",
                               (stage,)).fetchall()
        rows.sort(key=lambda row: order.get(row[0], len(order)))
        return [d for _key, data in rows for d in _diagnostics(orjson.loads(self.local(data)))]

    # Collection-level outputs ----------------------------------------------------------------

    def finish_state(self, stage: str) -> tuple[str, int]:
        """Return the digest and generation of the last completed finish of a stage ('', 0 if none)."""
        row = self.db.execute("SELECT digest, gen FROM finish WHERE stage = ?", (stage,)).fetchone()
        return (row[0], row[1]) if row else ("", 0)

    def set_finish(self, stage: str, digest: str) -> None:
        """Record a completed finish (or, with an empty digest, that one is owed)."""
        gen = self.generation if digest else self.finish_state(stage)[1]
        self.db.execute("INSERT OR REPLACE INTO finish VALUES (?, ?, ?)", (stage, digest, gen))
        self.commit()


class StageResults:
    """A stage's results as finish sees them: streamed from the database, never all in memory."""

    def __init__(self, cache: BuildCache, stage: str, keys: list[str], since: int):
        self._cache = cache
        self._stage = stage
        self._keys = keys
        self._since = since

    def __len__(self) -> int:
        return len(self._keys)

    def _fetch(self, keys: list[str], additions: bool = False) -> Iterator[TaskResult]:
        """Yield the stored results of these keys, in the given order (with their register additions if asked)."""
        db, generation = self._cache.db, self._cache.generation
        column = "additions" if additions else "NULL"
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start:start + CHUNK]
            marks = ",".join("?" * len(chunk))
            found = {key: rest for key, *rest in db.execute(
                f"SELECT key, gen, result, {column} FROM tasks WHERE stage = ? AND key IN ({marks})",
                (self._stage, *chunk))}
            for key in chunk:
                if key in found:
                    gen, data, extra = found[key]
                    yield result_from_bytes(self._cache.local(data), gen == generation, extra)

    def __iter__(self) -> Iterator[TaskResult]:
        return self._fetch(self._keys)

    def _ordered(self, keys: Iterable[str]) -> list[str]:
        wanted = set(keys)
        return [key for key in self._keys if key in wanted]

    def changed(self) -> Iterator[TaskResult]:
        """Yield the results stored since the stage's collection-level outputs were last made, with their register additions.

        Only these carry additions: older ones were merged into the registers when their finish ran.
        """
        rows = self._cache.db.execute("SELECT key FROM tasks WHERE stage = ? AND gen > ?", (self._stage, self._since))
        return self._fetch(self._ordered(row[0] for row in rows), additions=True)

    def ok_keys(self) -> list[str]:
        """Return the keys of the results that succeeded, in plan order."""
        rows = self._cache.db.execute("SELECT key FROM tasks WHERE stage = ? AND ok = 1", (self._stage,))
        return self._ordered(row[0] for row in rows)
