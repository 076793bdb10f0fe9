"""The import stage: each source file (a FRUS volume, other TEI) read and its documents staged (exchange.importer).

`teikit import` plans its tasks from its arguments and admits the staged documents into the
edition (`importer.import_tei`); the build does not plan it, as an edition keeps no sources.
"""

from __future__ import annotations

import os

from ..exchange.importer import SourceResult, read_source
from ..pipeline import Stage, Task, TaskResult


class ImportStage(Stage):
    """Per source file: read it and stage its documents in a folder of their own."""

    name = "import"
    # A source may be a whole volume: two are worth two workers.
    serial_up_to = 1

    def tasks(self, paths: list[str], folders: list[str]) -> list[Task]:
        """Return one task per source file, staging its documents in the folder beside it; the largest first.

        Workers take tasks in this order: the largest volumes first keep a big one from running
        alone at the end. The importer puts the results back in the order of the arguments.
        """
        pairs = sorted(zip(paths, folders), key=lambda pair: -_size(pair[0]))
        return [Task(self.name, path, (path,), (), {"staging": folder}) for path, folder in pairs]

    @staticmethod
    def run(task: Task) -> TaskResult:
        """Read one source and stage its documents; the summary says what was staged, repaired and found."""
        found = read_source(task.inputs[0], task.params["staging"])
        summary = {"staged": found.staged, "repaired": sorted(found.repaired), "persons": found.persons,
                   "volume": found.volume}
        ok = not any(d.level.value == "error" for d in found.problems)
        return TaskResult(task.key, ok=ok, diagnostics=found.problems, summary=summary)

    @staticmethod
    def source(task: Task, result: TaskResult) -> SourceResult:
        """Return what one source gave, from its task's result (a crashed reader gives only its diagnostic)."""
        summary = result.summary
        return SourceResult(task.inputs[0], [tuple(s) for s in summary.get("staged", [])],
                            set(summary.get("repaired", [])), list(result.diagnostics), summary.get("persons", []),
                            summary.get("volume", ""))


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:  # reading it will say what is wrong
        return 0
