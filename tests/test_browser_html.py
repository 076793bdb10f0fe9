"""The HTML site in a real browser (Debian's headless chromium through Playwright)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser_support import Session, serious_violations
from browser_support import base_url, browser, session  # noqa: F401 (fixtures of the module's site)
from click.testing import CliRunner
from conftest import FIXTURES

from teikit.cli import main
from teikit.render import collection

pytestmark = pytest.mark.browser
INPUTS = [FIXTURES / "edition" / "tei", FIXTURES / "html" / "dafp-test-57.xml", FIXTURES / "html" / "undated-note.xml"]
PAGES = {"document": "documents/wilson-116548.html", "footnotes": "documents/dafp-test-57.html", "index": "index.html",
         "persons": "persons/index.html", "person": "persons/kim-il-sung.html", "place": "places/hoeryeong.html",
         "organizations": "organizations/index.html", "organization": "organizations/korean-workers-party-central-committee.html",
         "places": "places/index.html", "search": "search.html?q=renting+land"}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("browser") / "html"
    # One document per shard, so the search page has to load and merge several shards.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(collection, "SHARD_SIZE", 1)
        result = CliRunner().invoke(main, ["render", "html", *map(str, INPUTS), "-o", str(site), "--title", "Test Edition"])
    assert result.exit_code == 0, result.output
    assert len(list((site / "assets" / "search").glob("*.js"))) == 4
    return site


def test_view_switch_opens_as_published_and_the_choice_is_remembered(session):
    page = session.goto(PAGES["document"])
    sic = page.locator(".tei-sic").first
    bracket = page.locator(".tei-supplied .ed").first
    gap = page.locator(".tei-gap .ed").first
    # As published, by default: supplied words in brackets, sic marked, omissions as [...].
    assert page.is_checked("#view-published")
    assert sic.is_visible() and bracket.is_visible() and gap.is_visible()
    assert bracket.inner_text() == "["
    page.click("label[for=view-reading]")
    assert not sic.is_visible() and not bracket.is_visible() and not gap.is_visible()
    page.reload()
    assert page.is_checked("#view-reading"), "the choice was not remembered"
    assert not bracket.is_visible()
    page.click("label[for=view-diplomatic]")
    assert sic.is_visible() and bracket.is_visible()
    page.goto(session.base + PAGES["document"])
    assert page.is_checked("#view-diplomatic")
    page.click("label[for=view-published]")
    assert bracket.is_visible()
    assert session.errors == []


def test_identification_is_in_brackets_as_published_and_a_popover_in_the_reading_text(session):
    page = session.goto(PAGES["footnotes"])
    note = page.locator(".tei-note.note-identification").first
    assert note.locator(".pub").is_visible() and note.locator(".pub").inner_text().startswith("[")
    assert not note.locator("button.inote-ref").is_visible()
    page.click("label[for=view-reading]")
    assert not note.locator(".pub").is_visible()
    button = note.locator("button.inote-ref")
    button.focus()
    page.keyboard.press("Enter")
    assert note.locator("[popover]").is_visible()
    page.keyboard.press("Escape")
    assert not note.locator("[popover]").is_visible()
    page.click("label[for=view-published]")
    assert session.errors == []


def test_view_switch_works_without_javascript(browser, base_url):
    s = Session(browser, base_url, java_script_enabled=False)
    try:
        page = s.goto(PAGES["document"])
        gap_bracket = page.locator(".tei-gap .ed").first
        assert gap_bracket.is_visible()
        page.click("label[for=view-reading]")
        assert not gap_bracket.is_visible()
        page.click("label[for=view-diplomatic]")
        assert gap_bracket.is_visible()
    finally:
        s.close()


def test_footnote_popover_opens_and_closes_with_the_keyboard(session):
    page = session.goto(PAGES["footnotes"])
    popover = page.locator("#pop1")
    assert not popover.is_visible()
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "fnref1":
            break
    else:
        pytest.fail("the note reference cannot be reached with Tab")
    page.keyboard.press("Enter")
    assert popover.is_visible()
    assert "Premier of the DPRK" in popover.inner_text()
    page.keyboard.press("Escape")
    assert not popover.is_visible()
    assert session.errors == []


def test_footnote_back_link_returns_to_the_reference(session):
    page = session.goto(PAGES["footnotes"])
    page.click("#fn1 a.backref")
    assert page.url.endswith("#fnref1")


def test_search_finds_a_phrase_from_a_sample_record(session):
    page = session.goto("search.html")
    page.fill("#q", '"Just like renting land"')
    page.keyboard.press("Enter")
    results = page.locator("#search-results li")
    results.first.wait_for()
    assert results.count() == 1
    assert results.first.locator("a").get_attribute("href") == "documents/wilson-116548.html"
    assert results.first.locator("mark").inner_text().lower() == "just like renting land"
    assert "1 document found" in page.inner_text("#search-status")
    assert "q=%22Just+like+renting+land%22" in page.url or "q=%22Just%20like" in page.url
    page.fill("#q", "zzzz-nowhere")
    page.keyboard.press("Enter")
    assert results.count() == 0 and "0 documents found" in page.inner_text("#search-status")


def test_search_merges_the_documents_of_every_shard(session):
    page = session.goto("search.html?q=a")
    page.locator("#search-results li").first.wait_for()
    hrefs = page.locator("#search-results li > a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert sorted(hrefs) == ["documents/dafp-test-57.html", "documents/undated-note.html", "documents/wilson-116548.html"]
    assert "3 documents found" in page.inner_text("#search-status")
    assert session.errors == []


def test_search_works_without_a_server(browser, site):
    s = Session(browser, site.as_uri() + "/")
    try:
        page = s.goto("search.html?q=renting+land")
        page.locator("#search-results li").first.wait_for()
        assert "1 document found" in page.inner_text("#search-status")
        assert s.errors == [] and s.external == []
    finally:
        s.close()


def test_search_reads_the_query_from_the_address(session):
    page = session.goto(PAGES["search"])
    page.locator("#search-results li").first.wait_for()
    assert page.input_value("#q") == "renting land"


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_no_console_errors_and_no_external_requests(session, kind):
    session.goto(PAGES[kind])
    assert session.errors == []
    assert session.external == []


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_no_serious_accessibility_violations(session, kind):
    page = session.goto(PAGES[kind])
    if kind == "search":
        page.locator("#search-results li").first.wait_for()
    assert serious_violations(page) == []


def test_diplomatic_view_has_no_serious_accessibility_violations(session):
    page = session.goto(PAGES["document"])
    page.click("label[for=view-diplomatic]")
    assert serious_violations(page) == []


@pytest.mark.parametrize("kind", sorted(PAGES))
@pytest.mark.parametrize("width", [1280, 390])
def test_screenshot_of_each_page_type(browser, base_url, tmp_path, kind, width):
    # Screenshots land in TEIKIT_SCREENSHOTS when set, for a person to look at.
    s = Session(browser, base_url, viewport={"width": width, "height": 900})
    try:
        page = s.goto(PAGES[kind])
        if kind == "search":
            page.locator("#search-results li").first.wait_for()
        target = Path(os.environ.get("TEIKIT_SCREENSHOTS", tmp_path)) / f"{kind}-{width}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 5000
        # Nothing wider than the viewport: the layout is responsive.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        s.close()


def test_print_stylesheet_drops_navigation_and_keeps_notes(session):
    page = session.goto(PAGES["footnotes"])
    page.emulate_media(media="print")
    assert not page.locator("nav.site-nav").is_visible()
    assert not page.locator("fieldset.view-switch").is_visible()
    assert page.locator("#fn1").is_visible()
    assert page.locator(".cite-bibtex").is_visible()


def test_search_marks_the_hit_when_folding_changes_the_length_of_the_text_before_it(browser, tmp_path):
    # "№" folds to "No" (two letters): the mark must still cover the word found, not two letters on.
    source = (FIXTURES / "html" / "undated-note.xml").read_text(encoding="utf-8")
    document = tmp_path / "numbered.xml"
    document.write_text(source.replace("<p>A note without a date", "<p>Copy № 2 of № 1228: a note without a date"),
                        encoding="utf-8")
    site = tmp_path / "html"
    result = CliRunner().invoke(main, ["render", "html", str(document), "-o", str(site), "--title", "Numbers"])
    assert result.exit_code == 0, result.output
    s = Session(browser, site.as_uri() + "/")
    try:
        page = s.goto("search.html?q=mentions")
        page.locator("#search-results li").first.wait_for()
        assert page.locator("#search-results mark").first.inner_text() == "mentions"
        assert s.errors == []
    finally:
        s.close()
