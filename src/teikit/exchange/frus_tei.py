"""FRUS's own elements and block structures made TEI All: attachments, classifications, foreign markup, div order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from .. import tei

if TYPE_CHECKING:
    from .frus import Change

T = tei.T
# The FRUS schema's namespace; the 2015 volumes declare it in two spellings.
FRUS_NAMESPACES = ("http://history.state.gov/frus/ns/1.0", "http://history.state.gov/ns/1.0")
XHTML_NS = "http://www.w3.org/1999/xhtml"
# Markup that runs or embeds a program (a video player): no text, no meaning in an edition, never published.
ACTIVE = {"script", "object", "embed", "iframe", "param", "style", "applet", "noscript"}

# TEI All's classes of what a div (and body) may hold, in order: model.divTop, the common
# blocks (model.common) or divs, model.divBottom, with model.global anywhere.
_TOP_ONLY = {T(n) for n in ("head", "opener")}
_TOP_OR_BOTTOM = {T(n) for n in ("address", "argument", "byline", "dateline", "docAuthor", "docDate",
                                 "epigraph", "meeting", "salute", "signed")}
_BOTTOM_ONLY = {T(n) for n in ("closer", "postscript", "trailer")}
_DIVS = {T("div"), T("divGen")}
_DIV, _DATELINE, _OPENER = T("div"), T("dateline"), T("opener")
GLOBAL = {T(n) for n in (
    "addSpan", "alt", "altGrp", "anchor", "app", "cb", "certainty", "damageSpan", "delSpan", "ellipsis", "fLib",
    "figure", "fs", "fvLib", "fw", "gap", "gb", "incident", "index", "interp", "interpGrp", "join", "joinGrp",
    "kinesic", "lb", "link", "linkGrp", "listTranspose", "metamark", "milestone", "notatedMusic", "note",
    "noteGrp", "pause", "pb", "precision", "respons", "shift", "space", "span", "spanGrp", "substJoin",
    "timeline", "vocal", "witDetail", "writing")}
COMMON = {T(n) for n in (
    "ab", "annotationBlock", "bibl", "biblFull", "biblStruct", "camera", "caption", "castList", "cit", "desc",
    "eTree", "eg", "egXML", "entry", "entryFree", "floatingText", "forest", "graph", "l", "label", "lg", "list",
    "listApp", "listBibl", "listEvent", "listForest", "listNym", "listObject", "listOrg", "listPerson",
    "listPlace", "listRelation", "listWit", "move", "msDesc", "p", "post", "q", "quote", "said", "sound", "sp",
    "spGrp", "stage", "superEntry", "table", "tech", "tree", "u", "view")}
_KNOWN = _TOP_ONLY | _TOP_OR_BOTTOM | _BOTTOM_ONLY | _DIVS | GLOBAL | COMMON
# Containers whose children are blocks: a FRUS element found there becomes a block, elsewhere a phrase.
_BLOCK_PARENTS = {T(n) for n in ("body", "div", "floatingText", "back", "front", "figure", "sp", "postscript",
                                  "argument", "epigraph", "lg")}
# States of a div's content: before its text, in its blocks, in its divs, in its closing part.
_TOP, _BLOCKS, _DIVS_STATE, _BOTTOM = range(4)


def _namespace(element) -> str:
    return etree.QName(element).namespace or ""


def _local(element) -> str:
    return etree.QName(element).localname


def _change(element, code: str, message: str) -> "Change":
    from .frus import Change

    return Change(element.sourceline or 0, code, message)


_FOREIGN = etree.XPath(f"descendant::*[namespace-uri() != '{tei.TEI_NS}']")
_FOREIGN_ATTRIBUTES = etree.XPath(f"descendant::*/@*[namespace-uri() != '' and namespace-uri() != '{tei.XML_NS}']")


def map_elements(body, changes: list) -> None:
    """Replace every element outside the TEI namespace by its TEI meaning; drop active content.

    frus:attachment (attachments, tabs, enclosures: a div-like part at the end of a document)
    becomes div[@type='attachment']; frus:classification (a classification marking) a
    seg or ab of type classification with the level as subtype; any other FRUS element a seg,
    ab or div of type frus-NAME; other namespaces' markup keeps its text in a seg or ab of type
    html-NAME (XHTML) or NAME, and a program embedded in the page (script, object...) is dropped. Attributes
    outside TEI and XML namespaces are removed.
    """
    for attribute in _FOREIGN_ATTRIBUTES(body):
        del attribute.getparent().attrib[attribute.attrname]
    dropped: set = set()
    for element in _FOREIGN(body):
        if dropped and any(a in dropped for a in element.iterancestors()):
            continue
        namespace = _namespace(element)
        local = _local(element)
        parent = element.getparent()
        if namespace not in FRUS_NAMESPACES and local.lower() in ACTIVE:
            changes.append(_change(element, "E103", f"embedded program <{local}> ({namespace}) left out"))
            _remove_keeping_tail(element)
            dropped.add(element)
            continue
        block = parent is None or parent.tag in _BLOCK_PARENTS or _namespace(parent) != tei.TEI_NS
        frus = namespace in FRUS_NAMESPACES
        if frus and local == "attachment":
            element.tag = T("div")
        elif not block:
            element.tag = T("seg")
        elif any(isinstance(c.tag, str) and (c.tag in COMMON or c.tag in _DIVS or _local(c) == "attachment")
                 for c in element):
            element.tag = T("div")
        else:
            element.tag = T("ab")
        if frus:
            kind = local if local in ("attachment", "classification") else f"frus-{local}"
        else:
            kind = f"html-{local}" if namespace == XHTML_NS else local
        level = element.attrib.pop("level", None)
        for name in [a for a in element.attrib if not a.startswith("{")]:
            del element.attrib[name]  # the foreign element's own attributes have no TEI meaning
        element.set("type", kind)
        if level:
            element.set("subtype", level)


def _remove_keeping_tail(element) -> None:
    parent = element.getparent()
    if element.tail and element.tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


# Each known tag's place in a div; a later class wins where a tag is in two (model.global first).
_KINDS = {tag: kind for kind, tags in (("div", _DIVS), ("common", COMMON), ("bottom", _BOTTOM_ONLY),
                                       ("either", _TOP_OR_BOTTOM), ("top", _TOP_ONLY), ("global", GLOBAL))
          for tag in tags}


def _kind(element) -> str:
    tag = element.tag
    if tag.__class__ is not str:  # a comment or processing instruction
        return "global"
    return _KINDS.get(tag, "phrase")


def _wrap_stray(container, changes: list) -> None:
    """Wrap text and phrase-level elements standing between blocks in an ab (TEI allows no text there)."""
    if container.text and container.text.strip():
        ab = etree.Element(T("ab"))
        ab.text, container.text = container.text.strip(), "\n"
        container.insert(0, ab)
        changes.append(_change(container, "E104", "text outside any block wrapped in an ab"))
    for child in list(container):
        if child.tag not in _KNOWN and isinstance(child.tag, str):
            ab = etree.Element(T("ab"))
            child.addprevious(ab)
            ab.append(child)
            ab.tail, child.tail = child.tail, None
            changes.append(_change(child, "E104", f"<{_local(child)}> outside any block wrapped in an ab"))
        elif child.tail and child.tail.strip() and isinstance(child.tag, str):
            ab = etree.Element(T("ab"))
            ab.text, child.tail = child.tail.strip(), "\n"
            child.addnext(ab)
            changes.append(_change(child, "E104", "text outside any block wrapped in an ab"))


def _openers(container) -> None:
    """Put a dateline that comes before the text into an opener, as the edition does."""
    for child in list(container):
        kind = _kind(child)
        if kind in ("common", "div", "bottom"):
            return
        if child.tag == _DATELINE:
            previous = child.getprevious()
            if previous is not None and previous.tag == _OPENER:
                previous.append(child)
            else:
                opener = etree.Element(T("opener"))
                child.addprevious(opener)
                opener.append(child)
                opener.tail, child.tail = child.tail, None


def _segments(container) -> list[list]:
    """Cut a container's children where TEI's order (top, blocks or divs, bottom) would be broken."""
    segments: list[list] = [[]]
    state = _TOP
    for child in container:
        kind = _kind(child)
        if kind == "top" and state != _TOP or kind == "common" and state in (_DIVS_STATE, _BOTTOM) \
                or kind == "div" and state == _BOTTOM:
            segments.append([])
            state = _TOP
        segments[-1].append(child)
        if kind == "common":
            state = _BLOCKS
        elif kind == "div":
            state = _DIVS_STATE
        elif kind == "bottom" or kind == "either" and state != _TOP:
            state = _BOTTOM
    return segments


def order_divisions(container, first_type: str | None = None) -> None:
    """Make a body or div follow TEI's order, cutting it into divs where it does not.

    A document that goes on after its closer (an attachment after the signature, a second
    letter, a heading inside the text) becomes a sequence of divs: each part that is not
    already a div is wrapped in one (the first of a body typed `first_type`), in order, so
    nothing moves and nothing is lost.
    """
    for child in container:
        if child.tag == _DIV:
            order_divisions(child)
    segments = _segments(container)
    if len(segments) == 1:
        return
    for number, segment in enumerate(segments):
        solid = [c for c in segment if _kind(c) != "global"]
        if solid and all(c.tag in _DIVS for c in solid):
            continue
        wrapper = etree.Element(T("div"))
        if number == 0 and first_type:
            wrapper.set("type", first_type)
        segment[0].addprevious(wrapper)
        wrapper.text = "\n"
        for child in segment:
            wrapper.append(child)
        wrapper.tail = "\n"


def split_nested_paragraphs(body, changes: list) -> None:
    """Split a paragraph that holds another (a transcription slip TEI forbids) into consecutive paragraphs.

    <p>A <p>B</p> C</p> becomes <p>A </p><p>B</p><p>C</p>: the words stay in their order and
    the inner paragraph keeps its markup; an empty remainder makes no paragraph.
    """
    while True:
        found = tei.xpath("descendant::tei:p[parent::tei:p]")(body)
        if not found:
            return
        inner = found[-1]  # the last first, so outer splits never cut an inner one still to do
        outer = inner.getparent()
        rest = etree.Element(T("p"), {k: v for k, v in outer.attrib.items() if k != tei.XML_ID})
        rest.text = inner.tail
        inner.tail = None
        for sibling in list(inner.itersiblings()):
            rest.append(sibling)
        tail, outer.tail = outer.tail, "\n"
        outer.addnext(inner)
        inner.tail = tail
        if (rest.text or "").strip() or len(rest):
            inner.addnext(rest)
            rest.tail, inner.tail = tail, "\n"
        changes.append(_change(inner, "E106", "a paragraph inside a paragraph: split into consecutive paragraphs"))


def normalise_body(body, foreign: bool = True, nested: bool = True) -> list:
    """Make a split document's body TEI All: FRUS elements mapped, stray text wrapped, openers, div order.

    `foreign=False` says the body has no element or attribute outside TEI (and xml:), so there is nothing to map;
    `nested=False` that no paragraph holds another, so there is nothing to split.
    """
    changes: list = []
    if foreign:
        map_elements(body, changes)
    if nested:
        split_nested_paragraphs(body, changes)
    for container in [body, *body.iter(_DIV)]:
        _wrap_stray(container, changes)
        _openers(container)
    order_divisions(body, "document")
    return changes
