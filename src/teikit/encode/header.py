"""Build the teiHeader of a record, and print the record's header text back from it.

Every labelled section of a wilson record is kept, in the source's order, as a
`notesStmt/note[@type='section']` (label in `@n`); sections with a structured home
(citation, summary, original language, source, URL) hold a `ptr` to it instead of a copy.
"""

from __future__ import annotations

import copy
import functools
import re

import yaml
from lxml import etree

from ..readers.base import Record
from ..readers.dafp_heading import heading
from ..readers.wilson import canonical_url, record_number
from ..tei import TEI_NS, TEI_PREFIX as _T, XML_ID
from . import archive_refs, dafp_front
from .body import translated
from .brackets import read_title
from .citation import RESP_VERBS, Citation, parse_citation
from .dates import real_when


# Original languages as the archive names them -> BCP 47.
LANGUAGES = {
    "albanian": "sq", "arabic": "ar", "bulgarian": "bg", "chinese": "zh", "czech": "cs",
    "english": "en", "french": "fr", "german": "de", "hungarian": "hu", "italian": "it",
    "japanese": "ja", "korean": "ko", "mongolian": "mn", "persian": "fa", "polish": "pl",
    "portuguese": "pt", "romanian": "ro", "russian": "ru", "serbian": "sr", "slovak": "sk",
    "spanish": "es", "ukrainian": "uk", "vietnamese": "vi", "hindi": "hi", "hebrew": "he",
}
# Sections with a structured home elsewhere in the header: label -> the xml:id they point to.
POINTED = {"citation": "h-citation", "summary": "h-abstract", "original language": "h-lang",
           "source": "h-source", "url": "h-url"}
NAME_SECTIONS = {"author(s)", "associated people & organizations", "document contributors"}
PLACE_SECTIONS = {"associated places"}
# Family-name-first surnames: "Mao, Zedong" is Mao Zedong, "Kohl, Helmut" is Helmut Kohl.
EAST_ASIAN_SURNAMES = {
    "bai", "bo", "cai", "cao", "chen", "cheng", "chiang", "chang", "choe", "chou", "chu", "deng", "ding",
    "dong", "du", "fang", "feng", "gao", "guo", "han", "hao", "he", "ho", "hu", "huang", "jiang",
    "jiao", "kang", "kim", "kong", "lee", "li", "liang", "lin", "liu", "lu", "luo", "ma", "mao",
    "nam", "pak", "park", "peng", "qian", "ri", "rim", "shen", "song", "sun", "tan", "tang", "wang",
    "wu", "xu", "yang", "ye", "yi", "yu", "zhang", "zhao", "zhou", "zhu", "satō", "sato",
    "nakajima", "tanaka", "ikeda", "kishi", "yoshida", "ohira", "miki", "fukuda", "shiina",
}
_ORG_WORDS = re.compile(r"\b(?:Ministry|Association|Bureau|Party|Committee|Council|Foundation|Department|"
                        r"Office|Organization|Organisation|Union|Agency|Embassy|Government|Archives?|"
                        r"Commission|Institute|Bank|Army|Federation|League)\b|\.\s")
_BRACKET = re.compile(r"\[([^\[\]]+)\]")
_VARIANT = re.compile(r"\s*\(([^()]+)\)$")
_LANGUAGE_SEP = re.compile(r"[,;/]| and ")
_SUPPORT = re.compile(r"support from (?:the )?(?P<f>.+?)\.?$")
_RESP_VERB = re.compile("|".join(RESP_VERBS), re.IGNORECASE)
EDITORIAL = (
    "Square brackets of the source translation are encoded and none is left in the text, each read "
    "by what its words do in the sentence: words that complete the sentence as <supplied>; the "
    "referent of a pronoun or a title as an identifying <note>; glosses and explanations as "
    "<note>; corrections marked sic as <sic> (with <corr> in a <choice>); omission marks as <gap>; "
    "alternative romanizations as <choice> with <orig> and <reg>; original-language words as "
    "<foreign>; words added by hand as <add>. @resp names whose intervention each is (#trl: the "
    "translators); a reading the editors should check has @cert low.",
    "Paragraphs that the source split at a page end are rejoined; the break is kept as <pb/>. "
    "Markdown decoration of the source (bold, headings, escapes) is not kept.",
    "Persons, organizations and places are linked to the edition's registers (per:, org:, pla:); "
    "dates carry ISO @when, completed from the document date where the source omits month or year.",
)
_BRACKETS = re.compile(r"[\[\]]")
DAFP_SERIES = "Documents on Australian Foreign Policy"
WILSON = "Wilson Center Digital Archive"


