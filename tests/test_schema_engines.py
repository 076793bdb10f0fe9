"""libxml2 (the fast verdict) and xmlschema (the messages) agree on every fixture."""

from __future__ import annotations

from pathlib import Path

import pytest
import xmlschema
from lxml import etree

from teikit import resources, tei

CASES = Path(__file__).parent / "cases" / "validate"


def _parse(path: Path):
    try:
        return tei.parse_bytes(path.read_bytes(), allow_duplicate_ids=True)
    except (ValueError, etree.XMLSyntaxError):
        return None


# The fixtures that have a schema verdict at all (the malformed ones stop at the parser).
FIXTURES = sorted(p for folder in ("valid", "broken", "registers") for p in (CASES / folder).glob("*.xml")
                  if _parse(p) is not None)


@pytest.fixture(scope="module")
def engines():
    path = str(resources.schema_path("teikit.xsd"))
    return etree.XMLSchema(etree.parse(path)), xmlschema.XMLSchema10(path)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_both_engines_give_the_same_verdict(path, engines):
    tree = _parse(path)
    fast, explainer = engines
    assert fast.validate(tree) == explainer.is_valid(tree)
