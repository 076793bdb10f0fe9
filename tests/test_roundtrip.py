"""The text round trip: `teikit text` gives back every sample and shared record."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, SHARED, shared_path
from roundtrip_normal import normalise
from teikit.cli import main
from teikit.convert import convert_record
from teikit.registers import Registers
from teikit.tei import parse_bytes, write_atomic
from teikit.text import record_text

SAMPLES = sorted((ROOT / "records").glob("*.txt"))
SHARED_RECORDS = sorted((SHARED / "corpora" / "records").glob("*/*"))


def round_trip(path: Path) -> tuple[str, str]:
    """Return (normalised source, normalised text printed back from the converted TEI)."""
    result = convert_record(path, Registers.load(None))
    assert result.ok, [d.format() for d in result.diagnostics]
    back = record_text(parse_bytes(result.tei).getroot())
    return normalise(path.read_text(encoding="utf-8")), normalise(back)


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_sample_round_trip(path):
    source, back = round_trip(path)
    assert back == source


@pytest.mark.parametrize("name", [p.relative_to(SHARED / "corpora" / "records").as_posix() for p in SHARED_RECORDS]
                         or ["wilson"])
def test_shared_record_round_trip(name):
    path = shared_path("corpora", "records", name)
    if path.is_dir():
        pytest.skip("no shared records")
    source, back = round_trip(path)
    assert back == source


def test_text_command_prints_the_record(tmp_path):
    path = ROOT / "records" / "003_05060b5fc11e8a8b.txt"
    result = convert_record(path, Registers.load(None))
    tei = tmp_path / "doc.xml"
    write_atomic(tei, result.tei)
    out = CliRunner().invoke(main, ["text", str(tei)])
    assert out.exit_code == 0, out.output
    assert "On 12 September [sic; November] 1957" in out.output
    assert "[signature] (A. PUZANOV)" in out.output
    assert normalise(out.output) == normalise(path.read_text(encoding="utf-8"))


def test_text_command_body_only(tmp_path):
    path = ROOT / "records" / "002_c6962a527eee1851.txt"
    tei = tmp_path / "doc.xml"
    write_atomic(tei, convert_record(path, Registers.load(None)).tei)
    out = CliRunner().invoke(main, ["text", "--body-only", str(tei)])
    assert out.exit_code == 0
    assert out.output.startswith("Location: Korean Workers' Party Central Committee Office Building")
    assert "\nKim (laughing): If [you] want to catch up" in out.output


def test_text_command_bad_xml_is_one_line_and_others_still_print(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI><text>", encoding="utf-8")
    good = tmp_path / "good.xml"
    write_atomic(good, convert_record(ROOT / "records" / "004_8b1b759c36f2ea61.txt", Registers.load(None)).tei)
    out = CliRunner().invoke(main, ["text", str(bad), str(good)])
    assert out.exit_code == 1
    errors = [line for line in out.stderr.splitlines() if line]
    assert len(errors) == 1 and errors[0].startswith(f"{bad}:") and "error[X001]" in errors[0]
    assert "Jiao Ruoyu" in out.stdout


def test_text_command_tei_that_is_no_record_is_one_line_x007(tmp_path):
    foreign = tmp_path / "foreign.xml"
    foreign.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>x</p></body></text></TEI>',
                       encoding="utf-8")
    out = CliRunner().invoke(main, ["text", str(foreign)])
    assert out.exit_code == 1
    assert out.stderr.startswith(f"{foreign}: error[X007]: not a teikit record TEI file")


def test_text_command_missing_file_is_usage_error(tmp_path):
    out = CliRunner().invoke(main, ["text", str(tmp_path / "absent.xml")])
    assert out.exit_code == 2


def test_text_command_skips_the_registers(tmp_path):
    # `teikit text tei/*.xml` prints the records, never the registers' lists of names.
    result = convert_record(ROOT / "records" / "004_8b1b759c36f2ea61.txt", Registers.load(None))
    write_atomic(tmp_path / "doc.xml", result.tei)
    Registers.merge_into(tmp_path, result.register_additions)
    registers = sorted(str(p) for p in tmp_path.glob("p*.xml"))
    assert registers
    out = CliRunner().invoke(main, ["text", *registers, str(tmp_path / "doc.xml")])
    assert out.exit_code == 0, out.output
    alone = CliRunner().invoke(main, ["text", str(tmp_path / "doc.xml")])
    assert out.output == alone.output
