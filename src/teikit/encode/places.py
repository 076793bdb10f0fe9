"""Places: the place of writing in a dateline, linked to the places register or proposed to it.

A dateline that opens with a place and a comma before a full date ("Saigon, June 13, 1965,
7:15 a.m.", "Canberra, 14 August 1972", "Camp David, Maryland, June 5, 1961.") names the
place where the document was written: the structure says it is a place, so it becomes
`placeName` whether the register knows it (linked) or not (proposed, as DAFP's cablegram
headings are: teikit.encode.dafp_front).
"""

from __future__ import annotations

import re

from .context import Context
from .inline import Skeleton
from .names import name_element, resolve

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)?"
# A full date: day and month with a year, or month and year ("London, June 1918").
_DATE = (rf"(?:{_DAY},? )?(?:{_ORDINAL},? {_MONTH},? \d{{4}}|{_MONTH} {_ORDINAL},? \d{{4}}|{_MONTH},? \d{{4}})")
# A word of a place's name: capitalised, or a particle inside it ("Stratford-upon-Avon", "The Hague").
_WORD = r"[^\W\d_a-z][\w.'’]*"
_SEGMENT = rf"{_WORD}(?:[ -](?:{_WORD}|on|upon|de|la|le|am|sur|del|of|the)){{0,4}}"
# "Washington, D.C., May 4, 1961", "New York, N.Y.": an abbreviated region after the place.
_REGION = r"(?:, (?:[A-Z]\.){2,3}|, [A-Z][a-z]{1,4}\.)"
_DATELINE = re.compile(rf"^(?P<place>{_SEGMENT})(?:{_REGION})? ?, (?P<date>{_DATE})(?P<rest>.*)$", re.S)
# What may follow the date in a dateline: a time, a time zone, "noon", the stop; no words of a sentence.
_REST = re.compile(r"^[\s\d,.:;–—-]*(?:(?:[aApP]\.? ?[mM]\.?|noon|midnight|[A-Z]{1,4}|hours?|local time)"
                   r"[\s\d,.:;–—-]*)*$")
# Words before a date that are no place: a weekday, a month, a document's kind.
_NOT_PLACE = re.compile(rf"^(?:{_DAY}|{_MONTH}|Memorandum|Telegram|Cablegram|Letter|Minute|Note|Draft|Record|"
                        r"Message|Despatch|Dispatch|Report|Circular|Airgram|Extract|Enclosure|Attachment)\b")


def dateline_place(text: str) -> tuple[int, int] | None:
    """Return the span of the place of writing a dateline opens with, or None when it is no such line.

    The whole line must be place, date and time: "Paris, December 14, 1957, 11:45 a.m.–12:15 p.m.";
    "London, 5 May, was where ..." and "Memorandum, June 1, 1955" are not.
    """
    if "\n" in text.strip() or len(text) > 120:
        return None
    offset = len(text) - len(text.lstrip())
    match = _DATELINE.match(text, offset)
    if match is None or not _REST.match(match.group("rest")):
        return None
    place = match.group("place")
    if _NOT_PLACE.match(place) or place.isupper() and len(place) <= 3:
        return None
    return match.span("place")


def place_ref(ctx: Context, place: str) -> str:
    """Return the pointer of a place the structure names: the register's entry, else a proposed one.

    A place printed in capitals ("LONDON") is proposed under its name in title case, with the
    capitals as a variant.
    """
    known = resolve(ctx, place, kind="place")
    if known:
        ident = known[1]
    else:
        ident = ctx.registers.propose("place", place.title() if place.isupper() else place,
                                      forms=(place,) if place.isupper() else ())
    return ctx.cite("place", ident)


def dateline_finder(skel: Skeleton, ctx: Context) -> None:
    """Mark the place of writing of a dateline ("Saigon, June 13, 1965") as a `placeName`."""
    found = dateline_place(skel.text)
    if found is None:
        return
    start, end = found
    if any(skel.item(char) for char in skel.text[start:end]):
        return  # a place the editors supplied or bracketed: the bracket's own encoding holds it
    ref = place_ref(ctx, skel.text[start:end])
    skel.add(start, end, name_element("place", ref), ref)
