"""`teikit render`: a group of renderers, one module per output format."""

from __future__ import annotations

import click

from ..cli import LazyGroup

# Format name -> "module:attribute"; a new output format is one module plus one line here.
RENDERERS = {
    "html": "teikit.commands.render_html:html",
    "pdf": "teikit.commands.render_pdf:pdf",
}
HELP = {
    "html": "Render TEI as a static HTML edition site.",
    "pdf": "Render TEI as a PDF volume and per-document PDFs.",
}


@click.group(cls=LazyGroup, table=RENDERERS, help_lines=HELP)
def render():
    """Render TEI as an HTML site (html) or PDFs (pdf)."""
