"""An OAI-PMH 2.0 data provider over an edition: the six verbs, sets, resumption tokens and every protocol error."""

from __future__ import annotations

import base64
import binascii
import copy
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urlsplit

from lxml import etree

from .. import tei
from ..edition import Settings
from .index import EditionIndex, IndexedDocument
from .metadata import XSI_NS, dublin_core, oai_dc, slug

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
ID_NS = "http://www.openarchives.org/OAI/2.0/oai-identifier"
ID_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"
GRANULARITY = "YYYY-MM-DD"
DEFAULT_PAGE_SIZE = 100
MAX_ARGUMENT_LENGTH = 1024

# metadataPrefix -> (schema, namespace); the TEI format is the whole teiHeader.
FORMATS = {
    "oai_dc": ("http://www.openarchives.org/OAI/2.0/oai_dc.xsd", "http://www.openarchives.org/OAI/2.0/oai_dc/"),
    "tei": ("https://tei-c.org/release/xml/tei/custom/schema/xsd/tei_all.xsd", tei.TEI_NS),
}

# verb -> (required arguments, optional arguments); resumptionToken is exclusive where allowed.
VERBS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), {"resumptionToken"}),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
}

# Control characters (C0 with tab and newlines, DEL, C1), surrogates and the non-characters
# XML cannot hold: no argument of this repository may contain one, and none may reach the response.
_UNSPEAKABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SECONDS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def _bytes(root: etree._Element) -> bytes:
    # pretty_print only adds line breaks where there is no text: the TEI header's own text is untouched.
    data = etree.tostring(root, encoding="UTF-8", pretty_print=True)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + data


