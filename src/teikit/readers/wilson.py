"""Reader for Wilson Center Digital Archive records: date line, title, labelled sections, body.

The layout comes plain, in Markdown decoration (bold, headings) or as the archive's page
scrape (labels followed directly by their text, one paragraph per line, "[1]" notes).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..ids import Identity, file_id
from .base import Block, ReaderError, Record
from .common import DATE_RE, iso_date, paragraphs, rejoin, slug

NAME = "wilson"
CANONICAL = "https://digitalarchive.wilsoncenter.org/document/{}"

_LABEL = re.compile(r"^(?P<label>[A-Z][A-Za-z&()'’/ ]{1,60}?)\s*:$")
_MARKER = re.compile(r"^(?:Translation|Transcript(?:ion)?|Original(?: Scan)?)\s*[-–]\s*\S.*$")
_NOTE = re.compile(r"^\[(?P<n>\d+)\]\s+(?P<text>\S.*)$")
_URL = re.compile(r"<?(?P<url>https?://[^\s<>]+?)>?(?=[\s.,;)]*$|\s)")
_RECORD_ID = re.compile(r"/document/(\d+)(?:[/?#]|$)")
_FILE_ID = re.compile(r"wilson-(\d+)")


# Labels that may carry their text on the same line ("Original Language: Chinese").
KNOWN_LABELS = ("Citation", "Summary", "Credits", "Original Language", "Source", "Original Archive",
                "Original Classification", "Author(s)", "Associated Places", "Subjects Discussed",
                "Associated People & Organizations", "Document Contributors", "URL", "Contents")
_INLINE = re.compile(r"^(?P<label>" + "|".join(re.escape(k) for k in KNOWN_LABELS) + r"):\s+(?P<text>\S.*)$")


_HEADING = re.compile(r"^\s*#+\s*")
_BOLD = re.compile(r"\*\*|(?:^__|__$)")
# A "Contents:" or "Citation:" label line, in any decoration, or "Citation: text".
_DETECT = re.compile(r"(?m)^[\s#]*(?:\*\*|__)?(?:Contents|Citation)(?:\*\*|__)?:(?:\*\*|__)?[ \t]*$"
                     r"|^[\s#]*(?:\*\*)?Citation(?:\*\*)?:(?:\*\*)?[ \t]+\S")


def clean(line: str) -> str:
    """Strip Markdown decoration from a header line: heading marks, bold and italics."""
    return _BOLD.sub("", _HEADING.sub("", line).strip()).strip()


def _label(line: str) -> str | None:
    match = _LABEL.match(clean(line))
    return match.group("label") if match else None


def _inline(line: str) -> tuple[str, str] | None:
    """Return (label, text) of a known label followed by its text on the same line."""
    match = _INLINE.match(clean(line))
    return (match.group("label"), match.group("text")) if match else None


def detect(text: str) -> bool:
    """Return whether text looks like a wilson record (a labelled "Contents:" or "Citation:")."""
    return _DETECT.search(text, 0, 20000) is not None


def read(path: str | Path, text: str) -> Record:
    """Parse a wilson record; raise ReaderError for a missing date, title or Contents section."""
    return _parse(path, text, body=True)


def identity(path: str | Path, text: str) -> Identity:
    """Return a record's candidate ids from its header alone: its wilson id, then one from its file name."""
    return Identity((_parse(path, text, body=False).doc_id, file_id("wilson", path)))