_ATTR = {"xml__id": XML_ID, "from_": "from"}


def _attributes(attrs: dict) -> dict:
    return {_ATTR.get(k, k): v for k, v in attrs.items() if v is not None}


def _fill(element: etree._Element, children) -> etree._Element:
    for child in children:
        if child is None:
            continue
        if isinstance(child, str):
            _append_text(element, child)
        else:
            element.append(child)
    return element


def E(tag: str, *children, **attrs) -> etree._Element:
    """Build a TEI element with text (str children), sub-elements and attributes."""
    return _fill(etree.Element(_T + tag, _attributes(attrs)), children)


def S(parent: etree._Element, tag: str, *children, **attrs) -> etree._Element:
    """Append a TEI element with text (str children), sub-elements and attributes to parent.

    Building in place avoids moving each finished subtree into its parent's document.
    """
    return _fill(etree.SubElement(parent, _T + tag, _attributes(attrs)), children)


def _append_text(element: etree._Element, text: str) -> None:
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


def _with_brackets(parent: etree._Element, tag: str, text: str, resp: str | None, readings=(),
                   **attrs) -> etree._Element:
    """Append an element whose "[...]" insertions become <supplied> (titles carry them too).

    `readings` are teikit.encode.brackets.read_title's, one per bracket: an identification is
    `reason="identification"`, and a reading of low certainty says so.
    """
    element = S(parent, tag, **attrs)
    pos = 0
    for index, match in enumerate(_BRACKET.finditer(text)):
        _append_text(element, text[pos:match.start()])
        kind, cert = readings[index][1:] if index < len(readings) else ("supplied", "high")
        S(element, "supplied", match.group(1), reason="identification" if kind == "identification" else "clarification",
          resp=resp, cert="low" if cert == "low" else None)
        pos = match.end()
    _append_text(element, text[pos:])
    return element


def split_name(entry: str) -> tuple[str, str, list[str]]:
    """Return (kind, main name, other forms) of a catalogue entry such as "Chiang, Ching-kuo (Jiang Jingguo)"."""
    entry = " ".join(entry.split())
    variant = _VARIANT.search(entry)
    forms = []
    core = entry
    if variant:
        forms.append(variant.group(1))
        core = entry[:variant.start()]
    if "," not in core or _ORG_WORDS.search(core):
        return "org", core, forms
    surname, _, given = (part.strip() for part in core.partition(","))
    first = surname.lower() in EAST_ASIAN_SURNAMES
    main = f"{surname} {given}" if first else f"{given} {surname}"
    return "person", main, [core] + forms


def _name_element(parent, registers, kind: str, text: str, main: str, forms: list[str]) -> etree._Element:
    ident = registers.propose(kind, main, forms=tuple(forms))
    tag, prefix = {"person": ("persName", "per"), "org": ("orgName", "org"), "place": ("placeName", "pla")}[kind]
    return S(parent, tag, text, ref=f"{prefix}:{ident}")


def _language(record: Record) -> tuple[str, str]:
    """Return (name as given, BCP 47 code) of the original language; DAFP records are English."""
    name = record.fields.get("original language", "").strip()
    if record.reader == "dafp" and not name:
        return "English", "en"
    first = _LANGUAGE_SEP.split(name)[0].strip().lower() if name else ""
    return name, LANGUAGES.get(first, "und")


