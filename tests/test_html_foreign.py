"""Other projects' TEI renders without error and without losing a word of its text."""

from __future__ import annotations

import pytest
from conftest import shared_path
from frus_split import write_split
from html_support import crawl, missing_words, tei_words

from teikit.render.html import render_document, render_paths
from teikit.render.collection import build_site

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
    results = render_paths(paths, tmp_path / "site", jobs=2)
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
    results = render_paths(sorted(folder.glob("*.xml")), tmp_path / "site", jobs=1)
    assert all(r.ok for r in results)
    build_site(tmp_path / "site", [r.summary for r in results])
    assert crawl(tmp_path / "site") == []
