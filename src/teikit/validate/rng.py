"""Fast RELAX NG validation of a document set: compile only the grammar the documents can reach.

A big schema such as tei_all takes libxml2 seconds to compile. But an element or attribute
pattern whose name class matches no name occurring in the documents can match nothing in
them, so it is equivalent, for these documents, to notAllowed. Replacing such patterns with
notAllowed and propagating it (RELAX NG's own simplification rules, section 4.20 of the
specification) keeps every document's verdict unchanged and leaves a grammar a small
fraction of the size; expanding the defines that are not elements (section 4.19) then
spares libxml2 most reference-following while it validates. The result is cached on disk,
keyed by the schema's hash and the vocabulary (the sorted element and attribute names of
the documents).
"""

from __future__ import annotations

import copy
import hashlib
import os
import re
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from lxml import etree

from .. import tei
from ..diagnostics import Diagnostic, error
from .schema import SchemaError, _short

RNG_NS = "http://relaxng.org/ns/structure/1.0"
TEIKIT_RNG_NS = "urn:teikit:rng"
PRUNED = f"{{{TEIKIT_RNG_NS}}}pruned"
# Bump when the pruning changes, so old cached grammars are not reused.
PRUNER_VERSION = "4"
_NA = None  # the notAllowed pattern, during simplification

Name = tuple[str, str]


def R(local: str) -> str:
    """Return the Clark name of a RELAX NG element."""
    return f"{{{RNG_NS}}}{local}"


class UnsupportedGrammar(Exception):
    """The grammar uses a feature the pruner does not handle; it is then compiled whole."""


# ---------------------------------------------------------------- vocabulary of documents

def vocabulary(trees) -> tuple[frozenset[Name], frozenset[Name]]:
    """Return the element names and attribute names (namespace, local) used in the trees."""
    elements: set[Name] = set()
    attributes: set[Name] = set()
    for tree in trees:
        for element in tree.getroot().iter():
            if not isinstance(element.tag, str):
                continue
            qname = etree.QName(element)
            elements.add((qname.namespace or "", qname.localname))
            for attribute in element.attrib:
                aq = etree.QName(attribute)
                attributes.add((aq.namespace or "", aq.localname))
    return frozenset(elements), frozenset(attributes)


# ---------------------------------------------------------------- normalising the grammar

def _qualify(grammar: etree._Element) -> None:
    """Make namespaces and datatype libraries explicit on every pattern (RELAX NG 4.3-4.10).

    After this, a define can be moved out of its context without changing its meaning.
    """

    def walk(node, ns: str, library: str):
        if not isinstance(node.tag, str):
            return
        if etree.QName(node).namespace != RNG_NS:
            return
        local = etree.QName(node).localname
        if local in ("include", "externalRef", "grammar", "parentRef") and node is not grammar:
            raise UnsupportedGrammar(local)
        ns = node.get("ns", ns)
        library = node.get("datatypeLibrary", library)
        if local in ("element", "attribute") and node.get("name") is not None:
            name = etree.Element(R("name"))
            name.text = node.attrib.pop("name")
            if local == "attribute" and node.get("ns") is None:
                name.set("ns", "")
            else:
                name.set("ns", ns)
            node.insert(0, name)
            # nsmap of the new element is inherited from node, which prefixed names need.
        if local == "name":
            text = (node.text or "").strip()
            if ":" in text:
                prefix, localname = text.split(":", 1)
                uri = node.nsmap.get(prefix)
                if prefix == "xml":
                    uri = tei.XML_NS
                if uri is None:
                    raise SchemaError(f"undeclared prefix {prefix} in the grammar")
                node.text, ns_value = localname, uri
                node.set("ns", ns_value)
            else:
                node.text = text
                if node.get("ns") is None:
                    node.set("ns", ns)
        if local == "nsName" and node.get("ns") is None:
            node.set("ns", ns)
        if local in ("data", "value"):
            if local == "value" and node.get("type") is None:
                node.set("type", "token")
                node.set("datatypeLibrary", "")
            elif node.get("datatypeLibrary") is None:
                node.set("datatypeLibrary", library)
        for child in list(node):
            walk(child, ns, library)

    walk(grammar, grammar.get("ns", ""), grammar.get("datatypeLibrary", ""))


