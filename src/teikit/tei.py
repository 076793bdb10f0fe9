"""TEI namespaces, safe parsing (no DOCTYPE, no entities, no network) and deterministic serialisation."""

from __future__ import annotations

import functools
import os
import re
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from .diagnostics import Diagnostic, error

TEI_NS = "http://www.tei-c.org/ns/1.0"
# The Clark-notation prefix of every TEI element name ({namespace}local), defined here once.
TEI_PREFIX = "{%s}" % TEI_NS
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {"tei": TEI_NS}
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"

# Register prefixes: @ref="per:kim-il-sung" resolves through prefixDef to persons.xml#kim-il-sung.
REGISTER_PREFIXES = {"per": "persons.xml", "org": "persons.xml", "pla": "places.xml"}


# Limits of the one safe parser. libxml2 (without XML_PARSE_HUGE, which teikit never sets)
# already stops at 256 levels of nesting and 10 MB text nodes; teikit adds a bound on the
# whole file, sixteen times the largest FRUS volume.
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024


class UnsafeXMLError(ValueError):
    """Raised for documents the safe parser refuses: a DOCTYPE (X002) or beyond its limits (X004)."""

    def __init__(self, message: str, line: int = 1, col: int = 1, code: str = "X002"):
        super().__init__(message)
        self.line = line
        self.col = col
        self.code = code


@functools.lru_cache(maxsize=None)
def xpath(path: str) -> etree.XPath:
    """Return an XPath over TEI compiled once per process (tree.xpath compiles its expression on every call)."""
    return etree.XPath(path, namespaces=NSMAP)


def T(local: str) -> str:
    """Return the Clark name {TEI namespace}local."""
    return TEI_PREFIX + local


class _RefuseResolver(etree.Resolver):
    """Refuses every URL libxml2 might ask for (with the options below it never asks)."""

    def resolve(self, url, pubid, context):
        raise UnsafeXMLError(f"refusing to load {url}: teikit never reads external resources")


class _LocalFilesResolver(etree.Resolver):
    """Serves a grammar's includes and imports: local files only, each read with the safe parser's checks."""

    def resolve(self, url, pubid, context):
        parts = urlsplit(url or "")
        if parts.scheme not in ("", "file") or parts.netloc:
            raise UnsafeXMLError(f"refusing to load {url}: teikit reads only local files, never the network")
        return self.resolve_string(read_checked(unquote(parts.path)), context, base_url=url)


def _parser(collect_ids: bool = True, resolver: etree.Resolver | None = None) -> etree.XMLParser:
    # Never expand entities, never load a DTD, never touch the network, never lift libxml2's limits.
    parser = etree.XMLParser(
        collect_ids=collect_ids,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        huge_tree=False,
        remove_blank_text=False,
    )
    parser.resolvers.add(resolver or _RefuseResolver())
    return parser


# What may stand before a DOCTYPE: white space, processing instructions (the XML declaration
# among them) and comments, however long.
_PROLOG = re.compile(rb"(?:\s|<\?.*?\?>|<!--.*?-->)*", re.DOTALL)
_PROLOG_TEXT = re.compile(_PROLOG.pattern.decode(), re.DOTALL)
_UTF16 = {b"\xff\xfe": "utf-16", b"\xfe\xff": "utf-16", b"<\x00": "utf-16-le", b"\x00<": "utf-16-be"}


def _doctype_position(data: bytes) -> tuple[int, int] | None:
    """Return (line, column) of a DOCTYPE declaration in the prolog, or None when there is none."""
    codec = _UTF16.get(data[:2])
    text = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    if codec is not None:
        text = data.decode(codec, errors="replace").lstrip("\ufeff")
        end = _PROLOG_TEXT.match(text).end()
        found = text.startswith("<!DOCTYPE", end)
        newline = "\n"
    else:
        end = _PROLOG.match(text).end()
        found = text.startswith(b"<!DOCTYPE", end)
        newline = b"\n"
    if not found:
        return None
    return text.count(newline, 0, end) + 1, end - text.rfind(newline, 0, end)


