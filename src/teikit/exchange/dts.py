"""Distributed Text Services (version 1-alpha): entry, collection, navigation and document endpoints."""

from __future__ import annotations

import copy
import math
import threading
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from lxml import etree

from .. import tei
from ..meta import DocumentMeta
from .citation import CitationError, CitationTree, Unit, citation_trees
from .index import EditionIndex, IndexedDocument
from .metadata import slug

DTS_VERSION = "1-alpha"
CONTEXT = "https://distributed-text-services.github.io/specifications/context/1-alpha1.json"
DTS_NS = "https://w3id.org/dts/api#"
TEI_MEDIA_TYPE = "application/tei+xml"
JSON_LD = "application/ld+json"
BASE = "/api/dts"
COLLECTION_TEMPLATE = f"{BASE}/collection{{?id,page,nav}}"
NAVIGATION_TEMPLATE = f"{BASE}/navigation{{?resource,ref,start,end,down,tree,page}}"
DOCUMENT_TEMPLATE = f"{BASE}/document{{?resource,ref,start,end,tree,mediaType}}"
DEFAULT_PAGE_SIZE = 100

# Parameters each endpoint understands; others are ignored, as URI templates allow.
PARAMETERS = {
    "collection": ("id", "page", "nav"),
    "navigation": ("resource", "ref", "start", "end", "down", "tree", "page"),
    "document": ("resource", "ref", "start", "end", "tree", "mediaType"),
}


class DTSError(Exception):
    """An error the API answers with an HTTP status and a JSON-LD Status object."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message

    def to_json(self) -> dict:
        """Return the hydra Status object of the error."""
        titles = {400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 414: "URI Too Long"}
        return {"@context": CONTEXT, "@type": "Status", "dtsVersion": DTS_VERSION, "statusCode": self.status,
                "title": titles.get(self.status, "Error"), "description": self.message}


@dataclass
class Response:
    """What an endpoint returns: a status, a body (JSON-able dict or bytes), a media type and headers."""

    body: dict | bytes
    media_type: str = JSON_LD
    status: int = 200
    headers: dict = field(default_factory=dict)


def _q(value: str) -> str:
    return quote(value, safe="")


def _int(name: str, value: str | None, minimum: int) -> int | None:
    if value is None:
        return None
    try:
        number = int(value, 10)
    except ValueError:
        raise DTSError(400, f"{name} must be an integer, not {value[:40]!r}") from None
    if number < minimum or len(value) > 9:
        raise DTSError(400, f"{name} must be an integer of at least {minimum}")
    return number


@dataclass(frozen=True)
class Urls:
    """The endpoint URLs and URI templates, absolute on the server's origin (clients expand them as they are)."""

    origin: str = ""

    @property
    def base(self) -> str:
        """The entry point's URL."""
        return self.origin + BASE

    @property
    def collection(self) -> str:
        """The collection endpoint's URI template."""
        return self.base + COLLECTION_TEMPLATE[len(BASE):]

    @property
    def navigation(self) -> str:
        """The navigation endpoint's URI template."""
        return self.base + NAVIGATION_TEMPLATE[len(BASE):]

    @property
    def document(self) -> str:
        """The document endpoint's URI template."""
        return self.base + DOCUMENT_TEMPLATE[len(BASE):]


def archive_collection(meta: DocumentMeta) -> tuple[str, str]:
    """Return the id and title of the collection a document belongs to: its archive's."""
    if not meta.archive:
        return "archive:none", "Documents without an archive"
    return f"archive:{slug(meta.archive)}", meta.archive


