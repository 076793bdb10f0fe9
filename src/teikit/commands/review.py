"""`teikit review`: list the converter's decisions of low certainty (teikit.review), as text, JSON or the editors' page."""

from __future__ import annotations

import sys

import click

from ..cli import input_files
from ..edition import REGISTER_FILES, Edition, EditionError
from ..review import edition_items, items_of, render_text, to_json, write_page


@click.command()
@click.argument("paths", metavar="[PATH]...", nargs=-1)
@click.option("--edition", "edition_dir", metavar="DIR", default=".", type=click.Path(file_okay=False),
              help="Edition folder (default: the current folder); its tei/ is reviewed when no PATH is given.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--html", "html", is_flag=True, help="Also write the editors' page build/html/review.html.")
def review(paths, edition_dir, fmt, html):
    """List every decision of low certainty in the TEI files among PATH (default: the edition's tei/) with file:line and context."""
    if paths and html:
        raise click.UsageError("--html writes the page of an edition: give --edition, not PATHs")
    if paths:
        items, problems = items_of(input_files(paths, leave_out=REGISTER_FILES))
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
