"""`--schema` with RELAX NG: the pruned-grammar path agrees with jing and with the whole grammar."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import shared_path
from frus_split import write_split
from teikit import tei
from teikit.validate import validate_paths
from teikit.validate.rng import prune, vocabulary

# jing's verdicts on ../shared/corpora/tei-foreign/ against tei_all.rng (jing 20091111):
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


def verdicts(files, schema, cache_dir) -> dict[str, bool]:
    """Return {file name: valid?} from teikit validate --schema."""
    report = validate_paths(files, schema=str(schema), cache_dir=str(cache_dir))
    invalid = {Path(d.path).name for d in report.diagnostics}
    return {Path(f).name: Path(f).name not in invalid for f in report.files}


def jing_verdicts(files, schema) -> dict[str, bool]:
    """Return {file name: valid?} from one jing run over all the files."""
    result = subprocess.run(["jing", str(schema), *map(str, files)], capture_output=True, text=True)
    invalid = {Path(line.split(":", 1)[0]).name for line in result.stdout.splitlines() if ": error:" in line}
    return {Path(f).name: Path(f).name not in invalid for f in files}


def test_tei_foreign_verdicts_match_jings_recorded_ones(tmp_path):
    folder = shared_path("corpora", "tei-foreign")
    schema = shared_path("tei", "tei_all.rng")
    files = sorted(folder.glob("*.xml"))
    assert {p.name for p in files} == set(JING_TEI_FOREIGN)
    assert verdicts(files, schema, tmp_path) == JING_TEI_FOREIGN


def test_tei_foreign_verdicts_match_jing_run_now(tmp_path):
    if shutil.which("jing") is None:
        pytest.skip("jing is not installed")
    files = sorted(shared_path("corpora", "tei-foreign").glob("*.xml"))
    schema = shared_path("tei", "tei_all.rng")
    assert verdicts(files, schema, tmp_path) == jing_verdicts(files, schema)


@pytest.mark.slow
def test_frus_split_verdicts_match_jing(tmp_path):
    volume = shared_path("corpora", "frus", "frus1964-68v29p1.xml")
    schema = shared_path("tei", "tei_all.rng")
    files = write_split(volume, tmp_path / "frus")
    assert len(files) == 369
    ours = verdicts(files, schema, tmp_path / "cache")
    if shutil.which("jing"):
        assert ours == jing_verdicts(files, schema)
    else:
        assert all(ours.values())  # jing finds all 369 valid


def test_pruned_grammar_is_cached_and_reused(tmp_path):
    schema = shared_path("tei", "tei_all.rng")
    files = sorted(shared_path("corpora", "tei-foreign").glob("dracor-*.xml"))
    first = verdicts(files, schema, tmp_path)
    cached = list(tmp_path.glob("tei_all-*.rng"))
    assert len(cached) == 1
    stamp = cached[0].stat().st_mtime_ns
    assert verdicts(files, schema, tmp_path) == first
    assert cached[0].stat().st_mtime_ns == stamp


# A small grammar with the features pruning must respect: combine, required attributes,
# anyName and nsName wildcards, interleave, recursion, an element that can never be valid.
GRAMMAR = b"""<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="urn:t"
  datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <start><ref name="doc"/></start>
  <define name="doc"><element name="doc">
    <group><ref name="head"/><zeroOrMore><ref name="block"/></zeroOrMore></group><ref name="atts"/><empty/>
  </element></define>
  <define name="head"><element name="head"><text/></element></define>
  <define name="atts"><group><ref name="att.rend"/><group><ref name="att.lang"/><ref name="att.unused"/></group></group></define>
  <define name="att.rend"><optional><attribute name="rend"/></optional></define>
  <define name="att.lang"><optional><attribute name="lang"><choice><value>en</value><value>ko</value></choice></attribute></optional></define>
  <define name="att.unused"><optional><attribute name="unused"/></optional><empty/></define>
  <define name="block" combine="choice"><element name="p"><ref name="inline"/><ref name="atts"/></element></define>
  <define name="block" combine="choice">
    <element name="sp"><attribute name="who"/><optional><attribute name="n"><data type="integer"/></attribute></optional>
      <oneOrMore><ref name="block"/></oneOrMore></element>
  </define>
  <define name="block" combine="choice">
    <element name="pair"><interleave><element name="a"><text/></element><element name="b"><empty/></element></interleave></element>
  </define>
  <define name="block" combine="choice"><element name="never"><ref name="loop"/></element></define>
  <define name="loop"><element name="loop"><ref name="loop"/></element></define>
  <define name="block" combine="choice">
    <element><nsName ns="urn:x"/><zeroOrMore><attribute><anyName/></attribute></zeroOrMore><text/></element>
  </define>
  <define name="inline"><zeroOrMore><choice><text/><element name="hi"><ref name="inline"/></element>
    <element><anyName><except><nsName ns="urn:t"/><nsName ns="urn:x"/></except></anyName><text/></element>
  </choice></zeroOrMore></define>
