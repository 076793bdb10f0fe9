"""Where faults are in the source: the line and column of an element's start or end tag, an attribute, a text.

lxml gives an element's line only; for the few documents with errors the source is
scanned once for its tags (comments, CDATA, processing instructions and the DOCTYPE
skipped), and the n-th start tag is the n-th element of the tree.
"""

from __future__ import annotations

import bisect
import re

from lxml import etree

from .patterns import split_clark

_MARKUP = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE(?:[^\[>]|\[.*?\])*>"
    r"|</[^\s>]+\s*>"
    r"|<[^\s/>!?]+(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.S)
_ATTRIBUTE = re.compile(r"\s((?:[^\s=/>:]+:)?([^\s=/>:]+))\s*=")
XML_NS = "http://www.w3.org/XML/1998/namespace"


class Locator:
    """Line and column lookups in one document's source text."""

    def __init__(self, data: bytes, tree: etree._ElementTree):
        encoding = tree.docinfo.encoding or "utf-8"
        try:
            self.text = data.decode(encoding, errors="replace")
        except LookupError:
            self.text = data.decode("utf-8", errors="replace")
        self.starts: list[tuple[int, int]] = []  # (offset of "<", offset after ">") of each start tag
        self.ends: list[tuple[int, int]] = []  # the same for each element's end tag (its start tag if empty)
        stack: list[int] = []
        for match in _MARKUP.finditer(self.text):
            token = match.group()
            if token[1] == "/":
                if stack:
                    self.ends[stack.pop()] = match.span()
            elif token[1] not in "!?":
                index = len(self.starts)
                self.starts.append(match.span())
                self.ends.append(match.span())
                if not token.endswith("/>"):
                    stack.append(index)
        self.lines = [m.end() for m in re.finditer("\n", self.text)]
        self.root = tree.getroot()

    def position(self, offset: int) -> tuple[int, int]:
        """Return the 1-based (line, column) of a character offset."""
        line = bisect.bisect_right(self.lines, offset)
        start = self.lines[line - 1] if line else 0
        return line + 1, offset - start + 1

    def indexes(self, elements) -> dict:
        """Return the document-order index of each of these elements."""
        wanted = {id(e): e for e in elements}
        found = {}
        for index, element in enumerate(self.root.iter(etree.Element)):
            if id(element) in wanted and wanted[id(element)] is element:
                found[id(element)] = index
                if len(found) == len(wanted):
                    break
        return found

    def start_tag(self, index: int) -> tuple[int, int] | None:
        """Return the span of the index-th start tag, if the scan found it."""
        return self.starts[index] if index < len(self.starts) else None

    def attribute(self, index: int, name: str) -> int | None:
        """Return the offset of an attribute's name in the index-th start tag."""
        span = self.start_tag(index)
        if span is None:
            return None
        ns, local = split_clark(name)
        tag = self.text[span[0]:span[1]]
        for match in _ATTRIBUTE.finditer(tag):
            prefixed = ":" in match.group(1)
            if match.group(2) == local and prefixed == bool(ns) and \
                    (ns != XML_NS or match.group(1).startswith("xml:")):
                return span[0] + match.start(1)
        return span[0]

    def text_after(self, offset: int) -> int:
        """Return the offset of the first non-whitespace character at or after offset."""
        match = re.compile(r"[^ \t\r\n]").search(self.text, offset)
        return match.start() if match else offset
