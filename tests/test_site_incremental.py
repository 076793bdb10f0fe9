"""Incremental HTML site builds: small summaries, search shards, and only changed collection pages redone."""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from conftest import FIXTURES
from html_support import page

from teikit.build import BuildOptions, run_build
from teikit.edition import Edition
from teikit.render import html, collection
from teikit.render.html import render_paths, render_task
from teikit.stages.html import HtmlStage
from teikit.render.collection import build_site, shard_count, shard_of, write_search_index

INPUTS = [FIXTURES / "edition" / "tei" / "wilson-116548.xml", FIXTURES / "html" / "dafp-test-57.xml",
          FIXTURES / "html" / "undated-note.xml"]
REGISTERS = [FIXTURES / "edition" / "tei" / "persons.xml", FIXTURES / "edition" / "tei" / "places.xml"]
COLLECTION = ["index.html", "search.html", "persons/index.html", "persons/kim-il-sung.html", "places/index.html",
              "places/hoeryeong.html", "places/sinuiju.html"]


@pytest.fixture
def docs(tmp_path) -> Path:
    """A writable copy of the three test documents."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for path in INPUTS:
        shutil.copy(path, folder / path.name)
    return folder


def _build(site: Path, paths) -> list[dict]:
    """Render documents into the site and build its collection level; return the summaries."""
    summaries = [r.summary for r in render_paths(paths, site)]
    build_site(site, summaries, REGISTERS)
    return summaries


def _stamps(site: Path) -> dict[str, int]:
    """Return the inode of every file of the site (write_atomic gives a rewritten file a new one)."""
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*") if p.is_file()}


def _rewritten(before: dict[str, int], after: dict[str, int]) -> list[str]:
    return sorted(p for p in after if before.get(p) != after[p])


def test_summary_is_small_and_the_text_is_in_a_side_file(tmp_path):
    result = render_task(INPUTS[0], tmp_path)
    assert set(result.summary) == {"id", "title", "when", "date", "lang", "archive", "repositories", "collection",
                                   "type", "mentions", "roles", "search", "contexts"}
    assert len(json.dumps(result.summary)) < 2500
    # The sentences around the mentions are in a side file too.
    contexts = json.loads((tmp_path / ".teikit" / "mentions" / "wilson-116548.json").read_bytes())
    assert contexts["m1"] == ["Location: ", "Korean Workers' Party Central Committee", " Office Building"]
    entry = json.loads((tmp_path / ".teikit" / "search" / "wilson-116548.json").read_bytes())
    assert "renting land" in entry["text"] and entry["href"] == "documents/wilson-116548.html"
    assert str(tmp_path / ".teikit" / "search" / "wilson-116548.json") in result.outputs


def test_shard_count_gives_about_500_documents_per_shard_and_a_stable_assignment():
    assert [shard_count(n) for n in (0, 1, 500, 501, 1000, 1001, 10_000)] == [1, 1, 1, 2, 2, 4, 32]
    assert shard_of("wilson-116548", 32) == shard_of("wilson-116548", 32) < 32


def test_search_manifest_lists_shards_holding_every_document(tmp_path, monkeypatch):
    monkeypatch.setattr(collection, "SHARD_SIZE", 1)
    _build(tmp_path, INPUTS)
    text = (tmp_path / "assets" / "search-index.js").read_text(encoding="ascii")
    manifest = json.loads(text.removeprefix("window.TEIKIT_SEARCH_INDEX = ").removesuffix(";\n"))
    assert manifest["documents"] == 3 and [s["src"] for s in manifest["shards"]] == [f"search/{n}.js" for n in range(4)]
    found = {}
    for shard in manifest["shards"]:
        data = (tmp_path / "assets" / shard["src"]).read_text(encoding="ascii")
        prefix = "(window.TEIKIT_SEARCH = window.TEIKIT_SEARCH || []).push("
        assert data.startswith(prefix) and data.endswith(");\n")
        for doc in json.loads(data[len(prefix):-3]):
            assert shard["src"] == f"search/{shard_of(doc['id'], 4)}.js"
            found[doc["id"]] = doc
    assert sorted(found) == ["dafp-test-57", "undated-note", "wilson-116548"]
    assert "rice harvest of the northern provinces" in found["dafp-test-57"]["text"]


def test_a_document_edit_rewrites_only_its_page_and_its_shard(tmp_path, docs, monkeypatch):
    monkeypatch.setattr(collection, "SHARD_SIZE", 1)
    site = tmp_path / "site"
    paths = sorted(docs.glob("*.xml"))
    summaries = _build(site, paths)
    before = _stamps(site)
    wilson = docs / "wilson-116548.xml"
    wilson.write_text(wilson.read_text(encoding="utf-8").replace("renting land", "renting a field"), encoding="utf-8")
    changed = render_task(wilson, site).summary
    summaries = [changed if s["id"] == "wilson-116548" else s for s in summaries]
    build_site(site, summaries, REGISTERS)
    shard = f"assets/search/{shard_of('wilson-116548', 4)}.js"
    assert _rewritten(before, _stamps(site)) == sorted(
        ["documents/wilson-116548.html", "tei/wilson-116548.xml", ".teikit/search/wilson-116548.json",
         ".teikit/mentions/wilson-116548.json", shard, "assets/search-index.js"])
    assert "renting a field" in (site / shard).read_text(encoding="ascii")


def test_words_around_a_mention_redo_that_entry_page_and_not_the_index(tmp_path, docs, monkeypatch):
    monkeypatch.setattr(collection, "SHARD_SIZE", 1)
    site = tmp_path / "site"
    summaries = _build(site, sorted(docs.glob("*.xml")))
    before = _stamps(site)
    wilson = docs / "wilson-116548.xml"
    wilson.write_text(wilson.read_text(encoding="utf-8").replace("Office Building", "Office Block"), encoding="utf-8")
    changed = render_task(wilson, site).summary
    build_site(site, [changed if s["id"] == "wilson-116548" else s for s in summaries], REGISTERS)
    rewritten = _rewritten(before, _stamps(site))
    assert [p for p in rewritten if p.endswith(".html") and not p.startswith("documents/")] == [
        "organizations/korean-workers-party-central-committee.html"]
    assert "Office Block" in (site / "organizations" / "korean-workers-party-central-committee.html").read_text(
        encoding="utf-8")


def test_a_title_change_redoes_the_pages_that_list_the_document(tmp_path, docs):
    site = tmp_path / "site"
    summaries = _build(site, sorted(docs.glob("*.xml")))
    before = _stamps(site)
    dafp = docs / "dafp-test-57.xml"
    dafp.write_text(dafp.read_text(encoding="utf-8").replace("Record of Conversation", "Record of a Talk"),
                    encoding="utf-8")
    changed = render_task(dafp, site).summary
    build_site(site, [changed if s["id"] == "dafp-test-57" else s for s in summaries], REGISTERS)
    rewritten = _rewritten(before, _stamps(site))
    collection = [p for p in rewritten if p.endswith(".html") and not p.startswith("documents/")]
    # Every person and place page that lists the document, and the index; not the other entries' pages.
    mentioned = sorted({f"{html.register_target(ref)[0]}/{html.register_target(ref)[1]}.html"
                        for ref in changed["mentions"]})
    assert collection == sorted(["index.html", *mentioned])
    assert "persons/hao-deqing.html" not in collection
    assert "Record of a Talk" in (site / "persons" / "kim-il-sung.html").read_text(encoding="utf-8")


def test_a_rebuild_with_nothing_changed_writes_nothing(tmp_path):
    summaries = _build(tmp_path, INPUTS)
    before = _stamps(tmp_path)
    build_site(tmp_path, summaries, REGISTERS)
    assert _rewritten(before, _stamps(tmp_path)) == []


def test_a_missing_collection_page_is_written_again(tmp_path):
    summaries = _build(tmp_path, INPUTS)
    expected = (tmp_path / "persons" / "index.html").read_bytes()
    (tmp_path / "persons" / "index.html").unlink()
    before = _stamps(tmp_path)
    build_site(tmp_path, summaries, REGISTERS)
    assert _rewritten(before, _stamps(tmp_path)) == ["persons/index.html"]
    assert (tmp_path / "persons" / "index.html").read_bytes() == expected


def test_pages_of_entries_no_longer_mentioned_are_removed(tmp_path):
    summaries = _build(tmp_path, INPUTS)
    assert all((tmp_path / p).is_file() for p in COLLECTION)
    # Sinuiju is only named in dafp-test-57 and is not in the register: without it, its page goes.
    build_site(tmp_path, [s for s in summaries if s["id"] != "dafp-test-57"], REGISTERS)
    assert not (tmp_path / "places" / "sinuiju.html").exists()
    assert not (tmp_path / ".teikit" / "search" / "dafp-test-57.json").exists()
    assert (tmp_path / "persons" / "kim-il-sung.html").is_file()
    with closing(sqlite3.connect(tmp_path / ".teikit" / "site.sqlite")) as db:
        assert db.execute("SELECT COUNT(*) FROM pages WHERE path LIKE '%sinuiju%'").fetchone() == (0,)
        assert db.execute("SELECT COUNT(*) FROM mentions WHERE key = 'sinuiju'").fetchone() == (0,)


def test_stale_shards_are_removed_when_the_shard_count_falls(tmp_path, monkeypatch):
    monkeypatch.setattr(collection, "SHARD_SIZE", 1)
    _build(tmp_path, INPUTS)
    assert (tmp_path / "assets" / "search" / "3.js").is_file()
    monkeypatch.setattr(collection, "SHARD_SIZE", 500)
    assert write_search_index(tmp_path) == ["search/0.js"]
    assert sorted(p.name for p in (tmp_path / "assets" / "search").iterdir()) == ["0.js"]


def test_changed_stylesheet_parameters_redo_every_collection_page(tmp_path):
    summaries = _build(tmp_path, INPUTS)
    before = _stamps(tmp_path)
    build_site(tmp_path, summaries, REGISTERS, {"edition-title": "Renamed"})
    rewritten = _rewritten(before, _stamps(tmp_path))
    assert [p for p in COLLECTION if p not in rewritten] == []
    assert "Renamed" in (tmp_path / "places" / "index.html").read_text(encoding="utf-8")


def test_the_build_redoes_one_page_and_one_shard_after_a_record_edit(fixture_edition):
    edition = Edition.open(fixture_edition)
    options = BuildOptions(stages=("html",), jobs=1, quiet=True)
    assert run_build(edition, options).exit_code == 0
    site = edition.html_dir
    before = _stamps(site)
    assert run_build(edition, options).exit_code == 0
    assert _rewritten(before, _stamps(site)) == []
    tei = edition.tei_dir / "wilson-116548.xml"
    tei.write_text(tei.read_text(encoding="utf-8").replace("renting land", "renting a field"), encoding="utf-8")
    assert run_build(edition, options).exit_code == 0
    assert _rewritten(before, _stamps(site)) == sorted(
        ["documents/wilson-116548.html", "tei/wilson-116548.xml", ".teikit/search/wilson-116548.json",
         ".teikit/mentions/wilson-116548.json", "assets/search/0.js", "assets/search-index.js"])
    # The words stay in the site's side files: the build's memory of results never holds them.
    cache = edition.build_dir / ".cache"
    assert list(cache.iterdir()) and not any(b"renting" in p.read_bytes() for p in cache.iterdir() if p.is_file())


def test_a_document_pdf_is_an_input_of_its_task_and_copied_by_it(fixture_edition):
    edition = Edition.open(fixture_edition)
    edition.print_dir.mkdir(parents=True)
    (edition.print_dir / "wilson-116548.pdf").write_bytes(b"%PDF-1.4 test")
    [task] = HtmlStage().plan(edition)
    assert task.inputs == (str(edition.tei_dir / "wilson-116548.xml"), str(edition.print_dir / "wilson-116548.pdf"))
    assert task.params["params"]["pdf"] is True
    result = HtmlStage.run(task)
    assert (edition.html_dir / "print" / "wilson-116548.pdf").read_bytes() == b"%PDF-1.4 test"
    assert str(edition.html_dir / "print" / "wilson-116548.pdf") in result.outputs


def test_per_and_org_pointers_to_one_key_go_to_a_person_and_an_organization_page_in_text_order(tmp_path):
    path = tmp_path / "mixed.xml"
    path.write_text((FIXTURES / "html" / "undated-note.xml").read_text(encoding="utf-8").replace(
        "A note without a date mentions nobody.",
        '<persName ref="per:acme">Alpha</persName>, <orgName ref="org:acme">Beta</orgName>,'
        ' <persName ref="per:acme">Gamma</persName>.'), encoding="utf-8")
    site = tmp_path / "site"
    _build(site, [path])
    root = page((site / "persons" / "acme.html").read_text(encoding="utf-8"))
    assert root.xpath("//ol[@class='mentions']/li/ul/li/a/text()") == ["Alpha", "Gamma"]
    assert root.xpath("//ol[@class='mentions']/li/ul/li/a/@href") == [
        f"../documents/mixed.html#m{n}" for n in (1, 3)]
    root = page((site / "organizations" / "acme.html").read_text(encoding="utf-8"))
    assert root.xpath("//ol[@class='mentions']/li/ul/li/a/@href") == ["../documents/mixed.html#m2"]
