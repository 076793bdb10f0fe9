"""The build's validate stage: one task per TEI document and register, schema plus rules.

Documents that declare TEI All (imported ones) are checked against tei_all.rng, pruned to
their vocabulary and cached in the edition's build/.cache/rng, and the rules for any TEI.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import orjson

from .. import resources, tei
from ..diagnostics import Level
from ..edition import Edition
from ..pipeline import Stage, Task, TaskResult
from .check import Options, declares_tei_all, inspect_file, tei_all_documents, tei_all_grammar
from .rules import POINTER_ATTRIBUTES

SCHEMA_FILES = ("teikit.xsd", "xml.xsd", "tei_all.rng")
# Which files were found not to declare TEI All, by size and mtime (so planning reads only changed files).
MEMO = "declarations.json"


def _read_memo(path: Path) -> dict:
    try:
        memo = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return {}
    return memo if isinstance(memo, dict) else {}


def rng_cache_dir(edition: Edition) -> Path:
    """Return the folder of the edition's pruned RELAX NG grammars (build/.cache/rng)."""
    return edition.build_dir / ".cache" / "rng"


class ValidateStage(Stage):
    """Validate every TEI file of the edition; its errors stop the build."""

    name = "validate"

    def available(self, edition: Edition) -> bool:
        """Validation needs a tei/ folder."""
        return edition.tei_dir.is_dir()

    def fingerprint(self, edition: Edition) -> str:
        """Return a digest of the schema files, so a schema change revalidates everything."""
        digest = hashlib.sha256()
        for name in SCHEMA_FILES:
            digest.update(resources.schema_path(name).read_bytes())
        return digest.hexdigest()

    def plan(self, edition: Edition) -> list[Task]:
        """One task per document and per register file, keyed by file name; tei_all pruned for those declaring it.

        Only those documents' tasks carry the pruned grammar, so a new name in them
        revalidates them alone; grammars of earlier vocabularies are removed.
        """
        paths = edition.document_files() + [str(p) for p in edition.register_paths()]
        cache = rng_cache_dir(edition)
        memo = _read_memo(cache / MEMO)
        declaring = tei_all_documents(paths, memo)
        known = {path: memo[path] for path in paths if path in memo}
        if known != memo or not (cache / MEMO).exists():
            tei.write_atomic(cache / MEMO, orjson.dumps(known))
        grammar = tei_all_grammar(declaring.values(), cache)
        for stale in cache.glob("*.rng"):
            if str(stale) != grammar:
                stale.unlink(missing_ok=True)
        registers = {"registers": str(edition.tei_dir)}
        with_grammar = {**registers, "tei_all": grammar}
        return [Task(self.name, os.path.basename(path)[:-4], (path,), (),
                     with_grammar if path in declaring else registers) for path in paths]

    @staticmethod
    def run(task: Task) -> TaskResult:
        """Validate one file; cite the register entries an edition document points to, so editing one revalidates it."""
        options = Options("edition", None, task.params["registers"], task.params.get("tei_all"))
        diagnostics, tree = inspect_file(task.inputs[0], options)
        refs: set[str] = set()
        if tree is not None and not declares_tei_all(tree):
            for element in tree.getroot().iter():
                if not isinstance(element.tag, str):
                    continue
                for attribute in POINTER_ATTRIBUTES:
                    for token in element.get(attribute, "").split():
                        if tei.resolve_register_ref(token) is not None:
                            refs.add(token)
        ok = not any(d.level is Level.ERROR for d in diagnostics)
        return TaskResult(task.key, ok=ok, diagnostics=diagnostics, register_refs=sorted(refs))