def build_header(record: Record, registers, speakers, parent: etree._Element | None = None,
                 decide=None) -> etree._Element:
    """Return a record's teiHeader, appended to parent when given; persons it names are proposed.

    `decide(line, words, class, certainty)`, when given, hears how each bracket of the title and
    of the citation was read (teikit.encode.context.Context.decide).
    """
    translation = translated(record)

    def readings(text: str, field: str | None = None):
        found = read_title(text, registers, translation) if "[" in text else []
        # Front matter (DAFP's YAML title) is metadata, not the record's text: its brackets are not read.
        if decide is not None and field is not None and field not in record.meta:
            for words, kind, cert in found:
                decide(record.lines.get(field, 0), words, kind, cert)
        return found

    citation = parse_citation(record.fields["citation"]) if "citation" in record.fields else None
    source = parse_citation(record.fields["source"]) if "source" in record.fields else None
    resps = (citation.resps if citation else []) or (source.resps if source else [])
    # "#trl" (every @resp of the text points there) names those responsible for the English
    # text's interventions: the translators, else the last named hand, else the publisher.
    translators = [i for i, r in enumerate(resps) if "translated" in r.verbs]
    trl = translators[0] if translators else len(resps) - 1
    resp_ref = "#trl"

    header = E("teiHeader") if parent is None else S(parent, "teiHeader")
    file_desc = S(header, "fileDesc")
    title_stmt = S(file_desc, "titleStmt")
    title_readings = readings(record.title, "title")
    _with_brackets(title_stmt, "title", record.title, resp_ref, title_readings, type="main")
    funder = _funder(record.fields.get("credits", ""))
    if funder:
        S(title_stmt, "funder", funder)
    for index, resp in enumerate(resps):
        _resp_stmt(title_stmt, resp, registers, index + 1, index == trl)
    if not resps:
        key, text, body = (("edited", "Edited by", f"the editors of {DAFP_SERIES}") if record.reader == "dafp"
                           else ("published", "English text published by", WILSON))
        stmt = S(title_stmt, "respStmt", xml__id="trl")
        S(stmt, "resp", text, key=key)
        S(stmt, "orgName", body)

    _publication(file_desc, record, citation)
    if record.reader == "dafp":
        _series(file_desc, record)
    _notes(file_desc, record, registers)
    _source_desc(file_desc, record, citation, source, resp_ref, readings, title_readings)

    header.append(copy.deepcopy(_encoding_desc()))
    _profile(header, record, registers, speakers)
    return header


@functools.cache
def _encoding_desc() -> etree._Element:
    """The encodingDesc, the same in every document: built once, copied into each header."""
    return E("encodingDesc",
             E("editorialDecl", *[_decl_p(text) for text in EDITORIAL]),
             E("refsDecl", E("citeStructure", unit="block", match="/TEI/text/body/*[@n]", use="@n")),
             E("listPrefixDef", *[E("prefixDef", ident=p, matchPattern="(.+)", replacementPattern=f"{f}#$1")
                                  for p, f in (("per", "persons.xml"), ("org", "persons.xml"),
                                               ("pla", "places.xml"))]))


def _decl_p(text: str) -> etree._Element:
    """A paragraph whose <name> tokens become <gi>name</gi>."""
    p = E("p")
    pos = 0
    for match in re.finditer(r"<(\w+)/?>", text):
        _append_text(p, text[pos:match.start()])
        p.append(E("gi", match.group(1)))
        pos = match.end()
    _append_text(p, text[pos:])
    return p


def _funder(credits: str) -> str:
    match = _SUPPORT.search(credits.strip())
    return match.group("f").strip() if match else ""


def _resp_stmt(parent, resp, registers, index: int, is_trl: bool) -> None:
    """One respStmt per clause, one resp per verb; the one @resp="#trl" points to has xml:id trl."""
    ident = "trl" if is_trl else f"resp-{index}-{resp.verbs[0]}"
    stmt = S(parent, "respStmt", xml__id=ident)
    verbs = list(_RESP_VERB.finditer(resp.text))
    for i, verb in enumerate(verbs):
        if i + 1 < len(verbs):
            S(stmt, "resp", verb.group(0), key=verb.group(0).lower())
            continue
        resp_el = S(stmt, "resp", resp.text[verb.start():verb.end()], key=verb.group(0).lower())
        if resp.for_body:
            _append_text(resp_el, " for ")
            S(resp_el, "orgName", resp.for_body)
        _append_text(resp_el, " by")
    for name in resp.names:
        _name_element(stmt, registers, "person", name, name, [])


