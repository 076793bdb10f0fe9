"""Properties of the DAFP conventions on generated records: notes at their markers, text kept, valid.

A generated record has a heading, perhaps a classification line, paragraphs with footnote
markers in every style the volumes use, the notes in every layout (after a separator, in
italics, bulleted, as Markdown footnotes) and the archive reference before or after them.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teikit.convert import convert_record
from teikit.registers import Registers
from teikit.tei import NSMAP, parse_bytes, write_atomic
from teikit.text import record_text
from teikit.validate import validate_paths

FRONT = """---
doc_date: '1947-11-27'
doc_num: 7
naa_refs:
- naa_barcode: 1
  naa_control_symbol: 854/10/4/2
  naa_series: A1838
  reference: '[AA:A1838/274, 854/10/4/2, i]'
title: Kirby to Burton
vol_full_title: 'Volume 11: Indonesia 1947'
vol_id: 11
vol_title: 'Volume 11: Indonesia 1947'
---

"""
WORDS = st.sampled_from("the committee agreed that talks would resume on Monday and report to Canberra "
                        "before any decision was taken by delegation Batavia".split())
SENTENCE = st.lists(WORDS, min_size=3, max_size=12).map(lambda w: " ".join(w).capitalize())
NOTE = st.lists(WORDS, min_size=1, max_size=8).map(lambda w: " ".join(w).capitalize() + ".")
HEADINGS = st.sampled_from([
    "Cablegram K2 BATAVIA, 27 November 1947, 11.05 p.m.", "Cablegram 135 LONDON, 27 November 1947",
    "Cablegram, Washington, 27 November 1947", "Canberra, 27 November 1947",
    "Minute 1368 CANBERRA, 27 November 1947, 6 p.m.", "[LONDON], 27 November 1947"])
CLASSIFICATIONS = st.sampled_from(["", "SECRET IMMEDIATE", "1081\\. IMMEDIATE TOP SECRET", "Secret Guard Priority",
                                   "MOST SECRET AND PERSONAL"])
MARKERS = st.sampled_from(["plain", "link", "glued"])
LAYOUTS = st.sampled_from(["separator", "italic", "bulleted", "markdown"])
REFS = st.sampled_from(["[AA:A1838/274, 854/10/4/2, i]", "_[AA : A1838/274, 854/10/4/2, i]_",
                        "[NAA: A1838, 3107/38, xi]", "_[FA : IMP. CONF. 1937, MEETINGS]_"])


@st.composite
def records(draw):
    """A DAFP record and the notes it holds (number -> text)."""
    paragraphs = draw(st.lists(SENTENCE, min_size=1, max_size=4))
    count = draw(st.integers(0, 4))
    notes = {str(n): draw(NOTE) for n in range(1, count + 1)}
    style = draw(MARKERS)
    for number in notes:
        index = draw(st.integers(0, len(paragraphs) - 1))
        marker = {"plain": f" [{number}]", "link": f"[{number}](#f{number})", "glued": f"[{number}]"}[style]
        paragraphs[index] += marker
    # Markers stand in number order, as the volumes print them.
    text = "\n\n".join(paragraphs)
    found = re.findall(r"\[(\d+)\]", text)
    if found != sorted(found, key=int):
        text = _renumber(text)
    layout = draw(LAYOUTS)
    ref = draw(REFS)
    lines = [draw(HEADINGS)]
    classification = draw(CLASSIFICATIONS)
    if classification:
        lines.append(classification)
    lines += [text, "KIRBY"]
    listed = [_note_line(layout, n, t) for n, t in notes.items()]
    if notes and layout in ("separator", "italic"):
        if layout == "italic":
            listed[0], listed[-1] = "_" + listed[0], listed[-1] + "_"
        tail = [" _"] + listed + ["_", ref]
    else:
        before = draw(st.booleans())
        tail = ([ref] + listed) if before else (listed + [ref])
    return FRONT + "\n\n".join(lines + tail) + "\n", notes


def _note_line(layout: str, number: str, text: str) -> str:
    return {"separator": f"{number} {text}", "italic": f"{number} {text}",
            "bulleted": f"  * {number} {text}", "markdown": f"[^{number}]: {text}"}[layout]


def _renumber(text: str) -> str:
    counter = iter(range(1, 100))
    numbers = {}

    def renumber(match):
        new = numbers.setdefault(match.group(1), str(next(counter)))
        return match.group(0).replace(match.group(1), new)
    return re.sub(r"\[(\d+)\](?:\(#f\d+\))?", renumber, text)


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", re.sub(r"\]\(#f\d+\)", "]", text).replace("\\", " "))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records())
def test_notes_stand_at_their_markers_and_the_text_survives(tmp_path, generated):
    source, notes = generated
    path = tmp_path / "record.md"
    path.write_text(source, encoding="utf-8")
    result = convert_record(path, Registers.load(None))
    assert result.ok
    assert convert_record(path, Registers.load(None)).tei == result.tei
    root = parse_bytes(result.tei).getroot()
    ns = {"t": NSMAP["tei"]}
    placed = {n.get("n"): " ".join("".join(n.itertext()).split())
              for n in root.iterfind(".//t:body//t:note[@type='footnote']", ns)}
    assert placed == notes
    # The reference is in the header only; the notes list is gone from the text.
    body = "".join(root.find("t:text/t:body", ns).itertext())
    assert "A1838" not in body and "IMP. CONF" not in body and "[" not in body
    back = record_text(root).split("\n---\n", 1)[1]
    assert _words(back) == _words(source.split("\n---\n", 1)[1])


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records())
def test_generated_records_are_valid(tmp_path, generated):
    source, _ = generated
    path = tmp_path / "record.md"
    path.write_text(source, encoding="utf-8")
    result = convert_record(path, Registers.load(None))
    tei_dir = tmp_path / "tei"
    tei_dir.mkdir(exist_ok=True)
    write_atomic(tei_dir / "doc.xml", result.tei)
    Registers.merge_into(tei_dir, result.register_additions)
    files = [str(tei_dir / "doc.xml")]
    edition = validate_paths(files, registers=str(tei_dir))
    assert [d.format() for d in edition.diagnostics if d.level.value == "error"] == []
    tei_all = validate_paths(files, schema="tei_all")
    assert [d.format() for d in tei_all.diagnostics if d.level.value == "error"] == []
