"""DAFP's opening lines encoded: the heading's number, place and date; the classification terms.

"Cablegram 135 LONDON, 12 November 1937, 5.43 p.m." becomes
`<dateline>Cablegram <idno type="message">135</idno> <placeName ref="pla:london">LONDON</placeName>,
<date when="1937-11-12T17:43:00">12 November 1937, 5.43 p.m.</date></dateline>`; "IMMEDIATE
SECRET" becomes `<seg type="precedence">IMMEDIATE</seg> <seg type="classification">SECRET</seg>`.
Both are finders for `encode_phrase`: they add spans to a paragraph's skeleton, whose
brackets ("[Z108]", "[LONDON]", "1[9]46") are already placeholders.
"""

from __future__ import annotations

from ..readers.base import Record
from ..readers.dafp_heading import classification, heading, normal_term
from .context import Context
from .inline import Skeleton, sub
from .names import name_element
from .places import place_ref


def _source(skel: Skeleton) -> tuple[str, list[int]]:
    """The skeleton's text with its brackets written out, and each source offset's skeleton offset."""
    parts, where = [], []
    for index, char in enumerate(skel.text):
        item = skel.item(char)
        chunk = char if item is None else "" if item.kind == "pb" else f"[{item.content}]"
        parts.append(chunk)
        where.extend([index] * len(chunk))
    where.append(len(skel.text))
    return "".join(parts), where


def _span(where: list[int], skel: Skeleton, start: int, end: int) -> tuple[int, int]:
    """The skeleton span of a source span (a part of a bracket widens to the whole bracket)."""
    first = where[start]
    last = where[end - 1] + 1 if end > start else first
    return first, last


def _number(skel: Skeleton, start: int, end: int) -> None:
    """Mark a message number as `idno`, unless the editors supplied part of it ("[Z108]": idno holds text only)."""
    if not any(skel.item(char) for char in skel.text[start:end]):
        skel.add(start, end, lambda parent: sub(parent, "idno", type="message"))


def heading_finder(skel: Skeleton, ctx: Context) -> None:
    """Mark the number, the place and the date (with the time) of a heading line."""
    text, where = _source(skel)
    found = heading(text)
    if found is None:
        return
    if found.number:
        _number(skel, *_span(where, skel, *found.number))
    if found.place:
        start, end = _span(where, skel, *found.place)
        ref = place_ref(ctx, text[found.place[0]:found.place[1]].strip("[]"))
        skel.add(start, end, name_element("place", ref), ref)
    for term in found.terms:
        skel.add(*_span(where, skel, term.start, term.end), lambda parent, kind=term.kind: sub(parent, "seg", type=kind))
    start, end = _span(where, skel, *found.date)
    if skel.add(start, end, lambda parent, when=found.when: sub(parent, "date", when=when)):
        for char in skel.text[start:end]:
            item = skel.item(char)
            if item is not None:
                item.info["in_date"] = True


def classification_finder(skel: Skeleton, ctx: Context) -> None:
    """Mark the cable number and each classification, handling and precedence term of the line."""
    text, where = _source(skel)
    found = classification(text)
    if found is None:
        return
    number, terms = found
    if number:
        _number(skel, *_span(where, skel, *number))
    for term in terms:
        skel.add(*_span(where, skel, term.start, term.end), lambda parent, kind=term.kind: sub(parent, "seg", type=kind))


def text_class(profile, record: Record, element) -> None:
    """The classification lines' terms as header keywords, one `keywords` per kind, in order.

    `<keywords n="classification"><term key="most-secret">MOST SECRET</term></keywords>`;
    the kinds are classification, handling (caveats such as PERSONAL, AUSTEO, UK EYES ONLY)
    and precedence. `element(parent, tag, text=None, **attrs)` is the header's builder.
    """
    kinds: dict[str, list[str]] = {}
    for block in record.body[:6]:
        if block.kind == "classification":
            found = classification(block.text)
            terms = found[1] if found else ()
        elif block.kind == "dateline":
            # "Cablegram 3 LONDON, 1 January 1940, 6.51 p.m. SECRET"
            found = heading(block.text)
            terms = found.terms if found else ()
        else:
            continue
        for term in terms:
            kinds.setdefault(term.kind, []).append(" ".join(block.text[term.start:term.end].split()))
    if not kinds:
        return
    text_class_el = element(profile, "textClass")
    for kind in ("classification", "handling", "precedence"):
        if kind in kinds:
            keywords = element(text_class_el, "keywords", n=kind)
            for term in kinds[kind]:
                element(keywords, "term", term, key=normal_term(term))
