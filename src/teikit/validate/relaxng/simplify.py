"""Read a RELAX NG grammar (XML syntax) into interned patterns, following section 4 of the specification.

Includes, external references, nested grammars (parentRef), `combine`, `div`, inherited
`ns` and `datatypeLibrary`, QName prefixes and the shorthands (optional, zeroOrMore, mixed)
are resolved as the specification's simplification does; annotations (elements and
attributes of other namespaces: documentation, Schematron) are ignored. Element contents
are read after the element itself, so recursion through elements needs no special care;
a reference loop that passes through no element is a schema error, as in the specification.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from ... import tei
from .datatypes import Datatype, DatatypeError
from .patterns import EMPTY, NOT_ALLOWED, TEXT, Store

RNG_NS = "http://relaxng.org/ns/structure/1.0"


class GrammarError(Exception):
    """The grammar cannot be read: not RELAX NG, a missing define or file, an unknown datatype."""


@dataclass
class Grammar:
    """A simplified grammar: the pattern store, the start pattern and the datatypes its patterns name."""

    store: Store
    start: int
    datatypes: list[Datatype]
    # Every file read (the grammar's own first, then what it includes), so a cached copy can
    # tell whether it is still current; and, once a Walker has worked them out, the ID-typed
    # attributes (kept with the grammar in the cache, as they cost a walk of every element).
    sources: list[Path] = field(default_factory=list)
    id_attributes: dict | None = None


@dataclass(frozen=True)
class _Env:
    ns: str
    library: str
    scope: "_Scope"
    base: Path


class _Scope:
    """The defines and start of one grammar element (nested grammars have their own)."""

    def __init__(self, parent: "_Scope | None"):
        self.parent = parent
        self.defines: dict[str, list[tuple[etree._Element, _Env]]] = {}
        self.starts: list[tuple[etree._Element, _Env]] = []
        self.compiled: dict[str, int] = {}
        self.expanding: set[str] = set()


def _rng_children(node: etree._Element) -> list[etree._Element]:
    return [c for c in node if isinstance(c.tag, str) and c.tag.startswith("{" + RNG_NS + "}")]


def _local(node: etree._Element) -> str:
    return node.tag[len(RNG_NS) + 2:]


def _names_in(node: etree._Element, kind: str) -> set[str]:
    """Return the names of the defines (or {'start'}) among an include's children, divs included."""
    found = set()
    for child in _rng_children(node):
        local = _local(child)
        if local == "div":
            found |= _names_in(child, kind)
        elif local == kind:
            found.add(child.get("name", "").strip() if kind == "define" else "start")
    return found


