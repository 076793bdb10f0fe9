"""Dates in running text as date/@when, completed from the document's date where partial.

"28 [October 1965]", "at 10:00 a.m. on 16 [October]", "29 October, 5:00 p.m.",
"12 September [sic; November] 1957": the supplied or corrected parts count, the year (and
month) missing from the text come from the document date.
"""

from __future__ import annotations

import datetime
import re

from .context import Context
from .inline import PH_CLASS, Skeleton, sub

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_MONTH_NO = {m: i for i, m in enumerate(_MONTHS, start=1)}
_M = "(?:" + "|".join(_MONTHS) + ")"
_TIME = r"\d{1,2}[:.]\d{2} ?[ap]\.m\."
# Candidates on the skeleton: a placeholder may stand for a supplied or corrected part.
# The cheap test of the first character comes before the lookbehind: most positions fail it.
_CANDIDATE = re.compile(
    rf"(?=[\dJFMASOND])(?<![\w:])(?:(?P<tb>{_TIME}) on )?"
    rf"(?:(?P<d>\d{{1,2}}) (?P<m>{_M}|{PH_CLASS})(?P<yp>,?[ \t]+(?P<y>\d{{4}}|{PH_CLASS})(?!\w))?"
    rf"|(?P<md>{_M} (?P<d2>\d{{1,2}}),? (?P<y2>\d{{4}}))"
    rf"|(?P<m3>{_M}) (?P<y3>\d{{4}}))"
    rf"(?P<ta>,? {_TIME})?(?![\w:])")
_MONTH_YEAR = re.compile(rf"^(?P<m>{_M})(?: (?P<y>\d{{4}}))?$")
_READ_TIME = re.compile(r"(?P<h>\d{1,2})[:.](?P<min>\d{2}) ?(?P<ap>[ap])\.m\.")
_YEAR = re.compile(r"\d{4}")
_DIGIT = re.compile(r"\d")


def _iso_time(text: str) -> str:
    match = _READ_TIME.search(text)
    hour = int(match.group("h")) % 12 + (12 if match.group("ap") == "p" else 0)
    return f"T{hour:02d}:{match.group('min')}:00"


def _valid_time(text: str) -> bool:
    """Whether a time of the text is a real one ("4.88 p.m." is a typing slip)."""
    match = _READ_TIME.search(text)
    return 1 <= int(match.group("h")) <= 12 and int(match.group("min")) < 60


def _parse(skel: Skeleton, match: re.Match, year: str) -> tuple[int, str] | None:
    """Return (end of the date in the skeleton, ISO date) for a candidate, or None."""
    if match.group("md"):
        month, day, year, end = match.group("md").split()[0], match.group("d2"), match.group("y2"), match.end("md")
    elif match.group("m3"):
        return match.end("y3"), f"{match.group('y3')}-{_MONTH_NO[match.group('m3')]:02d}"
    else:
        day, end = match.group("d"), match.end("m")
        month_text = skel.reading(*match.span("m")).strip()
        parsed = _MONTH_YEAR.match(" ".join(month_text.split()))
        if parsed is None:
            return None
        month = parsed.group("m")
        if parsed.group("y"):
            year = parsed.group("y")
        elif match.group("y"):
            written = skel.reading(*match.span("y")).strip()
            if _YEAR.fullmatch(written):
                year, end = written, match.end("y")
    when = f"{year}-{_MONTH_NO[month]:02d}-{int(day):02d}" if year else ""
    if not year or real_when(when) is None:
        # "31 November": the text's own slip; the words stay, without a date that cannot be.
        return None
    return end, when


def real_when(when: str) -> str | None:
    """Return an ISO @when that names a real day and time: an impossible time is dropped, an impossible date gives None.

    Sources misprint ("31 November", "4.88 p.m."); the text keeps what it says, and the
    encoding claims no date that does not exist (TEI's datatypes refuse one).
    """
    day, _, time = when.partition("T")
    try:
        parts = [int(part) for part in day.split("-")]
        if len(parts) == 3:
            datetime.date(*parts)
        elif len(parts) == 2 and not 1 <= parts[1] <= 12:
            return None
    except ValueError:
        return None
    if time:
        try:
            datetime.time.fromisoformat(time)
        except ValueError:
            return day
    return when


def find_dates(skel: Skeleton, ctx: Context) -> None:
    """Add a date span (with ISO @when) for every date in the skeleton."""
    if _DIGIT.search(skel.text) is None:
        return  # every date form has a day or a year in figures
    for match in _CANDIDATE.finditer(skel.text):
        parsed = _parse(skel, match, ctx.year)
        if parsed is None:
            continue
        end, when = parsed
        start = match.start("tb") if match.group("tb") else match.start(
            "d" if match.group("d") else "md" if match.group("md") else "m3")
        if match.group("ta") and end == match.start("ta") and len(when) == 10 and _valid_time(match.group("ta")):
            end = match.end("ta")
            when += _iso_time(match.group("ta"))
        if match.group("tb") and len(when) == 10 and _valid_time(match.group("tb")):
            when += _iso_time(match.group("tb"))
        if not skel.covered(start, end):
            skel.add(start, end, lambda parent, when=when: sub(parent, "date", when=when))
            for char in skel.text[start:end]:
                item = skel.item(char)
                if item is not None:
                    item.info["in_date"] = True
