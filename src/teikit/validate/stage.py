"""The build's validate stage: one task per TEI document and register, schema plus rules."""

from __future__ import annotations

import hashlib

from .. import resources, tei
from ..diagnostics import Level
from ..edition import Edition
from ..pipeline import Stage, Task, TaskResult
from .check import Options, inspect_file
from .rules import POINTER_ATTRIBUTES

SCHEMA_FILES = ("teikit.xsd", "xml.xsd")


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
        """One task per document and per register file, keyed by file name."""
        paths = edition.documents() + edition.register_paths()
        return [Task(self.name, path.stem, (str(path),), (), {"registers": str(edition.tei_dir)}) for path in paths]

    @staticmethod
    def run(task: Task) -> TaskResult:
        """Validate one file; cite the register entries it points to, so editing one revalidates it."""
        diagnostics, tree = inspect_file(task.inputs[0], Options("edition", None, task.params["registers"]))
        refs: set[str] = set()
        if tree is not None:
            for element in tree.getroot().iter():
                if not isinstance(element.tag, str):
                    continue
                for attribute in POINTER_ATTRIBUTES:
                    for token in element.get(attribute, "").split():
                        if tei.resolve_register_ref(token) is not None:
                            refs.add(token)
        ok = not any(d.level is Level.ERROR for d in diagnostics)
        return TaskResult(task.key, ok=ok, diagnostics=diagnostics, register_refs=sorted(refs))
