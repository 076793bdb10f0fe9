"""Faceted browsing in a real browser: filters, counts, timeline, keyboard, search narrowed, from file: too."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_support import Session, serious_violations
from browser_support import base_url, browser, session  # noqa: F401 (fixtures of the module's site)
from click.testing import CliRunner

from teikit.cli import main
from teikit.render import facets

pytestmark = pytest.mark.browser
PERSONS = ["Anna Berg", "Boris Ivanov", "Chen Duxiu", "Dora Weiss", "Emil Novak"]
PLACES = ["Hoeryeong", "Sinuiju", "Kaesong"]
DOCUMENTS = 40


def _key(name: str) -> str:
    return name.lower().replace(" ", "-")


def _facts(i: int) -> dict:
    """The facts of synthetic document i, chosen so that every filter has something to select."""
    year, month = 1950 + i % 8, 1 + i % 12
    persons = sorted({PERSONS[i % 5], PERSONS[(i * 3 + 1) % 5]})
    return {"id": f"doc-{i:02d}", "when": f"{year}-{month:02d}-{1 + i % 27:02d}", "year": year, "persons": persons,
            "place": PLACES[i % 3], "lang": "Russian" if i % 3 == 0 else "Chinese",
            "title": (f"Cable from the Embassy {i}" if i % 2 else f"Record of Conversation {i}")}


def _tei(f: dict) -> str:
    names = " and ".join(f'<persName ref="per:{_key(p)}">{p}</persName>' for p in f["persons"])
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="{f['id']}">
  <teiHeader>
    <fileDesc>
      <titleStmt><title type="main">{f['title']}</title></titleStmt>
      <publicationStmt><p>Test.</p></publicationStmt>
      <sourceDesc><msDesc><msIdentifier><repository>Archive {f['lang'][0]}</repository></msIdentifier>
        <msContents><textLang>{f['lang']}</textLang></msContents></msDesc></sourceDesc>
    </fileDesc>
    <profileDesc><creation><date when="{f['when']}">{f['when']}</date></creation></profileDesc>
  </teiHeader>
  <text xml:lang="en"><body>
    <p>{names} met in <placeName ref="pla:{_key(f['place'])}">{f['place']}</placeName> to discuss grain
       number {f['id']}.</p>
  </body></text>
</TEI>
"""


def _register(tag: str, names: list[str]) -> str:
    kind = {"person": ("listPerson", "persName"), "place": ("listPlace", "placeName")}[tag]
    entries = "".join(f'<{tag} xml:id="{_key(n)}"><{kind[1]} type="main">{n}</{kind[1]}></{tag}>' for n in names)
    return (f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>R</title></titleStmt>'
            f'<publicationStmt><p>R</p></publicationStmt><sourceDesc><p>R</p></sourceDesc></fileDesc></teiHeader>'
            f'<text><body><{kind[0]}>{entries}</{kind[0]}></body></text></TEI>')


ALL = [_facts(i) for i in range(DOCUMENTS)]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    tei = tmp_path_factory.mktemp("facets") / "tei"
    tei.mkdir()
    for f in ALL:
        (tei / f"{f['id']}.xml").write_text(_tei(f), encoding="utf-8")
    (tei / "persons.xml").write_text(_register("person", PERSONS), encoding="utf-8")
    (tei / "places.xml").write_text(_register("place", PLACES), encoding="utf-8")
    site = tei.parent / "html"
    with pytest.MonkeyPatch.context() as patch:
        # Small blocks of result rows, so a result list needs several of them.
        patch.setattr(facets, "ROWS_BLOCK", 7)
        result = CliRunner().invoke(main, ["render", "html", str(tei), "-o", str(site), "--title", "Facets"])
    assert result.exit_code == 0, result.output
    return site


