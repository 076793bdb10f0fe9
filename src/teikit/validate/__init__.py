"""Validation: schemas (XSD, RELAX NG) and rule checks, over many files in parallel."""

from __future__ import annotations

import glob
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic, error
from .check import Options, check_file, tei_all_documents, tei_all_grammar
from .rng import prepare, rng_validator
from .schema import SchemaError, edition_schema, resolve_schema, xsd_validator

# Below this many files a process pool costs more than it saves.
POOL_THRESHOLD = 64


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


def _options(schema: str | None, registers: str | None, files: list[str], cache_dir: str | None) -> Options:
    if schema is None:
        edition_schema()  # compiled before the pool forks, so every worker inherits it
        tei_all = tei_all_grammar(tei_all_documents(files).values(), cache_dir)
        if tei_all is not None:
            rng_validator(tei_all)  # the pruned grammar, compiled before the pool forks too
        return Options("edition", None, registers, tei_all)
    path = resolve_schema(schema)
    if path.suffix.lower() == ".xsd":
        xsd_validator(str(path))  # compile once here so a broken schema is a usage error
        return Options("xsd", str(path), registers)
    grammar = str(prepare(path, files, cache_dir))
    rng_validator(grammar)  # compiled before the pool forks; a broken grammar is a usage error here
    return Options("rng", grammar, registers)


def validate_paths(paths, schema: str | None = None, registers: str | None = None,
                   jobs: int | None = None, cache_dir: str | None = None) -> Report:
    """Validate files, folders and globs against the edition (or the given RNG/XSD schema, or a shipped one by name).

    In the edition, documents that declare TEI All are checked against tei_all.rng, pruned
    to their vocabulary and cached in `cache_dir`, and the rules for any TEI.

    Raises SchemaError when the schema itself is unusable; every problem of a data file is
    a diagnostic in the report, and the other files are still validated.
    """
    files, problems = expand_paths(paths)
    if registers is not None and not Path(registers).is_dir():
        raise SchemaError(f"{registers}: no such registers folder")
    options = _options(schema, registers, files, cache_dir)
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(files) < POOL_THRESHOLD:
        results = [check_file(f, options) for f in files]
    else:
        # fork: workers inherit the compiled schemas and registers already loaded here.
        context = multiprocessing.get_context("fork")
        chunk = max(1, len(files) // (jobs * 4))
        with ProcessPoolExecutor(jobs, mp_context=context) as pool:
            results = list(pool.map(check_file, files, [options] * len(files), chunksize=chunk))
    diagnostics = problems + [d for found in results for d in found]
    return Report(files, diagnostics)
