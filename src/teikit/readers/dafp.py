"""Reader for Documents on Australian Foreign Policy: Markdown with YAML front matter.

The body opens with a dateline ("New York, 29 September 1972"), carries numbered
paragraphs ("2\\. The Minister"), footnote references ("[1](#f1)", "[1]", "Treaty[1]"), and
ends with the archival reference ("[NAA: A1838, 3107/38, xi]") and the notes, in either
order (`teikit.readers.dafp_apparatus` takes them out).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..ids import Identity, file_id
from .base import Block, ReaderError, Record
from .dafp_apparatus import split
from .dafp_heading import bare_heading, classification, heading
from .common import parse_date, paragraphs, rejoin

NAME = "dafp"

_FRONT = re.compile(r"\A---\n(?P<yaml>.*?)\n---[ \t]*\n", re.DOTALL)
_HEAD = re.compile(r"^\*\*(?P<text>.*)\*\*$")
# A Markdown heading line ("## AGENDA ITEM 1", "### Background"): its marks are no text of the record.
_ATX = re.compile(r"^#{1,6}[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")
_DECORATION = re.compile(r"^[_*\s]*$")
_ESCAPE = re.compile(r"\\([.\\*_\[\]()#+\-!])")
# Headings and classification lines stand among the first blocks.
_OPENING = 4
_ISO = re.compile(r"\d{4}(-\d\d){0,2}")
_NUMBER = re.compile(r"[0-9A-Za-z]+")
# The front-matter lines that decide a record's id (top-level keys, one line each).
_ID_LINES = re.compile(r"^(vol_id|doc_num|doc_order):[ \t]*([^\n]*?)[ \t]*$", re.M)
_PLAIN_INT = re.compile(r"0|[1-9][0-9]*")
# libyaml's loader when PyYAML has it: the same mappings, parsed many times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def detect(text: str) -> bool:
    """Return whether text is a DAFP record (YAML front matter naming a volume and document)."""
    match = _FRONT.match(text)
    if not match:
        return False
    front = match.group("yaml")
    return "vol_id:" in front and ("doc_num:" in front or "doc_order:" in front)


def identity(path: str | Path, text: str) -> Identity:
    """Return a record's candidate ids from its front matter alone (see `record_identity`).

    Only the lines of vol_id, doc_num and doc_order are read as YAML: planning the ids of a
    whole archive must cost far less than converting it.
    """
    match = _FRONT.match(text)
    found = dict(_ID_LINES.findall(match.group("yaml"))) if match else {}
    # Plain decimal numbers (what the archive writes) need no YAML parser; anything else gets one.
    if "vol_id" in found and all(_PLAIN_INT.fullmatch(value) for value in found.values()):
        return record_identity({key: int(value) for key, value in found.items()}, path)
    return record_identity(_front_matter(text), path)


def record_identity(meta: dict, path: str | Path) -> Identity:
    """Candidate ids: dafp-v<vol>-<doc_num>, then dafp-v<vol>-order-<doc_order>, then dafp-<file name>.

    A missing or zero number skips its candidate; of several records with one number, the
    one first in the volume's document order keeps it.
    """
    prefix = f"dafp-v{meta['vol_id']}"
    number, order = _number(meta.get("doc_num")), _number(meta.get("doc_order"))
    candidates = [f"{prefix}-{number}"] if number else []
    if order:
        candidates.append(f"{prefix}-order-{order}")
    candidates.append(file_id("dafp", path))
    rank = (0, int(order), order) if order and order.isdigit() else (1, 0, order or "")
    return Identity(tuple(candidates), rank)


def _number(value) -> str | None:
    """Return a document number or order as text, or None when it is missing or zero."""
    text = str(value).strip() if value is not None and not isinstance(value, bool) else ""
    if not _NUMBER.fullmatch(text) or not text.strip("0"):
        return None
    return text.lstrip("0") if text.isdigit() else text


def _front_matter(text: str) -> dict:
    """Return the YAML front matter as a mapping; raise ReaderError when it is missing or bad."""
    match = _FRONT.match(text)
    if match is None:
        raise ReaderError("unknown layout: no YAML front matter", 1)
    try:
        try:
            meta = yaml.load(match.group("yaml"), Loader=_LOADER)
        except yaml.YAMLError:
            # Bad YAML: PyYAML's own parser words the problem and places it (libyaml's differ).
            meta = yaml.safe_load(match.group("yaml"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ReaderError(f"bad YAML front matter: {getattr(exc, 'problem', exc)}",
                          (mark.line + 2) if mark else 1) from None
    if not isinstance(meta, dict):
        raise ReaderError("bad YAML front matter: not a mapping", 2)
    if meta.get("vol_id") is None:
        raise ReaderError("front matter lacks vol_id", 2)
    return meta


def read(path: str | Path, text: str) -> Record:
    """Parse a DAFP record; raise ReaderError for bad front matter, no title or no date."""
    meta = _front_matter(text)
    match = _FRONT.match(text)
    title = str(meta.get("title") or "").strip()
    if not title:
        raise ReaderError("no title in the front matter", 2)
    date_when = str(meta.get("doc_date") or "").strip()
    if not _ISO.fullmatch(date_when):
        raise ReaderError(f"no ISO doc_date in the front matter (found {date_when!r})", 2)

    first_line = text.count("\n", 0, match.end()) + 1
    blocks = paragraphs(text[match.end():].split("\n"), first_line)
    apparatus = split(blocks)
    blocks = [_classify(b, i) for i, b in enumerate(apparatus.body)]
    date = date_when
    dateline = next((b for b in blocks[:_OPENING] if b.kind == "dateline"), None)
    if dateline is not None:
        found = parse_date(dateline.text)
        date = found[0] if found else date_when
    body = rejoin(blocks)
    notes_before = None
    if apparatus.after:
        # Blocks printed below the notes (a signature) stay in the text, after the rest.
        notes_before = len(body)
        body += rejoin([_classify(b, len(blocks) + i) for i, b in enumerate(apparatus.after)])
    meta = dict(meta, printed_refs=[
        {"text": r.text, "repository": r.repository, "after_notes": r.after_notes, "line": r.line} for r in apparatus.refs])
    fields = {"title": title}
    refs = meta.get("naa_refs") or []
    if refs:
        fields["archival reference"] = "; ".join(str(r.get("reference", "")) for r in refs)
    return Record(path=str(path), reader=NAME, doc_id=record_identity(meta, path).candidates[0],
                  title=title, date=date, date_when=date_when, fields=fields,
                  body=body, footnotes=apparatus.scopes[0].notes if apparatus.scopes else {}, meta=meta,
                  notes_before=notes_before, footnote_scopes=apparatus.scopes,
                  lines={"title": 2, "date": 2, "body": blocks[0].line if blocks else first_line})


def _classify(block: Block, index: int) -> Block:
    text = _ESCAPE.sub(r"\1", block.text.strip())
    head = _HEAD.match(text)
    # A Markdown heading is read before unescaping: "\# 5" is a number sign, not a heading.
    atx = _ATX.match(block.text.strip())
    heading_text = head.group("text") if head else _ESCAPE.sub(r"\1", atx.group("text")) if atx else ""
    if heading_text.strip() and "\n" not in text:
        return Block(heading_text.strip(), block.line, kind="head")
    if index < _OPENING and heading(text):
        return Block(text, block.line, kind="dateline")
    if index < _OPENING and classification(text):
        return Block(text, block.line, kind="classification")
    if index < _OPENING and bare_heading(text):
        return Block(text, block.line, kind="head")
    return Block(text, block.line)
