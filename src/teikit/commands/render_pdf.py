"""`teikit render pdf TEI... -o DIR`: per-document PDFs and the volume, by the pdf stage on the build's engine."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..build import run_tasks
from ..diagnostics import Level
from ..cli import input_files
from ..edition import REGISTER_FILES, SETTINGS_FILE, Edition, EditionError, Settings
from ..render import pdf as printing
from ..render import saxon
from ..stages.pdf import PdfStage


def _find_edition(sources: list[Path]) -> Edition | None:
    # The edition whose settings name the volume: the nearest folder above a source with an edition.toml.
    for source in sources:
        for folder in [source.resolve(), *source.resolve().parents]:
            if (folder / SETTINGS_FILE).is_file():
                return Edition.open(folder)
    return None


def _typed_params(pairs: tuple[str, ...]) -> dict:
    specs = {spec.name: spec for spec in saxon.read_params(printing.stylesheet().with_name("print_params.xsl"))}
    params: dict = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or name not in specs:
            known = ", ".join(sorted(specs))
            raise click.UsageError(f"--param {pair}: expected NAME=VALUE with NAME one of {known}")
        kind = specs[name].type
        try:
            if kind == "xs:boolean":
                if value not in ("true", "false", "1", "0"):
                    raise ValueError(value)
                params[name] = value in ("true", "1")
            elif kind == "xs:integer":
                params[name] = int(value)
            else:
                params[name] = value
        except ValueError:
            raise click.UsageError(f"--param {pair}: {name} must be {kind}") from None
    return params


@click.command("pdf")
@click.argument("sources", metavar="PATH...", nargs=-1, required=True)
@click.option("-o", "--output", "out_dir", metavar="DIR", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for <id>.pdf per document and volume.pdf.")
@click.option("--edition", "edition_dir", metavar="DIR", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Edition whose settings (title, editors, publisher, licence) the volume prints, and whose "
                   "xslt/print/print.xsl, if any, is the stylesheet "
                   "(default: the nearest folder above the sources with an edition.toml).")
@click.option("--volume/--no-volume", default=True, show_default=True, help="Typeset the volume.")
@click.option("--documents/--no-documents", default=True, show_default=True,
              help="Typeset one PDF per document.")
@click.option("-j", "--jobs", metavar="N", type=click.IntRange(min=1), default=None,
              help="Worker processes for the per-document PDFs (default: the machine's cores).")
@click.option("-p", "--param", "param_pairs", multiple=True, metavar="NAME=VALUE",
              help="A print stylesheet parameter (see xslt/print/print_params.xsl).")
def pdf(sources, out_dir, edition_dir, volume, documents, jobs, param_pairs):
    """Typeset the TEI documents PATH (files, folders or globs) as PDFs in DIR: one per document and the volume."""
    params = _typed_params(param_pairs)
    paths = [Path(path) for path in input_files(sources, leave_out=REGISTER_FILES)]
    try:
        edition = Edition.open(edition_dir) if edition_dir else _find_edition(paths)
    except EditionError as exc:
        raise click.UsageError(str(exc)) from exc
    settings = edition.settings if edition else Settings()
    xsl = edition.own_stylesheet("print") if edition else None
    if not paths:
        raise click.UsageError("no TEI documents among the sources")
    # The persons register that names the index sits beside the documents, as in tei/.
    registers = sorted({p.parent / "persons.xml" for p in paths if (p.parent / "persons.xml").is_file()})
    stage = PdfStage()
    tasks = stage.tasks(paths, out_dir, settings, registers, xsl, params, typeset=documents)
    out_dir.mkdir(parents=True, exist_ok=True)
    results = run_tasks(stage, tasks, jobs or 0)
    diagnostics = [d for result in results for d in result.diagnostics]
    written = sum(result.ok for result in results) if documents else 0
    if volume:
        found = stage.volume(out_dir / printing.VOLUME_NAME, zip(paths, results), settings, params, xsl)
        diagnostics.extend(found)
        written += not any(d.level is Level.ERROR or d.code == "P011" for d in found)
    for diag in sorted(diagnostics):
        click.echo(diag.format(), err=True)
    errors = sum(1 for d in diagnostics if d.level == Level.ERROR)
    click.echo(f"{out_dir}: {written} PDF{'s' if written != 1 else ''} written, "
               f"{len(paths)} document{'s' if len(paths) != 1 else ''}, {errors} error{'s' if errors != 1 else ''}",
               err=True)
    sys.exit(1 if errors else 0)
