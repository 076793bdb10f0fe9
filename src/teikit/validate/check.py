"""Validate one file: well-formedness, then the schema, then (for the edition schema) the rules."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .. import tei
from ..diagnostics import Diagnostic, error
from . import rules
from .rng import rng_validator
from .schema import edition_schema, xsd_validator


@dataclass(frozen=True)
class Options:
    """What to validate against: the edition (schema + rules) or a given RNG/XSD file.

    `grammar` is the RELAX NG file the workers compile (for tei_all, the pruned copy that
    `rng.prepare` wrote to the cache); `registers` overrides the folder of persons.xml and
    places.xml, which is otherwise the document's own folder.
    """

    schema_kind: str = "edition"
    grammar: str | None = None
    registers: str | None = None


def read_tree(path: str, allow_duplicate_ids: bool = False) -> tuple[etree._ElementTree | None, list[Diagnostic]]:
    """Read and parse a file safely; return the tree or the one diagnostic that explains why not."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return None, [error(path, "X003", f"cannot read the file: {exc.strerror or exc}")]
    try:
        return tei.parse_bytes(data, base_url=path, allow_duplicate_ids=allow_duplicate_ids), []
    except tei.UnsafeXMLError as exc:
        return None, [error(path, "X002", f"{exc} (external entities and entity bombs are never expanded)",
                            exc.line, exc.col)]
    except etree.XMLSyntaxError as exc:
        # lxml's position is (line, 1-based column), like SyntaxError's.
        line, col = exc.position if exc.position else (exc.lineno or 0, 0)
        message = exc.msg.split(", line ")[0] if exc.msg else "not well-formed XML"
        return None, [error(path, "X001", f"not well-formed XML: {message}", line, max(col or 0, 1) if line else 0)]


def check_file(path: str, options: Options) -> list[Diagnostic]:
    """Return every diagnostic of one file, sorted by line (a pure function of the file and options)."""
    return inspect_file(path, options)[0]


def inspect_file(path: str, options: Options) -> tuple[list[Diagnostic], etree._ElementTree | None]:
    """Return a file's diagnostics and its parsed tree (None when it could not be parsed)."""
    # The edition's rule R202 reports repeated xml:ids; other schemas get libxml2's verdict.
    tree, problems = read_tree(path, allow_duplicate_ids=options.schema_kind == "edition")
    if tree is None:
        return problems, None
    if options.schema_kind == "edition":
        found = edition_schema().check(tree, path)
        folder = options.registers or str(Path(path).resolve().parent)
        context = rules.Context(path, tree, rules.load_registers(folder))
        found += rules.check_rules(context)
    elif options.schema_kind == "rng":
        found = rng_validator(options.grammar).check(tree, path)
    else:
        found = xsd_validator(options.grammar).check(tree, path)
    return sorted(set(found), key=lambda d: (d.line, d.col, d.code, d.message)), tree
