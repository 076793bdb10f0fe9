"""DAFP conventions, one phenomenon per case: tests/cases/convert/dafp-<phenomenon>/.

A case folder holds `record.md` (an excerpt of a real record of the DAFP archive) and
`expect.xpath`: one boolean XPath per line (prefix `t:` for TEI; `#` starts a comment) that
must hold on the converted TEI. Every case must also validate against the edition's schema
and TEI All, convert to the same bytes twice, and print back (`teikit text`) the record's
words in order: every word, nothing added (punctuation, brackets and Markdown aside).
"""

from __future__ import annotations

import re

import pytest

from case_support import convert, failed_facts, invalid_cases
from conftest import ROOT
from teikit.readers.dafp_heading import bare_heading, heading
from teikit.tei import parse_bytes
from teikit.text import record_text

_WORD = re.compile(r"[^\W_]+")
CASES = sorted((ROOT / "tests" / "cases" / "convert").glob("dafp-*"))


def words(text: str) -> list[str]:
    """The words of a record text, without its Markdown link targets ("(#f1)")."""
    return _WORD.findall(re.sub(r"\]\(#fn?[_\d]*\)", "]", text).replace("\\", " "))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_facts_hold(case):
    assert not failed_facts(case)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_round_trip_and_determinism(case):
    result = convert(case)
    assert convert(case).tei == result.tei
    back = record_text(parse_bytes(result.tei).getroot())
    source = (case / "record.md").read_text(encoding="utf-8")
    assert words(back.split("\n---\n", 1)[1]) == words(source.split("\n---\n", 1)[1])


def test_cases_are_valid(tmp_path):
    assert invalid_cases(CASES, tmp_path) == ([], [])


def test_heading_line_forms_across_the_volumes():
    # What may follow the date: the time of receipt, a time that lost its a.m./p.m., a class.
    received = heading("Cablegram K5 BATAVIA, 3 December 1947, 4.10 p.m. Received 4 December 1947, 9 a.m.")
    assert received is not None and received.when == "1947-12-03T16:10:00"
    bare_time = heading("Cablegram unnumbered (extract) LAPSTONE, 1 December 1948, 7.15")
    assert bare_time is not None and bare_time.when == "1948-12-01"
    assert heading("Cablegram 131 LONDON, 8 November 1937, 4-02 p.m.").when == "1937-11-08T16:02:00"
    assert [t.kind for t in heading("Letter MELBOURNE, 26 January 1937, PERSONAL AND SECRET").terms] == \
        ["handling", "classification"]
    # Text after the date is no heading.
    assert heading("Cablegram 141 LONDON, 9 September 1938 U.S.S.R. will not act") is None
    for line in ("Cablegram 360,", "Memorandum,", "Cablegram 15 LONDON, n.d.", "Cablegram Department 242,"):
        assert bare_heading(line), line
    for line in ("Record of Conversation", "Note on the situation in Java", "Letter from Casey to Menzies"):
        assert not bare_heading(line), line
