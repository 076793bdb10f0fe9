"""The lines that open a DAFP document: its heading and its security classification.

Headings name the kind of document, its number, the place, the date and the time, in the
forms the volumes use over the decades: "Cablegram 135 LONDON, 12 November 1937, 5.43
p.m.", "Cablegram K198 BATAVIA, ...", "Circular cablegram [Z108] [1] LONDON, [14 June 1940,
5 a.m.] [2]", "Minute 1368 CANBERRA, 9 March 1937", "[LONDON], 2 February 1940",
"Cablegram, Washington, 18 June 1951", "Draft, Canberra, 17 February 1951", "British High
Commission, Canberra, 4 August 1970", "27th November, 1924". Classification and precedence
lines: "SECRET IMMEDIATE", "1081\\. IMMEDIATE SECRET", "No 894. CONFIDENTIAL PRIORITY",
"Secret Guard Priority", "TOP SECRET AUSTEO", "UK Eyes Only".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")
_M = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
# A bracket of the source may supply any part ("[14 June 1940, 5 a.m.]", "1[9]46", "[LONDON]").
_B = r"[\[\]]?"
_DATE = re.compile(
    rf"(?P<date>{_B}(?P<d>\d{{1,2}}){_B}(?:st|nd|rd|th)?,? {_B}(?P<m>{_M}){_B},? {_B}(?P<y>[12][\d\[\]]{{3,5}}){_B})"
    rf"(?:,? ?(?P<time>{_B}(?P<h>\d{{1,2}})(?:[.:,-](?P<min>\d\d))?{_B} ?{_B}(?P<ap>[aApP]\.? ?[mM]\.?|noon|midnight){_B}))?")
# What may follow a heading's date: the time of receipt ("Received 4 December 1947, 9 a.m."),
# a time whose a.m. or p.m. the source lost ("7.15"), or the line's classification ("SECRET").
_RECEIVED = re.compile(r"^[\s.,;]*Received\b", re.I)
_BARE_TIME = re.compile(r"^[\s,]*\d{1,2}(?:[.:]\d\d)?[\s.]*$")
# A heading that names the kind and number of a document but no date (the title holds it):
# "Cablegram 360,", "Cablegram Department 242,", "Memorandum,", "Cablegram 15 LONDON, n.d."
_TOKEN = r"(?:unnumbered|\(extract\)|\[?[A-Z][\w/.'’-]*\]?|\[?\d[\w/.-]*\]?)"
_MARKERS = r"(?:\s*\[\^?\d{1,3}\](?:\(#f[n_\d]*\))?)*"
_UPPER_PLACE = re.compile(rf"(?P<place>\[?[A-Z][A-Z.'’-]+\]?(?: \[?[A-Z][A-Z.'’-]+\]?)*){_MARKERS},?\s*$")
_NAMED_PLACE = re.compile(rf"(?:^|, )(?P<place>\[?[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*\]?){_MARKERS},?\s*$")
_NUMBER = re.compile(r"(?P<number>(?:[A-Za-z]{0,6}\d[\w/.-]*|\[[A-Za-z]{0,6}\d[\w/.-]*\])"
                     r"(?:, (?:[A-Za-z]{0,6}\d[\w/.-]*))*)" + _MARKERS + r"\s*$")
# Words that head a document and are no place ("Cablegram, Washington, ...").
_KINDS = re.compile(r"^(?:circular |departmental |ministerial |personal )?(?:cablegrams?|telegrams?|savingrams?|"
                    r"letters?|memorandum|minute|despatch|dispatch|note|message|draft|record|report|"
                    r"submission|brief|teleprinter message|telex|aide-m[eé]moire|note verbale)\b", re.I)
_LONG = 160


@dataclass
class Heading:
    """The parts of a heading line, as offsets into it, and the date's ISO form (with the time).

    `terms` are the classification terms printed after the date ("..., 6.51 p.m. SECRET").
    """

    date: tuple[int, int]
    when: str
    place: tuple[int, int] | None = None
    number: tuple[int, int] | None = None
    terms: list = field(default_factory=list)


def bare_heading(text: str) -> bool:
    """Whether a line names a document's kind and number but no date ("Cablegram 360,", "Memorandum,")."""
    text = _strip_markers(text.strip())
    if "\n" in text or len(text) > 80:
        return False
    kind = _KINDS.match(text)
    return bool(kind) and re.fullmatch(rf"(?:,? {_TOKEN})*,?(?: n\.d\.)?\s*", text[kind.end():]) is not None


