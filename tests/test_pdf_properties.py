"""Property: any run of words and interventions prints in the print edition's bracket conventions."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from teikit.render import pdf

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzáéöüñçАБВЖЗ№ºé", min_size=1, max_size=8)
SEGMENT = st.one_of(
    st.tuples(st.just("text"), WORD),
    st.tuples(st.just("supplied"), WORD),
    st.tuples(st.just("sic"), st.tuples(WORD, WORD)),
    st.tuples(st.just("reg"), st.tuples(WORD, WORD)),
    st.tuples(st.just("gap"), st.none()),
)

TEMPLATE = """<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="prop"><teiHeader><fileDesc>
<titleStmt><title type="main">Property</title></titleStmt></fileDesc></teiHeader>
<text><body><p>{body}</p></body></text></TEI>"""


def _encode(kind: str, value) -> tuple[str, str]:
    """The TEI of one segment, and how print must show it."""
    if kind == "text":
        return value, value
    if kind == "supplied":
        return f"<supplied>{value}</supplied>", f"[{value}]"
    if kind == "sic":
        return f"<choice><sic>{value[0]}</sic><corr>{value[1]}</corr></choice>", f"{value[0]} [sic; {value[1]}]"
    if kind == "reg":
        return f"<choice><orig>{value[0]}</orig><reg>{value[1]}</reg></choice>", f"{value[0]} [{value[1]}]"
    return "<gap/>", "[…]"


@settings(max_examples=40, deadline=None)
@given(st.lists(SEGMENT, min_size=1, max_size=12))
def test_interventions_print_in_brackets(segments):
    encoded = [_encode(kind, value) for kind, value in segments]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "prop.xml"
        path.write_text(TEMPLATE.format(body=" ".join(tei for tei, _ in encoded)), encoding="utf-8")
        article = etree.fromstring(pdf.article(path).xml)
    shown = article.xpath("//div[contains(@class, 'tei-body')]/p")[0]
    # What CSS hides (.rd, the reading view's alternative to a gap) is not on the page.
    for hidden in shown.xpath(".//*[contains(concat(' ', @class, ' '), ' rd ')]"):
        tail = hidden.tail
        hidden.clear()
        hidden.tail = tail
    text = " ".join("".join(shown.itertext()).split())
    assert text == " ".join(expected for _, expected in encoded)
