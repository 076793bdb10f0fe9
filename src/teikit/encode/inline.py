"""A paragraph as a skeleton string: brackets and page breaks become placeholder characters.

Names, dates and speech are found with regular expressions on the skeleton and recorded as
spans; `build` then turns the skeleton, its placeholders and the spans into TEI mixed content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from lxml import etree

from ..tei import T

PH_FIRST = 0xE000
PH_LAST = 0xF8FF
PH_CLASS = "[\ue000-\uf8ff]"
_PLACEHOLDER = re.compile(PH_CLASS)
_CLARK: dict[str, str] = {}
_BRACKET = re.compile(r"[\[\]]")
# Brackets inside brackets are encoded as elements inside elements; past this depth a record is
# refused with one error line (the TEI would be deeper than a safe parser reads back).
MAX_NESTING = 16


def _paren_swaps(text: str, events: list[tuple[int, str]]) -> dict[int, str]:
    """Return the parentheses that stand for a bracket's missing end: position -> "[" or "]".

    Only where the brackets do not balance: a "[" never closed ends at the first ")" after it
    that closes no "(" ("[matter omitted) 2. Meeting"); a "]" never opened starts at the last
    "(" before it that no ")" closes ("(the United Nations Organization's] reach").
    """
    stack: list[int] = []
    unopened: list[int] = []
    for index, char in events:
        if char == "[":
            stack.append(index)
        elif stack:
            stack.pop()
        else:
            unopened.append(index)
    swaps: dict[int, str] = {}
    for start in stack:
        depth = 0
        for index in range(start + 1, len(text)):
            char = text[index]
            if char in "[]":
                break
            depth += (char == "(") - (char == ")")
            if depth < 0:
                swaps[index] = "]"
                break
    for end in unopened:
        depth = 0
        for index in range(end - 1, -1, -1):
            char = text[index]
            if char in "[]":
                break
            depth += (char == ")") - (char == "(")
            if depth < 0:
                swaps[index] = "["
                break
    return swaps


class BracketError(ValueError):
    """Square brackets nested too deep to encode; `line` counts from the start of the phrase."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.line = line


@dataclass
class Item:
    """What a placeholder stands for: a bracket (kind + content) or a page break."""

    kind: str
    content: str = ""
    breaks: tuple[int, ...] = ()
    reading: str = ""
    info: dict = field(default_factory=dict)
    # Line breaks of the source before the bracket, counted from the start of the phrase.
    line: int = 0


@dataclass(order=True)
class Span:
    """An element to wrap around skeleton[start:end]; `make(parent)` appends the empty element."""

    start: int
    end: int
    make: Callable[[etree._Element], etree._Element] = field(compare=False)
    ref: str = field(default="", compare=False)


