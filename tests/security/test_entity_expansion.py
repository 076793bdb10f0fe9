"""Entity expansion and oversized input: billion laughs, quadratic blow-up, parameter-entity
bombs, deep nesting, huge text nodes and huge files are refused quickly with one line each.
"""

from __future__ import annotations

import pytest
from attacks import copy_edition, good_text, hostile
from click.testing import CliRunner

from teikit import tei
from teikit.cli import main
from teikit.diagnostics import Diagnostic

LAUGHS = ('<!DOCTYPE TEI [<!ENTITY a0 "ha">'
          + "".join(f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)) + "]>")
QUADRATIC = '<!DOCTYPE TEI [<!ENTITY big "' + "x" * 50_000 + '">]>'
PARAMETER_BOMB = ('<!DOCTYPE TEI [<!ENTITY % p0 "ha">'
                  + "".join(f'<!ENTITY % p{i} "{("%p" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
                  + '<!ENTITY x "%p9;">]>')


@pytest.mark.parametrize("doctype, reference", [(LAUGHS, "&a9;"), (QUADRATIC, "&big;" * 2000), (PARAMETER_BOMB, "&x;")],
                         ids=["billion-laughs", "quadratic-blowup", "parameter-entity-bomb"])
def test_entity_bombs_are_refused_unexpanded(doctype, reference):
    found = tei.load_document("bomb.xml", hostile(doctype, "after-declaration", reference=reference))
    assert isinstance(found, Diagnostic) and (found.code, found.line) == ("X002", 2)


def _nested(depth: int) -> bytes:
    inner = "<hi>" * depth + "deep" + "</hi>" * depth
    return good_text().replace("<p ", f"<p><seg>{inner}</seg></p>\n<p ", 1).encode("utf-8")


def test_nesting_deeper_than_the_limit_is_refused():
    found = tei.load_document("deep.xml", _nested(300))
    assert isinstance(found, Diagnostic) and found.code == "X004"
    assert "XML_PARSE_HUGE" not in found.message and "depth" in found.message


def test_nesting_within_the_limit_is_read():
    assert not isinstance(tei.load_document("nested.xml", _nested(200)), Diagnostic)


def test_a_text_node_beyond_libxml2s_limit_is_refused():
    data = good_text().replace("Minutes of Conversation", "x" * 10_000_001, 1).encode("utf-8")
    found = tei.load_document("long-text.xml", data)
    assert isinstance(found, Diagnostic) and found.code == "X004"


def test_a_file_beyond_the_size_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(tei, "MAX_DOCUMENT_BYTES", 4096)
    path = tmp_path / "big.xml"
    path.write_text(good_text(), encoding="utf-8")
    found = tei.load_document(path)
    assert isinstance(found, Diagnostic) and found.code == "X004" and "4,096 bytes" in found.message


def test_validate_reports_each_bomb_on_one_line_and_goes_on(tmp_path):
    edition = copy_edition(tmp_path / "edition")
    for name, data in {"laughs": hostile(LAUGHS, reference="&a9;"), "deep": _nested(300),
                       "quadratic": hostile(QUADRATIC, reference="&big;" * 2000)}.items():
        (edition / "tei" / f"{name}.xml").write_bytes(data)
    result = CliRunner().invoke(main, ["validate", str(edition / "tei")])
    lines = [line for line in result.output.splitlines() if "error[X00" in line]
    assert result.exit_code == 1 and len(lines) == 3, result.output
    assert str(edition / "tei" / "wilson-116548.xml") not in result.output
