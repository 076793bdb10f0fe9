"""`teikit build`: run every stage of the edition in the current (or given) folder."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..build import BuildOptions, run_build
from ..build.registry import ORDER
from ..edition import Edition, EditionError
from ..tei import write_atomic


def _parse_stages(value: str | None) -> tuple[str, ...] | None:
    if not value:
        return None
    names = tuple(s.strip() for s in value.split(",") if s.strip())
    unknown = [n for n in names if n not in ORDER]
    if unknown:
        raise click.BadParameter(f"unknown stage {', '.join(unknown)} (choose from {', '.join(ORDER)})")
    return names


@click.command()
@click.option("--edition", "edition_dir", metavar="DIR", default=".", type=click.Path(file_okay=False),
              help="Edition folder (default: the current folder).")
@click.option("--stages", metavar="STAGES", help=f"Comma-separated stages to run (default: all the edition is set up for): {','.join(ORDER)}.")
@click.option("-j", "--jobs", metavar="N", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the machine's cores).")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Run per-document work in a local process pool or on Dask.")
@click.option("--scheduler", metavar="ADDR",
              help="Address of an existing Dask scheduler (tcp://host:port); implies --executor dask.")
@click.option("--force", is_flag=True, help="Redo every task, ignoring the incremental cache.")
@click.option("-q", "--quiet", is_flag=True, help="No progress output.")
@click.option("--strict", is_flag=True,
              help="All or nothing (for CI): a record that cannot be converted or an invalid document stops the build "
                   "after its stage, instead of being left out of what is published.")
@click.option("--report", "report_path", metavar="FILE", type=click.Path(dir_okay=False, writable=True),
              help="Also write the closing report as JSON to this file (for CI and benchmarks).")
def build(edition_dir, stages, jobs, executor, scheduler, force, quiet, strict, report_path):
    """Build the edition: convert records/, validate tei/, render HTML and PDF, export."""
    try:
        names = _parse_stages(stages)
    except click.BadParameter as exc:
        raise click.UsageError(str(exc)) from exc
    try:
        edition = Edition.open(edition_dir)
    except EditionError as exc:
        raise click.UsageError(str(exc)) from exc
    if not edition.records_dir.is_dir() and not edition.tei_dir.is_dir():
        raise click.UsageError(f"{edition.root}: not an edition folder (no records/ or tei/); "
                               "create one with 'teikit init DIR'")
    options = BuildOptions(stages=names, jobs=jobs or 0, executor="dask" if scheduler else executor,
                           scheduler=scheduler, force=force, quiet=quiet, strict=strict)
    outcome = run_build(edition, options)
    if report_path:
        report = {"exit_code": outcome.exit_code, "stopped_at": outcome.stopped_at,
                  "stages": [r.to_dict() for r in outcome.reports], "left_out": outcome.left_out,
                  "report": outcome.report_path}
        write_atomic(Path(report_path), json.dumps(report, indent=1) + "\n")
    sys.exit(outcome.exit_code)
