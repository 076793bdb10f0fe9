"""The export stage: per document its Dublin Core and DataCite files; finish: the corpus, edition metadata, CSV."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Iterable

from .. import tei
from ..diagnostics import Diagnostic
from ..edition import Edition, Settings
from ..exchange.export import (csv_text, datacite_bytes, dc_bytes, edition_datacite_files, edition_dc_files,
                               write_corpus)
from ..meta import DocumentMeta, read_meta
from ..pipeline import Stage, Task, TaskResult


class ExportStage(Stage):
    """Per document: build/export/dc/<id>.xml and datacite/<id>.json; finish: corpus, edition metadata, CSV."""

    name = "export"
    # A document's metadata takes milliseconds, starting a worker about a second: below 1000 documents workers
    # cost more than they save.
    serial_up_to = 999

    def available(self, edition: Edition) -> bool:
        """The stage needs TEI documents."""
        return bool(edition.documents())

    def fingerprint(self, edition: Edition) -> str:
        """Settings decide every output (publisher, licence, base URL)."""
        return json.dumps(edition.settings.to_mapping(), sort_keys=True, default=str)

    def plan(self, edition: Edition) -> list[Task]:
        """One task per TEI document."""
        out = edition.export_dir
        return self.tasks(edition.documents(), edition.settings, out / "dc", out / "datacite")

    def tasks(self, documents: list[Path], settings: Settings, dc_dir: Path | None = None,
              datacite_dir: Path | None = None) -> list[Task]:
        """Return one task per document, writing its files into the folders given (what `teikit export` runs too)."""
        params: dict = {"settings": settings.to_mapping()}
        if dc_dir is None or datacite_dir is None:
            # Only when not both, so the build's task parameters stay as they were.
            params["formats"] = [name for name, folder in (("dc", dc_dir), ("datacite", datacite_dir)) if folder]
        tasks = []
        for path in documents:
            outputs = tuple(str(folder / f"{path.stem}{suffix}")
                            for folder, suffix in ((dc_dir, ".xml"), (datacite_dir, ".json")) if folder is not None)
            tasks.append(Task(self.name, path.stem, (str(path),), outputs, params))
        return tasks

    @staticmethod
    def run(task: Task) -> TaskResult:
        """Read one document's header and write its Dublin Core and DataCite files (those its task names)."""
        path = Path(task.inputs[0])
        settings = Settings.from_mapping(task.params["settings"])
        data = tei.read_document(path)
        tree = data if isinstance(data, Diagnostic) else tei.load_document(path, data, tei_root=True)
        if isinstance(tree, Diagnostic):
            return TaskResult(task.key, ok=False, diagnostics=[tree])
        meta = read_meta(tree, path.stem, str(settings.extra.get("date", "")))
        writers = {"dc": dc_bytes, "datacite": datacite_bytes}
        for name, target in zip(task.params.get("formats", ("dc", "datacite")), task.outputs):
            tei.write_atomic(target, writers[name](meta, settings))
        # The content hash makes the build redo finish (the corpus) when only the text changed.
        return TaskResult(task.key, outputs=list(task.outputs),
                          summary={"meta": meta.to_dict(), "sha256": hashlib.sha256(data).hexdigest()})

    def products(self, edition: Edition) -> list[tuple[str, Path]]:
        """The folder of exports."""
        return [("exports", edition.export_dir)]

    def finish_outputs(self, edition: Edition) -> list[Path]:
        """The collection-level files finish writes (the build redoes finish when one is missing)."""
        out = edition.export_dir
        return [out / "corpus.xml", out / "metadata.csv", out / "dc" / "edition.xml",
                out / "datacite" / "edition.json", out / "datacite" / "zenodo.json"]

    def finish(self, edition: Edition, results: list[TaskResult]) -> list[Diagnostic]:
        """Write the teiCorpus and, from the task summaries, the edition's Dublin Core, DataCite and CSV."""
        out = edition.export_dir
        targets = {"dc": out / "dc", "datacite": out / "datacite", "csv": out / "metadata.csv",
                   "corpus": out / "corpus.xml"}
        return self.collection(edition, results, targets)

    @staticmethod
    def collection(edition: Edition, results: Iterable[TaskResult], targets: dict[str, Path]) -> list[Diagnostic]:
        """Write the edition-level outputs of the formats targets names (dc, datacite: folders; csv, corpus: files)."""
        metas = sorted((DocumentMeta.from_dict(r.summary["meta"]) for r in results if "meta" in r.summary),
                       key=lambda m: m.id)
        if "dc" in targets:
            for name, data in edition_dc_files(edition.settings, metas).items():
                tei.write_atomic(targets["dc"] / name, data)
        if "datacite" in targets:
            for name, data in edition_datacite_files(edition.settings, metas).items():
                tei.write_atomic(targets["datacite"] / name, data)
        if "csv" in targets:
            tei.write_atomic(targets["csv"], csv_text(edition, metas))
        if "corpus" in targets:
            # Per-document problems were reported by run(); the corpus just leaves those documents out.
            write_corpus(edition, targets["corpus"])
        return []
