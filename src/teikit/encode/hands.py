"""Words the editors' notes say were added by hand become `add`, where the note says so.

"Words in square brackets were added by hand." (the brackets before its marker, in its
paragraph), "The word in square brackets was added by hand." (the bracket just before the
marker), "The words in square brackets in this Document were added by hand." (every bracket
of the document), "The words 'in being' were added by hand", "... and 'March 2?' inserted
by hand" (those words before the marker, bracketed or not), "... added in what appears to be
Burton's handwriting" (`@hand` points to the header's `handNote` for Burton), "... written in
the margin" (`@place="margin"`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..readers.base import Record
from ..registers import slug
from .context import Context
from .inline import PH_CLASS, Item, Skeleton, sub

_VERB = r"(?:added|inserted|amended(?: or added)?|corrected|written)"
_HOW = (r"(?:by hand|in (?:ink|pencil)|in (?:what appears to be )?(?P<owner>[A-Z][\w'’-]+)['’]s hand(?:writing)?"
        r"|by (?P<by>[A-Z][\w'’-]+) (?:by hand|in (?:his )?handwriting))")
_BRACKETED = re.compile(
    rf"^(?:the )?(?P<what>words?|text|material|portion|passage)s? in (?:square )?brackets"
    rf"(?: in this (?P<scope>document|sentence|paragraph))?,? (?:(?:was|were|have been|has been) )?{_VERB},? {_HOW}",
    re.I)
_QUOTED = re.compile(rf"(?:(?:the )?words? )?(?<!\w)['‘](?P<words>[^'’]+)['’] (?:was |were |has been |have been )?{_VERB} {_HOW}",
                     re.I)
_ALONE = re.compile(rf"^(?:added|inserted|amended) {_HOW}", re.I)
# Every way _HOW says how holds one of these words: a note without them describes no hand.
_HINT = re.compile(r"hand|ink|pencil", re.I)
_PLACE = re.compile(r"\b(?:in the (?P<margin>margin)|(?P<above>above) the)\b", re.I)
_NUMBER = re.compile(r"^\^?(\d{1,3})$")


@dataclass
class HandNote:
    """What one note says was added by hand: where (scope), which words, whose hand, where on the page."""

    scope: str
    single: bool = False
    words: tuple[str, ...] = ()
    hand: str | None = None
    place: str | None = None


def analyse(notes: dict[str, str]) -> dict[str, HandNote]:
    """The notes of one part that describe hand additions, by number."""
    found = {}
    for number, text in notes.items():
        if not _HINT.search(text):
            continue
        text = " ".join(text.split())
        place = _PLACE.search(text)
        where = (place.group("margin") or place.group("above")).lower() if place else None
        match = _BRACKETED.search(text)
        if match:
            scope = (match.group("scope") or "paragraph").lower()
            found[number] = HandNote("document" if scope == "document" else "paragraph",
                                     match.group("what").lower() in ("word", "portion"), (), _owner(match), where)
            continue
        quoted = [m for m in _QUOTED.finditer(text)]
        if quoted:
            found[number] = HandNote("words", words=tuple(m.group("words") for m in quoted),
                                     hand=_owner(quoted[0]), place=where)
            continue
        alone = _ALONE.match(text)
        if alone:
            found[number] = HandNote("paragraph", single=True, hand=_owner(alone), place=where)
    return found


def _owner(match: re.Match) -> str | None:
    return match.group("owner") or match.group("by")


def hand_id(name: str) -> str:
    """The xml:id of a named hand's handNote."""
    return "hand-" + slug(name)


def hands_named(record: Record) -> list[str]:
    """The persons whose hand the notes name, in order of first mention."""
    names: list[str] = []
    for scope in record.footnote_scopes:
        for note in analyse(scope.notes).values():
            if note.hand and note.hand not in names:
                names.append(note.hand)
    return names


def _marker_after(skel: Skeleton, at: int, ctx: Context) -> tuple[str | None, bool]:
    """The number of the first footnote marker after position at, and whether a bracket stands between."""
    between = False
    for found in re.finditer(PH_CLASS, skel.text[at + 1:]):
        item = skel.item(found.group())
        if item is None or item.kind == "pb":
            continue
        number = _NUMBER.match(item.content.strip()) if item.kind == "bracket" else None
        if number and number.group(1) in ctx.footnotes:
            return number.group(1), between
        if item.kind in ("bracket", "supplied"):
            between = True
    return None, between


def classify(skel: Skeleton, at: int, item: Item, ctx: Context) -> bool:
    """Make a bracket an `add` when a note of its part says it was added by hand."""
    if not ctx.hand_notes:
        return False
    document = next((n for n in ctx.hand_notes.values() if n.scope == "document"), None)
    number, between = _marker_after(skel, at, ctx)
    note = ctx.hand_notes.get(number) if number else None
    plain = " ".join(item.content.split())
    if note is not None and (note.scope == "paragraph" and not (note.single and between)
                             or note.scope == "words" and plain in note.words):
        chosen = note
    elif document is not None:
        chosen = document
    else:
        return False
    item.kind = "add"
    item.info["hand"] = chosen
    return True


def find_words(skel: Skeleton, ctx: Context) -> None:
    """Mark the quoted words a note says were added by hand, last before its marker, as `add`."""
    for number, note in ctx.hand_notes.items():
        if note.scope != "words":
            continue
        for found in re.finditer(PH_CLASS, skel.text):
            item = skel.item(found.group())
            if item is None or item.kind != "footnote" or item.info.get("number") != number:
                continue
            for words in note.words:
                spot = None
                for spot in re.finditer(rf"(?<!\w){re.escape(words)}(?!\w)", skel.text[:found.start()]):
                    pass
                if spot is not None and not skel.covered(*spot.span()):
                    skel.add(*spot.span(), lambda parent, note=note: _element(parent, note))


def _element(parent, note: HandNote):
    return sub(parent, "add", hand="#" + hand_id(note.hand) if note.hand else None, place=note.place)


def render(parent, item: Item, fill) -> object:
    """The `add` for a bracket of hand-added words (`@rend="brackets"`: the source bracketed them)."""
    element = _element(parent, item.info["hand"])
    element.set("rend", "brackets")
    fill(element, item.content, item.breaks)
    return element
