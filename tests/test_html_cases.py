"""One TEI phenomenon per case: tests/cases/html/NAME.xml rendered, each XPath of NAME.xpath true."""

from __future__ import annotations

from pathlib import Path

import pytest
from html_support import page

from teikit.render.html import render_document

CASES = Path(__file__).parent / "cases" / "html"


def _expectations(name: str) -> list[str]:
    lines = (CASES / f"{name}.xpath").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("name", sorted(p.stem for p in CASES.glob("*.xml")))
def test_case(name):
    html, _ = render_document(CASES / f"{name}.xml")
    root = page(html)
    failed = [xpath for xpath in _expectations(name) if not root.xpath(xpath)]
    assert not failed, f"{name}: false on the page: {failed}"
