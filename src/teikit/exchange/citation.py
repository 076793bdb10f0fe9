"""Citation trees of a TEI document from its refsDecl/citeStructure: the citable units DTS navigates."""

from __future__ import annotations

from dataclasses import dataclass, field

import elementpath
from lxml import etree

from .. import tei
from ..meta import text_of

# citeStructure XPaths are written without prefixes: TEI is their default element namespace.
_XPATH_NS = {"": tei.TEI_NS}


class CitationError(ValueError):
    """A citeStructure whose XPath cannot be evaluated."""


@dataclass(frozen=True)
class CiteLevel:
    """One citeStructure: what it matches, how its units are named, and its children."""

    unit: str
    match: str
    use: str
    delim: str
    children: tuple["CiteLevel", ...] = ()

    def depth(self) -> int:
        """Return the number of levels from this one down to the deepest."""
        return 1 + max((child.depth() for child in self.children), default=0)

    def to_json(self) -> dict:
        """Return the DTS CiteStructure object."""
        data: dict = {"@type": "CiteStructure", "citeType": self.unit}
        if self.children:
            data["citeStructure"] = [child.to_json() for child in self.children]
        return data


@dataclass
class Unit:
    """A citable unit: its identifier, level (1 = top), parent identifier, type and element."""

    identifier: str
    level: int
    parent: str | None
    cite_type: str
    element: etree._Element = field(repr=False)
    order: int = 0

    def to_json(self, names: dict[str, str] | None = None) -> dict:
        """Return the DTS CitableUnit object; `names` maps register pointers to names (for speakers)."""
        data = {"identifier": self.identifier, "@type": "CitableUnit", "level": self.level,
                "parent": self.parent, "citeType": self.cite_type}
        dublin_core: dict = {}
        head = self.element.find(tei.T("head"))
        if head is not None and text_of(head):
            dublin_core["title"] = [{"lang": _lang(self.element), "value": text_of(head)}]
        # A turn of speech is the speaker's: its creator, named from the register where it can be.
        speakers = (self.element.get("who") or "").split()
        if speakers:
            dublin_core["creator"] = [(names or {}).get(who, who) for who in speakers]
        if dublin_core:
            data["dublinCore"] = dublin_core
        return data


def _lang(element) -> str:
    for node in element.iterancestors():
        if node.get(tei.XML_LANG):
            return node.get(tei.XML_LANG)
    return element.get(tei.XML_LANG) or "en"


@dataclass
class CitationTree:
    """One citation tree: its identifier (None for the default), structure and units in document order."""

    identifier: str | None
    levels: tuple[CiteLevel, ...]
    units: list[Unit]
    by_id: dict[str, Unit]

    @property
    def max_depth(self) -> int:
        """The maximum depth of the tree."""
        return max((level.depth() for level in self.levels), default=0)

    def to_json(self) -> dict:
        """Return the DTS CitationTree object."""
        data: dict = {"@type": "CitationTree"}
        if self.identifier is not None:
            data["identifier"] = self.identifier
        data["maxCiteDepth"] = self.max_depth
        data["citeStructure"] = [level.to_json() for level in self.levels]
        return data

    def last_order(self, unit: Unit) -> int:
        """Return the position of the last unit of a unit's subtree (the unit itself if it has none)."""
        below = self.descendants(unit)
        return below[-1].order if below else unit.order

    def descendants(self, unit: Unit) -> list[Unit]:
        """Return the units below one unit, in document order."""
        start = unit.order + 1
        found = []
        for other in self.units[start:]:
            if other.level <= unit.level:
                break
            found.append(other)
        return found


def _level(element) -> CiteLevel:
    return CiteLevel(
        unit=element.get("unit", ""),
        match=element.get("match", ""),
        use=element.get("use", ""),
        delim=element.get("delim", ""),
        children=tuple(_level(child) for child in element.findall(tei.T("citeStructure"))),
    )


def _select(context, path: str) -> list:
    try:
        return list(elementpath.select(context, path, namespaces=_XPATH_NS))
    except (elementpath.ElementPathError, TypeError, ValueError) as exc:
        raise CitationError(f"citeStructure XPath {path!r}: {exc}") from exc


def _collect(tree, context, level: CiteLevel, depth: int, parent: Unit | None, out: list[Unit]) -> None:
    for element in _select(context, level.match):
        if not isinstance(element, etree._Element):
            continue
        values = _select(element, level.use)
        if not values:
            continue
        value = values[0]
        value = "".join(value.itertext()) if isinstance(value, etree._Element) else str(value)
        value = " ".join(value.split())
        identifier = (parent.identifier + level.delim + value) if parent else value
        unit = Unit(identifier, depth, parent.identifier if parent else None, level.unit, element)
        out.append(unit)
        for child in level.children:
            _collect(tree, element, child, depth + 1, unit, out)


def citation_trees(tree: etree._ElementTree) -> list[CitationTree]:
    """Return the citation trees of a document: the first refsDecl's is the default one."""
    root = tree.getroot()
    positions = {element: i for i, element in enumerate(root.iter())}
    trees: list[CitationTree] = []
    decls = root.findall(f"{tei.T('teiHeader')}/{tei.T('encodingDesc')}/{tei.T('refsDecl')}")
    for decl in decls:
        tops = decl.findall(tei.T("citeStructure"))
        if not tops:
            continue
        identifier = None if not trees else (decl.get("n") or decl.get(tei.XML_ID) or f"tree{len(trees) + 1}")
        levels = tuple(_level(top) for top in tops)
        units: list[Unit] = []
        for level in levels:
            _collect(tree, tree, level, 1, None, units)
        # Several top-level structures interleave: put every unit in document order.
        units.sort(key=lambda u: (positions.get(u.element, 0), u.level))
        by_id: dict[str, Unit] = {}
        kept = []
        for unit in units:
            if unit.identifier in by_id:
                continue  # identifiers are unique within a tree; the first in document order wins
            by_id[unit.identifier] = unit
            kept.append(unit)
        for i, unit in enumerate(kept):
            unit.order = i
        trees.append(CitationTree(identifier, levels, kept, by_id))
    return trees
