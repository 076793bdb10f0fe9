"""Indent the element-only structures of a TEI document, never touching mixed content."""

from __future__ import annotations

from lxml import etree

from ..tei import TEI_PREFIX as _T

# Containers whose children are elements only: indenting them changes no text.
STRUCTURAL = frozenset(_T + name for name in (
    "TEI", "teiHeader", "fileDesc", "titleStmt", "respStmt", "publicationStmt", "seriesStmt",
    "notesStmt", "sourceDesc", "msDesc", "msIdentifier", "altIdentifier", "msContents", "msItem",
    "encodingDesc", "editorialDecl", "refsDecl", "listPrefixDef", "profileDesc", "abstract",
    "langUsage", "particDesc", "listPerson", "person", "textClass", "keywords", "text", "front", "body",
    "back", "div",
    "sp", "opener", "closer", "postscript", "list", "listBibl"))


def indent(element: etree._Element, level: int = 0) -> None:
    """Indent element-only structures by two spaces a level, leaving mixed content as it is."""
    text = element.text
    if element.tag not in STRUCTURAL or text and not text.isspace():
        return
    children = list(element)
    if not children:
        return
    for child in children:
        tail = child.tail
        if tail and not tail.isspace():
            return
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in children:
        child.tail = inner
        if child.tag in STRUCTURAL:
            indent(child, level + 1)
    children[-1].tail = "\n" + "  " * level
