"""TEI namespaces, safe parsing (no entities, no network) and deterministic serialisation."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {"tei": TEI_NS}
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"

# Register prefixes: @ref="per:kim-il-sung" resolves through prefixDef to persons.xml#kim-il-sung.
REGISTER_PREFIXES = {"per": "persons.xml", "org": "persons.xml", "pla": "places.xml"}


class UnsafeXMLError(ValueError):
    """Raised for documents that declare entities or otherwise try to reach outside the file."""

    def __init__(self, message: str, line: int = 1, col: int = 1):
        super().__init__(message)
        self.line = line
        self.col = col


def T(local: str) -> str:
    """Return the Clark name {TEI namespace}local."""
    return f"{{{TEI_NS}}}{local}"


def _parser(collect_ids: bool = True) -> etree.XMLParser:
    # Never expand entities, never load a DTD, never touch the network.
    return etree.XMLParser(
        collect_ids=collect_ids,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )


_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)


def check_safe(data: bytes) -> None:
    """Raise UnsafeXMLError if the bytes declare entities (external or expansion bombs)."""
    head = data[:65536] if len(data) > 65536 else data
    match = _DOCTYPE.search(head)
    if match is None:
        return
    entity = _ENTITY_DECL.search(data)
    if entity is not None:
        line = data.count(b"\n", 0, entity.start()) + 1
        col = entity.start() - data.rfind(b"\n", 0, entity.start())
        raise UnsafeXMLError("DOCTYPE declares entities; refusing to expand them", line, col)


def parse_bytes(data: bytes, base_url: str | None = None, allow_duplicate_ids: bool = False) -> etree._ElementTree:
    """Parse XML bytes safely; raise UnsafeXMLError or lxml.etree.XMLSyntaxError.

    libxml2 refuses a repeated xml:id, or one that is empty or not an NCName; with
    allow_duplicate_ids the parser leaves xml:id alone, so a validator judges it by its
    schema's datatypes (an xml:id inside egXML is no ID at all).
    """
    check_safe(data)
    root = etree.fromstring(data, _parser(collect_ids=not allow_duplicate_ids), base_url=base_url)
    return root.getroottree()


def parse(path: str | os.PathLike) -> etree._ElementTree:
    """Parse an XML file safely; raise OSError, UnsafeXMLError or XMLSyntaxError."""
    path = Path(path)
    return parse_bytes(path.read_bytes(), base_url=str(path))


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
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def resolve_register_ref(ref: str) -> tuple[str, str] | None:
    """Split a register pointer such as 'per:kim-il-sung' into (register file, id)."""
    prefix, sep, ident = ref.partition(":")
    if not sep or prefix not in REGISTER_PREFIXES or not ident:
        return None
    return REGISTER_PREFIXES[prefix], ident