class OAIError(Exception):
    """A protocol error: an OAI-PMH error code and a message for the harvester."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Query:
    """The selective-harvesting arguments of a list request, carried through resumption tokens."""

    verb: str
    prefix: str
    start: str = ""
    until: str = ""
    set: str = ""
    offset: int = 0


def set_specs(entry: IndexedDocument) -> list[str]:
    """Return the sets a document belongs to: its archive and its original language."""
    specs = []
    if entry.meta.archive:
        specs.append(f"archive:{slug(entry.meta.archive)}")
    if entry.meta.original_language:
        specs.append(f"language:{slug(entry.meta.original_language)}")
    return specs


def _in_set(entry: IndexedDocument, spec: str) -> bool:
    # Set membership is hierarchical: a record in archive:prc-fma is also in archive.
    return any(s == spec or s.startswith(spec + ":") for s in set_specs(entry))


def _valid_date(value: str) -> bool:
    try:
        datetime.strptime(value[:10], "%Y-%m-%d")
    except ValueError:
        return False
    return True


class OAIRepository:
    """Answers OAI-PMH requests for the documents of an edition index."""

    def __init__(self, index: EditionIndex, page_size: int = DEFAULT_PAGE_SIZE):
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        self.index = index
        self.page_size = page_size

    @property
    def settings(self) -> Settings:
        """The edition's settings."""
        return self.index.edition.settings

    def repository_id(self) -> str:
        """Return the namespace part of OAI identifiers: the base_url's host, else the edition identifier."""
        host = urlsplit(self.settings.base_url).hostname or ""
        return host if "." in host else slug(self.settings.identifier)

    def oai_identifier(self, doc_id: str) -> str:
        """Return the OAI identifier of a document."""
        return f"oai:{self.repository_id()}:{doc_id}"

    def _entry_for(self, identifier: str) -> IndexedDocument:
        prefix = f"oai:{self.repository_id()}:"
        entry = self.index.get(identifier[len(prefix):]) if identifier.startswith(prefix) else None
        if entry is None:
            raise OAIError("idDoesNotExist", f"no record has the identifier {identifier!r}")
        return entry

    # -- request handling ------------------------------------------------------------------

    def handle(self, pairs: list[tuple[str, str]], base_url: str, now: datetime | None = None) -> bytes:
        """Answer one request given its arguments as (name, value) pairs; always returns an OAI-PMH document."""
        root, request = self._envelope(base_url, now)
        try:
            verb, args = self._check(pairs)
            # Echo the arguments only once they are known to be legal (the protocol says so).
            request.set("verb", verb)
            for name in sorted(args):
                request.set(name, args[name])
            root.append(getattr(self, f"_{verb}")(args, base_url))
        except OAIError as exc:
            etree.SubElement(root, f"{{{OAI_NS}}}error", code=exc.code).text = exc.message
        return _bytes(root)

    def error(self, code: str, message: str, base_url: str, now: datetime | None = None) -> bytes:
        """Answer a request that could not even be read with one protocol error."""
        root, _ = self._envelope(base_url, now)
        etree.SubElement(root, f"{{{OAI_NS}}}error", code=code).text = message
        return _bytes(root)

    @staticmethod
    def _envelope(base_url: str, now: datetime | None):
        now = now or datetime.now(timezone.utc)
        root = etree.Element(f"{{{OAI_NS}}}OAI-PMH", nsmap={None: OAI_NS, "xsi": XSI_NS})
        root.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_NS} {OAI_SCHEMA}")
        etree.SubElement(root, f"{{{OAI_NS}}}responseDate").text = now.strftime("%Y-%m-%dT%H:%M:%SZ")
        request = etree.SubElement(root, f"{{{OAI_NS}}}request")
        request.text = base_url
        return root, request

    def _check(self, pairs: list[tuple[str, str]]) -> tuple[str, dict[str, str]]:
        verbs = [v for k, v in pairs if k == "verb"]
        if len(verbs) != 1:
            raise OAIError("badVerb", "the verb argument is missing" if not verbs else "the verb argument is repeated")
        verb = verbs[0]
        if verb not in VERBS:
            raise OAIError("badVerb", f"{verb[:80]!r} is not an OAI-PMH verb")
        required, optional = VERBS[verb]
        args: dict[str, str] = {}
        for name, value in pairs:
            if name == "verb":
                continue
            if name not in required | optional:
                raise OAIError("badArgument", f"{name[:80]!r} is not an argument of {verb}")
            if name in args:
                raise OAIError("badArgument", f"the argument {name} is repeated")
            if len(value) > MAX_ARGUMENT_LENGTH:
                raise OAIError("badArgument", f"the value of {name} is too long")
            if _UNSPEAKABLE.search(value):
                raise OAIError("badArgument", f"the value of {name} contains a control character")
            args[name] = value
        if "resumptionToken" in args:
            if len(args) > 1:
                raise OAIError("badArgument", "resumptionToken is an exclusive argument")
        else:
            missing = sorted(required - set(args))
            if missing:
                raise OAIError("badArgument", f"{verb} requires the argument(s) {', '.join(missing)}")
        self._check_dates(args)
        return verb, args

    @staticmethod
    def _check_dates(args: dict[str, str]) -> None:
        for name in ("from", "until"):
            value = args.get(name)
            if value is None:
                continue
            if _SECONDS.match(value) and _valid_date(value):
                raise OAIError("badArgument", f"{name}={value}: this repository's granularity is {GRANULARITY}")
            if not (_DAY.match(value) and _valid_date(value)):
                raise OAIError("badArgument", f"{name}={value[:40]!r} is not a UTC date of the form {GRANULARITY}")
        if args.get("from", "") > args.get("until", "9999"):
            raise OAIError("badArgument", "from is later than until")

    # -- verbs -----------------------------------------------------------------------------

    def _Identify(self, args, base_url) -> etree._Element:
        s = self.settings
        entries = self.index.entries()
        node = etree.Element(f"{{{OAI_NS}}}Identify")
        host = urlsplit(s.base_url).hostname or "localhost"
        values = [
            ("repositoryName", s.title),
            ("baseURL", base_url),
            ("protocolVersion", "2.0"),
            ("adminEmail", str(s.extra.get("admin_email") or f"editors@{host}")),
            ("earliestDatestamp", min((e.meta.datestamp for e in entries), default="1970-01-01")),
            ("deletedRecord", "no"),
            ("granularity", GRANULARITY),
        ]
        for name, value in values:
            etree.SubElement(node, f"{{{OAI_NS}}}{name}").text = value
        repo_id = self.repository_id()
        if "." in repo_id:
            description = etree.SubElement(node, f"{{{OAI_NS}}}description")
            ident = etree.SubElement(description, f"{{{ID_NS}}}oai-identifier", nsmap={None: ID_NS})
            ident.set(f"{{{XSI_NS}}}schemaLocation", f"{ID_NS} {ID_SCHEMA}")
            for name, value in (("scheme", "oai"), ("repositoryIdentifier", repo_id), ("delimiter", ":"),
                                ("sampleIdentifier", self.oai_identifier(entries[0].meta.id if entries else "document"))):
                etree.SubElement(ident, f"{{{ID_NS}}}{name}").text = value
        return node

    def _ListMetadataFormats(self, args, base_url) -> etree._Element:
        if "identifier" in args:
            self._entry_for(args["identifier"])
        node = etree.Element(f"{{{OAI_NS}}}ListMetadataFormats")
        for prefix, (schema, namespace) in FORMATS.items():
            fmt = etree.SubElement(node, f"{{{OAI_NS}}}metadataFormat")
            for name, value in (("metadataPrefix", prefix), ("schema", schema), ("metadataNamespace", namespace)):
                etree.SubElement(fmt, f"{{{OAI_NS}}}{name}").text = value
        return node

    def _all_sets(self) -> list[tuple[str, str]]:
        sets: dict[str, str] = {}
        for entry in self.index.entries():
            if entry.meta.archive:
                sets.setdefault("archive", "Records by archive")
                sets[f"archive:{slug(entry.meta.archive)}"] = f"Archive: {entry.meta.archive}"
            if entry.meta.original_language:
                sets.setdefault("language", "Records by original language")
                code = entry.meta.original_language
                sets[f"language:{slug(code)}"] = f"Original language: {code}"
        return sorted(sets.items())

    def _ListSets(self, args, base_url) -> etree._Element:
        sets = self._all_sets()
        if not sets:
            raise OAIError("noSetHierarchy", "no document names an archive or an original language")
        query = Query("ListSets", "")
        if "resumptionToken" in args:
            query = self._decode(args["resumptionToken"], "ListSets", [spec for spec, _ in sets])
        node = etree.Element(f"{{{OAI_NS}}}ListSets")
        page = sets[query.offset:query.offset + self.page_size]
        for spec, name in page:
            s = etree.SubElement(node, f"{{{OAI_NS}}}set")
            etree.SubElement(s, f"{{{OAI_NS}}}setSpec").text = spec
            etree.SubElement(s, f"{{{OAI_NS}}}setName").text = name
        self._token(node, query, len(sets), [spec for spec, _ in sets])
        return node

    def _select(self, query: Query) -> list[IndexedDocument]:
        if query.prefix not in FORMATS:
            raise OAIError("cannotDisseminateFormat", f"the metadata format {query.prefix[:40]!r} is not supported")
        if query.set and not self._all_sets():
            raise OAIError("noSetHierarchy", "this repository has no sets")
        selected = []
        for entry in self.index.entries():
            stamp = entry.meta.datestamp
            if query.start and stamp < query.start:
                continue
            if query.until and stamp > query.until:
                continue
            if query.set and not _in_set(entry, query.set):
                continue
            selected.append(entry)
        if not selected:
            raise OAIError("noRecordsMatch", "no records match the request's arguments")
        return selected

    def _list(self, args, verb: str) -> etree._Element:
        if "resumptionToken" in args:
            query = self._decode(args["resumptionToken"], verb, None)
        else:
            query = Query(verb, args["metadataPrefix"], args.get("from", ""), args.get("until", ""), args.get("set", ""))
        try:
            selected = self._select(query)
        except OAIError as exc:
            if "resumptionToken" in args:
                raise OAIError("badResumptionToken", "the list changed since the token was issued") from exc
            raise
        ids = [e.meta.id for e in selected]
        if "resumptionToken" in args:
            self._check_fingerprint(args["resumptionToken"], ids)
        node = etree.Element(f"{{{OAI_NS}}}{verb}")
        for entry in selected[query.offset:query.offset + self.page_size]:
            if verb == "ListIdentifiers":
                node.append(self._header(entry))
            else:
                node.append(self._record(entry, query.prefix))
        self._token(node, query, len(selected), ids)
        return node

    def _ListIdentifiers(self, args, base_url) -> etree._Element:
        return self._list(args, "ListIdentifiers")

    def _ListRecords(self, args, base_url) -> etree._Element:
        return self._list(args, "ListRecords")

    def _GetRecord(self, args, base_url) -> etree._Element:
        entry = self._entry_for(args["identifier"])
        if args["metadataPrefix"] not in FORMATS:
            raise OAIError("cannotDisseminateFormat", f"the metadata format {args['metadataPrefix'][:40]!r} is not supported")
        node = etree.Element(f"{{{OAI_NS}}}GetRecord")
        node.append(self._record(entry, args["metadataPrefix"]))
        return node

    # -- records ---------------------------------------------------------------------------

    def _header(self, entry: IndexedDocument) -> etree._Element:
        header = etree.Element(f"{{{OAI_NS}}}header")
        etree.SubElement(header, f"{{{OAI_NS}}}identifier").text = self.oai_identifier(entry.meta.id)
        etree.SubElement(header, f"{{{OAI_NS}}}datestamp").text = entry.meta.datestamp
        for spec in set_specs(entry):
            etree.SubElement(header, f"{{{OAI_NS}}}setSpec").text = spec
        return header

    def _record(self, entry: IndexedDocument, prefix: str) -> etree._Element:
        record = etree.Element(f"{{{OAI_NS}}}record")
        record.append(self._header(entry))
        metadata = etree.SubElement(record, f"{{{OAI_NS}}}metadata")
        metadata.append(self.metadata(entry, prefix))
        return record

    def metadata(self, entry: IndexedDocument, prefix: str) -> etree._Element:
        """Return a document's metadata in one of the supported formats."""
        if prefix == "oai_dc":
            return oai_dc(dublin_core(entry.meta, self.settings))
        header = entry.tree.getroot().find(tei.T("teiHeader"))
        copied = copy.deepcopy(header)
        # The header stands alone in the response: carry the document's language with it.
        lang = entry.tree.getroot().get(tei.XML_LANG)
        if lang and copied.get(tei.XML_LANG) is None:
            copied.set(tei.XML_LANG, lang)
        return copied

    # -- resumption tokens -----------------------------------------------------------------

    @staticmethod
    def _fingerprint(ids: list[str]) -> str:
        return hashlib.sha256("\n".join(ids).encode()).hexdigest()[:16]

    def _token(self, node, query: Query, total: int, ids: list[str]) -> None:
        if total <= self.page_size:
            return
        token = etree.SubElement(node, f"{{{OAI_NS}}}resumptionToken",
                                 completeListSize=str(total), cursor=str(query.offset))
        following = query.offset + self.page_size
        if following < total:
            payload = {"v": query.verb, "p": query.prefix, "f": query.start, "u": query.until,
                       "s": query.set, "o": following, "h": self._fingerprint(ids)}
            raw = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
            token.text = base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def _payload(self, token: str) -> dict:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            payload = json.loads(raw)
        except (ValueError, binascii.Error, UnicodeDecodeError):
            raise OAIError("badResumptionToken", "the resumption token is not one this repository issued") from None
        if not isinstance(payload, dict) or set(payload) != {"v", "p", "f", "u", "s", "o", "h"}:
            raise OAIError("badResumptionToken", "the resumption token is not one this repository issued")
        return payload

    def _decode(self, token: str, verb: str, ids: list[str] | None) -> Query:
        payload = self._payload(token)
        offset = payload["o"]
        if payload["v"] != verb or not isinstance(offset, int) or isinstance(offset, bool) or offset <= 0 \
                or not all(isinstance(payload[k], str) for k in "pfush"):
            raise OAIError("badResumptionToken", "the resumption token does not belong to this request")
        if ids is not None:
            self._check_fingerprint(token, ids)
        return Query(verb, payload["p"], payload["f"], payload["u"], payload["s"], offset)

    def _check_fingerprint(self, token: str, ids: list[str]) -> None:
        payload = self._payload(token)
        if payload["h"] != self._fingerprint(ids) or payload["o"] >= len(ids):
            raise OAIError("badResumptionToken", "the list changed since the token was issued (or the token expired)")
