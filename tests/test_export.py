"""`teikit export`: teiCorpus, BagIt, DataCite, Dublin Core and CSV, and the build's export stage."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import bagit
import pytest
from click.testing import CliRunner

from conftest import TEI_ALL
from golden_support import check_golden
from serve_support import copy_exchange_edition
from teikit import tei
from teikit.cli import main
from teikit.edition import Edition
from teikit.exchange.export import FORMATS, write_bag, write_corpus
from teikit.stages.export import ExportStage

NS = {"tei": tei.TEI_NS, "dc": "http://purl.org/dc/elements/1.1/", "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/"}
CASES = Path(__file__).resolve().parent / "cases" / "export"
DOC_IDS = ["dafp-v22-343", "plain-note", "wilson-113000", "wilson-116548", "wilson-118000", "wilson-119500"]


@pytest.fixture
def edition(tmp_path) -> Edition:
    return Edition.open(copy_exchange_edition(tmp_path / "edition"))


def golden(name: str, data: bytes, update: bool) -> None:
    """Compare an export with its golden file in cases/export/."""
    check_golden(data, CASES / name, update)


def export(edition: Edition, fmt: str, target: Path) -> None:
    """Run `teikit export FORMAT -o TARGET` on the edition."""
    result = CliRunner().invoke(main, ["export", fmt, "-o", str(target), "--edition", str(edition.root)])
    assert result.exit_code == 0, result.output


def jing(schema: Path, document: Path) -> subprocess.CompletedProcess:
    if shutil.which("jing") is None:
        pytest.skip("jing is not installed")
    return subprocess.run(["jing", str(schema), str(document)], capture_output=True, text=True)


# -- corpus ----------------------------------------------------------------------------------

def test_corpus_validates_against_tei_all(edition, tmp_path):
    schema = TEI_ALL
    write_corpus(edition, tmp_path / "corpus.xml")
    result = jing(schema, tmp_path / "corpus.xml")
    assert result.returncode == 0, result.stdout


def test_corpus_holds_every_document_and_the_registers(edition, tmp_path):
    write_corpus(edition, tmp_path / "corpus.xml")
    root = tei.parse(tmp_path / "corpus.xml").getroot()
    assert root.tag == tei.T("teiCorpus")
    assert root.findtext("tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title", namespaces=NS) == "Exchange Test Edition"
    assert root.xpath("tei:TEI/@xml:id", namespaces=NS) == DOC_IDS + ["persons", "places"]


def test_corpus_makes_inner_ids_unique_and_follows_pointers(edition, tmp_path):
    write_corpus(edition, tmp_path / "corpus.xml")
    root = tei.parse(tmp_path / "corpus.xml").getroot()
    ids = root.xpath("//@xml:id", namespaces=NS)
    assert len(ids) == len(set(ids))
    doc = root.xpath("tei:TEI[@xml:id='wilson-116548']", namespaces=NS)[0]
    assert doc.xpath(".//tei:respStmt/@xml:id", namespaces=NS) == ["wilson-116548.resp-obtained", "wilson-116548.trl"]
    assert set(doc.xpath(".//tei:supplied/@resp", namespaces=NS)) == {"#wilson-116548.trl"}
    assert doc.xpath(".//tei:sp/@who", namespaces=NS)[0] == "per:fang-yi"  # register pointers stay as they are


def test_corpus_is_deterministic(edition, tmp_path):
    write_corpus(edition, tmp_path / "a.xml")
    write_corpus(edition, tmp_path / "b.xml")
    assert (tmp_path / "a.xml").read_bytes() == (tmp_path / "b.xml").read_bytes()


# -- BagIt -----------------------------------------------------------------------------------

def test_bag_validates(edition, tmp_path):
    write_bag(edition, tmp_path / "bag")
    bag = bagit.Bag(str(tmp_path / "bag"))
    bag.validate()
    payload = set(bag.payload_files())
    assert {f"data/tei/{i}.xml" for i in DOC_IDS} | {"data/tei/persons.xml", "data/html/index.html",
                                                       "data/metadata/datacite.json", "data/metadata/corpus.xml"} <= payload
    assert set(bag.algorithms) == {"sha256", "sha512"}


def test_bag_includes_pdfs_when_built(edition, tmp_path):
    (edition.print_dir).mkdir(parents=True)
    (edition.print_dir / "volume.pdf").write_bytes(b"%PDF-1.7\n%%EOF\n")
    write_bag(edition, tmp_path / "bag")
    assert "data/print/volume.pdf" in set(bagit.Bag(str(tmp_path / "bag")).payload_files())


def test_bag_leaves_out_the_sites_bookkeeping(edition, tmp_path):
    state = edition.html_dir / ".teikit"
    state.mkdir(parents=True, exist_ok=True)
    (state / "site.sqlite").write_bytes(b"state")
    write_bag(edition, tmp_path / "bag")
    payload = set(bagit.Bag(str(tmp_path / "bag")).payload_files())
    assert "data/html/index.html" in payload
    assert not [name for name in payload if "/." in name]


def test_bag_info_is_deterministic(edition, tmp_path):
    write_bag(edition, tmp_path / "bag")
    info = bagit.Bag(str(tmp_path / "bag")).info
    assert info["Bagging-Date"] == "2026-01-15"  # the latest datestamp, never today
    assert info["External-Identifier"] == "exchange-test"


def test_bag_replaces_an_earlier_bag(edition, tmp_path):
    write_bag(edition, tmp_path / "bag")
    (edition.tei_dir / "plain-note.xml").unlink()
    write_bag(edition, tmp_path / "bag")
    bag = bagit.Bag(str(tmp_path / "bag"))
    bag.validate()
    assert "data/tei/plain-note.xml" not in set(bag.payload_files())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bag", "edition"]  # no staging folders left


# -- DataCite, Dublin Core, CSV --------------------------------------------------------------

def test_datacite_for_a_document(edition, tmp_path, update_golden):
    export(edition, "datacite", tmp_path / "datacite")
    data = json.loads((tmp_path / "datacite" / "wilson-116548.json").read_text())
    attributes = data["data"]["attributes"]
    assert attributes["types"]["resourceTypeGeneral"] == "Text"
    assert [c["name"] for c in attributes["creators"]] == ["Jeffrey Wang", "Charles Kraus"]
    assert attributes["publicationYear"] == "1964"
    golden("datacite-wilson-116548.json", (tmp_path / "datacite" / "wilson-116548.json").read_bytes(), update_golden)


def test_datacite_for_the_edition_lists_its_parts(edition, tmp_path):
    export(edition, "datacite", tmp_path / "datacite")
    attributes = json.loads((tmp_path / "datacite" / "edition.json").read_text())["data"]["attributes"]
    assert attributes["types"]["resourceTypeGeneral"] == "Collection"
    assert len([r for r in attributes["relatedIdentifiers"] if r["relationType"] == "HasPart"]) == 6
    assert attributes["dates"] == [{"date": "1957-03-02/1965-04-11", "dateType": "Coverage"}]


def test_zenodo_deposit_metadata(edition, tmp_path):
    export(edition, "datacite", tmp_path / "datacite")
    metadata = json.loads((tmp_path / "datacite" / "zenodo.json").read_text())["metadata"]
    assert metadata["upload_type"] == "publication" and metadata["license"] == "cc-by-4.0"
    assert metadata["creators"] == [{"name": "Ada Editor"}, {"name": "Ben Editor"}]


def test_dublin_core_for_a_document(edition, tmp_path, update_golden):
    export(edition, "dc", tmp_path / "dc")
    data = (tmp_path / "dc" / "wilson-116548.xml").read_bytes()
    root = tei.parse_bytes(data).getroot()
    assert root.tag == f"{{{NS['oai_dc']}}}dc"
    assert root.findtext("dc:title", namespaces=NS).startswith("Minutes of Conversation")
    golden("dc-wilson-116548.xml", data, update_golden)


def test_dublin_core_for_the_edition(edition, tmp_path):
    export(edition, "dc", tmp_path / "dc")
    root = tei.parse(tmp_path / "dc" / "edition.xml").getroot()
    assert root.xpath("dc:creator/text()", namespaces=NS) == ["Ada Editor", "Ben Editor"]
    assert root.findtext("dc:coverage", namespaces=NS) == "1957-03-02/1965-04-11"


def test_csv_has_one_row_per_document(edition, tmp_path, update_golden):
    export(edition, "csv", tmp_path / "metadata.csv")
    text = (tmp_path / "metadata.csv").read_text()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["id"] for r in rows] == DOC_IDS
    assert rows[3]["translators"] == "Jeffrey Wang; Charles Kraus"
    golden("metadata.csv", text.encode(), update_golden)


# -- the command -----------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_command_writes_each_format(edition, fmt):
    result = CliRunner().invoke(main, ["export", fmt, "--edition", str(edition.root)])
    assert result.exit_code == 0, result.output
    assert (edition.export_dir / FORMATS[fmt][0]).exists()


def test_export_reports_a_broken_document_and_exports_the_others(edition, tmp_path):
    (edition.tei_dir / "broken.xml").write_text('<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<teiHeader>\n</TEI>\n')
    result = CliRunner().invoke(main, ["export", "csv", "-o", str(tmp_path / "out.csv"), "--edition", str(edition.root)])
    assert result.exit_code == 1
    assert f"{edition.tei_dir / 'broken.xml'}:4:" in result.output and "error[X001]" in result.output
    assert len((tmp_path / "out.csv").read_text().splitlines()) == 1 + len(DOC_IDS)


def test_export_without_documents_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["export", "corpus", "--edition", str(tmp_path)])
    assert result.exit_code == 2 and "no TEI documents" in result.output


def test_export_file_format_to_a_folder_is_a_usage_error(edition, tmp_path):
    result = CliRunner().invoke(main, ["export", "csv", "-o", str(tmp_path), "--edition", str(edition.root)])
    assert result.exit_code == 2


# -- the build stage -------------------------------------------------------------------------

def test_export_stage_writes_per_document_and_edition_outputs(edition):
    stage = ExportStage()
    tasks = stage.plan(edition)
    assert [t.key for t in tasks] == DOC_IDS
    results = [ExportStage.run(t) for t in tasks]
    assert all(r.ok for r in results)
    assert stage.finish(edition, results) == []
    out = edition.export_dir
    assert (out / "dc" / "wilson-116548.xml").exists() and (out / "datacite" / "plain-note.json").exists()
    for name in ("corpus.xml", "metadata.csv", "dc/edition.xml", "datacite/edition.json", "datacite/zenodo.json"):
        assert (out / name).exists(), name


def test_export_stage_run_reports_a_broken_document(edition):
    (edition.tei_dir / "broken.xml").write_text("<TEI")
    task = [t for t in ExportStage().plan(edition) if t.key == "broken"][0]
    result = ExportStage.run(task)
    assert not result.ok and result.diagnostics[0].code == "X001"
    assert not Path(task.outputs[0]).exists()


def test_edition_date_setting_dates_the_bag_and_the_deposit(tmp_path):
    root = copy_exchange_edition(tmp_path / "edition")
    settings = root / "edition.toml"
    settings.write_text(settings.read_text() + 'date = "2026-03-01"\n')
    edition = Edition.open(root)
    write_bag(edition, tmp_path / "bag")
    assert bagit.Bag(str(tmp_path / "bag")).info["Bagging-Date"] == "2026-03-01"
    export(edition, "datacite", tmp_path / "datacite")
    assert json.loads((tmp_path / "datacite" / "zenodo.json").read_text())["metadata"]["publication_date"] == "2026-03-01"


def test_bag_manifests_are_sorted_by_path(edition, tmp_path):
    write_bag(edition, tmp_path / "bag")
    paths = [line.split(None, 1)[1] for line in (tmp_path / "bag" / "manifest-sha256.txt").read_text().splitlines()]
    assert paths == sorted(paths)
