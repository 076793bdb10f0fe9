"""Places: the place of writing in a dateline, and the gazetteer's places in running text.

A dateline that opens with a place and a comma before a full date ("Saigon, June 13, 1965,
7:15 a.m.", "Canberra, 14 August 1972", "Washington, D.C., May 4, 1961.") names the place
where the document was written: the structure says it is a place, so it becomes `placeName`
whether the register knows it (linked) or not (proposed, as DAFP's cablegram headings are:
teikit.encode.dafp_front).

In running text a place the register does not know is proposed when the gazetteer
(teikit.gazetteer, GeoNames) names one place by it and the document leaves no doubt: see
`read_places` for what is never proposed and `placed` for where a place's name is no mention.
A proposal carries the GeoNames id (`idno type="geonames"`) and links in its document only,
as proposed persons do (teikit.encode.names).
"""

from __future__ import annotations

import re

from .. import gazetteer
from ..naming import is_title_word
from ..readers.common import MONTH
from .context import Context
from .english import words_at_least
from .inline import Skeleton
from .names import name_element, resolve
from .place_mentions import placed, state_word

_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)?"
# A full date: day and month with a year, two days ("December 3 and 4, 1971"), month and year
# ("London, June 1918"), or none ("New York, undated.").
_DATE = (rf"(?:{_DAY},? )?(?:{_ORDINAL},? {MONTH},? \d{{4}}|{MONTH} {_ORDINAL}(?: and \d{{1,2}}|[–-]\d{{1,2}})?,? \d{{4}}"
         rf"|{MONTH},? \d{{4}}|undated|n\.d\.)")
# A word of a place's name: capitalised, or a particle inside it ("Stratford-upon-Avon", "The Hague").
_WORD = r"[^\W\d_a-z][\w.'’]*"
_SEGMENT = rf"{_WORD}(?:[ -](?:{_WORD}|on|upon|de|la|le|am|sur|del|of|the)){{0,4}}"
# "Washington, D.C., May 4, 1961", "Newport, Rhode Island, September 4, 1958": a region after the
# place (an abbreviation, or a state or country of the gazetteer: see dateline_place).
_REGION = rf"(?:, (?P<abbreviation>(?:[A-Z]\.){{2,3}}|[A-Z][a-z]{{1,4}}\.)|, (?!{_DAY}\b|{MONTH}\b)(?P<region>{_SEGMENT}))"
_DATELINE = re.compile(rf"(?P<place>{_SEGMENT})(?:{_REGION})? ?(?P<comma>,?) (?P<date>{_DATE})(?P<rest>.*)$", re.S)
# What may follow the date in a dateline: a time, a time zone, "noon", the stop; no words of a sentence.
_REST = re.compile(r"^[\s\d,.:;–—-]*(?:(?:[aApP]\.? ?[mM]\.?|noon|midnight|[A-Z]{1,4}|hours?|local time)"
                   r"[\s\d,.:;–—-]*)*$")
