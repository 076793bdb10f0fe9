"""RELAX NG validation with teikit's own derivative-based matcher (validate/relaxng/).

The whole grammar decides every verdict: nothing is pruned, so a document is valid exactly
when the grammar accepts it. The matcher computes only the derivatives the documents need
and caches them, so TEI All costs its loading from the compiled-grammar cache (a few
milliseconds; reading it from its files takes about half a second) plus what the documents use. Errors name the element or attribute at fault, at its own line and column.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from lxml import etree

from ..diagnostics import Diagnostic, error
from .relaxng.locate import Locator
from .relaxng.cache import load_compiled
from .relaxng.simplify import GrammarError
from .relaxng.walk import Fault, Walker
from .schema import SchemaError


class RngValidator:
    """One RELAX NG grammar, read once, and the matcher whose caches every document of a run shares."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        try:
            grammar, damage = load_compiled(self.path)
            self._walker = Walker(grammar)
        except GrammarError as exc:
            raise SchemaError(f"{self.path}: cannot use the RELAX NG grammar: {exc}") from exc
        # The warning of a damaged cache entry, reported once (see take_warnings).
        self.warnings: list[Diagnostic] = [damage] if damage else []

    def faults(self, tree: etree._ElementTree) -> list[Fault]:
        """Return the faults of a parsed document (empty when the grammar accepts it)."""
        return self._walker.validate(tree.getroot())

    def check(self, tree: etree._ElementTree, path: str, data: bytes | None = None) -> list[Diagnostic]:
        """Return the grammar's errors for a parsed document (empty when it is valid), located in its source.

        data: the document's bytes, when the caller has them (else they are read from path
        once there is an error to locate).
        """
        faults = self.faults(tree)
        if not faults:
            return []
        return locate(faults, tree, path, data)


def locate(faults: list[Fault], tree: etree._ElementTree, path: str, data: bytes | None = None) -> list[Diagnostic]:
    """Turn faults into diagnostics at the line and column of the element, attribute or text at fault."""
    locator = None
    try:
        source = data if data is not None else Path(path).read_bytes()
        locator = Locator(source, tree)
        if len(locator.starts) != sum(1 for _ in tree.getroot().iter(etree.Element)):
            locator = None  # the scan and the parser disagree: fall back to lxml's lines
    except (OSError, ValueError):
        locator = None
    elements = [f.element for f in faults] + [f.detail for f in faults if isinstance(f.detail, etree._Element)]
    index = locator.indexes(elements) if locator else {}
    found = []
    for fault in faults:
        line, col = fault.element.sourceline or 0, 1
        position = _offset(locator, index, fault) if locator else None
        if position is not None:
            line, col = locator.position(position)
        found.append(error(path, fault.code, fault.message, line, col))
    return found


def _offset(locator: Locator, index: dict, fault: Fault) -> int | None:
    number = index.get(id(fault.element))
    if number is None:
        return None
    if fault.where == "start":
        return locator.starts[number][0]
    if fault.where == "end":
        return locator.ends[number][0]
    if fault.where == "attribute":
        return locator.attribute(number, fault.detail)
    if fault.detail is None:
        return locator.text_after(locator.starts[number][1])
    previous = index.get(id(fault.detail))
    return None if previous is None else locator.text_after(locator.ends[previous][1])


def take_warnings(validator: RngValidator | None = None) -> list[Diagnostic]:
    """Return, once, the warnings of one validator (or of every one this process has loaded), and forget them."""
    validators = [validator] if validator is not None else [v for v in _loaded if v is not None]
    found = [w for v in validators for w in v.warnings]
    for v in validators:
        v.warnings = []
    return found


def rng_validator(path: str) -> RngValidator:
    """Return the validator for a grammar file, read once per process (again when the file changes)."""
    try:
        info = os.stat(path)
        stamp = (info.st_mtime_ns, info.st_size)
    except OSError:
        stamp = None
    return _validator(str(path), stamp)


@lru_cache(maxsize=8)
def _validator(path: str, stamp) -> RngValidator:
    validator = RngValidator(path)
    _loaded.append(validator)
    del _loaded[:-8]
    return validator


_loaded: list[RngValidator] = []