class Skeleton:
    """The text of one paragraph with each bracket and page break replaced by one placeholder."""

    def __init__(self, text: str, breaks=()):
        self.items: dict[str, Item] = {}
        self.spans: list[Span] = []
        if not breaks and "[" not in text and "]" not in text:
            self.text = text
            return
        parts: list[str] = []
        breaks = sorted(set(breaks))
        done: set[int] = set()
        depth = 0
        opened = 0
        pos = 0
        events = [(m.start(), m.group()) for m in _BRACKET.finditer(text)]
        swaps = _paren_swaps(text, events)
        if swaps:
            events = sorted(events + list(swaps.items()))
        for index, char in events:
            if char == "[":
                if depth == 0:
                    self._text(parts, text[pos:index], breaks, pos, done)
                    opened = index
                depth += 1
                if depth > MAX_NESTING:
                    raise BracketError(f"square brackets nested more than {MAX_NESTING} deep",
                                       text.count("\n", 0, index))
            elif char == "]":
                if depth == 0:
                    # A "]" that no "[" opened: the words since the last bracket (or the start of
                    # the paragraph, where a bracket opened in an earlier one ends) are its content.
                    chunk = text[pos:index]
                    start = pos + len(chunk) - len(chunk.lstrip())
                    self._text(parts, text[pos:start], breaks, pos, done)
                    inner = tuple(b - start for b in breaks if start < b <= index and b not in done)
                    done.update(b for b in breaks if start < b <= index)
                    parts.append(self._add(Item("bracket", text[start:index], inner, info={"unopened": True},
                                                line=text.count("\n", 0, start))))
                    pos = index + 1
                    continue
                depth -= 1
                if depth == 0:
                    inner = tuple(b - opened - 1 for b in breaks if opened < b <= index and b not in done)
                    done.update(b for b in breaks if opened < b <= index)
                    parts.append(self._add(Item("bracket", text[opened + 1:index], inner,
                                                line=text.count("\n", 0, opened))))
                    if opened in swaps or index in swaps:
                        # "(matter omitted]", "[C. J. PAO)": a bracket one of whose ends was typed as a parenthesis.
                        self.items[parts[-1]].info["ends"] = text[opened] + text[index]
                    pos = index + 1
        if depth:
            # An opening bracket never closed: the rest of the paragraph is its content.
            inner = tuple(b - opened - 1 for b in breaks if b > opened and b not in done)
            parts.append(self._add(Item("bracket", text[opened + 1:], inner, info={"unclosed": True},
                                        line=text.count("\n", 0, opened))))
        else:
            self._text(parts, text[pos:], breaks, pos, done)
        self.text = "".join(parts)

    def _text(self, parts, chunk, breaks, offset, done):
        last = 0
        for b in breaks:
            cut = b - offset
            if b not in done and 0 <= cut <= len(chunk):
                parts.append(chunk[last:cut])
                parts.append(self._add(Item("pb")))
                last = cut
                done.add(b)
        parts.append(chunk[last:])

    def _add(self, item: Item) -> str:
        char = chr(PH_FIRST + len(self.items))
        self.items[char] = item
        return char

    def item(self, char: str) -> Item | None:
        """Return the item a placeholder character stands for."""
        return self.items.get(char)

    def reading(self, start: int, end: int) -> str:
        """Return skeleton[start:end] with placeholders replaced by their readings."""
        return "".join(self.items[c].reading if c in self.items else c for c in self.text[start:end])

    def covered(self, start: int, end: int) -> bool:
        """Return whether [start, end) overlaps a span already recorded."""
        return any(s.start < end and start < s.end for s in self.spans)

    def cut(self, start: int, end: int) -> None:
        """Remove skeleton[start:end] (text absorbed into a placeholder), shifting later spans."""
        self.text = self.text[:start] + self.text[end:]
        width = end - start
        for span in self.spans:
            if span.start >= end:
                span.start -= width
                span.end -= width

    def add(self, start: int, end: int, make, ref: str = "") -> bool:
        """Record a span unless it crosses one already recorded; return whether it was added."""
        for s in self.spans:
            if s.start < end and start < s.end and not (
                    (s.start <= start and end <= s.end) or (start <= s.start and s.end <= end)):
                return False
        self.spans.append(Span(start, end, make, ref))
        return True


def build(parent: etree._Element, skel: Skeleton,
          render: Callable[[etree._Element, Item], etree._Element]) -> None:
    """Append skel's text, placeholders (`render(parent, item)` appends and returns each) and spans to parent."""
    spans = sorted(skel.spans, key=lambda s: (s.start, -s.end))
    _fill(parent, parent[-1] if len(parent) else None, skel, render, 0, len(skel.text), spans)


def _fill(parent, last, skel, render, start, end, spans):
    # `last` is parent's last child (None when it has none): text goes to its tail.
    pos = start
    index = 0
    while index < len(spans):
        span = spans[index]
        # The spans nested inside this one are those that start before it ends.
        inner = []
        index += 1
        while index < len(spans) and spans[index].start < span.end:
            inner.append(spans[index])
            index += 1
        _emit(parent, last, skel, render, pos, span.start)
        last = span.make(parent)
        _fill(last, None, skel, render, span.start, span.end, inner)
        pos = span.end
    _emit(parent, last, skel, render, pos, end)


def _emit(parent, last, skel, render, start, end):
    if not skel.items:
        _append_text(parent, last, skel.text[start:end])
        return
    run = start
    for found in _PLACEHOLDER.finditer(skel.text, start, end):
        item = skel.items.get(found.group())
        if item is not None:
            _append_text(parent, last, skel.text[run:found.start()])
            last = render(parent, item)
            run = found.end()
    _append_text(parent, last, skel.text[run:end])


def _append_text(parent, last, chunk):
    if not chunk:
        return
    if last is None:
        parent.text = (parent.text or "") + chunk
    else:
        last.tail = (last.tail or "") + chunk


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs) -> etree._Element:
    """Append a new TEI element (attributes with None values dropped, and text) to parent; return it.

    Elements are built in place: appending a finished subtree would move it between lxml documents.
    """
    clark = _CLARK.get(tag) or _CLARK.setdefault(tag, T(tag))
    if None in attrs.values():
        attrs = {k: v for k, v in attrs.items() if v is not None}
    el = etree.SubElement(parent, clark, **attrs)
    if text:
        el.text = text
    return el
