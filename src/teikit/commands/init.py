"""`teikit init DIR`: create a new edition folder holding the sample records and settings."""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from ..edition import SETTINGS_FILE
from ..resources import sample_edition


@click.command(name="init")
@click.argument("directory", type=click.Path(file_okay=False))
def init(directory):
    """Create DIR with the sample records and edition.toml, ready for `teikit build`."""
    target = Path(directory)
    if target.exists() and any(target.iterdir()):
        raise click.UsageError(f"{target}: folder is not empty; choose a new or empty folder")
    records, settings = sample_edition()
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(records, target / "records",
                    ignore=shutil.ignore_patterns(".*", "__pycache__"))
    shutil.copyfile(settings, target / SETTINGS_FILE)
    (target / "tei").mkdir()
    count = sum(1 for p in (target / "records").iterdir() if p.is_file())
    click.echo(f"Created {target} with {count} sample records. Next: cd {target} && teikit build")
