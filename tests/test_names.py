"""Names in running text: whole forms first, short forms by context, proposals, dates."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from teikit.encode.body import encode_body
from teikit.readers.base import Block, Record
from teikit.registers import Registers
from teikit.tei import NSMAP


def encode(*blocks: str, date: str = "1965-10-29", registers: Registers | None = None, **fields):
    record = Record(path="case.txt", reader="case", doc_id="case", title="case", date=date, date_when=date,
                    fields=fields, body=[Block(text, i + 1) for i, text in enumerate(blocks)])
    return encode_body(record, registers or Registers.load(None), date)


def refs(result, text: str) -> list[str]:
    return result.text.xpath("//*[@ref][. = $t]/@ref", namespaces=NSMAP, t=text)


FOLLOWERS = st.sampled_from(["met", "said", "and", "of", "in", "Visited", "Korea", "Comrade", "(laughing)"])


@settings(max_examples=60, deadline=None)
@given(FOLLOWERS, st.sampled_from(["Vice Premier ", "Comrade ", "Cde. ", ""]))
def test_kim_il_is_never_kim_il_sung(after, title):
    result = encode(f"Later {title}Kim Il {after} the delegation.")
    assert refs(result, "Kim Il") == ["per:kim-il"]
    assert "per:kim-il-sung" not in result.register_refs


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(["Kim Il Sung", "Kim II Sung", "KIM IL SUNG", "Kim Il-sung"]), FOLLOWERS)
def test_every_form_of_kim_il_sung_is_linked(form, after):
    result = encode(f"Premier {form} {after} the delegation.")
    assert refs(result, form) == ["per:kim-il-sung"]


def test_short_form_follows_the_last_mentioned_person():
    result = encode("Vice Premier Kim Il arrived. Kim spoke.", "Then Premier Kim Il Sung came in. Kim laughed.")
    links = result.text.xpath("//tei:persName[. = 'Kim']/@ref", namespaces=NSMAP)
    assert links == ["per:kim-il", "per:kim-il-sung"]


def test_unmentioned_ambiguous_short_form_stays_unlinked():
    result = encode("Kim spoke first.")
    assert not result.text.xpath("//tei:persName", namespaces=NSMAP)


def test_titled_unknown_name_is_proposed():
    registers = Registers.load(None)
    result = encode("The Romanian delegation agreed and Cde. Chivu Stoica will visit.", registers=registers)
    assert refs(result, "Chivu Stoica") == ["per:chivu-stoica"]
    assert any(a["id"] == "chivu-stoica" for a in registers.additions())


def test_orgs_and_places_are_linked():
    result = encode("The Korean Workers' Party Central Committee met in Pyongyang; Pravda reported it.")
    assert refs(result, "Korean Workers' Party Central Committee") == ["org:korean-workers-party-central-committee"]
    assert refs(result, "Pyongyang") == ["pla:pyongyang"]
    assert refs(result, "Pravda") == ["org:pravda"]


def test_register_refs_are_sorted_and_speakers_listed():
    result = encode("Kim Il Sung (hereafter referred as Kim): Thank you.",
                    "Fang Yi (hereafter referred as Fang): Good.", "Kim: In Pyongyang.")
    assert result.register_refs == sorted(result.register_refs)
    assert result.speakers == ["kim-il-sung", "fang-yi"]


def test_unclosed_bracket_is_a_located_warning_and_still_encoded():
    result = encode("First paragraph.", "They met [the delegation and left.")
    [diagnostic] = result.diagnostics
    assert diagnostic.code == "C303" and diagnostic.line == 2
    assert diagnostic.format().startswith("case.txt:2:1: warning[C303]")
    assert result.text.xpath("//tei:supplied[@rend = 'unclosed']", namespaces=NSMAP)
    assert "[" not in "".join(result.text.itertext())


def test_dates_complete_from_the_document_date():
    result = encode("On 16 [October] and on 25 November, and in August 1956.", date="1963-10-18")
    assert result.text.xpath("//tei:date/@when", namespaces=NSMAP) == ["1963-10-16", "1963-11-25", "1956-08"]


def test_same_record_twice_gives_the_same_tree():
    from lxml import etree

    first = encode("Kim Il Sung (hereafter referred as Kim): [North] Korea.", "Kim: On 16 [October].")
    second = encode("Kim Il Sung (hereafter referred as Kim): [North] Korea.", "Kim: On 16 [October].")
    assert etree.tostring(first.text) == etree.tostring(second.text)


def test_supplied_name_after_a_title_before_a_capitalised_word():
    result = encode("They thanked Chairman [Mao Zedong] Personally and Premier [Zhou Enlai].")
    names = result.text.xpath("//tei:persName", namespaces=NSMAP)
    assert [(n.get("ref"), "".join(n.itertext())) for n in names] == [
        ("per:mao-zedong", "Chairman Mao Zedong"), ("per:zhou-enlai", "Premier Zhou Enlai")]
