"""`teikit review`: list the converter's decisions of low certainty (teikit.review), as text, JSON or the editors' page."""

from __future__ import annotations

import sys

import click

from ..edition import Edition, EditionError
from ..review import edition_items, items_of, render_text, to_json, write_page


@click.command()
@click.argument("files", metavar="[FILE]...", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--edition", "edition_dir", metavar="DIR", default=".", type=click.Path(file_okay=False),
              help="Edition folder (default: the current folder); its tei/ is reviewed when no FILE is given.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--html", "html", is_flag=True, help="Also write the editors' page build/html/review.html.")
def review(files, edition_dir, fmt, html):
    """List every decision of low certainty in each TEI FILE (default: the edition's tei/) with file:line and context."""
    if files and html:
        raise click.UsageError("--html writes the page of an edition: give --edition, not FILES")
    if files:
        items, problems = items_of(files)
    else:
        try:
            edition = Edition.open(edition_dir)
        except EditionError as exc:
            raise click.UsageError(str(exc)) from exc
        if not edition.tei_dir.is_dir():
            raise click.UsageError(f"{edition.root}: no tei/ folder to review (convert or build first)")
        items, problems = edition_items(edition)
    sys.stdout.write(to_json(items) if fmt == "json" else render_text(items))
    if html:
        click.echo(f"{len(items)} decisions to review: {write_page(edition, items)}", err=True)
    for problem in problems:
        click.echo(problem.format(), err=True)
    if problems:
        sys.exit(1)
