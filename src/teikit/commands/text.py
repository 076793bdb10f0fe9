"""`teikit text FILE.xml`: print the record text back from a TEI file."""

from __future__ import annotations

import sys

import click

from ..diagnostics import Diagnostic
from ..tei import load_document
from ..text import record_text


@click.command()
@click.argument("files", metavar="FILE...", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--body-only", is_flag=True, help="Print only the body (the translation).")
def text(files, body_only):
    """Print the record text of each TEI FILE (brackets re-inserted) to standard output."""
    from ..text import body_text, is_register

    failed = False
    for name in files:
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
            click.echo(f"{name}: error[TEXT-TEI]: not a teikit record TEI file ({exc})", err=True)
            failed = True
            continue
        sys.stdout.write(out)
    if failed:
        sys.exit(1)
