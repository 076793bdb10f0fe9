"""Body encoding, one phenomenon per case: tests/cases/{convert,brackets}/<phenomenon>.txt -> .xml.

A case file holds directives (`@date`, `@language`, `@footnote N text`, `@expect XPATH`,
`@classes CLASS...` the class of each square bracket in order, `:low` where the reading must
be marked uncertain; `@source` says which record the text comes from) and then the body blocks,
separated by blank lines; `<pb>` marks a page-break offset.
The .xml next to it is the golden encoding (rewrite with `pytest --update-goldens`); each
`@expect` is a boolean XPath that must hold; the text must survive the round trip.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT
from golden_support import check_golden
from teikit.encode.body import encode_body
from teikit.encode.indent import indent
from teikit.readers.base import Block, FootnoteScope, Record
from teikit.registers import Registers
from teikit.tei import NSMAP, serialize
from teikit.text import body_text

CASES = sorted(p for folder in ("convert", "brackets") for p in (ROOT / "tests" / "cases" / folder).glob("*.txt")
               if not p.name.startswith("bad-"))
BRACKET_CASES = [p for p in CASES if p.parent.name == "brackets"]


def load_case(path: Path) -> tuple[Record, list[str], str, list[str]]:
    """Return the record a case describes, its XPath expectations, its source body text and bracket classes."""
    directives, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    date, fields, footnotes, expects, classes = "1965-10-29", {"original language": "Chinese"}, {}, [], []
    for line in directives.splitlines():
        key, _, value = line.partition(" ")
        if key == "@date":
            date = value.strip()
        elif key == "@language":
            fields["original language"] = value.strip()
        elif key == "@footnote":
            number, _, text = value.partition(" ")
            footnotes[number] = text.strip()
        elif key == "@expect":
            expects.append(value.strip())
        elif key == "@classes":
            classes += value.split()
        elif key == "@source":
            pass
        else:
            raise ValueError(f"{path}: unknown directive {line!r}")
    blocks = []
    for index, chunk in enumerate(c for c in body.strip("\n").split("\n\n") if c.strip()):
        breaks, parts, pos = [], [], 0
        for piece in re.split(r"(<pb>)", chunk):
            if piece == "<pb>":
                breaks.append(pos)
            else:
                parts.append(piece)
                pos += len(piece)
        blocks.append(Block("".join(parts), index + 1, tuple(breaks)))
    record = Record(path=str(path), reader="case", doc_id=path.stem, title=path.stem, date=date,
                    date_when=date, fields=fields, body=blocks, footnotes=footnotes,
                    footnote_scopes=[FootnoteScope(1, footnotes)] if footnotes else [])
    source = "\n\n".join(b.text for b in blocks)
    return record, expects, source, classes


def encode_case(path: Path):
    """Encode a case with the shipped seed registers; return (text element, result, expects, source)."""
    record, expects, source, _ = load_case(path)
    result = encode_body(record, Registers.load(None), record.date_when)
    indent(result.text, 1)
    return result, expects, source


def squash(text: str) -> str:
    """Drop whitespace and Markdown emphasis (the round trip holds up to both)."""
    return re.sub(r"[\s_*]+", "", text)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case_matches_golden(path, update_golden):
    result, _, _ = encode_case(path)
    produced = serialize(result.text)
    check_golden(produced, path.with_suffix(".xml"), update_golden)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case_expectations(path):
    result, expects, _ = encode_case(path)
    assert expects, f"{path.name} states no @expect fact"
    for expression in expects:
        assert result.text.xpath(f"boolean({expression})", namespaces=NSMAP), expression


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case_round_trip(path):
    result, _, source = encode_case(path)
    root = result.text.getroottree().getroot()
    wrapper = root.makeelement(root.tag.replace("text", "TEI"))
    wrapper.append(result.text)
    text = body_text(wrapper)
    record, _, _, _ = load_case(path)
    notes = "".join(f"[{n}]{t}" for n, t in record.footnotes.items() if f"[{n}]" in source)
    assert squash(text) == squash(source) + squash(notes)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case_leaves_no_literal_bracket(path):
    result, _, _ = encode_case(path)
    text = "".join(result.text.itertext())
    assert "[" not in text and "]" not in text


@pytest.mark.parametrize("path", BRACKET_CASES, ids=[p.stem for p in BRACKET_CASES])
def test_case_bracket_classes(path):
    result, _, _ = encode_case(path)
    classes = load_case(path)[3]
    assert classes, f"{path.name} states no @classes"
    read = [d.cls + (":low" if d.cert == "low" else "") for d in result.brackets]
    assert read == classes