def _strip_foreign(node: etree._Element) -> None:
    """Drop annotations (documentation, embedded Schematron): they do not affect validity."""
    for child in list(node):
        if not isinstance(child.tag, str) or etree.QName(child).namespace != RNG_NS:
            node.remove(child)
        else:
            _strip_foreign(child)
    for attribute in list(node.attrib):
        if etree.QName(attribute).namespace:
            del node.attrib[attribute]


def _collect(grammar: etree._Element):
    """Return (start patterns, {define name: [bodies]}) with divs flattened."""
    starts, defines, combine = [], {}, {}
    stack = list(grammar)
    while stack:
        node = stack.pop(0)
        local = etree.QName(node).localname
        if local == "div":
            stack[:0] = list(node)
        elif local == "start":
            starts.append(node)
        elif local == "define":
            name = node.get("name")
            defines.setdefault(name, []).append(node)
            if node.get("combine"):
                combine[name] = node.get("combine")
    return starts, defines, combine


def _merge(nodes: list[etree._Element], method: str | None) -> etree._Element:
    """Merge same-named start/define elements into one pattern (RELAX NG 4.17, combine)."""
    bodies = [_body(n) for n in nodes]
    if len(bodies) == 1:
        return bodies[0]
    merged = etree.Element(R(method or "choice"))
    merged.extend(bodies)
    return merged


def _body(node: etree._Element) -> etree._Element:
    """Return the single pattern a define/start/element content holds (several = a group)."""
    children = list(node)
    if len(children) == 1:
        return children[0]
    group = etree.Element(R("group"))
    group.extend(children)
    return group


# ---------------------------------------------------------------- name classes

def _matches(nc: etree._Element, name: Name) -> bool:
    local = etree.QName(nc).localname
    if local == "name":
        return (nc.get("ns", ""), nc.text or "") == name
    if local == "anyName":
        return not any(_matches(x, name) for ex in nc.iter(R("except")) if ex.getparent() is nc for x in ex)
    if local == "nsName":
        if nc.get("ns", "") != name[0]:
            return False
        return not any(_matches(x, name) for ex in nc if etree.QName(ex).localname == "except" for x in ex)
    if local == "choice":
        return any(_matches(x, name) for x in nc)
    raise UnsupportedGrammar(f"name class {local}")


def _reachable_name(nc: etree._Element, names: frozenset[Name]) -> bool:
    local = etree.QName(nc).localname
    if local == "name":
        return (nc.get("ns", ""), nc.text or "") in names
    return any(_matches(nc, name) for name in names)


# ---------------------------------------------------------------- pruning