def _refuse_doctype(line: int, col: int) -> UnsafeXMLError:
    return UnsafeXMLError("DOCTYPE refused: teikit reads no DTD and expands no entity; remove the declaration",
                          line, col, "X002")


def _check_tree(tree: etree._ElementTree) -> etree._ElementTree:
    """Refuse a parsed document that has a DOCTYPE the prolog scan did not see (another encoding)."""
    info = tree.docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise _refuse_doctype(1, 1)
    return tree


def check_safe(data: bytes) -> None:
    """Raise UnsafeXMLError for bytes the safe parser refuses unread: over the size bound (X004) or a DOCTYPE (X002)."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise UnsafeXMLError(f"larger than {MAX_DOCUMENT_BYTES:,} bytes: not parsed", 1, 1, "X004")
    position = _doctype_position(data)
    if position is not None:
        raise _refuse_doctype(*position)


def parse_bytes(data: bytes, base_url: str | None = None, allow_duplicate_ids: bool = False) -> etree._ElementTree:
    """Parse XML bytes safely; raise UnsafeXMLError or lxml.etree.XMLSyntaxError.

    A DOCTYPE is refused wherever it stands in the prolog, before libxml2 reads it. libxml2
    refuses a repeated xml:id, or one that is empty or not an NCName; with
    allow_duplicate_ids the parser leaves xml:id alone, so a validator judges it by its
    schema's datatypes (an xml:id inside egXML is no ID at all).
    """
    check_safe(data)
    root = etree.fromstring(data, _parser(collect_ids=not allow_duplicate_ids), base_url=base_url)
    return _check_tree(root.getroottree())


def read_source(path: str | os.PathLike) -> bytes:
    """Read a document's bytes, refusing (UnsafeXMLError X004) a file larger than the parser takes."""
    with open(path, "rb") as handle:
        # Ask for what the file holds (one more byte shows it is over the bound), then read on
        # to the bound in case it grew or is no regular file: read(MAX + 1) at once would
        # allocate 64 MiB for every small document (a third of a whole folder's reading time).
        step = min(os.fstat(handle.fileno()).st_size, MAX_DOCUMENT_BYTES) + 1
        parts, total = [], 0
        while total <= MAX_DOCUMENT_BYTES:
            part = handle.read(min(step, MAX_DOCUMENT_BYTES + 1 - total))
            if not part:
                break
            parts.append(part)
            total += len(part)
            step = 1 << 20
    data = parts[0] if len(parts) == 1 else b"".join(parts)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise UnsafeXMLError(f"larger than {MAX_DOCUMENT_BYTES:,} bytes: not parsed", 1, 1, "X004")
    return data


def read_checked(path: str | os.PathLike) -> bytes:
    """Read a file's bytes and refuse them (UnsafeXMLError) as the safe parser would: too large or with a DOCTYPE."""
    data = read_source(path)
    check_safe(data)
    return data


def parse_grammar(path: str | os.PathLike) -> etree._ElementTree:
    """Parse a schema file safely, so that libxml2 reads the files it includes or imports only through the same checks.

    For lxml's XMLSchema: its xs:include and xs:import are local files, each refused if it has
    a DOCTYPE; a URL is refused. Raises OSError, UnsafeXMLError or XMLSyntaxError.
    """
    parser = _parser(resolver=_LocalFilesResolver())
    root = etree.fromstring(read_checked(path), parser, base_url=str(Path(path).resolve()))
    return _check_tree(root.getroottree())


def parse(path: str | os.PathLike) -> etree._ElementTree:
    """Parse an XML file safely; raise OSError, UnsafeXMLError or XMLSyntaxError."""
    return parse_bytes(read_source(path), base_url=str(path))


