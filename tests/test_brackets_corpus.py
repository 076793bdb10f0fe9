"""Acceptance on real records: no literal bracket left, every bracket encoded, output valid TEI."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, SHARED, TEI_ALL
from teikit.convert import convert_record
from teikit.registers import Registers
from teikit.tei import NSMAP, parse_bytes

SAMPLES = sorted((ROOT / "records").glob("*.txt"))
SHARED_RECORDS = sorted((SHARED / "corpora" / "records").glob("*/*"))
# Elements that stand for one bracket of the source (see the README's encoding guidelines).
BRACKET_XPATH = ("//tei:text//tei:supplied | //tei:text//tei:gap | //tei:text//tei:choice[tei:sic or tei:reg]"
                 " | //tei:text//tei:note | //tei:text//tei:foreign | //tei:text//tei:anchor[@type='footnote']")


def convert(path: Path):
    result = convert_record(path, Registers.load(None))
    assert result.ok, [d.format() for d in result.diagnostics]
    return result


def all_records() -> list[Path]:
    return SAMPLES + [p for p in SHARED_RECORDS if p.is_file()]


@pytest.mark.parametrize("path", all_records(), ids=lambda p: p.name)
def test_no_literal_bracket_in_the_text(path):
    root = parse_bytes(convert(path).tei).getroot()
    body = "".join(root.find("tei:text", NSMAP).itertext())
    assert "[" not in body and "]" not in body


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_source_bracket_became_an_element(path):
    record_body = path.read_text(encoding="utf-8").split("Translation - English", 1)[1]
    root = parse_bytes(convert(path).tei).getroot()
    assert len(root.xpath(BRACKET_XPATH, namespaces=NSMAP)) == record_body.count("[")


def test_samples_and_shared_records_validate_against_tei_all(tmp_path):
    schema = TEI_ALL
    jing = shutil.which("jing")
    if jing is None:
        pytest.skip("jing is not installed")
    files = []
    for path in all_records():
        result = convert(path)
        target = tmp_path / f"{result.doc_id}.xml"
        target.write_bytes(result.tei)
        files.append(str(target))
    run = subprocess.run([jing, str(schema), *files], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[:4000]
