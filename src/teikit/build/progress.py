"""Progress while a stage runs (a bar on a terminal, plain lines otherwise) and the closing report."""

from __future__ import annotations

import sys
import textwrap
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

# rich is imported where it is used, not here: every worker process of the build imports this
# package (build/executors.py), and none of them draws a bar or a table.


@dataclass
class StageReport:
    """Counts and timing of one stage of a build."""

    name: str
    planned: int = 0
    done: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    # Of `seconds`, the time spent on collection-level outputs (index pages, the volume...).
    collection_seconds: float = 0.0
    note: str = ""

    def to_dict(self) -> dict:
        """Return the report as JSON-able data (for `teikit build --report`)."""
        return {"stage": self.name, "documents": self.planned, "done": self.done, "skipped": self.skipped,
                "failed": [{"input": where, "reason": reason} for where, reason in self.failed],
                "seconds": round(self.seconds, 3), "collection_seconds": round(self.collection_seconds, 3),
                "note": self.note}


class StageProgress:
    """Reports progress through one stage's tasks."""

    def __init__(self, console: Console, name: str, total: int, quiet: bool = False):
        self.console = console
        self.name = name
        self.total = total
        self.count = 0
        self.quiet = quiet
        self._next_line = 0
        self._progress = None
        if console.is_terminal and not quiet and total:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(TextColumn("{task.description:<9}"), BarColumn(),
                                      MofNCompleteColumn(), TimeElapsedColumn(), console=console,
                                      transient=True)
            self._progress.start()
            self._task = self._progress.add_task(name, total=total)

    def advance(self, n: int = 1) -> None:
        """Count n more tasks as finished (done, skipped or failed)."""
        self.count += n
        if self._progress is not None:
            self._progress.update(self._task, completed=self.count)
        elif not self.quiet and self.total and self.count >= self._next_line:
            # Plain lines at every tenth, so logs stay short for large builds.
            self.console.print(f"{self.name}: {self.count}/{self.total}", highlight=False)
            self._next_line = self.count + max(1, self.total // 10)

    def close(self) -> None:
        """Remove the bar."""
        if self._progress is not None:
            self._progress.stop()


def make_console() -> Console:
    """Return the console the build reports on (stderr, so stdout stays for data)."""
    from rich.console import Console

    return Console(file=sys.stderr, highlight=False, soft_wrap=True)


def print_report(console: Console, reports: list[StageReport]) -> None:
    """Print the closing table: documents per stage, skipped, failed, time (and how much of it collection outputs took)."""
    from rich import box
    from rich.table import Table

    # Light rules and short headings: the table fits 80 columns even for long builds.
    table = Table(title="teikit build", title_justify="left", box=box.SIMPLE_HEAD)
    for column in ("stage", "documents", "done", "skipped", "failed", "time", "collection"):
        table.add_column(column, justify="left" if column == "stage" else "right")
    for report in reports:
        table.add_row(report.name, str(report.planned), str(report.done), str(report.skipped),
                      str(len(report.failed)), f"{report.seconds:.2f}s", f"{report.collection_seconds:.2f}s")
    console.print(table)
    for report in reports:
        for where, reason in report.failed:
            console.print(f"failed: {report.name}: {where}: {reason}", markup=False)
        if report.note:
            # A stage's note is prose: wrapped to 80 columns like the closing lines under it.
            for line in textwrap.wrap(f"{report.name}: {report.note}", 80, subsequent_indent="  ",
                                      break_on_hyphens=False, break_long_words=False):
                console.print(line, markup=False)
