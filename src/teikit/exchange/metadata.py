"""A document's metadata (teikit.meta.DocumentMeta) in its Dublin Core, DataCite and Zenodo forms."""

from __future__ import annotations

import re
import unicodedata

from lxml import etree

from ..edition import Settings
from ..meta import DocumentMeta, day

DC_NS = "http://purl.org/dc/elements/1.1/"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
# The order of the fifteen elements in oai_dc.xsd is free, but a fixed order keeps output stable.
DC_ELEMENTS = ("title", "creator", "subject", "description", "publisher", "contributor", "date",
               "type", "format", "identifier", "source", "language", "relation", "coverage", "rights")


def slug(value: str) -> str:
    """Return a setSpec-safe lower-case slug of a name ('PRC FMA' -> 'prc-fma')."""
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "unknown"


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
