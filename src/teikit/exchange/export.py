"""Edition exports: the formats (FORMATS: corpus, bagit, datacite, dc, csv) and what writes their bytes."""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

from lxml import etree

from .. import tei
from ..diagnostics import Diagnostic
from ..edition import Edition, Settings
from ..meta import DocumentMeta, read_meta
from ..review import PAGE as REVIEW_PAGE
from .metadata import (datacite, document_url, dublin_core, edition_datacite, edition_date, edition_dublin_core,
                       oai_dc, zenodo)

CSV_COLUMNS = ("id", "title", "date", "archive", "archive_id", "pages", "original_language", "languages",
               "translators", "contributors", "editors", "persons", "funder", "citation", "source_uri",
               "canonical_uri", "url", "datestamp")


def load(edition: Edition) -> tuple[list[tuple[Path, etree._ElementTree, DocumentMeta]], list[Diagnostic]]:
    """Parse every document of the edition; unreadable ones become diagnostics and are left out."""
    loaded, problems = [], []
    fallback_date = str(edition.settings.extra.get("date", ""))
    for path in edition.documents():
        tree = tei.load_document(path, tei_root=True)
        if isinstance(tree, Diagnostic):
            problems.append(tree)
            continue
        loaded.append((path, tree, read_meta(tree, path.stem, fallback_date)))
    return loaded, problems


# -- per-document outputs (also written by the build's export stage) -----------------------------

def dc_bytes(meta: DocumentMeta, settings: Settings) -> bytes:
    """Return a document's Dublin Core XML."""
    return tei.serialize(oai_dc(dublin_core(meta, settings)))