def read_document(path: str | os.PathLike) -> bytes | Diagnostic:
    """Return a document's bytes, or the diagnostic (X003 unreadable, X004 too large) that says why not."""
    try:
        return read_source(path)
    except OSError as exc:
        return error(path, "X003", f"cannot read the file: {exc.strerror or exc}")
    except UnsafeXMLError as exc:
        return error(path, exc.code, str(exc), exc.line, exc.col)


def parse_diagnostic(path: str | os.PathLike, exc: UnsafeXMLError | etree.XMLSyntaxError) -> Diagnostic:
    """Return the one diagnostic (X001 not well-formed, X002 DOCTYPE, X004 limits) for a refusal of the safe parser."""
    if isinstance(exc, UnsafeXMLError):
        return error(path, exc.code, str(exc), exc.line, exc.col)
    # lxml's position is (line, 1-based column), like SyntaxError's.
    line, col = exc.position if exc.position else (exc.lineno or 0, 0)
    message = (exc.msg or "").split(", line ")[0] or "syntax error"
    if exc.code == etree.ErrorTypes.ERR_RESOURCE_LIMIT:
        # libxml2's advice (XML_PARSE_HUGE) is an option teikit deliberately never sets.
        message = re.sub(r",? (?:use|try) XML_PARSE_HUGE(?: option)?", "", message)
        return error(path, "X004", f"beyond the safe parser's limits: {message}", line, max(col or 0, 1))
    return error(path, "X001", f"not well-formed XML: {message}", line, max(col or 0, 1) if line else 0)


def load_document(path: str | os.PathLike, data: bytes | None = None, *, allow_duplicate_ids: bool = False,
                  tei_root: bool = False) -> etree._ElementTree | Diagnostic:
    """Read and parse one document the only safe way; return its tree or the one diagnostic that says why not.

    Every stage that hands a document to Saxon, WeasyPrint, a schema validator or the server
    loads it here: no DTD, no entity, no network, bounded size and depth, a DOCTYPE refused.
    `data` is the file's content when the caller has read it already; with `tei_root` a
    document whose root is not TEI's <TEI> is refused too (X005).
    """
    if data is None:
        data = read_document(path)
        if isinstance(data, Diagnostic):
            return data
    try:
        tree = parse_bytes(data, base_url=str(path), allow_duplicate_ids=allow_duplicate_ids)
    except (UnsafeXMLError, etree.XMLSyntaxError) as exc:
        return parse_diagnostic(path, exc)
    root = tree.getroot()
    if tei_root and root.tag != T("TEI"):
        name = etree.QName(root)
        where = f" in the namespace {name.namespace}" if name.namespace else " (no namespace)"
        return error(path, "X005", f"not a TEI document: the root element is <{name.localname}>{where},"
                     f" not <TEI> in {TEI_NS}", root.sourceline or 1, 1)
    return tree


def serialize(tree: etree._ElementTree | etree._Element) -> bytes:
    """Serialise a tree the same way every time: UTF-8, XML declaration, final newline."""
    data = etree.tostring(tree, encoding="UTF-8", xml_declaration=True)
    data = data.replace(b"<?xml version='1.0' encoding='UTF-8'?>", b'<?xml version="1.0" encoding="UTF-8"?>', 1)
    return data if data.endswith(b"\n") else data + b"\n"


# Read once: os.umask can only be read by setting it, which is not thread-safe.
_UMASK = os.umask(0o022)
os.umask(_UMASK)


def write_atomic(path: str | os.PathLike, data: bytes | str) -> None:
    """Write a file so readers see either the old or the new content, never a half-written one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        # mkstemp creates 0600 files; give outputs the usual permissions (0666 minus umask).
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError) and exc.filename is None:
            # A full disk fails the write itself, which names no file: name the output.
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise


def resolve_register_ref(ref: str) -> tuple[str, str] | None:
    """Split a register pointer such as 'per:kim-il-sung' into (register file, id)."""
    prefix, sep, ident = ref.partition(":")
    if not sep or prefix not in REGISTER_PREFIXES or not ident:
        return None
    return REGISTER_PREFIXES[prefix], ident
