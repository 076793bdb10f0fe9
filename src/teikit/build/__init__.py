"""The edition build: run the stages in order over every document, incrementally and in parallel.

Each stage plans one task per document; tasks whose inputs, cited register entries,
stylesheets, parameters and teikit code are unchanged are skipped with their cached result;
the rest run serially, in a process pool or on Dask. Collection-level outputs are then
made by the stage's `finish` from all per-document results.

The build publishes what is valid: a record that cannot be converted and a document that
fails validation are reported and left out of the later stages (site, PDFs, exports), the
rest is built, and the exit status is 1. `strict` keeps all-or-nothing: the first stage
with such a failure stops the build. The full report goes to build/report.txt.
"""

from __future__ import annotations

import dataclasses
import hashlib
import inspect
import os
import sqlite3
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..damage import discard, is_damage
from ..diagnostics import Diagnostic, Level, warning
from ..edition import REGISTER_FILES, Edition
from ..pipeline import Stage, Task, TaskResult
from ..tei import write_atomic
from .cache import DATABASE, BuildCache, code_digest
from .executors import SerialExecutor, make_executor, stop_fork_server
from .progress import StageProgress, StageReport, make_console, print_report
from .registry import ORDER, installed_stages, stage_class, stage_spec

# Stages whose failed documents are left out of the later stages (or, with --strict, stop the build).
GATE_STAGES = ("convert", "validate")
# The full report of a build (every diagnostic, every document left out), below build/.
REPORT = "report.txt"


@dataclass
class BuildOutcome:
    """What a build did: per-stage reports, every diagnostic, and the exit status."""

    reports: list[StageReport] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    stopped_at: str | None = None
    # Why documents were left out of what the build publishes -> their inputs (records or TEI files).
    left_out: dict[str, list[str]] = field(default_factory=dict)
    report_path: str | None = None
    # (label, path) of what a reader opens, from the stages that ran: the closing lines name them.
    products: list[tuple[str, str]] = field(default_factory=list)

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
    strict: bool = False


def _finish_digest(stage_fp: str, tasks) -> str:
    """Digest of what a stage's finish depends on besides fresh results: its code and task set."""
    digest = hashlib.sha256(stage_fp.encode())
    for task in tasks:
        digest.update(b"\0" + task.key.encode())
    return digest.hexdigest()


class Engine:
    """The executors of one build or one command, started only when there is work for them.

    `run(stage, tasks)` runs a stage's tasks (in this process up to `Stage.serial_up_to` of
    them, else on the executor: a process pool or Dask); `workers()` lends the same executor
    to a stage's collection step, which hands it work with `submit`.
    """

    def __init__(self, options: BuildOptions | None = None):
        self.options = options or BuildOptions()
        self.jobs = self.options.jobs or os.cpu_count() or 1
        self._executor = None

    def executor_for(self, count: int, stage: Stage):
        """Return the executor for `count` tasks of a stage: this process for few, the workers otherwise."""
        if self.options.executor != "dask" and count <= stage.serial_up_to:
            return SerialExecutor()
        return self.workers()

    def workers(self):
        """Return the executor (a local pool starts its processes only when first given work)."""
        if self._executor is None:
            self._executor = make_executor(self.options.executor, self.jobs, self.options.scheduler)
        return self._executor

    def run(self, stage: Stage, tasks: list[Task], advance=None) -> list[TaskResult]:
        """Run tasks of a stage without the cache; return their results in task order.

        `advance`, if given, is called once per completed task (a progress bar).
        """
        done: dict[int, TaskResult] = {}
        # Executors yield the very task objects they were given, so identity finds each one's place.
        for task, result in self.executor_for(len(tasks), stage).map(stage_spec(stage), tasks):
            result.key = task.key
            done[id(task)] = result
            if advance is not None:
                advance()
        return [done[id(task)] for task in tasks]

    def release(self) -> None:
        """Stop local worker processes between stages (a Dask cluster is kept for the build)."""
        if self._executor is not None and self.options.executor != "dask":
            self._executor.close()
            self._executor = None

    def close(self) -> None:
        """Stop every worker, and the fork server local workers start from."""
        if self._executor is not None:
            self._executor.close()
            self._executor = None
        stop_fork_server()

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def run_tasks(stage: Stage, tasks: list[Task], jobs: int = 0, executor: str = "local", scheduler: str | None = None,
              advance=None) -> list[TaskResult]:
    """Run tasks of a stage on the build's executors, without the cache; return their results in task order.

    This is how a command (`teikit convert`, `validate`...) runs the tasks it plans from its
    arguments: the same executors, batching and crash handling as `teikit build`. `advance`,
    if given, is called once per completed task (a progress bar).
    """
    with Engine(BuildOptions(jobs=jobs, executor=executor, scheduler=scheduler)) as engine:
        return engine.run(stage, tasks, advance)


