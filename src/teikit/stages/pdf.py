"""The pdf stage: each document's PDF (build/print/<id>.pdf), then the volume (build/print/volume.pdf), typeset by teikit.render.pdf."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Iterable

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
        return self.tasks(edition.document_files(), edition.print_dir, edition.settings, edition.register_paths(),
                          edition.own_stylesheet("print"))

    def tasks(self, documents: Iterable[str | Path], out_dir: Path, settings: Settings, registers: Iterable[Path],
              xsl: Path | None = None, params: dict | None = None, typeset: bool = True) -> list[Task]:
        """Return one task per document, writing out_dir/<id>.pdf (what `teikit render pdf` runs too).

        `params` are print stylesheet parameters; typeset=False only reads each document for the
        volume (its title, date and the persons it names), writing no PDF of its own.
        """
        shared = {"settings": settings.to_mapping(), "registers": [str(p) for p in registers]}
        if xsl is not None:
            shared["xsl"] = str(xsl)
        if params:
            shared["print"] = params
        if not typeset:
            shared["typeset"] = False
        tasks = []
        for document in map(Path, documents):
            outputs = (str(out_dir / f"{document.stem}.pdf"),) if typeset else ()
            tasks.append(Task(self.name, document.stem, (str(document),), outputs, shared))
        return tasks

    @staticmethod
    def run(task: Task) -> TaskResult:
        """Typeset one document's PDF; its summary names the persons it mentions for the index."""
        source = task.inputs[0]
        settings = Settings.from_mapping(task.params["settings"])
        params, xsl = task.params.get("print"), task.params.get("xsl")
        try:
            item = article(source, params, xsl)
            data = article_pdf(item, settings, params, xsl) if task.outputs else None
        except PrintError as exc:
            return TaskResult(task.key, ok=False, diagnostics=[exc.diagnostic])
        if data is not None:
            tei.write_atomic(task.outputs[0], data)
        refs = sorted({ref for _, ref in item.mentions})
        persons = read_persons(task.params.get("registers", []))
        summary = {"id": item.doc_id, "title": item.title, "date": item.date,
                   "persons": {ref: list(asdict(persons[ref]).values()) for ref in refs if ref in persons}}
        return TaskResult(task.key, outputs=list(task.outputs), summary=summary, register_refs=refs)

    def finish_outputs(self, edition: Edition) -> list[Path]:
        """The collection-level output: the volume (none when edition.toml turns it off)."""
        return [edition.print_dir / VOLUME_NAME] if edition.settings.print_volume else []

    def products(self, edition: Edition) -> list[tuple[str, Path]]:
        """The volume, or the folder of per-document PDFs when the volume is turned off."""
        if edition.settings.print_volume:
            return [("volume", edition.print_dir / VOLUME_NAME)]
        return [("PDFs", edition.print_dir)]

    def finish(self, edition: Edition, results: Iterable[TaskResult]) -> list[Diagnostic]:
        """Typeset the volume from the documents that rendered; note the ones left out."""
        if not edition.settings.print_volume:
            # Turned off: a volume left by an earlier build would no longer match the edition.
            (edition.print_dir / VOLUME_NAME).unlink(missing_ok=True)
            return []
        documents = ((edition.tei_dir / f"{result.key}.xml", result) for result in results)
        return self.volume(edition.print_dir / VOLUME_NAME, documents, edition.settings,
                           xsl=edition.own_stylesheet("print"))

    @staticmethod
    def volume(target: Path, documents: Iterable[tuple[Path, TaskResult]], settings: Settings,
               params: dict | None = None, xsl: Path | None = None) -> list[Diagnostic]:
        """Typeset the volume from each document and its task's result; a document whose task failed is left out."""
        diagnostics: list[Diagnostic] = []
        articles: list[Article] = []
        persons: dict[str, Person] = {}
        for path, result in documents:
            if not result.ok:
                reason = next((d.message for d in result.diagnostics), "it could not be typeset")
                diagnostics.append(warning(path, "P010", f"left out of the volume: {reason}"))
                continue
            for ref, fields in result.summary.get("persons", {}).items():
                persons[ref] = Person(*fields)
            try:
                articles.append(article(path, params, xsl))
            except PrintError as exc:
                diagnostics.append(warning(path, "P010", f"left out of the volume: {exc.diagnostic.message}"))
        if not articles:
            diagnostics.append(warning(target, "P011", "no document could be typeset; volume not written"))
            return diagnostics
        return diagnostics + write_volume(target, articles, settings, persons, params, xsl)
