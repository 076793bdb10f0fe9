"""The body of a record's TEI: front (headings, address), paragraphs and turns, closer, postscript."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from lxml import etree

from ..diagnostics import Diagnostic
from ..readers.base import Block, Record
from ..readers.common import MONTH
from ..registers import Registers
from ..tei import TEI_NS, XML_LANG, T
from . import dafp_front, footnotes, places
from .context import TRANSLIT, Context, Decision
from .inline import sub
from .names import looks_personal, propose_signer, read_document
from .phrase import encode_phrase
from .speech import parse_turn

_GAP_BLOCK = re.compile(r"^\[\s*(?:\.\s*){3}\]$|^\[\s*…\s*\]$")
_OPENER = re.compile(r"^\[?To(?: the)?\]?\s[^\n]*:$")
_PHYSICAL = re.compile(r"\[(?:hand-?written|stamp|typed)", re.I)
_FULL_DATE = re.compile(rf"\d{{1,2}} {MONTH},? \d{{4}}|{MONTH} \d{{1,2}},? \d{{4}}")
_DATE_ONLY = re.compile(rf"^\(?(?:\d{{1,2}} {MONTH}(?:,? \[?\d{{4}}\]?)?|{MONTH} \d{{1,2}},? \d{{4}})\)?$")
_DATE_END = re.compile(
    rf"(?P<date>\(?\d{{1,2}} (?:{MONTH}|\[{MONTH}[^\]]*\])(?:,? (?:\d{{4}}|\[\d{{4}}\]))?"
    rf"(?:,? \d{{1,2}}[:.]\d{{2}} ?[ap]\.m\.)?\)?)\s*$")
_NUMBERED = re.compile(r"^(?P<label>\(\d{1,3}\)|\d{1,3}\\?\.|\d{1,3}．|\([a-z]\)|[a-z]\))(?:[ \t]|(?<=．)(?=\S))")
_LABELLED = re.compile(r"^(?P<label>[A-Z][\w '’&-]{0,50}:)[ \t]")
_DISTRIBUTION = re.compile(r"^(?P<n>\d{1,2})\s*[-–]\s+(?P<text>\S.{0,70})$")
_TYPIST = re.compile(r"^\w{1,4}-[A-Z]{1,4}/[a-z]{1,4}$")
_REGISTRATION = re.compile(r"^N[º°o]\.?\s*\d[\w/.-]*$")
_SIGNATURE = re.compile(r"^\[signature\]", re.I)
_RECORDER = frozenset(("Recorder:", "Interpreter:", "Translator:", "Note-taker:", "Drafted by:"))
_TERMINAL = (".", "!", "?", ":", ";", ",", '"', "”")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_END_MARKERS = re.compile(r"(?:\s*\[\^?\d{1,3}\](?:\(#f[n_\d]*\))?)+$")
_SPLIT_NAMES = re.compile(r",\s*(?:and\s+)?|\s+and\s+")


@dataclass
class BodyResult:
    """The encoded body: the `text` element, who speaks, register pointers used, diagnostics."""

    text: etree._Element
    speakers: list[str] = field(default_factory=list)
    register_refs: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    brackets: list[Decision] = field(default_factory=list)


def encode_body(record: Record, registers: Registers, doc_date: str,
                parent: etree._Element | None = None) -> BodyResult:
    """Encode a record's body blocks as TEI `text`, appended to parent when given.

    The encoding is a pure function of record and registers.
    """
    language = record.fields.get("original language", "").strip().split()
    ctx = Context(registers, doc_date, path=record.path, footnotes=dict(record.footnotes),
                  translit=TRANSLIT.get(language[0].lower(), "und-Latn") if language else "und-Latn",
                  note_scopes=list(record.footnote_scopes), markdown=record.reader == "dafp",
                  marker_counts=footnotes.marker_counts(record))
    notes = list(record.footnotes.values()) + [text for scope in record.footnote_scopes[1:]
                                               for text in scope.notes.values()]
    texts = [b.text for b in record.body] + notes + list(record.fields.values())
    read_document(ctx, texts, [record.title], notes)
    places.read_places(ctx, [record.title] + texts)
    text = etree.Element(T("text"), nsmap={None: TEI_NS}) if parent is None else sub(parent, "text")
    ctx.translation = translated(record)
    text.set("type", "translation" if ctx.translation else "original")
    text.set(XML_LANG, "en")
    body = sub(text, "body")
    blocks = list(record.body)
    front = _front_count(blocks)
    tail_start, trailing = _tail_start(blocks, front)
    counter = itertools.count(1)
    ctx.after_notes = _after_notes(record)
    for block in blocks[:front]:
        _at(ctx, block)
        _front(body, block, ctx, counter)
        _mark_after_notes(body, block, ctx)
    for block in blocks[front:tail_start]:
        _at(ctx, block)
        _middle(body, block, ctx, counter)
        _mark_after_notes(body, block, ctx)
    _tail(body, blocks[tail_start:trailing], ctx, counter)
    for block in blocks[trailing:]:
        _at(ctx, block)
        _global(body, block, ctx)
        _mark_after_notes(body, block, ctx)
    footnotes.place_unmarked(body, ctx, lambda el, text, breaks: encode_phrase(el, text, breaks, ctx, speech=False))
    # The archive references printed in the text went to the header (teikit.encode.archive_refs);
    # they are brackets of the source all the same, read as references.
    for printed in record.meta.get("printed_refs") or []:
        ctx.decide(printed.get("line", 0), printed["text"], "archive")
    _ensure_text(body)
    return BodyResult(text, list(ctx.speakers), sorted(ctx.refs), ctx.diagnostics, list(ctx.brackets))


def _at(ctx: Context, block: Block) -> None:
    """Make block the current one: its line for diagnostics, its part's notes for markers."""
    ctx.line = block.line
    if ctx.note_scopes:
        footnotes.enter(ctx, block.line)


