"""The HTML stylesheet parameters: each declared with a type, a default and a line of doc."""

from __future__ import annotations

from teikit.edition import Settings
from teikit.render.html import site_params
from teikit.render.saxon import read_params
from teikit.resources import xslt_path


def _declared():
    # The HTML edition's own parameters, and the edition's settings both formats take.
    return read_params(xslt_path("html", "html_params.xsl")) + read_params(xslt_path("common", "common_params.xsl"))


def test_every_parameter_is_typed_defaulted_and_documented():
    specs = _declared()
    assert len(specs) >= 10
    for spec in specs:
        assert spec.type.startswith("xs:"), spec
        assert spec.default, spec
        assert spec.doc and "\n" not in spec.doc, spec


def test_python_passes_only_declared_parameters():
    declared = {spec.name for spec in _declared()}
    passed = set(site_params(Settings(title="T", editors=("A", "B"), base_url="https://x.example")))
    assert passed <= declared
    assert {"root", "doc-id"} <= declared


def test_base_url_gets_a_trailing_slash():
    assert site_params(Settings(base_url="https://x.example/ed"))["base-url"] == "https://x.example/ed/"
    assert site_params(Settings(editors=("A", "B")))["edition-editors"] == "A; B"
