"""The export stage: per document its Dublin Core and DataCite files; finish: the corpus, edition metadata, CSV."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

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

    def available(self, edition: Edition) -> bool:
        """The stage needs TEI documents."""
        return bool(edition.documents())

    def fingerprint(self, edition: Edition) -> str:
        """Settings decide every output (publisher, licence, base URL)."""
        return json.dumps(edition.settings.to_mapping(), sort_keys=True, default=str)

    def plan(self, edition: Edition) -> list[Task]:
        """One task per TEI document."""
        out = edition.export_dir
        params = {"settings": edition.settings.to_mapping()}
        return [Task(self.name, path.stem, (str(path),),
                     (str(out / "dc" / f"{path.stem}.xml"), str(out / "datacite" / f"{path.stem}.json")), params)
                for path in edition.documents()]

    @staticmethod
    def run(task: Task) -> TaskResult:
        """Read one document's header and write its Dublin Core and DataCite files."""
        path = Path(task.inputs[0])
        settings = Settings.from_mapping(task.params["settings"])
        data = tei.read_document(path)
        tree = data if isinstance(data, Diagnostic) else tei.load_document(path, data, tei_root=True)
        if isinstance(tree, Diagnostic):
            return TaskResult(task.key, ok=False, diagnostics=[tree])
        meta = read_meta(tree, path.stem, str(settings.extra.get("date", "")))
        dc_path, datacite_path = task.outputs
        tei.write_atomic(dc_path, dc_bytes(meta, settings))
        tei.write_atomic(datacite_path, datacite_bytes(meta, settings))
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
        metas = sorted((DocumentMeta.from_dict(r.summary["meta"]) for r in results if "meta" in r.summary),
                       key=lambda m: m.id)
        for name, data in edition_dc_files(edition.settings, metas).items():
            tei.write_atomic(out / "dc" / name, data)
        for name, data in edition_datacite_files(edition.settings, metas).items():
            tei.write_atomic(out / "datacite" / name, data)
        tei.write_atomic(out / "metadata.csv", csv_text(edition, metas))
        # Per-document problems were reported by run(); the corpus just leaves those documents out.
        write_corpus(edition, out / "corpus.xml")
        return []