class _Pruner:
    """Simplify patterns against a vocabulary, with notAllowed as None."""

    def __init__(self, elements: frozenset[Name], attributes: frozenset[Name], bodies: dict[str, etree._Element]):
        self.elements = elements
        self.attributes = attributes
        self.bodies = bodies
        self.allowed: set[str] = set()

    def possible(self, p: etree._Element) -> bool:
        """Whether pattern p can match anything, given which defines are known to be allowed."""
        local = etree.QName(p).localname
        if local == "notAllowed":
            return False
        if local == "ref":
            return p.get("name") in self.allowed
        if local in ("element", "attribute"):
            names = self.elements if local == "element" else self.attributes
            if not _reachable_name(p[0], names):
                return False
            return all(self.possible(c) for c in p[1:])
        if local in ("group", "interleave", "oneOrMore", "list", "mixed"):
            return all(self.possible(c) for c in p)
        if local == "choice":
            return any(self.possible(c) for c in p)
        # empty, text, value, data, optional, zeroOrMore always match something.
        return True

    def fixpoint(self) -> None:
        """Find the defines that can match something (least fixpoint: recursion alone cannot)."""
        dependents: dict[str, set[str]] = {}
        for name, body in self.bodies.items():
            for ref in body.iter(R("ref")):
                dependents.setdefault(ref.get("name"), set()).add(name)
        pending = list(self.bodies)
        queued = set(pending)
        while pending:
            name = pending.pop()
            queued.discard(name)
            if name in self.allowed or not self.possible(self.bodies[name]):
                continue
            self.allowed.add(name)
            for dependent in dependents.get(name, ()):
                if dependent not in self.allowed and dependent not in queued:
                    pending.append(dependent)
                    queued.add(dependent)

    def simplify(self, p: etree._Element):
        """Return a pruned copy of p, or None for notAllowed."""
        local = etree.QName(p).localname
        if local == "notAllowed":
            return _NA
        if local == "ref":
            return etree.Element(R("ref"), name=p.get("name")) if p.get("name") in self.allowed else _NA
        if local in ("element", "attribute"):
            names = self.elements if local == "element" else self.attributes
            if not _reachable_name(p[0], names):
                return _NA
            out = etree.Element(R(local))
            out.append(_copy(p[0]))
            if len(p) > 1:
                content = self._sequence(list(p[1:]), "group")
                if content is _NA:
                    return _NA
                out.append(content)
            return out
        if local in ("group", "interleave"):
            return self._sequence(list(p), local)
        if local == "choice":
            kept = [c for c in (self.simplify(x) for x in p) if c is not _NA]
            if not kept:
                return _NA
            if len(kept) == 1:
                return kept[0]
            out = etree.Element(R("choice"))
            out.extend(kept)
            return out
        if local in ("optional", "zeroOrMore", "oneOrMore", "list", "mixed"):
            inner = self._sequence(list(p), "group")
            if inner is _NA:
                return _NA if local in ("oneOrMore", "list", "mixed") else etree.Element(R("empty"))
            out = etree.Element(R(local))
            out.append(inner)
            return out
        if local == "data":
            out = etree.Element(R("data"), {k: v for k, v in p.attrib.items()})
            for child in p:
                if etree.QName(child).localname == "param":
                    out.append(_copy(child))
                else:  # except
                    inner = self._sequence(list(child), "choice")
                    if inner is not _NA:
                        ex = etree.SubElement(out, R("except"))
                        ex.append(inner)
            return out
        return _copy(p)  # empty, text, value

    def _sequence(self, children: list, kind: str):
        parts = [self.simplify(c) for c in children]
        if kind == "choice":
            parts = [x for x in parts if x is not _NA]
            if not parts:
                return _NA
        elif any(x is _NA for x in parts):
            return _NA
        else:
            parts = [x for x in parts if etree.QName(x).localname != "empty"] or [etree.Element(R("empty"))]
        if len(parts) == 1:
            return parts[0]
        out = etree.Element(R(kind))
        out.extend(parts)
        return out


def _copy(node: etree._Element) -> etree._Element:
    out = etree.Element(node.tag, dict(node.attrib))
    out.text = node.text
    for child in node:
        out.append(_copy(child))
        out[-1].tail = None
    return out