def _after_notes(record: Record) -> frozenset[int]:
    """The source lines of the blocks printed after a list of notes (an enclosure, a signature below them)."""
    lines = {scope.line for scope in record.footnote_scopes[1:]}
    if record.notes_before is not None and record.notes_before < len(record.body):
        lines.add(record.body[record.notes_before].line)
    return frozenset(lines)


def _mark_after_notes(body: etree._Element, block: Block, ctx: Context) -> None:
    """Say of the unit that holds a block printed after notes so (`rend="after-notes"`).

    `teikit text` prints the notes gathered so far before such a unit, as the source did.
    """
    if block.line in ctx.after_notes and len(body):
        body[-1].set("rend", "after-notes")


# A body must hold at least one of these (TEI's model.common as the edition uses it).
_COMMON = frozenset(T(name) for name in ("p", "sp", "list", "ab", "said", "q", "stage", "label", "div"))
_BOTTOM = frozenset(T(name) for name in ("closer", "postscript", "signed", "trailer", "dateline"))


def _ensure_text(body: etree._Element) -> None:
    """Give a body that has only top and bottom matter its text, as TEI requires.

    A short record can look all heading ("Your telegram No. 80", "Timor Oil ..."): its last
    heading is its text, and becomes a paragraph; a body with no heading at all gets an
    empty paragraph before its bottom matter.
    """
    if any(child.tag in _COMMON for child in body):
        return
    heads = body.findall(T("head"))
    if heads:
        heads[-1].tag = T("p")
        return
    bottom = next((i for i, child in enumerate(body) if child.tag in _BOTTOM), len(body))
    body.insert(bottom, etree.Element(T("p")))


def translated(record: Record) -> bool:
    """Return whether the record's text is a translation (DAFP's English originals are not)."""
    language = record.fields.get("original language", "").strip().lower()
    if language:
        return not language.startswith("english")
    return "translation" in record.fields.get("contents", "").lower()


def _is_global(block: Block) -> bool:
    return bool(_GAP_BLOCK.match(block.text.strip()))


def _heading_like(block: Block) -> bool:
    # A footnote marker at the end hides the sentence's final stop ("... for the present. [3]").
    text = _END_MARKERS.sub("", block.text.strip())
    return (block.kind == "head" or len(text) < 120 and not text.endswith(_TERMINAL)
            and not text[:1].islower() and not _LABELLED.match(text) and not _NUMBERED.match(text)
            and not _DISTRIBUTION.match(text))


