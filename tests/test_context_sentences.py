"""The sentence around a mention (the KWIC context of register pages): found once per block, as a scan of the text before would."""

import re

from hypothesis import given, strategies as st
from lxml import etree

from teikit.render import facts

PIECES = st.sampled_from(["a", "B", "Mr", "J", ".", "!", "?", " ", "  ", '"', "“", "(", "[", "”", ")", "]", "7",
                          "x.", "'", "Dr. ", "No. 5", "\n"])


def _scanned_start(text: str) -> int:
    """The sentence start as the text before the mention alone says it (the definition)."""
    return max((end for _, end in facts._stops(text)), default=0)


@given(st.lists(PIECES, max_size=40))
def test_sentence_start_is_that_of_the_text_before(pieces):
    block = etree.Element("p")
    block.text = "".join(pieces)
    line = facts._Line(block, set())
    for cut in range(len(line.text) + 1):
        assert line.sentence_start(cut) == _scanned_start(line.text[:cut])


# What a stop is: the word before the mark, the mark, closing quotes and spaces, before a capital or digit.
_DEFINITION = re.compile(r"(?P<word>[\w'’]*)[.!?][\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")


@given(st.lists(PIECES | st.sampled_from(["É", "ß", "٣", "²", "’", "_", "Mr.", "p.", "A."]), max_size=40))
def test_stops_are_those_of_the_expression_trying_every_word(pieces):
    # _stops reads the word back from the mark instead: the same stops, the same sentence ends.
    text = "".join(pieces)
    expected = [(m.start() + len(m.group(0).rstrip()), m.end()) for m in _DEFINITION.finditer(text)
                if m.group("word").lower() not in facts._ABBREVIATIONS
                and not (len(m.group("word")) == 1 and m.group("word").isupper())]
    assert list(facts._stops(text)) == expected
