"""W3C XML Schema validation: libxml2 decides quickly, xmlschema explains what is wrong.

Valid documents (the common case) cost one libxml2 pass; only an invalid document is
re-validated with xmlschema, whose errors name the element, the expected content and the
reason, and are sorted into one code per constraint class (S101-S108).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from lxml import etree

from ..diagnostics import Diagnostic, error
from .. import tei
from ..tei import TEI_NS, TEI_PREFIX
from .. import resources

# Constraint classes of the schema, one code each (the README's table follows this).
SCHEMA_CODES = {
    "S101": "an element the schema does not know",
    "S102": "an element in a place the content model does not allow",
    "S103": "an element whose required content is missing",
    "S104": "an attribute the element does not allow",
    "S105": "a required attribute is missing",
    "S106": "an attribute or text value outside its datatype or closed list",
    "S107": "text where the content model allows none",
    "S108": "an element outside the TEI namespace",
}
MAX_EXPECTED = 8
# Schemas shipped in schema/, by the short name that `--schema` and schemaRef/@key use.
SHIPPED_SCHEMAS = {"tei_all": "tei_all.rng"}


class SchemaError(Exception):
    """A schema file cannot be read or compiled (a usage error, exit status 2)."""


def resolve_schema(name: str) -> Path:
    """Return the schema file a `--schema` value names: an existing file, else a shipped schema's short name."""
    path = Path(name)
    if path.is_file():
        return path
    if name in SHIPPED_SCHEMAS:
        return resources.schema_path(SHIPPED_SCHEMAS[name])
    known = ", ".join(sorted(SHIPPED_SCHEMAS))
    raise SchemaError(f"{name}: no such schema file (nor a shipped schema: {known})")


def _short(tag: str) -> str:
    """Return a TEI element's local name, any other element's {namespace}name."""
    qname = etree.QName(tag)
    if qname.namespace and qname.namespace != TEI_NS:
        return f"{{{qname.namespace}}}{qname.localname}"
    return qname.localname


def _expected(err) -> str:
    names = []
    for particle in getattr(err, "expected", None) or ():
        name = getattr(particle, "name", None)
        if name and _short(name) not in names:
            names.append(_short(name))
    if not names:
        return ""
    more = ", ..." if len(names) > MAX_EXPECTED else ""
    return "; expected " + ", ".join(f"<{n}>" for n in names[:MAX_EXPECTED]) + more


