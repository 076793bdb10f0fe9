"""`teikit import SOURCE... [-o DIR]`: split FRUS volumes and copy other TEI into an edition after checking it."""

from __future__ import annotations

from pathlib import Path

import click

from ..cli import input_files
from ..edition import Edition, EditionError


@click.command(name="import")
@click.argument("sources", metavar="SOURCE...", nargs=-1, required=True)
@click.option("-o", "--output", metavar="DIR", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the TEI documents to; default: the edition's tei/ folder.")
@click.option("--edition", "edition_dir", metavar="DIR", type=click.Path(file_okay=False, path_type=Path),
              default=Path("."), show_default=True,
              help="The edition folder (for the default output).")
@click.option("--schema", metavar="SCHEMA", help="Also validate every document against this RELAX NG or XSD schema: a file, "
                               "or a shipped schema by name (tei_all).")
@click.option("--force", is_flag=True, help="Overwrite documents already in DIR that differ from the imported ones.")
@click.option("-j", "--jobs", metavar="N", type=click.IntRange(min=1), default=None,
              help="Worker processes reading sources (default: one per core).")
@click.option("-v", "--verbose", is_flag=True, help="Also list every document taken (source -> file).")
def import_(sources: tuple[str, ...], output: Path | None, edition_dir: Path, schema: str | None, force: bool,
            jobs: int | None, verbose: bool):
    """Import FRUS volumes (one TEI file per document) and other TEI files: each SOURCE a file, folder or glob."""
    from ..build import BuildOptions, Engine
    from ..build.progress import StageProgress, make_console
    from ..exchange.importer import import_tei
    from ..stages.imports import ImportStage
    from ..stages.validate import ValidateStage
    from ..validate import prepare
    from ..validate.schema import SchemaError, resolve_schema

    try:
        schema_file = resolve_schema(schema) if schema else None
    except SchemaError as exc:
        raise click.UsageError(str(exc)) from exc
    paths = input_files(sources)
    if not paths:
        raise click.UsageError("no source files")
    if output is None:
        try:
            output = Edition.open(edition_dir).tei_dir
        except EditionError as exc:
            raise click.UsageError(str(exc)) from exc
    progress = StageProgress(make_console(), "import", len(paths))
    stage = ImportStage()
    engine = Engine(BuildOptions(jobs=jobs or 0))

    def read(paths: list[str], folders: list[str], advance) -> list:
        # The sources are read by the import stage's tasks on the build's executors.
        tasks = stage.tasks(paths, folders)
        results = engine.run(stage, tasks, advance=advance)
        return [stage.source(task, result) for task, result in zip(tasks, results)]

    def check(files: list[str], schema: Path) -> list:
        # --schema: the staged documents are checked by the validate stage's tasks on the same executors.
        options, problems = prepare(files, schema=str(schema))
        checks = ValidateStage()
        return problems + [d for result in engine.run(checks, checks.tasks(files, options)) for d in result.diagnostics]

    try:
        report = import_tei(list(sources), output, schema_file, force, read, progress.advance, check)
    except SchemaError as exc:
        raise click.UsageError(str(exc)) from exc
    finally:
        progress.close()
        engine.close()
    for line in report.lines(verbose):
        click.echo(line)
    raise SystemExit(1 if report.rejected else 0)