def prune(grammar_bytes: bytes, elements: frozenset[Name], attributes: frozenset[Name]) -> bytes:
    """Return a grammar that gives the same verdict as grammar_bytes on documents using only these names."""
    root = tei.parse_bytes(grammar_bytes).getroot()
    if root.tag != R("grammar"):
        wrapper = etree.Element(R("grammar"))
        start = etree.SubElement(wrapper, R("start"))
        start.append(root)
        root = wrapper
    _strip_foreign(root)
    _qualify(root)
    names, wildcards = _element_patterns(root)  # before merging moves patterns out of the tree
    starts, defines, combine = _collect(root)
    bodies = {name: _merge(nodes, combine.get(name)) for name, nodes in defines.items()}
    pruner = _Pruner(elements, attributes, bodies)
    pruner.fixpoint()
    start = pruner.simplify(_merge(starts, starts[0].get("combine") if starts else None))
    out = etree.Element(R("grammar"), nsmap={None: RNG_NS})
    inliner = _Inliner(pruner, bodies)
    start_el = etree.SubElement(out, R("start"))
    start_el.append(inliner.inline(start) if start is not _NA else etree.Element(R("notAllowed")))
    # Emit only the element defines the pruned start can reach; the others were inlined.
    done: set[str] = set()
    todo = sorted({r.get("name") for r in start_el.iter(R("ref"))})
    while todo:
        name = todo.pop()
        if name in done:
            continue
        done.add(name)
        define = etree.SubElement(out, R("define"), name=name)
        define.append(inliner.inline(inliner.body(name), top=True))
        todo += [r.get("name") for r in define.iter(R("ref")) if r.get("name") not in done]
    defines_sorted = sorted(out[1:], key=lambda d: d.get("name"))
    for define in out[1:]:
        out.remove(define)
    out.extend(defines_sorted)
    # An annotation (libxml2 ignores foreign elements): the documents' element names that no
    # pattern of the whole grammar matches, so errors can name them (RngValidator).
    mark = etree.SubElement(out, PRUNED, nsmap={"teikit": TEIKIT_RNG_NS})
    for ns, local in sorted(elements):
        if (ns, local) not in names and not any(_matches(nc, (ns, local)) for nc in wildcards):
            etree.SubElement(mark, f"{{{TEIKIT_RNG_NS}}}unknown", ns=ns, name=local)
    return etree.tostring(out, encoding="UTF-8", xml_declaration=True)


class _Inliner:
    """Expand references to defines that are not elements (RELAX NG 4.18-4.19).

    An element nested in a define gets a define of its own first, so expansion always ends;
    attribute lists and model classes then cost libxml2 no reference-following while it
    validates, which roughly halves its time on TEI documents.
    """

    def __init__(self, pruner: _Pruner, bodies: dict[str, etree._Element]):
        self.pruner = pruner
        self.bodies = bodies
        self.simplified: dict[str, etree._Element] = {}
        self.hoisted: dict[bytes, str] = {}
        self.expanding: set[str] = set()

    def body(self, name: str) -> etree._Element:
        """Return the pruned body of a define (computed once)."""
        if name not in self.simplified:
            self.simplified[name] = self.pruner.simplify(self.bodies[name])
        return self.simplified[name]

    def _hoist(self, element: etree._Element) -> etree._Element:
        key = etree.tostring(element)
        if key not in self.hoisted:
            name = f"teikit.element.{len(self.hoisted) + 1}"
            while name in self.bodies:
                name += "_"
            self.hoisted[key] = name
            self.simplified[name] = element
        return etree.Element(R("ref"), name=self.hoisted[key])

    def inline(self, node: etree._Element, top: bool = False) -> etree._Element:
        """Return a copy of node with every ref to a non-element define replaced by its body."""
        if node.tag == R("element") and not top:
            return self._hoist(node)
        if node.tag == R("ref"):
            name = node.get("name")
            target = self.body(name)
            if target.tag == R("element"):
                return etree.Element(R("ref"), name=name)
            if name in self.expanding:
                raise UnsupportedGrammar(f"define {name} refers to itself outside any element")
            self.expanding.add(name)
            try:
                return self.inline(target)
            finally:
                self.expanding.discard(name)
        out = etree.Element(node.tag, dict(node.attrib))
        out.text = node.text
        for child in node:
            out.append(self.inline(child))
        return _tidy(out)


