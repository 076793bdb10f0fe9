"""The filters' data files, read back as the browser reads them: every facet value lists exactly the documents
that have it, dates follow the index's order, and a rebuild that changes nothing writes nothing (no browser)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES

from teikit.cli import main
from teikit.render import facets
from teikit.render.html import summarize
from teikit.tei import parse

EDITION = FIXTURES / "edition" / "tei"
EXTRA = [FIXTURES / "html" / "dafp-test-57.xml", FIXTURES / "html" / "undated-note.xml"]
DOCUMENTS = sorted(EDITION.glob("wilson-*.xml")) + EXTRA


def _data(path: Path):
    """Return the value a facet data file assigns (what the browser gets from the script)."""
    return json.loads(re.split(r"\] = |^window\.TEIKIT_FACETS = ", path.read_text(encoding="ascii"), maxsplit=1)[1]
                      .strip().removesuffix(";"))


def _decode(text: str, signed: bool) -> list[int]:
    """Decode gaps in base 36 as facets.js does."""
    out, previous = [], 0 if signed else -1
    for part in filter(None, text.split(".")):
        previous += -int(part[1:], 36) if part.startswith("-") else int(part, 36)
        out.append(previous)
    return out


def _render(site: Path) -> None:
    # The edition's folder brings its registers; the other documents come as files.
    inputs = [EDITION, *EXTRA]
    result = CliRunner().invoke(main, ["render", "html", *map(str, inputs), "-o", str(site), "--title", "T"])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("facets") / "html"
    _render(site)
    return site


def test_each_value_lists_exactly_the_documents_that_have_it(site):
    folder = site / facets.FOLDER
    manifest = _data(folder / "manifest.js")
    ids = _data(folder / "ids.js")
    assert manifest["documents"] == len(ids) == len(DOCUMENTS)
    summaries = {s["id"]: s for s in (summarize(parse(p), p.stem) for p in DOCUMENTS)}
    sources = {"person": "per:", "place": "pla:", "organization": "org:"}
    listed = {f["id"] for f in manifest["facets"]}
    assert {"person", "place", "lang", "archive", "type"} <= listed
    for facet in manifest["facets"]:
        data = _data(site / "assets" / facet["src"])
        assert len(data["values"]) == facet["values"] == len(data["docs"])
        for (key, _label, count), postings in zip(data["values"], data["docs"]):
            numbers = _decode(postings, signed=False)
            assert len(numbers) == count and numbers == sorted(set(numbers))
            have = {ids[n] for n in numbers}
            if facet["id"] in sources:
                expected = {i for i, s in summaries.items() if f"{sources[facet['id']]}{key}" in s["mentions"]
                            or f"{sources[facet['id']]}{key}" in s["roles"]}
            elif facet["id"] == "archive":
                expected = {i for i, s in summaries.items() if key in s["repositories"]}
            else:
                expected = {i for i, s in summaries.items() if s.get(facet["id"]) == key}
            assert have == expected, (facet["id"], key)


def test_dates_follow_the_index_order_with_undated_documents_last(site):
    folder = site / facets.FOLDER
    ids = _data(folder / "ids.js")
    dates = _decode(_data(folder / "dates.js"), signed=True)
    assert len(dates) == len(ids)
    dated = [d for d in dates if d]
    assert dated == sorted(dated) and dates[len(dated):] == [0] * (len(dates) - len(dated))
    when = {s["id"]: s["when"] for s in (summarize(parse(p), p.stem) for p in DOCUMENTS)}
    for ident, number in zip(ids, dates):
        expected = int((when[ident][:10].replace("-", "") + "0000")[:8]) if when[ident] else 0
        assert number == expected, ident


def test_a_facet_every_document_shares_has_no_file(tmp_path):
    # One document: its kind, language, archive, one place and one organization are every document's; its
    # several persons are not one value.
    site = tmp_path / "html"
    result = CliRunner().invoke(main, ["render", "html", str(EDITION), "-o", str(site), "--title", "T"])
    assert result.exit_code == 0, result.output
    listed = {f["id"] for f in _data(site / facets.MANIFEST)["facets"]}
    assert listed == {"person"}
    assert not (site / facets.FOLDER / "lang.js").exists() and not (site / facets.FOLDER / "type.js").exists()


def test_a_rebuild_that_changes_nothing_writes_no_facet_file(site, tmp_path):
    copy = tmp_path / "html"
    _render(copy)
    stamps = {p: p.stat().st_mtime_ns for p in (copy / facets.FOLDER).rglob("*.js")}
    _render(copy)
    assert {p: p.stat().st_mtime_ns for p in (copy / facets.FOLDER).rglob("*.js")} == stamps
    assert sorted(p.read_bytes() for p in (copy / facets.FOLDER).rglob("*.js")) == sorted(
        p.read_bytes() for p in (site / facets.FOLDER).rglob("*.js"))
