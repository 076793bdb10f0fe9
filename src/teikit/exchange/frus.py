"""Split a Foreign Relations of the United States (FRUS) volume into one TEI document per historical document.

A volume is parsed once (a few tens of megabytes for the largest, one volume per worker at a
time): the index is read from the whole tree first (header, the lists of persons and terms,
which document holds each xml:id, repeated ids), then one `div[@type='document']` at a time
is made a TEI document where it stands, serialised and dropped from the tree. FRUS's own
elements become TEI (see `frus_tei.py`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from .. import tei
from ..meta import text_of
from ..registers import slug
from .frus_tei import normalise_body

NS = tei.NSMAP
T = tei.T
FRUS_URL = "https://history.state.gov/historicaldocuments"
TEI_ALL_URL = "https://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng"
# Elements that are citable units (numbered with @n in the split document), at body level or in a body-level div.
CITABLE_NAMES = ("p", "list", "table", "closer", "quote", "ab", "lg", "postscript")
CITABLE = {T(name) for name in CITABLE_NAMES}
_CITE_TEST = " or ".join(f"self::{name}" for name in CITABLE_NAMES)
# Page breaks carry @n too, so the citation structure names the citable elements explicitly.
CITE_MATCH = f"/TEI/text/body/*[{_CITE_TEST}] | /TEI/text/body/div/*[{_CITE_TEST}]"
_NUMBER = re.compile(r"^\s*\d+\.\s*")
_FRUS_IDNO = re.compile(rb"<idno\b[^>]*\btype\s*=\s*[\"']frus[\"']")
_NCNAME = re.compile(r"^[A-Za-z_][\w.-]*$")
POINTER_ATTRIBUTES = ("target", "corresp", "ref", "sameAs", "who")


def is_frus_volume_bytes(data: bytes) -> bool:
    """Return whether a file's bytes are a FRUS volume: its header has an idno of type frus and it has document divs."""
    end = data.find(b"</teiHeader>")
    head = data[: end if end >= 0 else 200_000]
    return bool(_FRUS_IDNO.search(head)) and b'type="document"' in data


@dataclass
class Listed:
    """An entry of the volume's list of persons or of terms: its FRUS id, name (or term), description, line."""

    id: str
    name: str
    description: str
    line: int


@dataclass
class VolumeIndex:
    """What the first pass learns about a volume."""

    volume: str = ""
    title: str = ""
    editors: list[str] = field(default_factory=list)
    publication: dict[str, str] = field(default_factory=dict)
    persons: dict[str, Listed] = field(default_factory=dict)
    terms: dict[str, Listed] = field(default_factory=dict)
    # xml:id -> id of the document holding its first occurrence ("" outside the documents).
    owner: dict[str, str] = field(default_factory=dict)
    # (xml:id, line, how many of it came before on that line) of a later occurrence -> (its new id,
    # line of the first occurrence).
    renames: dict[tuple[str, int, int], tuple[str, int]] = field(default_factory=dict)
    # (document id, xml:id) -> the id that occurrence now has, for pointers inside that document.
    local: dict[tuple[str, str], str] = field(default_factory=dict)
    # Repairs outside the documents (the lists of persons and terms), reported for the volume.
    outside: list["Change"] = field(default_factory=list)
    # FRUS person id -> id of the edition's register entry.
    person_ids: dict[str, str] = field(default_factory=dict)
    documents: int = 0
    # The parts of the split documents' headers that are the same for the whole volume, made once.
    header: dict[str, str] = field(default_factory=dict, repr=False)


def _div_id(div, number: int) -> str:
    ident = div.get(tei.XML_ID) or ""
    return ident if _NCNAME.match(ident) else f"d{div.get('n') or number}"


def _after(item, name: str) -> str:
    """The text of a list item after its name (and the comma): "Brown, Winthrop G., Ambassador" -> "Ambassador"."""
    whole = text_of(item)
    at = whole.find(name)
    return whole[at + len(name):].lstrip(" ,;:") if at >= 0 else whole


_IDS = etree.XPath("descendant-or-self::*[@xml:id]")
_DIV, _HEAD, _HEADER, _ITEM, _BODY = T("div"), T("head"), T("teiHeader"), T("item"), T("body")
_PERSNAME, _TERM = T("persName"), T("term")