class DTSService:
    """Answers DTS requests for the documents of an edition index.

    Collections: the edition, then one collection per archive (as the OAI-PMH sets), then
    the documents. Every method takes the server's origin so links are absolute.
    """

    def __init__(self, index: EditionIndex, page_size: int = DEFAULT_PAGE_SIZE):
        self.index = index
        self.page_size = page_size
        self._trees: dict[str, tuple[int, list[CitationTree]]] = {}
        self._lock = threading.Lock()

    @property
    def root_id(self) -> str:
        """The identifier of the edition's collection."""
        return self.index.edition.settings.identifier

    # -- entry -----------------------------------------------------------------------------

    def entry(self, origin: str = "") -> Response:
        """Return the entry endpoint's EntryPoint object."""
        urls = Urls(origin)
        return Response({"@context": CONTEXT, "dtsVersion": DTS_VERSION, "@id": urls.base, "@type": "EntryPoint",
                         "collection": urls.collection, "navigation": urls.navigation, "document": urls.document})

    # -- collection ------------------------------------------------------------------------

    def trees(self, entry: IndexedDocument) -> list[CitationTree]:
        """Return a document's citation trees, computed once per parsed tree."""
        key = id(entry.tree)
        cached = self._trees.get(entry.meta.id)
        if cached is None or cached[0] != key:
            try:
                trees = citation_trees(entry.tree)
            except CitationError:
                trees = []  # a broken citeStructure leaves the document without citation trees
            with self._lock:
                self._trees[entry.meta.id] = (key, trees)
            return trees
        return cached[1]

    def _dublin_core(self, meta: DocumentMeta) -> dict:
        settings = self.index.edition.settings
        dc: dict = {"title": [{"lang": settings.language, "value": meta.title}]}
        if meta.abstract:
            dc["description"] = [{"lang": settings.language, "value": meta.abstract}]
        if meta.translators or meta.contributors or meta.editors:
            dc["contributor"] = list(meta.translators + meta.contributors + meta.editors)
        if meta.date:
            dc["date"] = meta.date
        if meta.persons:
            dc["subject"] = list(meta.persons)
        if meta.citation:
            dc["source"] = [meta.citation]
        dc["language"] = list(meta.languages) or [settings.language]
        dc["type"] = ["Text"]
        if settings.publisher:
            dc["publisher"] = [settings.publisher]
        if settings.licence:
            dc["license"] = settings.licence_url or settings.licence
        return dc

    def _resource(self, entry: IndexedDocument, urls: Urls) -> dict:
        meta = entry.meta
        trees = self.trees(entry)
        rid = _q(meta.id)
        data: dict = {"@id": meta.id, "@type": "Resource", "title": meta.title}
        if meta.abstract:
            data["description"] = meta.abstract
        data.update(totalItems=0, totalParents=1, totalChildren=0)
        data["dublinCore"] = self._dublin_core(meta)
        data["collection"] = urls.collection
        data["document"] = f"{urls.base}/document?resource={rid}{{&ref,start,end,tree,mediaType}}"
        data["navigation"] = f"{urls.base}/navigation?resource={rid}{{&ref,start,end,down,tree,page}}"
        data["download"] = f"{urls.base}/document?resource={rid}"
        data["mediaTypes"] = [TEI_MEDIA_TYPE]
        data["maxCiteDepth"] = trees[0].max_depth if trees else 0
        data["citationTrees"] = [t.to_json() for t in trees]
        return data

    def _root(self, archives: dict[str, tuple[str, list[IndexedDocument]]], with_dc: bool = True) -> dict:
        settings = self.index.edition.settings
        data: dict = {"@id": self.root_id, "@type": "Collection", "title": settings.title,
                      "totalItems": len(archives), "totalParents": 0, "totalChildren": len(archives)}
        if with_dc:
            dc: dict = {"title": [{"lang": settings.language, "value": settings.title}]}
            if settings.editors:
                dc["creator"] = list(settings.editors)
            if settings.publisher:
                dc["publisher"] = [settings.publisher]
            dc["language"] = [settings.language]
            if settings.licence:
                dc["license"] = settings.licence_url or settings.licence
            data["dublinCore"] = dc
        return data

    @staticmethod
    def _archive(ident: str, title: str, entries: list[IndexedDocument]) -> dict:
        return {"@id": ident, "@type": "Collection", "title": title,
                "description": f"The edition's documents from {title}" if ident != "archive:none" else title,
                "totalItems": len(entries), "totalParents": 1, "totalChildren": len(entries),
                "dublinCore": {"title": [{"lang": "en", "value": title}]}}

    def _archives(self) -> dict[str, tuple[str, list[IndexedDocument]]]:
        archives: dict[str, tuple[str, list[IndexedDocument]]] = {}
        for entry in self.index.entries():
            ident, title = archive_collection(entry.meta)
            archives.setdefault(ident, (title, []))[1].append(entry)
        return dict(sorted(archives.items()))

    def _page(self, items: list, page: int | None, link: str) -> tuple[list, dict | None]:
        if page is None:
            if len(items) <= self.page_size:
                return items, None
            page = 1
        last = max(1, math.ceil(len(items) / self.page_size))
        if page > last:
            raise DTSError(404, f"page {page} does not exist (the last page is {last})")
        view = {"@id": f"{link}&page={page}", "@type": "PartialCollectionView",
                "first": f"{link}&page=1", "last": f"{link}&page={last}"}
        if page > 1:
            view["previous"] = f"{link}&page={page - 1}"
        if page < last:
            view["next"] = f"{link}&page={page + 1}"
        start = (page - 1) * self.page_size
        return items[start:start + self.page_size], view

    def collection(self, params: dict[str, str], origin: str = "") -> Response:
        """Answer the collection endpoint (id, page, nav)."""
        urls = Urls(origin)
        nav = params.get("nav", "children")
        if nav not in ("children", "parents"):
            raise DTSError(400, "nav must be 'children' or 'parents'")
        page = _int("page", params.get("page"), 1)
        archives = self._archives()
        ident = params.get("id", self.root_id)
        root_summary = self._root(archives, with_dc=False)
        if ident == self.root_id:
            body = self._root(archives)
            children = [self._archive(i, title, entries) for i, (title, entries) in archives.items()]
            parents: list[dict] = []
        elif ident in archives:
            title, entries = archives[ident]
            body = self._archive(ident, title, entries)
            children, parents = entries, [root_summary]
        else:
            entry = self.index.get(ident)
            if entry is None:
                raise DTSError(404, f"no collection or resource has the id {ident[:200]!r}")
            body = self._resource(entry, urls)
            archive_id, archive_title = archive_collection(entry.meta)
            children, parents = [], [self._archive(archive_id, archive_title, archives[archive_id][1])]
        items = parents if nav == "parents" else children
        if nav == "parents":
            body["totalItems"] = len(parents)
        link = f"{urls.base}/collection?id={_q(ident)}" + ("&nav=parents" if nav == "parents" else "")
        shown, view = self._page(items, page, link)
        if items or body["@type"] == "Collection":
            # Documents are rendered only for the page shown: a big archive costs one page.
            body["member"] = [self._resource(i, urls) if isinstance(i, IndexedDocument) else i for i in shown]
        if view is not None:
            body["view"] = view
        return Response({"@context": CONTEXT, "dtsVersion": DTS_VERSION, **body})

    # -- navigation ------------------------------------------------------------------------

    def _resource_and_tree(self, params: dict[str, str]) -> tuple[IndexedDocument, CitationTree | None]:
        if not params.get("resource"):
            raise DTSError(400, "the resource parameter is required")
        entry = self.index.get(params["resource"])
        if entry is None:
            raise DTSError(404, f"no resource has the id {params['resource'][:200]!r}")
        trees = self.trees(entry)
        name = params.get("tree")
        if name is None:
            return entry, trees[0] if trees else None
        for tree in trees[1:]:
            if tree.identifier == name:
                return entry, tree
        raise DTSError(404, f"the resource has no citation tree {name[:80]!r}")

    @staticmethod
    def _check_refs(params: dict[str, str]) -> None:
        if "ref" in params and ("start" in params or "end" in params):
            raise DTSError(400, "ref cannot be used together with start and end")
        if ("start" in params) != ("end" in params):
            raise DTSError(400, "start and end must be given together")

    @staticmethod
    def _unit(tree: CitationTree | None, identifier: str, name: str) -> Unit:
        unit = tree.by_id.get(identifier) if tree is not None else None
        if unit is None:
            raise DTSError(404, f"{name}={identifier[:80]!r} is not a citable unit of the resource")
        return unit

    def navigation(self, params: dict[str, str], request_url: str, origin: str = "") -> Response:
        """Answer the navigation endpoint (resource, ref|start+end, down, tree, page)."""
        urls = Urls(origin)
        self._check_refs(params)
        down = _int("down", params.get("down"), -1)
        page = _int("page", params.get("page"), 1)
        if down is None and "ref" not in params and "start" not in params:
            raise DTSError(400, "give ref, start and end, or down")
        if down == 0 and "ref" not in params:
            raise DTSError(400, "down=0 needs a ref")
        entry, tree = self._resource_and_tree(params)
        resource = self._resource(entry, urls)
        body: dict = {"@context": CONTEXT, "dtsVersion": DTS_VERSION, "@type": "Navigation", "@id": request_url,
                      "resource": resource, "passage": urls.document,
                      "collection": urls.collection, "navigation": urls.navigation}
        names = self.index.names()
        if tree is None:
            # A resource without citation trees answers every request with no members.
            body["member"] = []
            return Response(body)
        members: list[Unit] | None = None
        if "ref" in params:
            ref = self._unit(tree, params["ref"], "ref")
            body["ref"] = ref.to_json(names)
            if down == 0:
                members = [u for u in tree.units if u.parent == ref.parent and u.level == ref.level]
            elif down is not None:
                limit = math.inf if down == -1 else ref.level + down
                members = [ref] + [u for u in tree.descendants(ref) if u.level <= limit]
        elif "start" in params:
            start = self._unit(tree, params["start"], "start")
            end = self._unit(tree, params["end"], "end")
            if end.order < start.order:
                raise DTSError(400, "end comes before start in the citation tree")
            body["start"] = start.to_json(names)
            body["end"] = end.to_json(names)
            if down is not None:
                limit = math.inf if down == -1 else max(start.level, end.level) + down
                members = [u for u in tree.units[start.order:tree.last_order(end) + 1] if u.level <= limit]
        else:
            limit = math.inf if down == -1 else down
            members = [u for u in tree.units if u.level <= limit]
        if members is not None:
            link = f"{urls.base}/navigation?" + urlencode(
                [(k, params[k]) for k in PARAMETERS["navigation"] if k in params and k != "page"])
            shown, view = self._page(members, page, link) if page is not None or len(members) > self.page_size \
                else (members, None)
            body["member"] = [u.to_json(names) for u in shown]
            if view is not None:
                body["view"] = view
        return Response(body)

    # -- document --------------------------------------------------------------------------

    def document(self, params: dict[str, str], origin: str = "") -> Response:
        """Answer the document endpoint: the whole TEI, or a passage wrapped in dts:wrapper."""
        self._check_refs(params)
        entry, tree = self._resource_and_tree(params)
        media_type = params.get("mediaType", TEI_MEDIA_TYPE)
        if media_type not in (TEI_MEDIA_TYPE, "application/xml", "text/xml"):
            raise DTSError(404, f"the resource is not available as {media_type[:80]!r}")
        headers = {"Link": f'<{Urls(origin).base}/collection?id={_q(entry.meta.id)}>; rel="collection"'}
        if "ref" not in params and "start" not in params:
            return Response(tei.serialize(entry.tree), TEI_MEDIA_TYPE, headers=headers)
        if "ref" in params:
            units = [self._unit(tree, params["ref"], "ref")]
        else:
            start = self._unit(tree, params["start"], "start")
            end = self._unit(tree, params["end"], "end")
            if end.order < start.order:
                raise DTSError(400, "end comes before start in the citation tree")
            units = tree.units[start.order:tree.last_order(end) + 1]
        return Response(self._passage(entry, units, units[0] if "ref" in params else end), TEI_MEDIA_TYPE,
                        headers=headers)

    @staticmethod
    def _passage(entry: IndexedDocument, units: list[Unit], end: Unit) -> bytes:
        source = entry.tree.getroot()
        root = etree.Element(tei.T("TEI"), nsmap={None: tei.TEI_NS})
        for name, value in source.attrib.items():
            root.set(name, value)
        header = source.find(tei.T("teiHeader"))
        if header is not None:
            root.append(copy.deepcopy(header))
        text = etree.SubElement(root, tei.T("text"))
        source_text = source.find(tei.T("text"))
        if source_text is not None and source_text.get(tei.XML_LANG):
            text.set(tei.XML_LANG, source_text.get(tei.XML_LANG))
        body = etree.SubElement(text, tei.T("body"))
        wrapper = etree.SubElement(body, f"{{{DTS_NS}}}wrapper", nsmap={"dts": DTS_NS})
        for element in _range_copy(units, end.element):
            wrapper.append(element)
        return tei.serialize(root)


def _range_copy(units: list[Unit], end: etree._Element) -> list[etree._Element]:
    """Copy a range of units: an element whole when it ends inside the range, pruned after the range's end."""
    inside = {u.element for u in units}
    root = end.getroottree().getroot()
    positions = {e: i for i, e in enumerate(root.iter())}
    # The range ends with the last element inside the end unit.
    high = max((positions[d] for d in end.iterdescendants()), default=positions[end])

    def prune(element):
        """Copy an element, leaving out what follows the range's end."""
        if max((positions[d] for d in element.iterdescendants()), default=positions[element]) <= high:
            clone = copy.deepcopy(element)
        else:
            clone = etree.Element(element.tag, dict(element.attrib), nsmap=element.nsmap)
            clone.text = element.text
            for child in element:
                if positions[child] <= high:
                    clone.append(prune(child))
                    clone[-1].tail = child.tail
        return clone

    outermost = [u.element for u in units if not any(a in inside for a in u.element.iterancestors())]
    copies = [prune(element) for element in outermost]
    for clone in copies:
        clone.tail = None
    return copies
