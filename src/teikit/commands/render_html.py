"""`teikit render html`: render TEI files and folders as a static HTML site, by the html stage on the build's engine."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import diagnostics
from ..build import BuildOptions, Engine
from ..cli import input_files
from ..diagnostics import render_json
from ..edition import REGISTER_FILES, SETTINGS_FILE, Edition, EditionError, Settings
from ..render.html import doc_id, site_params, site_title
from ..stages.html import HtmlStage


def _edition(edition_dir: str | None, files: list[Path]) -> Edition | None:
    if edition_dir:
        return Edition.open(edition_dir)
    # A folder of TEI inside an edition (edition/tei/) takes the edition's settings and stylesheet.
    for folder in dict.fromkeys(f.resolve().parent for f in files):
        if (folder.parent / SETTINGS_FILE).exists():
            return Edition.open(folder.parent)
    return None


@click.command()
@click.argument("paths", metavar="PATH...", nargs=-1, required=True)
@click.option("-o", "--output", metavar="DIR", required=True, type=click.Path(file_okay=False), help="Folder of the site to write.")
@click.option("--registers", metavar="DIR", type=click.Path(file_okay=False, exists=True),
              help="Folder of persons.xml and places.xml (default: the folders of the TEI files).")
@click.option("--edition", "edition_dir", metavar="DIR", type=click.Path(file_okay=False, exists=True),
              help="Edition folder whose edition.toml gives the title, editors and base URL (and whose xslt/html/html.xsl, if any, is the stylesheet).")
@click.option("--title", metavar="TITLE", help="Title of the site (overrides the edition's).")
@click.option("--pdf-dir", metavar="DIR", type=click.Path(file_okay=False, exists=True),
              help="Folder of per-document PDFs (ID.pdf) to copy into the site and link.")
@click.option("-j", "--jobs", metavar="N", type=click.IntRange(min=1), default=None, help="Worker processes (default: one per core).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Report format.")
def html(paths, output, registers, edition_dir, title, pdf_dir, jobs, fmt):
    """Render the TEI files or folders PATH as an HTML site in DIR; exit 1 if any file was skipped."""
    files = [Path(path) for path in input_files(paths, leave_out=REGISTER_FILES)]
    try:
        edition = _edition(edition_dir, files)
    except EditionError as exc:
        raise click.UsageError(str(exc)) from exc
    settings = edition.settings if edition else Settings()
    xsl = edition.own_stylesheet("html") if edition else None
    # Without an edition title the site is named after its documents: the one document's title or their folder.
    params = site_params(settings, fallback_title=site_title(files))
    if title:
        params["edition-title"] = title
    problems, unique = [], {}
    for path in files:
        ident = doc_id(path)
        if ident in unique:
            problems.append(diagnostics.error(path, "X006", f"same page name as {unique[ident]}: {ident}.html; skipped"))
        else:
            unique[ident] = path
    site = Path(output)
    stage = HtmlStage()
    documents = list(unique.values())
    folders = [Path(registers)] if registers else list(dict.fromkeys(p.parent for p in files))
    register_paths = [f / name for f in folders for name in REGISTER_FILES if (f / name).is_file()]
    with Engine(BuildOptions(jobs=jobs or 0)) as engine:
        results = engine.run(stage, stage.tasks(documents, site, params, Path(pdf_dir) if pdf_dir else None, xsl))
        for result in results:
            problems += result.diagnostics
        # The collection pages, as the build's finish writes them: many go to the same workers.
        stage.workers = engine.workers()
        problems += stage.collection(site, results, register_paths, params, xsl)
    rendered = {str(path) for path, result in zip(documents, results) if result.ok}
    skipped = sorted(str(p) for p in files if str(p) not in rendered)
    if fmt == "json":
        sys.stdout.write(render_json(problems, len(files)))
    else:
        for problem in problems:
            sys.stdout.write(problem.format() + "\n")
        line = f"{len(rendered)} document{'s' if len(rendered) != 1 else ''} rendered into {site}"
        if skipped:
            line += f"; {len(skipped)} skipped: {', '.join(skipped)}"
        sys.stdout.write(line + "\n")
    if any(p.level == diagnostics.Level.ERROR for p in problems):
        sys.exit(1)
