"""The body of a record's TEI: front (headings, address), paragraphs and turns, closer, postscript."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from lxml import etree

from ..diagnostics import Diagnostic
from ..readers.base import Block, Record
from ..registers import Registers
from ..tei import TEI_NS, XML_LANG
from .context import TRANSLIT, Context
from .inline import element
from .names import looks_personal
from .phrase import encode_phrase
from .speech import parse_turn

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_GAP_BLOCK = re.compile(r"^\[\s*(?:\.\s*){3}\]$|^\[\s*…\s*\]$")
_OPENER = re.compile(r"^\[?To(?: the)?\]?\s[^\n]*:$")
_PHYSICAL = re.compile(r"\[(?:hand-?written|stamp|typed)", re.I)
_FULL_DATE = re.compile(rf"\d{{1,2}} {_MONTH},? \d{{4}}|{_MONTH} \d{{1,2}},? \d{{4}}")
_DATE_ONLY = re.compile(rf"^\(?(?:\d{{1,2}} {_MONTH}(?:,? \[?\d{{4}}\]?)?|{_MONTH} \d{{1,2}},? \d{{4}})\)?$")
_DATE_END = re.compile(
    rf"(?P<date>\(?\d{{1,2}} (?:{_MONTH}|\[{_MONTH}[^\]]*\])(?:,? (?:\d{{4}}|\[\d{{4}}\]))?"
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
_SPLIT_NAMES = re.compile(r",\s*(?:and\s+)?|\s+and\s+")


@dataclass
class BodyResult:
    """The encoded body: the `text` element, who speaks, register pointers used, diagnostics."""

    text: etree._Element
    speakers: list[str] = field(default_factory=list)
    register_refs: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def encode_body(record: Record, registers: Registers, doc_date: str) -> BodyResult:
    """Encode a record's body blocks as TEI `text` (a pure function of record and registers)."""
    language = record.fields.get("original language", "").strip().split()
    ctx = Context(registers, doc_date, path=record.path, footnotes=dict(record.footnotes),
                  translit=TRANSLIT.get(language[0].lower(), "und-Latn") if language else "und-Latn")
    text = etree.Element(element("text").tag, nsmap={None: TEI_NS})
    text.set("type", "translation" if _translated(record) else "original")
    text.set(XML_LANG, "en")
    body = etree.SubElement(text, element("body").tag)
    blocks = list(record.body)
    front = _front_count(blocks)
    tail_start, trailing = _tail_start(blocks, front)
    counter = itertools.count(1)
    for block in blocks[:front]:
        ctx.line = block.line
        body.append(_front(block, ctx, counter))
    for block in blocks[front:tail_start]:
        ctx.line = block.line
        body.append(_middle(block, ctx, counter))
    for element_ in _tail(blocks[tail_start:trailing], ctx, counter):
        body.append(element_)
    for block in blocks[trailing:]:
        ctx.line = block.line
        body.append(_global(block, ctx))
    if not len(body):
        body.append(element("p"))
    return BodyResult(text, list(ctx.speakers), sorted(ctx.refs), ctx.diagnostics)


def _translated(record: Record) -> bool:
    """Return whether the record's text is a translation (DAFP's English originals are not)."""
    language = record.fields.get("original language", "").strip().lower()
    if language:
        return not language.startswith("english")
    return "translation" in record.fields.get("contents", "").lower()


def _is_global(block: Block) -> bool:
    return block.kind == "archref" or bool(_GAP_BLOCK.match(block.text.strip()))


def _heading_like(block: Block) -> bool:
    text = block.text.strip()
    return (block.kind == "head" or len(text) < 120 and not text.endswith(_TERMINAL)
            and not text[:1].islower() and not _LABELLED.match(text) and not _NUMBERED.match(text)
            and not _DISTRIBUTION.match(text))


def _front_count(blocks: list[Block]) -> int:
    count = 0
    for index, block in enumerate(blocks):
        text = block.text.strip()
        if _is_global(block) or block.kind == "dateline" or _OPENER.match(text):
            count = index + 1
        elif index < 3 and _PHYSICAL.search(text):
            count = index + 1
        elif _heading_like(block) and index + 1 < len(blocks):
            count = index + 1
        else:
            break
    return count


def _front(block: Block, ctx: Context, counter) -> etree._Element:
    text = block.text
    if _is_global(block):
        return _global(block, ctx)
    if block.kind == "dateline" or (_FULL_DATE.search(text) and len(text) < 100 and "\n" not in text
                                    and not _heading_like_title(text)):
        opener = element("opener", n=str(next(counter)))
        dateline = etree.SubElement(opener, element("dateline").tag)
        encode_phrase(dateline, text, block.page_breaks, ctx, speech=False)
        return opener
    if _OPENER.match(text.strip()):
        opener = element("opener", n=str(next(counter)))
        salute = etree.SubElement(opener, element("salute").tag)
        encode_phrase(salute, text, block.page_breaks, ctx, speech=False)
        return opener
    if _PHYSICAL.search(text):
        opener = element("opener", n=str(next(counter)))
        encode_phrase(opener, text, block.page_breaks, ctx, speech=False)
        return opener
    head = element("head", n=str(next(counter)))
    encode_phrase(head, text, block.page_breaks, ctx, speech=False)
    return head