class Volume:
    """A FRUS volume parsed once: its index, then its documents made TEI one at a time (`documents()`)."""

    def __init__(self, data: bytes):
        """Parse a volume's bytes with the safe parser and index it; raise UnsafeXMLError or XMLSyntaxError."""
        # A repeated xml:id costs at most the document it is in (ids are not collected), a
        # DOCTYPE is refused, nothing outside the bytes is read.
        root = tei.parse_bytes(data, allow_duplicate_ids=True).getroot()
        self.index = VolumeIndex()
        self._parts: list[tuple[etree._Element, str | None]] = []
        outside = _Outside()
        outside.walk(root, self._parts)
        _scan(root, self._parts, outside, self.index)

    def documents(self) -> Iterator[SplitDocument]:
        """Yield every document of the volume as a TEI document, in volume order (each is changed where it stands).

        A document that cannot be made into TEI is yielded with `error` set and no bytes; the
        others are unaffected.
        """
        index = self.index
        for number, (element, chapter) in enumerate(self._parts, 1):
            div_id = _div_id(element, number)
            doc_id = f"{index.volume}-{div_id}"
            line = element.sourceline or 0
            try:
                data_, changes, persons = _document(element, div_id, index, chapter)
                yield SplitDocument(doc_id, data_, line, changes, persons)
            except Exception as exc:  # one document's defect costs that document, never the volume
                yield SplitDocument(doc_id, None, line, [], [], f"{type(exc).__name__}: {exc}")
        # The tree goes as a whole (cheaper than clearing each document from it).
        self._parts = []


class _Outside:
    """What stands outside the documents, found by one walk that does not enter them (front and back matter)."""

    def __init__(self):
        self.ids: list = []  # elements with an xml:id, in document order
        self.listed: list = []  # persName and term elements, in document order
        self.chapter: str | None = None  # the text of the last heading closed so far

    def walk(self, root, parts: list[tuple]) -> None:
        """Collect the outermost document divs into `parts` with the chapter heading before each, and the rest."""
        if root.get(tei.XML_ID) is not None:
            self.ids.append(root)
        self._visit(root, parts)

    def _visit(self, element, parts: list[tuple]) -> None:
        # Recursion is bounded: the safe parser refuses documents nested deeper than 256 elements.
        for child in element:
            tag = child.tag
            if tag.__class__ is not str:  # a comment or processing instruction
                continue
            if tag == _DIV and child.get("type") == "document":
                parts.append((child, self.chapter))
                continue
            if child.get(tei.XML_ID) is not None:
                self.ids.append(child)
            if tag == _PERSNAME or tag == _TERM:
                self.listed.append(child)
            if len(child):
                self._visit(child, parts)
            if tag == _HEAD:  # at its end, as a heading holding a document is not yet that document's chapter
                self.chapter = text_of(child)


def _scan(root, parts: list[tuple], outside: _Outside, index: VolumeIndex) -> None:
    """Fill the index from the whole volume: header, id owners and repeated ids, persons and terms lists."""
    for header in root.iter(_HEADER):
        _read_header(header, index)
    index.documents = len(parts)
    found: list[tuple[int, str, str]] = []  # (line, xml:id, document): the documents' in order, then the rest's
    for number, (div, _) in enumerate(parts, 1):
        doc_id = f"{index.volume}-{_div_id(div, number)}"
        found += [(e.sourceline or 0, e.get(tei.XML_ID), doc_id) for e in _IDS(div)]
    found += [(e.sourceline or 0, e.get(tei.XML_ID), "") for e in outside.ids]
    found.sort(key=lambda f: f[0])  # stable: document order within a line
    first_line: dict[str, int] = {}
    later: list[tuple[str, int, int, str]] = []
    on_line: dict[tuple[str, int], int] = {}
    for line, ident, document in found:
        nth = on_line[(ident, line)] = on_line.get((ident, line), -1) + 1
        if ident in first_line:
            later.append((ident, line, nth, document))
        else:
            first_line[ident] = line
            index.owner[ident] = document
    taken = set(first_line)
    for ident, line, nth, document in later:
        n = 2
        while f"{ident}-{n}" in taken:
            n += 1
        new = f"{ident}-{n}"
        taken.add(new)
        index.renames[(ident, line, nth)] = (new, first_line[ident])
        # Pointers in the document of a repeated id mean that occurrence, when the first is elsewhere.
        if document and index.owner.get(ident) != document:
            index.local.setdefault((document, ident), new)
        elif not document:
            index.outside.append(Change(line, "E101", f"xml:id \"{ident}\" repeats the one at line "
                                                      f"{first_line[ident]} (front or back matter): renamed \"{new}\""))
    if index.renames:
        _apply_renames(outside.ids, index)
    _read_lists(outside.listed, index)
    index.person_ids = register_ids(index.volume, index.persons)


