"""`teikit import`: bring FRUS volumes and other projects' TEI into an edition, with a report of what was taken."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from lxml import etree

from .. import diagnostics, tei
from ..diagnostics import Diagnostic
from ..edition import REGISTER_FILES
from .frus import Volume, is_frus_volume_bytes

_NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")


@dataclass
class SourceResult:
    """What one source file gave: staged documents (id, staged file, line), repairs, problems, FRUS persons."""

    path: str
    staged: list[tuple[str, str, int]] = field(default_factory=list)
    repaired: set[str] = field(default_factory=set)
    problems: list[Diagnostic] = field(default_factory=list)
    persons: list[dict] = field(default_factory=list)
    volume: str = ""


@dataclass
class ImportReport:
    """What an import took (source, written file), repaired and rejected (diagnostics naming the source and line)."""

    taken: list[tuple[str, str]] = field(default_factory=list)
    rejected: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    # Per source file: (path, documents taken, repaired, rejected).
    sources: list[tuple[str, int, int, int]] = field(default_factory=list)

    def lines(self, verbose: bool = False) -> list[str]:
        """Return the report: problems (errors and repairs), one line per source file, and a summary."""
        out = [f"taken: {source} -> {target}" for source, target in self.taken] if verbose else []
        out += [d.format() for d in sorted(self.warnings + self.rejected, key=lambda d: (d.path, d.line, d.code))]
        if len(self.sources) > 1 or verbose:
            out += [f"{path}: {taken} taken, {repaired} repaired, {rejected} rejected"
                    for path, taken, repaired, rejected in self.sources]
        files = len({d.path for d in self.rejected})
        out.append(f"{len(self.taken)} documents taken from {len(self.sources)} files "
                   f"({len(self.repaired)} repaired), {len(self.rejected)} rejections in {files} files")
        return out


def _doc_id(root, path: Path) -> str:
    ident = root.get(tei.XML_ID) or ""
    if _NCNAME.match(ident):
        return ident
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-.")
    return slug if slug and slug[0].isalpha() else f"doc-{slug or 'untitled'}"


def _check_tei(path: Path, root) -> Diagnostic | None:
    line = root.sourceline or 1
    if root.tag == tei.T("teiCorpus"):
        return diagnostics.error(path, "E201", "a teiCorpus: import its TEI documents one per file", line, 1)
    if root.tag != tei.T("TEI"):
        return diagnostics.error(path, "X005",
                                 f"the root element is {etree.QName(root).localname!r}"
                                 f"{'' if etree.QName(root).namespace == tei.TEI_NS else ' outside the TEI namespace'}"
                                 ", not TEI", line, 1)
    for part in ("teiHeader", "text"):
        if root.find(tei.T(part)) is None:
            return diagnostics.error(path, "E202", f"the TEI element has no {part}", line, 1)
    return None


def read_source(path: str, staging: str) -> SourceResult:
    """Read one source file and stage its documents in `staging`: a FRUS volume is split, other TEI checked.

    Runs in a worker process; holds one volume's bytes and tree at a time.
    """
    from .frus_registers import person_entries

    result = SourceResult(path)
    source = Path(path)
    data = tei.read_document(path)
    if isinstance(data, Diagnostic):
        result.problems.append(data)
        return result
    if is_frus_volume_bytes(data):
        try:
            volume = Volume(data)
            index = volume.index
            result.volume = index.volume
            result.problems += [diagnostics.warning(path, c.code, c.message, c.line, 1) for c in index.outside]
            for doc in volume.documents():
                if doc.data is None:
                    result.problems.append(diagnostics.error(
                        path, "E105", f"document {doc.id} could not be made TEI ({doc.error}): left out", doc.line, 1))
                    continue
                target = os.path.join(staging, f"{doc.id}.xml")
                with open(target, "wb") as handle:
                    handle.write(doc.data)
                result.staged.append((doc.id, target, doc.line))
                for change in doc.changes:
                    result.problems.append(diagnostics.warning(path, change.code, f"{doc.id}: {change.message}",
                                                               change.line, 1))
                if doc.changes:
                    result.repaired.add(doc.id)
            result.persons = person_entries(index)
        except (tei.UnsafeXMLError, etree.XMLSyntaxError) as exc:
            # The volume goes through the same safe parser as every document: a DOCTYPE is X002.
            result.problems.append(tei.parse_diagnostic(path, exc))
        return result
    tree = tei.load_document(path, data)
    if isinstance(tree, Diagnostic):
        # A DOCTYPE (external DTD, entities) is refused here, so no imported file keeps one.
        result.problems.append(tree)
        return result
    problem = _check_tei(source, tree.getroot())
    if problem is not None:
        result.problems.append(problem)
        return result
    doc_id = _doc_id(tree.getroot(), source)
    tree.getroot().set(tei.XML_ID, doc_id)
    target = os.path.join(staging, f"{doc_id}.{len(os.listdir(staging))}.copy.xml")
    with open(target, "wb") as handle:
        handle.write(tei.serialize(tree))
    result.staged.append((doc_id, target, 0))
    return result


def read_sources(paths: list[str], folders: list[str], advance: Callable[[int], None]) -> Iterator[SourceResult]:
    """Yield the SourceResult of every path, in order, each staged in its folder, in this process."""
    for path, folder in zip(paths, folders):
        result = read_source(path, folder)
        advance(1)
        yield result


def import_tei(sources, output: Path, schema: Path | None = None, force: bool = False,
               read: Callable[..., Iterable[SourceResult]] = read_sources,
               advance: Callable[[int], None] = lambda n: None,
               check: Callable[[list[str], Path], list[Diagnostic]] | None = None) -> ImportReport:
    """Import SOURCES (files, folders, globs; or one path) into the folder OUTPUT.

    Every source is read by `read(paths, folders, advance)` (read_sources, or the import stage on
    the build's engine) and its documents staged in a folder inside OUTPUT; with `schema`
    (RNG/XSD) the staged documents are validated by `check(files, schema)` (check_files, or the
    validate stage on the build's engine). A document then moves into OUTPUT unless it
    is invalid, its id is taken by an earlier source, or a different file of that name is
    there already (kept unless `force`). The FRUS volumes' persons are merged into
    OUTPUT/persons.xml. `advance(n)` is called as sources are read (a progress bar).
    """
    from ..validate import expand_paths
    from .frus_registers import merge_persons

    if isinstance(sources, (str, os.PathLike)):
        sources = [sources]
    paths, missing = expand_paths([str(s) for s in sources])
    report = ImportReport()
    report.rejected += missing
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".import.", dir=output))
    try:
        folders = []
        for number in range(len(paths)):
            (staging / str(number)).mkdir()
            folders.append(str(staging / str(number)))
        # Sources may be read in any order (the largest first); they are admitted in the arguments' order.
        rank = {path: number for number, path in enumerate(paths)}
        results = sorted(read(paths, folders, advance), key=lambda result: rank.get(result.path, len(rank)))
        invalid = _validate(results, schema, check or check_files) if schema is not None else {}
        seen: dict[str, str] = {}
        # One listing instead of a look-up per document: only this import adds files, under ids it has not used.
        present = set(os.listdir(output))
        # Paths as strings: thousands of documents are moved in, one after another, in this process.
        folder = str(output)
        persons: list[dict] = []
        for result in results:
            taken = rejected = 0
            for problem in result.problems:
                (report.rejected if problem.level.value == "error" else report.warnings).append(problem)
                rejected += problem.level.value == "error"
            for doc_id, staged, line in result.staged:
                target = os.path.join(folder, f"{doc_id}.xml")
                problem = _admit(doc_id, staged, result.path, line, target, seen, invalid, force, present)
                if problem is not None:
                    report.rejected.extend(problem)
                    rejected += 1
                    continue
                seen[doc_id] = result.path
                report.taken.append((result.path, target))
                taken += 1
                if doc_id in result.repaired:
                    report.repaired.append(doc_id)
            if result.volume and taken:
                persons += result.persons
            report.sources.append((result.path, taken, len(result.repaired), rejected))
        merge_persons(output, persons)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return report


def check_files(files: list[str], schema: Path) -> list[Diagnostic]:
    """Return the diagnostics of files validated against a schema, one after another in this process."""
    from ..validate import validate_paths

    return validate_paths(files, schema=str(schema)).diagnostics


def _validate(results: list[SourceResult], schema: Path,
              check: Callable[[list[str], Path], list[Diagnostic]]) -> dict[str, list[Diagnostic]]:
    """Validate every staged document; return staged file -> its error diagnostics (naming the source)."""

    where = {staged: (result.path, doc_id, line) for result in results for doc_id, staged, line in result.staged}
    # A copied file is validated as it is, so diagnostics point at the source's own lines.
    copies = {result.path: staged for result in results for doc_id, staged, line in result.staged if not line}
    checked = [p for p in copies] + [s for s, (_, _, line) in where.items() if line]
    invalid: dict[str, list[Diagnostic]] = {}
    if not checked:
        return invalid
    for diag in check(sorted(checked), schema):
        if diag.level.value != "error":
            continue
        if diag.path in copies:
            invalid.setdefault(copies[diag.path], []).append(
                diagnostics.error(diag.path, diag.code, diag.message, diag.line, diag.col))
        elif diag.path in where:
            source, doc_id, line = where[diag.path]
            invalid.setdefault(diag.path, []).append(diagnostics.error(
                source, diag.code, f"document {doc_id}, line {diag.line}: {diag.message}", line, 1))
    return invalid


def _admit(doc_id: str, staged: str, source: str, line: int, target: str, seen: dict[str, str],
           invalid: dict[str, list[Diagnostic]], force: bool, present: set[str]) -> list[Diagnostic] | None:
    """Move one staged document to `target` in OUTPUT, or return why not; `present` are the names OUTPUT held before."""
    at = line or 1
    name = f"{doc_id}.xml"
    if name in REGISTER_FILES:
        return [diagnostics.error(source, "E203", f"the id {doc_id!r} is a register's name", at, 1)]
    if doc_id in seen:
        return [diagnostics.error(source, "E203", f"the id {doc_id!r} is already taken by {seen[doc_id]}", at, 1)]
    if staged in invalid:
        return invalid[staged]
    if os.path.basename(target) in present:
        if Path(target).read_bytes() == Path(staged).read_bytes():
            return None
        if not force:
            return [diagnostics.error(source, "E204",
                                      f"{target} exists and differs; remove it or import with --force", at, 1)]
    os.replace(staged, target)  # staged in a folder inside OUTPUT: the move is atomic
    return None
