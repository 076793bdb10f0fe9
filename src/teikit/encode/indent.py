"""Indent the element-only structures of a TEI document, never touching mixed content."""

from __future__ import annotations

from lxml import etree

from ..tei import TEI_NS

_T = "{%s}" % TEI_NS
# Containers whose children are elements only: indenting them changes no text.
STRUCTURAL = frozenset(_T + name for name in (
    "TEI", "teiHeader", "fileDesc", "titleStmt", "respStmt", "publicationStmt", "seriesStmt",
    "notesStmt", "sourceDesc", "msDesc", "msIdentifier", "altIdentifier", "msContents", "msItem",
    "encodingDesc", "editorialDecl", "refsDecl", "listPrefixDef", "profileDesc", "abstract",
    "langUsage", "particDesc", "listPerson", "person", "text", "front", "body", "back", "div",
    "sp", "opener", "closer", "postscript", "list", "listBibl"))


def indent(element: etree._Element, level: int = 0) -> None:
    """Indent element-only structures by two spaces a level, leaving mixed content as it is."""
    if element.tag not in STRUCTURAL or not len(element) or (element.text or "").strip():
        return
    if any((child.tail or "").strip() for child in element):
        return
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in element:
        child.tail = inner
        indent(child, level + 1)
    element[-1].tail = "\n" + "  " * level
