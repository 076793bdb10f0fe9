"""Record ids: unique and stable for every record, with a documented fallback when numbers clash or are missing."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from teikit.build import BuildOptions, run_build
from teikit.edition import Edition
from teikit.ids import Identity, assign
from teikit.stages.convert import ConvertStage
from teikit.tei import XML_ID, parse

RECORD = (ROOT / "tests" / "cases" / "convert" / "header-dafp-front-matter" / "record.md").read_text(encoding="utf-8")


def dafp(folder: Path, name: str, **front) -> Path:
    """Write a DAFP record whose front matter has these fields changed (None removes one)."""
    text = RECORD
    for key, value in front.items():
        line = "" if value is None else f"{key}: {value}\n"
        text = re.sub(rf"^{key}: .*\n", line, text, count=1, flags=re.M)
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def plan_ids(edition: Edition) -> dict[str, str]:
    return {task.key: task.params["doc_id"] for task in ConvertStage().plan(edition)}


def build(edition: Path, *stages: str, **options):
    return run_build(Edition.open(edition), BuildOptions(stages=stages or ("convert",), jobs=1, quiet=True, **options))


def test_a_repeated_number_is_kept_by_the_first_in_document_order(tmp_path):
    records = tmp_path / "records"
    # The file names sort the other way round: document order decides, not names or conversion order.
    dafp(records, "v5-8-a.md", vol_id=5, doc_num=8, doc_order=9)
    dafp(records, "v5-8-b.md", vol_id=5, doc_num=8, doc_order=8)
    edition = Edition.open(tmp_path)
    assert plan_ids(edition) == {"v5-8-a.md": "dafp-v5-order-9", "v5-8-b.md": "dafp-v5-8"}
    outcome = build(tmp_path)
    assert outcome.exit_code == 0
    clash = [d for d in outcome.diagnostics if d.code == "C103"]
    assert len(clash) == 1 and clash[0].path == str(records / "v5-8-a.md")
    assert str(records / "v5-8-b.md") in clash[0].message and "dafp-v5-order-9" in clash[0].message
    for ident in ("dafp-v5-8", "dafp-v5-order-9"):
        assert parse(tmp_path / "tei" / f"{ident}.xml").getroot().get(XML_ID) == ident
    assert not any("edited by hand" in d.message for d in outcome.diagnostics)


def test_a_zero_or_missing_number_falls_back_to_the_document_order_then_the_file_name(tmp_path):
    records = tmp_path / "records"
    for order in range(1, 29):
        dafp(records, f"v20-0-doc-{order}.md", vol_id=20, doc_num=0, doc_order=order)
    dafp(records, "v20-x-no-number.md", vol_id=20, doc_num=None, doc_order=40)
    dafp(records, "v20-y-Nothing at all.md", vol_id=20, doc_num="''", doc_order=None)
    edition = Edition.open(tmp_path)
    ids = plan_ids(edition)
    assert ids["v20-0-doc-7.md"] == "dafp-v20-order-7"
    assert ids["v20-x-no-number.md"] == "dafp-v20-order-40"
    assert ids["v20-y-Nothing at all.md"] == "dafp-v20-y-nothing-at-all"
    outcome = build(tmp_path)
    assert outcome.exit_code == 0, [d.format() for d in outcome.diagnostics]
    assert len(edition.documents()) == 30
    # A record without a number has none in its header either; one with order keeps it.
    header = parse(tmp_path / "tei" / "dafp-v20-order-40.xml")
    assert header.xpath("//*[local-name()='idno'][@type='dafp-document']") == []
    assert header.xpath("string(//*[local-name()='idno'][@type='dafp-order'])") == "40"


def test_ids_do_not_depend_on_what_else_changed_or_on_a_lost_cache(tmp_path):
    records = tmp_path / "records"
    dafp(records, "v5-8-a.md", vol_id=5, doc_num=8, doc_order=9)
    dafp(records, "v5-8-b.md", vol_id=5, doc_num=8, doc_order=8)
    edition = Edition.open(tmp_path)
    first = plan_ids(edition)
    (tmp_path / "build" / ".cache" / "identities.json").unlink()
    assert plan_ids(edition) == first
    # A changed record is read again; an unchanged one comes from the memo with the same id.
    dafp(records, "v5-8-a.md", vol_id=5, doc_num=8, doc_order=7)
    assert plan_ids(edition) == {"v5-8-a.md": "dafp-v5-8", "v5-8-b.md": "dafp-v5-order-8"}


def test_a_record_whose_number_another_took_as_fallback_cannot_exist(tmp_path):
    # Every record's own number is reserved for it: a fallback never takes one.
    ids, clashes = assign({"a": Identity(("x-1", "x-2")), "b": Identity(("x-1", "x-3")), "c": Identity(("x-2",))})
    assert ids == {"a": "x-1", "b": "x-3", "c": "x-2"}
    assert [(c.key, c.holder, c.given) for c in clashes] == [("b", "a", "x-3")]


identities = st.dictionaries(
    st.text("abc", min_size=1, max_size=3),
    st.builds(lambda c, r: Identity(tuple(c), (r,)), st.lists(st.sampled_from(["p1", "p2", "p3", "f"]),
                                                          min_size=1, max_size=3, unique=True),
              st.integers(0, 3)),
    max_size=12)


@settings(max_examples=200, deadline=None)
@given(identities, st.randoms())
def test_assigned_ids_are_unique_and_do_not_depend_on_order(found, rnd):
    ids, _ = assign(found)
    assert sorted(ids) == sorted(found)
    assert len(set(ids.values())) == len(ids)
    shuffled = list(found.items())
    rnd.shuffle(shuffled)
    assert assign(dict(shuffled))[0] == ids
    # A record whose first candidate no other record shares always gets it.
    firsts = [i.candidates[0] for i in found.values()]
    for key, identity in found.items():
        if firsts.count(identity.candidates[0]) == 1:
            assert ids[key] == identity.candidates[0]


def test_the_memo_is_keyed_by_the_reader(tmp_path):
    records = tmp_path / "records"
    dafp(records, "v5-1.md", vol_id=5, doc_num=1, doc_order=1)
    edition = Edition.open(tmp_path)
    plan_ids(edition)
    memo = json.loads((tmp_path / "build" / ".cache" / "identities.json").read_text())
    # Keyed below records/, so that a copied edition (cp -a) finds its memo.
    assert memo["reader"] is None and list(memo["records"]) == ["v5-1.md"]
