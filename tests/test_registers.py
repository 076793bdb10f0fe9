"""Registers: the seed, matching forms, proposals with pure-slug ids, merging into tei/."""

from __future__ import annotations

import pytest

from teikit.edition import EditionError
from teikit.registers import RegisterError, Registers, seed_dir, slug
from teikit.tei import NSMAP, XML_ID, parse


def test_load_without_files_holds_only_the_seed(tmp_path):
    registers = Registers.load(tmp_path)
    assert registers.lookup("person", "Kim Il Sung") == "kim-il-sung"
    assert registers.additions() == []


def test_load_without_seed_is_empty(tmp_path):
    assert Registers.load(tmp_path, seed=False).lookup("person", "Kim Il Sung") is None


def test_seed_tells_kim_il_from_kim_il_sung():
    registers = Registers.load(None)
    assert registers.lookup("person", "Kim Il") == "kim-il"
    assert registers.lookup("person", "Kim Il Sung") == "kim-il-sung"
    assert registers.lookup("person", "Kim II Sung") == "kim-il-sung"
    # "Kim" alone names both: the register cannot decide, the document does.
    assert registers.lookup("person", "Kim") is None


def test_lookup_matches_main_variant_short_titled_and_upper_case_forms():
    registers = Registers.load(None)
    assert registers.lookup("person", "Chairman Mao") == "mao-zedong"
    assert registers.lookup("person", "Jiang Jieshi") == "chiang-kai-shek"
    assert registers.lookup("person", "Fang") == "fang-yi"
    assert registers.lookup("person", "A. PUZANOV") == "alexander-puzanov"
    assert registers.lookup("place", "Hoeryong") == "hoeryeong"
    assert registers.lookup("org", "KWP") == "korean-workers-party"
    assert registers.lookup("place", "Kim Il Sung") is None


def test_edition_entries_override_the_seed(fixture_edition):
    registers = Registers.load(fixture_edition / "tei")
    assert registers.get("person", "kim-il-sung").forms["short"] == ["Kim"]
    assert registers.lookup("place", "Hoeryong") == "hoeryeong"
    assert registers.lookup("person", "Zhou Enlai") == "zhou-enlai"


def test_new_ids_are_a_pure_slug_of_the_main_name():
    assert slug("Pak Geum-cheol") == "pak-geum-cheol"
    assert slug("Korean Workers' Party") == "korean-workers-party"
    assert slug("António Guterres") == "antonio-guterres"
    first, second = Registers.load(None), Registers.load(None)
    assert first.propose("person", "Chivu Stoica") == second.propose("person", "Chivu Stoica") == "chivu-stoica"


def test_propose_returns_an_existing_entry_and_adds_new_forms():
    registers = Registers.load(None)
    assert registers.propose("person", "Fang Yi", forms=(("short", "Director Fang"),)) == "fang-yi"
    assert registers.lookup("person", "Director Fang") == "fang-yi"
    [addition] = registers.additions()
    assert addition["id"] == "fang-yi" and "Director Fang" in addition["forms"]["short"]


def test_copies_do_not_share_proposals():
    base = Registers.load(None)
    copy = base.copy()
    copy.propose("person", "Nam Il", forms=("Nam Ill",))
    copy.propose("person", "Kim Il", forms=("Kim Il (Vice Premier)",))
    assert base.lookup("person", "Nam Il") is None
    assert base.lookup("person", "Kim Il (Vice Premier)") is None
    assert "Kim Il (Vice Premier)" not in base.get("person", "kim-il").forms.get("variant", [])


def test_citing_a_seed_entry_makes_it_an_addition():
    registers = Registers.load(None)
    registers.use("person", "mao-zedong")
    [addition] = registers.additions()
    assert addition["id"] == "mao-zedong" and addition["info"]["wikidata"] == "Q5816"


def test_merge_writes_sorted_registers(tmp_path):
    registers = Registers.load(None)
    registers.propose("person", "Zhang Xianwu")
    registers.propose("place", "Hyesan")
    registers.propose("org", "Wheat Board")
    registers.use("person", "kim-il-sung")
    Registers.merge_into(tmp_path, registers.additions())
    persons = parse(tmp_path / "persons.xml").getroot()
    ids = [p.get(XML_ID) for p in persons.iterfind(".//tei:listPerson/tei:person", NSMAP)]
    assert ids == ["kim-il-sung", "zhang-xianwu"]
    assert persons.find(".//tei:listOrg/tei:org/tei:orgName[@type='main']", NSMAP).text == "Wheat Board"
    places = parse(tmp_path / "places.xml").getroot()
    assert places.find(".//tei:place", NSMAP).get(XML_ID) == "hyesan"
    reloaded = Registers.load(tmp_path, seed=False)
    assert reloaded.lookup("person", "Kim II Sung") == "kim-il-sung"


def test_merge_keeps_hand_edits_and_is_idempotent(fixture_edition):
    tei = fixture_edition / "tei"
    path = tei / "persons.xml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "<occupation>Director</occupation>", "<occupation>Director (edited by hand)</occupation>"), encoding="utf-8")
    registers = Registers.load(tei)
    registers.propose("person", "Fang Yi", forms=(("variant", "Fang I"),))
    registers.propose("person", "Ouyang Qin")
    assert Registers.merge_into(tei, registers.additions()) == [path]
    root = parse(path).getroot()
    fang = root.find(".//tei:person[@xml:id='fang-yi']", {**NSMAP, "xml": "http://www.w3.org/XML/1998/namespace"})
    assert fang.findtext("tei:occupation", namespaces=NSMAP) == "Director (edited by hand)"
    assert [n.text for n in fang.iterfind("tei:persName", NSMAP)] == ["Fang Yi", "Fang", "Fang I"]
    before = path.read_bytes()
    assert Registers.merge_into(tei, registers.additions()) == []
    assert path.read_bytes() == before


def test_shipped_seed_is_in_the_register_format():
    seed = Registers.load(seed_dir(), seed=False)
    assert seed.lookup("person", "Kim Il Sung") == "kim-il-sung"
    for name in ("persons.xml", "places.xml"):
        root = parse(seed_dir() / name).getroot()
        ids = [e.get(XML_ID) for e in root.iter() if e.get(XML_ID) and e is not root]
        assert len(ids) == len(set(ids))
        for entry in root.iterfind(".//tei:person", NSMAP):
            assert entry.find("tei:persName[@type='main']", NSMAP) is not None


def test_a_broken_register_is_one_clear_edition_error(tmp_path):
    (tmp_path / "persons.xml").write_text("<TEI>\n<text>", encoding="utf-8")
    with pytest.raises(RegisterError) as caught:
        Registers.load(tmp_path)
    assert isinstance(caught.value, EditionError)
    assert str(caught.value).startswith(f"{tmp_path / 'persons.xml'}:")