def heading(text: str) -> Heading | None:
    """Parse a heading line ("Cablegram 135 LONDON, 12 November 1937, 5.43 p.m."); None if it is none."""
    if "\n" in text.strip() or len(text) > _LONG:
        return None
    match = _DATE.search(text)
    if match is None:
        return None
    rest = _strip_markers(text[match.end():])
    terms = []
    if rest.strip(" .,;]") and not _RECEIVED.match(rest) and not _BARE_TIME.match(rest):
        after = classification(text[match.end():].lstrip(" ,;"))
        if after is None or after[0] is not None:
            return None
        shift = len(text) - len(text[match.end():].lstrip(" ,;"))
        terms = [Term(t.start + shift, t.end + shift, t.kind) for t in after[1]]
    prefix = text[:match.start()]
    year = re.sub(r"\D", "", match.group("y"))
    day = int(match.group("d"))
    if len(year) != 4 or not 1 <= day <= 31:
        return None
    when = f"{year}-{_MONTHS.index(match.group('m').lower()) + 1:02d}-{day:02d}"
    end = match.end("date")
    if match.group("time"):
        hour = int(match.group("h"))
        ap = match.group("ap").lower()
        if ap == "noon" or ap == "midnight":
            hour = 12 if ap == "noon" else 0
        elif hour > 12:
            return None
        else:
            hour = hour % 12 + (12 if ap.startswith("p") else 0)
        minute = match.group("min") or "00"
        if int(minute) < 60:
            when += f"T{hour:02d}:{minute}:00"
            end = match.end("time")
    found = Heading((match.start("date"), end), when, terms=terms)
    if not prefix.strip():
        return found
    place = _UPPER_PLACE.search(prefix) or _NAMED_PLACE.search(prefix)
    if place is None or _KINDS.match(place.group("place").strip("[]")):
        return found if _KINDS.match(prefix.strip()) else None
    found.place = place.span("place")
    number = _NUMBER.search(prefix[:place.start("place")])
    if number and number.start() > 0:
        found.number = number.span("number")
    return found


def _strip_markers(text: str) -> str:
    return re.sub(r"\[\^?\d{1,3}\](?:\(#f[n_\d]*\))?", "", text)


# Security classification, caveats and precedence, as the cables print them.
_TERMS = [
    ("classification", r"TOP SECRET|MOST SECRET|HIGHLY CONFIDENTIAL|SECRET|CONFIDENTIAL|RESTRICTED|UNCLASSIFIED|"
                       r"UNRESTRICTED|IN CONFIDENCE"),
    ("precedence", r"MOST IMMEDIATE|IMMEDIATE|PRIORITY|IMPORTANT|URGENT|EMERGENCY|ROUTINE|DEFERRED|FLASH|"
                   r"CLEAR THE LINE"),
    ("handling", r"(?:NEW ZEALAND|UK|U\.K\.|AUSTRALIAN) EYES ONLY|EYES ONLY|AUSTEO|NZEO|PERSONAL|PRIVATE|GUARD|"
                 r"CYPHER|CIPHER|EXCLUSIVE|CABINET IN CONFIDENCE"),
]
_TERM = re.compile("|".join(f"(?P<{kind}>\\b(?:{words})\\b)" for kind, words in _TERMS), re.I)
_JOINER = re.compile(r"^[\s,;&/.\[\]-]*(?:AND)?[\s,;&/.\[\]-]*$", re.I)
# A cable's own number before its classification: "1081\\.", "No 894.", "0.WL13984", "AP71.", "E (80) 116."
_CABLE_NUMBER = re.compile(r"^(?P<number>(?:No\.? ?)?(?:[A-Z]{1,3} ?\(\d+\) ?)?[A-Z0-9][A-Z0-9.]{0,4}?\d[\d/]*)(?:\\?\.)?\s+")


@dataclass
class Term:
    """A classification, handling or precedence term of a line, as offsets, with its kind."""

    start: int
    end: int
    kind: str


def classification(text: str) -> tuple[tuple[int, int] | None, list[Term]] | None:
    """Parse a classification line: (the cable number's span or None, its terms); None if it is none.

    Every word of the line must be a term, "AND", "&" or a footnote marker.
    """
    if "\n" in text.strip() or len(text) > 100:
        return None
    number = _CABLE_NUMBER.match(text)
    start = number.end() if number else 0
    terms = []
    pos = start
    for match in _TERM.finditer(text, start):
        if not _JOINER.match(_strip_markers(text[pos:match.start()])):
            return None
        terms.append(Term(match.start(), match.end(), match.lastgroup))
        pos = match.end()
    if not terms or not _JOINER.match(_strip_markers(text[pos:]).rstrip(" ._")):
        return None
    return (number.span("number") if number else None), terms


def normal_term(text: str) -> str:
    """The key of a term: lower case, words joined by hyphens ("Most Secret" -> "most-secret")."""
    return re.sub(r"[^a-z]+", "-", text.lower()).strip("-")
