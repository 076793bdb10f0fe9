"""Document pages of the HTML edition: header facts, downloads, citation, view switch, summary."""

from __future__ import annotations

from conftest import FIXTURES
from html_support import page
from hypothesis import given, settings
from hypothesis import strategies as st

from teikit.render.html import render_document, search_text, summarize
from teikit.tei import parse

WILSON = FIXTURES / "edition" / "tei" / "wilson-116548.xml"


def _dd(root, label: str) -> str:
    found = root.xpath(f"//dl[@class='metadata']/div[dt='{label}']/dd")
    assert found, f"no {label} in the metadata"
    return found[0].text_content()


def _render(**params):
    html, summary = render_document(WILSON, params)
    return page(html), summary


def test_title_is_the_heading_and_page_title():
    root, _ = _render(**{"edition-title": "Korea Files"})
    assert root.xpath("string(//h1)") == "Minutes of Conversation between Kim Il Sung and the Chinese Economic Goodwill Delegation"
    assert root.xpath("string(//title)").endswith(" · Korea Files")


def test_date_shows_the_header_wording_and_iso_value():
    root, _ = _render()
    assert _dd(root, "Date") == "September 5, 1964"
    assert root.xpath("//dl[@class='metadata']/div[dt='Date']/dd/@data-when") == ["1964-09-05"]


def test_archival_citation_names_repository_item_and_pages():
    root, _ = _render()
    assert _dd(root, "Archive") == "PRC FMA 106-00767-01, pp. 1-13"
    assert _dd(root, "Source citation").startswith('"Minutes of Conversation')


def test_translators_funders_and_original_language():
    root, _ = _render()
    assert _dd(root, "Translated by") == "Jeffrey Wang and Charles Kraus"
    assert _dd(root, "Obtained by") == "Shen Zhihua"
    assert _dd(root, "Funded by") == "MacArthur Foundation"
    assert _dd(root, "Original language") == "Chinese"


def test_summary_section_holds_the_abstract():
    root, _ = _render()
    summary = root.xpath("//section[@class='summary']")[0]
    assert summary.xpath("string(h2)") == "Summary"
    assert "economic development in the DPRK" in summary.text_content()


def test_source_uri_is_linked():
    root, _ = _render()
    assert root.xpath("//dl[@class='metadata']//a/@href") == ["https://digitalarchive.wilsoncenter.org/document/116548"]



def test_tei_link_always_pdf_link_only_when_there_is_a_pdf():
    root, _ = _render()
    assert root.xpath("//ul[@class='downloads']//a/@href") == ["../tei/wilson-116548.xml"]
    root, _ = _render(pdf=True)
    assert root.xpath("//ul[@class='downloads']//a/@href") == ["../tei/wilson-116548.xml", "../print/wilson-116548.pdf"]


def test_view_switch_is_three_radios_as_published_checked_by_default():
    root, _ = _render()
    radios = root.xpath("//fieldset[@class='view-switch']/input[@type='radio'][@name='view']")
    assert [r.get("value") for r in radios] == ["published", "reading", "diplomatic"]
    assert [r.get("value") for r in radios if r.get("checked") is not None] == ["published"]
    root, _ = _render(**{"default-view": "diplomatic"})
    assert root.xpath("//input[@checked]/@value") == ["diplomatic"]


def test_cite_block_has_plain_text_and_bibtex():
    root, _ = _render(**{"edition-title": "Korea Files", "edition-editors": "A. Editor; B. Editor",
                         "base-url": "https://example.org/korea/"})
    plain = root.xpath("string(//section[@class='cite']/p[@class='cite-plain'])")
    assert plain.startswith("“Minutes of Conversation")
    assert "edited by A. Editor and B. Editor" in plain
    assert plain.endswith("https://example.org/korea/documents/wilson-116548.html.")
    bibtex = root.xpath("string(//pre[@class='cite-bibtex'])")
    assert bibtex.startswith("@misc{wilson-116548,\n")
    assert "  date = {1964-09-05}" in bibtex
    assert "  editor = {A. Editor and B. Editor}" in bibtex
    assert bibtex.count("{") == bibtex.count("}")