def _publication(parent, record: Record, citation: Citation | None) -> None:
    pub = S(parent, "publicationStmt")
    S(pub, "publisher", "teikit")
    S(pub, "idno", record.doc_id, type="teikit")
    number = record_number(record.doc_id) if record.reader == "wilson" else ""
    if number:
        S(pub, "idno", number, type="archive")
    url = record.meta.get("url", "") if record.reader == "wilson" else ""
    if url:
        S(pub, "idno", url, type="URI", subtype="source", xml__id="h-url" if "url" in record.fields else None)
    canonical = canonical_url(record.doc_id) if record.reader == "wilson" else ""
    if canonical:
        S(pub, "idno", canonical, type="URI", subtype="canonical")


def _series(parent, record: Record) -> None:
    meta = record.meta
    series = S(parent, "seriesStmt")
    S(series, "title", DAFP_SERIES, type="main")
    S(series, "title", str(meta.get("vol_full_title", "")), type="volume")
    if meta.get("vol_title") and meta.get("vol_title") != meta.get("vol_full_title"):
        S(series, "title", str(meta["vol_title"]), type="volume-short")
    S(series, "biblScope", str(meta["vol_id"]), unit="volume", n=str(meta["vol_id"]))
    if meta.get("doc_num") is not None:
        S(series, "idno", str(meta["doc_num"]), type="dafp-document")
    if meta.get("doc_order") is not None:
        S(series, "idno", str(meta["doc_order"]), type="dafp-order")


def _notes(parent, record: Record, registers) -> None:
    if record.reader != "wilson" or not record.fields:
        return
    notes = S(parent, "notesStmt")
    for key, text in record.fields.items():
        label = record.labels.get(key, key.title())
        note = S(notes, "note", type="section", n=label)
        # A pointer only where its target exists: an empty summary or a URL field without
        # a URL keep their text here.
        if key in POINTED and text and (key != "url" or record.meta.get("url")):
            S(note, "ptr", target="#" + POINTED[key])
        elif key in NAME_SECTIONS or key in PLACE_SECTIONS:
            for i, item in enumerate(x.strip() for x in text.split(";") if x.strip()):
                if i:
                    _append_text(note, "; ")
                if key in PLACE_SECTIONS:
                    _name_element(note, registers, "place", item, item, [])
                else:
                    kind, main, forms = split_name(item)
                    _name_element(note, registers, kind, item, main, forms)
        elif key == "subjects discussed":
            for i, item in enumerate(x.strip() for x in text.split(";") if x.strip()):
                if i:
                    _append_text(note, "; ")
                S(note, "term", item)
        else:
            _append_text(note, text)


def note_discrepancy(header: etree._Element, text: etree._Element, record: Record) -> None:
    """Note in notesStmt that the text's dateline dates the document otherwise than the archive.

    Both dates are kept as the sources give them (minutes are often signed days after the
    meeting the archive dates them by); the note tells readers, and the validator, that the
    difference is known.
    """
    if not record.date_when:
        return
    header_day = record.date_when.split("T")[0]
    for date in text.iterfind(f".//{_T}dateline//{_T}date[@when]"):
        day = date.get("when").split("T")[0]
        if day.startswith(header_day) or header_day.startswith(day):
            continue
        file_desc = header.find(_T + "fileDesc")
        notes = file_desc.find(_T + "notesStmt")
        if notes is None:
            notes = E("notesStmt")
            file_desc.find(_T + "sourceDesc").addprevious(notes)
        given = " ".join("".join(date.itertext()).split())
        S(notes, "note", f"The archive dates this document {record.date}; its dateline reads {given} ({day}).",
          type="discrepancy")
        return