def person_uri(volume: str, ident: str) -> str:
    """The history.state.gov address of a person of a volume's list: it keeps the volume and the FRUS id."""
    return f"{FRUS_URL}/{volume}/persons#{ident}"


def register_ids(volume: str, persons: dict[str, Listed]) -> dict[str, str]:
    """Return FRUS person id -> register id: the slug of the name, shared by the same name in every volume.

    Two persons of one volume with the same name are kept apart: the later ones get the
    volume and their FRUS id in their register id.
    """
    ids: dict[str, str] = {}
    used: set[str] = set()
    for ident, listed in persons.items():
        key = slug(listed.name)
        if key in used:
            key = slug(f"{key}-{volume}-{ident}")
        used.add(key)
        ids[ident] = key
    return ids


def _read_header(header, index: VolumeIndex) -> None:
    index.volume = header.xpath("string(.//tei:idno[@type='frus'])", namespaces=NS).strip()
    title_stmt = header.find(f"{T('fileDesc')}/{T('titleStmt')}")
    if title_stmt is not None:
        complete = title_stmt.find(f"{T('title')}[@type='complete']")
        index.title = text_of(complete if complete is not None else title_stmt.find(T("title")))
        index.editors = [text_of(e) for e in title_stmt.findall(T("editor")) if text_of(e)]
    publication = header.find(f"{T('fileDesc')}/{T('publicationStmt')}")
    if publication is not None:
        for tag in ("publisher", "pubPlace", "date"):
            found = publication.find(T(tag))
            if found is not None and text_of(found):
                index.publication[tag] = text_of(found)


def _read_lists(named_elements, index: VolumeIndex) -> None:
    """Read the volume's lists of persons and terms from its persNames and terms outside the documents.

    An item of the front or back matter naming a person or a term with an xml:id is an entry
    of the volume's list of persons or of terms, whatever the list's type says; its
    description is the item's text after the name (of the outermost item, when items nest).
    """
    lists = {_PERSNAME: index.persons, _TERM: index.terms}
    for named in named_elements:
        ident = named.get(tei.XML_ID)
        target = lists[named.tag]
        if not ident or ident in target:
            continue
        items = list(named.iterancestors(_ITEM))
        if items:
            name = text_of(named)
            target[ident] = Listed(ident, name, _after(items[-1], name), named.sourceline or 0)


@dataclass
class Change:
    """A repair made to a document, recorded in its revisionDesc and reported with the volume's line."""

    line: int
    code: str
    message: str


@dataclass
class SplitDocument:
    """One document cut out of a volume: its id, TEI (serialised), the line of its div, repairs and persons it names."""

    id: str
    data: bytes | None
    line: int
    changes: list[Change]
    persons: list[str]
    error: str = ""


def _citable_blocks(body) -> list:
    """The body's citable blocks, in document order: those of the body and of its divs (CITE_MATCH)."""
    blocks = []
    for child in body:
        tag = child.tag
        if tag in CITABLE:
            blocks.append(child)
        elif tag == _DIV:
            blocks += [block for block in child if block.tag in CITABLE]
    return blocks


_GLOSS, _CHOICE, _ABBR, _EXPAN, _P = T("gloss"), T("choice"), T("abbr"), T("expan"), T("p")
_POINTER_NAMES = frozenset(POINTER_ATTRIBUTES)
_TEI_PREFIX, _XML_PREFIX = tei.TEI_PREFIX, f"{{{tei.XML_NS}}}"


