"""convert_record and the convert build stage: ids, determinism, validity, hand-edit safety."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from conftest import ROOT, TEI_ALL, shared_path
from golden_support import check_golden
from teikit.convert import MANIFEST, convert_record, digest
from teikit.edition import Edition
from teikit.encode.body import encode_body
from teikit.encode.header import build_header, note_discrepancy
from teikit.encode.indent import indent
from teikit.readers import read
from teikit.registers import Registers
from teikit.stages.convert import ConvertStage
from teikit.tei import NSMAP, TEI_NS, XML_ID, XML_LANG, parse_bytes, serialize

SAMPLES = ROOT / "records"
BAD = sorted((ROOT / "tests" / "cases" / "convert").glob("bad-*"))
SAMPLE_IDS = ["wilson-116553", "wilson-116546", "wilson-116548", "wilson-115932", "wilson-118686"]


def fresh() -> Registers:
    return Registers.load(None)


@pytest.mark.parametrize("path", sorted(SAMPLES.iterdir()), ids=lambda p: p.name)
def test_sample_converts_with_its_id(path):
    result = convert_record(path, fresh())
    assert result.ok and not [d for d in result.diagnostics if d.level.value == "error"]
    root = parse_bytes(result.tei).getroot()
    assert root.get("{http://www.w3.org/XML/1998/namespace}id") == result.doc_id
    assert result.doc_id == SAMPLE_IDS[int(path.name[:3])]
    assert root.xpath("/tei:TEI/tei:text[@type='translation']/tei:body", namespaces=NSMAP)


@pytest.mark.parametrize("path", sorted(SAMPLES.iterdir()), ids=lambda p: p.name)
def test_building_in_place_equals_assembling_parts(path):
    # convert_record builds header and body inside the TEI root (fast); the parts built on
    # their own and assembled afterwards must give the same bytes and register proposals.
    result = convert_record(path, fresh())
    record, registers = read(path), fresh()
    body = encode_body(record, registers, record.date_when)
    header = build_header(record, registers, body.speakers)
    note_discrepancy(header, body.text, record)
    root = etree.Element(f"{{{TEI_NS}}}TEI", nsmap={None: TEI_NS})
    root.set(XML_ID, record.doc_id)
    root.set(XML_LANG, "en")
    root.append(header)
    root.append(body.text)
    indent(root)
    assert serialize(root) == result.tei
    assert registers.additions() == result.register_additions


def test_conversion_is_deterministic():
    for path in sorted(SAMPLES.iterdir()):
        assert convert_record(path, fresh()).tei == convert_record(path, fresh()).tei


def test_register_refs_include_header_names():
    result = convert_record(SAMPLES / "000_de32d7ba9868a1b9.txt", fresh())
    assert {"per:shen-zhihua", "per:jeffrey-wang", "per:charles-kraus"} <= set(result.register_refs)
    assert result.register_refs == sorted(set(result.register_refs))
    assert {"shen-zhihua", "jeffrey-wang"} <= {a["id"] for a in result.register_additions}


@pytest.mark.parametrize("case", BAD, ids=[c.name for c in BAD])
def test_bad_record_gives_one_error_and_no_tei(case, update_golden):
    source = next(case.glob("record.*"))
    result = convert_record(source, fresh())
    assert not result.ok and result.tei == b""
    assert len(result.diagnostics) == 1
    line = result.diagnostics[0].format().replace(str(source), source.name)
    check_golden(line, case / "expected.txt", update_golden)


def _edition(tmp_path: Path, records=None) -> Edition:
    root = tmp_path / "ed"
    (root / "records").mkdir(parents=True)
    for path in records or sorted(SAMPLES.iterdir()):
        shutil.copy(path, root / "records" / path.name)
    return Edition.open(root)


def _run_stage(edition: Edition, stage=None):
    stage = stage or ConvertStage()
    results = [stage.run(task) for task in stage.plan(edition)]
    stage.finish(edition, results)
    return results


def test_stage_plans_one_task_per_record(tmp_path):
    edition = _edition(tmp_path)
    tasks = ConvertStage().plan(edition)
    assert [t.key for t in tasks] == sorted(p.name for p in SAMPLES.iterdir())
    assert all(t.stage == "convert" and t.inputs[0].startswith(str(edition.records_dir)) for t in tasks)


def test_stage_writes_tei_registers_and_manifest(tmp_path):
    edition = _edition(tmp_path)
    results = _run_stage(edition)
    assert all(r.ok for r in results)
    written = sorted(p.name for p in edition.documents())
    assert written == sorted(f"{i}.xml" for i in SAMPLE_IDS)
    manifest = json.loads((edition.tei_dir / MANIFEST).read_text())
    assert list(manifest) == sorted(manifest)
    assert manifest["wilson-116548.xml"] == digest((edition.tei_dir / "wilson-116548.xml").read_bytes())
    persons = etree.parse(str(edition.tei_dir / "persons.xml"))
    assert persons.xpath("//tei:person[@xml:id='gary-goldberg']", namespaces=NSMAP)
    assert results[2].summary["date"] == "1964-09-05"


def test_stage_refuses_to_overwrite_a_hand_edited_file(tmp_path):
    edition = _edition(tmp_path, [SAMPLES / "004_8b1b759c36f2ea61.txt"])
    _run_stage(edition)
    target = edition.tei_dir / "wilson-118686.xml"
    edited = target.read_bytes().replace(b"Translated by", b"Translated by (checked)")
    target.write_bytes(edited)
    results = _run_stage(edition)
    assert not results[0].ok
    assert results[0].diagnostics[-1].code == "C105"
    assert "edited by hand" in results[0].diagnostics[-1].message
    assert target.read_bytes() == edited
    results = _run_stage(edition, ConvertStage(force=True))
    assert results[0].ok and target.read_bytes() != edited


def test_stage_regenerates_an_unedited_file(tmp_path):
    edition = _edition(tmp_path, [SAMPLES / "004_8b1b759c36f2ea61.txt"])
    _run_stage(edition)
    first = (edition.tei_dir / "wilson-118686.xml").read_bytes()
    assert all(r.ok for r in _run_stage(edition))
    assert (edition.tei_dir / "wilson-118686.xml").read_bytes() == first


def test_stage_reports_a_bad_record_and_converts_the_others(tmp_path):
    edition = _edition(tmp_path, [SAMPLES / "004_8b1b759c36f2ea61.txt", BAD[0] / "record.txt"])
    results = {r.key: r for r in _run_stage(edition)}
    assert results["004_8b1b759c36f2ea61.txt"].ok
    assert not results["record.txt"].ok
    assert [p.name for p in edition.documents()] == ["wilson-118686.xml"]


def _jing_or_skip() -> str:
    jing = shutil.which("jing")
    if jing is None:
        pytest.skip("jing is not installed")
    return jing


@pytest.mark.slow
def test_every_record_converts_to_valid_tei(tmp_path):
    jing = _jing_or_skip()
    schema = TEI_ALL
    corpora = shared_path("corpora", "records")
    edition = _edition(tmp_path, sorted(SAMPLES.iterdir()) + sorted(p for p in corpora.rglob("*") if p.is_file()))
    results = _run_stage(edition)
    assert all(r.ok for r in results), [d.format() for r in results for d in r.diagnostics]
    files = [str(p) for p in edition.documents()] + [str(p) for p in edition.register_paths()]
    assert len(edition.documents()) == 20
    run = subprocess.run([jing, str(schema), *files], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_stage_gives_two_records_with_one_id_two_files(tmp_path):
    edition = _edition(tmp_path, [SAMPLES / "004_8b1b759c36f2ea61.txt"])
    shutil.copy(SAMPLES / "004_8b1b759c36f2ea61.txt", edition.records_dir / "copy.txt")
    stage = ConvertStage()
    results = {r.key: r for r in (stage.run(task) for task in stage.plan(edition))}
    assert stage.finish(edition, list(results.values())) == []
    assert all(r.ok for r in results.values())
    assert results["004_8b1b759c36f2ea61.txt"].summary["id"] == "wilson-118686"
    assert results["copy.txt"].summary["id"] == "wilson-copy"
    clash = [d for d in results["copy.txt"].diagnostics if d.code == "C103"]
    assert len(clash) == 1 and "004_8b1b759c36f2ea61.txt" in clash[0].message
    assert sorted(p.name for p in edition.documents()) == ["wilson-118686.xml", "wilson-copy.xml"]


def test_a_register_edit_is_seen_by_the_next_task(tmp_path):
    from teikit.stages.convert import _registers

    edition = _edition(tmp_path, [SAMPLES / "004_8b1b759c36f2ea61.txt"])
    _run_stage(edition)
    assert _registers(edition.tei_dir).get("person", "zz-editor") is None
    persons = edition.tei_dir / "persons.xml"
    persons.write_text(persons.read_text(encoding="utf-8").replace(
        "<listPerson>", '<listPerson>\n<person xml:id="zz-editor"><persName type="main">Zz Editor</persName></person>', 1),
        encoding="utf-8")
    assert _registers(edition.tei_dir).get("person", "zz-editor").main == "Zz Editor"


def test_finish_merges_entries_proposed_by_many_records_as_merging_every_proposal_would(tmp_path):
    edition = _edition(tmp_path / "edition")
    stage = ConvertStage()
    results = [stage.run(task) for task in stage.plan(edition)]
    proposals = [a for r in results for a in r.register_additions]
    assert len(proposals) > len({json.dumps(a, sort_keys=True) for a in proposals}), "samples share entries"
    reference = tmp_path / "reference"
    shutil.copytree(edition.tei_dir, reference)
    Registers.merge_into(reference, proposals)
    stage.finish(edition, results)
    for name in ("persons.xml", "places.xml"):
        assert (edition.tei_dir / name).read_bytes() == (reference / name).read_bytes()
