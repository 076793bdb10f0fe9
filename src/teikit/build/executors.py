"""Where work runs: in this process, in a local process pool, or on Dask (the one executor layer).

Every executor yields (task, result) pairs as a stage's tasks complete. A task that raises
becomes a failed result naming its input; a worker that crashes or is killed has its tasks
retried once, and a second failure is reported as such. A stage's collection step (the html
stage's pages) hands further work to the same workers with `submit(fn, *args)`, which returns
a future whose `result()` gives the value or raises what the call raised; every executor
has `jobs`, how many processes it runs work in.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver as forkserver
import os
import traceback
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Iterable, Iterator

from .. import lifeline
from ..diagnostics import error
from ..pipeline import Task, TaskResult
from .registry import stage_class

CRASH_CODE = "B003"
# A file a task must write or read cannot be (disk full, read-only or forbidden folder).
IO_CODE = "B002"
# Tells a local Dask cluster's workers which process started them (see dask_setup).
PARENT_ENV = "TEIKIT_BUILD_PID"


# What the fork server imports once, so that each worker forked from it starts with them loaded
# (some 0.5 s of CPU a worker otherwise spends importing, per stage and per worker). Not the html
# stage: its modules load Saxon's native library, which every convert and validate worker would
# then carry (tried: --limit 1000 builds showed more system time and memory, and no CPU saved).
PRELOAD = ["teikit.build.executors", "teikit.stages.convert", "teikit.stages.validate"]


def preload_for(stage_name: str | None) -> list[str]:
    """Return what the fork server imports when a stage (a "module:Class") starts the first pool.

    The stages of PRELOAD get all of it (a build that converts validates next); any other first
    stage (html alone, an import) gets only this module: the fork server would otherwise spend
    half a second importing the converter before its first worker could start.
    """
    module = (stage_name or "").partition(":")[0]
    return PRELOAD if module in PRELOAD else PRELOAD[:1]


# Pools of this process whose workers may still run: the fork server must outlive them.
_open_pools = 0


def worker_context(stage_name: str | None = None):
    """Return how pool workers start: forked from a fork server that imported preload_for(stage_name), else spawned.

    Never forked from the build itself: a Saxon processor the build made (the html stage's
    collection step transforms in this process) must not be inherited half-initialised; the
    fork server is a fresh process of its own that never loads Saxon. Where there is no fork
    server (Windows), workers are spawned.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # Read when the fork server starts (the first pool of the process); later calls change nothing.
    context.set_forkserver_preload(preload_for(stage_name))
    return context


def stop_fork_server() -> None:
    """Stop the fork server once no pool of this process uses it (at the end of a build or command).

    No process outlives the build, and the workers' CPU time reaches whoever waits for the
    build (the fork server reaps its workers, and is reaped here). A server still serving a
    pool is left alone: its workers die with it.
    """
    server = getattr(forkserver, "_forkserver", None)
    if _open_pools == 0 and server is not None and hasattr(server, "_stop"):
        server._stop()


def run_task(stage_name: str, task: Task) -> TaskResult:
    """Run one task of a stage (a registered name or "module:Class") in the current process.

    An exception becomes a failed result naming the task's input.
    """
    try:
        return stage_class(stage_name).run(task)
    except OSError as exc:  # a full disk, a read-only or forbidden folder: one line, naming the file
        where = exc.filename or (task.inputs[0] if task.inputs else task.key)
        message = f"cannot write or read: {exc.strerror or exc}"
        return TaskResult(task.key, ok=False, diagnostics=[error(where, IO_CODE, message)])
    except Exception as exc:  # a bug or an environment fault in one document must not stop the others
        where = task.inputs[0] if task.inputs else task.key
        last = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        origin = f" ({last.filename.rsplit('/', 1)[-1]}:{last.lineno})" if last else ""
        message = f"{stage_name} failed: {type(exc).__name__}: {exc}{origin}"
        return TaskResult(task.key, ok=False, diagnostics=[error(where, CRASH_CODE, message)])


def run_batch(stage_name: str, tasks: list[Task]) -> list[TaskResult]:
    """Run a batch of tasks in one worker round trip (amortises the cost of sending them)."""
    return [run_task(stage_name, task) for task in tasks]