def _survey(body, persons: dict[str, Listed], changes: list[Change]) -> tuple[list[tuple], bool, bool]:
    """One walk over a document's elements: its pointers (element, attribute, value), whether any markup is outside TEI, and whether a paragraph holds another.

    A person's pointer written without its "#" is mended on the way (E107). One walk costs
    several times less than an XPath over every attribute, and finds every pointer before
    any is rewritten (the rewriting changes the tree: glosses become choices).
    """
    pointers = []
    foreign = nested = False
    # Local names for the loop's constants: it runs once per element of every document.
    p_tag, persname_tag, tei_prefix, xml_prefix, pointer_names = _P, _PERSNAME, _TEI_PREFIX, _XML_PREFIX, _POINTER_NAMES
    for element in body.iterdescendants():
        tag = element.tag
        if tag == p_tag:
            nested = nested or element.getparent().tag == p_tag
        elif tag == persname_tag:
            # Some volumes write a person's pointer without its "#" (corresp="p_DJF1"): it can only mean the person.
            bare = (element.get("corresp") or "").strip()
            if bare in persons:
                element.set("corresp", f"#{bare}")
                changes.append(Change(element.sourceline or 0, "E107",
                                      f"@corresp=\"{bare}\" names a person of the volume without \"#\": linked to the person"))
        elif tag.__class__ is str and not tag.startswith(tei_prefix):
            foreign = True
        for name, value in element.items():
            if name in pointer_names:
                if "#" in value:
                    pointers.append((element, name, value))
            elif name[0] == "{" and not name.startswith(xml_prefix):
                foreign = True
    return pointers, foreign, nested


def _rewrite_pointers(pointers: list[tuple], doc_id: str, index: VolumeIndex, changes: list[Change]) -> list[str]:
    """Point within the document, into the registers, to other documents' files or to history.state.gov.

    `pointers` are the document's (element, attribute, value) from `_survey`. Returns the FRUS
    ids of the persons the document names, in order of first mention.
    """
    named: list[str] = []
    owner, local, persons, terms = index.owner, index.local, index.persons, index.terms
    for element, name, value in pointers:
        tokens: list[str] | None = []
        for token in value.split():
            if token[0] != "#":
                tokens.append(token)
                continue
            target = token[1:]
            here = owner.get(target)
            if (doc_id, target) in local:
                tokens.append(f"#{local[(doc_id, target)]}")
            elif here == doc_id:
                tokens.append(token)
            elif target in persons and element.tag == _PERSNAME:
                if target not in named:
                    named.append(target)
                element.set("ref", f"per:{index.person_ids[target]}")
            elif target in terms and element.tag == _GLOSS:
                tokens = None
                _abbreviation(element, terms[target], index.volume)
                break
            elif here:
                tokens.append(f"{here}.xml" + ("" if here.endswith(f"-{target}") else f"#{target}"))
            elif here is not None or target in persons or target in terms:
                # Front or back matter: the volume's page for it on history.state.gov.
                tokens.append(f"{FRUS_URL}/{index.volume}/{target}")
            else:
                changes.append(Change(element.sourceline or 0, "E102",
                                      f"@{name}=\"{token}\" points at no xml:id of the volume: pointer removed"))
        if tokens:
            joined = " ".join(tokens)
            if joined != value:  # most pointers stay as they are: setting them again costs more than comparing
                element.set(name, joined)
        elif tokens is not None and not (name == "ref" and element.tag == _PERSNAME and element.get("ref", "")[:4] == "per:"):
            del element.attrib[name]
    return named


def _abbreviation(gloss, listed: Listed, volume: str) -> None:
    """Turn <gloss target="#t_X">ROK</gloss> into <choice><abbr>ROK</abbr><expan>…</expan></choice> where it stands."""
    # The gloss itself becomes the choice and its content moves into a new abbr: nothing is
    # made apart from the document (a document of its own, costly to move in) or moved around it.
    gloss.tag = _CHOICE
    gloss.attrib.clear()
    abbr = etree.SubElement(gloss, _ABBR)
    abbr.text, gloss.text = gloss.text, None
    for child in gloss[:-1]:
        abbr.append(child)
    # The FRUS term id stays, as the abbreviation's pointer to the volume's list of terms.
    abbr.set("corresp", f"{FRUS_URL}/{volume}/terms#{listed.id}")
    etree.SubElement(gloss, _EXPAN).text = listed.description


