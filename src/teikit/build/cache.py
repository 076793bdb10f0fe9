"""The incremental build's memory: what each output was made from, kept in build/.cache/.

A task is redone when its fingerprint changes: the content of its inputs, the register
entries it cited last time, the stage's stylesheets and parameters, or teikit's own code.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from lxml import etree

from .. import __version__
from ..diagnostics import Diagnostic, Level
from ..pipeline import Task, TaskResult
from ..tei import XML_ID, parse, resolve_register_ref, write_atomic

CACHE_VERSION = 1


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


def tree_digest(*roots: Path) -> str:
    """Return a digest of every file below the given folders (stylesheets, schemas)."""
    digest = hashlib.sha256()
    for root in roots:
        if root.is_file():
            files = [root]
        else:
            files = sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            digest.update(str(path.name).encode())
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
    """Serialise a TaskResult for the cache file."""
    return {
        "key": result.key, "ok": result.ok, "outputs": result.outputs, "summary": result.summary,
        "register_refs": result.register_refs, "register_additions": result.register_additions,
        "diagnostics": [d.to_dict() for d in result.diagnostics],
    }


def result_from_dict(data: dict) -> TaskResult:
    """Rebuild a TaskResult from its cached form (marked as not fresh)."""
    diagnostics = [Diagnostic(d["path"], d["line"], d["col"], Level(d["level"]), d["code"], d["message"])
                   for d in data.get("diagnostics", [])]
    return TaskResult(data["key"], data.get("ok", True), diagnostics, list(data.get("outputs", [])),
                      dict(data.get("summary", {})), list(data.get("register_refs", [])),
                      list(data.get("register_additions", [])), fresh=False)


class BuildCache:
    """Per-stage records of task fingerprints and results, plus a stat-keyed file-hash cache."""

    def __init__(self, cache_dir: Path):
        self.dir = cache_dir
        self._hashes = self._load("files.json").get("files", {})
        self._stages: dict[str, dict] = {}
        self._register_digests: dict[str, str] = {}

    def _load(self, name: str) -> dict:
        path = self.dir / name
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if data.get("version") == CACHE_VERSION else {}

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
        return digest

    def set_registers(self, register_paths: list[Path]) -> None:
        """Take a fresh reading of the register entries (after they may have changed)."""
        self._register_digests = register_digests(register_paths)

    def stage(self, name: str) -> dict:
        """Return the cached records of a stage: {'fingerprint', 'finish', 'tasks': {key: entry}}."""
        if name not in self._stages:
            data = self._load(f"{name}.json")
            self._stages[name] = {"finish": data.get("finish", ""), "tasks": data.get("tasks", {})}
        return self._stages[name]

    def fingerprint(self, task: Task, stage_fp: str, register_refs: list[str]) -> str:
        """Return the fingerprint of a task given the register entries it cites."""
        registers = []
        for ref in register_refs:
            target = resolve_register_ref(ref)
            key = f"{target[0]}#{target[1]}" if target else ref
            registers.append((ref, self._register_digests.get(key, "missing")))
        payload = {
            "stage": stage_fp,
            "params": task.params,
            "inputs": [(p, self.file_hash(p)) for p in task.inputs],
            "registers": registers,
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()

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
        if not result.ok:
            tasks.pop(task.key, None)
            return
        tasks[task.key] = {"fingerprint": self.fingerprint(task, stage_fp, result.register_refs),
                           "result": result_to_dict(result)}

    def forget_missing(self, stage: str, keys: set[str]) -> None:
        """Drop cached tasks that the stage no longer plans (deleted records or documents)."""
        tasks = self.stage(stage)["tasks"]
        for key in list(tasks):
            if key not in keys:
                del tasks[key]

    def save(self) -> None:
        """Write the cache files atomically."""
        self.dir.mkdir(parents=True, exist_ok=True)
        write_atomic(self.dir / "files.json", json.dumps(
            {"version": CACHE_VERSION, "files": self._hashes}, sort_keys=True))
        for name, data in self._stages.items():
            write_atomic(self.dir / f"{name}.json", json.dumps(
                {"version": CACHE_VERSION, **data}, sort_keys=True))
