"""Every record gives valid TEI or one error line with file and line, and the run goes on (registers, manifest kept)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from conftest import ROOT
from teikit import convert as convert_module
from teikit.cli import main
from teikit.convert import MANIFEST, convert_record
from teikit.edition import Edition
from teikit.registers import Registers
from teikit.stages.convert import ConvertStage

SAMPLE = ROOT / "records" / "004_8b1b759c36f2ea61.txt"
# The record the faults are put in: another record than SAMPLE, so the two have different ids.
OTHER = ROOT / "records" / "000_de32d7ba9868a1b9.txt"


def with_paragraph(folder: Path, name: str, paragraph: str) -> tuple[Path, int]:
    """Write the sample record with one more paragraph at the end; return it and that paragraph's line."""
    text = OTHER.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    line = text.count("\n") + 1
    path = folder / name
    path.write_text(text + paragraph + "\n", encoding="utf-8")
    return path, line


def test_a_converter_fault_is_one_diagnostic_at_the_paragraph_that_causes_it(tmp_path):
    # 150 nested brackets overflowed the bracket parser's recursion (a RecursionError).
    path, line = with_paragraph(tmp_path, "nested.txt", "The " + "[" * 150 + "Premier" + "]" * 150 + " talked.")
    result = convert_record(path, Registers.load(None))
    # Valid TEI, or exactly one line at that paragraph: the nesting refused (C301), never a crash.
    if not result.ok:
        assert len(result.diagnostics) == 1
        assert result.diagnostics[0].format().startswith(f"{path}:{line}:1: error[C301]: ")


def test_any_exception_in_the_converter_is_one_line_and_the_run_goes_on(tmp_path, monkeypatch):
    bad, line = with_paragraph(tmp_path, "bad.txt", "This paragraph BREAKS the converter.")
    real = convert_module.encode_body

    def fragile(record, *args, **kwargs):
        if any("BREAKS" in block.text for block in record.body):
            raise RecursionError("maximum recursion depth exceeded")
        return real(record, *args, **kwargs)

    monkeypatch.setattr(convert_module, "encode_body", fragile)
    shutil.copy(SAMPLE, tmp_path / "good.txt")
    out = tmp_path / "tei"
    run = CliRunner().invoke(main, ["convert", str(bad), str(tmp_path / "good.txt"), "-o", str(out)])
    assert run.exit_code == 1
    errors = [text for text in run.stderr.splitlines() if "error[" in text]
    assert errors == [f"{bad}:{line}:1: error[C101]: the converter failed on this record "
                      "(RecursionError: maximum recursion depth exceeded); please report it"]
    # The good record is converted, and the registers and the manifest are written.
    assert list(json.loads((out / MANIFEST).read_text(encoding="utf-8"))) == ["wilson-118686.xml"]
    assert (out / "persons.xml").exists() and (out / "wilson-118686.xml").exists()


def test_the_build_stage_reports_a_converter_fault_and_merges_the_rest(tmp_path, monkeypatch):
    (tmp_path / "records").mkdir()
    with_paragraph(tmp_path / "records", "bad.txt", "This paragraph BREAKS the converter.")
    shutil.copy(SAMPLE, tmp_path / "records" / "good.txt")
    real = convert_module.encode_body
    monkeypatch.setattr(convert_module, "encode_body", lambda record, *a, **k: (
        (_ for _ in ()).throw(ValueError("boom")) if any("BREAKS" in b.text for b in record.body)
        else real(record, *a, **k)))
    edition = Edition.open(tmp_path)
    stage = ConvertStage()
    results = [stage.run(task) for task in stage.plan(edition)]
    stage.finish(edition, results)
    by_key = {r.key: r for r in results}
    assert [d.code for d in by_key["bad.txt"].diagnostics] == ["C101"] and by_key["good.txt"].ok
    assert list(json.loads((edition.tei_dir / MANIFEST).read_text(encoding="utf-8"))) == ["wilson-118686.xml"]


def test_a_paragraph_longer_than_xml_tools_read_is_one_line_not_an_unreadable_file(tmp_path):
    path, line = with_paragraph(tmp_path, "huge.txt", "word " * 2_100_000)
    result = convert_record(path, Registers.load(None))
    assert not result.ok and result.tei == b""
    assert [d.format() for d in result.diagnostics] == [
        f"{path}:{line}:1: error[C102]: a paragraph of 10,499,999 bytes: XML tools read no text longer than "
        "10,000,000; split it"]


def test_tei_that_would_not_read_back_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(convert_module, "serialize", lambda root: b"<TEI>not closed")
    result = convert_record(SAMPLE, Registers.load(None))
    assert not result.ok and [d.code for d in result.diagnostics] == ["C102"]
    assert "would not read back" in result.diagnostics[0].message