def _bibl(parent, citation: Citation, kind: str, ident: str, resp: str | None, readings) -> None:
    bibl = S(parent, "bibl", type=kind, xml__id=ident)
    for part, text in citation.parts:
        if part == "text":
            _append_text(bibl, text)
        elif part == "title":
            _with_brackets(bibl, "title", text, resp, readings(text, kind), level="a")
        elif part == "date":
            S(bibl, "date", text, when=citation.date_when)
        elif part == "publisher":
            S(bibl, "publisher", text)
        elif part == "idno":
            S(bibl, "idno", text, type="signature")
        elif part == "pages":
            sig = citation.signature
            S(bibl, "citedRange", text, unit="page", from_=sig.pages[1], to=sig.pages[2])
        elif part == "url":
            S(bibl, "ref", text, target=text)


def _source_desc(parent, record: Record, citation, source, resp, readings, title_readings) -> None:
    desc = S(parent, "sourceDesc")
    if citation is not None:
        _bibl(desc, citation, "citation", "h-citation", resp, readings)
    if source is not None:
        _bibl(desc, source, "source", "h-source", resp, readings)
    lang_name, lang_code = _language(record)
    if record.reader == "dafp":
        archive_refs.ms_descs(desc, record, S, lang_name, lang_code)
        return
    sig = (citation.signature if citation else None) or (source.signature if source else None)
    ms_desc = S(desc, "msDesc")
    ident = S(ms_desc, "msIdentifier")
    archive = record.fields.get("original archive", "")
    if archive and (sig is None or archive != sig.repository):
        S(ident, "institution", archive)
    if sig is not None:
        S(ident, "repository", sig.repository)
        for kind, value in sig.idnos:
            S(ident, "idno", value, type=kind)
    elif not archive:
        # No archival signature: the record is known only as the digital archive's item.
        S(ident, "repository", WILSON)
    contents = S(ms_desc, "msContents")
    S(contents, "textLang", lang_name or "Unknown", mainLang=lang_code,
      xml__id="h-lang" if "original language" in record.fields else None)
    item = S(contents, "msItem")
    if sig is not None and sig.pages:
        S(item, "locus", sig.pages[0], from_=sig.pages[1], to=sig.pages[2])
    _with_brackets(item, "title", record.title, resp, title_readings)


def _profile(parent, record: Record, registers, speakers) -> None:
    profile = S(parent, "profileDesc")
    summary = record.fields.get("summary", "")
    if summary:
        abstract = S(profile, "abstract", xml__id="h-abstract")
        for para in summary.split("\n\n"):
            S(abstract, "p", para)
    _creation(profile, record, registers)
    if record.reader == "dafp":
        dafp_front.text_class(profile, record, S)
    lang_name, lang_code = _language(record)
    usage = S(profile, "langUsage")
    S(usage, "language", "English" + (" (translation)" if lang_code != "en" else ""), ident="en")
    if lang_code != "en":
        S(usage, "language", f"{lang_name or 'Unknown'} (original)", ident=lang_code)
    partic = S(profile, "particDesc")
    if speakers:
        people = S(partic, "listPerson", type="speakers")
        for ident in speakers:
            entry = registers.get("person", ident)
            person = S(people, "person", sameAs=f"per:{ident}")
            if entry:
                S(person, "persName", entry.main)
    # The archive's "Document Contributors" are the parties to the conversation or exchange.
    contributors = [split_name(x) for x in record.fields.get("document contributors", "").split(";") if x.strip()]
    if any(kind == "person" for kind, _, _ in contributors):
        people = S(partic, "listPerson", type="contributors")
        for kind, main, forms in contributors:
            if kind == "person":
                ident = registers.propose("person", main, forms=tuple(forms))
                S(S(people, "person", sameAs=f"per:{ident}"), "persName", main)
    if not len(partic):
        profile.remove(partic)


