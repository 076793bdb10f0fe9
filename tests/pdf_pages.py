"""Read a typeset volume back with pypdf: where each footnote is called and printed, the running heads.

Shared by the print tests and bench/pdf_note_pages.py. Text runs are told apart by size relative
to the running text: a call is a number set smaller than 0.72 of it (0.7em superscript), a note
starts with its marker "N. " at 0.8rem, running heads sit in the top margin.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

# The top page margin (20mm) in the CSS pixels of WeasyPrint's text matrix: running heads above it.
HEAD_ZONE = 20 / 25.4 * 96
_CALL = re.compile(r"\d+")
_NOTE = re.compile(r"(\d+)\. ")


@dataclass(frozen=True)
class Run:
    """One text run of a page: page number (from 1), position (y grows downwards), size, text."""

    page: int
    x: float
    y: float
    size: float
    text: str


@dataclass(frozen=True)
class Note:
    """One footnote: its number, the page of its call and the page its text starts on."""

    number: int
    call_page: int
    note_page: int


def reader_of(source: str | Path | PdfReader) -> PdfReader:
    """Return a PdfReader for a path, or the reader itself."""
    return source if isinstance(source, PdfReader) else PdfReader(source)


def runs(source: str | Path | PdfReader) -> list[Run]:
    """Return every non-blank text run of the PDF, page by page in reading order."""
    reader = reader_of(source)
    found: list[Run] = []
    for number, page in enumerate(reader.pages, 1):
        def visit(text, cm, tm, font, size, number=number):
            if text.strip():
                found.append(Run(number, tm[4], tm[5], size, text.strip()))
        page.extract_text(visitor_text=visit)
    return found


def body_size(all_runs: list[Run]) -> float:
    """Return the size of the running text: the size most characters are set in."""
    sizes = Counter()
    for run in all_runs:
        sizes[round(run.size, 2)] += len(run.text)
    return sizes.most_common(1)[0][0]


def notes(source: str | Path | PdfReader) -> list[Note]:
    """Return the footnotes of a typeset PDF in order, each with the page of its call and of its text.

    Raises AssertionError when calls and notes cannot be paired (their counts or numbers differ).
    """
    all_runs = runs(source)
    body = body_size(all_runs)
    calls = [r for r in all_runs if r.y > HEAD_ZONE and r.size < 0.72 * body and _CALL.fullmatch(r.text)]
    texts = [r for r in all_runs if r.y > HEAD_ZONE and 0.72 * body <= r.size < 0.85 * body
             and _NOTE.match(r.text + " ")]
    assert len(calls) == len(texts), f"{len(calls)} note calls but {len(texts)} notes"
    paired = []
    for call, text in zip(calls, texts):
        number = int(_NOTE.match(text.text + " ").group(1))
        assert int(call.text) == number, f"call {call.text} on page {call.page} paired with note {number}"
        paired.append(Note(number, call.page, text.page))
    return paired


def running_heads(source: str | Path | PdfReader) -> list[tuple[int, str]]:
    """Return (page number, running-head text) for each page that has a head in its top margin."""
    heads = []
    for run in runs(source):
        if run.y < HEAD_ZONE and not run.text.isdigit():
            heads.append((run.page, run.text))
    return heads


def head_numbers(source: str | Path | PdfReader) -> list[tuple[int, int, str]]:
    """Return (page, printed page number, 'left' | 'right') for each page numbered in its head."""
    reader = reader_of(source)
    found = []
    for run in runs(reader):
        if run.y < HEAD_ZONE and run.text.isdigit():
            middle = float(reader.pages[run.page - 1].mediabox.width) * 4 / 3 / 2
            found.append((run.page, int(run.text), "left" if run.x < middle else "right"))
    return found