def _heading_like_title(text: str) -> bool:
    # "Chancellor's Conversation ... on 17 October 1997": a title that contains a date.
    return len(_WORD.findall(text)) > 8


def _global(block: Block, ctx: Context) -> etree._Element:
    text = block.text.strip()
    if block.kind == "archref" and text.startswith("[") and text.endswith("]"):
        note = element("note", type="source")
        encode_phrase(note, text[1:-1], (), ctx, speech=False)
        return note
    return element("gap", reason="omitted", resp=ctx.resp)


def _middle(block: Block, ctx: Context, counter) -> etree._Element:
    text, breaks = block.text, block.page_breaks
    turn = parse_turn(text, ctx)
    if turn is not None:
        sp = element("sp", n=str(next(counter)), who=f"per:{turn.who}")
        speaker = etree.SubElement(sp, element("speaker").tag)
        if turn.hereafter:
            encode_phrase(speaker, f"{turn.label} ({turn.paren})", (), ctx, speech=False)
        else:
            encode_phrase(speaker, turn.label, (), ctx, speech=False)
            if turn.paren:
                stage = etree.SubElement(sp, element("stage").tag)
                encode_phrase(stage, turn.paren, (), ctx, speech=False)
        p = etree.SubElement(sp, element("p").tag)
        encode_phrase(p, text[turn.rest:], _shift(breaks, turn.rest), ctx)
        return sp
    p = element("p", n=str(next(counter)))
    label = _NUMBERED.match(text) or _LABELLED.match(text)
    if label and label.group("label") in _RECORDER and looks_personal(text[label.end():].strip()):
        ctx.registers.propose("person", text[label.end():].strip())
    if label:
        p.append(element("label", label.group("label"), type="section" if label.re is _NUMBERED else None))
        encode_phrase(p, text[label.end("label"):], _shift(breaks, label.end("label")), ctx)
    else:
        encode_phrase(p, text, breaks, ctx)
    return p


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


def _tail(blocks: list[Block], ctx: Context, counter) -> list[etree._Element]:
    out: list[etree._Element] = []
    closer = postscript = None
    items = None
    for block in blocks:
        ctx.line = block.line
        kind = _tail_kind(block)
        text = block.text
        if postscript is None and kind in ("signed", "date"):
            if closer is None:
                closer = element("closer", n=str(next(counter)))
                out.append(closer)
            elif len(closer):
                closer[-1].tail = "\n\n"
            _closer_block(closer, block, kind, ctx)
            continue
        if postscript is None:
            postscript = element("postscript", n=str(next(counter)))
            out.append(postscript)
        if kind == "item":
            if items is None:
                items = etree.SubElement(postscript, element("list").tag, type="distribution")
            match = _DISTRIBUTION.match(text.strip())
            item = etree.SubElement(items, element("item").tag, n=match.group("n"))
            encode_phrase(item, match.group("text"), (), ctx, speech=False)
            continue
        items = None
        p = etree.SubElement(postscript, element("p").tag)
        if kind in ("typist", "registration"):
            etree.SubElement(p, element("idno").tag, type=kind).text = text.strip()
        else:
            encode_phrase(p, text, block.page_breaks, ctx, speech=False)
    return out


def _closer_block(closer, block: Block, kind: str, ctx: Context) -> None:
    text = block.text
    if kind == "date":
        dateline = etree.SubElement(closer, element("dateline").tag)
        encode_phrase(dateline, text, block.page_breaks, ctx, speech=False)
        return
    match = _DATE_END.search(text)
    names = text[:match.start()] if match and match.start() > 0 else text
    signed = etree.SubElement(closer, element("signed").tag)
    stripped = names.rstrip()
    _propose_signers(stripped, ctx)
    if stripped.isupper() and not ctx.registers.candidates(stripped):
        role = etree.SubElement(signed, element("roleName").tag)
        encode_phrase(role, stripped, (), ctx, speech=False)
    else:
        encode_phrase(signed, stripped, (), ctx, speech=False)
    if match and match.start() > 0:
        signed.tail = names[len(stripped):]
        dateline = etree.SubElement(closer, element("dateline").tag)
        encode_phrase(dateline, match.group("date"), (), ctx, speech=False)


def _propose_signers(text: str, ctx: Context) -> None:
    """Propose the persons a signature line names ("Song Renqiong, Ouyang Qin, and Wu De")."""
    if "[" in text or text.isupper():
        return
    for part in _SPLIT_NAMES.split(text.strip()):
        part = part.strip()
        if 2 <= len(part.split()) <= 3 and looks_personal(part) and not ctx.registers.candidates(part):
            ctx.registers.propose("person", part)