def _apply_renames(elements, index: VolumeIndex) -> list[tuple[int, str, str, int]]:
    """Give later occurrences of a repeated xml:id (among `elements`, in order) their new ids; return (line, old, new, first line) of each."""
    done = []
    on_line: dict[tuple[str, int], int] = {}
    for named in elements:
        ident, line = named.get(tei.XML_ID), named.sourceline or 0
        nth = on_line[(ident, line)] = on_line.get((ident, line), -1) + 1
        renamed = index.renames.get((ident, line, nth))
        if renamed is not None:
            named.set(tei.XML_ID, renamed[0])
            done.append((line, ident, renamed[0], renamed[1]))
    return done


def _repair_ids(div, doc_id: str, index: VolumeIndex, changes: list[Change]) -> None:
    if not index.renames:
        return
    for line, ident, new, first in _apply_renames(_IDS(div), index):
        changes.append(Change(line, "E101", f"xml:id \"{ident}\" repeats the one at line {first}: renamed \"{new}\""))


def _source_note(head) -> etree._Element | None:
    # The source note is typed in most documents; in some it is only the note that begins "Source:".
    notes = head.findall(T("note")) if head is not None else []
    typed = [n for n in notes if n.get("type") == "source"]
    return (typed or [n for n in notes if re.match(r"\[?\s*Source:", text_of(n))] or [None])[0]


def _first_date(div):
    """The first dated dateline of the document's own text (not of a note or an attachment)."""
    for dateline in div.iter(T("dateline")):
        up = dateline.getparent()
        while up is not div and up is not None and up.tag not in (T("note"), T("div")) \
                and etree.QName(up).namespace == tei.TEI_NS:
            up = up.getparent()
        if up is div:
            for date in dateline.iter(T("date")):
                if date.get("when"):
                    return date
    return None


_ESCAPED = re.compile(r'[&<>"]')


def _x(text: str) -> str:
    """Escape text for an XML element or a double-quoted attribute."""
    if not _ESCAPED.search(text):
        return text
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _document(div, div_id: str, index: VolumeIndex, chapter: str | None
              ) -> tuple[bytes, list[Change], list[str]]:
    """Return the TEI document (bytes) of one FRUS document div, the repairs made and the FRUS ids of the persons it names.

    The div becomes the body where it stands (nothing is copied); the header is written as text.
    """
    volume = index.volume
    doc_id = f"{volume}-{div_id}"
    changes: list[Change] = []
    _repair_ids(div, doc_id, index, changes)
    head = div.find(_HEAD)
    title = _NUMBER.sub("", text_of(head)) if head is not None else doc_id
    source_note = _source_note(head)
    source_text = text_of(source_note) if source_note is not None else ""
    date = _first_date(div)
    when = date.get("when") if date is not None else ""
    when_text = (text_of(date) or when) if date is not None else ""
    number = div.get("n") or div_id

    body = div
    for name in list(body.attrib):
        if name != tei.XML_ID:  # the div's id stays, for pointers to the document itself
            del body.attrib[name]
    body.tag = _BODY
    pointers, foreign, nested = _survey(body, index.persons, changes)
    named = _rewrite_pointers(pointers, doc_id, index, changes)
    changes += normalise_body(body, foreign, nested)
    blocks = _citable_blocks(body)
    if not blocks and not any(child.tag == _DIV for child in body):
        # A document whose text the volume does not print (not declassified): say so with a gap.
        blocks = [etree.SubElement(etree.SubElement(body, T("p")), T("gap"), reason="omitted").getparent()]
    for n, block in enumerate(blocks, 1):
        block.set("n", str(n))
    text = etree.tostring(body, encoding="utf-8", with_tail=False)
    # The body's start tag carries the volume's namespace declarations; none is used in it any more.
    start = f'<body xml:id="{_x(body.get(tei.XML_ID))}"' if body.get(tei.XML_ID) else "<body"
    text = start.encode() + (b">" + text[text.index(b">") + 1:] if not text[:text.index(b">") + 1].endswith(b"/>")
                             else b"/>")

    repository = re.sub(r"^\[?\s*Source:\s*", "", source_text).split(",")[0].strip().rstrip(".") if source_text else ""
    chapter_text = f", chapter “{chapter}”" if chapter else ""
    fixed = _volume_header(index)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<TEI xmlns="{tei.TEI_NS}" xml:id="{_x(doc_id)}" xml:lang="en">\n  <teiHeader>\n    <fileDesc>\n',
        f'      <titleStmt>\n        <title type="main">{_x(title)}</title>\n',
        fixed["titles"],
        f'        <idno type="teikit">{_x(doc_id)}</idno>\n',
        fixed["volume"],
        f'        <idno type="URI" subtype="canonical">{_x(f"{FRUS_URL}/{volume}/{div_id}")}</idno>\n',
        "      </publicationStmt>\n      <sourceDesc>\n",
        f'        <bibl type="citation">{_x(f"{index.title}{chapter_text}, Document {number}. ")}',
        fixed["publication"],
        f'<note type="source">{_x(source_text)}</note>' if source_text else "",
        "</bibl>\n        <msDesc>\n          <msIdentifier>\n",
        f"            <repository>{_x(repository or 'Office of the Historian, U.S. Department of State')}</repository>\n",
        f'            <idno type="document">{_x(f"{volume}/{div_id}")}</idno>\n          </msIdentifier>\n',
        '          <msContents>\n            <textLang mainLang="en">English</textLang>\n          </msContents>\n',
        "        </msDesc>\n      </sourceDesc>\n    </fileDesc>\n",
        fixed["encoding"],
        "    <profileDesc>\n",
        f'      <creation>\n        <date when="{_x(when)}">{_x(when_text)}</date>\n      </creation>\n' if when else "",
        '      <langUsage>\n        <language ident="en">English</language>\n      </langUsage>\n',
    ]
    if named:
        out.append('      <particDesc>\n        <listPerson type="mentioned">\n')
        for ident in named:
            listed = index.persons[ident]
            out.append(f'          <person sameAs="per:{_x(index.person_ids[ident])}">\n'
                       f"            <persName>{_x(listed.name)}</persName>\n"
                       f'            <idno type="URI">{_x(person_uri(volume, ident))}</idno>\n'
                       + (f"            <note>{_x(listed.description)}</note>\n" if listed.description else "")
                       + "          </person>\n")
        out.append("        </listPerson>\n      </particDesc>\n")
    out.append("    </profileDesc>\n")
    if changes:
        out.append("    <revisionDesc>\n")
        out += [f'      <change type="repair">{_x(f"teikit import, volume line {c.line}: {c.message}")}</change>\n'
                for c in changes]
        out.append("    </revisionDesc>\n")
    out.append('  </teiHeader>\n  <text xml:lang="en">')
    return "".join(out).encode("utf-8") + text + b"</text>\n</TEI>\n", changes, named


