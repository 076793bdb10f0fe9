"""External DTDs: a valid document naming a DTD on a server (SYSTEM or PUBLIC) or on disk.

Validation used to pass such a document, and then Saxon fetched the DTD during the html and
pdf stages (3 GETs per build) and put a DTD entity's text into the page and the PDF. Now the
DOCTYPE is refused by the one safe loader, and Saxon and WeasyPrint are themselves closed to
every URI, should anything ever hand them one.
"""

from __future__ import annotations

import pytest
from attacks import assert_nothing_leaked, canary, copy_edition, good_text, hostile
from click.testing import CliRunner

from teikit.cli import main
from teikit.render import html, pdf, saxon


@pytest.mark.parametrize("kind", ["external_dtd", "public_dtd"])
def test_validate_refuses_a_document_that_names_a_dtd(canary, tmp_path, kind):
    path = tmp_path / "named-dtd.xml"
    path.write_bytes(hostile(getattr(canary, kind)(), reference="&leak;"))
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1 and f"{path}:2:1: error[X002]" in result.output, result.output
    assert_nothing_leaked(canary)


def test_a_dtd_on_disk_is_refused_too(canary, tmp_path):
    path = tmp_path / "local-dtd.xml"
    path.write_bytes(hostile(f'<!DOCTYPE TEI SYSTEM "{canary.secret.as_uri()}">', reference=""))
    result = CliRunner().invoke(main, ["render", "html", str(path), "-o", str(tmp_path / "site")])
    assert result.exit_code == 1 and "error[X002]" in result.output
    assert_nothing_leaked(canary, tmp_path / "site")


def test_build_fetches_no_dtd(canary, tmp_path, monkeypatch):
    edition = copy_edition(tmp_path / "edition")
    (edition / "tei" / "wilson-116548.xml").write_bytes(hostile(canary.external_dtd(), reference=""))
    monkeypatch.chdir(edition)
    result = CliRunner().invoke(main, ["build", "--stages", "validate,html", "--jobs", "1"])
    assert result.exit_code == 1 and "error[X002]" in result.output, result.output
    assert_nothing_leaked(canary, edition / "build")


@pytest.mark.parametrize("stylesheet", [html.stylesheet(), pdf.stylesheet()], ids=["html", "print"])
def test_saxon_itself_fetches_no_dtd(canary, stylesheet):
    # Defence in depth: bytes with a DOCTYPE never reach Saxon, but if they did, it would refuse the URI.
    source = (f'<!DOCTYPE TEI SYSTEM "{canary.url}/saxon.dtd">\n' + good_text().split("\n", 1)[1]).encode()
    with pytest.raises(saxon.TransformError, match="prohibited"):
        saxon.transform(stylesheet, source)
    assert canary.hits() == []


def test_saxon_reads_no_file_a_stylesheet_asks_for(canary, tmp_path):
    # A stylesheet compiled by teikit may read its own modules, but nothing at run time.
    xsl = tmp_path / "reader.xsl"
    xsl.write_text('<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
                   '<xsl:param name="u"/><xsl:template match="/"><out><xsl:value-of select="unparsed-text($u)"/>'
                   "</out></xsl:template></xsl:stylesheet>", encoding="utf-8")
    for url in (canary.secret.as_uri(), f"{canary.url}/unparsed.txt"):
        with pytest.raises(saxon.TransformError, match="prohibited"):
            saxon.transform(xsl, b"<a/>", {"u": url})
    assert canary.hits() == []


def test_weasyprint_fetches_only_the_print_stylesheets_files(canary):
    page = (f'<html><head><link rel="stylesheet" href="{canary.url}/style.css"></head><body>'
            f'<img src="{canary.url}/image.png"><img src="{canary.secret.as_uri()}">'
            f'<p style="background: url({canary.url}/bg.png)">text</p></body></html>')
    pdf.typeset(page).write_pdf()
    assert canary.hits() == []
    with pytest.raises(pdf.FetchRefused):
        pdf.packaged_file(canary.secret.as_uri())
    with pytest.raises(pdf.FetchRefused):
        pdf.packaged_file(f"{canary.url}/x.css")