def test_landmarks_and_headings():
    root, _ = _render()
    assert root.xpath("count(//header[@class='site-header']) = 1 and count(//main[@id='main']) = 1")
    assert root.xpath("//nav[@aria-label='Site']") and root.xpath("//footer")
    assert root.xpath("//a[@class='skip-link'][@href='#main']")
    assert root.get("lang") == "en"


def test_summary_dict_lists_title_date_language_archive_and_mentions():
    _, summary = render_document(WILSON)
    assert summary["id"] == "wilson-116548"
    assert summary["when"] == "1964-09-05" and summary["date"] == "September 5, 1964"
    assert summary["lang"] == "Chinese" and summary["archive"] == "PRC FMA 106-00767-01"
    assert list(summary["mentions"].items())[:3] == [
        ("org:korean-workers-party-central-committee", [["m1", "Korean Workers' Party Central Committee"]]),
        ("per:fang-yi", [["m2", "Fang Yi"], ["m5", "Fang Yi"]]), ("per:mao-zedong", [["m3", "Chairman Mao Zedong"]])]
    assert "text" not in summary
    assert summary["type"] == "Minutes of conversation" and summary["repositories"] == ["PRC FMA"]


def test_the_collection_lists_a_header_date_worded_as_iso_written_out():
    case = FIXTURES.parent / "cases" / "html" / "date-iso-header.xml"
    assert summarize(parse(case), "date-iso-header")["date"] == "1 March 1890"


def test_search_text_has_the_words_of_the_text():
    text = search_text(parse(WILSON))
    assert "renting land" in text and text == " ".join(text.split())
    # A gloss attached to its word is a run of its own, and the comma after it stays on it.
    assert "Liberation War the Korean War, North Korea" in text


def test_mention_anchors_in_the_page_match_the_summary():
    html, summary = render_document(WILSON)
    root = page(html)
    for ref, items in summary["mentions"].items():
        key = ref.split(":", 1)[1]
        for anchor, _ in items:
            assert root.xpath(f"//*[@id='{anchor}']/@href")[0].endswith(f"/{key}.html")


def test_same_input_gives_byte_identical_pages():
    assert render_document(WILSON)[0] == render_document(WILSON)[0]


_XML_TEXT = st.lists(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
                     | st.sampled_from(list("<>&\"'") + ["<script>", "&amp;", "]]>", "javascript:"]),
                     min_size=1, max_size=30).map("".join)


@settings(max_examples=40, deadline=None)
@given(_XML_TEXT)
def test_any_text_reaches_the_page_as_text(tmp_path_factory, text):
    from xml.sax.saxutils import escape
    path = tmp_path_factory.mktemp("prop") / "doc.xml"
    path.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>'
                    '<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>'
                    f'<text><body><p xml:id="probe">{escape(text)}</p></body></text></TEI>', encoding="utf-8")
    root = page(render_document(path)[0])
    rendered = root.xpath("string(//p[@id='t-probe'])")
    # HTML parsing normalises line ends; everything else must survive exactly.
    assert rendered == text.replace("\r\n", "\n").replace("\r", "\n")
    assert len(root.xpath("//script")) == 1


def test_unknown_register_prefix_is_not_linked(tmp_path):
    path = tmp_path / "doc.xml"
    path.write_text(WILSON.read_text(encoding="utf-8").replace('ref="per:mao-zedong"', 'ref="http://evil.example/x"'),
                    encoding="utf-8")
    root = page(render_document(path)[0])
    assert not root.xpath("//a[contains(@href,'evil')]")
    assert root.xpath("//span[contains(@class,'tei-persName')][starts-with(.,'Chairman Mao')]")
