"""An edition's own stylesheets (xslt/html/html.xsl, xslt/print/print.xsl) import the shipped ones and override them."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from lxml import etree

from teikit.build import BuildOptions, run_build
from teikit.cli import main
from teikit.commands.init import OWN_STYLESHEET
from teikit.edition import Edition
from teikit.render import html, pdf
from teikit.stages.pdf import PdfStage

# The example `teikit init` writes, with its comment marks taken away.
ACTIVE = OWN_STYLESHEET.replace("""       marks around the template to use it.
""", "       marks around the template to use it. -->").replace("""  </xsl:template>
  -->""", "  </xsl:template>")

PRINT_OVERRIDE = """<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tk="urn:teikit" exclude-result-prefixes="#all">
  <xsl:import href="teikit:print/print.xsl"/>
  <xsl:include href="parts/page-break.xsl"/>
</xsl:stylesheet>
"""
PRINT_PART = """<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tk="urn:teikit">
  <xsl:template name="tk:hook-page-break">
    <xsl:param name="n" as="xs:string"/>
    <span class="my-page">page <xsl:value-of select="$n"/></span>
  </xsl:template>
</xsl:stylesheet>
"""


def _own(edition_dir: Path, fmt: str, text: str) -> Path:
    path = edition_dir / "xslt" / fmt / f"{fmt}.xsl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _page(edition_dir: Path) -> str:
    return (edition_dir / "build" / "html" / "documents" / "wilson-116548.html").read_text(encoding="utf-8")


def test_init_writes_the_commented_example_and_it_changes_nothing(tmp_path, fixture_edition):
    assert CliRunner().invoke(main, ["init", str(tmp_path / "new")]).exit_code == 0
    written = (tmp_path / "new" / "xslt" / "html" / "html.xsl").read_text(encoding="utf-8")
    assert written == OWN_STYLESHEET and 'href="teikit:html/html.xsl"' in written
    document = fixture_edition / "tei" / "wilson-116548.xml"
    own = _own(fixture_edition, "html", OWN_STYLESHEET)
    assert html.render_document(document, xsl=own)[0] == html.render_document(document)[0]


def test_a_build_uses_the_editions_html_override(fixture_edition):
    options = BuildOptions(stages=("html",), jobs=1, quiet=True)
    assert run_build(Edition.open(fixture_edition), options).exit_code == 0
    shipped = _page(fixture_edition)
    assert "[p. " not in shipped
    _own(fixture_edition, "html", ACTIVE)
    # The override is part of the stage's fingerprint: the pages are made again.
    assert run_build(Edition.open(fixture_edition), options).exit_code == 0
    page = _page(fixture_edition)
    assert page != shipped
    breaks = etree.HTML(page).xpath("//span[@class='tei-pb']")
    assert breaks and all(b.text.startswith("[p. ") for b in breaks)
    # The collection pages come from the edition's stylesheet too (it imports the shipped one: same pages).
    assert (fixture_edition / "build" / "html" / "index.html").is_file()


def test_the_render_html_command_finds_the_editions_override(fixture_edition, tmp_path):
    _own(fixture_edition, "html", ACTIVE)
    out = tmp_path / "site"
    (fixture_edition / "edition.toml").write_text('[edition]\ntitle = "T"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["render", "html", str(fixture_edition / "tei"), "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "[p. " in (out / "documents" / "wilson-116548.html").read_text(encoding="utf-8")


def test_a_print_override_may_include_its_own_modules(fixture_edition):
    own = _own(fixture_edition, "print", PRINT_OVERRIDE)
    (own.parent / "parts").mkdir()
    (own.parent / "parts" / "page-break.xsl").write_text(PRINT_PART, encoding="utf-8")
    document = fixture_edition / "tei" / "wilson-116548.xml"
    article = etree.fromstring(pdf.article(document, xsl=own).xml)
    assert article.xpath("//span[@class='my-page']") and not etree.fromstring(pdf.article(document).xml).xpath(
        "//span[@class='my-page']")
    edition = Edition.open(fixture_edition)
    stage = PdfStage()
    assert all(task.params["xsl"] == str(own) for task in stage.plan(edition))
    before = stage.fingerprint(edition)
    (own.parent / "parts" / "page-break.xsl").write_text(PRINT_PART.replace("page ", "p "), encoding="utf-8")
    assert stage.fingerprint(edition) != before


def test_an_override_with_a_doctype_is_refused_with_one_line(fixture_edition):
    doctype = OWN_STYLESHEET.replace("<xsl:stylesheet", '<!DOCTYPE x SYSTEM "x.dtd">\n<xsl:stylesheet', 1)
    own = _own(fixture_edition, "html", doctype)
    result = html.render_task(fixture_edition / "tei" / "wilson-116548.xml", fixture_edition / "site", {}, own)
    assert not result.ok and [d.code for d in result.diagnostics] == ["H002"]


def test_a_module_of_an_override_with_a_doctype_is_refused_too(fixture_edition):
    own = _own(fixture_edition, "print", PRINT_OVERRIDE)
    (own.parent / "parts").mkdir()
    (own.parent / "parts" / "page-break.xsl").write_text('<!DOCTYPE x SYSTEM "x.dtd">\n' + PRINT_PART, encoding="utf-8")
    try:
        pdf.article(fixture_edition / "tei" / "wilson-116548.xml", xsl=own)
    except pdf.PrintError as exc:
        assert exc.diagnostic.code == "P002" and "DOCTYPE" in exc.diagnostic.message
    else:
        raise AssertionError("the module's DOCTYPE was read")