def _tidy(node: etree._Element) -> etree._Element:
    """Drop the empty patterns inlining leaves in groups, and groups in groups.

    Semantically neutral (empty is the unit of group and interleave), and libxml2 needs it:
    it mis-validates elements whose content nests groups of empty around attributes.
    """
    local = etree.QName(node).localname
    if local in ("group", "interleave", "element"):
        keep = 1 if local == "element" else 0  # an element's name class stays first
        for child in list(node)[keep:]:
            child_local = etree.QName(child).localname
            if child_local == "empty":
                node.remove(child)
            elif child_local == local and local != "element":
                index = node.index(child)
                node.remove(child)
                for offset, grandchild in enumerate(list(child)):
                    node.insert(index + offset, grandchild)
        if local == "element" and len(node) == 1:
            etree.SubElement(node, R("empty"))
        elif local != "element" and len(node) <= 1:
            return node[0] if len(node) else etree.Element(R("empty"))
    elif local in ("optional", "zeroOrMore") and len(node) == 1 and node[0].tag == R("empty"):
        return node[0]
    return node


# ---------------------------------------------------------------- cache and compile

def default_cache_dir() -> Path:
    """Return ~/.cache/teikit/rng (or $XDG_CACHE_HOME/teikit/rng)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "teikit" / "rng"


def prepare(schema: str | os.PathLike, files, cache_dir: str | os.PathLike | None = None) -> Path:
    """Return the path of the grammar to compile for these files: pruned and cached when possible."""
    trees = []
    for path in files:
        try:
            trees.append(tei.parse(path))
        except (OSError, ValueError, etree.XMLSyntaxError):
            continue  # reported by the per-file check
    return prepare_vocabulary(schema, *vocabulary(trees), cache_dir)


def prepare_vocabulary(schema: str | os.PathLike, elements: frozenset[Name], attributes: frozenset[Name],
                       cache_dir: str | os.PathLike | None = None) -> Path:
    """Return the path of the grammar to compile for documents using only these names: pruned, cached if possible."""
    schema = Path(schema)
    try:
        grammar_bytes = schema.read_bytes()
    except OSError as exc:
        raise SchemaError(f"{schema}: cannot read the schema: {exc.strerror}") from exc
    key = hashlib.sha256()
    key.update(PRUNER_VERSION.encode() + b"\0" + grammar_bytes + b"\0")
    for ns, local in sorted(elements):
        key.update(f"e {ns} {local}\n".encode())
    for ns, local in sorted(attributes):
        key.update(f"a {ns} {local}\n".encode())
    folder = Path(cache_dir) if cache_dir else default_cache_dir()
    target = folder / f"{schema.stem}-{key.hexdigest()[:24]}.rng"
    if target.exists():
        return target
    try:
        pruned = prune(grammar_bytes, elements, attributes)
    except (UnsupportedGrammar, KeyError):
        # Features the pruner leaves alone, or a ref to no define: libxml2 compiles (or
        # rejects) the grammar whole.
        return schema
    except (ValueError, etree.XMLSyntaxError) as exc:
        raise SchemaError(f"{schema}: cannot read the RELAX NG grammar: {exc}") from exc
    try:
        tei.write_atomic(target, pruned)
    except OSError:
        # No writable cache: the pruned grammar goes to a temporary file for this run only.
        handle, name = tempfile.mkstemp(prefix="teikit-", suffix=".rng")
        with os.fdopen(handle, "wb") as out:
            out.write(pruned)
        return Path(name)
    return target


class RngValidator:
    """One compiled RELAX NG grammar, and a test of which elements it allows anywhere (to point at unknown ones)."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        try:
            parser = etree.XMLParser(resolve_entities=False, no_network=True)
            grammar = etree.parse(str(self.path), parser)
            self._rng = etree.RelaxNG(grammar)
        except (OSError, etree.RelaxNGParseError, etree.XMLSyntaxError) as exc:
            raise SchemaError(f"{self.path}: cannot compile the RELAX NG grammar: {exc}") from exc
        self._known = _known_elements(grammar.getroot())

    def check(self, tree: etree._ElementTree, path: str) -> list[Diagnostic]:
        """Return the grammar's errors for a parsed document (empty when it is valid).

        libxml2 reports an element no pattern allows as a cascade of errors around it, often
        not on its line; such elements are reported first, each on its own line (S101), and
        libxml2 then judges a copy without them.
        """
        if self._rng.validate(tree):
            return []
        unknown = [e for e in tree.getroot().iter() if isinstance(e.tag, str) and not self._allows(e.tag)]
        if not unknown:
            return self._errors(path)
        found = [error(path, "S101", f"<{_short(e.tag)}> is not allowed anywhere by the schema", e.sourceline or 0, 1)
                 for e in unknown]
        if unknown[0] is tree.getroot():
            return found
        copied = copy.deepcopy(tree)
        for element in [e for e in copied.getroot().iter() if isinstance(e.tag, str) and not self._allows(e.tag)]:
            _drop(element)
        if not self._rng.validate(copied):
            found += self._errors(path)
        return found

    def _allows(self, tag: str) -> bool:
        qname = etree.QName(tag)
        return self._known((qname.namespace or "", qname.localname))

    def _errors(self, path: str) -> list[Diagnostic]:
        return [error(path, "S100", _message(entry.message), entry.line, entry.column or 1)
                for entry in self._rng.error_log]