</grammar>"""


def _documents():
    """Documents near the grammar: mostly valid, with the mistakes pruning could mishandle."""
    text = st.sampled_from(["", "text"])
    inline = st.deferred(lambda: st.one_of(
        st.builds(lambda t, kids: ("hi", {}, t, kids), text, st.lists(inline, max_size=2)),
        st.builds(lambda t: ("{urn:y}other", {}, t, []), text),
        st.just(("a", {}, "x", [])),
    ))
    atts = st.dictionaries(st.sampled_from(["rend", "lang"]), st.sampled_from(["en", "x"]), max_size=2)
    block = st.deferred(lambda: st.one_of(
        st.builds(lambda a, t, kids: ("p", a, t, kids), atts, text, st.lists(inline, max_size=2)),
        st.builds(lambda who, n, kids: ("sp", {**who, **n}, "", kids),
                  st.sampled_from([{"who": "x"}, {}]), st.sampled_from([{}, {"n": "1"}, {"n": "x"}]),
                  st.lists(block, max_size=3)),
        st.builds(lambda kids: ("pair", {}, "", kids),
                  st.permutations([("a", {}, "t", []), ("b", {}, "", [])]).map(list)
                  | st.just([("a", {}, "t", [])])),
        st.builds(lambda a, t: ("{urn:x}ext", a, t, []),
                  st.dictionaries(st.sampled_from(["rend", "who"]), st.just("v"), max_size=2), text),
        st.just(("never", {}, "", [("loop", {}, "", [])])),
    ))
    head = st.sampled_from([[("head", {}, "h", [])], []])
    return st.builds(lambda a, h, kids: ("doc", a, "", h + kids), atts, head, st.lists(block, max_size=4))


def _build(node, parent=None):
    name, attrs, text, children = node
    tag = name if name.startswith("{") else f"{{urn:t}}{name}"
    element = etree.Element(tag, attrs) if parent is None else etree.SubElement(parent, tag, attrs)
    element.text = text or None
    for child in children:
        _build(child, element)
    return element


@settings(max_examples=150, deadline=None)
@given(_documents())
def test_pruned_grammar_gives_the_whole_grammars_verdict(node):
    tree = _build(node).getroottree()
    whole = etree.RelaxNG(etree.fromstring(GRAMMAR))
    elements, attributes = vocabulary([tree])
    pruned = etree.RelaxNG(etree.fromstring(prune(GRAMMAR, elements, attributes)))
    assert pruned.validate(tree) == whole.validate(tree)


def test_pruning_removes_what_the_documents_do_not_use():
    tree = tei.parse_bytes(b'<doc xmlns="urn:t"><head>h</head><p>x</p></doc>')
    pruned = prune(GRAMMAR, *vocabulary([tree]))
    assert b">pair<" not in pruned and b">never<" not in pruned and b"unused" not in pruned
    assert b'<name ns="urn:t">p</name>' in pruned


def test_xml_id_duplicates_are_invalid_as_for_jing(tmp_path):
    schema = shared_path("tei", "tei_all.rng")
    doc = tmp_path / "dup.xml"
    doc.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title>'
                   '</titleStmt><publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc>'
                   '</fileDesc></teiHeader><text><body><p xml:id="a">x</p><p xml:id="a">y</p></body></text></TEI>')
    report = validate_paths([doc], schema=str(schema), cache_dir=str(tmp_path / "cache"))
    assert [d.line for d in report.diagnostics] == [1] and report.diagnostics[0].code == "X001"


def test_rng_messages_name_the_line_and_the_element(tmp_path):
    schema = tmp_path / "small.rng"
    schema.write_bytes(GRAMMAR)
    doc = tmp_path / "doc.xml"
    doc.write_text('<doc xmlns="urn:t"><head>h</head>\n<p>x</p>\n<sp who="x"><p/><bad/></sp>\n</doc>\n')
    report = validate_paths([doc], schema=str(schema), cache_dir=str(tmp_path / "cache"))
    lines = [d.format().replace(str(tmp_path) + "/", "") for d in report.diagnostics]
    assert lines == ["doc.xml:3:1: error[S101]: <{urn:t}bad> is not allowed anywhere by the schema"]


def rng_lines(tmp_path, text: str) -> list[str]:
    schema = tmp_path / "small.rng"
    schema.write_bytes(GRAMMAR)
    doc = tmp_path / "doc.xml"
    doc.write_text(text)
    report = validate_paths([doc], schema=str(schema), cache_dir=str(tmp_path / "cache"))
    return [d.format().replace(str(tmp_path) + "/", "") for d in report.diagnostics]


def test_rng_errors_of_known_elements_are_libxml2s(tmp_path):
    # Pruning drops <sp> (no document has its required @who), yet it is no unknown element.
    lines = rng_lines(tmp_path, '<doc xmlns="urn:t"><head>h</head>\n<sp><p/></sp>\n</doc>\n')
    assert lines and all(line.startswith("doc.xml:") and "error[S100]" in line for line in lines)
    assert "doc.xml:2:1: error[S100]: <sp> is not allowed here" in lines


def test_unknown_elements_are_reported_on_their_lines_and_the_rest_judged_without_them(tmp_path):
    # Dropping <bad> keeps the text around it, so the <p> is fine; the <sp> without @who is not.
    lines = rng_lines(tmp_path, '<doc xmlns="urn:t"><head>h</head>\n<p>x<bad/>y<hi>z</hi></p>\n'
                                '<sp><p/></sp><x:w xmlns:x="urn:x" any="1">ok</x:w>\n</doc>\n')
    unknown = "doc.xml:2:1: error[S101]: <{urn:t}bad> is not allowed anywhere by the schema"
    others = [line for line in lines if line != unknown]
    assert unknown in lines and "doc.xml:3:1: error[S100]: <sp> is not allowed here" in others
    assert all("error[S100]" in line for line in others)


def test_an_unknown_root_is_the_only_error(tmp_path):
    assert rng_lines(tmp_path, '<book xmlns="urn:t">\n<bad/></book>\n') == [
        "doc.xml:1:1: error[S101]: <{urn:t}book> is not allowed anywhere by the schema",
        "doc.xml:2:1: error[S101]: <{urn:t}bad> is not allowed anywhere by the schema"]


@pytest.mark.parametrize("body", ["<head>h</head><bad/>stray", "<bad/>stray<head>h</head>"])
def test_dropping_an_unknown_element_keeps_the_text_after_it(tmp_path, body):
    # <doc> allows no text: the text after <bad/> is still there to be refused.
    unknown = "doc.xml:1:1: error[S101]: <{urn:t}bad> is not allowed anywhere by the schema"
    lines = rng_lines(tmp_path, f'<doc xmlns="urn:t">{body}</doc>\n')
    assert "doc.xml:1:1: error[S100]: Did not expect text in element doc content" in lines and unknown in lines
    assert rng_lines(tmp_path, f'<doc xmlns="urn:t">{body.replace("stray", "")}</doc>\n') == [unknown]
