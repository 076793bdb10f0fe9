"""Validate one file: well-formedness, then the schema, then (for the edition schema) the rules.

In the edition, a document that declares TEI All (`teiHeader/encodingDesc/schemaRef`,
as `teikit import` writes for FRUS documents) is checked against the shipped tei_all.rng
and the rules that hold for any TEI, instead of teikit.xsd and the edition's rules.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .. import resources, tei
from ..diagnostics import Diagnostic, error
from . import rules
from .rng import prepare_vocabulary, rng_validator, vocabulary
from .schema import SHIPPED_SCHEMAS, edition_schema, xsd_validator

TEI_ALL = "tei_all"
# A document can only declare a schema with a schemaRef element; files without these bytes
# (in UTF-8 or UTF-16) are not parsed to find out.
_SCHEMA_REF_MARKERS = tuple("schemaRef".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))


@dataclass(frozen=True)
class Options:
    """What to validate against: the edition (schema + rules) or a given RNG/XSD file.

    `grammar` is the RELAX NG file the workers compile (for tei_all, the pruned copy that
    `rng.prepare` wrote to the cache); `registers` overrides the folder of persons.xml and
    places.xml, which is otherwise the document's own folder; `tei_all` is the grammar the
    edition's documents that declare TEI All are checked against (see `tei_all_grammar`;
    None: the shipped tei_all.rng whole, slow to compile).
    """

    schema_kind: str = "edition"
    grammar: str | None = None
    registers: str | None = None
    tei_all: str | None = None


def declares_tei_all(tree: etree._ElementTree) -> bool:
    """Return whether a document's encodingDesc/schemaRef names TEI All, by @key or by the file its @url names."""
    for ref in tree.getroot().iterfind("tei:teiHeader/tei:encodingDesc/tei:schemaRef", tei.NSMAP):
        if ref.get("key") == TEI_ALL:
            return True
        name = ref.get("url", "").split("#")[0].split("?")[0].rsplit("/", 1)[-1]
        if name.rpartition(".")[0] == TEI_ALL:
            return True
    return False


def tei_all_documents(files, memo: dict | None = None) -> dict[str, etree._ElementTree]:
    """Return the files that declare TEI All, parsed, by path (a file without a schemaRef is not parsed).

    `memo` maps paths to the [size, mtime] at which they were found not to declare TEI All;
    it is brought up to date, so a later call reads only the files that changed.
    """
    found = {}
    for path in files:
        path = str(path)
        try:
            stat = os.stat(path)
            stamp = [stat.st_size, stat.st_mtime_ns]
            if memo is not None and memo.get(path) == stamp:
                continue
            data = _header_bytes(path)
            if any(marker in data for marker in _SCHEMA_REF_MARKERS):
                data = Path(path).read_bytes()
                tree = tei.parse_bytes(data, base_url=path, allow_duplicate_ids=True)
                if declares_tei_all(tree):
                    found[path] = tree
                    continue
            if memo is not None:
                memo[path] = stamp
        except (OSError, ValueError, etree.XMLSyntaxError):
            continue  # reported by the per-file check
    return found


def _header_bytes(path) -> bytes:
    """Return enough of a file to hold its teiHeader (a schemaRef can only stand there).

    Reading only the head keeps the build's planning fast for editions of many thousand
    documents; a header longer than the head is read whole.
    """
    with open(path, "rb") as handle:
        head = handle.read(32768)
        if b"</teiHeader>" in head or len(head) < 32768:
            return head
        return head + handle.read()


def tei_all_grammar(trees, cache_dir: str | os.PathLike | None) -> str | None:
    """Return tei_all.rng pruned to these documents' vocabulary (cached in cache_dir), or None for no documents."""
    trees = list(trees)
    if not trees:
        return None
    return str(prepare_vocabulary(shipped_tei_all(), *vocabulary(trees), cache_dir))


def shipped_tei_all() -> Path:
    """Return the path of the tei_all.rng that ships with teikit."""
    return resources.schema_path(SHIPPED_SCHEMAS[TEI_ALL])


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
    if options.schema_kind == "edition" and declares_tei_all(tree):
        found = rules.check_rules(rules.Context(path, tree, None), rules.ANY_TEI_RULES)
        # libxml2 refuses a repeated ID too, with misleading messages on the elements around
        # it; R202 has said it, so the grammar judges a copy with the repeats renamed.
        checked = _renamed_repeated_ids(tree) if any(d.code == "R202" for d in found) else tree
        found += rng_validator(options.tei_all or str(shipped_tei_all())).check(checked, path)
    elif options.schema_kind == "edition":
        found = edition_schema().check(tree, path)
        folder = options.registers or str(Path(path).resolve().parent)
        context = rules.Context(path, tree, rules.load_registers(folder))
        found += rules.check_rules(context)
    elif options.schema_kind == "rng":
        found = rng_validator(options.grammar).check(tree, path)
    else:
        found = xsd_validator(options.grammar).check(tree, path)
    return sorted(set(found), key=lambda d: (d.line, d.col, d.code, d.message)), tree


def _renamed_repeated_ids(tree: etree._ElementTree) -> etree._ElementTree:
    """Return a copy of the tree (same lines) in which every repeated xml:id after the first gets an unused one."""
    copied = copy.deepcopy(tree)
    used = {str(value) for value in copied.getroot().xpath("//@xml:id")}
    seen: set[str] = set()
    for element in copied.getroot().iter():
        ident = element.get(tei.XML_ID) if isinstance(element.tag, str) else None
        if ident is None:
            continue
        if ident in seen:
            count = 2
            while f"{ident}.{count}" in used:
                count += 1
            element.set(tei.XML_ID, f"{ident}.{count}")
            used.add(f"{ident}.{count}")
        seen.add(ident)
    return copied
