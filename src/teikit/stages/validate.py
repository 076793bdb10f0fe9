"""The build's validate stage: one task per TEI document and register, schema plus rules.

Documents that declare a schema (imported ones declare TEI All) are checked against it and
the rules for any TEI; the others against the edition's schema and rules.
"""

from __future__ import annotations

import hashlib
import os

from .. import resources
from ..diagnostics import Level
from ..edition import Edition
from ..pipeline import Stage, Task, TaskResult
from ..validate.check import Options, inspect_file

SCHEMA_FILES = ("teikit.xsd", "xml.xsd", "tei_all.rng")


class ValidateStage(Stage):
    """Validate every TEI file of the edition; its errors stop the build."""

    name = "validate"
    # Checking a document takes about 2 ms, starting a worker about a second: below 1000 documents workers cost
    # more than they save (400 documents: 1.8 s in-process, 4.4 s with two spawned workers).
    serial_up_to = 999

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
        """One task per document and per register file, keyed by file name."""
        paths = edition.document_files() + [str(p) for p in edition.register_paths()]
        return self.tasks(paths, Options("edition", None, str(edition.tei_dir)),
                          [os.path.basename(path)[:-4] for path in paths])

    def tasks(self, paths: list[str], options: Options, keys: list[str] | None = None) -> list[Task]:
        """Return one task per file, checked as options say (what `teikit validate` runs too); keys default to the paths."""
        params = {"registers": options.registers}
        if options != Options("edition", None, options.registers):
            # Only what differs from the edition's checks, so the build's task parameters stay as they were.
            params.update(kind=options.schema_kind, grammar=options.grammar, foreign=options.foreign)
        return [Task(self.name, key, (path,), (), params) for path, key in zip(paths, keys or paths)]

    @staticmethod
    def run(task: Task) -> TaskResult:
        """Validate one file; cite the register entries an edition document points to, so editing one revalidates it."""
        path = task.inputs[0]
        params = task.params
        options = Options(params.get("kind", "edition"), params.get("grammar"), params["registers"],
                          params.get("foreign", False))
        # The rules' walk over the pointers yields the cited entries too: no second pass over the tree.
        diagnostics, refs = inspect_file(path, options)
        ok = not any(d.level is Level.ERROR for d in diagnostics)
        return TaskResult(task.key, ok=ok, diagnostics=diagnostics, register_refs=refs)
