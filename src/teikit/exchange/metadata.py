"""Descriptive metadata of a TEI document (title, date, archive, languages...) and its Dublin Core and DataCite forms."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass

from lxml import etree

from .. import tei
from ..edition import Settings

NS = tei.NSMAP
DC_NS = "http://purl.org/dc/elements/1.1/"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
# The order of the fifteen elements in oai_dc.xsd is free, but a fixed order keeps output stable.
DC_ELEMENTS = ("title", "creator", "subject", "description", "publisher", "contributor", "date",
               "type", "format", "identifier", "source", "language", "relation", "coverage", "rights")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


@dataclass(frozen=True)
class DocumentMeta:
    """What exchange formats need to know about one TEI document, read from its header."""

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
    found = root.xpath(path, namespaces=NS)
    if not found:
        return ""
    value = found[0]
    return " ".join(str(value).split()) if isinstance(value, str) else text_of(value)


def _all(root, path: str) -> tuple[str, ...]:
    values = []
    for value in root.xpath(path, namespaces=NS):
        text = " ".join(str(value).split()) if isinstance(value, str) else text_of(value)
        if text and text not in values:
            values.append(text)
    return tuple(values)


def slug(value: str) -> str:
    """Return a setSpec-safe lower-case slug of a name ('PRC FMA' -> 'prc-fma')."""
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "unknown"


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
    history = [day(v) for v in root.xpath(
        "tei:teiHeader/tei:revisionDesc//tei:change/@when | tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:date/@when",
        namespaces=NS)]
    history = [d for d in history if d]
    if history:
        return max(history)
    created = day(_first(root, "tei:teiHeader/tei:profileDesc/tei:creation//tei:date/@when"))
    return created or day(fallback) or "1970-01-01"


def read_tree(tree, fallback_id: str = "", edition_date: str = "") -> DocumentMeta:
    """Read the metadata of a parsed TEI document."""
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    header = "tei:teiHeader/tei:fileDesc/"
    doc_id = root.get(tei.XML_ID) or fallback_id
    title = (_first(root, header + "tei:titleStmt/tei:title[@type='main']")
             or _first(root, header + "tei:titleStmt/tei:title") or doc_id)
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
    )


def document_url(settings: Settings, doc_id: str) -> str:
    """Return the public URL of a document's HTML page (the site's documents/ID.html), or '' without base_url."""
    if not settings.base_url:
        return ""
    return settings.base_url.rstrip("/") + f"/documents/{doc_id}.html"


def dublin_core(meta: DocumentMeta, settings: Settings) -> list[tuple[str, str]]:
    """Return the document's Dublin Core as (element, value) pairs in a fixed order."""
    pairs: list[tuple[str, str]] = [("title", meta.title)]
    pairs += [("contributor", f"{name} (translator)") for name in meta.translators]
    pairs += [("contributor", name) for name in meta.contributors + meta.editors]
    pairs += [("subject", name) for name in meta.persons]
    if meta.abstract:
        pairs.append(("description", meta.abstract))
    pairs.append(("publisher", settings.publisher or settings.title))
    if meta.date:
        pairs.append(("date", meta.date))
    pairs += [("type", "Text"), ("format", "application/tei+xml")]
    url = document_url(settings, meta.id)
    pairs += [("identifier", value) for value in (url, meta.canonical_uri) if value]
    pairs.append(("identifier", meta.id))
    for value in (meta.citation, meta.archive_id and f"{meta.archive} {meta.archive_id}".strip()):
        if value:
            pairs.append(("source", value))
    languages = list(meta.languages) or [settings.language]
    pairs += [("language", lang) for lang in languages]
    pairs.append(("relation", settings.title))
    if settings.licence:
        pairs.append(("rights", settings.licence + (f" ({settings.licence_url})" if settings.licence_url else "")))
    order = {name: i for i, name in enumerate(DC_ELEMENTS)}
    return sorted(pairs, key=lambda pair: order[pair[0]])