def in_batches(tasks: list[Task], workers: int) -> list[list[Task]]:
    """Split tasks into small batches: each amortises a round trip to a worker, and enough of them keep all busy."""
    size = max(1, min(32, len(tasks) // (max(1, workers) * 16)))
    return [tasks[i:i + size] for i in range(0, len(tasks), size)]


def _crashed(task: Task, stage_name: str, attempt: int) -> TaskResult:
    where = task.inputs[0] if task.inputs else task.key
    again = "again after a retry" if attempt > 1 else ""
    message = f"{stage_name}: the worker process crashed or was killed {again}".strip()
    return TaskResult(task.key, ok=False, diagnostics=[error(where, CRASH_CODE, message)])


class SerialExecutor:
    """Runs tasks one after another in this process (--jobs 1)."""

    jobs = 1

    def map(self, stage_name: str, tasks: Iterable[Task]) -> Iterator[tuple[Task, TaskResult]]:
        """Yield each task with its result."""
        for task in tasks:
            yield task, run_task(stage_name, task)

    def submit(self, fn, *args) -> Future:
        """Call fn(*args) now; return its outcome as a completed future."""
        future: Future = Future()
        try:
            future.set_result(fn(*args))
        except Exception as exc:
            future.set_exception(exc)
        return future

    def close(self) -> None:
        """Release resources (nothing to do)."""


class PoolExecutor:
    """Runs tasks in a pool of worker processes, each compiling its stylesheets once."""

    def __init__(self, jobs: int):
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None

    def _new_pool(self, workers: int | None = None, stage_name: str | None = None) -> ProcessPoolExecutor:
        global _open_pools
        _open_pools += 1
        return ProcessPoolExecutor(max_workers=workers or self.jobs, mp_context=worker_context(stage_name),
                                   initializer=lifeline.start_worker, initargs=(os.getpid(),))

    @staticmethod
    def _shutdown(pool: ProcessPoolExecutor, wait: bool) -> None:
        global _open_pools
        pool.shutdown(wait=wait, cancel_futures=True)
        _open_pools -= 1

    def map(self, stage_name: str, tasks: Iterable[Task]) -> Iterator[tuple[Task, TaskResult]]:
        """Yield each task with its result, as they complete; retry crashed workers' tasks once."""
        tasks = list(tasks)
        if self._pool is None:
            self._pool = self._new_pool(stage_name=stage_name)
        batches = iter(in_batches(tasks, self.jobs))
        # A bounded window in flight, so memory does not grow with the task count.
        window = self.jobs * 4
        in_flight: dict = {}
        crashed: list[Task] = []

        def refill() -> None:
            for batch in batches:
                in_flight[self._pool.submit(run_batch, stage_name, batch)] = batch
                if len(in_flight) >= window:
                    return

        refill()
        while in_flight:
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in done:
                batch = in_flight.pop(future)
                try:
                    yield from zip(batch, future.result())
                except BrokenProcessPool:
                    crashed.extend(batch)
            if crashed:
                for batch in in_flight.values():
                    crashed.extend(batch)
                for batch in batches:
                    crashed.extend(batch)
                in_flight.clear()
                self._shutdown(self._pool, wait=False)
                self._pool = None
                break
            refill()
        # The retry isolates each task in a worker of its own, so one poison document cannot
        # take innocent neighbours down with it a second time.
        for task in crashed:
            pool = self._new_pool(1, stage_name)
            try:
                result = pool.submit(run_task, stage_name, task).result()
            except BrokenProcessPool:
                result = _crashed(task, stage_name, 2)
            finally:
                self._shutdown(pool, wait=False)
            yield task, result

    def submit(self, fn, *args) -> Future:
        """Call fn(*args) in a worker (started on first use); fn must be importable by name, args picklable."""
        if self._pool is None:
            self._pool = self._new_pool()
        return self._pool.submit(fn, *args)

    def close(self) -> None:
        """Shut the pool down."""
        if self._pool is not None:
            self._shutdown(self._pool, wait=True)
            self._pool = None


def dask_setup(worker) -> None:
    """Dask preload hook (this module is the local cluster's preload): tie the worker to the build process.

    The local cluster's workers are the build process's children, told its pid at birth: they
    go when it goes, even if it is killed while they are still starting.
    """
    lifeline.die_with_parent(int(os.environ.get(PARENT_ENV, os.getppid())))


class DaskExecutor:
    """Runs tasks on a Dask cluster: a local one by default, or an existing scheduler.

    Workers must see the edition folder at the same path (a shared filesystem), since each
    task reads its inputs and writes its outputs there.
    """

    def __init__(self, jobs: int, scheduler: str | None = None):
        from distributed import Client, LocalCluster

        if scheduler:
            self._cluster = None
            self.client = Client(scheduler)
        else:
            # A task whose worker dies is run once more, then given up (KilledWorker): Dask's
            # default of three more tries costs four worker restarts per poison document, which
            # on a loaded machine can outlast the nanny's patience and leave no worker at all.
            self._cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                         dashboard_address=None, host="127.0.0.1", preload=[__name__],
                                         env={PARENT_ENV: str(os.getpid())},
                                         scheduler_kwargs={"allowed_failures": 1})
            self.client = Client(self._cluster)
        self.jobs = sum(self.client.nthreads().values()) or jobs

    def map(self, stage_name: str, tasks: Iterable[Task]) -> Iterator[tuple[Task, TaskResult]]:
        """Yield each task with its result as the cluster completes them (retried once on worker loss)."""
        from distributed import as_completed

        tasks = list(tasks)
        if not tasks:
            return
        # Batches, as in the local pool: a scheduler round trip per document would cost more than small documents do.
        batches = in_batches(tasks, sum(self.client.nthreads().values()))
        # No client-side retries: the scheduler's allowed_failures already runs a task once more after its
        # worker dies, and a client retry re-queues a future as_completed has handed over, whose result()
        # then waits for ever if no worker comes back.
        futures = self.client.map(run_batch, [stage_name] * len(batches), batches, pure=False)
        by_key = {future.key: batch for future, batch in zip(futures, batches)}
        lost: list[Task] = []
        for future in as_completed(futures):
            try:
                yield from zip(by_key[future.key], future.result())
            except Exception:  # KilledWorker: the batch took its worker down twice
                lost.extend(by_key[future.key])
        # Each task of a lost batch once more on its own, one at a time: the scheduler counts a worker's death
        # against every task waiting on that worker, so poison and neighbours in flight together would all fail.
        for task in lost:
            try:
                yield task, self.client.submit(run_task, stage_name, task, pure=False).result()
            except Exception:
                yield task, _crashed(task, stage_name, 2)

    def submit(self, fn, *args):
        """Call fn(*args) on the cluster; return its Dask future (`result()` gives the value or raises)."""
        return self.client.submit(fn, *args, pure=False)

    def close(self) -> None:
        """Close the client and the local cluster, if this executor started one."""
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_executor(kind: str, jobs: int, scheduler: str | None = None):
    """Return an executor: 'local' (serial for one job, a process pool otherwise) or 'dask'."""
    if kind == "dask":
        return DaskExecutor(jobs, scheduler)
    if jobs <= 1:
        return SerialExecutor()
    return PoolExecutor(jobs)
