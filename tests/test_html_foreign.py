"""Other projects' TEI renders without error and without losing a word of its text."""

from __future__ import annotations

import pytest
from conftest import shared_path
from frus_split import write_split
from click.testing import CliRunner
from html_support import crawl, missing_words, page, tei_words

from teikit.build import run_tasks
from teikit.cli import main
from teikit.render.collection import build_site
from teikit.render.html import render_document, render_paths, search_text, summarize
from teikit.stages.html import HtmlStage
from teikit.tei import parse

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

FOREIGN = [
    "dracor-hun-balassi-szep-magyar-komedia.xml", "dracor-rus-chekhov-na-bolshoi-doroge.xml",
    "dracor-rus-gogol-lakeiskaja.xml", "dta-soldatenbriefe-letter-001.xml", "dta-soldatenbriefe-letter-013.xml",
    "eltec-eng-ENG18872_Lyall.xml", "teic-simple-testsimple2-eebo-ballad.xml",
    "teic-stylesheets-test-christmas-carol.xml", "teic-stylesheets-test22.xml", "teic-stylesheets-testapp2.xml",
    "teipublisher-CIDTC-3823-cortez.xml", "teipublisher-kbga-sermon-27003.xml",
]


@pytest.mark.parametrize("name", FOREIGN)
def test_foreign_tei_keeps_every_word(name):
    path = shared_path("corpora", "tei-foreign", name)
    html, _ = render_document(path)
    words = tei_words(path)
    assert words, "the file has no text to check"
    assert missing_words(words, html) == []


def test_every_foreign_file_is_covered():
    folder = shared_path("corpora", "tei-foreign")
    assert sorted(p.name for p in folder.glob("*.xml")) == sorted(FOREIGN)


@pytest.mark.slow
def test_frus_documents_render_and_keep_every_word(tmp_path):
    volume = shared_path("corpora", "frus", "frus1964-68v29p1.xml")
    paths = write_split(volume, tmp_path / "tei")
    assert len(paths) == 369
    stage = HtmlStage()
    results = run_tasks(stage, stage.tasks(paths, tmp_path / "site", {}), jobs=2)
    assert [r.key for r in results if not r.ok] == []
    lost = {}
    for path in paths:
        html = (tmp_path / "site" / "documents" / f"{path.stem}.html").read_text(encoding="utf-8")
        missing = missing_words(tei_words(path), html)
        if missing:
            lost[path.name] = missing[:5]
    assert lost == {}


def test_foreign_site_links_and_anchors_resolve(tmp_path):
    folder = shared_path("corpora", "tei-foreign")
    results = render_paths(sorted(folder.glob("*.xml")), tmp_path / "site")
    assert all(r.ok for r in results)
    build_site(tmp_path / "site", [r.summary for r in results])
    assert crawl(tmp_path / "site") == []


def test_a_word_split_by_a_page_break_is_one_word_on_the_page_and_in_the_search_index():
    path = shared_path("corpora", "tei-foreign", "teipublisher-kbga-sermon-27003.xml")
    tree = parse(path)
    words = search_text(tree).split()
    breaks = tree.xpath("//tei:pb[@break='no'][@xml:id]", namespaces={"tei": "http://www.tei-c.org/ns/1.0"})
    assert breaks, "the file has no page break inside a word"
    root = page(render_document(path)[0])
    for pb in breaks:
        # The halves of the word as the source has them, on either side of the break.
        source_before = (pb.getprevious().tail if pb.getprevious() is not None else pb.getparent().text) or ""
        left, right = source_before.split()[-1], (pb.tail or "").split()[0]
        assert left + right in words
        marker = root.xpath(f"//span[contains(@class,'tei-pb')][@id='t-{pb.get(XML_ID)}']")[0]
        previous = marker.getprevious()
        before = (previous.tail if previous is not None else marker.getparent().text) or ""
        assert before.endswith(left) and marker.tail.startswith(right)


def test_an_inline_stage_direction_does_not_run_into_the_words_around_it():
    path = shared_path("corpora", "tei-foreign", "dracor-hun-balassi-szep-magyar-komedia.xml")
    text = page(render_document(path)[0]).xpath("string(//main)")
    assert "nevetek! Dienes közikben szól." in " ".join(text.split())
    assert "nevetek!Dienes" not in text


def test_a_site_of_other_projects_tei_is_named_after_the_folder_or_the_one_document(tmp_path):
    folder = tmp_path / "soldatenbriefe"
    folder.mkdir()
    for name in ("dta-soldatenbriefe-letter-001.xml", "dta-soldatenbriefe-letter-013.xml"):
        (folder / name).write_bytes(shared_path("corpora", "tei-foreign", name).read_bytes())
    result = CliRunner().invoke(main, ["render", "html", str(folder), "-o", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    index = page((tmp_path / "site" / "index.html").read_text(encoding="utf-8"))
    assert index.xpath("string(//p[@class='site-title'])") == "soldatenbriefe"
    one = folder / "dta-soldatenbriefe-letter-001.xml"
    result = CliRunner().invoke(main, ["render", "html", str(one), "-o", str(tmp_path / "one")])
    assert result.exit_code == 0, result.output
    index = page((tmp_path / "one" / "index.html").read_text(encoding="utf-8"))
    title = index.xpath("string(//p[@class='site-title'])")
    assert title == summarize(parse(one), "x")["title"] and "Untitled" not in title