def oai_dc(pairs: list[tuple[str, str]]) -> etree._Element:
    """Return an <oai_dc:dc> element (valid against oai_dc.xsd) from Dublin Core pairs."""
    root = etree.Element(f"{{{OAI_DC_NS}}}dc", nsmap={"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_DC_NS} {OAI_DC_SCHEMA}")
    for name, value in pairs:
        etree.SubElement(root, f"{{{DC_NS}}}{name}").text = value
    return root


def edition_dublin_core(settings: Settings, metas: list[DocumentMeta]) -> list[tuple[str, str]]:
    """Return the Dublin Core of the edition as a whole."""
    pairs = [("title", settings.title)]
    pairs += [("creator", name) for name in settings.editors]
    if settings.publisher:
        pairs.append(("publisher", settings.publisher))
    dates = sorted(m.date for m in metas if m.date)
    if dates:
        pairs.append(("coverage", f"{dates[0]}/{dates[-1]}"))
    pairs += [("type", "Collection"), ("format", "application/tei+xml")]
    if settings.base_url:
        pairs.append(("identifier", settings.base_url))
    pairs.append(("identifier", settings.identifier))
    pairs.append(("language", settings.language))
    if settings.licence:
        pairs.append(("rights", settings.licence + (f" ({settings.licence_url})" if settings.licence_url else "")))
    order = {name: i for i, name in enumerate(DC_ELEMENTS)}
    return sorted(pairs, key=lambda pair: order[pair[0]])


def edition_date(settings: Settings, metas: list[DocumentMeta]) -> str:
    """Return the edition's date: `date` from edition.toml, else its documents' latest datestamp."""
    return day(str(settings.extra.get("date", ""))) or max((m.datestamp for m in metas), default="1970-01-01")


def _person(name: str) -> dict:
    # DataCite wants "Family, Given" for personal names; we keep the name as written and
    # let the nameType say what it is, which Zenodo accepts.
    return {"name": name, "nameType": "Personal"}


def datacite(meta: DocumentMeta, settings: Settings) -> dict:
    """Return the DataCite metadata (JSON attributes as the DataCite REST API and Zenodo take them) of a document."""
    year = meta.date[:4] if meta.date else ""
    attributes: dict = {
        "types": {"resourceTypeGeneral": "Text", "resourceType": "Archival record (translation)"},
        "titles": [{"title": meta.title}],
        "creators": [_person(name) for name in meta.translators] or [{"name": settings.publisher or settings.title, "nameType": "Organizational"}],
        "contributors": ([dict(_person(n), contributorType="DataCollector") for n in meta.contributors]
                         + [dict(_person(n), contributorType="Editor") for n in settings.editors + meta.editors]),
        "publisher": settings.publisher or settings.title,
        "publicationYear": year or meta.datestamp[:4],
        "language": settings.language,
        "subjects": [{"subject": name} for name in meta.persons],
        "dates": [{"date": meta.date, "dateType": "Created"}] if meta.date else [],
        "descriptions": [{"description": meta.abstract, "descriptionType": "Abstract"}] if meta.abstract else [],
        "identifiers": [{"identifier": meta.id, "identifierType": "Local"}],
        "relatedIdentifiers": [],
        "rightsList": [],
        "fundingReferences": [{"funderName": meta.funder}] if meta.funder else [],
    }
    url = document_url(settings, meta.id)
    if url:
        attributes["url"] = url
    for uri in (meta.canonical_uri, meta.source_uri):
        if uri:
            attributes["relatedIdentifiers"].append(
                {"relatedIdentifier": uri, "relatedIdentifierType": "URL", "relationType": "IsDerivedFrom"})
    if settings.base_url:
        attributes["relatedIdentifiers"].append(
            {"relatedIdentifier": settings.base_url, "relatedIdentifierType": "URL", "relationType": "IsPartOf"})
    if settings.licence:
        rights = {"rights": settings.licence}
        if settings.licence_url:
            rights["rightsUri"] = settings.licence_url
        attributes["rightsList"].append(rights)
    return {"data": {"type": "dois", "attributes": attributes}}


def edition_datacite(settings: Settings, metas: list[DocumentMeta]) -> dict:
    """Return the DataCite metadata of the edition as a whole, with its documents as parts."""
    dates = sorted(m.date for m in metas if m.date)
    attributes: dict = {
        "types": {"resourceTypeGeneral": "Collection", "resourceType": "Digital scholarly edition"},
        "titles": [{"title": settings.title}] + ([{"title": settings.short_title, "titleType": "AlternativeTitle"}]
                                                 if settings.short_title else []),
        "creators": [_person(name) for name in settings.editors] or [{"name": settings.publisher or settings.title, "nameType": "Organizational"}],
        "publisher": settings.publisher or settings.title,
        "publicationYear": edition_date(settings, metas)[:4],
        "language": settings.language,
        "dates": [{"date": f"{dates[0]}/{dates[-1]}", "dateType": "Coverage"}] if dates else [],
        "identifiers": [{"identifier": settings.identifier, "identifierType": "Local"}],
        "relatedIdentifiers": [{"relatedIdentifier": document_url(settings, m.id) or m.id,
                                "relatedIdentifierType": "URL" if settings.base_url else "Local",
                                "relationType": "HasPart"} for m in metas],
        "rightsList": ([{"rights": settings.licence, **({"rightsUri": settings.licence_url} if settings.licence_url else {})}]
                       if settings.licence else []),
    }
    if settings.base_url:
        attributes["url"] = settings.base_url
    return {"data": {"type": "dois", "attributes": attributes}}


def zenodo(settings: Settings, metas: list[DocumentMeta]) -> dict:
    """Return the deposit metadata Zenodo's REST API takes for the edition ({"metadata": {...}})."""
    dates = sorted(m.date for m in metas if m.date)
    description = f"A digital scholarly edition in TEI P5 of {len(metas)} archival records"
    if dates:
        description += f" dated {dates[0]} to {dates[-1]}"
    metadata = {
        "upload_type": "publication",
        "publication_type": "other",
        "title": settings.title,
        "creators": [{"name": name} for name in settings.editors] or [{"name": settings.publisher or settings.title}],
        "description": description + ".",
        "language": {"en": "eng"}.get(settings.language, settings.language),
        "keywords": sorted({m.archive for m in metas if m.archive}),
        "related_identifiers": [{"identifier": settings.base_url, "relation": "isSupplementTo"}] if settings.base_url else [],
    }
    if settings.extra.get("date"):
        # Without it Zenodo dates the record by its deposit, which is right for a new edition.
        metadata["publication_date"] = edition_date(settings, metas)
    if settings.licence:
        metadata["license"] = settings.licence.lower().replace(" ", "-")
    return {"metadata": metadata}
