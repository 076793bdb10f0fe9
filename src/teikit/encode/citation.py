"""Parse the archive's citation: title, date, archival signature, pages, who obtained and translated it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..readers.common import DATE_RE, iso_date

RESP_VERBS = ("obtained", "translated", "transcribed", "contributed", "donated", "edited", "provided")
_VERB = "(?:" + "|".join(RESP_VERBS) + ")"
# "Obtained by", "Contributed, transcribed, and translated by", "Translated for NKIDP by".
_RESP = re.compile(rf"(?P<verbs>{_VERB}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+){_VERB})*)"
                   r"(?:\s+for\s+(?P<for>[^,.]+?))?\s+by\s+", re.IGNORECASE)
_RESP_START = re.compile(rf"(?:^|(?<=\.\s))(?={_VERB}\b)", re.IGNORECASE)
_NAME_SEP = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*")
_URL = re.compile(r"\s*<?(https?://[^\s<>]+?)>?\s*$")
_PAGES = r"(?P<pages>(?P<from>\d+)(?:\s*[-–]\s*(?P<to>\d+))?)"
_FOND = re.compile(r"^(?P<repo>.+?)\s+F(?:ond)?\.\s*(?P<fond>[^,]+?),\s*Op(?:is)?\.\s*(?P<opis>[^,]+?),\s*"
                   rf"(?:Delo|D\.|Por\.)\s*(?P<delo>[^,]+?)(?:,\s*(?:(?:Ll?|pp?)\.\s*)?{_PAGES})?$")
_SPACED = re.compile(rf"^(?P<repo>[A-Z][\w.]*(?: [A-Z][\w.]*)*)\s+(?P<item>\d[\w/.-]*)(?:,\s*{_PAGES})?$")
_COMMAS = re.compile(rf"^(?P<repo>[^,]+?),\s*(?P<item>.+?)(?:,\s*{_PAGES})?$")
_NAMES_END = re.compile(r"(?:\s+and|\s*,)?\s*$")
_VERBS = re.compile(_VERB, re.IGNORECASE)
_TITLE = re.compile(r'^"(?P<t>.+?)",\s*')
_COMMA = re.compile(r"^,\s*")
_PUBLISHER = re.compile(r"^(?P<p>Wilson Center Digital Archive)(?P<sep>,\s*)")


@dataclass
class Resp:
    """One responsibility clause: the verbs as written, an optional 'for' body, the names."""

    text: str
    verbs: list[str]
    for_body: str
    names: list[str]


@dataclass
class Signature:
    """An archival signature split into repository, typed identifiers and a page range."""

    text: str
    repository: str
    idnos: list[tuple[str, str]] = field(default_factory=list)
    pages: tuple[str, str, str] | None = None  # (as written, from, to)


@dataclass
class Citation:
    """The parts of a citation; `parts` lists (kind, text) segments that rebuild it exactly."""

    text: str
    title: str = ""
    date: str = ""
    date_when: str = ""
    signature: Signature | None = None
    resps: list[Resp] = field(default_factory=list)
    url: str = ""
    parts: list[tuple[str, str]] = field(default_factory=list)


def parse_resps(text: str) -> list[Resp]:
    """Parse "Obtained by A and translated by B and C." into responsibility clauses."""
    matches = list(_RESP.finditer(text))
    resps = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        names_text = _NAMES_END.sub("", text[match.end():end].strip().rstrip("."))
        names = [n.strip() for n in _NAME_SEP.split(names_text) if n.strip()]
        verbs = [v.lower() for v in _VERBS.findall(match.group("verbs"))]
        resps.append(Resp(match.group(0).strip(), verbs, (match.group("for") or "").strip(), names))
    return resps


def parse_signature(text: str) -> Signature | None:
    """Split "PRC FMA 106-01479-08, 85-88", "AVPRF F. 0102, Op. 13, Delo 5" or "BArch, B 136/59748, 297-301"."""
    text = text.strip().rstrip(".")
    match = _FOND.match(text)
    if match:
        sig = Signature(text, match.group("repo"),
                        [("fond", match.group("fond")), ("opis", match.group("opis")), ("delo", match.group("delo"))])
    else:
        match = _SPACED.match(text) or _COMMAS.match(text)
        if match is None:
            return None
        item = match.group("item")
        kind = "item"
        if item.startswith("File "):
            kind, item = "file", item[5:]
        sig = Signature(text, match.group("repo"), [(kind, item)])
    if match.group("pages"):
        sig.pages = (match.group("pages"), match.group("from"), match.group("to") or match.group("from"))
    return sig


def split_source(rest: str) -> tuple[str, str]:
    """Split "SIGNATURE. Obtained by ..." into the signature and the responsibility sentence."""
    starts = [m.start() for m in _RESP_START.finditer(rest)]
    starts = [s for s in starts if _RESP.match(rest, s)]
    if not starts:
        return rest.strip(), ""
    return rest[:starts[0]].strip(), rest[starts[0]:].strip()


def parse_citation(text: str) -> Citation:
    """Parse a citation '"Title", Date, Publisher, Signature. Resp. URL' (any part may be missing)."""
    cit = Citation(text)
    rest = text.strip()
    url = _URL.search(rest)
    if url:
        cit.url = url.group(1)
        rest = rest[:url.start()]
    parts: list[tuple[str, str]] = []
    title = _TITLE.match(rest)
    if title:
        cit.title = title.group("t")
        parts += [("text", '"'), ("title", cit.title), ("text", title.group(0)[len(cit.title) + 1:])]
        rest = rest[title.end():]
        date = DATE_RE.match(rest)
        if date:
            cit.date, cit.date_when = date.group(0), iso_date(date)
            parts.append(("date", cit.date))
            rest = rest[date.end():]
            sep = _COMMA.match(rest)
            if sep:
                parts.append(("text", sep.group(0)))
                rest = rest[sep.end():]
        publisher = _PUBLISHER.match(rest)
        if publisher:
            parts += [("publisher", publisher.group("p")), ("text", publisher.group("sep"))]
            rest = rest[publisher.end():]
    signature_text, resp_text = split_source(rest)
    sig = parse_signature(signature_text)
    cit.signature = sig
    if sig is not None:
        core = signature_text.rstrip().rstrip(".")
        if sig.pages:
            head = core[:core.rfind(sig.pages[0])]
            parts += [("idno", head.rstrip(", ")), ("text", head[len(head.rstrip(", ")):]),
                      ("pages", sig.pages[0])]
        else:
            parts.append(("idno", core))
        parts.append(("text", signature_text[len(core):] + rest[len(signature_text):len(rest) - len(resp_text)]))
    else:
        parts.append(("text", rest[:len(rest) - len(resp_text)]))
    if resp_text:
        parts.append(("text", resp_text))
        cit.resps = parse_resps(resp_text)
    if cit.url:
        parts += [("text", " "), ("url", cit.url)]
    cit.parts = [(k, v) for k, v in parts if v]
    return cit
