"""The incremental build's memory: what each output was made from, kept in build/.cache/.

A task is redone when its fingerprint changes: the content of its inputs, the register
entries it cited last time, the stage's stylesheets and parameters, or teikit's own code.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import orjson
from lxml import etree

from .. import __version__
from ..diagnostics import Diagnostic, Level
from ..pipeline import Task, TaskResult
from ..tei import XML_ID, parse, resolve_register_ref, write_atomic

CACHE_VERSION = 2


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def code_digest() -> str:
    """Return a digest of teikit's own Python code, so a changed teikit redoes its outputs."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def register_digests(register_paths: list[Path]) -> dict[str, str]:
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
                digests[f"{path.name}#{ident}"] = hashlib.sha256(canonical).hexdigest()[:16]
    return digests


def result_to_dict(result: TaskResult) -> dict:
    """Serialise a TaskResult for the cache file.

    Register additions are left out: they were merged into the registers when the task ran.
    """
    return {
        "key": result.key, "ok": result.ok, "outputs": result.outputs, "summary": result.summary,
        "register_refs": result.register_refs, "diagnostics": [d.to_dict() for d in result.diagnostics],
    }


def result_from_dict(data: dict) -> TaskResult:
    """Rebuild a TaskResult from its cached form (marked as not fresh)."""
    diagnostics = [Diagnostic(d["path"], d["line"], d["col"], Level(d["level"]), d["code"], d["message"])
                   for d in data.get("diagnostics", [])]
    return TaskResult(data["key"], data.get("ok", True), diagnostics, list(data.get("outputs", [])),
                      dict(data.get("summary", {})), list(data.get("register_refs", [])), fresh=False)


class BuildCache:
    """Per-stage records of task fingerprints and results, plus a stat-keyed file-hash cache."""

    def __init__(self, cache_dir: Path):
        self.dir = cache_dir
        self._hashes = self._load("files.json").get("files", {})
        self._stages: dict[str, dict] = {}
        self._dirty: set[str] = set()
        self._register_digests: dict[str, str] = {}
        self._ref_digests: dict[str, str] = {}

    def _load(self, name: str) -> dict:
        try:
            data = orjson.loads((self.dir / name).read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return {}
        return data if isinstance(data, dict) and data.get("version") == CACHE_VERSION else {}

    def file_hash(self, path: str) -> str:
        """Return the content hash of a file, re-reading it only when its size or mtime changed."""
        try:
            stat = os.stat(path)
        except OSError:
            return "missing"
        stamp = [stat.st_size, stat.st_mtime_ns]
        known = self._hashes.get(path)
        if known and known[0] == stamp:
            return known[1]
        digest = _sha256_file(Path(path))
        self._hashes[path] = [stamp, digest]
        self._dirty.add("files.json")
        return digest

    def set_registers(self, register_paths: list[Path]) -> None:
        """Take a fresh reading of the register entries (after they may have changed)."""
        self._register_digests = register_digests(register_paths)
        self._ref_digests = {}

    def stage(self, name: str) -> dict:
        """Return the cached records of a stage: {'finish': digest, 'tasks': {key: entry}}."""
        if name not in self._stages:
            data = self._load(f"{name}.json")
            self._stages[name] = {"finish": data.get("finish", ""), "tasks": data.get("tasks", {})}
        return self._stages[name]

    def set_finish(self, name: str, digest: str) -> None:
        """Remember the state in which a stage's collection-level outputs were last made."""
        state = self.stage(name)
        if state["finish"] != digest:
            state["finish"] = digest
            self._dirty.add(f"{name}.json")

    def _ref_digest(self, ref: str) -> str:
        """Return the digest of the register entry a pointer such as 'per:kim-il-sung' names."""
        digest = self._ref_digests.get(ref)
        if digest is None:
            target = resolve_register_ref(ref)
            key = f"{target[0]}#{target[1]}" if target else ref
            digest = self._ref_digests[ref] = self._register_digests.get(key, "missing")
        return digest

    def fingerprint(self, task: Task, stage_fp: str, register_refs: list[str]) -> str:
        """Return the fingerprint of a task given the register entries it cites."""
        parts = [stage_fp, orjson.dumps(task.params, option=orjson.OPT_SORT_KEYS, default=str).decode()]
        for path in task.inputs:
            parts += (path, self.file_hash(path))
        for ref in register_refs:
            parts += (ref, self._ref_digest(ref))
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def lookup(self, stage: str, task: Task, stage_fp: str) -> TaskResult | None:
        """Return the cached result of a task if nothing it depends on changed and its outputs exist."""
        entry = self.stage(stage)["tasks"].get(task.key)
        if not entry:
            return None
        result = entry["result"]
        if entry["fingerprint"] != self.fingerprint(task, stage_fp, result.get("register_refs", [])):
            return None
        if not all(os.path.exists(p) for p in result.get("outputs", [])):
            return None
        return result_from_dict(result)

    def record(self, stage: str, task: Task, stage_fp: str, result: TaskResult) -> None:
        """Remember a successful task's result under its current fingerprint."""
        tasks = self.stage(stage)["tasks"]
        self._dirty.add(f"{stage}.json")
        if not result.ok:
            tasks.pop(task.key, None)
            return
        tasks[task.key] = {"fingerprint": self.fingerprint(task, stage_fp, result.register_refs),
                           "result": result_to_dict(result)}

    def forget_missing(self, stage: str, keys: set[str]) -> None:
        """Drop cached tasks that the stage no longer plans (deleted records or documents)."""
        tasks = self.stage(stage)["tasks"]
        for key in [k for k in tasks if k not in keys]:
            del tasks[key]
            self._dirty.add(f"{stage}.json")

    def unload(self, stage: str) -> None:
        """Save a stage's records and drop them from memory (the build has moved on)."""
        self.save()
        self._stages.pop(stage, None)

    def save(self) -> None:
        """Write the cache files that changed, atomically."""
        if not self._dirty:
            return
        self.dir.mkdir(parents=True, exist_ok=True)
        if "files.json" in self._dirty:
            write_atomic(self.dir / "files.json", orjson.dumps({"version": CACHE_VERSION, "files": self._hashes}))
        for name, data in self._stages.items():
            if f"{name}.json" in self._dirty:
                write_atomic(self.dir / f"{name}.json", orjson.dumps({"version": CACHE_VERSION, **data}))
        self._dirty.clear()
