"""Footnotes: each marker ("[1]", "[1](#f1)", "Treaty[1]", "[^1]") becomes its note, in place.

A record's notes come in scopes (`teikit.readers.base.FootnoteScope`): a document and each
enclosure with its own notes numbered from 1. A marker takes the note of the scope its
block is in; a note of several paragraphs holds `p`s; a note printed once for two markers
("1 & 2 ...") stands at the first and the second points to it; a note whose marker the
source lost stands after the note before it. A bracketed number with no note is an
editor's completion ("Cablegram [100]", "1[9]46", "[24] May") unless it stands where a
marker stands, then it is a marker whose note the source lacks.
"""

from __future__ import annotations

import re
from typing import Callable

from lxml import etree

from ..readers.base import FootnoteScope
from ..tei import T
from . import hands
from .context import Context
from .inline import Item, Skeleton, sub

# The Markdown link to a note: "(#f3)", "(#fn3)", "(#f_44_3)"; its target names the note (the last number).
_LINK = re.compile(r"^\(#fn?(?:_\d+)*_?(\d+)\)")
# What a linked bracket may hold besides its number: "[(1)](#f1)", "[1)](#f10)", "[ ](#f2)".
_LINK_TEXT = re.compile(r"^[\s(^]*(\d{0,3})[\s).]*$")
_NUMBER = re.compile(r"^\^?(\d{1,3})$")
# A bracketed number that may be a marker (not a digit completion "1[5]", "194[6]").
# "[" first, its lookbehind after it: the engine then looks for "[" alone, not at every position.
_BRACKETED_NUMBER = re.compile(r"\[(?<!\d\[)\^?(\d{1,3})\](?!\d)")
_YEAR = re.compile(r"^1[6-9]\d\d$|^20\d\d$")
_MONTH_AFTER = re.compile(r"^,? ?(?:January|February|March|April|May|June|July|August|September|October|"
                          r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b")
# Words after which a number is a reference, not a footnote marker: "Cablegram [100]".
_NUMBERED_BEFORE = re.compile(r"(?:cablegrams?|telegrams?|savingrams?|no\.?|nos\.?|numbers?|page|pages|pp?\.|"
                              r"paragraphs?|paras?\.?|articles?|annex|attachments?|documents?|letters?|"
                              r"despatch|dispatch|minute|item|section|clause|volume|vol\.|part)\s*$", re.I)


def enter(ctx: Context, line: int) -> None:
    """Make the notes of the scope that holds source line `line` the current ones."""
    scopes = ctx.note_scopes
    index = ctx.scope
    while index + 1 < len(scopes) and scopes[index + 1].line <= line:
        index += 1
    if index != ctx.scope or ctx.footnotes is not scopes[index].notes:
        ctx.scope = index
        ctx.footnotes = scopes[index].notes
        ctx.hand_notes = hands.analyse(scopes[index].notes)


def number_of(content: str) -> str | None:
    """Return the number of a marker's bracket content ("3", "^3"), or None."""
    match = _NUMBER.match(content.strip())
    return match.group(1) if match else None


def classify(skel: Skeleton, at: int, item: Item, ctx: Context, before: str, after: str) -> bool:
    """Decide a bracketed number: a footnote marker, a missing note's marker, or supplied.

    Returns False when the bracket holds no number (other kinds are decided elsewhere).
    """
    number = number_of(item.content)
    link = _LINK.match(after)
    if link and _LINK_TEXT.match(item.content):
        number = _linked_number(item, link.group(1), ctx)
    if number is None:
        return False
    if ctx.in_note:
        # A number in brackets inside a note is the editors' own, never another note.
        item.kind, item.reading = "supplied", item.content
        return True
    scope = _scope(ctx)
    target = scope.joint.get(number, number) if scope else number
    if link:
        # The Markdown link to the note ("[1](#f1)") is no text of the record.
        skel.cut(at + 1, at + 1 + link.end())
        after = after[link.end():]
    # "1[9]46", "194[6]": a digit completion; "1980[1](#f1)" after a year is a marker.
    digits_before = len(before) - len(before.rstrip("0123456789"))
    # A note of that number makes "UNY 99[4]" a marker; only a year ("194[6]") stays a completion.
    joined = before[len(before) - digits_before:] + number
    glued_digits = not link and (after[:1].isdigit() or 0 < digits_before <= 3 and (
        target not in ctx.footnotes or bool(_YEAR.match(joined))))
    if target in ctx.footnotes and not glued_digits and not link and _NUMBERED_BEFORE.search(before) \
            and ctx.marker_counts.get((ctx.scope, number), 0) > 1:
        # "(K.283 paragraph [4])" and "In a reply [4]": the number after "paragraph" is the
        # editors' completion, the other one the marker.
        item.kind, item.reading = "supplied", item.content
        return True
    if target in ctx.footnotes and not glued_digits:
        item.kind = "footnote"
        item.info["number"] = number
        return True
    if link or not glued_digits and not _MONTH_AFTER.match(after) and not _NUMBERED_BEFORE.search(before) \
            and _marker_like(before):
        item.kind = "footnote-missing"
        item.info["number"] = number
        return True
    # "My telegram [174]. [1]" with note 1 "Amended by hand.": a number a hand wrote in.
    if not glued_digits and hands.classify(skel, at, item, ctx):
        return True
    # "1[9]46", "Cablegram [100]", "[24] May 1940": a number the editors completed.
    item.kind = "supplied"
    item.reading = item.content
    return True


def marker_counts(record) -> dict[tuple[int, str], int]:
    """How often each bracketed number stands in the blocks of each notes scope of a record."""
    scopes = record.footnote_scopes
    counts: dict[tuple[int, str], int] = {}
    for block in record.body:
        index = max((i for i, scope in enumerate(scopes) if scope.line <= block.line), default=0)
        for number in _BRACKETED_NUMBER.findall(block.text):
            counts[(index, number)] = counts.get((index, number), 0) + 1
    return counts


def _linked_number(item: Item, target: str, ctx: Context) -> str:
    """The number of a linked marker: the printed one when it is clean and names a note, else the link's.

    "letter[2](#f1)" is note 2 (the link is the slip); "[1)](#f10)" is note 10 (the number is).
    """
    own = _LINK_TEXT.match(item.content).group(1)
    clean = item.content.strip() == own
    if own and (own == target or own in ctx.footnotes and (clean or target not in ctx.footnotes)):
        return own
    item.content = target
    return target


def _marker_like(before: str) -> bool:
    """Whether a bracket stands where a marker stands: after a word or a punctuation mark."""
    tail = before.rstrip(" ")
    # "telegrams Nos. 83 [1]": a marker after a number and a space (never "194[6]").
    spaced_number = tail[-1:].isdigit() and before.endswith(" ")
    return bool(tail) and (tail[-1].isalpha() or tail[-1] in ".,;:)'’\"”?!-—" or spaced_number)


def _scope(ctx: Context) -> FootnoteScope | None:
    return ctx.note_scopes[ctx.scope] if ctx.note_scopes else None


def render(parent: etree._Element, item: Item, ctx: Context,
           fill: Callable[[etree._Element, str, tuple], None]) -> etree._Element:
    """Append the note a marker stands for (or a pointer to a joint note already given)."""
    number = item.info["number"]
    scope = _scope(ctx)
    if item.kind == "footnote-missing":
        note = sub(parent, "note", type="footnote", place="foot", n=number)
        gap = sub(note, "gap", reason="omitted")
        sub(gap, "desc", "the note is not in the source")
        return note
    target = scope.joint.get(number, number) if scope else number
    key = (ctx.scope, target)
    placed = ctx.notes_placed.get(key)
    if placed is not None:
        # The second marker of a note printed once for both ("1 & 2 ..."), or a marker repeated.
        return sub(parent, "ptr", type="footnote", n=number, target="#" + _note_id(ctx, target, placed))
    label = scope.labels.get(target) if scope else None
    note = sub(parent, "note", type="footnote", place="foot", n=label or number)
    _fill_note(note, ctx.footnotes[target], ctx, fill)
    ctx.notes_placed.setdefault(key, note)
    return note


def _note_id(ctx: Context, number: str, note: etree._Element) -> str:
    ident = f"note-{number}" if ctx.scope == 0 else f"note-{ctx.scope + 1}-{number}"
    note.set("{http://www.w3.org/XML/1998/namespace}id", ident)
    return ident


def _fill_note(note: etree._Element, text: str, ctx: Context, fill) -> None:
    paragraphs = text.split("\n\n")
    outer, ctx.in_note = ctx.in_note, True
    try:
        if len(paragraphs) == 1:
            fill(note, text, ())
        else:
            for para in paragraphs:
                fill(sub(note, "p"), para, ())
    finally:
        ctx.in_note = outer


def place_unmarked(body: etree._Element, ctx: Context, fill) -> None:
    """Put the notes no marker called next to their neighbours in number, `subtype="unmarked"`.

    A note the source prints without a marker in the text (the marker is lost, or stands in
    the title) goes after the note before it, else before the note after it, else at the end.
    """
    for index, scope in enumerate(ctx.note_scopes or ()):
        for number in sorted(scope.notes, key=int):
            if (index, number) in ctx.notes_placed:
                continue
            ctx.scope, ctx.footnotes = index, scope.notes
            placed = {int(n): ctx.notes_placed[(index, n)] for n in scope.notes if (index, n) in ctx.notes_placed}
            earlier = [placed[n] for n in sorted(placed) if n < int(number)]
            later = [placed[n] for n in sorted(placed) if n > int(number)]
            note = etree.Element(note_tag(), type="footnote", subtype="unmarked", place="foot",
                                 n=scope.labels.get(number, number))
            if earlier:
                note.tail, earlier[-1].tail = earlier[-1].tail, None
                earlier[-1].addnext(note)
            elif later:
                later[0].addprevious(note)
            else:
                body.append(note)
            _fill_note(note, scope.notes[number], ctx, fill)
            ctx.notes_placed[(index, number)] = note


def note_tag() -> str:
    """The Clark name of TEI's note."""
    return T("note")
