"""A document may declare its own schema: a hostile one reaches no URL and no entity, in libxml2, xmlschema or teikit's RELAX NG reader."""

from __future__ import annotations

import pytest
from attacks import SECRET_TEXT, canary
from click.testing import CliRunner

from teikit.cli import main

XS = 'xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.tei-c.org/ns/1.0" elementFormDefault="qualified"'
RNG = 'xmlns="http://relaxng.org/ns/structure/1.0" ns="http://www.tei-c.org/ns/1.0"'


def _grammars(canary) -> dict[str, str]:
    """Return hostile grammars (file name -> text): each reaches for the canary server or the secret file."""
    entity = f'<!DOCTYPE grammar [<!ENTITY x SYSTEM "{canary.secret.as_uri()}">]>'
    return {
        "import-url.xsd": f'<xs:schema {XS}><xs:import namespace="urn:x" schemaLocation="{canary.url}/import.xsd"/>'
                          '<xs:element name="TEI" type="xs:string"/></xs:schema>',
        "include-url.xsd": f'<xs:schema {XS}><xs:include schemaLocation="{canary.url}/include.xsd"/></xs:schema>',
        "include-local.xsd": f'<xs:schema {XS}><xs:include schemaLocation="entity.xsd"/></xs:schema>',
        "entity.xsd": f'{entity}<xs:schema {XS}><xs:element name="TEI"><xs:simpleType><xs:restriction base="xs:string">'
                      '<xs:enumeration value="&x;"/></xs:restriction></xs:simpleType></xs:element></xs:schema>',
        "dtd.xsd": f'<!DOCTYPE xs:schema SYSTEM "{canary.url}/schema.dtd"><xs:schema {XS}>'
                   '<xs:element name="TEI" type="xs:string"/></xs:schema>',
        "include-url.rng": f'<grammar {RNG}><include href="{canary.url}/include.rng"/></grammar>',
        "include-local.rng": f'<grammar {RNG}><include href="entity.rng"/></grammar>',
        "entity.rng": f'{entity}<grammar {RNG}><start><element name="TEI"><value>&x;</value></element></start></grammar>',
    }


@pytest.mark.parametrize("name", ["import-url.xsd", "include-url.xsd", "include-local.xsd", "entity.xsd", "dtd.xsd",
                                  "include-url.rng", "include-local.rng", "entity.rng"])
def test_a_declared_hostile_grammar_is_refused_and_reaches_nothing(canary, tmp_path, name):
    for file, text in _grammars(canary).items():
        (tmp_path / file).write_text(text, encoding="utf-8")
    document = tmp_path / "doc.xml"
    # The secret's own text would be the only valid content: a grammar that read it would accept the document.
    document.write_text(f'<?xml version="1.0"?>\n<?xml-model href="{name}"?>\n'
                        f'<TEI xmlns="http://www.tei-c.org/ns/1.0">{SECRET_TEXT}<x/></TEI>\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(document)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 1 and "error[S110]" in result.output, result.output
    assert canary.hits() == []


def test_a_grammar_given_on_the_command_line_reaches_nothing_either(canary, tmp_path):
    for file, text in _grammars(canary).items():
        (tmp_path / file).write_text(text, encoding="utf-8")
    document = tmp_path / "doc.xml"
    document.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0">text</TEI>\n', encoding="utf-8")
    for name in ("import-url.xsd", "include-local.xsd", "include-url.rng", "include-local.rng"):
        result = CliRunner().invoke(main, ["validate", "--schema", str(tmp_path / name), str(document)])
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert canary.hits() == []
