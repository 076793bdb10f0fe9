"""`teikit import SOURCE [-o DIR]`: split FRUS volumes and copy other TEI into an edition after checking it."""

from __future__ import annotations

from pathlib import Path

import click

from ..edition import Edition, EditionError


@click.command(name="import")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the TEI documents to; default: the edition's tei/ folder.")
@click.option("--edition", "edition_dir", type=click.Path(path_type=Path), default=Path("."), show_default=True,
              help="The edition folder (for the default output).")
@click.option("--schema", help="Also validate every document against this RELAX NG or XSD schema: a file, "
                               "or a shipped schema by name (tei_all).")
@click.option("--force", is_flag=True, help="Overwrite documents already in DIR that differ from the imported ones.")
def import_(source: Path, output: Path | None, edition_dir: Path, schema: str | None, force: bool):
    """Import a FRUS volume (one TEI file per document) or other TEI files into an edition."""
    from ..exchange.importer import import_tei
    from ..validate.schema import SchemaError, resolve_schema

    try:
        schema_file = resolve_schema(schema) if schema else None
    except SchemaError as exc:
        raise click.UsageError(str(exc)) from exc

    if output is None:
        try:
            output = Edition.open(edition_dir).tei_dir
        except EditionError as exc:
            raise click.UsageError(str(exc)) from exc
    try:
        report = import_tei(source, output, schema_file, force)
    except SchemaError as exc:
        raise click.UsageError(str(exc)) from exc
    for line in report.lines():
        click.echo(line)
    raise SystemExit(1 if report.rejected else 0)
