"""The review stage: each TEI document's uncertain readings (teikit.review); finish writes the editors' page."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from lxml import etree

from ..diagnostics import Diagnostic
from ..edition import Edition
from ..pipeline import Stage, Task, TaskResult
from ..review import PAGE, ReviewItem, collect, write_page
from ..tei import UnsafeXMLError


class ReviewStage(Stage):
    """Build stage: the review items of each TEI document; finish writes the editors' page."""

    name = "review"

    def __init__(self):
        self._note = ""

    def available(self, edition: Edition) -> bool:
        """The stage runs when the edition has TEI documents."""
        return bool(edition.document_files())

    def plan(self, edition: Edition) -> list[Task]:
        """One task per TEI document; its input is the document."""
        params = {"root": str(edition.root)}
        return [Task(self.name, Path(path).name, (path,), (), params) for path in edition.document_files()]

    @staticmethod
    def run(task: Task) -> TaskResult:
        """Collect one document's review items (a document that cannot be read has none here: validate says why)."""
        path = task.inputs[0]
        try:
            label = str(Path(path).relative_to(task.params["root"]))
        except ValueError:
            label = path
        try:
            items = collect(path, label)
        except (OSError, etree.XMLSyntaxError, UnsafeXMLError):
            items = []
        return TaskResult(task.key, ok=True, summary={"items": [asdict(i) for i in items]})

    def finish(self, edition: Edition, results) -> list[Diagnostic]:
        """Write build/html/review.html from every document's items."""
        items = [ReviewItem(**item) for result in results if result.ok and result.summary
                 for item in result.summary.get("items", ())]
        write_page(edition, items)
        documents = len({i.document for i in items})
        # The page itself is named by the build's closing lines (relative to the current folder).
        proposed = sum(1 for i in items if i.kind == "name" and i.reading.startswith("proposed "))
        self._note = (f"{len(items)} decisions of low certainty in {documents} documents, {proposed} of them "
                      f"proposed names (teikit review)") if items else ""
        return []

    def finish_outputs(self, edition: Edition) -> list:
        """The editors' page."""
        return [edition.html_dir / PAGE]

    def products(self, edition: Edition) -> list[tuple[str, Path]]:
        """The editors' page."""
        return [("review", edition.html_dir / PAGE)]

    def report_note(self) -> str:
        """Return the line the build prints under its table: how many decisions await review."""
        return self._note
