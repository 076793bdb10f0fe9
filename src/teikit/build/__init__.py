"""The edition build: run the stages in order over every document, incrementally and in parallel.

Each stage plans one task per document; tasks whose inputs, cited register entries,
stylesheets, parameters and teikit code are unchanged are skipped with their cached result;
the rest run serially, in a process pool or on Dask. Collection-level outputs are then
made by the stage's `finish` from all per-document results.
"""

from __future__ import annotations

import hashlib
import inspect
import os
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..damage import discard, is_damage
from ..diagnostics import Diagnostic, Level, warning
from ..edition import Edition
from ..pipeline import Stage
from .cache import DATABASE, BuildCache, code_digest
from .executors import SerialExecutor, make_executor
from .progress import StageProgress, StageReport, make_console, print_report
from .registry import ORDER, installed_stages, stage_class, stage_spec

# Below this many tasks, starting worker processes costs more than it saves.
SMALL_BATCH = 4
# Stages after which an invalid edition stops the build.
GATE_STAGES = ("validate",)


@dataclass
class BuildOutcome:
    """What a build did: per-stage reports, every diagnostic, and the exit status."""

    reports: list[StageReport] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    stopped_at: str | None = None

    @property
    def exit_code(self) -> int:
        """0 when clean, 1 when a document failed or an error was reported."""
        failed = any(r.failed for r in self.reports)
        errors = any(d.level is Level.ERROR for d in self.diagnostics)
        return 1 if failed or errors or self.stopped_at else 0


@dataclass
class BuildOptions:
    """How to run a build."""

    stages: tuple[str, ...] | None = None
    jobs: int = 0
    executor: str = "local"
    scheduler: str | None = None
    force: bool = False
    quiet: bool = False


def _finish_digest(stage_fp: str, tasks) -> str:
    """Digest of what a stage's finish depends on besides fresh results: its code and task set."""
    digest = hashlib.sha256(stage_fp.encode())
    for task in tasks:
        digest.update(b"\0" + task.key.encode())
    return digest.hexdigest()


class _Runner:
    """Holds the executors of one build, started only when there is work for them."""

    def __init__(self, options: BuildOptions):
        self.options = options
        self.jobs = options.jobs or os.cpu_count() or 1
        self._executor = None

    def executor_for(self, count: int):
        if self.options.executor != "dask" and count <= SMALL_BATCH:
            return SerialExecutor()
        if self._executor is None:
            self._executor = make_executor(self.options.executor, self.jobs, self.options.scheduler)
        return self._executor

    def release(self) -> None:
        """Stop local worker processes between stages (a Dask cluster is kept for the build)."""
        if self._executor is not None and self.options.executor != "dask":
            self._executor.close()
            self._executor = None

    def close(self) -> None:
        if self._executor is not None:
            self._executor.close()
            self._executor = None


def _run_stage(edition: Edition, stage: Stage, cache: BuildCache, runner: _Runner,
               options: BuildOptions, console, code_fp: str) -> tuple[StageReport, list[Diagnostic]]:
    name = stage.name
    report = StageReport(name)
    started = time.perf_counter()
    stage_fp = hashlib.sha256(f"{code_fp}:{stage.fingerprint(edition)}".encode()).hexdigest()
    tasks = stage.plan(edition)
    report.planned = len(tasks)
    stale = cache.forget_unplanned(name, tasks)
    if stale and stage.prune_outputs:
        # The input went, so its outputs go too (unless a task now planned declares the same file).
        declared = {path for task in tasks for path in task.outputs}
        for path in stale:
            if path not in declared:
                Path(path).unlink(missing_ok=True)
    todo = cache.partition(name, tasks, stage_fp, force=options.force)
    report.skipped = len(tasks) - len(todo)
    if todo:
        # Owed until it completes: an interrupted build leaves the mark empty, so the next one finishes the job.
        cache.set_finish(name, "")
    progress = StageProgress(console, name, len(todo), quiet=options.quiet)
    completed = 0
    try:
        # Results go to the database as they arrive, not into a list: memory stays flat however many there are.
        for task, result in runner.executor_for(len(todo)).map(stage_spec(stage), todo):
            result.key = task.key
            cache.record(name, result)
            completed += 1
            if result.ok:
                report.done += 1
            else:
                reason = next((d.message for d in result.diagnostics), "failed")
                report.failed.append((task.inputs[0] if task.inputs else task.key, reason))
            progress.advance()
    finally:
        progress.close()
        cache.commit()
        diagnostics = cache.diagnostics(name, tasks)
        if completed == len(todo):
            registers_before = cache.registers_digest
            # Collection-level outputs are redone when a document was redone, documents came or
            # went, the stage's code changed, or its outputs are missing.
            digest = _finish_digest(stage_fp, tasks)
            missing_outputs = any(not p.exists() for p in stage.finish_outputs(edition))
            if todo or digest != cache.finish_state(name)[0] or missing_outputs:
                cache.set_finish(name, "")
                # The workers are idle now: their memory goes before finish takes its own.
                runner.release()
                finish_started = time.perf_counter()
                diagnostics.extend(stage.finish(edition, cache.results(name, tasks)))
                report.collection_seconds = time.perf_counter() - finish_started
                report.note = stage.report_note()
            cache.set_finish(name, digest)
            cache.set_registers(edition.register_paths())
            if cache.registers_digest != registers_before:
                cache.redigest(name)
        report.seconds = time.perf_counter() - started
    return report, diagnostics