def _creation(parent, record: Record, registers) -> None:
    """The document's date (and for DAFP the place and time of its heading)."""
    creation = S(parent, "creation")
    dateline = next((b for b in record.body[:4] if b.kind == "dateline"), None) if record.reader == "dafp" else None
    found = heading(dateline.text) if dateline is not None else None
    if found is not None:
        line = dateline.text
        if found.place:
            place = line[found.place[0]:found.place[1]].strip("[]")
            main = place.title() if place.isupper() else place
            _name_element(creation, registers, "place", place, main, [place] if main != place else [])
            _append_text(creation, ", ")
        when = found.when if found.when.startswith(record.date_when) else record.date_when
        # The heading's brackets (supplied parts) stay in the body; the header gives the date plain.
        S(creation, "date", " ".join(_BRACKETS.sub("", line[found.date[0]:found.date[1]]).split()), when=real_when(when))
        return
    S(creation, "date", record.date, when=record.date_when)


# -- the header text back from the TEI --------------------------------------------------

def _text(element) -> str:
    """Text of an element on one line, with <supplied> put back in square brackets."""
    return " ".join(_raw_text(element).split())


def _raw_text(element) -> str:
    if element is None:
        return ""
    parts = [element.text or ""]
    for child in element:
        inner = _raw_text(child)
        parts.append(f"[{inner}]" if child.tag == _T + "supplied" else inner)
        parts.append(child.tail or "")
    return "".join(parts)


def header_text(tei_root: etree._Element) -> str:
    """Return the header part of the record text (date line, title, labelled sections) from TEI."""
    ns = {"t": TEI_NS}
    header = tei_root.find(f"{_T}teiHeader")
    if header.find("t:fileDesc/t:seriesStmt/t:idno[@type='dafp-document']", ns) is not None:
        return _dafp_header_text(header, ns)
    lines = [_text(header.find("t:profileDesc/t:creation/t:date", ns)),
             _text(header.find("t:fileDesc/t:titleStmt/t:title[@type='main']", ns)), ""]
    by_id = {e.get(XML_ID): e for e in header.iter() if e.get(XML_ID)}
    for note in header.iterfind("t:fileDesc/t:notesStmt/t:note[@type='section']", ns):
        lines.append(f"{note.get('n')}:")
        lines.append("")
        ptr = note.find("t:ptr", ns)
        if ptr is not None:
            target = by_id.get(ptr.get("target", "").lstrip("#"))
            if target is not None and target.tag == _T + "abstract":
                lines.append("\n\n".join(_text(p) for p in target.iterfind("t:p", ns)))
            else:
                lines.append(_text(target))
        else:
            lines.append(_text(note))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _dafp_header_text(header, ns) -> str:
    """The YAML front matter of a DAFP record, rebuilt from the header."""
    series = header.find("t:fileDesc/t:seriesStmt", ns)
    meta = {
        "doc_date": header.find("t:profileDesc/t:creation/t:date", ns).get("when")[:10],
        "doc_num": _int(series.findtext("t:idno[@type='dafp-document']", namespaces=ns)),
        "title": _text(header.find("t:fileDesc/t:titleStmt/t:title[@type='main']", ns)),
        "vol_full_title": series.findtext("t:title[@type='volume']", namespaces=ns),
        "vol_id": _int(series.findtext("t:biblScope[@unit='volume']", namespaces=ns)),
    }
    meta["vol_title"] = series.findtext("t:title[@type='volume-short']", namespaces=ns) or meta["vol_full_title"]
    order = series.findtext("t:idno[@type='dafp-order']", namespaces=ns)
    if order is not None:
        meta["doc_order"] = _int(order)
    refs = []
    for ident in archive_refs.front_matter_identifiers(header):
        ref = {}
        for key, kind in (("naa_series", "series"), ("naa_control_symbol", "controlSymbol"),
                          ("naa_barcode", "barcode")):
            value = ident.findtext(f"t:idno[@type='{kind}']", namespaces=ns)
            if value is not None:
                ref[key] = _int(value) if kind == "barcode" else value
        reference = next((alt.findtext("t:idno[@type='reference']", namespaces=ns)
                          for alt in ident.iterfind("t:altIdentifier", ns) if alt.get("type") is None), None)
        if reference is not None:
            ref["reference"] = f"[{reference}]"
        if ref:
            refs.append(ref)
    if refs:
        meta["naa_refs"] = refs
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) + "---\n"


def _int(value):
    return int(value) if value is not None and value.isdigit() else value
