"""Properties of encode_body on arbitrary text: never fails, keeps every character, leaves no bracket."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from teikit.encode.body import encode_body
from teikit.encode.brackets import _prev_token
from teikit.readers.base import Block, Record
from teikit.registers import Registers
from teikit.tei import TEI_NS
from teikit.text import body_text

# Characters that matter to the encoder, plus ordinary letters and XML-safe punctuation.
ALPHABET = st.sampled_from(list("[]()\":;,.-' \n0123456789aeiKkmSsGgT“”’") + [
    "Kim ", "Il ", "Sung ", "Hao: ", "sic; ", "...", "October ", "said ", "(#f1)", "i.e., ", "says: ", "Cde. ",
    "Chairman ", "Mao ", "the ", "Hoeryeong ", "1 - ", "handwritten ", "stamp: ", "signature", "5:00 p.m.",
    "Zedong", "Premier ", "Comrade ", "Kim Il Sung", "Pak Kum Chol", "Hoeryong", "Visited ", "(hereafter referred as "])
BLOCK = st.lists(ALPHABET, min_size=1, max_size=40).map("".join).filter(lambda t: t.strip())


def record(blocks, fields=None, breaks=None) -> Record:
    body = []
    for index, text in enumerate(blocks):
        text = text.strip("\n")
        cut = tuple(sorted({b for b in (breaks or ()) if 0 < b < len(text)}))
        body.append(Block(text, index + 1, cut))
    return Record(path="gen.txt", reader="case", doc_id="gen", title="gen", date="1965-10-29",
                  date_when="1965-10-29", fields=fields or {}, body=body)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@settings(max_examples=200, deadline=None)
@given(st.lists(BLOCK, min_size=1, max_size=5), st.lists(st.integers(1, 30), max_size=2))
def test_any_text_survives_without_literal_brackets(blocks, breaks):
    result = encode_body(record(blocks, breaks=breaks), Registers.load(None), "1965-10-29")
    again = encode_body(record(blocks, breaks=breaks), Registers.load(None), "1965-10-29")
    assert etree.tostring(result.text) == etree.tostring(again.text)
    tei = etree.Element(f"{{{TEI_NS}}}TEI")
    tei.append(result.text)
    assert squash(body_text(tei)) == squash("".join(b.strip("\n") for b in blocks if b.strip("\n")))
    text = "".join(result.text.itertext())
    assert "[" not in text and "]" not in text


def test_text_type_follows_the_original_language():
    translated = encode_body(record(["A text."], {"original language": "Russian"}), Registers.load(None), "1957")
    original = encode_body(record(["A text."], {}), Registers.load(None), "1972-09-29")
    marked = encode_body(record(["A text."], {"contents": "Translation - English"}), Registers.load(None), "1965")
    assert (translated.text.get("type"), original.text.get("type"), marked.text.get("type")) == \
        ("translation", "original", "translation")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZ1_'’.-\n \t,é٣²")), max_size=12))
def test_prev_token_scan_equals_regex(before):
    # The backward scan replaces a regex search; both must find the same token.
    match = re.search(r"([\w'’.-]+)[ \n]$", before)
    assert _prev_token(before) == (match.group(1) if match else "")