def _volume_header(index: VolumeIndex) -> dict[str, str]:
    """The parts of a split document's header that are the same for every document of the volume."""
    if not index.header:
        index.header.update({
            "titles": "".join([f'        <title type="volume">{_x(index.title)}</title>\n',
                               *(f"        <editor>{_x(editor)}</editor>\n" for editor in index.editors),
                               "      </titleStmt>\n      <publicationStmt>\n        <publisher>teikit</publisher>\n"]),
            "volume": f'        <idno type="volume">{_x(index.volume)}</idno>\n',
            "publication": "".join(f"<{tag}>{_x(value)}</{tag}>" for tag, value in index.publication.items()),
            "encoding": _encoding_desc(index.volume),
        })
    return index.header


def _encoding_desc(volume: str) -> str:
    """The encodingDesc of a split document: TEI All, how it was split, its citation structure, the per: prefix."""
    decl = (f"Split by teikit import from the FRUS volume {volume}: the document's text and notes as published, "
            "its dateline in an opener; persons linked to the edition's register of persons (per:), which keeps "
            "the volume's FRUS ids; abbreviations expanded from the volume's list of terms as abbr and expan; "
            "attachments and enclosures (frus:attachment) as div[@type='attachment']; pointers to other documents "
            "of the volume rewritten as links to their files, to its front and back matter as history.state.gov URLs.")
    return ("    <encodingDesc>\n"
            # Declares that the document follows TEI All rather than the edition's own schema.
            f'      <schemaRef key="tei_all" url="{TEI_ALL_URL}"/>\n'
            f"      <editorialDecl>\n        <p>{_x(decl)}</p>\n      </editorialDecl>\n"
            f'      <refsDecl>\n        <citeStructure unit="block" match="{_x(CITE_MATCH)}" use="@n"/>\n      </refsDecl>\n'
            '      <listPrefixDef>\n        <prefixDef ident="per" matchPattern="(.+)" '
            'replacementPattern="persons.xml#$1"/>\n      </listPrefixDef>\n'
            "    </encodingDesc>\n")
