"""`teikit render`: a group of renderers, one module per output format."""

from __future__ import annotations

import importlib

import click

# Format name -> "module:attribute"; a new output format is one module plus one line here.
RENDERERS = {
    "html": "teikit.commands.render_html:html",
    "pdf": "teikit.commands.render_pdf:pdf",
}


class _RendererGroup(click.Group):
    def list_commands(self, ctx):
        return sorted(RENDERERS)

    def get_command(self, ctx, name):
        target = RENDERERS.get(name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        return getattr(importlib.import_module(module_name), attr)


@click.group(cls=_RendererGroup)
def render():
    """Render TEI as an HTML site (html) or PDFs (pdf)."""
