"""Property: for generated wilson records, the header keeps every fact and prints the header back."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from teikit.encode.header import build_header, header_text
from teikit.readers import ReaderError, read_text
from teikit.registers import Registers
from teikit.tei import NSMAP, TEI_NS
from test_header import normalise
from test_readers import _LINE

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=9)
_cap = _word.map(str.capitalize)
_name = st.tuples(_cap, _cap).map(" ".join)
_names = st.lists(_name, min_size=1, max_size=3, unique=True)


@st.composite
def records(draw):
    """A wilson record's text and the facts it states."""
    year, month, day = draw(st.integers(1945, 1999)), draw(st.integers(1, 12)), draw(st.integers(1, 28))
    date = f"{MONTHS[month - 1]} {day}, {year}"
    words = draw(st.lists(_cap, min_size=2, max_size=8))
    if draw(st.booleans()):
        words.insert(1, f"[{draw(_cap)}]")
    title = "Record of " + " ".join(words)
    first, last = draw(st.integers(1, 400)), draw(st.integers(0, 50))
    signature = draw(st.sampled_from([
        f"PRC FMA 106-0{first:04d}-01, {first}-{first + last}",
        f"AVPRF F. 0{first}, Op. {last + 1}, Delo {first % 90 + 1}",
        f"BArch, B {first}/{last + 100}, {first}-{first + last}",
    ]))
    translators, obtainers = draw(_names), draw(st.one_of(st.just([]), _names))
    joined = " and ".join(translators)
    resp = f"Obtained by {' and '.join(obtainers)} and translated by {joined}." if obtainers else f"Translated by {joined}."
    record_id = draw(st.integers(100000, 999999))
    language = draw(st.sampled_from(["Chinese", "Russian", "Korean", "German"]))
    summary = " ".join(draw(st.lists(_word, min_size=3, max_size=20))) + "."
    style = draw(st.sampled_from(["plain", "bold", "markdown"]))
    label = {"plain": "{}:", "bold": "**{}:**", "markdown": "#### **{}:**"}[style]
    top = {"plain": [date, title], "bold": [f"**{date}**", "", f"**{title}**"],
           "markdown": [f"## **{date}**", "", f"### **{title}**"]}[style]
    sections = [("Citation", f'"{title}", {date}, Wilson Center Digital Archive, {signature}. {resp}\n'
                             f"<https://wilson-center.drivingcreative.com/document/{record_id}>"),
                ("Summary", summary),
                ("Credits", "This document was made possible with support from MacArthur Foundation"),
                ("Original Language", language), ("Contents", "Translation - English")]
    lines = ["", ""] + top + [""]
    for name, text in sections:
        lines += [label.format(name), "", text, ""]
    header_part = "\n".join(lines)
    text = header_part + "\nThey met on that day.\n"
    facts = {"id": f"wilson-{record_id}", "when": f"{year}-{month:02d}-{day:02d}", "translators": translators,
             "obtainers": obtainers, "pages": signature.rsplit(", ", 1)[-1] if "Delo" not in signature else None}
    return text, header_part, facts


@settings(max_examples=60, deadline=None)
@given(records())
def test_generated_header_round_trip(case):
    text, header_part, facts = case
    record = read_text("generated.txt", text)
    assert record.doc_id == facts["id"]
    root = etree.Element(f"{{{TEI_NS}}}TEI", nsmap={None: TEI_NS})
    root.append(build_header(record, Registers.load(None, seed=False), []))
    assert normalise(header_text(root)) == normalise(header_part)
    assert root.xpath("//tei:creation/tei:date/@when", namespaces=NSMAP) == [facts["when"]]
    assert root.xpath("//tei:respStmt[@xml:id='trl']/tei:persName/text()", namespaces=NSMAP) == facts["translators"]
    assert root.xpath("//tei:respStmt[tei:resp/@key='obtained']/tei:persName/text()", namespaces=NSMAP) == facts["obtainers"]
    locus = root.xpath("//tei:msItem/tei:locus/text()", namespaces=NSMAP)
    assert locus == ([facts["pages"]] if facts["pages"] else [])


@settings(deadline=None)
@given(st.lists(_LINE, max_size=25))
def test_any_readable_text_gets_a_header_and_prints_it_back(lines):
    try:
        record = read_text("fuzz.txt", "\n".join(lines))
    except ReaderError:
        return
    root = etree.Element(f"{{{TEI_NS}}}TEI", nsmap={None: TEI_NS})
    root.append(build_header(record, Registers.load(None, seed=False), []))
    assert normalise(record.title) in normalise(header_text(root))
