"""Split a FRUS volume into standalone TEI documents (shared by the HTML tests and bench)."""

from __future__ import annotations

import copy
from pathlib import Path

from lxml import etree

from teikit.tei import NSMAP, TEI_NS, XML_ID, parse_bytes, serialize

_HEADER = f"""<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc>
<titleStmt><title type="main"/></titleStmt>
<publicationStmt><p>Split from a FRUS volume for testing.</p></publicationStmt>
<sourceDesc><p/></sourceDesc>
</fileDesc><profileDesc><creation><date/></creation></profileDesc></teiHeader><text><body/></text></TEI>"""


def split_frus(volume: str | Path) -> list[tuple[str, bytes]]:
    """Return (id, TEI bytes) for every div[@type='document'] of a FRUS volume, in order."""
    # Some volumes repeat an xml:id (jing says so too): split them all the same.
    tree = parse_bytes(Path(volume).read_bytes(), allow_duplicate_ids=True)
    volume_id = Path(volume).stem
    out = []
    for div in tree.iterfind(".//tei:div[@type='document']", NSMAP):
        ident = f"{volume_id}-{div.get(XML_ID)}"
        root = etree.fromstring(_HEADER)
        root.set(XML_ID, ident)
        head = div.find("tei:head", NSMAP)
        title = root.find(".//tei:title", NSMAP)
        title.text = _head_text(head) if head is not None else ident
        root.find(".//tei:sourceDesc/tei:p", NSMAP).text = f"{volume_id}, document {div.get('n')}"
        date = root.find(".//tei:creation/tei:date", NSMAP)
        when = div.xpath("string((.//tei:dateline//tei:date/@when)[1])", namespaces=NSMAP)
        if when:
            date.set("when", when[:10])
            date.text = when[:10]
        else:
            date.getparent().remove(date)
        root.find(".//tei:body", NSMAP).append(copy.deepcopy(div))
        out.append((ident, serialize(root)))
    return out


def _head_text(head) -> str:
    # The head's text without its footnotes is the document's title.
    texts = head.xpath(".//text()[not(ancestor::tei:note)]", namespaces=NSMAP)
    return " ".join("".join(texts).split())


def write_split(volume: str | Path, target: str | Path) -> list[Path]:
    """Write the split documents of a FRUS volume into a folder and return their paths."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for ident, data in split_frus(volume):
        path = target / f"{ident}.xml"
        path.write_bytes(data)
        paths.append(path)
    return paths