def _run_stage(edition: Edition, stage: Stage, cache: BuildCache, runner: Engine,
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
        for task, result in runner.executor_for(len(todo), stage).map(stage_spec(stage), todo):
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
                # The stage's workers are kept for finish: a collection step that hands them work (the html
                # stage's pages) finds them started, with their modules imported and stylesheets compiled,
                # where fresh ones would do it all again; they are released when the stage is done.
                finish_started = time.perf_counter()
                stage.workers = runner.workers()
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
    outcome.report_path = str(_write_report(edition, outcome))
    for diag in outcome.diagnostics:
        if diag.level is not Level.INFO:
            console.print(diag.format(), markup=False, highlight=False)
    print_report(console, outcome.reports)
    for line in closing_lines(outcome):
        console.print(line, markup=False, highlight=False)
    return outcome


def closing_lines(outcome: BuildOutcome) -> list[str]:
    """Return the lines after the table: where each product and the report are, then what was left out.

    Paths inside the current folder are shown relative to it; every line fits 80 columns
    unless a path alone is longer.
    """
    shown = [(label, path) for label, path in outcome.products if Path(path).exists()]
    if outcome.report_path:
        shown.append(("report", outcome.report_path))
    width = max((len(label) for label, _ in shown), default=0) + 2
    lines = [f"{label + ':':<{width}}{_relative(path)}" for label, path in shown]
    return lines + textwrap.wrap(_summary(outcome), 80, break_on_hyphens=False)


def _relative(path: str) -> str:
    """Return a path relative to the current folder when it lies inside it, else as it is."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return path


def _damaged(path: Path, reason: str) -> Diagnostic:
    return warning(path, "B001", f"the build cache was damaged ({reason}): discarded, everything is rebuilt")


def _build(edition: Edition, options: BuildOptions, console, names: list[str]) -> BuildOutcome:
    """Run the stages once, with the cache as it is."""
    cache = BuildCache(edition.build_dir / ".cache", edition.root)
    cache.set_registers(edition.register_paths())
    outcome = BuildOutcome()
    if cache.damage:
        outcome.diagnostics.append(_damaged(cache.path, cache.damage))
    runner = Engine(options)
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
            outcome.products.extend((label, str(path)) for label, path in stage.products(edition))
            if stage.name not in GATE_STAGES:
                continue
            failed = sorted(where for where, _ in report.failed)
            if stage.name == "validate":
                # A register is no document to leave out: its errors are reported, and counted in the exit status.
                failed = [p for p in failed if os.path.basename(p) not in REGISTER_FILES]
            if options.strict and (failed or any(d.level is Level.ERROR for d in diagnostics)):
                outcome.stopped_at = stage.name
                report.note = "--strict: later stages were not run"
                break
            if failed:
                outcome.left_out[LEFT_OUT[stage.name]] = failed
                if stage.name == "validate":
                    edition = dataclasses.replace(edition, withheld=edition.withheld | frozenset(failed))
    finally:
        runner.close()
        try:
            cache.close()
        except sqlite3.DatabaseError:
            pass  # a damaged cache says so where it was used; closing it adds nothing
    return outcome


# What the closing summary and the report call each reason for leaving documents out.
LEFT_OUT = {"convert": "records that could not be converted", "validate": "invalid documents"}


def _summary(outcome: BuildOutcome) -> str:
    """Return the closing sentence: how many documents were left out, and why."""
    count = sum(len(paths) for paths in outcome.left_out.values())
    if outcome.stopped_at:
        head = f"nothing was published after {outcome.stopped_at} (--strict)"
    elif count:
        reasons = ", ".join(f"{len(paths)} {why}" for why, paths in outcome.left_out.items())
        head = f"{count} left out of the site, PDFs and exports ({reasons}); everything else was built"
    else:
        head = "nothing was left out"
    return head


def _write_report(edition: Edition, outcome: BuildOutcome) -> Path:
    """Write build/report.txt: every diagnostic, then every document left out and why."""
    lines = [diag.format() for diag in outcome.diagnostics if diag.level is not Level.INFO]
    for why, paths in outcome.left_out.items():
        lines.append(f"left out: {len(paths)} {why}")
        lines.extend(f"  {path}" for path in paths)
    if outcome.stopped_at:
        lines.append(f"stopped after {outcome.stopped_at} (--strict): later stages were not run")
    path = edition.build_dir / REPORT
    write_atomic(path, "".join(f"{line}\n" for line in lines))
    return path
