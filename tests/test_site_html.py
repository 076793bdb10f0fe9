"""The built HTML site: collection pages, golden pages, crawled links, bad input, the build stage."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES
from html_support import check_page_golden, crawl, page, targets

from teikit.cli import main
from teikit.edition import Edition
from teikit.render.html import RenderError, render_document
from teikit.stages.html import HtmlStage

GOLDEN = Path(__file__).parent / "golden" / "html"
INPUTS = [FIXTURES / "edition" / "tei", FIXTURES / "html" / "dafp-test-57.xml", FIXTURES / "html" / "undated-note.xml"]


def _render(*args) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["render", "html", *map(str, args)])
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "html"
    code, output = _render(*INPUTS, "-o", out, "--title", "Test Edition", "-j", "2")
    assert code == 0, output
    assert output.strip() == f"3 documents rendered into {out}"
    return out


def _read(site: Path, relative: str):
    return page((site / relative).read_text(encoding="utf-8"))


def test_site_has_every_page_type(site):
    expected = ["documents/wilson-116548.html", "documents/dafp-test-57.html", "tei/wilson-116548.xml",
                "index.html", "search.html", "persons/index.html", "persons/kim-il-sung.html",
                "places/index.html", "places/hoeryeong.html", "assets/teikit.css", "assets/teikit.js",
                "assets/search.js", "assets/search-index.js", "assets/favicon.svg"]
    assert [p for p in expected if not (site / p).is_file()] == []


def test_tei_copy_is_the_source_file(site):
    assert (site / "tei" / "wilson-116548.xml").read_bytes() == (FIXTURES / "edition" / "tei" / "wilson-116548.xml").read_bytes()


def test_index_is_chronological_with_date_title_language_archive(site):
    rows = _read(site, "index.html").xpath("//table[@class='documents']/tbody/tr")
    cells = [[td.text_content() for td in row.xpath("td")] for row in rows]
    assert cells == [
        ["12 November 1957", "Record of Conversation with Cde. Kim Il Sung", "Russian", "AVPRF F. 0102, Op. 13, Delo 5"],
        ["September 5, 1964", "Minutes of Conversation between Kim Il Sung and the Chinese Economic Goodwill Delegation",
         "Chinese", "PRC FMA 106-00767-01"],
        ["", "An undated note", "", ""]]
    assert rows[0].xpath("td[1]/time/@datetime") == ["1957-11-12"]
    assert rows[0].xpath("td[2]/a/@href") == ["documents/dafp-test-57.html"]


def test_person_page_lists_every_mention_by_document(site):
    root = _read(site, "persons/kim-il-sung.html")
    assert root.xpath("string(//h1)") == "Kim Il Sung"
    docs = root.xpath("//ol[@class='mentions']/li")
    assert [d.xpath("string(h3/a[@class='doc'])") for d in docs] == [
        "Record of Conversation with Cde. Kim Il Sung"]
    assert docs[0].xpath("string(p[@class='date'])") == "12 November 1957"
    assert docs[0].xpath("ul/li/a/@href") == ["../documents/dafp-test-57.html#m1", "../documents/dafp-test-57.html#m2"]
    assert docs[0].xpath("ul/li/a/text()") == ["KIM IL SUNG", "Kim Il Sung"]
    # Each mention with its sentence (keyword in context).
    assert [li.xpath("string(.)") for li in docs[0].xpath("ul[@class='kwic']/li")] == [
        "RECORD OF A CONVERSATION with Cde. KIM IL SUNG",
        "I called on Kim Il Sung in Hoeryong and in Sinuiju."]
    assert "Kim II Sung" in root.xpath("string(//dl[@class='metadata']/div[dt='Also written']/dd)")
    assert root.xpath("//dl[@class='metadata']//a/@href") == ["https://www.wikidata.org/wiki/Q39074"]


def test_register_index_counts_mentions_and_documents(site):
    items = _read(site, "places/index.html").xpath("//ul[@class='register-index']/li")
    assert [(li.xpath("string(a)"), li.xpath("string(span[@class='count'])")) for li in items] == [
        ("Hoeryeong", "2 mentions in 2 documents"), ("Sinuiju", "1 mention in 1 document")]


def test_name_missing_from_the_register_still_gets_a_page(site):
    root = _read(site, "places/sinuiju.html")
    assert root.xpath("string(//h1)") == "Sinuiju"
    assert root.xpath("//ol[@class='mentions']//a/@href")[-1] == "../documents/dafp-test-57.html#m4"


def test_register_entry_without_mentions_is_listed(site):
    root = _read(site, "persons/hao-deqing.html")
    assert "Not mentioned in any document" in root.xpath("string(//main)")


def test_search_index_has_the_text_of_every_document(site):
    data = (site / "assets" / "search-index.js").read_text(encoding="ascii")
    assert data.startswith("window.TEIKIT_SEARCH_INDEX = ") and data.endswith(";\n")
    manifest = json.loads(data[len("window.TEIKIT_SEARCH_INDEX = "):-2])
    assert manifest["documents"] == 3 and [s["src"] for s in manifest["shards"]] == ["search/0.js"]
    shard = (site / "assets" / "search" / "0.js").read_text(encoding="ascii")
    prefix = "(window.TEIKIT_SEARCH = window.TEIKIT_SEARCH || []).push("
    assert shard.startswith(prefix) and shard.endswith(");\n")
    docs = json.loads(shard[len(prefix):-3])
    assert [d["id"] for d in docs] == ["dafp-test-57", "undated-note", "wilson-116548"]
    assert "rice harvest of the northern provinces" in docs[0]["text"]
    assert docs[2]["href"] == "documents/wilson-116548.html" and docs[2]["when"] == "1964-09-05"


def test_search_page_loads_the_index_and_has_a_labelled_form(site):
    root = _read(site, "search.html")
    assert root.xpath("//script/@src") == ["assets/teikit.js", "assets/search-index.js", "assets/facets/manifest.js",
                                           "assets/facets.js", "assets/search.js"]
    assert root.xpath("//form[@role='search']//input[@id='q'][@name='q']") and root.xpath("//label[@for='q']")


@pytest.mark.parametrize("relative", ["documents/wilson-116548.html", "documents/dafp-test-57.html", "index.html",
                                      "persons/index.html", "persons/kim-il-sung.html", "places/hoeryeong.html",
                                      "search.html"])
def test_golden_page(site, relative, update_golden):
    check_page_golden((site / relative).read_text(encoding="utf-8"), GOLDEN / relative, update_golden)


def test_every_internal_link_and_anchor_resolves(site):
    assert len(list(targets(site))) > 100, "the crawler found too few links"
    assert crawl(site) == []


def test_crawler_reports_a_dangling_link(site, tmp_path):
    copy = tmp_path / "html"
    shutil.copytree(site, copy)
    (copy / "places" / "sinuiju.html").unlink()
    assert any("sinuiju.html: no such file" in b for b in crawl(copy))


def test_rendering_twice_gives_identical_files(site, tmp_path):
    code, output = _render(*INPUTS, "-o", tmp_path / "again", "--title", "Test Edition", "-j", "1")
    assert code == 0, output
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path / "again"): p.read_bytes() for p in (tmp_path / "again").rglob("*") if p.is_file()}
    assert first == second


def test_bad_files_are_reported_and_skipped_and_the_rest_is_built(tmp_path):
    bad = tmp_path / "in"
    bad.mkdir()
    (bad / "broken.xml").write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<text><body><p>broken\n</body></text></TEI>\n')
    (bad / "entity.xml").write_text('<!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<TEI>&x;</TEI>\n')
    shutil.copy(FIXTURES / "html" / "undated-note.xml", bad / "good.xml")
    code, output = _render(bad, "-o", tmp_path / "out")
    assert code == 1
    lines = output.splitlines()
    assert any(l.startswith(f"{bad / 'broken.xml'}:3:8:") and "error[X001]" in l for l in lines), output
    assert any(l.startswith(f"{bad / 'entity.xml'}:1:") and "error[X002]" in l for l in lines), output
    assert lines[-1] == (f"1 document rendered into {tmp_path / 'out'}; 2 skipped: "
                         f"{bad / 'broken.xml'}, {bad / 'entity.xml'}")
    assert sorted(p.name for p in (tmp_path / "out" / "documents").iterdir()) == ["good.html"]
    assert not list((tmp_path / "out").rglob("*.tmp"))


def test_stylesheet_failure_is_a_diagnostic(tmp_path):
    failing = tmp_path / "failing.xsl"
    failing.write_text('<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
                       '<xsl:template match="/"><xsl:sequence select="error((), \'cannot cope\')"/></xsl:template>'
                       '</xsl:stylesheet>')
    with pytest.raises(RenderError) as caught:
        render_document(FIXTURES / "html" / "undated-note.xml", xsl=failing)
    assert caught.value.diagnostic.code == "H002"
    assert "cannot cope" in caught.value.diagnostic.message


def test_missing_input_is_a_usage_error(tmp_path):
    code, output = _render(tmp_path / "nothing-here", "-o", tmp_path / "out")
    assert code == 2 and "no such file or folder" in output


def test_pdf_is_copied_and_linked_when_it_exists(tmp_path):
    pdfs = tmp_path / "print"
    pdfs.mkdir()
    (pdfs / "undated-note.pdf").write_bytes(b"%PDF-1.4 test")
    code, output = _render(FIXTURES / "html" / "undated-note.xml", FIXTURES / "html" / "dafp-test-57.xml",
                           "-o", tmp_path / "out", "--pdf-dir", pdfs)
    assert code == 0, output
    assert (tmp_path / "out" / "print" / "undated-note.pdf").read_bytes() == b"%PDF-1.4 test"
    assert _read(tmp_path / "out", "documents/undated-note.html").xpath("//a[@type='application/pdf']/@href") == [
        "../print/undated-note.pdf"]
    assert not _read(tmp_path / "out", "documents/dafp-test-57.html").xpath("//a[@type='application/pdf']")


def test_html_stage_plans_runs_and_finishes(fixture_edition):
    edition = Edition.open(fixture_edition)
    stage = HtmlStage()
    tasks = stage.plan(edition)
    assert [t.key for t in tasks] == ["wilson-116548"]
    assert tasks[0].outputs[0] == str(edition.html_dir / "documents" / "wilson-116548.html")
    result = HtmlStage.run(tasks[0])
    assert result.ok and result.key == "wilson-116548"
    assert "per:kim-il-sung" not in result.register_refs and "per:fang-yi" in result.register_refs
    assert stage.finish(edition, [result]) == []
    assert crawl(edition.html_dir) == []
    assert stage.fingerprint(edition) == stage.fingerprint(edition)


def test_settings_come_from_the_edition_around_the_tei_folder(fixture_edition, tmp_path):
    (fixture_edition / "edition.toml").write_text('[edition]\ntitle = "Korea Files"\neditors = ["A. Editor"]\n')
    code, output = _render(fixture_edition / "tei", "-o", tmp_path / "out")
    assert code == 0, output
    root = _read(tmp_path / "out", "documents/wilson-116548.html")
    assert root.xpath("string(//p[@class='site-title'])") == "Korea Files"
    assert "edited by A. Editor" in root.xpath("string(//footer)")
