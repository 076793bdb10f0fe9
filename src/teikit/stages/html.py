"""The html stage: one page per document (teikit.render.html), then the collection pages (teikit.render.collection) into build/html/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from ..diagnostics import Diagnostic
from ..edition import Edition
from ..pipeline import Stage, Task, TaskResult, changed_results, ok_keys
from ..render.collection import SEARCH_MANIFEST, SITE_DB, SiteStateDamaged, SiteStateError, build_site, site_state_ready
from ..render.html import (MENTION_CONTEXTS, SEARCH_ENTRIES, doc_id, folder_names, render_task, site_params,
                           stylesheet_fingerprint)
from ..tei import write_atomic


class HtmlStage(Stage):
    """The "html" build stage: one page per document, then the collection pages into build/html/."""

    name = "html"
    # A page takes tens of milliseconds: below 64 documents workers cost more than they save.
    serial_up_to = 63

    def fingerprint(self, edition: Edition) -> str:
        """Return the stylesheets' hash plus the settings that appear on every page."""
        return stylesheet_fingerprint(edition.own_stylesheet("html")) + json.dumps(self._params(edition), sort_keys=True)

    @staticmethod
    def _params(edition: Edition, pdf: bool = False) -> dict:
        """Return the stylesheet parameters of the edition's pages (an edition without a title is named by its folder)."""
        return site_params(edition.settings, pdf, edition.root.name)

    def plan(self, edition: Edition) -> list[Task]:
        """Return one task per TEI document of the edition; a document's PDF, when there is one, is an input too."""
        return self.tasks(edition.document_files(), edition.html_dir, self._params(edition), edition.print_dir,
                          edition.own_stylesheet("html"))

    def tasks(self, documents: Iterable[str], site: Path, params: dict, pdf_dir: Path | None = None,
              xsl: Path | None = None) -> list[Task]:
        """Return one task per document, rendered into site (what `teikit render html` runs too).

        A document whose PDF (ID.pdf) is in pdf_dir has it as an input: the page links it and the
        site gets a copy. Keys are page names, so documents must have distinct ones.
        """
        site = str(site)
        pages, tei = f"{site}/documents/", f"{site}/tei/"
        entries, contexts = f"{site}/{SEARCH_ENTRIES}/", f"{site}/{MENTION_CONTEXTS}/"
        pdfs = folder_names(Path(pdf_dir)) if pdf_dir is not None else set()
        # Two params dicts shared by every task, not one per document: a plan of many thousand stays small.
        with_pdf = {"site": site, "params": {**params, "pdf": True}}
        without_pdf = {"site": site, "params": {**params, "pdf": False}}
        if xsl is not None:
            with_pdf["xsl"] = without_pdf["xsl"] = str(xsl)
        tasks = []
        for path in map(str, documents):
            ident = doc_id(path)
            pdf = f"{ident}.pdf" in pdfs
            inputs = (path, f"{pdf_dir}/{ident}.pdf") if pdf else (path,)
            outputs = (f"{pages}{ident}.html", f"{tei}{ident}.xml", f"{entries}{ident}.json",
                       f"{contexts}{ident}.json")
            tasks.append(Task(self.name, ident, inputs, outputs, with_pdf if pdf else without_pdf))
        return tasks

    @staticmethod
    def run(task: Task) -> TaskResult:
        """Render one document page and copy its PDF (a pure function of the task's inputs and parameters)."""
        page = render_task(task.inputs[0], task.params["site"], task.params["params"], task.params.get("xsl"))
        outputs = list(page.outputs)
        if page.ok and len(task.inputs) > 1:
            pdf = Path(task.inputs[1])
            copy = Path(task.params["site"]) / "print" / pdf.name
            write_atomic(copy, pdf.read_bytes())
            outputs.append(str(copy))
        return TaskResult(task.key, ok=page.ok, diagnostics=page.diagnostics, outputs=outputs, summary=page.summary,
                          register_refs=page.register_refs)

    def finish_outputs(self, edition: Edition) -> list[Path]:
        """Return the collection-level files whose absence makes the build run finish again."""
        return [edition.html_dir / "index.html", edition.html_dir / SEARCH_MANIFEST, edition.html_dir / SITE_DB]

    def products(self, edition: Edition) -> list[tuple[str, Path]]:
        """The site's front page."""
        return [("site", edition.html_dir / "index.html")]

    def finish(self, edition: Edition, results: Iterable[TaskResult]) -> list[Diagnostic]:
        """Write the collection pages and search shards that changed, from the documents redone since the last one."""
        return self.collection(edition.html_dir, results, edition.register_paths(), self._params(edition),
                               edition.own_stylesheet("html"))

    def collection(self, site: Path, results: Iterable[TaskResult], registers: Iterable[Path], params: dict,
                   xsl: Path | None = None) -> list[Diagnostic]:
        """Bring the site's index, register and search pages up to date with the results (iterated once or twice).

        Many pages go to the workers the engine lends (`self.workers`), if any.
        """
        try:
            if site_state_ready(site):
                changed = (r.summary for r in changed_results(results) if r.ok and r.summary)
                try:
                    return build_site(site, changed, registers, params, keep=ok_keys(results), xsl=xsl,
                                      workers=self.workers)
                except SiteStateError:
                    pass  # The state does not match the build's results: made again from all of them below.
            return build_site(site, (r.summary for r in results if r.ok and r.summary), registers, params, xsl=xsl,
                              workers=self.workers)
        except SiteStateDamaged as exc:
            # The state was discarded mid-way: made again from every result (they can be read again).
            return [exc.diagnostic] + build_site(site, (r.summary for r in results if r.ok and r.summary),
                                                 registers, params, xsl=xsl, workers=self.workers)
