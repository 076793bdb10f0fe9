"""`teikit import`: bring FRUS volumes and other projects' TEI into an edition, with a report of what was taken."""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .. import diagnostics, tei
from ..diagnostics import Diagnostic
from ..edition import REGISTER_FILES
from .frus import is_frus_volume, split_volume

_NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")


@dataclass
class ImportReport:
    """What an import took (source, written file) and what it rejected (diagnostics naming the source)."""

    taken: list[tuple[str, str]] = field(default_factory=list)
    rejected: list[Diagnostic] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Return the report as lines: one per taken document, one per rejection, then a summary."""
        out = [f"taken: {source} -> {target}" for source, target in self.taken]
        out += [d.format() for d in self.rejected]
        sources = {d.path for d in self.rejected}
        out.append(f"{len(self.taken)} documents taken, {len(sources)} files rejected")
        return out


def _sources(source: Path) -> list[Path]:
    if source.is_dir():
        return sorted(p for p in source.rglob("*.xml") if p.is_file())
    return [source]


def _doc_id(root, path: Path) -> str:
    ident = root.get(tei.XML_ID) or ""
    if _NCNAME.match(ident):
        return ident
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-.")
    return slug if slug and slug[0].isalpha() else f"doc-{slug or 'untitled'}"


def _check_tei(path: Path, root) -> Diagnostic | None:
    line = root.sourceline or 1
    if root.tag == tei.T("teiCorpus"):
        return diagnostics.error(path, "import-corpus", "a teiCorpus: import its TEI documents one per file", line, 1)
    if root.tag != tei.T("TEI"):
        return diagnostics.error(path, "import-not-tei",
                                 f"the root element is {etree.QName(root).localname!r}"
                                 f"{'' if etree.QName(root).namespace == tei.TEI_NS else ' outside the TEI namespace'}"
                                 ", not TEI", line, 1)
    for part in ("teiHeader", "text"):
        if root.find(tei.T(part)) is None:
            return diagnostics.error(path, "import-structure", f"the TEI element has no {part}", line, 1)
    return None


def collect(source: Path, report: ImportReport) -> list[tuple[str, Path, etree._ElementTree, bool]]:
    """Read the source files: FRUS volumes are split, other TEI checked.

    Returns (id, source file, tree, split) candidates; `split` is true for documents cut out of a volume.
    """
    candidates = []
    for path in _sources(source):
        try:
            tree = tei.parse(path)
        except etree.XMLSyntaxError as exc:
            line, col = exc.position if exc.position else (0, 0)
            report.rejected.append(diagnostics.error(path, "import-parse", f"not well-formed XML: {exc.msg}", line, col))
            continue
        except tei.UnsafeXMLError as exc:
            report.rejected.append(diagnostics.error(path, "import-unsafe", str(exc), exc.line, exc.col))
            continue
        except OSError as exc:
            report.rejected.append(diagnostics.error(path, "import-read", exc.strerror or str(exc)))
            continue
        if is_frus_volume(tree):
            candidates += [(doc_id, path, doc, True) for doc_id, doc in split_volume(tree)]
            continue
        problem = _check_tei(path, tree.getroot())
        if problem is not None:
            report.rejected.append(problem)
            continue
        doc_id = _doc_id(tree.getroot(), path)
        tree.getroot().set(tei.XML_ID, doc_id)
        candidates.append((doc_id, path, tree, False))
    return candidates


def import_tei(source: Path, output: Path, schema: Path | None = None, force: bool = False) -> ImportReport:
    """Import SOURCE (a file or folder) into the folder OUTPUT, validating against `schema` (RNG/XSD) when given.

    Documents are staged first and moved into OUTPUT only once validated, so a rejected
    document never leaves a file behind. A different file already in OUTPUT under the same
    name is kept (and the document rejected) unless `force`.
    """
    report = ImportReport()
    candidates = collect(source, report)
    seen: dict[str, Path] = {}
    accepted = []
    for doc_id, path, tree, split in candidates:
        if f"{doc_id}.xml" in REGISTER_FILES:
            report.rejected.append(diagnostics.error(path, "import-id", f"the id {doc_id!r} is a register's name", 1, 1))
        elif doc_id in seen:
            report.rejected.append(diagnostics.error(
                path, "import-id", f"the id {doc_id!r} is already taken by {seen[doc_id]}", 1, 1))
        else:
            seen[doc_id] = path
            accepted.append((doc_id, path, tree, split))
    output.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".import.", dir=output))
    try:
        staged: dict[str, tuple[str, Path]] = {}
        # A copied file is validated as it is (so diagnostics point at its lines); a split
        # FRUS document has no file of its own, so its staged copy is validated.
        checked: dict[str, str] = {}
        for doc_id, path, tree, split in accepted:
            target = staging / f"{doc_id}.xml"
            target.write_bytes(tei.serialize(tree))
            staged[str(target)] = (doc_id, path)
            checked[str(target) if split else str(path)] = str(target)
        invalid: set[str] = set()
        if schema is not None and staged:
            from ..validate import validate_paths

            result = validate_paths(sorted(checked), schema=str(schema))
            for diag in result.diagnostics:
                if diag.level.value != "error" or diag.path not in checked:
                    continue
                staged_path = checked[diag.path]
                doc_id, path = staged[staged_path]
                invalid.add(staged_path)
                if diag.path == str(path):
                    report.rejected.append(diagnostics.error(path, "import-invalid", diag.message, diag.line, diag.col))
                else:
                    report.rejected.append(diagnostics.error(
                        path, "import-invalid", f"document {doc_id}, line {diag.line}: {diag.message}"))
        for staged_path, (doc_id, path) in staged.items():
            if staged_path in invalid:
                continue
            target = output / f"{doc_id}.xml"
            data = Path(staged_path).read_bytes()
            if target.exists() and not force and target.read_bytes() != data:
                report.rejected.append(diagnostics.error(
                    path, "import-exists", f"{target} exists and differs; remove it or import with --force", 1, 1))
                continue
            tei.write_atomic(target, data)
            report.taken.append((str(path), str(target)))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return report

