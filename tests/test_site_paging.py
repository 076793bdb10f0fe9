"""The site's state database and paged collection pages: incremental calls equal full ones, only what changed is
redone, long lists are split into linked pages, and nothing is left of documents that went."""

from __future__ import annotations

import hashlib
import random
import re
import sqlite3
from datetime import date, timedelta
from contextlib import closing
from pathlib import Path

import pytest
from lxml import etree
from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from html_support import crawl, page

from teikit.build import BuildOptions, Engine
from teikit.edition import Edition
from teikit.exchange.app import safe_file
from teikit.pipeline import TaskResult
from teikit.render import html, saxon, collection
from teikit.render.html import SEARCH_ENTRIES, search_entry
from teikit.stages import html as stages_html
from teikit.stages.html import HtmlStage
from teikit.render.collection import SiteStateError, build_site, site_state_ready

REGISTERS = [FIXTURES / "edition" / "tei" / "persons.xml", FIXTURES / "edition" / "tei" / "places.xml"]
# Register keys the synthetic documents cite: two are in the fixture registers, the rest are not.
KEYS = ["per:kim-il-sung", "pla:hoeryeong", "per:acme", "org:acme", "per:rare", "pla:far-away"]


@pytest.fixture
def small_pages(monkeypatch):
    """Pages of a few rows, so a handful of documents makes several pages of every list."""
    monkeypatch.setattr(collection, "INDEX_PAGE_SIZE", 4)
    monkeypatch.setattr(collection, "ENTRY_PAGE_SIZE", 3)
    monkeypatch.setattr(collection, "LISTING_PAGE_SIZE", 2)


def summary(n: int, version: int = 0) -> dict:
    """Return the summary of synthetic document n (version changes its title), as render_task would."""
    rng = random.Random(n)
    when = "" if n % 7 == 6 else f"19{50 + n % 40:02d}-{1 + n % 12:02d}-{1 + n % 28:02d}"
    mentions: dict[str, list[list[str]]] = {}
    for seq in range(1, 2 + rng.randrange(5)):
        # Most documents cite the first key, so its entry spans several pages.
        ref = KEYS[0] if seq == 1 and n % 5 else rng.choice(KEYS)
        mentions.setdefault(ref, []).append([f"m{seq}", f"Name {seq}" if seq % 3 else ""])
    title = f"Record {n}" + " (revised)" * version
    return {"id": f"doc-{n:03d}", "title": title, "when": when, "date": when, "lang": "Russian",
            "archive": f"Archive {n % 3}", "mentions": mentions}


def stored(site: Path, s: dict) -> dict:
    """Write a document's page and search entry into the site as render_task does; return its summary."""
    entry = search_entry(s, f"words of {s['title']}")
    (site / SEARCH_ENTRIES).mkdir(parents=True, exist_ok=True)
    (site / SEARCH_ENTRIES / f"{s['id']}.json").write_bytes(entry)
    anchors = "".join(f'<a id="{a}"></a>' for items in s["mentions"].values() for a, _ in items)
    (site / "documents").mkdir(exist_ok=True)
    (site / "documents" / f"{s['id']}.html").write_text(f"<html><body>{anchors}</body></html>", encoding="utf-8")
    return {**s, "search": hashlib.sha256(entry).hexdigest()[:16]}


def full(site: Path, numbers, versions=None) -> list[dict]:
    """Build a site from scratch with every document given; return the summaries."""
    summaries = [stored(site, summary(n, (versions or {}).get(n, 0))) for n in numbers]
    build_site(site, iter(summaries), REGISTERS)
    return summaries


