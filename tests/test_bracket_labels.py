"""The hand labels of the sample and shared records: every bracket is read as the editor labelled it.

The DAFP archive samples of the same folder are scored by `python bench/brackets.py` (whole
archive work belongs in bench/); these records are the ones every change must keep right.
"""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT, shared_path
from teikit.convert import convert_record
from teikit.registers import Registers

sys.path.insert(0, str(ROOT / "bench"))
from brackets import match, read_labels  # noqa: E402

LABELS = sorted((ROOT / "tests" / "cases" / "brackets" / "labels").glob("*.tsv"))
RECORDS = [p for p in LABELS if "dafp-archive" not in p.read_text(encoding="utf-8").split("\n", 1)[0]]


@pytest.mark.parametrize("labels", RECORDS, ids=lambda p: p.stem[:40])
def test_every_labelled_bracket_is_read_as_labelled(labels):
    record, wanted = read_labels(labels)
    if "../shared/" in str(record):
        shared_path("corpora", "records")  # skips when ../shared/ is absent
    result = convert_record(record, Registers.load(None))
    pairs, leftovers = match(wanted, result.brackets)
    wrong = [(line, words, cls, d.cls if d else None) for (line, words, cls), d in pairs if not d or d.cls != cls]
    assert not wrong
    assert not leftovers, "brackets read that no label names"
