"""`teikit validate` on other projects' TEI: the schema they declare, or TEI All, and messages that say which."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from lxml import etree

from teikit.cli import main

HEADER = ("<teiHeader><fileDesc><titleStmt><title>A letter</title></titleStmt><publicationStmt><p>Another "
          "project</p></publicationStmt><sourceDesc><p>A manuscript</p></sourceDesc></fileDesc></teiHeader>")
# Valid TEI All, and full of what the edition's customisation refuses (div/@type letter, app).
LETTER = (f'<TEI xmlns="http://www.tei-c.org/ns/1.0">{HEADER}<text><body><div type="letter">\n'
          "<p>Dear friend, <app><lem>yes</lem><rdg>no</rdg></app>.</p>\n{extra}</div></body></text></TEI>\n")
SMALL = """<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="http://www.tei-c.org/ns/1.0">
  <start><element name="TEI"><zeroOrMore><element><anyName/><zeroOrMore><attribute><anyName/></attribute>
  </zeroOrMore><zeroOrMore><choice><text/><ref name="any"/></choice></zeroOrMore></element></zeroOrMore>
  <element name="end"><empty/></element></element></start>
  <define name="any"><element><anyName/><zeroOrMore><attribute><anyName/></attribute></zeroOrMore>
  <zeroOrMore><choice><text/><ref name="any"/></choice></zeroOrMore></element></define>
</grammar>"""


def run(*args):
    return CliRunner().invoke(main, ["validate", *map(str, args)])


def test_a_tei_all_valid_letter_of_another_project_is_valid(tmp_path):
    letter = tmp_path / "letter.xml"
    letter.write_text(LETTER.format(extra=""), encoding="utf-8")
    result = run(letter)
    assert result.exit_code == 0, result.output
    assert result.output == "1 file checked: 0 errors, 0 warnings\n"


def test_its_errors_are_tei_alls_and_say_so_at_the_offending_element(tmp_path):
    letter = tmp_path / "letter.xml"
    letter.write_text(LETTER.format(extra="  <closer><foo/></closer>\n"), encoding="utf-8")
    result = run(letter)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (f"{letter}:3:11: error[S101]: <foo> is not allowed anywhere by the "
                                             "schema (TEI All: not made by teikit)")


def test_the_json_and_junit_reports_carry_the_same_locations(tmp_path):
    letter = tmp_path / "letter.xml"
    letter.write_text(LETTER.format(extra='  <p rend="x" colour="red">P.S.</p>\n'), encoding="utf-8")
    text = run(letter).output.splitlines()[0]
    assert text.startswith(f"{letter}:3:15: error[S104]: attribute colour is not allowed on <p>")
    found = json.loads(run("--format", "json", letter).output)["diagnostics"]
    assert [(d["line"], d["col"], d["code"]) for d in found] == [(3, 15, "S104")]
    failure = etree.fromstring(run("--format", "junit", letter).output.encode()).find(".//failure")
    assert failure.get("type") == "S104" and failure.text == text


def test_a_declared_local_grammar_is_used_and_named(tmp_path):
    (tmp_path / "small.rng").write_text(SMALL, encoding="utf-8")
    letter = tmp_path / "letter.xml"
    declared = '<?xml-model href="small.rng" schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
    letter.write_text(declared + LETTER.format(extra=""), encoding="utf-8")
    result = run(letter)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (f"{letter}:4:21: error[S103]: <TEI> is incomplete: the required "
                                             "<end> is missing (its declared schema small.rng)")
    (tmp_path / "small.rng").write_text("<grammar/>", encoding="utf-8")
    result = run(letter)
    assert result.exit_code == 1 and "error[S110]: its declared schema small.rng cannot be used" in result.output


def test_a_schema_on_the_web_is_never_fetched(tmp_path):
    letter = tmp_path / "letter.xml"
    declared = '<?xml-model href="https://example.org/letters.rng" schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
    letter.write_text(declared + LETTER.format(extra="<foo/>"), encoding="utf-8")
    lines = run(letter).output.splitlines()
    assert lines[0].endswith("(TEI All: the declared https://example.org/letters.rng is not read: teikit never "
                             "downloads)")


def test_documents_teikit_made_keep_the_edition_schema(tmp_path):
    cases = Path(__file__).parent / "cases" / "validate"
    result = run("--registers", cases / "registers", cases / "valid")
    assert result.exit_code == 0, result.output
