"""Collection pages transformed and written: in this process, or in worker processes when a build writes many.

A full build of a large edition writes thousands of register and index pages in the html
stage's finish, and each is one Saxon transform. Past the first `SERIAL_PAGES`, and when the
build may use more than one process, the transforms and writes go to worker processes in
batches while the calling process goes on describing the next pages from the site's state.
The pages are the same bytes either way: each is a pure function of its description.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path

from .. import lifeline
from ..tei import write_atomic
from . import saxon

# Below this many pages, starting workers (each compiles the stylesheet) costs more than it saves.
SERIAL_PAGES = 64
# Pages sent to a worker at a time: amortises the round trip, small enough to keep every worker busy.
BATCH = 16


def _write_pages(stylesheet: str, batch: list[tuple[str, bytes, dict]]) -> None:
    """Transform and write a batch of pages (in a worker process)."""
    for path, source, params in batch:
        write_atomic(path, saxon.transform(stylesheet, source, params))


class PageWriter:
    """Writes pages given as serialised descriptions, transformed with one stylesheet, using up to `jobs` processes."""

    def __init__(self, stylesheet: str | Path, jobs: int = 1):
        self.stylesheet = str(stylesheet)
        self.jobs = jobs
        self._count = 0
        self._batch: list[tuple[str, bytes, dict]] = []
        self._pool: ProcessPoolExecutor | None = None
        self._in_flight: set[Future] = set()

    def write(self, path: str | Path, source: bytes, params: dict) -> None:
        """Transform a page's description with the stylesheet and write the result to `path` (now or later)."""
        self._count += 1
        if self.jobs <= 1 or self._count <= SERIAL_PAGES:
            _write_pages(self.stylesheet, [(str(path), source, params)])
            return
        self._batch.append((str(path), source, params))
        if len(self._batch) >= BATCH:
            self._send()

    def _send(self) -> None:
        if self._pool is None:
            # spawn, not fork: this process's Saxon runtime must not be inherited half-initialised.
            self._pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=multiprocessing.get_context("spawn"),
                                             **lifeline.pool_options())
        # A bounded window in flight, so memory does not grow with the number of pages.
        while len(self._in_flight) >= self.jobs * 4:
            self._settle(FIRST_COMPLETED)
        self._in_flight.add(self._pool.submit(_write_pages, self.stylesheet, self._batch))
        self._batch = []

    def _settle(self, how: str) -> None:
        done, self._in_flight = wait(self._in_flight, return_when=how)
        for future in done:
            future.result()  # a worker's TransformError or OSError is raised here, as it would be in this process

    def close(self) -> None:
        """Write what is still pending and wait for every page; raise the first error a page met."""
        try:
            if self._batch:
                self._send()
            while self._in_flight:
                self._settle(FIRST_COMPLETED)
        finally:
            self.abandon()

    def abandon(self) -> None:
        """Stop the workers without waiting for pages still queued (after an error)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._in_flight = set()
        self._batch = []
