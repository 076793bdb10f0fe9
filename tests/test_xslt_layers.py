"""The stylesheets' layers: common.xsl defines the rendering and its hooks, formats implement hooks in *_hooks.xsl
and override template rules only in *_overrides.xsl."""

from __future__ import annotations

import pytest
from lxml import etree

from conftest import ROOT

XSL = "{http://www.w3.org/1999/XSL/Transform}"
XSLT = ROOT / "xslt"


def _templates(path):
    return etree.parse(str(path)).getroot().findall(XSL + "template")


@pytest.mark.parametrize("path", sorted(XSLT.glob("*/*_hooks.xsl")), ids=lambda p: p.name)
def test_a_hooks_file_only_implements_hooks(path):
    # Helpers of the hooks (named templates of the format's own namespace, functions) may stand beside them.
    assert not [t.get("match") for t in _templates(path) if t.get("match")], "template rules go in *_overrides.xsl"
    names = {t.get("name") for t in _templates(path)}
    assert {n for n in names if n.startswith("tk:")} <= {n for n in names if n.startswith("tk:hook-")}


def test_overrides_are_template_rules():
    for path in XSLT.glob("*/*_overrides.xsl"):
        assert all(t.get("match") for t in _templates(path)), path.name


def test_the_attributes_template_is_defined_once():
    defining = [p.relative_to(XSLT).as_posix() for p in XSLT.rglob("*.xsl")
                if any(t.get("name") == "tk:attributes" for t in _templates(p))]
    assert defining == ["common/common.xsl"]


def test_every_hook_common_calls_has_a_default_there():
    common = etree.parse(str(XSLT / "common" / "common.xsl")).getroot()
    called = {c.get("name") for c in common.iter(XSL + "call-template") if c.get("name").startswith("tk:hook-")}
    defined = {t.get("name") for t in common.findall(XSL + "template")}
    assert called and called <= defined


def test_print_ids_are_prefixed_by_the_document_through_the_hook():
    from teikit.render import pdf

    xml = pdf.article(ROOT / "tests" / "fixtures" / "edition" / "tei" / "wilson-116548.xml").xml
    ids = etree.fromstring(xml).xpath("//@id")
    assert ids and all(i.startswith("wilson-116548") for i in ids)


def test_settings_reach_both_formats_as_the_same_parameters(monkeypatch):
    from teikit.edition import Settings
    from teikit.render import edition_params, html, saxon

    settings = Settings(title="T: S", editors=("A", "B"), base_url="https://x.example/ed", identifier="i")
    seen = []
    real = saxon.transform
    monkeypatch.setattr(saxon, "transform", lambda xsl, data, params=None: seen.append(params) or real(xsl, data, params))
    from teikit.render import pdf

    document = ROOT / "tests" / "fixtures" / "edition" / "tei" / "wilson-116548.xml"
    book = etree.fromstring(pdf.book_html([pdf.article(document)], settings).encode())
    html.render_document(document, html.site_params(settings))
    expected = edition_params.edition_params(settings)
    assert all(expected.items() <= params.items() for params in (seen[1], seen[2]))
    # The print edition's input holds the documents only; the imprint prints the settings given, and no others.
    imprint = " ".join(book.xpath("string(//*[@class='imprint'])").split())
    assert "Online edition: https://x.example/ed/" in imprint and "Published by" not in imprint