def _results(page) -> list[str]:
    page.wait_for_function("document.getElementById('facet-status').textContent.includes('match')")
    page.wait_for_function("document.querySelectorAll('#facet-results tbody tr').length > 0"
                           " || document.getElementById('facet-status').textContent.startsWith('0 ')")
    while page.locator("#facet-results button.more").is_visible():
        count = page.locator("#facet-results tbody tr").count()
        page.click("#facet-results button.more")
        page.wait_for_function(f"document.querySelectorAll('#facet-results tbody tr').length > {count}")
    hrefs = page.locator("#facet-results tbody a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return [h.removeprefix("documents/").removesuffix(".html") for h in hrefs]


def _expected(person: str | None = None, years: tuple[int, int] | None = None, lang: str | None = None) -> list[str]:
    chosen = [f for f in ALL if (person is None or person in f["persons"])
              and (years is None or years[0] <= f["year"] <= years[1]) and (lang is None or f["lang"] == lang)]
    return [f["id"] for f in sorted(chosen, key=lambda f: f["when"])]


def _open(page, facet: str) -> None:
    page.locator(f"#facet-{facet}").wait_for()
    # A facet the address already filters by opens by itself.
    if not page.evaluate(f"document.getElementById('facet-{facet}').open"):
        page.click(f"#facet-{facet} summary")
    page.locator(f"#facet-{facet} input[type=checkbox]").first.wait_for()


def _check(page, facet: str, label: str) -> None:
    _open(page, facet)
    page.locator(f"#facet-{facet} li", has_text=label).locator("input").check()


def test_filter_by_person_and_date_range_gives_the_right_documents(session):
    page = session.goto("index.html")
    assert page.locator("#all-documents").is_visible()
    _check(page, "person", "Boris Ivanov")
    assert _results(page) == _expected("Boris Ivanov")
    assert not page.locator("#all-documents").is_visible()
    page.fill("#date-from", "1952")
    page.fill("#date-to", "1953")
    page.press("#date-to", "Enter")
    page.wait_for_function("location.search.includes('from=1952')")
    expected = _expected("Boris Ivanov", (1952, 1953))
    assert _results(page) == expected and expected
    assert page.inner_text("#facet-status").startswith(f"{len(expected)} document")
    # The choice is in the address: a reload (or a link) gives the same documents.
    query = parse_qs(urlsplit(page.url).query)
    assert query["person"] == ["boris-ivanov"] and query["from"] == ["1952"] and query["to"] == ["1953"]
    page.reload()
    assert _results(page) == expected
    page.click("button.clear")
    assert page.locator("#all-documents").is_visible() and not page.locator("#facet-results").is_visible()
    assert session.errors == [] and session.external == []


def test_each_facet_value_shows_how_many_documents_the_other_filters_leave(session):
    page = session.goto("index.html?person=chen-duxiu")
    _open(page, "lang")
    labels = page.locator("#facet-lang li label").all_inner_texts()
    chen = [f for f in ALL if "Chen Duxiu" in f["persons"]]
    expected = {lang: sum(1 for f in chen if f["lang"] == lang) for lang in ("Russian", "Chinese")}
    assert sorted(labels) == sorted(f"{lang} ({n})" for lang, n in expected.items() if n)
    # Values of one facet are alternatives: choosing one keeps the other's count.
    page.locator("#facet-lang li", has_text="Russian").locator("input").check()
    assert _results(page) == _expected("Chen Duxiu", lang="Russian")
    assert sorted(page.locator("#facet-lang li label").all_inner_texts()) == sorted(labels)


def test_timeline_counts_documents_per_year_and_filters_when_clicked(session):
    page = session.goto("index.html")
    bars = page.locator("#timeline button.bar")
    bars.first.wait_for()
    assert bars.count() == 8
    assert bars.nth(2).get_attribute("aria-label") == f"1952: {sum(1 for f in ALL if f['year'] == 1952)} documents"
    bars.nth(2).click()
    assert _results(page) == _expected(years=(1952, 1952))
    # One year chosen: the timeline shows its months.
    assert page.locator("#timeline h3").inner_text() == "Documents per month, 1952"
    assert page.locator("#timeline button.bar").count() == 12


def test_facets_and_timeline_work_with_the_keyboard(session):
    page = session.goto("index.html")
    page.locator("#timeline button.bar").first.wait_for()
    # The timeline is one tab stop; arrow keys move along it, Enter chooses a year.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('bar')"):
            break
    else:
        pytest.fail("the timeline cannot be reached with Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')").startswith("1950:")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')").startswith("1952:")
    page.keyboard.press("Enter")
    assert _results(page) == _expected(years=(1952, 1952))
    assert page.evaluate("document.activeElement.classList.contains('bar')"), "focus was lost"
    # A facet opens with Enter, its values are checkboxes that Space ticks.
    page.focus("#facet-person summary")
    page.keyboard.press("Enter")
    page.locator("#facet-person input[type=checkbox]").first.wait_for()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "checkbox"
    name = page.evaluate("document.activeElement.labels[0].textContent").rsplit(" (", 1)[0]
    page.keyboard.press("Space")
    assert _results(page) == _expected(name, (1952, 1952))


def test_filters_work_from_the_file_system(browser, site):
    s = Session(browser, site.as_uri() + "/")
    try:
        page = s.goto("index.html?place=sinuiju")
        places = [f["id"] for f in sorted(ALL, key=lambda f: f["when"]) if f["place"] == "Sinuiju"]
        assert _results(page) == places
        assert s.errors == [] and s.external == []
    finally:
        s.close()


def test_search_results_are_narrowed_by_the_same_filters(session):
    page = session.goto("search.html?q=grain&lang=Russian")
    page.wait_for_function("document.getElementById('search-status').textContent.includes('found')")
    hrefs = page.locator("#search-results li > a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert sorted(h.removeprefix("documents/").removesuffix(".html") for h in hrefs) == sorted(
        f["id"] for f in ALL if f["lang"] == "Russian")
    assert f"(of {DOCUMENTS} before the filters)" in page.inner_text("#search-status")
    # The facets count among the hits.
    _open(page, "lang")
    assert sorted(page.locator("#facet-lang li label").all_inner_texts()) == sorted(
        [f"Russian ({sum(f['lang'] == 'Russian' for f in ALL)})", f"Chinese ({sum(f['lang'] == 'Chinese' for f in ALL)})"])
    assert session.errors == []


@pytest.mark.parametrize("address", ["index.html?person=anna-berg&from=1951", "search.html?q=grain&lang=Chinese"])
def test_filtered_pages_have_no_serious_accessibility_violations(session, address):
    page = session.goto(address)
    page.wait_for_function("document.getElementById('facet-status') && document.querySelector('#timeline .bar')")
    _open(page, "person")
    assert serious_violations(page) == []


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshot_of_the_filtered_index(browser, base_url, tmp_path, width):
    import os
    s = Session(browser, base_url, viewport={"width": width, "height": 900})
    try:
        page = s.goto("index.html?person=boris-ivanov&from=1951&to=1955")
        _open(page, "person")
        _results(page)
        target = Path(os.environ.get("TEIKIT_SCREENSHOTS", tmp_path)) / f"facets-{width}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        s.close()
