"""Injection into HTML: markup, scripts, event handlers and javascript: links in TEI text,
attributes and registers reach the site as text, never as markup or active links.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from attacks import copy_edition, good_text
from click.testing import CliRunner
from lxml import html as lxml_html

from teikit.cli import main
from teikit.render import facets
from teikit.render.collection import ASSETS, SEARCH_MANIFEST

PAYLOAD = "<script>alert(1)</script>"
HOSTILE_BODY = f"""
      <p n='"&gt;&lt;script&gt;alert(1)&lt;/script&gt;' onclick="alert(1)" style="background:url(javascript:alert(1))">
        Text with {PAYLOAD.replace("<", "&lt;").replace(">", "&gt;")} and <hi rend='x" onmouseover="alert(1)'>style</hi>,
        <ref target="javascript:alert(1)">a script link</ref>, <ref target=" JaVaScRiPt:alert(1)">another</ref>,
        <ref target="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</ref>,
        <ref target="#missing&quot; onmouseover=&quot;alert(1)">a pointer</ref>,
        <ptr target="vbscript:msgbox(1)"/>, <graphic url="javascript:alert(1)"/>,
        <persName ref="per:kim-il-sung&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">Kim</persName>,
        <html:script xmlns:html="http://www.w3.org/1999/xhtml">alert(1)</html:script>
        <html:a xmlns:html="http://www.w3.org/1999/xhtml" href="javascript:alert(1)">foreign link</html:a>
      </p>"""
# The scripts teikit ships or writes itself (below the site's assets/): no page may load another.
KNOWN_SCRIPTS = ({target for target in ASSETS.values() if target.endswith(".js")}
                 | {SEARCH_MANIFEST.removeprefix("assets/"), facets.MANIFEST.removeprefix("assets/")})
SAFE_SCHEMES = {"", "http", "https", "mailto"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The site of an edition whose record and registers carry every payload."""
    edition = copy_edition(tmp_path_factory.mktemp("injection") / "edition")
    text = good_text().replace("Minutes of Conversation", f"Minutes {PAYLOAD.replace('<', '&lt;')} of Conversation", 1)
    text = text.replace("<body>", "<body>" + HOSTILE_BODY, 1)
    (edition / "tei" / "wilson-116548.xml").write_text(text, encoding="utf-8")
    persons = edition / "tei" / "persons.xml"
    persons.write_text(persons.read_text(encoding="utf-8").replace(
        '<persName type="main">Kim Il Sung</persName>',
        '<persName type="main">Kim &lt;script&gt;alert(1)&lt;/script&gt; Il Sung</persName>'
        '<idno type="wikidata">Q1"&gt;&lt;script&gt;alert(1)&lt;/script&gt;</idno>'
        '<idno type="URI">javascript:alert(1)</idno>', 1), encoding="utf-8")
    out = tmp_path_factory.mktemp("injection") / "site"
    result = CliRunner().invoke(main, ["render", "html", str(edition / "tei"), "-o", str(out)])
    assert (out / "documents" / "wilson-116548.html").is_file(), result.output
    return out


def _pages(site):
    return sorted(site.rglob("*.html"))


def test_the_payloads_reached_the_pages_as_text(site):
    page = (site / "documents" / "wilson-116548.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize("check", ["scripts", "handlers", "links", "styles"])
def test_no_page_carries_active_content(site, check):
    for path in _pages(site):
        root = lxml_html.fromstring(path.read_bytes())
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            if check == "scripts" and element.tag == "script":
                assert not (element.text or "").strip(), f"inline script in {path}"
                assert element.get("src", "").rpartition("assets/")[2] in KNOWN_SCRIPTS, f"{element.get('src')} in {path}"
            if check == "handlers":
                handlers = [name for name in element.attrib if name.lower().startswith("on")]
                assert not handlers, f"{handlers} on <{element.tag}> in {path}"
            if check == "links":
                for name in ("href", "src", "action", "formaction", "data"):
                    value = element.get(name)
                    if value is not None:
                        assert urlsplit(value.strip()).scheme.lower() in SAFE_SCHEMES, f"{name}={value!r} in {path}"
            if check == "styles":
                style = element.get("style", "").lower()
                assert "url(" not in style and "javascript" not in style, f"style={style!r} in {path}"


def test_search_entries_keep_the_payload_inside_their_strings(site):
    # A shard is a script (loaded by src, never inlined): its entries must be JSON data whose title
    # still holds the payload as text, and nothing else.
    import json

    prefix = b"(window.TEIKIT_SEARCH = window.TEIKIT_SEARCH || []).push("
    titles = []
    for shard in (site / "assets" / "search").glob("*.js"):
        data = shard.read_bytes()
        assert data.isascii() and data.startswith(prefix) and data.endswith(b");\n")
        titles += [entry["title"] for entry in json.loads(data[len(prefix):-3])]
    assert any(PAYLOAD in title for title in titles)
