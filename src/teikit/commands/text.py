"""`teikit text PATH...`: print the record text back from TEI files."""

from __future__ import annotations

import sys

import click

from ..cli import input_files
from ..diagnostics import Diagnostic, error
from ..tei import load_document
from ..text import record_text


@click.command()
@click.argument("paths", metavar="PATH...", nargs=-1, required=True)
@click.option("--body-only", is_flag=True, help="Print only the body (the translation).")
def text(paths, body_only):
    """Print the record text of each TEI file among PATH (files, folders, globs; brackets re-inserted) to standard output."""
    from ..text import body_text, is_register

    failed = False
    for name in input_files(paths):
        tree = load_document(name)
        if isinstance(tree, Diagnostic):
            if tree.code == "X003":
                raise click.UsageError(f"{name}: {tree.message}")
            click.echo(tree.format(), err=True)
            failed = True
            continue
        root = tree.getroot()
        if is_register(root):
            # persons.xml and places.xml hold no record (`teikit text tei/*.xml`).
            continue
        try:
            out = body_text(root) if body_only else record_text(root)
        except (AttributeError, TypeError, ValueError) as exc:
            click.echo(error(name, "X007", f"not a teikit record TEI file ({exc})").format(), err=True)
            failed = True
            continue
        sys.stdout.write(out)
    if failed:
        sys.exit(1)
