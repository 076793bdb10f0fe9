"""Encode a run of text (a paragraph, a label, a bracket's content) as TEI mixed content."""

from __future__ import annotations

import re

from lxml import etree

from .brackets import classify, render
from .context import Context
from .dates import find_dates
from .emphasis import find_emphasis
from .hands import find_words
from .inline import BracketError, Skeleton, build
from .names import find_names, may_name
from .speech import find_speech


# Characters that may start a bracket, a date, a quotation, an interjection or emphasis.
_MARKUP = re.compile(r"[\[\]\d\"“(_*]")


def _append(parent: etree._Element, text: str) -> None:
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def encode_phrase(parent: etree._Element, text: str, breaks, ctx: Context, speech: bool = True,
                  dates: bool = True, names: bool = True, finders=()) -> None:
    """Append text to parent with brackets, page breaks, dates, names and speech encoded.

    `finders` (functions of the skeleton and the context) mark what a layout's own lines
    hold, after the brackets and before dates and names (teikit.encode.dafp_front).
    """
    if not breaks and not finders and not _MARKUP.search(text) and not (names and may_name(text, ctx)):
        # Nothing to encode: most bracket contents ("North", "we", "the crop yield").
        _append(parent, text)
        return
    last_person = ctx.last_person
    try:
        skel = Skeleton(text, breaks)
    except BracketError as exc:
        exc.line += ctx.line
        raise
    classify(skel, ctx)
    find_emphasis(skel, ctx)
    for finder in finders:
        finder(skel, ctx)
    if ctx.hand_notes:
        find_words(skel, ctx)
    if dates:
        find_dates(skel, ctx)
    if names:
        find_names(skel, ctx)
    if speech:
        find_speech(skel, ctx, last_person)

    def renderer(parent, item):
        # A bracket that completes a date ("28 [October 1965]") holds no date of its own.
        def fill(element, inner, inner_breaks):
            # Brackets inside this one are on its line (and below).
            line, ctx.line = ctx.line, item.info.get("line", ctx.line)
            encode_phrase(element, inner, inner_breaks, ctx, speech=False, dates=not item.info.get("in_date"),
                          names=not item.info.get("in_name"))
            ctx.line = line
        return render(parent, item, ctx, fill)

    build(parent, skel, renderer)
