"""`teikit export FORMAT [-o OUT]`: write the edition as a teiCorpus, BagIt package, DataCite, Dublin Core or CSV."""

from __future__ import annotations

from pathlib import Path

import click

from ..edition import Edition, EditionError
from ..exchange.export import EXPORTERS


@click.command(name="export")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(sorted(EXPORTERS)))
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
    if not edition.documents():
        raise click.UsageError(f"{edition.tei_dir}: no TEI documents to export")
    writer, default, is_folder = EXPORTERS[fmt]
    target = output or edition.export_dir / default
    if output is not None and is_folder and output.exists() and not output.is_dir():
        raise click.UsageError(f"{output}: exists and is not a folder")
    if output is not None and not is_folder and output.is_dir():
        raise click.UsageError(f"{output}: is a folder; give a file name")
    problems = writer(edition, target)
    for diag in problems:
        click.echo(diag.format(), err=True)
    click.echo(f"{fmt}: wrote {target}")
    raise SystemExit(1 if problems else 0)