class XsdValidator:
    """One compiled XML Schema: a libxml2 copy for speed, an xmlschema copy for the messages."""

    def __init__(self, path: str | os.PathLike, roots: tuple[str, ...] = ()):
        self.path = Path(path)
        # XSD lets any global element be a document; `roots` (Clark names) narrows that.
        self.roots = roots
        try:
            # The schema's own includes and imports (xml.xsd beside it) are read as local files
            # through the safe parser's checks; a URL or a DOCTYPE in any of them is refused.
            self._fast = etree.XMLSchema(tei.parse_grammar(self.path))
        except (OSError, tei.UnsafeXMLError, etree.XMLSchemaParseError, etree.XMLSyntaxError) as exc:
            raise SchemaError(f"{self.path}: cannot compile the XML Schema: {exc}") from exc
        self._explainer = None
        self._children_error: type = Exception
        self._known: set[str] = set()
        self._namespace: str | None = None
        self._outside = ""

    def _explain(self):
        if self._explainer is None:
            # Imported on first need: xmlschema takes a tenth of a second to import, and
            # valid documents (and RELAX NG runs) never need it.
            import xmlschema

            # libxml2 compiled the same files through the safe parser first; here too only
            # local files are read, each with entities and DTDs refused (defused).
            self._explainer = xmlschema.XMLSchema10(str(self.path), allow="local", defuse="always")
            self._children_error = xmlschema.XMLSchemaChildrenValidationError
            self._known = {str(name) for name in self._explainer.maps.elements}
            self._namespace = self._explainer.target_namespace or None
            self._outside = ("is not a TEI element" if self._namespace == TEI_NS
                             else f"is outside the schema's namespace {self._namespace or '(none)'}")
        return self._explainer

    def check(self, tree: etree._ElementTree, path: str) -> list[Diagnostic]:
        """Return the schema errors of a parsed document (empty when it is valid)."""
        root = tree.getroot()
        if self.roots and root.tag not in self.roots and etree.QName(root).namespace == TEI_NS:
            expected = ", ".join(f"<{_short(r)}>" for r in self.roots)
            return [error(path, "S102", f"<{_short(root.tag)}> cannot be the root element; expected {expected}",
                          root.sourceline or 0, 1)]
        if self._fast.validate(tree):
            return []
        found = [self._diagnostic(err, path) for err in self._explain().iter_errors(tree)]
        if not found:
            # xmlschema accepted what libxml2 refused: report libxml2's own words.
            found = [error(path, "S100", _libxml2_message(entry.message), entry.line, entry.column or 1)
                     for entry in self._fast.error_log]
        return sorted(set(found))

    def _diagnostic(self, err, path: str) -> Diagnostic:
        code, message, element = self._classify(err)
        line = getattr(element, "sourceline", None) or 0
        return error(path, code, message, line, 1)

    def _classify(self, err):
        parent = err.elem
        parent_name = _short(parent.tag) if parent is not None and isinstance(parent.tag, str) else "document"
        reason = err.reason or ""
        child = getattr(err, "invalid_child", None)
        if isinstance(err, self._children_error):
            if child is not None:
                name = _short(child.tag)
                if etree.QName(child).namespace != self._namespace:
                    return "S108", f"<{name}> in <{parent_name}> {self._outside}", child
                if child.tag not in self._known:
                    return "S101", f"unknown element <{name}> in <{parent_name}>", child
                return "S102", f"<{name}> is not allowed here in <{parent_name}>{_expected(err)}", child
            return "S103", f"<{parent_name}> is incomplete{_expected(err)}", parent
        match = re.match(r"'(.+)' attribute not allowed", reason)
        if match:
            return "S104", f"attribute {_short(match.group(1))} is not allowed on <{parent_name}>", parent
        match = re.match(r"missing required attribute '(.+)'", reason)
        if match:
            return "S105", f"<{parent_name}> lacks the required attribute {_short(match.group(1))}", parent
        if "character data" in reason and "not allowed" in reason:
            return "S107", f"text is not allowed directly in <{parent_name}>", parent
        if parent is not None and parent is err.root and "is not an element of the schema" in reason:
            if etree.QName(parent).namespace != self._namespace:
                return "S108", f"the root <{parent_name}> {self._outside}", parent
            return "S101", f"<{parent_name}> is not a root element this schema knows", parent
        match = re.match(r"attribute (\S+?)=(['\"].*?['\"]): (.*)", reason, re.DOTALL)
        if match:
            value = match.group(2)[1:-1]
            return "S106", f"{_short(match.group(1))}=\"{value}\" on <{parent_name}>: {_tidy(match.group(3))}", parent
        return "S106", f"<{parent_name}>: {_tidy(reason)}", parent


def _tidy(reason: str) -> str:
    text = " ".join(reason.split())
    # "value must be one of ['a', 'b']" -> "value must be one of a, b"
    text = re.sub(r"\[((?:'[^']*'(?:, )?)+)\]", lambda m: m.group(1).replace("'", ""), text)
    return text.replace(TEI_PREFIX, "").rstrip(".")


def _libxml2_message(message: str) -> str:
    return " ".join(message.replace(TEI_PREFIX, "").split())


@lru_cache(maxsize=8)
def xsd_validator(path: str) -> XsdValidator:
    """Return the compiled validator for an XSD file, compiled once per process."""
    return XsdValidator(path)


@lru_cache(maxsize=1)
def edition_schema() -> XsdValidator:
    """Return the validator of the edition's own schema (schema/teikit.xsd), whose documents are TEI."""
    return XsdValidator(resources.schema_path("teikit.xsd"), roots=(TEI_PREFIX + "TEI",))
