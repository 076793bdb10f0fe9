"""Saxon for teikit: each stylesheet compiled once per process, closed to every URI, parameters passed typed.

Stylesheet parameters are declared (type, default, one line of doc) only in the
`*_params.xsl` files; Python passes just the values a user set and never repeats defaults.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from saxonche import PySaxonProcessor

from .. import resources, tei

XSL_NS = "http://www.w3.org/1999/XSL/Transform"
_lock = threading.Lock()
_state: dict = {}


class TransformError(Exception):
    """A stylesheet failed on a document (the message names the stylesheet's error)."""


@dataclass(frozen=True)
class ParamSpec:
    """A stylesheet parameter as declared in a *_params.xsl file."""

    name: str
    type: str
    default: str
    doc: str


# Saxon's own guard on every URI it dereferences (stylesheet modules, fn:doc, unparsed-text,
# a DTD its parser might meet). Each restriction Saxon is given narrows the ones before, for
# good: so every stylesheet gets a processor of its own, open while it compiles (its
# xsl:import and xsl:include modules are files) and closed to every URI from then on.
_ALLOWED_PROTOCOLS = "http://saxon.sf.net/feature/allowedProtocols"
_FILES = "file"
_NOTHING = ""
# How an edition's own stylesheet (EDITION/xslt/html/html.xsl, xslt/print/print.xsl) names a
# shipped one it imports, wherever teikit is installed: <xsl:import href="teikit:html/html.xsl"/>.
SHIPPED = "teikit:"


def _layer_text(path: Path) -> str | None:
    """Return an edition stylesheet with its teikit: imports made file URIs, or None if it imports none.

    Read by the safe parser, as are the modules beside it (an edition's stylesheet with a DOCTYPE
    is refused like any XML); its other imports and includes become absolute, so they resolve as
    from the file itself.
    """
    for module in sorted(path.parent.rglob("*.xsl")):
        tei.parse(module)
    tree = tei.parse(path)
    links = [e for e in tree.getroot() if e.tag in (f"{{{XSL_NS}}}import", f"{{{XSL_NS}}}include")]
    if not any(e.get("href", "").startswith(SHIPPED) for e in links):
        return None
    for link in links:
        href = link.get("href", "")
        if href.startswith(SHIPPED):
            link.set("href", resources.xslt_path(*href[len(SHIPPED):].split("/")).as_uri())
        else:
            link.set("href", (path.parent / href).resolve().as_uri())
    return etree.tostring(tree, encoding="unicode")


def compiled(stylesheet: str | Path):
    """Return (processor, executable) for a stylesheet, compiled once per process, closed to every URI after."""
    pid = os.getpid()
    if _state.get("pid") != pid:
        # A forked worker must not reuse its parent's processors or compiled stylesheets.
        _state.clear()
        _state.update(pid=pid, compiled={}, where={})
    # Where an absolute stylesheet path leads is looked up once per process (a page costs ~0.2 ms less).
    where = _state["where"].get(stylesheet)
    if where is None:
        path = Path(stylesheet).resolve()
        where = (str(path), path.is_relative_to(resources.xslt_path()))
        if os.path.isabs(stylesheet):
            _state["where"][stylesheet] = where
    key, shipped = where
    # An edition's stylesheet may be edited while a process runs (serve --watch): a new save compiles anew.
    try:
        version = None if shipped else os.stat(key).st_mtime_ns
    except OSError as exc:
        raise TransformError(f"{key}: cannot read stylesheet: {exc.strerror or exc}") from exc
    cache = _state["compiled"]
    with _lock:
        if key not in cache or cache[key][2] != version:
            proc = PySaxonProcessor(license=False)
            # While it compiles, a stylesheet reads its modules from files, never from the network.
            proc.set_configuration_property(_ALLOWED_PROTOCOLS, _FILES)
            try:
                text = None if shipped else _layer_text(Path(key))
                compiler = proc.new_xslt30_processor()
                executable = (compiler.compile_stylesheet(stylesheet_file=key) if text is None
                              else compiler.compile_stylesheet(stylesheet_text=text))
            except Exception as exc:  # saxonche raises PySaxonApiError; a layer may fail to parse or import
                raise TransformError(f"{key}: cannot compile stylesheet: {exc}") from exc
            proc.set_configuration_property(_ALLOWED_PROTOCOLS, _NOTHING)
            cache[key] = (proc, executable, version)
        return cache[key][:2]


def _xdm_value(proc: PySaxonProcessor, value):
    if isinstance(value, bool):
        return proc.make_boolean_value(value)
    if isinstance(value, int):
        return proc.make_integer_value(value)
    if isinstance(value, float):
        return proc.make_double_value(value)
    return proc.make_string_value(str(value))


def transform(stylesheet: str | Path, source: bytes, params: dict | None = None) -> str:
    """Run a stylesheet on a document given as bytes and return the serialised result.

    The bytes must come from `teikit.tei` (serialised from a tree its safe parser made): Saxon
    is never given a path it would open and resolve itself.
    """
    if not isinstance(source, bytes):
        raise TypeError("saxon.transform takes the document's bytes, serialised by teikit.tei")
    proc, executable = compiled(stylesheet)
    with _lock:
        executable.clear_parameters()
        for name, value in (params or {}).items():
            if value is not None:
                executable.set_parameter(name, _xdm_value(proc, value))
        try:
            node = proc.parse_xml(xml_text=source.decode("utf-8"))
            result = executable.transform_to_string(xdm_node=node)
        except Exception as exc:
            raise TransformError(str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)) from exc
    if result is None:
        raise TransformError(f"{stylesheet}: transformation produced no result")
    return result


def read_params(params_file: str | Path) -> list[ParamSpec]:
    """Read the parameter declarations (name, type, default, doc) of a *_params.xsl file."""
    tree = tei.parse(params_file)
    specs = []
    for param in tree.getroot().iter(f"{{{XSL_NS}}}param"):
        doc = ""
        prev = param.getprevious()
        if prev is not None and isinstance(prev, etree._Comment):
            doc = prev.text.strip()
        specs.append(ParamSpec(param.get("name"), param.get("as", "item()*"), param.get("select", ""), doc))
    return specs
