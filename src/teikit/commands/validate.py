"""`teikit validate`: check TEI files against the edition schema and rules, or any RNG/XSD, by the validate stage on the build's engine."""

from __future__ import annotations

import sys

import click

from ..build import run_tasks
from ..cli import input_files
from ..diagnostics import Level, render_json, render_junit, render_text
from ..stages.validate import ValidateStage
from ..validate import prepare
from ..validate.schema import SchemaError


@click.command()
@click.argument("paths", metavar="PATH...", nargs=-1, required=True)
@click.option("--schema", "schema", metavar="SCHEMA", type=click.Path(dir_okay=False),
              help="Validate against this RELAX NG (.rng) or XML Schema (.xsd) file, or a shipped schema "
                   "by name (tei_all), instead of the edition's.")
@click.option("--registers", metavar="DIR", type=click.Path(file_okay=False),
              help="Folder of persons.xml and places.xml (default: each document's folder).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "junit"]), default="text", show_default=True,
              help="Report format.")
@click.option("--fail-on", type=click.Choice(["warning", "error"]), default="error", show_default=True,
              help="Lowest level that makes the exit status 1.")
@click.option("-j", "--jobs", metavar="N", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: one per core).")
def validate(paths, schema, registers, fmt, fail_on, jobs):
    """Validate each PATH (a TEI file, folder or glob); exit 0 when clean, 1 on data errors, 2 on usage errors.

    Well-formedness first, then the schema, then (with the edition schema) the rule checks.
    Without --schema, documents that declare a schema get it, and documents teikit did not
    make get TEI All (schema/tei_all.rng); both then get only the rules for any TEI.
    """
    files = input_files(paths)
    try:
        options, problems = prepare(files, schema=schema, registers=registers)
    except SchemaError as exc:
        raise click.UsageError(str(exc)) from exc
    stage = ValidateStage()
    found = problems + [d for result in run_tasks(stage, stage.tasks(files, options), jobs or 0)
                        for d in result.diagnostics]
    if fmt == "json":
        output = render_json(found, len(files))
    elif fmt == "junit":
        output = render_junit(found, files)
    else:
        output = render_text(found, len(files))
    sys.stdout.write(output)
    threshold = Level(fail_on).rank
    if any(d.level.rank >= threshold for d in found):
        sys.exit(1)
