"""One document's metadata (DocumentMeta), read from its TEI header once: for pages, exports and the server."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from . import tei

NS = tei.NSMAP
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


@dataclass(frozen=True)
class DocumentMeta:
    """What pages, exchange formats and the server know about one TEI document, read from its header."""

    id: str
    title: str
    date: str = ""
    datestamp: str = "1970-01-01"
    archive: str = ""
    archive_id: str = ""
    original_language: str = ""
    languages: tuple[str, ...] = ()
    abstract: str = ""
    citation: str = ""
    source_uri: str = ""
    canonical_uri: str = ""
    translators: tuple[str, ...] = ()
    contributors: tuple[str, ...] = ()
    editors: tuple[str, ...] = ()
    persons: tuple[str, ...] = ()
    funder: str = ""
    pages: str = ""
    # The date as written (@when), for ordering: the header's creation date, else the text's first date.
    when: str = ""

    def to_dict(self) -> dict:
        """Return a JSON-ready dictionary (tuples as lists)."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict) -> "DocumentMeta":
        """Rebuild metadata from to_dict() output (e.g. a cached task summary)."""
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()
                      if k in cls.__dataclass_fields__})


_SKIPPED = (tei.T("note"), tei.T("sic"), tei.T("orig"))


def text_of(element) -> str:
    """Return an element's text with whitespace collapsed, leaving out notes and the sic/orig of choices."""
    if element is None:
        return ""
    parts: list[str] = []
    _collect(element, parts)
    return " ".join("".join(parts).split())


def _collect(element, parts: list[str]) -> None:
    if element.text and isinstance(element.tag, str):
        parts.append(element.text)
    for child in element:
        if child.tag not in _SKIPPED and isinstance(child.tag, str):
            _collect(child, parts)
        if child.tail:
            parts.append(child.tail)


def _first(root, path: str) -> str:
    found = tei.xpath(path)(root)
    if not found:
        return ""
    value = found[0]
    return " ".join(str(value).split()) if isinstance(value, str) else text_of(value)


def _all(root, path: str) -> tuple[str, ...]:
    values = []
    for value in tei.xpath(path)(root):
        text = " ".join(str(value).split()) if isinstance(value, str) else text_of(value)
        if text and text not in values:
            values.append(text)
    return tuple(values)


def normalise_date(value: str) -> str:
    """Return the YYYY[-MM[-DD]] part of a TEI @when value, or '' if it has none."""
    match = _DATE.match(value or "")
    if not match:
        return ""
    return "-".join(part for part in match.groups() if part)


def day(value: str) -> str:
    """Return a date as a full YYYY-MM-DD day (missing month or day taken as 01)."""
    match = _DATE.match(value or "")
    if not match:
        return ""
    year, month, dd = match.groups()
    return f"{year}-{month or '01'}-{dd or '01'}"


def datestamp_of(root, fallback: str = "") -> str:
    """Return the document's deterministic OAI datestamp (YYYY-MM-DD).

    The datestamp is the latest date the TEI records for its own history
    (revisionDesc/change/@when, publicationStmt/date/@when); without one, the
    document's creation date; without that, `fallback` (the edition's date), else 1970-01-01.
    File modification times are never used: they change on every checkout.
    """
    history = [day(v) for v in tei.xpath(
        "tei:teiHeader/tei:revisionDesc//tei:change/@when | tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:date/@when")(root)]
    history = [d for d in history if d]
    if history:
        return max(history)
    created = day(_first(root, "tei:teiHeader/tei:profileDesc/tei:creation//tei:date/@when"))
    return created or day(fallback) or "1970-01-01"


def read_meta(tree, fallback_id: str = "", edition_date: str = "") -> DocumentMeta:
    """Read the metadata of a parsed TEI document (an untitled one is titled fallback_id)."""
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    header = "tei:teiHeader/tei:fileDesc/"
    doc_id = root.get(tei.XML_ID) or fallback_id
    title = (_first(root, header + "tei:titleStmt/tei:title[@type='main']")
             or _first(root, header + "tei:titleStmt/tei:title[not(@type='sub')]")
             or _first(root, header + "tei:titleStmt/tei:title") or _first(root, "(tei:text//tei:head)[1]") or fallback_id
             or doc_id)
    date = normalise_date(_first(root, "tei:teiHeader/tei:profileDesc/tei:creation//tei:date/@when"))
    repository = _first(root, header + "tei:sourceDesc/tei:msDesc/tei:msIdentifier/tei:repository")
    main_lang = _first(root, header + "tei:sourceDesc/tei:msDesc/tei:msContents/tei:textLang/@mainLang")
    languages = _all(root, "tei:teiHeader/tei:profileDesc/tei:langUsage/tei:language/@ident")
    if not languages and root.get(tei.XML_LANG):
        languages = (root.get(tei.XML_LANG),)
    resp = header + "tei:titleStmt/tei:respStmt[tei:resp/@key='{}']/*[self::tei:persName or self::tei:orgName or self::tei:name]"
    return DocumentMeta(
        id=doc_id,
        title=title,
        date=date,
        datestamp=datestamp_of(root, edition_date),
        archive=repository,
        archive_id=(_first(root, header + "tei:sourceDesc/tei:msDesc/tei:msIdentifier/tei:idno")
                    or _first(root, header + "tei:publicationStmt/tei:idno[@type='archive']")),
        original_language=main_lang or (languages[0] if languages else ""),
        languages=languages,
        abstract=_first(root, "tei:teiHeader/tei:profileDesc/tei:abstract"),
        citation=_first(root, header + "tei:sourceDesc/tei:bibl[@type='citation']") or _first(root, header + "tei:sourceDesc/tei:bibl"),
        source_uri=_first(root, header + "tei:publicationStmt/tei:idno[@type='URI'][@subtype='source']"),
        canonical_uri=_first(root, header + "tei:publicationStmt/tei:idno[@type='URI'][@subtype='canonical']"),
        translators=_all(root, resp.format("translated")),
        contributors=_all(root, resp.format("obtained") + " | " + resp.format("transcribed") + " | " + resp.format("contributed")),
        editors=_all(root, header + "tei:titleStmt/tei:editor"),
        persons=_all(root, "tei:teiHeader/tei:profileDesc/tei:particDesc//tei:person/tei:persName[1]"),
        funder=_first(root, header + "tei:titleStmt/tei:funder"),
        pages=_first(root, header + "tei:sourceDesc/tei:msDesc/tei:msContents/tei:msItem/tei:locus"),
        when=(_first(root, "tei:teiHeader/tei:profileDesc/tei:creation/tei:date/@when")
              or _first(root, "(tei:text//tei:date/@when)[1]")),
    )


