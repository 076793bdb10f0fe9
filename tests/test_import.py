"""`teikit import`: FRUS volumes split into documents, other TEI copied after checks, with a report."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from conftest import TEI_ALL, shared_path
from serve_support import running
from teikit import tei
from teikit.cli import main
from teikit.edition import Edition
from teikit.exchange.app import create_app
from teikit.exchange.importer import import_tei

NS = {"tei": tei.TEI_NS}
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI = FIXTURES / "exchange" / "frus" / "frus-mini.xml"
VALID = FIXTURES / "edition" / "tei" / "wilson-116548.xml"


def header(path: Path, xpath: str) -> list:
    return tei.parse(path).getroot().xpath(xpath, namespaces=NS)


def jing_all(schema: Path, files: list[Path]) -> subprocess.CompletedProcess:
    if shutil.which("jing") is None:
        pytest.skip("jing is not installed")
    return subprocess.run(["jing", str(schema), *map(str, files)], capture_output=True, text=True)


# -- FRUS ------------------------------------------------------------------------------------

@pytest.fixture
def mini(tmp_path) -> Path:
    report = import_tei(MINI, tmp_path / "tei")
    assert not report.rejected
    return tmp_path / "tei"


def test_frus_volume_is_split_one_file_per_document(mini):
    assert sorted(p.name for p in mini.iterdir()) == ["frus-mini-d1.xml", "frus-mini-d2.xml", "frus-mini-d3.xml",
                                                      "persons.xml"]


def test_frus_document_title_drops_the_number(mini):
    assert header(mini / "frus-mini-d1.xml", "string(//tei:titleStmt/tei:title[@type='main'])") == \
        "Telegram From the Embassy in Korea to the Department of State"


def test_frus_document_date_from_the_dateline(mini):
    assert header(mini / "frus-mini-d1.xml", "//tei:profileDesc/tei:creation/tei:date/@when") == ["1964-01-21T20:00:00"]


def test_frus_editorial_note_without_dateline_has_no_date(mini):
    assert header(mini / "frus-mini-d2.xml", "//tei:profileDesc/tei:creation") == []


def test_frus_source_note_and_repository(mini):
    path = mini / "frus-mini-d1.xml"
    assert header(path, "string(//tei:sourceDesc/tei:bibl/tei:note[@type='source'])").startswith("Source: National Archives")
    assert header(path, "string(//tei:msIdentifier/tei:repository)") == "National Archives and Records Administration"


def test_frus_persons_named_are_resolved_from_the_volume(mini):
    persons = header(mini / "frus-mini-d1.xml", "//tei:particDesc/tei:listPerson/tei:person")
    assert [(p.get("sameAs"), p.findtext("tei:persName", namespaces=NS), p.findtext("tei:idno", namespaces=NS),
             p.findtext("tei:note", namespaces=NS))
            for p in persons] == [("per:brown-winthrop-g", "Brown, Winthrop G.",
                                "https://history.state.gov/historicaldocuments/frus-mini/persons#p_BWG1",
                                "Ambassador to Korea")]


def test_frus_editors_come_from_the_volume(mini):
    assert header(mini / "frus-mini-d2.xml", "//tei:titleStmt/tei:editor/text()") == ["Karen L. Gatz", "David S. Patterson"]


def test_frus_abbreviations_are_expanded_from_the_volume(mini):
    path = mini / "frus-mini-d1.xml"
    assert header(path, "//tei:choice[tei:abbr='ROK']/tei:expan/text()") == ["Republic of Korea"]
    assert header(path, "//tei:abbr[.='ROK']/@corresp") == [
        "https://history.state.gov/historicaldocuments/frus-mini/terms#t_ROK1"]
    assert header(path, "//tei:choice[tei:abbr='DMZ']/tei:expan/text()") == ["Demilitarized Zone"]
    assert header(path, "//tei:gloss[@target]") == []


def test_frus_dateline_goes_into_an_opener(mini):
    assert header(mini / "frus-mini-d1.xml", "string(//tei:body/tei:opener/tei:dateline/tei:placeName)") == "Seoul"


def test_frus_document_declares_tei_all(mini):
    assert header(mini / "frus-mini-d1.xml", "//tei:encodingDesc/tei:schemaRef/@key") == ["tei_all"]


def test_frus_pointers_to_other_documents_become_file_links(mini):
    assert header(mini / "frus-mini-d1.xml", "//tei:ref/@target")[0] == "frus-mini-d2.xml"
    assert header(mini / "frus-mini-d2.xml", "//tei:ref/@target") == ["frus-mini-d1.xml#d1fn2"]


def test_frus_pointers_to_front_matter_become_urls(mini):
    assert header(mini / "frus-mini-d1.xml", "//tei:ref/@target")[1] == \
        "https://history.state.gov/historicaldocuments/frus-mini/persons"


def test_frus_blocks_are_numbered_but_page_breaks_are_not_cited(mini):
    path = mini / "frus-mini-d1.xml"
    assert header(path, "//tei:body/*[@n][not(self::tei:pb)]/@n") == ["1", "2", "3"]


def test_frus_persons_link_to_the_register_by_ref(mini):
    assert header(mini / "frus-mini-d1.xml", "//tei:body//tei:persName/@ref") == ["per:brown-winthrop-g"] * 2
    assert header(mini / "frus-mini-d1.xml", "//tei:body//tei:persName/@corresp") == []


def test_frus_mini_documents_validate_against_tei_all(mini):
    result = jing_all(TEI_ALL, sorted(mini.iterdir()))
    assert result.returncode == 0, result.stdout


def test_every_document_of_the_frus_volume_validates_against_tei_all(tmp_path):
    volume = shared_path("corpora", "frus", "frus1964-68v29p1.xml")
    report = import_tei(volume, tmp_path / "tei")
    assert len(report.taken) == 369 and not report.rejected
    result = jing_all(TEI_ALL, sorted((tmp_path / "tei").glob("frus*.xml")))
    assert result.returncode == 0, result.stdout[:2000]


def test_import_is_deterministic(tmp_path):
    import_tei(MINI, tmp_path / "a")
    import_tei(MINI, tmp_path / "b")
    assert (tmp_path / "a" / "frus-mini-d1.xml").read_bytes() == (tmp_path / "b" / "frus-mini-d1.xml").read_bytes()


# -- imported documents serve like converted ones ----------------------------------------------

def test_dts_answers_for_an_imported_frus_volume(tmp_path):
    volume = shared_path("corpora", "frus", "frus1964-68v29p1.xml")
    edition_dir = tmp_path / "edition"
    import_tei(volume, edition_dir / "tei")
    with running(create_app(Edition.open(edition_dir), dts_page_size=1000)) as base:
        archives = httpx.get(f"{base}/api/dts/collection").json()["member"]
        assert sum(a["totalChildren"] for a in archives) == 369
        assert "archive:johnson-library" in [a["@id"] for a in archives]
        navigation = httpx.get(f"{base}/api/dts/navigation", params={"resource": "frus1964-68v29p1-d1", "down": "1"})
        assert navigation.status_code == 200
        members = navigation.json()["member"]
        assert members and members[0]["identifier"] == "1" and members[0]["citeType"] == "block"
        passage = httpx.get(f"{base}/api/dts/document", params={"resource": "frus1964-68v29p1-d1", "ref": "1"})
        wrapper = tei.parse_bytes(passage.content).getroot().find(".//{https://w3id.org/dts/api#}wrapper")
        assert "".join(wrapper.itertext()).strip().startswith("953. 1. I do not know exactly")


def test_dts_and_oai_answer_for_the_mini_volume(tmp_path):
    import_tei(MINI, tmp_path / "edition" / "tei")
    with running(create_app(Edition.open(tmp_path / "edition"))) as base:
        navigation = httpx.get(f"{base}/api/dts/navigation", params={"resource": "frus-mini-d1", "down": "-1"}).json()
        assert [m["identifier"] for m in navigation["member"]] == ["1", "2", "3"]
        oai = httpx.get(f"{base}/oai", params={"verb": "ListIdentifiers", "metadataPrefix": "oai_dc",
                                              "set": "archive:national-archives-and-records-administration"})
        assert b"frus-mini-d1" in oai.content and b"frus-mini-d2" not in oai.content


# -- other TEI -------------------------------------------------------------------------------

def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def foreign(tmp_path) -> Path:
    folder = tmp_path / "foreign"
    folder.mkdir()
    shutil.copy(VALID, folder / "a-valid.xml")
    _write(folder, "b-malformed.xml", '<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">\n  <teiHeader>\n</TEI>\n')
    _write(folder, "c-not-tei.xml", "<html><body/></html>\n")
    _write(folder, "d-entities.xml", '<!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<TEI>&x;</TEI>\n')
    _write(folder, "e-no-text.xml", '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/></TEI>\n')
    _write(folder, "f-corpus.xml", '<teiCorpus xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/></teiCorpus>\n')
    shutil.copy(VALID, folder / "g-same-id.xml")
    return folder


def test_valid_tei_is_taken_under_its_xml_id(foreign, tmp_path):
    report = import_tei(foreign, tmp_path / "out")
    assert report.taken == [(str(foreign / "a-valid.xml"), str(tmp_path / "out" / "wilson-116548.xml"))]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["wilson-116548.xml"]  # nothing half-written


@pytest.mark.parametrize("name,code,line", [
    ("b-malformed.xml", "X001", 4),
    ("c-not-tei.xml", "X005", 1),
    ("d-entities.xml", "X002", 1),
    ("e-no-text.xml", "E202", 1),
    ("f-corpus.xml", "E201", 1),
    ("g-same-id.xml", "E203", 1),
], ids=["malformed", "not_tei", "entities", "no_text", "corpus", "duplicate_id"])
def test_rejections_name_the_file_line_and_reason(foreign, tmp_path, name, code, line):
    report = import_tei(foreign, tmp_path / "out")
    found = [d for d in report.rejected if d.path == str(foreign / name)]
    assert len(found) == 1 and found[0].code == code and found[0].line == line


def test_import_command_reports_and_exits_one_on_rejections(foreign, tmp_path):
    result = CliRunner().invoke(main, ["import", str(foreign), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"{foreign / 'b-malformed.xml'}:4:" in result.output
    assert f"{foreign / 'a-valid.xml'}: 1 taken, 0 repaired, 0 rejected" in lines
    assert lines[-1] == "1 documents taken from 7 files (0 repaired), 6 rejections in 6 files"


def test_the_source_named_first_wins_an_id_though_larger_sources_are_read_first(tmp_path):
    # The command reads the largest sources first (so the workers finish together); what it
    # takes, and the order of its report, follow the order of the arguments.
    (tmp_path / "in").mkdir()
    small, large = tmp_path / "in" / "small.xml", tmp_path / "in" / "large.xml"
    shutil.copy(VALID, small)
    large.write_bytes(VALID.read_bytes() + b"<!--" + b" " * 20_000 + b"-->\n")
    result = CliRunner().invoke(main, ["import", str(small), str(large), "-o", str(tmp_path / "out"), "-j", "1"])
    lines = result.output.splitlines()
    taken, rejected = f"{small}: 1 taken, 0 repaired, 0 rejected", f"{large}: 0 taken, 0 repaired, 1 rejected"
    assert taken in lines and rejected in lines and lines.index(taken) < lines.index(rejected)
    assert f"is already taken by {small}" in result.output
    assert (tmp_path / "out" / "wilson-116548.xml").read_bytes() == VALID.read_bytes()


def test_import_command_defaults_to_the_edition_tei_folder(tmp_path):
    (tmp_path / "edition").mkdir()
    result = CliRunner().invoke(main, ["import", str(MINI), "--edition", str(tmp_path / "edition")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "edition" / "tei" / "frus-mini-d2.xml").exists()


def test_import_of_a_missing_source_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["import", str(tmp_path / "missing.xml"), "-o", str(tmp_path)])
    assert result.exit_code == 2


def test_schema_validation_rejects_invalid_tei_with_its_line(tmp_path):
    schema = TEI_ALL
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(VALID, source / "valid.xml")
    _write(source, "invalid.xml", '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="bad">\n<teiHeader/>\n<text><body><p/></body></text>\n</TEI>\n')
    report = import_tei(source, tmp_path / "out", schema)
    assert [Path(t).name for _, t in report.taken] == ["wilson-116548.xml"]
    assert {d.path for d in report.rejected} == {str(source / "invalid.xml")}
    # The schema's own code (S1xx) says what is wrong; being left out is what import does with it.
    assert all(d.code.startswith("S") and d.line >= 1 for d in report.rejected)
    assert not (tmp_path / "out" / "bad.xml").exists()


def test_foreign_sample_files_are_taken_or_rejected_with_reasons(tmp_path):
    folder = shared_path("corpora", "tei-foreign")
    report = import_tei(folder, tmp_path / "out", TEI_ALL)
    rejected = {Path(d.path).name for d in report.rejected}
    assert rejected and len(report.taken) + len(rejected) == len(list(folder.glob("*.xml")))
    assert "teipublisher-CIDTC-3823-cortez.xml" in rejected


def test_frus_document_without_printed_text_gets_a_gap(mini):
    path = mini / "frus-mini-d3.xml"
    assert header(path, "//tei:body/tei:p/tei:gap/@reason") == ["omitted"]
    assert header(path, "string(//tei:msIdentifier/tei:repository)") == "National Security Agency"


def test_import_never_overwrites_a_different_document(tmp_path):
    out = tmp_path / "tei"
    out.mkdir()
    (out / "frus-mini-d1.xml").write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'>edited by hand</TEI>")
    report = import_tei(MINI, out)
    assert [d.code for d in report.rejected] == ["E204"]
    assert "edited by hand" in (out / "frus-mini-d1.xml").read_text()
    assert len(report.taken) == 2


def test_import_again_is_idempotent_and_force_overwrites(tmp_path):
    out = tmp_path / "tei"
    import_tei(MINI, out)
    assert not import_tei(MINI, out).rejected
    (out / "frus-mini-d2.xml").write_text("changed")
    assert not import_tei(MINI, out, force=True).rejected
    assert (out / "frus-mini-d2.xml").read_text().startswith("<?xml")


def test_import_validates_against_the_shipped_tei_all_by_name(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(VALID, source / "valid.xml")
    _write(source, "invalid.xml", '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="bad">\n<teiHeader/>\n<text><body><p/></body></text>\n</TEI>\n')
    result = CliRunner().invoke(main, ["import", str(source), "-o", str(tmp_path / "out"), "--schema", "tei_all"])
    assert result.exit_code == 1
    assert "invalid.xml" in result.output and (tmp_path / "out" / "wilson-116548.xml").exists()


def test_import_with_an_unknown_schema_name_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["import", str(VALID), "-o", str(tmp_path), "--schema", "tei_lite"])
    assert result.exit_code == 2 and "no such schema" in result.output
