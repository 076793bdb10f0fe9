"""Property: on generated records the text survives, the output validates, conversion is stable."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roundtrip_normal import normalise
from teikit.convert import convert_record
from teikit.registers import Registers
from teikit.tei import NSMAP, parse_bytes
from teikit.text import record_text
from teikit.validate.schema import edition_schema

WORDS = ["the", "delegation", "visited", "factory", "we", "agreed", "and", "production", "increased",
         "comrades", "of", "rear", "area", "said", "that", "support", "Northeast", "equipment"]
NAMES = ["Kim Il Sung", "Kim Il", "Premier Kim", "Chairman Mao", "Zhou Enlai", "Pyongyang", "Kim II Sung",
         "Hoeryeong [Hoeryong]", "Pak Geum-cheol [Pak Kum Chol]", "Cde. Mao Zedong", "Vice Premier Kim Il",
         "the Korean Workers' Party", "Pravda"]
BRACKETED = ["[North] Korea", "[...]", "the Premier [Zhou Enlai]", "the Fatherland Liberation War [the Korean War]",
             "[i.e., the purge of the faction]", "[we]", "on 12 September [sic; November] 1957", "on 16 [October]",
             "on 28 [October 1965]", "activists [s shirokim aktivom]", "Chairman Mao [Zedong]", "Comrade [Liu] Shaoqi",
             "the [Chinese] People's Delegation", "[ _matter omitted_ ]", "their [the Soviet Union's] equipment"]
SPEECH = ['Kim said: "we agree with you;" "we are grateful."', '(Hao says: we [also] agree)',
          'he said that "it is [very] good."']

fragment = st.one_of(st.sampled_from(WORDS), st.sampled_from(NAMES), st.sampled_from(BRACKETED),
                     st.sampled_from(SPEECH))
sentence = st.lists(fragment, min_size=2, max_size=10).map(lambda parts: " ".join(parts) + ".")
paragraph = st.lists(sentence, min_size=1, max_size=4).map(" ".join)
turn = st.tuples(st.sampled_from(["Kim: ", "Kim (laughing): ", "Hao: ", "Kim (after asking Hao, said): "]), paragraph)
closer = st.sampled_from(["", "Yang Yong and Hao Deqing 29 October, 5:00 p.m.", "Jiao Ruoyu\n\n25 December 1965",
                          "SOVIET AMBASSADOR IN THE DPRK\n\n[signature] (A. PUZANOV)\n\n"
                          "1 - Cde. Gromyko\n\n2 - to file"])


@st.composite
def records(draw) -> str:
    """A record in the wilson layout with generated paragraphs, turns, page breaks and a closer."""
    blocks = []
    if draw(st.booleans()):
        blocks.append("[To] the Ministry of Foreign Affairs:")
    blocks += draw(st.lists(paragraph, min_size=1, max_size=4))
    turns = draw(st.lists(turn, max_size=5))
    if turns:
        blocks.append("Kim Il Sung (hereafter referred as Kim): Thank you.")
        blocks.append("Ambassador Hao Deqing (hereafter referred as Hao): Good.")
        blocks += [speaker + text for speaker, text in turns]
    # A page end that cut a paragraph: the reader rejoins it and keeps the break.
    cut = draw(st.integers(0, len(blocks) - 1))
    words = blocks[cut].split(" ")
    if len(words) > 4 and words[3][:1].islower() and words[2][-1:].isalpha():
        blocks[cut] = " ".join(words[:3]) + "\n\n" + " ".join(words[3:])
    ending = draw(closer)
    if ending:
        blocks.append(ending)
    body = "\n\n".join(blocks)
    return ("October 29, 1965 Record of a Generated Conversation\n\nCitation:\n\n\"Record of a Generated "
            "Conversation\", October 29, 1965, Wilson Center Digital Archive, PRC FMA 106-01479-08, 85-88. "
            "Translated by Charles Kraus.\n\nSummary:\n\nA generated record.\n\nCredits:\n\nThis document was made "
            "possible with support from MacArthur Foundation\n\nOriginal Language:\n\nChinese\n\nContents:\n\n"
            f"Translation - English\n\n{body}\n")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records())
def test_generated_records_survive_validate_and_are_stable(text):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "wilson-1.txt"
        path.write_text(text, encoding="utf-8")
        first = convert_record(path, Registers.load(None))
        second = convert_record(path, Registers.load(None))
    assert first.ok, [d.format() for d in first.diagnostics]
    assert first.tei == second.tei
    tree = parse_bytes(first.tei)
    assert normalise(record_text(tree.getroot())) == normalise(text)
    body = "".join(tree.getroot().find("tei:text", NSMAP).itertext())
    assert "[" not in body and "]" not in body
    assert [d.format() for d in edition_schema().check(tree, str(path))] == []
