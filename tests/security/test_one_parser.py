"""Every XML parser, XSLT processor, schema engine and PDF engine in src/ is one of the few that are closed to the world.

A new call to any of them outside these places fails this test: route it through
teikit.tei (load_document, parse, parse_bytes, parse_grammar) instead, or, for an
engine, close it the same way and add it here with the test that proves it closed.
"""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "teikit"

# Entry points of every XML/XSLT/schema/PDF engine teikit could reach.
ENTRY = re.compile(
    r"\betree\.(?:parse|fromstring|fromstringlist|XML|HTML|iterparse|XMLPullParser|XMLParser|HTMLParser|"
    r"XSLT|XMLSchema|RelaxNG|DTD|Schematron|XInclude|ETCompatXMLParser)\s*\("
    r"|\.xinclude\(|\blxml\.(?:html|objectify|sax)\b|\bxml\.(?:etree|dom|sax|parsers)\b|\bminidom\b|\bdefusedxml\b"
    r"|\bhtml5lib\b|\bBeautifulSoup\b|\bxmlschema\.XMLSchema\w*\(|\bPySaxonProcessor\(|\bparse_xml\(|\bHTML\(")

# (file, the call as it stands): each is closed, and tests/security/ proves it.
ALLOWED = {
    ("tei.py", "parser = etree.XMLParser("),  # the one safe parser: no DTD, no entity, no network, a refusing resolver
    ("tei.py", "root = etree.fromstring(data, _parser(collect_ids=not allow_duplicate_ids), base_url=base_url)"),
    ("tei.py", "root = etree.fromstring(read_checked(path), parser, base_url=str(Path(path).resolve()))"),
    ("validate/schema.py", "self._fast = etree.XMLSchema(tei.parse_grammar(self.path))"),
    ("validate/schema.py", 'self._explainer = xmlschema.XMLSchema10(str(self.path), allow="local", defuse="always")'),
    ("render/saxon.py", "proc = PySaxonProcessor(license=False)"),  # closed to every URI once compiled
    ("render/saxon.py", 'node = proc.parse_xml(xml_text=source.decode("utf-8"))'),  # bytes only, never a path
    ("render/pdf.py", "source = HTML(string=html, base_url=base, url_fetcher=_fetcher())"),
}


def _calls() -> set[tuple[str, str]]:
    found = set()
    for path in sorted(SRC.rglob("*.py")):
        for line in path.read_text(encoding="utf-8").splitlines():
            code = line.split("#", 1)[0].strip()
            if ENTRY.search(code) and not code.startswith(("import ", "from ")):
                found.add((path.relative_to(SRC).as_posix(), code))
    return found


def test_no_parser_or_engine_outside_the_closed_ones():
    unexpected = sorted(_calls() - ALLOWED)
    assert not unexpected, f"an XML/XSLT/schema/PDF engine called outside the safe path: {unexpected}"


def test_the_allowed_calls_are_still_there():
    # An allowed line that moved or changed must be looked at again (and this list updated).
    assert sorted(ALLOWED - _calls()) == []
