"""`teikit convert INPUT... -o DIR`: convert record files and folders into TEI."""

from __future__ import annotations

from pathlib import Path

import click

from ..convert import Generated, assign_ids, convert_record, digest, read_manifest, write_manifest, write_result
from ..diagnostics import Level
from ..readers import READERS
from ..registers import RegisterError, Registers


def expand(inputs, out: Path | None = None) -> list[Path]:
    """Return the record files named by inputs: files as given, folders walked (sorted).

    Walking a folder skips dot files and the output folder (so `convert . -o tei` works).
    """
    files: list[Path] = []
    skip = out.resolve() if out is not None else None
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file()
                            and not any(part.startswith(".") for part in p.relative_to(path).parts)
                            and (skip is None or skip not in p.resolve().parents))
        else:
            files.append(path)
    return files


@click.command(name="convert")
@click.argument("inputs", metavar="INPUT...", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("-o", "--output", "out_dir", metavar="DIR", required=True, type=click.Path(file_okay=False),
              help="Folder of the TEI files and the persons.xml/places.xml registers.")
@click.option("--reader", type=click.Choice(sorted(READERS)), default=None,
              help="Input layout (default: detected per file).")
@click.option("--force", is_flag=True, help="Overwrite TEI files edited by hand since they were generated.")
def convert(inputs, out_dir, reader, force):
    """Convert the archival records INPUT (files or folders) into TEI files in DIR, one per record."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise click.UsageError(f"{out}: not a folder")
    try:
        base = Registers.load(out if out.is_dir() else None)
    except RegisterError as exc:
        # A broken persons.xml/places.xml is the editor's to fix: one line, usage exit status.
        click.echo(str(exc), err=True)
        raise SystemExit(2) from None
    generated = Generated(out)
    written: dict[str, str] = {}
    additions: list[dict] = []
    converted = failed = uncertain = 0
    files = expand(inputs, out)
    ids, clashes = assign_ids([str(path) for path in files], reader)
    for path in files:
        result = convert_record(path, base.copy(), reader, ids.get(str(path)))
        problems = list(result.diagnostics)
        if result.ok and str(path) in clashes:
            problems.append(clashes[str(path)])
        if result.ok:
            refused = write_result(result, out, generated, force, str(path))
            if refused is None:
                written[f"{result.doc_id}.xml"] = digest(result.tei)
                additions += result.register_additions
                converted += 1
                uncertain += sum(d.cert == "low" for d in result.brackets)
            else:
                problems.append(refused)
        for diag in problems:
            click.echo(diag.format(), err=True)
        if any(d.level is Level.ERROR for d in problems):
            failed += 1
    if additions:
        Registers.merge_into(out, additions)
    manifest = read_manifest(out, written)
    if manifest:
        write_manifest(out, manifest)
    click.echo(f"{converted} record{'s' if converted != 1 else ''} converted into {out}"
               + (f", {failed} failed" if failed else "")
               + (f"; {uncertain} bracket reading{'s' if uncertain != 1 else ''} of low certainty"
                  " (teikit review lists them)" if uncertain else ""))
    if failed:
        raise SystemExit(1)