def _element_patterns(grammar: etree._Element) -> tuple[frozenset[Name], list[etree._Element]]:
    """Return the plain names and the wildcard name classes of a qualified grammar's element patterns."""
    names: set[Name] = set()
    wildcards = []
    for element in grammar.iter(R("element")):
        name_class = element[0]
        if name_class.tag == R("name"):
            names.add((name_class.get("ns", ""), name_class.text or ""))
        else:
            _matches(name_class, ("", ""))  # raises for a name class the pruner does not know
            wildcards.append(name_class)
    return frozenset(names), wildcards


def _known_elements(grammar: etree._Element) -> Callable[[Name], bool]:
    """Return a test of whether an element pattern of the original grammar matches a name (when unsure: yes).

    A pruned grammar lists the names of its documents the original allows nowhere (its own
    patterns would not do: pruning also drops elements whose required attributes are absent).
    """
    mark = grammar.find(PRUNED)
    if mark is not None:
        unknown = frozenset((entry.get("ns", ""), entry.get("name", "")) for entry in mark)
        return lambda name: name not in unknown
    qualified = copy.deepcopy(grammar)
    try:
        _strip_foreign(qualified)
        _qualify(qualified)
        names, wildcards = _element_patterns(qualified)
    except (UnsupportedGrammar, SchemaError):
        return lambda name: True
    return lambda name: name in names or any(_matches(nc, name) for nc in wildcards)


def _drop(element: etree._Element) -> None:
    """Remove an element from its parent, keeping the text that follows it."""
    parent = element.getparent()
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


# libxml2's RELAX NG messages, said the way the rest of teikit says them.
_PHRASES = (
    (re.compile(r"^Did not expect element (\S+) there$"), r"<\1> is not allowed here"),
    (re.compile(r"^Element (\S+) has extra content: (\S+)$"), r"<\2> is not allowed here in <\1>"),
    (re.compile(r"^Expecting an element (\S+), got nothing$"), r"an element <\1> is missing here"),
    (re.compile(r"^Expecting element (\S+), got (\S+)$"), r"expected <\1> here, found <\2>"),
    (re.compile(r"^Invalid attribute (\S+) for element (\S+)$"), r"attribute \1 is not allowed on <\2>"),
    (re.compile(r"^Element (\S+) failed to validate attributes$"), r"<\1> has an attribute value the schema refuses"),
    (re.compile(r"^Element (\S+) failed to validate content$"), r"<\1> has content the schema refuses"),
)


def _message(message: str) -> str:
    text = " ".join(message.replace(f"{{{tei.TEI_NS}}}", "").split())
    for pattern, replacement in _PHRASES:
        if pattern.match(text):
            return pattern.sub(replacement, text)
    return text


@lru_cache(maxsize=8)
def rng_validator(path: str) -> RngValidator:
    """Return the compiled validator for a grammar file, compiled once per process."""
    return RngValidator(path)
