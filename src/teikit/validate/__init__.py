"""Validation: schemas (XSD, RELAX NG) and rule checks, one document at a time."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic, error
from ..inputs import MissingInput, list_inputs
from .check import Options, check_file, may_declare, shipped_tei_all
from .rng import rng_validator, take_warnings
from .schema import SchemaError, edition_schema, resolve_schema, xsd_validator


@dataclass
class Report:
    """The outcome of one validation run: the files checked and their diagnostics, in order."""

    files: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def expand_paths(arguments) -> tuple[list[str], list[Diagnostic]]:
    """Turn files, folders (every *.xml below) and globs into a list of files (teikit.inputs.list_inputs).

    An argument that names no file is an X003 diagnostic; the others' files are still returned.
    """
    try:
        return list_inputs(arguments), []
    except MissingInput as exc:
        return exc.files, [error(argument, "X003", reason) for argument, reason in exc.missing]


def _may_be_foreign(path: str) -> bool:
    """Return whether a file may need TEI All in the edition: it declares a schema, or lacks teikit's marker."""
    if may_declare(path):
        return True
    try:
        with open(path, "rb") as handle:
            return b'type="teikit"' not in handle.read(32768) and Path(path).name not in ("persons.xml", "places.xml")
    except OSError:
        return False


def _options(schema: str | None, registers: str | None, files: list[str]) -> Options:
    # Schemas are read once here, before any file: a broken schema is a usage error, not one
    # error per file.
    if schema is None:
        edition_schema()
        if any(_may_be_foreign(f) for f in files):
            rng_validator(str(shipped_tei_all()))
        return Options("edition", None, registers, foreign=True)
    path = resolve_schema(schema)
    if path.suffix.lower() == ".xsd":
        xsd_validator(str(path))
        return Options("xsd", str(path), registers)
    rng_validator(str(path))
    return Options("rng", str(path), registers)


def prepare(files: list[str], schema: str | None = None,
            registers: str | None = None) -> tuple[Options, list[Diagnostic]]:
    """Return the options to check files with, and the problems found on the way (a damaged grammar cache).

    Raises SchemaError when the schema itself (or the registers folder) is unusable.
    """
    if registers is not None and not Path(registers).is_dir():
        raise SchemaError(f"{registers}: no such registers folder")
    options = _options(schema, registers, files)
    # A damaged grammar cache is reported here once, not by every worker that inherits it.
    return options, take_warnings()


def validate_paths(paths, schema: str | None = None, registers: str | None = None) -> Report:
    """Validate files, folders and globs against the edition (or the given RNG/XSD schema, or a shipped one by name).

    In the edition, a document is checked against the schema it declares, or TEI All when
    teikit did not make it (see `check.choose_schema`), else against the edition's schema
    and rules. Raises SchemaError when the schema itself is unusable; every problem of a
    data file is a diagnostic in the report, and the other files are still validated. The
    files are checked one after another in this process: `teikit validate` and the build
    run `check_file` per document on the build's executors (teikit.stages.validate).
    """
    files, missing = expand_paths(paths)
    options, problems = prepare(files, schema, registers)
    return Report(files, missing + problems + [d for path in files for d in check_file(path, options)])
