"""One model per concept, defined once at the bottom of the house (issue 16): scans of src/teikit that fail on a copy."""

from __future__ import annotations

import re

from conftest import ROOT

SOURCE = sorted((ROOT / "src" / "teikit").rglob("*.py"))
# Ways of spelling the Clark prefix of TEI names by hand; tei.TEI_PREFIX and tei.T() are the one definition.
CLARK_TEI = re.compile(r'"\{%s\}" % TEI_NS|\{\{\{(?:tei\.)?TEI_NS\}\}\}|\{http://www\.tei-c\.org/ns/1\.0\}')


def _hits(pattern: re.Pattern, skip: str) -> list[str]:
    return [f"{path.relative_to(ROOT)}:{number}" for path in SOURCE if path.name != skip
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]


def test_the_tei_namespace_prefix_is_defined_once():
    assert not _hits(CLARK_TEI, "tei.py"), "use tei.TEI_PREFIX or tei.T()"


def test_settings_become_a_mapping_one_way():
    # Settings.to_mapping() is the one inverse of Settings.from_mapping (task parameters, digests).
    copies = re.compile(r"def \w*settings\w*\(settings: Settings\) -> dict|asdict\((?:edition\.)?settings\)")
    assert not _hits(copies, "edition.py")


def test_a_documents_title_is_read_in_one_place():
    # teikit.meta.read_meta reads the header for the HTML summaries, the exports and the server.
    assert not _hits(re.compile(r"titleStmt/tei:title"), "meta.py")
