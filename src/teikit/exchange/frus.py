"""Split a Foreign Relations of the United States (FRUS) volume into one TEI document per historical document."""

from __future__ import annotations

import copy
import re

from lxml import etree

from .. import tei
from .metadata import text_of

NS = tei.NSMAP
T = tei.T
FRUS_URL = "https://history.state.gov/historicaldocuments"
TEI_ALL_URL = "https://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng"
# Elements of a FRUS document div that are citable units (numbered with @n in the split document).
CITABLE_NAMES = ("p", "list", "table", "closer", "quote", "div")
CITABLE = {T(name) for name in CITABLE_NAMES}
# Page breaks carry @n too, so the citation structure names the citable elements explicitly.
CITE_MATCH = "/TEI/text/body/*[" + " or ".join(f"self::{name}" for name in CITABLE_NAMES) + "]"
_NUMBER = re.compile(r"^\s*\d+\.\s*")


def is_frus_volume(tree: etree._ElementTree) -> bool:
    """Return whether a parsed TEI file is a FRUS volume (it has an idno of type frus and document divs)."""
    root = tree.getroot()
    return (root.tag == T("TEI")
            and bool(root.xpath("tei:teiHeader//tei:idno[@type='frus']", namespaces=NS))
            and bool(root.xpath("tei:text//tei:div[@type='document']", namespaces=NS)))


def _volume_title(root) -> str:
    title = root.xpath("tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[@type='complete']", namespaces=NS)
    return text_of(title[0]) if title else text_of(root.find(f"{T('teiHeader')}/{T('fileDesc')}/{T('titleStmt')}/{T('title')}"))


def _lookup(root, list_type: str, tag: str) -> dict[str, etree._Element]:
    """Map the xml:ids of the volume's persons or terms lists to their list items."""
    found = {}
    for item in root.xpath(f"//tei:list[@type='{list_type}']/tei:item", namespaces=NS):
        for named in item.iter(T(tag)):
            if named.get(tei.XML_ID):
                found[named.get(tei.XML_ID)] = item
    return found


def _pointers(element) -> list[tuple[etree._Element, str]]:
    return [(e, name) for e in element.iter() if isinstance(e.tag, str)
            for name in ("target", "corresp", "ref", "facs") if (e.get(name) or "").startswith("#")]


def _person(ident: str, item: etree._Element) -> etree._Element:
    name_element = next(item.iter(T("persName")))
    person = etree.Element(T("person"))
    person.set(tei.XML_ID, ident)
    etree.SubElement(person, T("persName")).text = text_of(name_element)
    # The list item reads "Name, role": what follows the name (and its comma) describes the person.
    description = text_of(item)[len(text_of(name_element)):].lstrip(" ,")
    if description:
        etree.SubElement(person, T("note")).text = description
    return person


def split_volume(tree: etree._ElementTree) -> list[tuple[str, etree._ElementTree]]:
    """Return (id, TEI document) for every div[@type='document'] of a FRUS volume, in volume order."""
    root = tree.getroot()
    volume = root.xpath("string(tei:teiHeader//tei:idno[@type='frus'])", namespaces=NS).strip()
    divs = root.xpath("tei:text//tei:div[@type='document']", namespaces=NS)
    persons = _lookup(root, "names", "persName")
    terms = _lookup(root, "terms", "term")
    div_ids = [div.get(tei.XML_ID) or f"d{div.get('n') or number}" for number, div in enumerate(divs, 1)]
    # Where each xml:id inside a document lives, to turn cross-document pointers into file links.
    owner: dict[str, str] = {}
    for div, div_id in zip(divs, div_ids):
        doc_id = f"{volume}-{div_id}"
        for element in div.iter():
            if isinstance(element.tag, str) and element.get(tei.XML_ID):
                owner[element.get(tei.XML_ID)] = doc_id
    context = {
        "volume": volume,
        "title": _volume_title(root),
        "editors": root.xpath("tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:editor", namespaces=NS),
        "publication": root.find(f"{T('teiHeader')}/{T('fileDesc')}/{T('publicationStmt')}"),
        "persons": persons,
        "terms": terms,
        "owner": owner,
    }
    return [(f"{volume}-{div_id}", _document(div, div_id, context)) for div, div_id in zip(divs, div_ids)]


def _abbreviation(gloss: etree._Element, item: etree._Element) -> etree._Element:
    """Turn <gloss target="#t_X">ROK</gloss> into <choice><abbr>ROK</abbr><expan>…</expan></choice>."""
    term = next(item.iter(T("term")))
    choice = etree.Element(T("choice"))
    abbr = etree.SubElement(choice, T("abbr"))
    abbr.text = gloss.text
    for child in gloss:
        abbr.append(child)
    # The list item reads "ROK, Republic of Korea": the expansion is what follows the term.
    etree.SubElement(choice, T("expan")).text = text_of(item)[len(text_of(term)):].lstrip(" ,")
    choice.tail = gloss.tail
    return choice


