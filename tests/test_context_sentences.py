"""The sentence around a mention (the KWIC context of register pages): found once per block, as a scan of the text before would."""

from hypothesis import given, strategies as st
from lxml import etree

from teikit.render import facts

PIECES = st.sampled_from(["a", "B", "Mr", "J", ".", "!", "?", " ", "  ", '"', "“", "(", "[", "”", ")", "]", "7",
                          "x.", "'", "Dr. ", "No. 5", "\n"])


def _scanned_start(text: str) -> int:
    """The sentence start as the text before the mention alone says it (the definition)."""
    return max((stop.end() for stop in facts._stops(text)), default=0)


@given(st.lists(PIECES, max_size=40))
def test_sentence_start_is_that_of_the_text_before(pieces):
    block = etree.Element("p")
    block.text = "".join(pieces)
    line = facts._Line(block, set())
    for cut in range(len(line.text) + 1):
        assert line.sentence_start(cut) == _scanned_start(line.text[:cut])