def _front_count(blocks: list[Block]) -> int:
    count = 0
    for index, block in enumerate(blocks):
        text = block.text.strip()
        if (_is_global(block) or block.kind in ("dateline", "classification") or _OPENER.match(text)
                or places.dateline_place(text)):
            count = index + 1
        elif index < 3 and _PHYSICAL.search(text):
            count = index + 1
        elif _heading_like(block) and index + 1 < len(blocks):
            count = index + 1
        else:
            break
    return count


def _front(body: etree._Element, block: Block, ctx: Context, counter) -> None:
    text = block.text
    if _is_global(block):
        _global(body, block, ctx)
    elif block.kind == "dateline" or places.dateline_place(text) or (
            _FULL_DATE.search(text) and len(text) < 100 and "\n" not in text and not _heading_like_title(text)):
        opener = sub(body, "opener", n=str(next(counter)))
        finders = (dafp_front.heading_finder,) if block.kind == "dateline" else (places.dateline_finder,)
        encode_phrase(sub(opener, "dateline"), text, block.page_breaks, ctx, speech=False, finders=finders)
    elif block.kind == "classification":
        opener = sub(body, "opener", n=str(next(counter)))
        encode_phrase(opener, text, block.page_breaks, ctx, speech=False, names=False,
                      finders=(dafp_front.classification_finder,))
    elif _OPENER.match(text.strip()):
        opener = sub(body, "opener", n=str(next(counter)))
        encode_phrase(sub(opener, "salute"), text, block.page_breaks, ctx, speech=False)
    elif _PHYSICAL.search(text):
        encode_phrase(sub(body, "opener", n=str(next(counter))), text, block.page_breaks, ctx, speech=False)
    else:
        encode_phrase(sub(body, "head", n=str(next(counter))), text, block.page_breaks, ctx, speech=False)


def _heading_like_title(text: str) -> bool:
    # "Chancellor's Conversation ... on 17 October 1997": a title that contains a date.
    return len(_WORD.findall(text)) > 8


def _global(body: etree._Element, block: Block, ctx: Context) -> None:
    ctx.decide(block.line, block.text.strip()[1:-1], "omission")
    sub(body, "gap", reason="omitted", resp=ctx.resp)


def _middle(body: etree._Element, block: Block, ctx: Context, counter) -> None:
    text, breaks = block.text, block.page_breaks
    turn = parse_turn(text, ctx)
    if turn is not None:
        sp = sub(body, "sp", n=str(next(counter)), who=f"per:{turn.who}" if turn.who else None)
        speaker = sub(sp, "speaker")
        if turn.hereafter:
            encode_phrase(speaker, f"{turn.label} ({turn.paren})", (), ctx, speech=False)
        else:
            ctx.others = turn.others
            encode_phrase(speaker, turn.label, (), ctx, speech=False)
            ctx.others = frozenset()
            if turn.paren:
                encode_phrase(sub(sp, "stage"), turn.paren, (), ctx, speech=False)
        encode_phrase(sub(sp, "p"), text[turn.rest:], _shift(breaks, turn.rest), ctx)
        return
    p = sub(body, "p", n=str(next(counter)))
    label = _NUMBERED.match(text) or _LABELLED.match(text)
    if label and label.group("label") in _RECORDER and looks_personal(text[label.end():].strip()):
        ctx.registers.propose("person", text[label.end():].strip())
    if label:
        # A label may name a speaker ("VM Chiao:"): its names are linked too.
        encode_phrase(sub(p, "label", type="section" if label.re is _NUMBERED else None), label.group("label"), (),
                      ctx, speech=False)
        encode_phrase(p, text[label.end("label"):], _shift(breaks, label.end("label")), ctx)
    else:
        encode_phrase(p, text, breaks, ctx)


def _shift(breaks, offset: int) -> tuple[int, ...]:
    return tuple(b - offset for b in breaks if b >= offset)


# -- the end of the document: signatures, datelines, postscript ---------------------------

