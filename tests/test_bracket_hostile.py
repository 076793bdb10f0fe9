"""Brackets that break the rules (issue 14.6): every record gives TEI the edition schema accepts, or one error line."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import ROOT
from teikit.cli import main
from teikit.encode.inline import MAX_NESTING
from teikit.tei import parse
from teikit.text import record_text

SAMPLE = ROOT / "records" / "004_8b1b759c36f2ea61.txt"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def record_with_body(tmp_path, name: str, body: str):
    """Write a copy of sample 004 whose translation is body; return its path."""
    head = SAMPLE.read_text(encoding="utf-8").split("Translation - English", 1)[0]
    path = tmp_path / "records" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(f"{head}Translation - English\n\n{body}\n", encoding="utf-8")
    return path


def test_unopened_bracket_and_bare_sic_give_valid_tei(tmp_path):
    body = ("The Premier] talked about [sic] the matter, and the Ambassador said September [sic] was fine.\n\n"
            "[sic], owing to their going through Norwegian waters.\n\n"
            "[On 3 May 1940 the Prime Minister asked the Treasurer and the Ministers for Trade and Customs (H. S.\n\n"
            "Foll).]")
    source = record_with_body(tmp_path, "record.txt", body)
    result = run("convert", source, "-o", tmp_path / "tei")
    assert result.exit_code == 0, result.stderr
    assert "C302" in result.stderr and "C303" in result.stderr
    checked = run("validate", tmp_path / "tei")
    assert checked.exit_code == 0, checked.stdout + checked.stderr
    tei = tmp_path / "tei" / "wilson-118686.xml"
    assert b"metamark" not in tei.read_bytes()
    assert "The Premier] talked about [sic] the matter" in record_text(parse(tei).getroot())


def test_deep_nesting_is_one_error_line_and_the_run_goes_on(tmp_path):
    deep = record_with_body(tmp_path, "deep.txt", "[" * 150 + "x" + "]" * 150)
    good = tmp_path / "records" / "good.txt"
    good.write_bytes((ROOT / "records" / "000_de32d7ba9868a1b9.txt").read_bytes())
    result = run("convert", deep, good, "-o", tmp_path / "tei")
    assert result.exit_code == 1
    lines = result.stderr.strip().split("\n")
    assert len(lines) == 1 and f"{deep}:" in lines[0] and "error[C301]" in lines[0], lines
    assert "RecursionError" not in result.output
    assert "1 record converted" in result.stdout and "1 failed" in result.stdout
    assert (tmp_path / "tei" / "wilson-116553.xml").exists()
    assert (tmp_path / "tei" / "persons.xml").exists()
    assert json.loads((tmp_path / "tei" / ".generated.json").read_text())


def test_nesting_up_to_the_limit_is_encoded_and_valid(tmp_path):
    body = "He said " + "[" * MAX_NESTING + "so" + "]" * MAX_NESTING + " again."
    source = record_with_body(tmp_path, "record.txt", body)
    result = run("convert", source, "-o", tmp_path / "tei")
    assert result.exit_code == 0, result.stderr
    assert run("validate", tmp_path / "tei").exit_code == 0
    assert body in record_text(parse(tmp_path / "tei" / "wilson-118686.xml").getroot())
