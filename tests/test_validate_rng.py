"""RELAX NG validation: teikit's matcher gives jing's verdicts, on random grammars and on real TEI.

Verdicts are the product: a random grammar and random documents go through the matcher's
fast path and through its event-by-event derivatives, and (with jing installed) through
jing; all three must agree on every document. The corpus comparison with jing is in
test_validate_jing.py.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import TEI_ALL, shared_path
from teikit import tei
from teikit.validate import validate_paths
from teikit.validate.relaxng.simplify import load_grammar
from teikit.validate.relaxng.walk import Walker

# jing's verdicts on ../shared/corpora/tei-foreign/ against tei_all.rng (jing 20181222):
# True = valid. Recorded so the comparison runs where jing is not installed.
JING_TEI_FOREIGN = {
    "dracor-hun-balassi-szep-magyar-komedia.xml": True,
    "dracor-rus-chekhov-na-bolshoi-doroge.xml": True,
    "dracor-rus-gogol-lakeiskaja.xml": True,
    "dta-soldatenbriefe-letter-001.xml": True,
    "dta-soldatenbriefe-letter-013.xml": True,
    "eltec-eng-ENG18872_Lyall.xml": False,
    "teic-simple-testsimple2-eebo-ballad.xml": True,
    "teic-stylesheets-test-christmas-carol.xml": True,
    "teic-stylesheets-test22.xml": False,
    "teic-stylesheets-testapp2.xml": True,
    "teipublisher-CIDTC-3823-cortez.xml": False,
    "teipublisher-kbga-sermon-27003.xml": True,
}


def test_tei_foreign_verdicts_match_jings_recorded_ones():
    files = sorted(shared_path("corpora", "tei-foreign").glob("*.xml"))
    assert {p.name for p in files} == set(JING_TEI_FOREIGN)
    report = validate_paths(files, schema=str(TEI_ALL))
    invalid = {Path(d.path).name for d in report.diagnostics}
    assert {p.name: p.name not in invalid for p in files} == JING_TEI_FOREIGN


# ---------------------------------------------------------------- random grammars

VALUE_PATTERNS = [
    "<text/>", "<empty/>", '<data type="integer"/>', '<data type="NCName"/>', '<data type="ID"/>',
    '<data type="token"><param name="pattern">[a-z]+</param></data>', '<data type="string"><param '
    'name="maxLength">1</param></data>', "<choice><value>x</value><value>1</value></choice>",
    '<value type="integer">1</value>', '<list><oneOrMore><data type="integer"/></oneOrMore></list>',
    '<data type="token"><except><value>x</value></except></data>',
]
ATTRIBUTE_SETS = [
    "", '<attribute name="x">{v}</attribute>', '<optional><attribute name="y">{v}</attribute></optional>',
    '<choice><attribute name="x">{v}</attribute><attribute name="y">{w}</attribute></choice>',
    '<attribute name="x">{v}</attribute><optional><attribute name="y">{w}</attribute></optional>',
]
NAMES = ["a", "b", "c"]


def _content(depth: int):
    leaves = st.sampled_from(["<text/>", "<empty/>", '<ref name="d0"/>', '<ref name="d1"/>', '<ref name="d2"/>'])
    if depth == 0:
        return leaves
    inner = _content(depth - 1)
    return st.one_of(
        leaves,
        st.builds(lambda n, a, c: f'<element name="{n}">{a}{c}</element>', st.sampled_from(NAMES), _attributes(),
                  inner),
        st.builds(lambda k, x, y: f"<{k}>{x}{y}</{k}>", st.sampled_from(["group", "interleave", "choice"]),
                  inner, inner),
        st.builds(lambda k, x: f"<{k}>{x}</{k}>", st.sampled_from(["optional", "zeroOrMore", "oneOrMore",
                                                                   "mixed"]), inner),
    )


def _attributes():
    return st.builds(lambda a, v, w: a.format(v=v, w=w), st.sampled_from(ATTRIBUTE_SETS),
                     st.sampled_from(VALUE_PATTERNS), st.sampled_from(VALUE_PATTERNS))


def _define(index: int):
    content = st.one_of(_content(2), st.sampled_from(VALUE_PATTERNS[2:]))
    return st.builds(lambda n, a, c: f'<define name="d{index}"><element name="{n}">{a}{c}</element></define>',
                     st.sampled_from(NAMES), _attributes(), content)


GRAMMARS = st.builds(
    lambda start, d0, d1, d2: (
        '<grammar xmlns="http://relaxng.org/ns/structure/1.0" '
        'datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">'
        f"<start>{start}</start>{d0}{d1}{d2}</grammar>"),
    st.sampled_from(['<ref name="d0"/>', '<choice><ref name="d0"/><ref name="d1"/></choice>']),
    _define(0), _define(1), _define(2))


def _node(depth: int):
    texts = st.sampled_from(["", "t", " ", "1", "x"])
    attributes = st.dictionaries(st.sampled_from(["x", "y"]), st.sampled_from(["1", "x", "", " 2 ", "a b", "-3"]),
                                 max_size=2)
    children = st.lists(_node(depth - 1), max_size=3) if depth else st.just([])
    return st.builds(lambda n, a, t, kids, tail: (n, a, t, kids, tail), st.sampled_from(NAMES), attributes, texts,
                     children, texts)


def _serialise(node) -> bytes:
    def build(spec, parent=None):
        name, attributes, text, children, tail = spec
        element = etree.Element(name, attributes) if parent is None else etree.SubElement(parent, name, attributes)
        element.text = text or None
        for child in children:
            build(child, element).tail = child[4] or None
        return element
    return etree.tostring(build(node))


INSTANCES = st.lists(_node(3), min_size=1, max_size=6)


def _verdicts(walker: Walker, documents: list[bytes]) -> list[bool]:
    return [not walker.validate(tei.parse_bytes(d, allow_duplicate_ids=True).getroot()) for d in documents]


def _grammar_file(folder: Path, grammar: str) -> Path | None:
    path = folder / "grammar.rng"
    path.write_text(grammar, encoding="utf-8")
    try:
        load_grammar(path)
    except Exception:  # noqa: BLE001 - a generated grammar teikit refuses is checked against jing below
        return None
    return path


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(GRAMMARS, INSTANCES)
def test_the_fast_path_gives_the_verdicts_and_faults_of_the_derivatives_event_by_event(grammar, nodes):
    with tempfile.TemporaryDirectory() as tmp:
        path = _grammar_file(Path(tmp), grammar)
        assume(path is not None)
        documents = [_serialise(n) for n in nodes]
        shared = Walker(load_grammar(path))
        slow = Walker(load_grammar(path), shortcuts=False)
        for document in documents + documents[::-1]:
            fast_faults = shared.validate(tei.parse_bytes(document, allow_duplicate_ids=True).getroot())
            slow_faults = slow.validate(tei.parse_bytes(document, allow_duplicate_ids=True).getroot())
            assert [(f.code, f.message) for f in fast_faults] == [(f.code, f.message) for f in slow_faults]
        # A document's verdict never depends on the documents validated before it.
        assert _verdicts(shared, documents) == _verdicts(Walker(load_grammar(path)), documents)


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(GRAMMARS, INSTANCES)
def test_random_grammars_and_documents_get_jings_verdicts(grammar, nodes):
    jing = shutil.which("jing")
    if jing is None:
        pytest.skip("jing is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "grammar.rng").write_text(grammar, encoding="utf-8")
        files = []
        for number, node in enumerate(nodes):
            files.append(folder / f"doc{number}.xml")
            files[-1].write_bytes(_serialise(node))
        run = subprocess.run([jing, str(folder / "grammar.rng"), *map(str, files)], capture_output=True, text=True)
        assume("grammar.rng:" not in run.stdout)  # a grammar jing refuses (RELAX NG's section 7 restrictions)
        path = _grammar_file(folder, grammar)
        assert path is not None, f"jing reads the grammar, teikit refuses it: {grammar}"
        invalid = {Path(line.split(":", 1)[0]).name for line in run.stdout.splitlines() if ": error:" in line}
        ours = _verdicts(Walker(load_grammar(path)), [f.read_bytes() for f in files])
        assert ours == [f.name not in invalid for f in files], (grammar, run.stdout)


# ---------------------------------------------------------------- messages

GRAMMAR = b"""<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="urn:t"
  datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <start><ref name="doc"/></start>
  <define name="doc"><element name="doc"><ref name="head"/><zeroOrMore><ref name="block"/></zeroOrMore></element></define>
  <define name="head"><element name="head"><text/></element></define>
  <define name="block" combine="choice"><element name="p"><optional><attribute name="n"><data type="integer"/>
    </attribute></optional><zeroOrMore><choice><text/><element name="hi"><text/></element></choice></zeroOrMore>
  </element></define>
  <define name="block" combine="choice"><element name="sp"><attribute name="who"/><oneOrMore><ref name="block"/>
  </oneOrMore></element></define>
  <define name="block" combine="choice"><element name="num"><data type="integer"/></element></define>
  <define name="block" combine="choice"><element name="ab"><attribute name="xml:id"><data type="ID"/></attribute>
    <optional><attribute name="corresp"><data type="IDREF"/></attribute></optional><empty/></element></define>
