"""Assembling the book: the volume's HTML and the index of persons (golden files, properties)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from conftest import FIXTURES, ROOT
from golden_support import check_golden
from teikit.edition import Settings
from teikit.render import pdf
from teikit.render.entries import load_registers

CASES = ROOT / "tests" / "cases" / "pdf"
SETTINGS = Settings(title="Records in Test: A Volume", short_title="Records in Test",
                    editors=("Ada Editor", "Bo Editor"), publisher="teikit press", licence="CC BY 4.0",
                    licence_url="https://creativecommons.org/licenses/by/4.0/", identifier="test-volume")


def _golden(actual: str, name: str, update: bool) -> None:
    check_golden(actual, CASES / name, update)


def test_volume_html_matches_golden(update_golden):
    items = pdf.chronological([pdf.article(FIXTURES / "edition" / "tei" / "wilson-116548.xml"),
                               pdf.article(CASES / "notes.xml")])
    _golden(pdf.book_html(items, SETTINGS, with_index=True) + "\n", "book-volume.html", update_golden)


def test_single_document_html_matches_golden(update_golden):
    item = pdf.article(CASES / "notes.xml")
    _golden(pdf.book_html([item], SETTINGS, kind="document") + "\n", "book-document.html", update_golden)


def test_index_html_matches_golden(update_golden):
    entries = [(pdf.Person("Fang Yi", "Fang Yi"), [(4, "a-m1"), (5, "a-m7"), (6, "a-m9"), (9, "b-m2")]),
               (pdf.Person("Ötvös, Ábel", "Otvos, Abel", "Hungarian Ambassador"), [(7, "b-m1")])]
    _golden(pdf.index_html(entries, SETTINGS, 12) + "\n", "book-index.html", update_golden)


mentions = st.lists(st.tuples(st.sampled_from(["per:a", "per:b", "per:c"]), st.integers(1, 30)), max_size=40)


@given(mentions)
def test_index_lists_each_person_once_with_every_page_in_order(found):
    anchors = tuple((f"d-m{n}", ref) for n, (ref, _) in enumerate(found, 1))
    pages = {f"d-m{n}": page for n, (_, page) in enumerate(found, 1)}
    item = pdf.Article("d.xml", "d", "", "", b"<article/>", anchors)
    persons = {"per:a": pdf.Person("Zed", "Zed"), "per:b": pdf.Person("Ábel", "Abel"),
               "per:c": pdf.Person("Ada", "Ada")}
    entries = pdf.index_entries([item], pages, persons)
    names = [p.name for p, _ in entries]
    assert len(names) == len(set(names))
    assert names == [n for n in ["Ábel", "Ada", "Zed"] if n in names]
    for person, listed in entries:
        ref = next(r for r, p in persons.items() if p == person)
        numbers = [page for page, _ in listed]
        assert numbers == sorted({page for r, page in found if r == ref})
        for page, anchor in listed:
            # The anchor is the first mention of the person on that page.
            assert anchor == next(a for a, r in anchors if r == ref and pages[a] == page)


def test_sort_ignores_accents_and_case():
    entries = pdf.index_entries(
        [pdf.Article("d.xml", "d", "", "", b"<article/>", (("d-m1", "per:x"), ("d-m2", "per:y")))],
        {"d-m1": 1, "d-m2": 1},
        {"per:x": pdf.Person("ábel", "ábel"), "per:y": pdf.Person("Abner", "Abner")})
    assert [p.name for p, _ in entries] == ["ábel", "Abner"]


def test_register_names_western_persons_by_family_name_with_occupation(tmp_path):
    register = tmp_path / "persons.xml"
    register.write_text("""<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><listPerson>
      <person xml:id="alexander-puzanov"><persName type="main">Alexander Puzanov</persName>
        <persName type="short">Puzanov</persName><occupation>Soviet Ambassador to the DPRK</occupation></person>
      <person xml:id="kim-il-sung"><persName type="main">Kim Il Sung</persName><persName type="short">Kim</persName></person>
      <person xml:id="mao-zedong" sortKey="Mao"><persName type="main">Chairman Mao</persName></person>
    </listPerson></body></text></TEI>""", encoding="utf-8")
    persons = pdf.read_persons([register])
    assert persons["per:alexander-puzanov"] == pdf.Person("Puzanov, Alexander", "puzanov alexander",
                                                          "Soviet Ambassador to the DPRK")
    assert persons["per:kim-il-sung"] == pdf.Person("Kim Il Sung", "kim il sung", "")
    # A sortKey decides the order; the name is listed as the site lists it.
    assert persons["per:mao-zedong"] == pdf.Person("Mao, Chairman", "Mao", "")


def test_the_volume_files_persons_as_the_sites_index_does(tmp_path):
    # A name with no short form and no surname markup files under its last word, as on the
    # site ("Stoica, Chivu" under S), not under its first.
    register = tmp_path / "persons.xml"
    register.write_text("""<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><listPerson>
      <person xml:id="chivu-stoica"><persName type="main">Chivu Stoica</persName></person>
      <person xml:id="nam-chun-hwa"><persName type="main">Nam Chun-hwa</persName></person>
      <person xml:id="charles-kraus"><persName type="main"><forename>Charles</forename> <surname>Kraus</surname></persName></person>
    </listPerson></body></text></TEI>""", encoding="utf-8")
    persons = pdf.read_persons([register])
    site, _ = load_registers([register])
    for key in ("chivu-stoica", "nam-chun-hwa", "charles-kraus"):
        assert persons[f"per:{key}"].name == site[("persons", key)].index_name
        assert persons[f"per:{key}"].sort == site[("persons", key)].sort_key
    assert persons["per:chivu-stoica"].name == "Stoica, Chivu"
    assert persons["per:charles-kraus"].name == "Kraus, Charles"


def test_broken_register_leaves_the_index_to_the_texts_names(tmp_path):
    (tmp_path / "persons.xml").write_text("<TEI><unclosed></TEI>", encoding="utf-8")
    assert pdf.read_persons([tmp_path / "persons.xml"]) == {}