def _body(div: etree._Element, ctx: dict, doc_id: str) -> tuple[etree._Element, list[str]]:
    """Return the document's body (its div unwrapped, in the edition's shape) and the persons it names."""
    body = etree.Element(T("body"))
    for child in div:
        child = copy.deepcopy(child)
        if child.tag == T("dateline"):
            # The edition keeps a document's place and date in an opener, as TEI suggests.
            opener = body[-1] if len(body) and body[-1].tag == T("opener") else etree.SubElement(body, T("opener"))
            opener.append(child)
        else:
            body.append(child)
    if not any(child.tag in CITABLE for child in body):
        # A document whose text the volume does not print (not declassified): say so with a gap.
        etree.SubElement(etree.SubElement(body, T("p")), T("gap"), reason="omitted")
    number = 0
    for child in body:
        if child.tag in CITABLE:
            number += 1
            child.set("n", str(number))
    persons: list[str] = []
    for element, name in _pointers(body):
        tokens = []
        for token in element.get(name).split():
            target = token[1:] if token.startswith("#") else None
            if target is None or ctx["owner"].get(target) == doc_id:
                tokens.append(token)
            elif target in ctx["persons"]:
                if target not in persons:
                    persons.append(target)
                tokens.append(token)
            elif target in ctx["terms"] and element.tag == T("gloss"):
                tokens = None
                element.getparent().replace(element, _abbreviation(element, ctx["terms"][target]))
                break
            elif target in ctx["owner"]:
                other = ctx["owner"][target]
                tokens.append(f"{other}.xml" + ("" if other.endswith(f"-{target}") else f"#{target}"))
            else:
                tokens.append(f"{FRUS_URL}/{ctx['volume']}/{target}")
        if tokens is not None:
            element.set(name, " ".join(tokens))
    return body, persons


def _document(div: etree._Element, div_id: str, ctx: dict) -> etree._ElementTree:
    """Return the TEI document of one FRUS document div."""
    volume = ctx["volume"]
    doc_id = f"{volume}-{div_id}"
    body, used_persons = _body(div, ctx, doc_id)

    head = div.find(T("head"))
    title = _NUMBER.sub("", text_of(head)) if head is not None else doc_id
    # The source note is typed in most documents; in some it is only the note that begins "Source:".
    notes = head.findall(T("note")) if head is not None else []
    typed = [n for n in notes if n.get("type") == "source"]
    source_note = (typed or [n for n in notes if re.match(r"\[?\s*Source:", text_of(n))] or [None])[0]
    source_text = text_of(source_note) if source_note is not None else ""
    when = div.xpath("string(tei:dateline//tei:date/@when)", namespaces=NS)
    when_text = text_of(div.xpath("tei:dateline//tei:date", namespaces=NS)[0]) if when else ""
    chapter = div.getparent().find(T("head")) if div.getparent() is not None else None

    E = etree.SubElement
    tei_root = etree.Element(T("TEI"), nsmap={None: tei.TEI_NS})
    tei_root.set(tei.XML_ID, doc_id)
    tei_root.set(tei.XML_LANG, "en")
    header = E(tei_root, T("teiHeader"))
    file_desc = E(header, T("fileDesc"))
    title_stmt = E(file_desc, T("titleStmt"))
    E(title_stmt, T("title"), type="main").text = title
    E(title_stmt, T("title"), type="volume").text = ctx["title"]
    for editor in ctx["editors"]:
        E(title_stmt, T("editor")).text = text_of(editor)
    pub = E(file_desc, T("publicationStmt"))
    E(pub, T("publisher")).text = "teikit"
    E(pub, T("idno"), type="teikit").text = doc_id
    E(pub, T("idno"), type="volume").text = volume
    E(pub, T("idno"), type="URI", subtype="canonical").text = f"{FRUS_URL}/{volume}/{div_id}"
    source_desc = E(file_desc, T("sourceDesc"))
    bibl = E(source_desc, T("bibl"), type="citation")
    chapter_text = f", chapter “{text_of(chapter)}”" if chapter is not None else ""
    bibl.text = f"{ctx['title']}{chapter_text}, Document {div.get('n') or div_id}. "
    publication = ctx["publication"]
    if publication is not None:
        for tag in ("publisher", "pubPlace", "date"):
            found = publication.find(T(tag))
            if found is not None and text_of(found):
                E(bibl, T(tag)).text = text_of(found)
    if source_text:
        E(bibl, T("note"), type="source").text = source_text
    ms_desc = E(source_desc, T("msDesc"))
    ms_id = E(ms_desc, T("msIdentifier"))
    repository = re.sub(r"^\[?\s*Source:\s*", "", source_text).split(",")[0].strip().rstrip(".") if source_text else ""
    E(ms_id, T("repository")).text = repository or "Office of the Historian, U.S. Department of State"
    E(ms_id, T("idno"), type="document").text = f"{volume}/{div_id}"
    contents = E(ms_desc, T("msContents"))
    E(contents, T("textLang"), mainLang="en").text = "English"

    encoding = E(header, T("encodingDesc"))
    # Declares that the document follows TEI All rather than the edition's own schema.
    E(encoding, T("schemaRef"), key="tei_all", url=TEI_ALL_URL)
    E(E(encoding, T("editorialDecl")), T("p")).text = (
        f"Split by teikit import from the FRUS volume {volume}: the document's text and notes as published, "
        "its dateline in an opener; the persons it names copied from the volume's list of persons; "
        "abbreviations expanded from the volume's list as abbr and expan; pointers to other documents "
        "of the volume rewritten as links to their files.")
    refs = E(encoding, T("refsDecl"))
    E(refs, T("citeStructure"), unit="block", match=CITE_MATCH, use="@n")

    profile = E(header, T("profileDesc"))
    if when:
        E(E(profile, T("creation")), T("date"), when=when).text = when_text or when
    lang_usage = E(profile, T("langUsage"))
    E(lang_usage, T("language"), ident="en").text = "English"
    if used_persons:
        partic = E(profile, T("particDesc"))
        listing = E(partic, T("listPerson"), type="mentioned")
        for ident in used_persons:
            listing.append(_person(ident, ctx["persons"][ident]))

    text = E(tei_root, T("text"))
    text.set(tei.XML_LANG, "en")
    text.append(body)
    etree.cleanup_namespaces(tei_root)
    # Only the generated header is indented: whitespace added to the body would change its text.
    etree.indent(header, space="  ", level=1)
    header.tail = "\n  "
    return etree.ElementTree(tei_root)