</grammar>"""


def rng_lines(tmp_path, text: str) -> list[str]:
    schema = tmp_path / "small.rng"
    schema.write_bytes(GRAMMAR)
    doc = tmp_path / "doc.xml"
    doc.write_text(text)
    report = validate_paths([doc], schema=str(schema))
    return [d.format().replace(str(tmp_path) + "/", "") for d in report.diagnostics]


@pytest.mark.parametrize("body, expected", [
    ("<head>h</head>\n<p>x</p>\n<sp who='x'><p/>  <bad/></sp>",
     "doc.xml:3:19: error[S101]: <bad> is not allowed anywhere by the schema"),
    ("<head>h</head>\n  <sp><p/></sp>", "doc.xml:2:3: error[S105]: <sp> lacks the required attribute who"),
    ("<head>h</head>\n<p>x</p>\n  <head>again</head>",
     "doc.xml:3:3: error[S102]: <head> is not allowed here in <doc>; expected <ab>, <num>, <p>, <sp> or "
     "the end of <doc>"),
    ("\n  <p>x</p>", "doc.xml:2:3: error[S103]: <head> is missing in <doc> before <p>"),
    ("<head>h</head><sp who='x'>\n  </sp>", "doc.xml:2:3: error[S103]: <sp> is incomplete: one of <ab>, <num>, "
                                             "<p> or <sp> is missing"),
    ("<head>h</head><p\n   n='two'>x</p>", "doc.xml:2:4: error[S106]: n=\"two\" on <p> is invalid; expected an "
                                          "integer"),
    ("<head>h</head><p rend='x'/>", "doc.xml:1:37: error[S104]: attribute rend is not allowed on <p>"),
    ("<head>h</head><num> 12x</num>", "doc.xml:1:40: error[S106]: the text \"12x\" of <num> is invalid; expected "
                                      "an integer"),
    ("<head>h</head>stray <p/>", "doc.xml:1:34: error[S107]: text is not allowed directly in <doc>"),
    ("<head>h</head><ab xml:id='a'/><ab xml:id='a'/>",
     "doc.xml:1:54: error[S109]: xml:id=\"a\" on <ab>: this ID is already used (line 1)"),
    ("<head>h</head><ab xml:id='a' corresp='b'/>",
     "doc.xml:1:49: error[S109]: corresp=\"b\" on <ab>: no element has this ID"),
    ("<head>h</head><ab xml:id=''/>", "doc.xml:1:38: error[S106]: xml:id=\"\" on <ab> is invalid; expected an XML "
                                       "name without colons (an ID)"),
])
def test_each_fault_is_one_error_at_the_element_or_attribute_naming_what_was_expected(tmp_path, body, expected):
    assert rng_lines(tmp_path, f'<doc xmlns="urn:t">{body}</doc>\n') == [expected]


def test_a_wrong_root_is_one_error(tmp_path):
    assert rng_lines(tmp_path, '<p xmlns="urn:t">\n<bad/></p>\n') == [
        "doc.xml:1:1: error[S102]: <p> cannot be the root element; expected <doc>",
        "doc.xml:2:1: error[S101]: <bad> is not allowed anywhere by the schema"]


def test_an_element_of_another_namespace_is_named_as_such(tmp_path):
    assert rng_lines(tmp_path, '<doc xmlns="urn:t"><head>h</head><o:x xmlns:o="urn:other"/></doc>') == [
        "doc.xml:1:34: error[S108]: <{urn:other}x> in <doc> is in a namespace the schema has no element of"]


def test_repeated_ids_inside_egxml_are_no_error_for_tei_all(tmp_path):
    doc = tmp_path / "eg.xml"
    doc.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title>'
                   '</titleStmt><publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc>'
                   '</fileDesc></teiHeader><text><body><p xml:id="a">x<egXML xmlns="http://www.tei-c.org/ns/Examples">'
                   '<p xml:id="a">y</p><p xml:id="a">z</p></egXML></p>\n<p xml:id="a">w</p></body></text></TEI>')
    report = validate_paths([doc], schema=str(TEI_ALL))
    assert [(d.code, d.line) for d in report.diagnostics] == [("S109", 2)]
