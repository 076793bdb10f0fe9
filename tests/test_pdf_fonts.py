"""The shipped fonts cover the records' characters, and typesetting fetches nothing from outside."""

from __future__ import annotations

import io
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from conftest import ROOT, shared_path
from teikit import resources, tei
from teikit.edition import Settings
from teikit.render import pdf

FONTS = sorted(resources.xslt_path("print", "fonts").glob("NotoSerif-*.ttf"))
FALLBACK = resources.xslt_path("print", "fonts", "DejaVuSerif.ttf")
CASES = ROOT / "tests" / "cases" / "pdf"


@lru_cache(maxsize=None)
def _cmap(font: Path) -> frozenset[int]:
    return frozenset(TTFont(font).getBestCmap())


def _uncovered(text: str) -> list[str]:
    missing = []
    for font in FONTS:
        cmap = _cmap(font)
        missing += [f"{font.name}: {c!r} U+{ord(c):04X}" for c in sorted(set(text))
                    if ord(c) not in cmap and not unicodedata.category(c).startswith("C")]
    return missing


def test_four_styles_and_a_fallback_ship_with_their_licences():
    assert [f.name for f in FONTS] == ["NotoSerif-Bold.ttf", "NotoSerif-BoldItalic.ttf",
                                       "NotoSerif-Italic.ttf", "NotoSerif-Regular.ttf"]
    assert FALLBACK.is_file()
    assert "SIL OPEN FONT LICENSE" in resources.xslt_path("print", "fonts", "OFL.txt").read_text()
    assert "Bitstream" in resources.xslt_path("print", "fonts", "DejaVu-LICENSE.txt").read_text()


def test_fonts_cover_every_character_of_the_sample_records():
    records, _ = resources.sample_edition()
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(records.glob("*.txt")))
    assert "Geumgangsán" in text and "Nº" in text
    assert not _uncovered(text)


def test_fonts_cover_every_character_of_the_print_cases():
    text = "".join("".join(tei.parse(p).getroot().itertext()) for p in sorted(CASES.glob("*.xml"))
                   if p.stem not in {"not-well-formed", "entity-declaration"})
    assert "№" in text and "с широким" in text
    assert not _uncovered(text)


def test_fonts_cover_the_shared_seed_records():
    seeds = shared_path("seeds")
    assert not _uncovered("".join(p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))))


def test_css_loads_the_fonts_from_the_package_by_relative_url():
    css = resources.xslt_path("print", "print.css").read_text()
    for font in [*FONTS, FALLBACK]:
        assert f"url(fonts/{font.name})" in css


@pytest.mark.parametrize("url", [
    "http://example.org/logo.png",
    "https://fonts.example.org/font.woff2",
    "data:image/png;base64,iVBORw0KGgo=",
    "file:///etc/passwd",
    resources.xslt_path("print").resolve().as_uri() + "/../html/html.xsl",
])
def test_fetcher_refuses_anything_but_packaged_print_files(url):
    with pytest.raises(pdf.FetchRefused):
        pdf.packaged_file(url)


def test_fetcher_serves_packaged_fonts():
    font = FONTS[0]
    assert pdf.packaged_file(font.resolve().as_uri()) == font.resolve()


def test_typesetting_fetches_only_packaged_files(monkeypatch):
    asked: list[str] = []
    serve = pdf.packaged_file

    def spy(url: str) -> Path:
        asked.append(url)
        return serve(url)

    monkeypatch.setattr(pdf, "packaged_file", spy)
    html = ('<html><head><link rel="stylesheet" href="print.css"/>'
            '<link rel="stylesheet" href="https://cdn.example.org/x.css"/></head>'
            '<body><p>Text <img src="http://example.org/x.png"/>'
            '<img src="file:///etc/hostname"/></p></body></html>')
    document = pdf.typeset(html)
    assert len(document.pages) == 1
    assert "https://cdn.example.org/x.css" in asked and "http://example.org/x.png" in asked
    # (The fonts are fetched once per process, through the same fetcher, so may not show here.)
    served = [u for u in asked if u.startswith(resources.xslt_path("print").resolve().as_uri())]
    assert any(u.endswith("print.css") for u in served)


def test_printed_text_with_editorial_marks_is_covered_by_the_shipped_fonts():
    # What the page shows includes the marks the stylesheets add, e.g. ⟨ ⟩ around an addition,
    # which Noto Serif lacks and the packaged DejaVu Serif supplies.
    data = pdf.document_pdf(CASES / "addition.xml", Settings())
    reader = PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() for page in reader.pages)
    embedded = {str(f.get_object()["/BaseFont"]).split("+")[-1] for page in reader.pages
                for f in page["/Resources"]["/Font"].values()}
    # The packaged files, under the family names print.css gives them, never an installed font.
    assert embedded == {"teikit-Noto-Serif", "teikit-Noto-Serif-Italic", "teikit-DejaVu-Serif"}
    assert "⟨SECRET Copy № 2⟩" in text
    covered = _cmap(FONTS[-1]) | _cmap(FALLBACK)
    assert not [c for c in set(text) if ord(c) not in covered and not unicodedata.category(c).startswith("C")]
