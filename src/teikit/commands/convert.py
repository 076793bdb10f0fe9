"""`teikit convert INPUT... -o DIR`: convert record files and folders into TEI, by the convert stage on the build's engine."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from ..build import run_tasks
from ..cli import input_files
from ..diagnostics import Level
from ..readers import READERS
from ..registers import RegisterError, Registers
from ..stages.convert import ConvertStage, proposals_note


@click.command(name="convert")
@click.argument("inputs", metavar="INPUT...", nargs=-1, required=True)
@click.option("-o", "--output", "out_dir", metavar="DIR", required=True, type=click.Path(file_okay=False),
              help="Folder of the TEI files and the persons.xml/places.xml registers.")
@click.option("--reader", type=click.Choice(sorted(READERS)), default=None,
              help="Input layout (default: detected per file).")
@click.option("--force", is_flag=True, help="Overwrite TEI files edited by hand since they were generated.")
def convert(inputs, out_dir, reader, force):
    """Convert archival records (files, folders or globs) into TEI files in DIR, one per record."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise click.UsageError(f"{out}: not a folder")
    try:
        Registers.load(out if out.is_dir() else None)
    except RegisterError as exc:
        # A broken persons.xml/places.xml is the editor's to fix: one line, usage exit status.
        click.echo(str(exc), err=True)
        raise SystemExit(2) from None
    # Walking a folder skips the output folder, so `convert . -o tei` works.
    files = input_files(inputs, suffix=None, skip=[out])
    stage = ConvertStage(force=force, reader=reader)
    # The command has no --jobs: its records convert in this process, as they always did (the build pools them).
    results = run_tasks(stage, stage.tasks(files, out), jobs=1)
    failed = 0
    for result in results:
        for diag in result.diagnostics:
            click.echo(diag.format(), err=True)
        failed += any(d.level is Level.ERROR for d in result.diagnostics)
    created: Counter = Counter()
    for diag in stage.merge(out, results, created):
        click.echo(diag.format(), err=True)
    converted = sum(result.ok for result in results)
    uncertain = sum(result.summary.get("uncertain", 0) for result in results if result.ok)
    click.echo(f"{converted} record{'s' if converted != 1 else ''} converted into {out}"
               + (f", {failed} failed" if failed else "")
               + (f"; {uncertain} bracket reading{'s' if uncertain != 1 else ''} of low certainty"
                  " (teikit review lists them)" if uncertain else ""))
    note = proposals_note(created)
    if note:
        click.echo(note)
    if failed:
        raise SystemExit(1)
