"""Collection pages transformed and written: in this process, or by the workers a build lends when it writes many.

A full build of a large edition writes thousands of register and index pages in the html
stage's finish, and each is one Saxon transform. Past the first `SERIAL_PAGES`, and when the
caller lends workers (the build's executor, `teikit.build.executors`: anything with `jobs`
and `submit(fn, *args)` returning a future), the transforms and writes go to them in batches
while the calling process goes on describing the next pages from the site's state. The
pages are the same bytes either way: each is a pure function of its description.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path

from ..tei import write_atomic
from . import saxon

# Below this many pages, handing pages to workers (each compiles the stylesheet) costs more than it saves.
SERIAL_PAGES = 64
# Pages sent to a worker at a time: amortises the round trip, small enough to keep every worker busy.
BATCH = 16


def write_pages(stylesheet: str, batch: list[tuple[str, bytes, dict]]) -> None:
    """Transform and write a batch of pages (in a worker, or in this process)."""
    for path, source, params in batch:
        write_atomic(path, saxon.transform(stylesheet, source, params))


class PageWriter:
    """Writes pages given as serialised descriptions, transformed with one stylesheet, here or on lent workers."""

    def __init__(self, stylesheet: str | Path, workers=None):
        self.stylesheet = str(stylesheet)
        self.workers = workers if workers is not None and workers.jobs > 1 else None
        self._count = 0
        self._batch: list[tuple[str, bytes, dict]] = []
        self._in_flight: deque = deque()

    def write(self, path: str | Path, source: bytes, params: dict) -> None:
        """Transform a page's description with the stylesheet and write the result to `path` (now or later)."""
        self._count += 1
        if self.workers is None or self._count <= SERIAL_PAGES:
            write_pages(self.stylesheet, [(str(path), source, params)])
            return
        self._batch.append((str(path), source, params))
        if len(self._batch) >= BATCH:
            self._send()

    def _send(self) -> None:
        # A bounded window in flight, so memory does not grow with the number of pages; batches
        # are alike, so waiting for the oldest keeps every worker busy.
        while len(self._in_flight) >= self.workers.jobs * 4:
            self._in_flight.popleft().result()
        self._in_flight.append(self.workers.submit(write_pages, self.stylesheet, self._batch))
        self._batch = []

    def close(self) -> None:
        """Write what is still pending and wait for every page; raise the first error a page met."""
        try:
            if self._batch:
                self._send()
            while self._in_flight:
                # A worker's TransformError or OSError is raised here, as it would be in this process.
                self._in_flight.popleft().result()
        finally:
            self.abandon()

    def abandon(self) -> None:
        """Forget pages not yet sent or waited for (after an error); the lender stops its workers."""
        for future in self._in_flight:
            future.cancel()
        self._in_flight = deque()
        self._batch = []
