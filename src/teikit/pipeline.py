"""The contract between `teikit build` and its stages: tasks, results and the Stage base class.

A stage turns one document (plus the registers) into outputs with a pure function, so the
build can run tasks in any order, in any process, on any machine, and skip unchanged ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Iterable

from .diagnostics import Diagnostic
from .edition import Edition


@dataclass(frozen=True)
class Task:
    """One unit of per-document work: what it reads, what it writes, and its parameters.

    `inputs` are the files whose content decides the output (hashed for the incremental
    build); `params` must be JSON-serialisable and picklable (sent to worker processes).
    """

    stage: str
    key: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass
class TaskResult:
    """What a task produced: diagnostics, written outputs, a small summary and register use.

    `summary` is a small JSON-able dict (title, date, mentions...) from which collection
    pages are built without re-reading documents; `register_refs` lists the register entries
    ('per:kim-il-sung') the document cites, so a register edit redoes exactly those tasks;
    `register_additions` carries entries a converter proposes for the registers.
    """

    key: str
    ok: bool = True
    diagnostics: list[Diagnostic] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    register_refs: list[str] = field(default_factory=list)
    register_additions: list[dict[str, Any]] = field(default_factory=list)
    # False for a result taken from the incremental cache (the task was skipped as unchanged).
    fresh: bool = True


class Stage:
    """Base class of a build stage; subclasses set `name` and implement plan/run/finish."""

    name: ClassVar[str] = ""
    # Whether the outputs of a document that went (its input deleted) are deleted too. A stage whose
    # outputs editors own and edit (convert's TEI) says no.
    prune_outputs: ClassVar[bool] = True
    # Up to this many tasks run in the engine's own process: starting workers would cost more than
    # they save (a stage whose tasks take milliseconds sets it higher than one whose tasks take seconds).
    serial_up_to: ClassVar[int] = 4
    # The engine's executor that finish may hand work to (`submit(fn, *args)`, `jobs`); set by the
    # engine before finish, None (all in this process) otherwise.
    workers: Any = None

    def available(self, edition: Edition) -> bool:
        """Return whether the edition is set up for this stage (default: yes)."""
        return True

    def fingerprint(self, edition: Edition) -> str:
        """Return a string that changes whenever stage-wide inputs (stylesheets, params) change."""
        return ""

    def plan(self, edition: Edition) -> list[Task]:
        """Return the per-document tasks of this stage for the edition."""
        raise NotImplementedError

    @staticmethod
    def run(task: Task) -> TaskResult:
        """Do one task; a pure function of the task's inputs and params (runs in a worker)."""
        raise NotImplementedError

    def finish(self, edition: Edition, results: list[TaskResult]) -> list[Diagnostic]:
        """Build collection-level outputs from the per-document results (default: nothing)."""
        return []

    def finish_outputs(self, edition: Edition) -> list:
        """Return the files finish writes; a missing one makes the build run finish again."""
        return []

    def report_note(self) -> str:
        """Return a line for the build's closing report, once finish has run (default: none)."""
        return ""

    def products(self, edition: Edition) -> list[tuple[str, Path]]:
        """Return (label, path) of what a reader opens; the build's closing lines name them (default: none)."""
        return []


def changed_results(results: Iterable[TaskResult]) -> Iterable[TaskResult]:
    """Return the results redone since the stage's collection-level outputs were last made.

    The build passes finish a streamed view of its results that knows this; for a plain
    list (a single render, a test) the fresh results are the changed ones.
    """
    changed = getattr(results, "changed", None)
    return changed() if changed is not None else [r for r in results if r.fresh]


def ok_keys(results: Iterable[TaskResult]) -> list[str]:
    """Return the keys of the results that succeeded, in plan order, without loading their summaries."""
    keys = getattr(results, "ok_keys", None)
    return keys() if keys is not None else [r.key for r in results if r.ok]
