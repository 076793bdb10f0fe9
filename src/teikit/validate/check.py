"""Validate one file: well-formedness, then the schema that applies to it, then (for the edition's documents) the rules.

Which schema applies, when no `--schema` is given:
- a document that declares a schema (`teiHeader/encodingDesc/schemaRef`, or an `xml-model`
  processing instruction) gets that schema: the shipped TEI All when it names TEI All, a
  grammar file beside it when it names one, the edition's own when it names teikit's, and
  TEI All otherwise (a schema on the web is never downloaded);
- a document teikit made (`publicationStmt/idno[@type='teikit']`) or a register of the
  edition (persons.xml, places.xml) gets the edition's schema and rules;
- any other document is another project's TEI: TEI All, when `foreign` is set (`teikit
  validate`); in the build, every document in tei/ is the edition's.
Documents teikit made that are not checked against the edition's schema (imported ones)
get the rules for any TEI; other projects' documents get their schema alone. Each schema
error of a document not checked against the edition's schema says which schema was used.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from .. import resources, tei
from ..diagnostics import Diagnostic, error
from . import rules
from .rng import rng_validator, take_warnings
from .schema import SHIPPED_SCHEMAS, SchemaError, edition_schema, xsd_validator

TEI_ALL = "tei_all"
EDITION_SCHEMA = "teikit"
RNG_NS = "http://relaxng.org/ns/structure/1.0"
XSD_NS = "http://www.w3.org/2001/XMLSchema"
# A document can only declare a schema with a schemaRef element or an xml-model processing
# instruction; files without these bytes (in UTF-8 or UTF-16) need no parse to find out.
_DECLARATION_MARKERS = tuple(word.encode(codec) for word in ("schemaRef", "xml-model")
                             for codec in ("utf-8", "utf-16-le", "utf-16-be"))


@dataclass(frozen=True)
class Options:
    """What to validate against: the edition (its schema and rules, or what a document declares) or a given RNG/XSD file.

    `registers` overrides the folder of persons.xml and places.xml (otherwise the document's
    own folder); `foreign`: documents without teikit's marker are other projects' TEI and
    get TEI All (teikit validate), rather than the edition's schema (the build).
    """

    schema_kind: str = "edition"
    grammar: str | None = None
    registers: str | None = None
    foreign: bool = False


@dataclass(frozen=True)
class Choice:
    """The schema one document is checked against: kind (edition, rng, xsd), file, and how messages name it."""

    kind: str
    path: str | None = None
    label: str = ""


@functools.cache
def shipped_tei_all() -> Path:
    """Return the path of the tei_all.rng that ships with teikit."""
    # Looked up once: every imported document (FRUS) declares TEI All, and the look-up probes the disk.
    return resources.schema_path(SHIPPED_SCHEMAS[TEI_ALL])


def _declarations(tree: etree._ElementTree) -> list[tuple[str, str]]:
    """Return the (key, location) of every schema the document declares, schemaRef first."""
    found = []
    root = tree.getroot()
    # (tei.xpath: compiled once; ElementPath would parse the path for every document.)
    for ref in tei.xpath("tei:teiHeader/tei:encodingDesc/tei:schemaRef")(root):
        found.append((ref.get("key", "").strip(), ref.get("url", "").strip()))
    for node in root.itersiblings(preceding=True):
        if isinstance(node, etree._ProcessingInstruction) and node.target == "xml-model":
            kind = node.get("schematypens") or ""
            href = node.get("href") or ""
            if kind in (RNG_NS, XSD_NS) or (not kind and href.rsplit(".", 1)[-1] in ("rng", "xsd")):
                found.append(("", href.strip()))
    return found


def _stem(location: str) -> str:
    name = urlsplit(location).path.rsplit("/", 1)[-1]
    return name.rpartition(".")[0] or name


def made_by_teikit(tree: etree._ElementTree, path: str) -> bool:
    """Return whether a document is the edition's: teikit's idno in its header, or a register file of the edition."""
    root = tree.getroot()
    if tei.xpath("tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:idno[@type='teikit']")(root):
        return True
    return os.path.basename(path) in rules.REGISTER_FILES


def choose_schema(tree: etree._ElementTree, path: str, foreign: bool) -> Choice:
    """Return the schema a document is checked against in the edition (see the module's docstring)."""
    declared = _declarations(tree)
    unusable = []
    for key, location in declared:
        if key == TEI_ALL or _stem(location) == TEI_ALL:
            return Choice("rng", str(shipped_tei_all()), "TEI All")
        if key == EDITION_SCHEMA or _stem(location) == EDITION_SCHEMA:
            return Choice("edition")
        parts = urlsplit(location)
        if not location:
            why = "is not a schema teikit ships"
        elif parts.scheme in ("", "file") and not parts.netloc:
            local = (Path(path).parent / unquote(parts.path)).resolve()
            suffix = local.suffix.lower()
            if local.is_file() and suffix in (".rng", ".xsd"):
                return Choice("rng" if suffix == ".rng" else "xsd", str(local), f"its declared schema {location}")
            why = "is no .rng or .xsd file" if local.is_file() else "is not found"
        else:
            why = "is not read: teikit never downloads"
        unusable.append(f"the declared {location or key} {why}")
    if unusable:
        return Choice("rng", str(shipped_tei_all()), f"TEI All: {unusable[0]}")
    if not foreign or made_by_teikit(tree, path):
        return Choice("edition")
    return Choice("rng", str(shipped_tei_all()), "TEI All: not made by teikit")


def may_declare(path: str) -> bool:
    """Return whether a file can declare a schema at all (holds schemaRef or xml-model), reading only its head."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(32768)
            if b"</teiHeader>" not in head and len(head) == 32768:
                head += handle.read()
    except OSError:
        return False
    return any(marker in head for marker in _DECLARATION_MARKERS)


def read_tree(path: str) -> tuple[etree._ElementTree | None, bytes | None, list[Diagnostic]]:
    """Read and parse a file safely; return the tree and bytes, or the one diagnostic that explains why not.

    The parser leaves xml:id alone (repeats, empty or malformed values): the schema's ID
    datatype or the edition's rule R202 judges them.
    """
    data = tei.read_document(path)
    if isinstance(data, Diagnostic):
        return None, None, [data]
    tree = tei.load_document(path, data, allow_duplicate_ids=True)
    if isinstance(tree, Diagnostic):
        return None, None, [tree]
    return tree, data, []


def check_file(path: str, options: Options) -> list[Diagnostic]:
    """Return every diagnostic of one file, sorted by line (a pure function of the file and options)."""
    return inspect_file(path, options)[0]


def inspect_file(path: str, options: Options) -> tuple[list[Diagnostic], list[str]]:
    """Return a file's diagnostics and the register entries it points to (for an edition document; else none)."""
    tree, data, problems = read_tree(path)
    if tree is None:
        return problems, []
    refs: list[str] = []
    if options.schema_kind == "rng":
        validator = rng_validator(options.grammar)
        found = validator.check(tree, path, data) + take_warnings(validator)
    elif options.schema_kind == "xsd":
        found = xsd_validator(options.grammar).check(tree, path)
    else:
        choice = choose_schema(tree, path, options.foreign)
        if choice.kind == "edition":
            found = edition_schema().check(tree, path)
            folder = options.registers or str(Path(path).resolve().parent)
            context = rules.RuleContext(path, tree, rules.load_registers(folder))
            found += rules.check_rules(context)
            refs = context.register_refs()
        else:
            try:
                if choice.kind == "rng":
                    validator = rng_validator(choice.path)
                    schema_found = validator.check(tree, path, data)
                else:
                    schema_found = xsd_validator(choice.path).check(tree, path)
            except SchemaError as exc:
                # A schema the document declares is data too: one bad grammar never stops the run.
                return [error(path, "S110", f"{choice.label} cannot be used: {exc}")], refs
            found = [replace(d, message=f"{d.message} ({choice.label})") for d in schema_found]
            if choice.kind == "rng":
                found += take_warnings(validator)
            # Documents teikit imported (FRUS) keep the rules for any TEI; other projects'
            # documents get their schema alone.
            if made_by_teikit(tree, path) and etree.QName(tree.getroot()).namespace == tei.TEI_NS:
                found += rules.check_rules(rules.RuleContext(path, tree, None), rules.ANY_TEI_RULES)
    return sorted(set(found), key=lambda d: (d.line, d.col, d.code, d.message)), refs
