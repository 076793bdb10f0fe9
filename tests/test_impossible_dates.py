"""A misprinted date or time in the source keeps its text but claims no date that does not exist."""

from __future__ import annotations

from conftest import ROOT
from teikit.convert import convert_record
from teikit.encode.dates import real_when
from teikit.registers import Registers
from teikit.tei import NSMAP, parse_bytes

RECORD = (ROOT / "tests" / "cases" / "convert" / "header-dafp-front-matter" / "record.md").read_text(encoding="utf-8")


def test_real_when_keeps_real_dates_and_drops_impossible_ones():
    assert real_when("1965-10-29T10:00:00") == "1965-10-29T10:00:00"
    assert real_when("1946-02") == "1946-02" and real_when("1965") == "1965"
    assert real_when("1948-11-31") is None and real_when("1946-02-29") is None and real_when("1946-13") is None
    assert real_when("1949-09-08T16:88:00") == "1949-09-08"


def test_an_impossible_dateline_time_and_note_date_are_text_without_when(tmp_path):
    text = RECORD.replace("12.31 a.m.", "4.88 a.m.").replace(
        "Before Committee adjourned", "On 31 November, before Committee adjourned")
    path = tmp_path / "v16-138.md"
    path.write_text(text, encoding="utf-8")
    result = convert_record(path, Registers.load(None))
    assert result.ok
    tree = parse_bytes(result.tei)
    assert tree.xpath("//tei:creation/tei:date/@when", namespaces=NSMAP) == ["1948-02-20"]
    assert tree.xpath("//tei:dateline/tei:date/@when", namespaces=NSMAP) == ["1948-02-20"]
    # The words stay; no date element claims the day that does not exist.
    assert "On 31 November, before Committee adjourned" in " ".join("".join(tree.xpath("//tei:body//text()",
                                                                                      namespaces=NSMAP)).split())
    assert tree.xpath("//tei:date[contains(@when, '-11-31')]", namespaces=NSMAP) == []
