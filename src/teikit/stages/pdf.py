"""The pdf stage: each document's PDF (build/print/<id>.pdf), then the volume (build/print/volume.pdf), typeset by teikit.render.pdf."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from .. import tei
from ..diagnostics import Diagnostic, warning
from ..edition import Edition, Settings
from ..pipeline import Stage, Task, TaskResult
from ..render.pdf import (VOLUME_NAME, Article, Person, PrintError, article, article_pdf, read_persons,
                          stylesheet_fingerprint, write_volume)


class PdfStage(Stage):
    """Per-document PDFs (build/print/<id>.pdf) in parallel, then the volume (build/print/volume.pdf)."""

    name = "pdf"

    def available(self, edition: Edition) -> bool:
        """The stage runs when the edition has TEI documents."""
        return bool(edition.documents())

    def fingerprint(self, edition: Edition) -> str:
        """Digest of the print stylesheets, CSS and fonts, and of the edition settings."""
        return stylesheet_fingerprint(edition.own_stylesheet("print"), edition.settings)

    def plan(self, edition: Edition) -> list[Task]:
        """One task per document: the document (and the persons register) in, its PDF out."""
        params = {"settings": edition.settings.to_mapping(), "registers": [str(p) for p in edition.register_paths()]}
        own = edition.own_stylesheet("print")
        if own is not None:
            params["xsl"] = str(own)
        return [Task(self.name, doc.stem, (str(doc),), (str(edition.print_dir / f"{doc.stem}.pdf"),), params)
                for doc in edition.documents()]

    @staticmethod
    def run(task: Task) -> TaskResult:
        """Typeset one document's PDF; its summary names the persons it mentions for the index."""
        source, target = task.inputs[0], task.outputs[0]
        settings = Settings.from_mapping(task.params["settings"])
        try:
            item = article(source, xsl=task.params.get("xsl"))
            data = article_pdf(item, settings, xsl=task.params.get("xsl"))
        except PrintError as exc:
            return TaskResult(task.key, ok=False, diagnostics=[exc.diagnostic])
        tei.write_atomic(target, data)
        refs = sorted({ref for _, ref in item.mentions})
        persons = read_persons(task.params.get("registers", []))
        summary = {"id": item.doc_id, "title": item.title, "date": item.date,
                   "persons": {ref: list(asdict(persons[ref]).values()) for ref in refs if ref in persons}}
        return TaskResult(task.key, outputs=[target], summary=summary, register_refs=refs)

    def finish_outputs(self, edition: Edition) -> list[Path]:
        """The collection-level output: the volume (none when edition.toml turns it off)."""
        return [edition.print_dir / VOLUME_NAME] if edition.settings.print_volume else []

    def products(self, edition: Edition) -> list[tuple[str, Path]]:
        """The volume, or the folder of per-document PDFs when the volume is turned off."""
        if edition.settings.print_volume:
            return [("volume", edition.print_dir / VOLUME_NAME)]
        return [("PDFs", edition.print_dir)]

    def finish(self, edition: Edition, results: list[TaskResult]) -> list[Diagnostic]:
        """Typeset the volume from the documents that rendered; note the ones left out."""
        if not edition.settings.print_volume:
            # Turned off: a volume left by an earlier build would no longer match the edition.
            (edition.print_dir / VOLUME_NAME).unlink(missing_ok=True)
            return []
        diagnostics: list[Diagnostic] = []
        articles: list[Article] = []
        own = edition.own_stylesheet("print")
        persons: dict[str, Person] = {}
        for result in results:
            path = edition.tei_dir / f"{result.key}.xml"
            if not result.ok:
                reason = next((d.message for d in result.diagnostics), "it could not be typeset")
                diagnostics.append(warning(path, "P010", f"left out of the volume: {reason}"))
                continue
            for ref, fields in result.summary.get("persons", {}).items():
                persons[ref] = Person(*fields)
            try:
                articles.append(article(path, xsl=own))
            except PrintError as exc:
                diagnostics.append(warning(path, "P010", f"left out of the volume: {exc.diagnostic.message}"))
        target = edition.print_dir / VOLUME_NAME
        if not articles:
            diagnostics.append(warning(target, "P011", "no document could be typeset; volume not written"))
            return diagnostics
        return diagnostics + write_volume(target, articles, edition.settings, persons, xsl=own)