def _parse(path: str | Path, text: str, body: bool) -> Record:
    lines = text.split("\n")
    index = _skip_blank(lines, 0)
    if index >= len(lines):
        raise ReaderError("empty record", 1)
    first = clean(lines[index])
    match = DATE_RE.match(first)
    if match is None:
        raise ReaderError(f"no date line: the record must start with a date, found {first[:40]!r}", index + 1)
    date_text, date_when = match.group(0), iso_date(match)
    record_lines = {"date": index + 1}
    rest = first[match.end():].strip(" ,")
    if rest:
        title, title_line, index = rest, index + 1, index + 1
    else:
        index = _skip_blank(lines, index + 1)
        title_line = index + 1
        parts = []
        while index < len(lines) and lines[index].strip() and _label(lines[index]) is None \
                and _inline(lines[index]) is None:
            parts.append(clean(lines[index]))
            index += 1
        title = " ".join(p for p in parts if p)
    if not title:
        raise ReaderError("no title after the date line", title_line)
    record_lines["title"] = title_line

    fields: dict[str, str] = {}
    labels: dict[str, str] = {}
    body_start = None
    current = None
    content: list[str] = []
    for number in range(index, len(lines)):
        # A blank line is neither a label nor a labelled line: skip the pattern matching.
        blank = not lines[number].strip()
        label = None if blank else _label(lines[number])
        inline = _inline(lines[number]) if label is None and not blank else None
        if inline is not None:
            label = inline[0]
        if label is not None:
            if current is not None:
                fields[current] = _section_text(content)
            current, content = label.lower(), [inline[1]] if inline else []
            if current in labels:
                # A repeated label keeps its text under a numbered key (nothing is dropped).
                current = f"{current} ({sum(1 for k in labels if k.startswith(current)) + 1})"
            labels[current] = label
            record_lines[current] = number + 1
            if current == "contents":
                body_start = number + 1
                break
        elif current is not None:
            content.append(lines[number])
        elif lines[number].strip():
            raise ReaderError(f"text between the title and the first labelled section: {lines[number].strip()[:40]!r}",
                              number + 1)
    if body_start is None:
        raise ReaderError("unknown layout: no 'Contents:' section before the translation", len(lines))

    body_start = _skip_blank(lines, body_start)
    if inline is not None:
        fields["contents"] = inline[1]
    elif body_start < len(lines) and _MARKER.match(clean(lines[body_start])):
        fields["contents"] = clean(lines[body_start])
        body_start = _skip_blank(lines, body_start + 1)
    else:
        fields["contents"] = ""
    record_lines["body"] = body_start + 1

    # The header alone says who the record is: the body is parsed only when it is wanted.
    blocks, footnotes = _body(lines[body_start:], body_start + 1) if body else ([], {})
    url = _find_url(fields)
    return Record(path=str(path), reader=NAME, doc_id=_doc_id(path, url), title=title,
                  date=date_text, date_when=date_when, fields=fields, body=blocks,
                  footnotes=footnotes, meta={"url": url} if url else {},
                  lines=record_lines, labels=labels)


def _skip_blank(lines: list[str], index: int) -> int:
    while index < len(lines) and not lines[index].strip():
        index += 1
    return index


def _section_text(lines: list[str]) -> str:
    """Join a section's lines: paragraphs separated by one blank line, lines by one space."""
    paras, current = [], []
    for line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            paras.append(" ".join(current))
            current = []
    if current:
        paras.append(" ".join(current))
    return "\n\n".join(paras)


def _body(lines: list[str], first_line: int) -> tuple[list[Block], dict[str, str]]:
    content = [i for i, line in enumerate(lines) if line.strip()]
    if not content:
        return [], {}
    span = lines[content[0]:content[-1] + 1]
    if all(line.strip() for line in span) and len(span) > 1:
        # The archive's page scrape: one paragraph per line, no blank lines.
        blocks = [Block(line.strip(), first_line + content[0] + i) for i, line in enumerate(span)]
    else:
        blocks = [Block(b.text.strip("\n"), b.line) for b in paragraphs(lines, first_line)]
    blocks = [Block("\n".join(part.strip() for part in b.text.split("\n")), b.line) for b in blocks]
    footnotes: dict[str, str] = {}
    text_before = "\n".join(b.text for b in blocks)
    while blocks:
        note = _NOTE.match(blocks[-1].text)
        if note is None or f"[{note.group('n')}]" not in text_before.replace(blocks[-1].text, ""):
            break
        footnotes[note.group("n")] = note.group("text")
        blocks.pop()
    return rejoin(blocks), dict(sorted(footnotes.items(), key=lambda kv: int(kv[0])))


def _find_url(fields: dict[str, str]) -> str:
    for key in ("url", "citation", "source"):
        for match in _URL.finditer(fields.get(key, "")):
            return match.group("url")
    return ""


def _doc_id(path: str | Path, url: str) -> str:
    """wilson-<archive record id>: from the URL, else the file name, else a slug of either."""
    match = _RECORD_ID.search(url)
    if match is None:
        match = _FILE_ID.search(Path(path).name)
    if match is not None:
        return f"wilson-{match.group(1)}"
    tail = url.rstrip("/").rsplit("/", 1)[-1] if url else Path(path).stem
    return f"wilson-{slug(tail)[:80]}"


def record_number(doc_id: str) -> str:
    """Return the archive's record number of a wilson doc id, or '' when it has none."""
    number = doc_id.removeprefix("wilson-")
    return number if number.isdigit() else ""


def canonical_url(doc_id: str) -> str:
    """Return the archive's canonical URL for a record id, or '' when the id is not numeric."""
    number = record_number(doc_id)
    return CANONICAL.format(number) if number else ""
