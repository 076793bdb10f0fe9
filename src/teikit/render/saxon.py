"""One Saxon processor per process, each stylesheet compiled once, parameters passed typed.

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


def processor() -> PySaxonProcessor:
    """Return this process's Saxon processor, creating it on first use."""
    pid = os.getpid()
    if _state.get("pid") != pid:
        # A forked worker must not reuse its parent's processor or compiled stylesheets.
        _state.clear()
        _state.update(pid=pid, proc=PySaxonProcessor(license=False), compiled={})
    return _state["proc"]


def compiled(stylesheet: str | Path):
    """Return the compiled executable for a stylesheet, compiling it once per process."""
    proc = processor()
    key = str(Path(stylesheet).resolve())
    cache = _state["compiled"]
    with _lock:
        if key not in cache:
            xslt = proc.new_xslt30_processor()
            try:
                cache[key] = xslt.compile_stylesheet(stylesheet_file=key)
            except Exception as exc:  # saxonche raises PySaxonApiError
                raise TransformError(f"{key}: cannot compile stylesheet: {exc}") from exc
        return cache[key]


def _xdm_value(proc: PySaxonProcessor, value):
    if isinstance(value, bool):
        return proc.make_boolean_value(value)
    if isinstance(value, int):
        return proc.make_integer_value(value)
    if isinstance(value, float):
        return proc.make_double_value(value)
    return proc.make_string_value(str(value))


def transform(stylesheet: str | Path, source: str | Path | bytes, params: dict | None = None,
              base_uri: str | None = None) -> str:
    """Run a stylesheet on an XML file or bytes and return the serialised result."""
    proc = processor()
    executable = compiled(stylesheet)
    with _lock:
        executable.clear_parameters()
        for name, value in (params or {}).items():
            if value is not None:
                executable.set_parameter(name, _xdm_value(proc, value))
        try:
            if isinstance(source, bytes):
                node = proc.parse_xml(xml_text=source.decode("utf-8"))
            else:
                node = proc.parse_xml(xml_file_name=str(Path(source).resolve()))
            if base_uri is not None:
                executable.set_base_output_uri(base_uri)
            result = executable.transform_to_string(xdm_node=node)
        except Exception as exc:
            raise TransformError(str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)) from exc
    if result is None:
        raise TransformError(f"{stylesheet}: transformation produced no result")
    return result


def read_params(params_file: str | Path) -> list[ParamSpec]:
    """Read the parameter declarations (name, type, default, doc) of a *_params.xsl file."""
    tree = etree.parse(str(params_file), etree.XMLParser(resolve_entities=False, no_network=True))
    specs = []
    for param in tree.getroot().iter(f"{{{XSL_NS}}}param"):
        doc = ""
        prev = param.getprevious()
        if prev is not None and isinstance(prev, etree._Comment):
            doc = prev.text.strip()
        specs.append(ParamSpec(param.get("name"), param.get("as", "item()*"), param.get("select", ""), doc))
    return specs