def _make_stage(cls: type[Stage], options: BuildOptions) -> Stage:
    """Instantiate a stage; one that takes `force` (convert: replace hand-edited TEI) gets --force."""
    if options.force and "force" in inspect.signature(cls).parameters:
        return cls(force=True)
    return cls()


def run_build(edition: Edition, options: BuildOptions | None = None, console=None) -> BuildOutcome:
    """Run the build of an edition and print its diagnostics and closing report.

    A build cache found damaged (on opening, or by an error while the build reads it) is
    discarded with one warning, and the build starts afresh: a cache is only a cache.
    """
    options = options or BuildOptions()
    console = console or make_console()
    names = list(options.stages) if options.stages else installed_stages()
    # Besides registered names, "module:Class" specs are accepted (plug-in and test stages).
    unknown = [n for n in names if n not in ORDER and ":" not in n]
    if unknown:
        raise ValueError(f"unknown stage(s): {', '.join(unknown)}; known: {', '.join(ORDER)}")
    names = [n for n in ORDER if n in names] + [n for n in names if n not in ORDER]
    cache_path = edition.build_dir / ".cache" / DATABASE
    try:
        outcome = _build(edition, options, console, names)
    except Exception as exc:
        if not is_damage(exc):
            raise
        discard(cache_path)
        outcome = _build(edition, options, console, names)
        outcome.diagnostics.insert(0, _damaged(cache_path, str(exc)))
    for diag in outcome.diagnostics:
        if diag.level is not Level.INFO:
            console.print(diag.format(), markup=False, highlight=False)
    print_report(console, outcome.reports)
    return outcome


def _damaged(path: Path, reason: str) -> Diagnostic:
    return warning(path, "B001", f"the build cache was damaged ({reason}): discarded, everything is rebuilt")


def _build(edition: Edition, options: BuildOptions, console, names: list[str]) -> BuildOutcome:
    """Run the stages once, with the cache as it is."""
    cache = BuildCache(edition.build_dir / ".cache")
    cache.set_registers(edition.register_paths())
    outcome = BuildOutcome()
    if cache.damage:
        outcome.diagnostics.append(_damaged(cache.path, cache.damage))
    runner = _Runner(options)
    code_fp = code_digest()
    try:
        for name in names:
            stage = _make_stage(stage_class(name), options)
            # Asked only now: whether a stage is set up can depend on what earlier stages made
            # (there are documents to render once convert has run).
            if not stage.available(edition):
                continue
            report, diagnostics = _run_stage(edition, stage, cache, runner, options, console, code_fp)
            # Fresh workers for the next stage, and its records out of memory: what one stage
            # took is given back before the next starts.
            runner.release()
            outcome.reports.append(report)
            outcome.diagnostics.extend(diagnostics)
            if stage.name in GATE_STAGES and any(d.level is Level.ERROR for d in diagnostics):
                outcome.stopped_at = stage.name
                report.note = "the edition is invalid: later stages were not run"
                break
    finally:
        runner.close()
        try:
            cache.close()
        except sqlite3.DatabaseError:
            pass  # a damaged cache says so where it was used; closing it adds nothing
    return outcome
