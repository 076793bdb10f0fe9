"""`teikit render pdf TEI... -o DIR`: per-document PDFs in parallel, and the volume."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import click

from .. import lifeline, tei
from ..diagnostics import Diagnostic, Level, error, warning
from ..edition import SETTINGS_FILE, Edition, EditionError, Settings
from ..render import pdf as printing
from ..render import saxon


def _find_edition(sources: list[Path]) -> Edition | None:
    # The edition whose settings name the volume: the nearest folder above a source with an edition.toml.
    for source in sources:
        for folder in [source.resolve(), *source.resolve().parents]:
            if (folder / SETTINGS_FILE).is_file():
                return Edition.open(folder)
    return None


def _typed_params(pairs: tuple[str, ...]) -> dict:
    specs = {spec.name: spec for spec in saxon.read_params(printing.stylesheet().with_name("print_params.xsl"))}
    params: dict = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or name not in specs:
            known = ", ".join(sorted(specs))
            raise click.UsageError(f"--param {pair}: expected NAME=VALUE with NAME one of {known}")
        kind = specs[name].type
        try:
            if kind == "xs:boolean":
                if value not in ("true", "false", "1", "0"):
                    raise ValueError(value)
                params[name] = value in ("true", "1")
            elif kind == "xs:integer":
                params[name] = int(value)
            else:
                params[name] = value
        except ValueError:
            raise click.UsageError(f"--param {pair}: {name} must be {kind}") from None
    return params


def _persons(articles: list[printing.Article]) -> dict:
    # The persons register that names the index sits beside the documents, as in tei/.
    registers = sorted({Path(a.path).parent / "persons.xml" for a in articles})
    return printing.read_persons([r for r in registers if r.is_file()])


def _document(path: str, out_dir: str, settings: dict, params: dict, xsl: str | None = None) -> list[Diagnostic]:
    # Runs in a worker process: one document's PDF, written atomically, or its diagnostic.
    try:
        data = printing.document_pdf(path, Settings.from_mapping(settings), params, xsl)
    except printing.PrintError as exc:
        return [exc.diagnostic]
    tei.write_atomic(Path(out_dir) / f"{Path(path).stem}.pdf", data)
    return []


@click.command("pdf")
@click.argument("sources", metavar="PATH...", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", "out_dir", metavar="DIR", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for <id>.pdf per document and volume.pdf.")
@click.option("--edition", "edition_dir", metavar="DIR", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Edition whose settings (title, editors, publisher, licence) the volume prints, and whose "
                   "xslt/print/print.xsl, if any, is the stylesheet "
                   "(default: the nearest folder above the sources with an edition.toml).")
@click.option("--volume/--no-volume", default=True, show_default=True, help="Typeset the volume.")
@click.option("--documents/--no-documents", default=True, show_default=True,
              help="Typeset one PDF per document.")
@click.option("-j", "--jobs", metavar="N", type=click.IntRange(min=1), default=None,
              help="Worker processes for the per-document PDFs (default: the machine's cores).")
@click.option("-p", "--param", "param_pairs", multiple=True, metavar="NAME=VALUE",
              help="A print stylesheet parameter (see xslt/print/print_params.xsl).")
def pdf(sources, out_dir, edition_dir, volume, documents, jobs, param_pairs):
    """Typeset the TEI documents PATH (files or folders) as PDFs in DIR: one per document and the volume."""
    params = _typed_params(param_pairs)
    try:
        edition = Edition.open(edition_dir) if edition_dir else _find_edition(list(sources))
    except EditionError as exc:
        raise click.UsageError(str(exc)) from exc
    settings = edition.settings if edition else Settings()
    own = edition.own_stylesheet("print") if edition else None
    xsl = str(own) if own else None
    paths = printing.collect_documents(sources)
    if not paths:
        raise click.UsageError("no TEI documents among the sources")
    diagnostics: list[Diagnostic] = []
    articles: list[printing.Article] = []
    for path in paths:
        try:
            articles.append(printing.article(path, params, xsl))
        except printing.PrintError as exc:
            diagnostics.append(exc.diagnostic)
    left_out = {d.path for d in diagnostics}
    out_dir.mkdir(parents=True, exist_ok=True)
    written = 0
    # spawn, not fork: this process already runs Saxon, whose native runtime must not be inherited.
    pool = ProcessPoolExecutor(max_workers=jobs or os.cpu_count() or 1,
                               mp_context=multiprocessing.get_context("spawn"),
                               **lifeline.pool_options()) if documents and articles else None
    with pool or contextlib.nullcontext():
        settings_data = settings.to_mapping()
        futures = {a.path: pool.submit(_document, a.path, str(out_dir), settings_data, params, xsl)
                   for a in articles} if pool else {}
        # The volume is laid out here while the workers typeset the documents.
        if volume and articles:
            persons = _persons(articles)
            volume_failed = printing.write_volume(out_dir / printing.VOLUME_NAME, articles, settings, persons, params,
                                                  xsl)
        for path, future in futures.items():
            try:
                found = future.result()
            except BrokenProcessPool:
                found = [error(path, "P003", "typesetting failed: the worker process crashed")]
            diagnostics.extend(found)
            written += not found
            left_out.update(d.path for d in found)
    if volume and articles:
        if volume_failed and any(a.path in left_out for a in articles):
            # A document WeasyPrint cannot lay out on its own breaks the volume too: leave it out.
            kept = [a for a in articles if a.path not in left_out]
            volume_failed = printing.write_volume(out_dir / printing.VOLUME_NAME, kept, settings, persons,
                                                  params, xsl) if kept else []
        diagnostics.extend(volume_failed)
        written += not volume_failed
        diagnostics.extend(warning(path, "P010", "left out of the volume") for path in sorted(left_out))
    for diag in sorted(diagnostics):
        click.echo(diag.format(), err=True)
    errors = sum(1 for d in diagnostics if d.level == Level.ERROR)
    click.echo(f"{out_dir}: {written} PDF{'s' if written != 1 else ''} written, "
               f"{len(paths)} document{'s' if len(paths) != 1 else ''}, {errors} error{'s' if errors != 1 else ''}",
               err=True)
    sys.exit(1 if errors else 0)