class _Reader:
    def __init__(self):
        self.store = Store()
        self.datatypes: list[Datatype] = []
        self._datatype_ids: dict[tuple, int] = {}
        self._pending: list[tuple[int, list[etree._Element], _Env]] = []
        self._opening: list[Path] = []
        self.sources: list[Path] = []

    # -------------------------------------------------------- files

    def load(self, path: Path) -> etree._Element:
        self.sources.append(path)
        try:
            root = tei.parse(path).getroot()
        except (OSError, ValueError, etree.XMLSyntaxError) as exc:
            raise GrammarError(f"{path}: cannot read the grammar: {exc}") from exc
        if not isinstance(root.tag, str) or not root.tag.startswith("{" + RNG_NS + "}"):
            raise GrammarError(f"{path}: not a RELAX NG grammar (XML syntax)")
        return root

    def resolve(self, node: etree._Element, env: _Env) -> Path:
        href = (node.get("href") or "").strip()
        parts = urlsplit(href)
        if parts.scheme not in ("", "file") or parts.netloc:
            raise GrammarError(f"{href}: teikit reads only local grammar files, never the network")
        target = (env.base.parent / unquote(parts.path)).resolve()
        if target in self._opening:
            raise GrammarError(f"{target}: the grammar includes itself")
        return target

    # -------------------------------------------------------- grammars

    def grammar(self, node: etree._Element, env: _Env) -> int:
        scope = _Scope(env.scope)
        inner = _Env(env.ns, env.library, scope, env.base)
        self.collect(node, inner, scope, frozenset(), False)
        if not scope.starts:
            raise GrammarError(f"{env.base}: a grammar without start")
        return self.combined(scope.starts, "start")

    def collect(self, node, env: _Env, scope: _Scope, skip_defines: frozenset, skip_start: bool) -> None:
        for child in _rng_children(node):
            local = _local(child)
            child_env = self.env(child, env)
            if local == "start":
                if not skip_start:
                    scope.starts.append((child, child_env))
            elif local == "define":
                name = child.get("name", "").strip()
                if name not in skip_defines:
                    scope.defines.setdefault(name, []).append((child, child_env))
            elif local == "div":
                self.collect(child, child_env, scope, skip_defines, skip_start)
            elif local == "include":
                path = self.resolve(child, child_env)
                included = self.load(path)
                if _local(included) != "grammar":
                    raise GrammarError(f"{path}: an included file must hold a grammar")
                ns = included.get("ns", child_env.ns)
                self._opening.append(path)
                self.collect(included, _Env(ns, included.get("datatypeLibrary", ""), scope, path), scope,
                             skip_defines | _names_in(child, "define"), skip_start or bool(_names_in(child, "start")))
                self._opening.pop()
                self.collect(child, child_env, scope, skip_defines, skip_start)

    def combined(self, parts, name: str) -> int:
        methods = {node.get("combine", "").strip() for node, _ in parts} - {""}
        if len(methods) > 1 or (len(parts) > 1 and sum(1 for node, _ in parts if not node.get("combine")) > 1):
            raise GrammarError(f"{name}: conflicting or missing combine attributes")
        method = methods.pop() if methods else "choice"
        result = None
        for node, env in parts:
            body = self.sequence(_rng_children(node), env)
            if result is None:
                result = body
            elif method == "interleave":
                result = self.store.interleave(result, body)
            else:
                result = self.store.choice(result, body)
        return result

    def ref(self, scope: _Scope | None, name: str) -> int:
        if scope is None:
            raise GrammarError(f"parentRef {name}: no parent grammar")
        found = scope.compiled.get(name)
        if found is not None:
            return found
        if name not in scope.defines:
            raise GrammarError(f"reference to {name!r}, which no define names")
        if name in scope.expanding:
            raise GrammarError(f"define {name!r} refers to itself outside any element")
        scope.expanding.add(name)
        try:
            result = self.combined(scope.defines[name], name)
        finally:
            scope.expanding.discard(name)
        scope.compiled[name] = result
        return result

    # -------------------------------------------------------- patterns

    @staticmethod
    def env(node: etree._Element, env: _Env) -> _Env:
        ns, library = node.get("ns"), node.get("datatypeLibrary")
        if ns is None and library is None:
            return env
        return _Env(env.ns if ns is None else ns, env.library if library is None else library.strip(),
                    env.scope, env.base)

    def sequence(self, nodes, env: _Env) -> int:
        """Return the group of several patterns (empty for none)."""
        result = EMPTY
        for node in nodes:
            result = self.store.group(result, self.pattern(node, env)) if result != EMPTY else self.pattern(node, env)
        return result

    def pattern(self, node: etree._Element, env: _Env) -> int:
        env = self.env(node, env)
        local = _local(node)
        store = self.store
        children = _rng_children(node)
        if local == "element":
            if node.get("name") is not None:
                name_class, content = self.qname(node, node.get("name"), env.ns), children
            elif children:
                name_class, content = self.name_class(children[0], env), children[1:]
            else:
                raise GrammarError("an element pattern without a name")
            element = store.element(name_class)
            self._pending.append((element, content, env))
            return element
        if local == "attribute":
            if node.get("name") is not None:
                name_class = self.qname(node, node.get("name"), node.get("ns", ""))
                content = children
            elif children:
                name_class, content = self.name_class(children[0], env), children[1:]
            else:
                raise GrammarError("an attribute pattern without a name")
            return store.attribute(name_class, self.sequence(content, env) if content else TEXT)
        if local in ("group", "interleave", "choice"):
            if not children:
                raise GrammarError(f"an empty {local}")
            parts = [self.pattern(child, env) for child in children]
            result = parts[0]
            for part in parts[1:]:
                result = getattr(store, local)(result, part)
            return result
        if local in ("optional", "zeroOrMore", "oneOrMore", "mixed", "list"):
            inner = self.sequence(children, env)
            if local == "optional":
                return store.choice(inner, EMPTY)
            if local == "zeroOrMore":
                return store.choice(store.one_or_more(inner), EMPTY)
            if local == "oneOrMore":
                return store.one_or_more(inner)
            if local == "mixed":
                return store.interleave(inner, TEXT)
            return store.list_of(inner)
        if local == "ref":
            return self.ref(env.scope, node.get("name", "").strip())
        if local == "parentRef":
            return self.ref(env.scope.parent, node.get("name", "").strip())
        if local == "grammar":
            return self.grammar(node, env)
        if local == "externalRef":
            path = self.resolve(node, env)
            root = self.load(path)
            self._opening.append(path)
            try:
                return self.pattern(root, _Env(root.get("ns", env.ns), root.get("datatypeLibrary", ""),
                                               env.scope, path))
            finally:
                self._opening.pop()
        if local == "empty":
            return EMPTY
        if local == "text":
            return TEXT
        if local == "notAllowed":
            return NOT_ALLOWED
        if local == "data":
            params = tuple((p.get("name", "").strip(), p.text or "") for p in children if _local(p) == "param")
            datatype = self.datatype(env.library, node.get("type", "").strip(), params)
            excepts = [c for c in children if _local(c) == "except"]
            exception = NOT_ALLOWED
            for ex in excepts:
                for child in _rng_children(ex):
                    exception = store.choice(exception, self.pattern(child, env))
            return store.data(datatype, exception)
        if local == "value":
            if node.get("type") is None:
                datatype = self.datatype("", "token", ())
            else:
                datatype = self.datatype(env.library, node.get("type").strip(), ())
            key = self.datatypes[datatype].key(node.text or "")
            if key is None:
                raise GrammarError(f"value {node.text!r} is not a {node.get('type', 'token')}")
            return store.value(datatype, key)
        raise GrammarError(f"unknown RELAX NG pattern <{local}>")

    def datatype(self, library: str, name: str, params: tuple) -> int:
        key = (library, name, params)
        found = self._datatype_ids.get(key)
        if found is None:
            try:
                self.datatypes.append(Datatype(library, name, params))
            except DatatypeError as exc:
                raise GrammarError(str(exc)) from exc
            found = self._datatype_ids[key] = len(self.datatypes) - 1
        return found

    # -------------------------------------------------------- name classes

    @staticmethod
    def qname(node: etree._Element, text: str, ns: str) -> tuple:
        text = text.strip()
        if ":" in text:
            prefix, local = text.split(":", 1)
            uri = tei.XML_NS if prefix == "xml" else node.nsmap.get(prefix)
            if uri is None:
                raise GrammarError(f"undeclared prefix {prefix!r} in {text!r}")
            return ("name", uri, local)
        return ("name", ns, text)

    def name_class(self, node: etree._Element, env: _Env) -> tuple:
        env = self.env(node, env)
        local = _local(node)
        children = _rng_children(node)
        if local == "name":
            return self.qname(node, node.text or "", env.ns)
        if local in ("anyName", "nsName"):
            exception = None
            for ex in children:
                for child in _rng_children(ex):
                    inner = self.name_class(child, env)
                    exception = inner if exception is None else ("choice", exception, inner)
            return ("any", exception) if local == "anyName" else ("ns", env.ns, exception)
        if local == "choice":
            classes = [self.name_class(child, env) for child in children]
            if not classes:
                raise GrammarError("an empty name class choice")
            result = classes[0]
            for other in classes[1:]:
                result = ("choice", result, other)
            return result
        raise GrammarError(f"unknown name class <{local}>")

    def finish(self) -> None:
        while self._pending:
            element, content, env = self._pending.pop()
            self.store.set_content(element, self.sequence(content, env))


def load_grammar(path: str | Path) -> Grammar:
    """Read and simplify a RELAX NG grammar file; raise GrammarError when it is unusable."""
    path = Path(path).resolve()
    reader = _Reader()
    root = reader.load(path)
    reader._opening.append(path)
    env = _Env(root.get("ns", ""), root.get("datatypeLibrary", ""), None, path)
    start = reader.pattern(root, env)
    reader.finish()
    return Grammar(reader.store, start, reader.datatypes, list(dict.fromkeys(reader.sources)))
