"""A well-formed document whose root is not TEI's <TEI> is refused with one line (X005) by every
stage that renders or publishes documents; `render html` used to write an "Untitled" page for it.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import FIXTURES

from teikit.cli import main

DOCUMENT = FIXTURES / "edition" / "tei" / "wilson-116548.xml"
NOT_TEI = {
    "corpus": '<teiCorpus xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/></teiCorpus>',
    "xhtml": '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>A page</p></body></html>',
    "no-namespace": "<TEI><teiHeader/><text/></TEI>",
}


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "tei"
    folder.mkdir()
    (folder / DOCUMENT.name).write_bytes(DOCUMENT.read_bytes())
    for name, text in NOT_TEI.items():
        (folder / f"{name}.xml").write_text(text, encoding="utf-8")
    return folder


def _refused(output: str, folder) -> list[str]:
    return sorted(line.split(":")[0] for line in output.splitlines() if "error[X005]" in line)


def test_render_html_refuses_a_root_that_is_not_tei(inputs, tmp_path):
    site = tmp_path / "site"
    result = CliRunner().invoke(main, ["render", "html", str(inputs), "-o", str(site), "-j", "1"])
    assert result.exit_code == 1
    assert _refused(result.output, inputs) == sorted(str(inputs / f"{n}.xml") for n in NOT_TEI)
    assert "not a TEI document: the root element is <teiCorpus>" in result.output
    assert sorted(p.name for p in (site / "documents").iterdir()) == ["wilson-116548.html"]
    index = (site / "index.html").read_text(encoding="utf-8")
    assert index.count("documents/") == 1 and ">Untitled<" not in index


def test_render_pdf_refuses_a_root_that_is_not_tei(inputs, tmp_path):
    result = CliRunner().invoke(main, ["render", "pdf", *(str(inputs / f"{n}.xml") for n in NOT_TEI),
                                       "-o", str(tmp_path / "print")])
    assert result.exit_code == 1
    assert _refused(result.output, inputs) == sorted(str(inputs / f"{n}.xml") for n in NOT_TEI)