# Words before a date that are no place: a weekday, a month, a document's kind.
_NOT_PLACE = re.compile(rf"^(?:{_DAY}|{MONTH}|Memorandum|Telegram|Cablegram|Letter|Minute|Note|Draft|Record|"
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
    region = match.group("region")
    if region and (_NOT_PLACE.match(region) or getattr(gazetteer.lookup(region), "kind", "") not in ("state", "country")):
        return None  # "Department of State, Washington, June 7" names no region after a place
    if not match.group("comma") and not gazetteer.known(place):
        return None  # "Beirut August 15, 1958": the comma lost, the gazetteer tells the place
    return match.span("place")


def place_ref(ctx: Context, place: str) -> str:
    """Return the pointer of a place the structure names: the register's entry, else a proposed one.

    A place printed in capitals ("LONDON") is proposed under its name in title case, with the
    capitals as a variant; the proposal carries the GeoNames id when the gazetteer names one
    place by it.
    """
    known = resolve(ctx, place, kind="place")
    if known:
        ident = known[1]
    else:
        name = place.title() if place.isupper() else place
        ident = propose_place(ctx, name, gazetteer.lookup(name), forms=(place,) if place.isupper() else ())
    return ctx.cite("place", ident)


def propose_place(ctx: Context, name: str, place, forms=(), evidence: str = "") -> str:
    """Return the id of the entry for a place the registers lack under this name: proposed, with its GeoNames id.

    When a confirmed entry of the edition has the gazetteer's id for the place ("Jakarta",
    GeoNames 1642911), the name ("Batavia", "DJAKARTA") is proposed as a variant of it instead.
    """
    registers = ctx.registers
    known = registers.with_authority("place", "geonames", place.geonames) if place else None
    if known is not None:
        variants = tuple(("variant", form) for form in (name, *forms))
        return registers.propose("place", registers.get("place", known).main, forms=variants)
    return registers.propose("place", name, forms=forms, evidence=evidence, geonames=place.geonames if place else "")


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


# -- places in running text ---------------------------------------------------------------------

_CAPITALISED = re.compile(r"[A-Z]\w*")
_EVIDENCE_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
# The gap between two words of a place's name and the next word ("Ho Chi Minh City", "Port of Spain").
_NEXT = re.compile(r" (?P<word>[\w'’]+)")
# A common word (Zipf 4.5: "reading", "nice", "split", "march"; also "wilson", "jackson") names a
# place only when the place is a country, a capital or a city of a million; one word that names a
# town, or a city and is still English (Zipf 3: "darwin", "geneva", "lincoln") or another name of
# it than GeoNames' own ("Brezhnev"), only after a word that says "where".
COMMON_ZIPF = 4.5
RARE_ZIPF = 3.0
MAJOR_POPULATION = 1_000_000
CITY_POPULATION = 100_000
_WHERE = re.compile(r"(?:^|\s)(?:[Ii]n|[Aa]t|[Ff]rom|[Nn]ear|[Vv]ia|[Tt]owards?|[Oo]utside|[Ii]nto|[Tt]hroughout|"
                    r"[Ll]eft for|[Aa]rrived in|[Rr]eturned to|[Vv]isits?|[Vv]isited|[Vv]isiting) \Z")


def _names_at(text: str) -> list[tuple[int, int, str]]:
    """Return (start, end, name) of the longest gazetteer name at each capitalised word, left to right."""
    firsts, names = gazetteer.first_words(), gazetteer.names()
    # (Only the words that open a name are looked for, each with str.find: a loop over every
    # capitalised word of the text costs a record a third of a millisecond.)
    starts = []
    for word in set(_CAPITALISED.findall(text)):
        if word not in firsts:
            continue
        at = text.find(word)
        while at >= 0:
            after = at + len(word)
            if not (at and (text[at - 1].isalnum() or text[at - 1] in "'’_")
                    or after < len(text) and (text[after].isalnum() or text[after] == "_")):
                starts.append((at, after, firsts[word]))
            at = text.find(word, after)
    found, pos = [], 0
    for start, first_end, widest in sorted(starts):
        if start < pos:
            continue
        ends = [first_end]
        while len(ends) < widest:
            following = _NEXT.match(text, ends[-1])
            if following is None:
                break
            ends.append(following.end())
        for end in reversed(ends):
            if text[start:end] in names:
                found.append((start, end, text[start:end]))
                pos = end
                break
    return found


def _plainly_a_place(name: str, place, text: str, start: int, ctx: Context) -> bool:
    """Return whether a name the gazetteer gives one place to is that place here, whatever the document says."""
    words = name.split()
    if is_title_word(words[0]) or len(words) == 1 and state_word(name) or name.lower() in ctx.common:
        # "General Santos", "Commonwealth", "Union"; "reading" written in lower case elsewhere in the document
        return False
    major = place.kind in ("country", "state") or place.kind == "capital" and place.population >= CITY_POPULATION \
        or place.population >= MAJOR_POPULATION
    lowered = [w.lower() for w in words]
    if all(w in words_at_least(COMMON_ZIPF) for w in lowered):
        # "Nice", "Reading", "Long Beach": words; "Jordan", "Sydney", "New York": places; "White House"
        # (another name of Washington) is a building.
        return major and name == place.name
    if major or len(words) > 1 and name == place.name:
        return True
    # A town, or a city by one word: its own name, a rare word, anywhere ("Kupang"); else only where
    # the text says "where" ("in Geneva", "at Lansdale", "returned to Djokjakarta"; not "Darwin
    # said", "Lansdale reported", "Brezhnev’s opponents": Naberezhnye Chelny was Brezhnev).
    if name == place.name and lowered[0] not in words_at_least(RARE_ZIPF) and place.population >= CITY_POPULATION:
        return True
    return bool(_WHERE.search(text, max(0, start - 16), start))


def _needs_country(name: str, place) -> bool:
    """Return whether a name stands for its place only where the document names the place's country.

    Another name than GeoNames' own ("Batavia" for Jakarta, but "Dilli" is Delhi's and Dili's,
    "Victoria" Hong Kong's and a state's), or a town of under 100,000 ("Holland", Michigan).
    """
    return name != place.name or place.kind == "city" and place.population < CITY_POPULATION


def read_places(ctx: Context, texts) -> None:
    """Propose the places of the gazetteer that a document names and its registers do not know.

    Before the document is encoded, after its persons were proposed (persons win): a name
    of one place in the gazetteer (teikit.gazetteer.lookup) that no register entry has, that the
    document does not also write in lower case, that has no word of a state's institution or
    office, at a mention (`placed`), is proposed with its GeoNames id and the words that made it;
    a name that is also a common English word only for a country, a capital or a city of a million;
    another name than GeoNames' own, or a town's, only where the document names the place's
    country, or a city of it, by GeoNames' own name ("Batavia" beside "Indonesia").
    """
    registers = ctx.registers
    found, evidence = {}, []
    for text in texts:
        for start, end, name in _names_at(text):
            place = gazetteer.lookup(name)
            if place is None:
                continue
            if name == place.name and not _needs_country(name, place):
                evidence.append((text, start, end, place.country))
            # (The cheap tests first: most names are the register's already, or found before.)
            if name in found or registers.candidates(name) or not _plainly_a_place(name, place, text, start, ctx) \
                    or not placed(text, start, end):
                continue
            # (The evidence is words only: a footnote marker or an editor's bracket is no evidence.)
            found[name] = (place, " ".join(_EVIDENCE_WORD.findall(text, max(0, start - 40), start)[-3:] + [name]))
    countries = None
    for name, (place, words) in found.items():
        if _needs_country(name, place):
            if countries is None:
                # (not "Hatta", a town in India, beside "Dilli"; not "Mr. Johnson" of Johnson City)
                countries = {country for text, start, end, country in evidence
                             if not registers.candidates(text[start:end], "person") and placed(text, start, end)}
            if place.country not in countries:
                continue
        propose_place(ctx, name, place, evidence=words)
