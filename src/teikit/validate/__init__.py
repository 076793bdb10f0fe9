"""Validation: schemas (XSD, RELAX NG) and rule checks, over many files in parallel."""

from __future__ import annotations

import glob
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .. import lifeline
from ..diagnostics import Diagnostic, error
from .check import Options, check_file, may_declare, shipped_tei_all
from .rng import rng_validator, take_warnings
from .schema import SchemaError, edition_schema, resolve_schema, xsd_validator

# Below this many files, or this many bytes, a process pool costs more than it saves.
POOL_THRESHOLD = 64
POOL_BYTES = 4 << 20


@dataclass
class Report:
    """The outcome of one validation run: the files checked and their diagnostics, in order."""

    files: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def expand_paths(arguments) -> tuple[list[str], list[Diagnostic]]:
    """Turn files, folders (every *.xml below) and globs into a list of files, in a stable order."""
    files: list[str] = []
    problems: list[Diagnostic] = []
    for argument in arguments:
        argument = str(argument)
        path = Path(argument)
        if path.is_dir():
            files += sorted(str(p) for p in path.rglob("*.xml") if p.is_file())
        elif path.exists() or not glob.has_magic(argument):
            files.append(argument)
        else:
            matches = sorted(glob.glob(argument, recursive=True))
            if not matches:
                problems.append(error(argument, "X003", "no file matches this pattern"))
            files += [m for m in matches if not Path(m).is_dir()]
    seen = set()
    unique = [f for f in files if not (f in seen or seen.add(f))]
    return unique, problems


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
    # Schemas are read before the pool forks, so every worker inherits them (and a broken
    # schema is a usage error here, not one error per file).
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


def prepare(paths, schema: str | None = None,
            registers: str | None = None) -> tuple[list[str], Options, list[Diagnostic]]:
    """Return the files named by paths, the options to check them with, and the problems found on the way.

    Raises SchemaError when the schema itself (or the registers folder) is unusable.
    """
    files, problems = expand_paths(paths)
    if registers is not None and not Path(registers).is_dir():
        raise SchemaError(f"{registers}: no such registers folder")
    options = _options(schema, registers, files)
    # A damaged grammar cache is reported here once, not by every worker that inherits it.
    problems += take_warnings()
    return files, options, problems


def validate_paths(paths, schema: str | None = None, registers: str | None = None,
                   jobs: int | None = None) -> Report:
    """Validate files, folders and globs against the edition (or the given RNG/XSD schema, or a shipped one by name).

    In the edition, a document is checked against the schema it declares, or TEI All when
    teikit did not make it (see `check.choose_schema`), else against the edition's schema
    and rules. Raises SchemaError when the schema itself is unusable; every problem of a
    data file is a diagnostic in the report, and the other files are still validated.
    """
    files, options, problems = prepare(paths, schema, registers)
    jobs = jobs or os.cpu_count() or 1
    sizes = {f: _size(f) for f in files}
    if jobs == 1 or len(files) < 2 or (len(files) < POOL_THRESHOLD and sum(sizes.values()) < POOL_BYTES):
        results = [check_file(f, options) for f in files]
    else:
        # fork: workers inherit the schemas and registers already read here. Largest files
        # first, a few at a time, so no worker is left with a big one at the end.
        order = sorted(range(len(files)), key=lambda i: -sizes[files[i]])
        chunk = max(1, len(files) // (jobs * 16))
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(jobs, mp_context=context, **lifeline.pool_options()) as pool:
            found = pool.map(check_file, [files[i] for i in order], [options] * len(files), chunksize=chunk)
            by_index = dict(zip(order, found))
        results = [by_index[i] for i in range(len(files))]
    diagnostics = problems + [d for found in results for d in found]
    return Report(files, diagnostics)


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0