def _tail_kind(block: Block) -> str | None:
    text = block.text.strip()
    if block.kind != "p" and block.kind != "dateline":
        return None
    if _DISTRIBUTION.match(text):
        return "item"
    if _TYPIST.match(text):
        return "typist"
    if _REGISTRATION.match(text):
        return "registration"
    if _DATE_ONLY.match(text):
        return "date"
    if _SIGNATURE.match(text):
        return "signed"
    if len(text) > 160 or text[:1].islower() or _sentence_like(text):
        return None
    words = _WORD.findall(text)
    if not words:
        return None
    capital = sum(1 for w in words if w[:1].isupper() or w in ("and", "p", "m", "a"))
    return "signed" if capital / len(words) >= 0.6 else None


def _sentence_like(text: str) -> bool:
    # A sentence ends in punctuation; a name, an office or a time ("5:00 p.m.") does not.
    stripped = text.rstrip()
    if stripped.endswith(("a.m.", "p.m.", ")")):
        return False
    return stripped.endswith(_TERMINAL) or ": " in stripped


def _tail_start(blocks: list[Block], front: int) -> tuple[int, int]:
    """Return (first closer/postscript block, first trailing global block)."""
    trailing = len(blocks)
    while trailing > front and _is_global(blocks[trailing - 1]):
        trailing -= 1
    start = trailing
    while start > front + 1 and trailing - start < 16 and _tail_kind(blocks[start - 1]):
        start -= 1
    return start, trailing


def _tail(body: etree._Element, blocks: list[Block], ctx: Context, counter) -> None:
    state: dict = {"closer": None, "postscript": None, "items": None}
    for block in blocks:
        _at(ctx, block)
        _tail_block(body, block, ctx, counter, state)
        _mark_after_notes(body, block, ctx)


def _tail_block(body: etree._Element, block: Block, ctx: Context, counter, state: dict) -> None:
    """Add one end block to the closer or the postscript that `state` holds (created as needed)."""
    kind = _tail_kind(block)
    text = block.text
    if state["postscript"] is None and kind in ("signed", "date"):
        closer = state["closer"]
        if closer is None:
            closer = state["closer"] = sub(body, "closer", n=str(next(counter)))
        elif len(closer):
            closer[-1].tail = "\n\n"
        _closer_block(closer, block, kind, ctx)
        return
    postscript = state["postscript"]
    if postscript is None:
        postscript = state["postscript"] = sub(body, "postscript", n=str(next(counter)))
    if kind == "item":
        if state["items"] is None:
            state["items"] = sub(postscript, "list", type="distribution")
        match = _DISTRIBUTION.match(text.strip())
        encode_phrase(sub(state["items"], "item", n=match.group("n")), match.group("text"), (), ctx, speech=False)
        return
    state["items"] = None
    p = sub(postscript, "p")
    if kind in ("typist", "registration"):
        sub(p, "idno", text.strip(), type=kind)
    else:
        encode_phrase(p, text, block.page_breaks, ctx, speech=False)


def _closer_block(closer, block: Block, kind: str, ctx: Context) -> None:
    text = block.text
    if kind == "date":
        encode_phrase(sub(closer, "dateline"), text, block.page_breaks, ctx, speech=False)
        return
    match = _DATE_END.search(text)
    names = text[:match.start()] if match and match.start() > 0 else text
    signed = sub(closer, "signed")
    stripped = names.rstrip()
    _propose_signers(stripped, ctx)
    if stripped.isupper() and not ctx.registers.candidates(stripped):
        encode_phrase(sub(signed, "roleName"), stripped, (), ctx, speech=False)
    else:
        encode_phrase(signed, stripped, (), ctx, speech=False)
    if match and match.start() > 0:
        signed.tail = names[len(stripped):]
        encode_phrase(sub(closer, "dateline"), match.group("date"), (), ctx, speech=False)


def _propose_signers(text: str, ctx: Context) -> None:
    """Propose the persons a signature line names ("Song Renqiong, Ouyang Qin, and Wu De")."""
    if "[" in text or text.isupper():
        return
    for part in _SPLIT_NAMES.split(text.strip()):
        part = part.strip()
        if 2 <= len(part.split()) <= 3 and looks_personal(part) and not ctx.registers.candidates(part):
            propose_signer(ctx, part, text)