def json_bytes(data: dict) -> bytes:
    """Return deterministic, readable JSON bytes."""
    return (json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def datacite_bytes(meta: DocumentMeta, settings: Settings) -> bytes:
    """Return a document's DataCite JSON."""
    return json_bytes(datacite(meta, settings))


# -- corpus ------------------------------------------------------------------------------------

_POINTER_ATTRIBUTES = ("target", "ref", "corresp", "resp", "who", "sameAs", "source", "facs", "hand", "synch",
                       "prev", "next", "start", "end", "from", "to", "ana", "copyOf", "key", "active", "passive",
                       "mutual", "scheme", "select", "spanTo", "wit", "decls", "inst")


def _namespace_ids(root: etree._Element, prefix: str) -> None:
    """Make a document's inner xml:ids unique in a corpus by prefixing them, and follow its local pointers."""
    ids = {e.get(tei.XML_ID) for e in root.iter() if isinstance(e.tag, str) and e is not root and e.get(tei.XML_ID)}
    if not ids:
        return
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element is not root and element.get(tei.XML_ID):
            element.set(tei.XML_ID, f"{prefix}.{element.get(tei.XML_ID)}")
        for name in _POINTER_ATTRIBUTES:
            value = element.get(name)
            if value and "#" in value:
                tokens = [f"#{prefix}.{t[1:]}" if t.startswith("#") and t[1:] in ids else t for t in value.split()]
                element.set(name, " ".join(tokens))


def corpus_tree(edition: Edition, loaded) -> etree._Element:
    """Return a teiCorpus with a corpus header, every document and the registers."""
    s = edition.settings
    T = tei.T
    corpus = etree.Element(T("teiCorpus"), nsmap={None: tei.TEI_NS})
    corpus.set(tei.XML_ID, s.identifier)
    corpus.set(tei.XML_LANG, s.language)
    header = etree.SubElement(corpus, T("teiHeader"))
    file_desc = etree.SubElement(header, T("fileDesc"))
    title_stmt = etree.SubElement(file_desc, T("titleStmt"))
    etree.SubElement(title_stmt, T("title"), type="main").text = s.title
    if s.short_title:
        etree.SubElement(title_stmt, T("title"), type="short").text = s.short_title
    for name in s.editors:
        etree.SubElement(title_stmt, T("editor")).text = name
    pub = etree.SubElement(file_desc, T("publicationStmt"))
    etree.SubElement(pub, T("publisher")).text = s.publisher or s.title
    etree.SubElement(pub, T("idno"), type="teikit").text = s.identifier
    if s.base_url:
        etree.SubElement(pub, T("idno"), type="URI").text = s.base_url
    if s.licence:
        availability = etree.SubElement(pub, T("availability"))
        licence = etree.SubElement(availability, T("licence"))
        if s.licence_url:
            licence.set("target", s.licence_url)
        licence.text = s.licence
    source = etree.SubElement(file_desc, T("sourceDesc"))
    dates = sorted(meta.date for _, _, meta in loaded if meta.date)
    span = f", dated {dates[0]} to {dates[-1]}" if dates else ""
    etree.SubElement(source, T("p")).text = (
        f"A corpus of the {len(loaded)} documents of the edition{span}, each with its own header, "
        "followed by the edition's registers.")
    registers = []
    for path in edition.register_paths():
        tree = tei.load_document(path)
        if not isinstance(tree, Diagnostic):  # a broken register is reported by validation; the corpus goes without it
            registers.append((path, tree))
    for path, tree, meta in list(loaded) + [(p, t, None) for p, t in registers]:
        root = copy.deepcopy(tree.getroot())
        root.tail = None
        if not root.get(tei.XML_ID):
            root.set(tei.XML_ID, path.stem)
        _namespace_ids(root, root.get(tei.XML_ID))
        corpus.append(root)
    return corpus


def write_corpus(edition: Edition, output: Path) -> list[Diagnostic]:
    """Write one teiCorpus file with a corpus header and every document."""
    loaded, problems = load(edition)
    tei.write_atomic(output, tei.serialize(etree.ElementTree(corpus_tree(edition, loaded))))
    return problems


# -- Dublin Core, DataCite, CSV ----------------------------------------------------------------

def edition_dc_files(settings: Settings, metas: list[DocumentMeta]) -> dict[str, bytes]:
    """Return the edition-level Dublin Core file (edition.xml)."""
    return {"edition.xml": tei.serialize(oai_dc(edition_dublin_core(settings, metas)))}


def edition_datacite_files(settings: Settings, metas: list[DocumentMeta]) -> dict[str, bytes]:
    """Return the edition-level DataCite JSON (edition.json) and Zenodo deposit metadata (zenodo.json)."""
    return {"edition.json": json_bytes(edition_datacite(settings, metas)),
            "zenodo.json": json_bytes(zenodo(settings, metas))}




def csv_text(edition: Edition, metas: list[DocumentMeta]) -> str:
    """Return the one-row-per-document metadata table."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for meta in metas:
        row = meta.to_dict()
        row["url"] = document_url(edition.settings, meta.id)
        writer.writerow(["; ".join(row[c]) if isinstance(row[c], list) else row[c] for c in CSV_COLUMNS])
    return buffer.getvalue()



# -- BagIt -------------------------------------------------------------------------------------

def write_bag(edition: Edition, output: Path) -> list[Diagnostic]:
    """Write a BagIt package: TEI and registers, HTML site, PDFs when built, metadata; sha256 and sha512 manifests."""
    import bagit

    loaded, problems = load(edition)
    s = edition.settings
    metas = [m for _, _, m in loaded]
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=output.parent))
    try:
        for path, _, _ in loaded:
            shutil.copy2(path, _ensure(staging / "tei") / path.name)
        for path in edition.register_paths():
            shutil.copy2(path, _ensure(staging / "tei") / path.name)
        for folder, name in ((edition.html_dir, "html"), (edition.print_dir, "print")):
            if folder.is_dir() and not (output.resolve().is_relative_to(folder.resolve())):
                # Hidden names (the site's .teikit/ bookkeeping) and the editors' review page are
                # not part of what is deposited.
                shutil.copytree(folder, staging / name, ignore=shutil.ignore_patterns(".*", REVIEW_PAGE))
        meta_dir = _ensure(staging / "metadata")
        (meta_dir / "datacite.json").write_bytes(json_bytes(edition_datacite(s, metas)))
        (meta_dir / "zenodo.json").write_bytes(json_bytes(zenodo(s, metas)))
        (meta_dir / "dc.xml").write_bytes(tei.serialize(oai_dc(edition_dublin_core(s, metas))))
        (meta_dir / "metadata.csv").write_text(csv_text(edition, metas), encoding="utf-8")
        (meta_dir / "corpus.xml").write_bytes(tei.serialize(etree.ElementTree(corpus_tree(edition, loaded))))
        info = {
            "Source-Organization": s.publisher or s.title,
            "External-Description": s.title,
            "External-Identifier": s.identifier,
            # The bagging date is the edition's date, not today: same input, same bag.
            "Bagging-Date": edition_date(s, metas),
        }
        if s.base_url:
            info["Contact-Web"] = s.base_url
        bagit.make_bag(str(staging), info, checksums=["sha256", "sha512"])
        # bagit lists files in directory order, which differs between filesystems: sort the
        # manifests and rewrite the tag manifests, so the same edition always makes the same bag.
        for manifest in staging.glob("manifest-*.txt"):
            lines = manifest.read_text(encoding="utf-8").splitlines(True)
            manifest.write_text("".join(sorted(lines, key=lambda line: line.split(None, 1)[1])), encoding="utf-8")
        bagit.Bag(str(staging)).save()
        os.chmod(staging, 0o755)
        if output.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{output.name}.old.", dir=output.parent))
            os.replace(output, old / "bag")
            os.replace(staging, output)
            shutil.rmtree(old)
        else:
            os.replace(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return problems


def _ensure(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# Format name -> (default output below edition.export_dir, output is a folder). The export stage
# (teikit.stages.export) writes corpus, datacite, dc and csv; write_bag packs the built edition.
FORMATS: dict[str, tuple[str, bool]] = {
    "corpus": ("corpus.xml", False),
    "bagit": ("bag", True),
    "datacite": ("datacite", True),
    "dc": ("dc", True),
    "csv": ("metadata.csv", False),
}