def files(site: Path) -> dict[str, bytes]:
    """Return what build_site makes of a site (all but the documents' pages and the state database), by path."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
            if p.is_file() and p.name != "site.sqlite" and p.parent.name != "documents"}


def stamps(site: Path) -> dict[str, int]:
    """Return the inode of every file of the site (write_atomic gives a rewritten file a new one)."""
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*") if p.is_file()}


def rewritten(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {p for p in after if before.get(p) != after[p]}


def collection_files(paths) -> set[str]:
    """Return the collection pages among site-relative paths."""
    return {p for p in paths if p.endswith(".html") and not p.startswith("documents/")}


def rows(site: Path, sql: str, *params) -> list[tuple]:
    with closing(sqlite3.connect(site / ".teikit" / "site.sqlite")) as db:
        return db.execute(sql, params).fetchall()


def index_pages(site: Path) -> list[Path]:
    """Return the pages of the chronological index in the order of their links."""
    nav = page((site / "index.html").read_text(encoding="utf-8")).xpath("//nav[@aria-label='Pages']//a/@href")
    return [site / href for href in nav] or [site / "index.html"]


def reference_cut(hashes: list[int], size: int) -> list[tuple[int, int]]:
    """The paging rule of collection._cut, walking every row (what _cut computes from the picked rows only)."""
    total = len(hashes)
    if total <= size:
        return [(1, total)]
    least, strong, weak, most = collection._page_limits(size)
    pages, start = [], 1
    for position, hashed in enumerate(hashes, 1):
        length = position - start + 1
        picked = (length >= least and hashed % strong == 0) or (length >= size and hashed % weak == 0)
        if (picked and total - position >= least) or length == most:
            pages.append((start, position))
            start = position + 1
    if start <= total:
        pages.append((start, total))
    return pages


@given(st.integers(1, 40), st.lists(st.integers(0, 2**32 - 1), max_size=200))
def test_cut_from_the_picked_rows_is_the_rule_applied_row_by_row(size, hashes):
    _, strong, weak, _ = collection._page_limits(size)
    picked = [n for n, h in enumerate(hashes, 1) if h % strong == 0]

    def first_weak(position):
        return next((n for n in range(position, len(hashes) + 1) if hashes[n - 1] % weak == 0), None)

    pages = collection._cut(picked, len(hashes), size, first_weak)
    assert pages == reference_cut(hashes, size)
    assert all(last - first < 2 * size for first, last in pages)


def test_long_lists_are_split_into_linked_pages(tmp_path, small_pages):
    full(tmp_path, range(30))
    assert crawl(tmp_path) == []
    listed = index_pages(tmp_path)
    assert [p.name for p in listed] == ["index.html"] + [f"index~{n}.html" for n in range(2, len(listed) + 1)]
    assert len(listed) > 3 and sorted(tmp_path.glob("index*.html")) == sorted(listed)
    # Every document is on exactly one page of the index, in chronological order across pages.
    hrefs = [href for p in listed for href in page(p.read_text(encoding="utf-8")).xpath("//tbody//a/@href")]
    assert sorted(hrefs) == [f"documents/doc-{n:03d}.html" for n in range(30)]
    dates = [d for p in listed for d in page(p.read_text(encoding="utf-8")).xpath("//tbody/tr/td[1]//text()")]
    dated = [d for d in dates if d]
    assert dated == sorted(dated) and dates[len(dated):] == [""] * (len(dates) - len(dated))
    for number, path in enumerate(listed, 1):
        root = page(path.read_text(encoding="utf-8"))
        assert root.xpath("//nav[@aria-label='Pages']//a[@aria-current='page']/@href") == [path.name]
        assert root.xpath("string(//title)").startswith(f"Documents (page {number} of {len(listed)})")
        assert len(root.xpath("//tbody/tr")) <= 2 * collection.INDEX_PAGE_SIZE


def test_entry_and_listing_pages_are_split_too(tmp_path, small_pages):
    full(tmp_path, range(30))
    entry = sorted(p.name for p in (tmp_path / "persons").glob("kim-il-sung*.html"))
    assert entry[0] == "kim-il-sung.html" and len(entry) > 2
    linked = page((tmp_path / "persons" / "kim-il-sung.html").read_text(encoding="utf-8")).xpath(
        "//nav[@aria-label='Pages']//a/@href")
    assert sorted(linked) == entry
    shown = [a for name in entry for a in page((tmp_path / "persons" / name).read_text(encoding="utf-8")).xpath(
        "//ol[@class='mentions']/li/h3/a[@class='doc']/@href")]
    citing = sorted(f"../documents/{s['id']}.html" for s in map(summary, range(30))
                    if "per:kim-il-sung" in s["mentions"])
    assert sorted(shown) == citing
    assert (tmp_path / "persons" / "index~2.html").is_file()


def test_a_single_page_list_has_no_page_links(tmp_path):
    full(tmp_path, range(5))
    assert not list(tmp_path.rglob("*~*.html"))
    assert not page((tmp_path / "index.html").read_text(encoding="utf-8")).xpath("//nav[@aria-label='Pages']")


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sets(st.integers(0, 24)), st.sets(st.integers(0, 24))), min_size=1, max_size=3))
def test_a_site_built_in_steps_equals_one_built_at_once(tmp_path_factory, small_pages, steps):
    # Each step keeps some documents and revises others (a new title moves them and changes their pages).
    site = tmp_path_factory.mktemp("steps")
    numbers, versions = set(range(0, 25, 2)), {}
    full(site, sorted(numbers))
    for keep, revise in steps:
        changed = [n for n in sorted(keep) if n not in numbers or n in revise]
        versions.update({n: versions.get(n, 0) + 1 for n in revise & keep & numbers})
        numbers = keep
        summaries = [stored(site, summary(n, versions.get(n, 0))) for n in changed]
        build_site(site, summaries, REGISTERS, keep=[f"doc-{n:03d}" for n in sorted(numbers)])
    once = tmp_path_factory.mktemp("once")
    full(once, sorted(numbers), versions)
    assert files(site) == files(once)


def test_a_title_change_rewrites_only_the_pages_showing_the_document(tmp_path, small_pages):
    full(tmp_path, range(30))
    showing = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.html")
               if "doc-012.html" in p.read_text(encoding="utf-8") and not p.name.startswith("doc-")}
    assert len(collection_files(showing)) > 3
    before = stamps(tmp_path)
    build_site(tmp_path, [stored(tmp_path, summary(12, 1))], REGISTERS, keep=[f"doc-{n:03d}" for n in range(30)])
    done = rewritten(before, stamps(tmp_path))
    assert collection_files(done) == collection_files(showing)
    assert "Record 12 (revised)" in (tmp_path / sorted(collection_files(showing))[0]).read_text(encoding="utf-8")


def test_a_document_added_first_on_a_page_rewrites_that_page_only(tmp_path, monkeypatch):
    monkeypatch.setattr(collection, "INDEX_PAGE_SIZE", 32)
    full(tmp_path, range(150))
    listed = index_pages(tmp_path)
    labels = page(listed[0].read_text(encoding="utf-8")).xpath("//nav[@aria-label='Pages']//a/text()")
    # The page links read as a timeline: each page runs from the date where the one before ends.
    assert len(labels) > 3 and all(b.split(" – ")[0] == a.split(" – ")[-1] for a, b in zip(labels, labels[1:]))
    rows_of = [page(p.read_text(encoding="utf-8")).xpath("//tbody/tr") for p in listed]
    strong = collection._page_limits(32)[1]

    def day(row):
        return date.fromisoformat(row.xpath("string(td[1]/time/@datetime)"))

    def ident(row):
        return row.xpath("string(td[2]/a/@href)").removeprefix("documents/").removesuffix(".html")

    # A page cut where its last row is picked, with a free day before its first row.
    number = next(n for n in range(1, len(listed) - 1) if collection._id_hash(ident(rows_of[n][-1])) % strong == 0
                  and (day(rows_of[n][0]) - day(rows_of[n - 1][-1])).days > 1)
    when = (day(rows_of[number - 1][-1]) + timedelta(days=1)).isoformat()
    added = {**summary(999), "when": when, "date": when}
    assert collection._id_hash(added["id"]) % strong != 0
    before = stamps(tmp_path)
    build_site(tmp_path, [stored(tmp_path, added)], REGISTERS,
               keep=[f"doc-{n:03d}" for n in [*range(150), 999]])
    assert {p for p in rewritten(before, stamps(tmp_path)) if p.startswith("index")} == {listed[number].name}
    assert "doc-999" in listed[number].read_text(encoding="utf-8")


def test_an_unchanged_incremental_call_writes_nothing(tmp_path, small_pages):
    full(tmp_path, range(30))
    before = stamps(tmp_path)
    build_site(tmp_path, [], REGISTERS, keep=[f"doc-{n:03d}" for n in range(30)])
    assert rewritten(before, stamps(tmp_path)) == set()


def test_stale_numbered_pages_go_when_the_edition_shrinks(tmp_path, small_pages):
    full(tmp_path, range(30))
    assert (tmp_path / "index~3.html").is_file()
    build_site(tmp_path, [], REGISTERS, keep=["doc-001", "doc-002"])
    assert sorted(p.name for p in tmp_path.glob("index*.html")) == ["index.html"]
    # What remains split is the registers' indexes (every registered entry is listed); no document list is.
    numbered = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*~*.html"))
    assert numbered == sorted(path for (path,) in rows(tmp_path, "SELECT path FROM pages WHERE path LIKE '%~%'"))
    assert all(p.split("/")[1].startswith("index~") for p in numbered)
    assert crawl(tmp_path) == []


def test_deleted_documents_leave_no_rows_entries_or_pages(tmp_path, small_pages):
    full(tmp_path, range(12))
    # doc-005 is the only one citing pla:far-away (not in the register): its entry goes with it.
    assert (tmp_path / "places" / "far-away.html").is_file()
    build_site(tmp_path, [], REGISTERS, keep=[f"doc-{n:03d}" for n in range(12) if n != 5])
    for table, column in (("docs", "id"), ("cites", "doc_id"), ("mentions", "doc_id")):
        assert rows(tmp_path, f"SELECT * FROM {table} WHERE {column} = 'doc-005'") == []
    assert not (tmp_path / SEARCH_ENTRIES / "doc-005.json").exists()
    assert not list((tmp_path / "places").glob("far-away*.html"))
    assert rows(tmp_path, "SELECT * FROM entries WHERE key = 'far-away'") == []
    assert rows(tmp_path, "SELECT * FROM pages WHERE path LIKE 'places/far-away%'") == []
    (tmp_path / "documents" / "doc-005.html").unlink()
    assert crawl(tmp_path) == []
    assert "doc-005" not in "".join(p.read_text(encoding="utf-8") for p in tmp_path.rglob("*.html"))


def test_changes_only_need_a_state_database(tmp_path):
    assert not site_state_ready(tmp_path)
    with pytest.raises(SiteStateError):
        build_site(tmp_path, [stored(tmp_path, summary(1))], REGISTERS, keep=["doc-001"])
    assert not (tmp_path / "index.html").exists()
    full(tmp_path, range(3))
    assert site_state_ready(tmp_path)
    # A state that lacks a kept document cannot be brought up to date with the changed ones only.
    with pytest.raises(SiteStateError):
        build_site(tmp_path, [], REGISTERS, keep=["doc-000", "doc-001", "doc-002", "doc-003"])
    assert len(rows(tmp_path, "SELECT id FROM docs")) == 3


def test_an_older_schema_is_not_ready(tmp_path):
    full(tmp_path, range(3))
    with closing(sqlite3.connect(tmp_path / ".teikit" / "site.sqlite")) as db, db:
        db.execute("UPDATE meta SET value = 'old' WHERE name = 'schema'")
    assert not site_state_ready(tmp_path)
    full(tmp_path, range(3))
    assert site_state_ready(tmp_path)


def test_an_interrupted_build_keeps_the_last_state_and_the_next_one_catches_up(tmp_path, small_pages, monkeypatch):
    site, once = tmp_path / "site", tmp_path / "once"
    full(site, range(20))
    state = rows(site, "SELECT * FROM pages ORDER BY path")
    calls = []
    transform = saxon.transform

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) > 2:
            raise KeyboardInterrupt
        return transform(*args, **kwargs)

    monkeypatch.setattr(saxon, "transform", failing)
    keep = [f"doc-{n:03d}" for n in range(20) if n != 4]
    changed = [stored(site, summary(n, 1)) for n in (3, 9, 15)]
    with pytest.raises(KeyboardInterrupt):
        build_site(site, changed, REGISTERS, keep=keep)
    assert len(calls) == 3 and rows(site, "SELECT * FROM pages ORDER BY path") == state
    monkeypatch.setattr(saxon, "transform", transform)
    build_site(site, changed, REGISTERS, keep=keep)
    full(once, [n for n in range(20) if n != 4], {3: 1, 9: 1, 15: 1})
    assert files(site) == files(once)


def test_the_stage_builds_everything_when_the_state_is_missing(fixture_edition):
    edition = Edition.open(fixture_edition)
    stage = HtmlStage()
    [task] = stage.plan(edition)
    result = HtmlStage.run(task)
    assert stage.finish(edition, [result]) == []
    (edition.html_dir / "index.html").unlink()
    (edition.html_dir / ".teikit" / "site.sqlite").unlink()
    # A cached result is not a changed one: only a full build, from every result, makes the index again.
    cached = TaskResult(result.key, outputs=result.outputs, summary=result.summary, fresh=False)
    assert stage.finish(edition, [cached]) == []
    assert "wilson-116548" in (edition.html_dir / "index.html").read_text(encoding="utf-8")
    assert site_state_ready(edition.html_dir)
    assert crawl(edition.html_dir) == []


def test_the_stage_passes_changed_results_and_kept_keys(fixture_edition, monkeypatch):
    edition = Edition.open(fixture_edition)
    stage = HtmlStage()
    [task] = stage.plan(edition)
    result = HtmlStage.run(task)
    stage.finish(edition, [result])
    calls = []
    monkeypatch.setattr(stages_html, "build_site", lambda *args, **kwargs: calls.append((list(args[1]), kwargs)) or [])
    cached = TaskResult(result.key, outputs=result.outputs, summary=result.summary, fresh=False)
    stage.finish(edition, [cached])
    assert [(changed, kwargs["keep"]) for changed, kwargs in calls] == [([], ["wilson-116548"])]


# Characters XML 1.0 allows, the escaped ones and their neighbours often.
_XML_TEXT = st.text(st.one_of(st.sampled_from('&<>"\'\r\n\t ;#a'), st.characters(
    blacklist_categories=("Cs",), blacklist_characters="\x00\ufffe\uffff").filter(lambda c: c >= " " or c in "\t\n\r")), max_size=12)


@settings(max_examples=200, deadline=None)
@given(_XML_TEXT, _XML_TEXT)
def test_page_descriptions_escape_text_and_attributes_as_lxml_does(text, value):
    described = collection._Page("persons", "Persons")
    described.add("entry", text, name=value)
    written = described.source().decode("utf-8")
    element = etree.Element(f"{{{collection.SITE_NS}}}entry", nsmap={"s": collection.SITE_NS}, name=value)
    element.text = text
    expected = etree.tostring(element, encoding="unicode").replace(f' xmlns:s="{collection.SITE_NS}"', "")
    assert expected in written
    parsed = etree.fromstring(described.source())[0]
    assert (parsed.text or "", parsed.get("name")) == (text, value)


def test_page_links_with_a_page_number_pass_the_link_filter_and_others_do_not():
    described = collection._Page("persons", "Persons", "../")
    for href in ("kim~2.html", "kim~12.html#m3", "kim~0.html", "kim~.html", "kim~2x.html", "~2.html", "a/~2.html"):
        described.add("entry", href=href, name=href, count=1, documents=1)
    root = page(saxon.transform(html.stylesheet(), described.source(), {"root": "../"}))
    assert root.xpath("//ul[@class='register-index']//a/@href") == ["kim~2.html", "kim~12.html#m3", "", "", "", "",
                                                                     ""]


# The link filter of the collection pages (h:href), as a regular expression of Python's.
_LINK = re.compile(r"https?://[^\s<>\"]+|[A-Za-z0-9_.\-/]+(\.html|\.xml|\.pdf)(#[A-Za-z0-9_.\-]+)?"
                   r"|[A-Za-z0-9_.\-/]*[A-Za-z0-9_.\-]~[1-9][0-9]*\.html(#[A-Za-z0-9_.\-]+)?")


_TRICKY_LINKS = ["a.html", ".html", "..html", "x.html#", "x.html#a/b", "x.html#a#b", "x.pdf#p1", "x.HTML", "a b.html",
                 "../documents/v1-2.html#m3", "k~2.html", "https://x.org/a b", "a/.xml", "#m1", ""]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.builds(lambda a, b, c: a + b + c, st.text(alphabet="ab/.-_~#1 :x", max_size=6),
                          st.sampled_from(["", ".html", ".xml", ".pdf", ".HTML", "~2.html", "://"]),
                          st.sampled_from(["", "#m1", "#a/b", "#", "#a#b", "x"])), max_size=20))
def test_the_link_filter_keeps_exactly_the_links_its_expression_allows(hrefs):
    # Plain files of the site are told without the expression: the same links must pass as with it.
    hrefs = _TRICKY_LINKS + hrefs
    described = collection._Page("persons", "Persons", "../")
    for href in hrefs:
        described.add("entry", href=href, name="x", count=1, documents=1, letter="X")
    root = page(saxon.transform(html.stylesheet(), described.source(), {"root": "../"}))
    assert root.xpath("//ul[@class='register-index']//a/@href") == [h if _LINK.fullmatch(h) else "" for h in hrefs]


def test_the_server_serves_numbered_pages(tmp_path):
    (tmp_path / "persons").mkdir()
    for name in ("index~2.html", "persons/kim-il-sung~3.html"):
        (tmp_path / name).write_text("<html></html>", encoding="utf-8")
        assert safe_file(tmp_path, name) == (tmp_path / name).resolve()


def test_pages_written_by_worker_processes_equal_those_written_here(tmp_path_factory, small_pages, monkeypatch):
    # From the first page on, every transform goes to the workers (a large build's path).
    from teikit.render import page_writer

    here = tmp_path_factory.mktemp("here")
    full(here, range(30))
    monkeypatch.setattr(page_writer, "SERIAL_PAGES", 0)
    monkeypatch.setattr(page_writer, "BATCH", 3)
    workers = tmp_path_factory.mktemp("workers")
    summaries = [stored(workers, summary(n)) for n in range(30)]
    with Engine(BuildOptions(jobs=2)) as engine:
        build_site(workers, iter(summaries), REGISTERS, workers=engine.workers())
    assert len(collection_files(files(workers))) > 20
    assert files(workers) == files(here)


def test_a_page_that_fails_in_a_worker_fails_the_call(tmp_path, small_pages, monkeypatch):
    from teikit.render import page_writer

    monkeypatch.setattr(page_writer, "SERIAL_PAGES", 0)
    bad = tmp_path / "bad.xsl"
    bad.write_text('<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
                   '<xsl:template match="/"><xsl:sequence select="error((), \'no pages here\')"/></xsl:template>'
                   '</xsl:stylesheet>', encoding="utf-8")
    summaries = [stored(tmp_path, summary(n)) for n in range(10)]
    with Engine(BuildOptions(jobs=2)) as engine, pytest.raises(saxon.TransformError, match="no pages here"):
        build_site(tmp_path, iter(summaries), REGISTERS, xsl=bad, workers=engine.workers())
    assert not site_state_ready(tmp_path)
