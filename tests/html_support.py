"""Helpers shared by the HTML tests: parse pages, normalise them for golden files, collect words."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
from lxml import etree

from golden_support import check_golden
from teikit.tei import NSMAP, parse

_WORD = re.compile(r"\w+")


def page(text: str) -> lxml.html.HtmlElement:
    """Parse an HTML page as a browser would (lxml's HTML parser)."""
    return lxml.html.document_fromstring(text)


_BLOCKS = {"html", "head", "body", "header", "nav", "main", "article", "section", "footer", "div", "p", "ul", "ol",
           "li", "dl", "dt", "dd", "table", "caption", "thead", "tbody", "tr", "td", "th", "h1", "h2", "h3", "h4",
           "h5", "h6", "fieldset", "legend", "form", "details", "summary", "meta", "link", "script", "title", "pre",
           "blockquote", "figure", "input", "label", "noscript"}


def normalise(text: str) -> str:
    """Return a page re-serialised with each block element on its own line, so golden diffs are readable."""
    root = page(text)
    for element in root.iter():
        if element.tag in _BLOCKS and element.tag != "pre":
            if len(element) and (element.text is None or not element.text.strip()):
                element.text = "\n"
            if element.tail is None or not element.tail.strip():
                element.tail = "\n"
    return etree.tostring(root, method="html", encoding="unicode", doctype="<!DOCTYPE html>") + "\n"


def check_page_golden(actual: str, golden: Path, update: bool) -> None:
    """Compare a page, one block per line, with its golden file (golden_support.check_golden)."""
    check_golden(actual, golden, update, normalise)


def tei_words(path: Path) -> list[str]:
    """Return every word of the text/ of a TEI file, text node by text node."""
    tree = parse(path)
    words = []
    for node in tree.xpath("//tei:text//text()", namespaces=NSMAP):
        words.extend(_WORD.findall(node))
    return words


def missing_words(words: list[str], html_text: str) -> list[str]:
    """Return the words that do not appear in the HTML page's text."""
    root = page(html_text)
    body = root.find("body")
    text = body.text_content() if body is not None else ""
    present = set(_WORD.findall(text))
    return [w for w in words if w not in present and w not in text]


def targets(site: Path):
    """Yield (page, href or src) for every link and resource reference of a site."""
    for html in sorted(site.rglob("*.html")):
        root = page(html.read_text(encoding="utf-8"))
        for attribute in ("href", "src"):
            for value in root.xpath(f"//@{attribute}"):
                yield html, value


def crawl(site: Path) -> list[str]:
    """Return every internal link or anchor of the site that does not resolve."""
    ids: dict[Path, set[str]] = {}
    broken = []
    for html, target in targets(site):
        parts = urlsplit(target)
        if parts.scheme or parts.netloc:
            continue
        file = (html.parent / unquote(parts.path)).resolve() if parts.path else html.resolve()
        if not file.is_file() or site.resolve() not in file.parents:
            broken.append(f"{html.relative_to(site)} -> {target}: no such file")
            continue
        if parts.fragment and file.suffix == ".html":
            if file not in ids:
                ids[file] = set(page(file.read_text(encoding="utf-8")).xpath("//@id"))
            if parts.fragment not in ids[file]:
                broken.append(f"{html.relative_to(site)} -> {target}: no such anchor")
    return broken
