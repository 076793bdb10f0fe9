"""`teikit export FORMAT [-o OUT]`: write the edition as a teiCorpus, BagIt package, DataCite, Dublin Core or CSV."""

from __future__ import annotations

from pathlib import Path

import click

from ..build import run_tasks
from ..edition import Edition, EditionError
from ..exchange.export import FORMATS, write_bag
from ..stages.export import ExportStage


@click.command(name="export")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(sorted(FORMATS)))
@click.option("-o", "--output", metavar="OUT", type=click.Path(path_type=Path),
              help="File (corpus, csv) or folder (bagit, datacite, dc) to write; default below build/export/.")
@click.option("--edition", "edition_dir", metavar="DIR", type=click.Path(file_okay=False, path_type=Path),
              default=Path("."), show_default=True,
              help="The edition folder.")
def export(fmt: str, output: Path | None, edition_dir: Path):
    """Export the edition as FORMAT: corpus, bagit, datacite, dc or csv."""
    try:
        edition = Edition.open(edition_dir)
    except EditionError as exc:
        raise click.UsageError(str(exc)) from exc
    documents = edition.documents()
    if not documents:
        raise click.UsageError(f"{edition.tei_dir}: no TEI documents to export")
    default, is_folder = FORMATS[fmt]
    target = output or edition.export_dir / default
    if output is not None and is_folder and output.exists() and not output.is_dir():
        raise click.UsageError(f"{output}: exists and is not a folder")
    if output is not None and not is_folder and output.is_dir():
        raise click.UsageError(f"{output}: is a folder; give a file name")
    if fmt == "bagit":
        # A bag packs what the build made (site, PDFs) with the TEI: no stage of its own.
        problems = write_bag(edition, target)
    else:
        # The export stage's tasks, writing only this format's per-document files, then its edition-level ones.
        stage = ExportStage()
        folders = {"dc": {"dc_dir": target}, "datacite": {"datacite_dir": target}}.get(fmt, {})
        results = run_tasks(stage, stage.tasks(documents, edition.settings, **folders))
        problems = [d for result in results for d in result.diagnostics]
        problems += stage.collection(edition, results, {fmt: target})
    for diag in problems:
        click.echo(diag.format(), err=True)
    click.echo(f"{fmt}: wrote {target}")
    raise SystemExit(1 if problems else 0)
