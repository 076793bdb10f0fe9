"""Facts about one TEI document that the site's collection pages show, read from its header and text.

The date written out, the archival signature, the repositories and collection it comes from,
the kind of document, who had a hand in it (translators, editors...) and each mention of a
register entry in its sentence. Where the document page shows the same fact, common_meta.xsl
computes it the same way (tk:format-date, tk:archive).
"""

from __future__ import annotations

import bisect
import re

from ..tei import T, xpath

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_ISO = re.compile(r"^(\d{4})(?:-(\d\d)(?:-(\d\d)(?:T(\d\d):(\d\d)(?::[\d.]+)?(?:Z|[+\-]\d\d:\d\d)?)?)?)?$")
# Labels of archival units by idno/@type, as the archives' citations write them (tk:unit-labels).
_UNIT_LABELS = {"fond": "F. ", "opis": "Op. ", "delo": "D. ", "list": "L. ", "folio": "fol. ", "file": "File ",
                "box": "Box ", "folder": "Folder ", "barcode": "barcode "}
_HEADER = "/*/tei:teiHeader"


_NOTE = T("note")


def _local(element) -> str:
    tag = element.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def element_text(element) -> str:
    """Text of an element without its notes, whitespace normalised (as tk:text): //text()[not(ancestor::tei:note)]."""
    if element.tag == _NOTE or any(True for _ in element.iterancestors(_NOTE)):
        return ""
    parts: list[str] = []
    _gather(element, parts)
    return " ".join("".join(parts).split())


def _gather(element, parts: list[str]) -> None:
    """Append the text nodes below an element outside notes (a comment's or processing instruction's own text is none)."""
    if element.text:
        parts.append(element.text)
    for child in element:
        if isinstance(child.tag, str) and child.tag != _NOTE:
            _gather(child, parts)
        if child.tail:
            parts.append(child.tail)



def format_date(iso: str) -> str:
    """Return an ISO date as English prose writes it ("1 March 1890", "March 1890", "1890"); other text unchanged."""
    match = _ISO.match(iso or "")
    if not match:
        return iso or ""
    year, month, day, hour, minute = match.groups()
    if not month or not 1 <= int(month) <= 12:
        return year
    words = ([str(int(day))] if day and 1 <= int(day) <= 31 else []) + [_MONTHS[int(month) - 1], year]
    return " ".join(words) + (f", {hour}:{minute}" if hour else "")


def _signature_part(idno) -> str:
    text = element_text(idno)
    label = _UNIT_LABELS.get((idno.get("type") or "").lower())
    if text and label and not text.lower().startswith(label.strip().lower()):
        return label + text
    return text


def _signature(ms) -> str:
    holder = ", ".join(t for t in map(element_text, xpath("tei:institution | tei:repository | tei:collection")(ms)) if t)
    units = [i for i in xpath("tei:idno")(ms) if element_text(i)]
    labelled = any((u.get("type") or "").lower() in _UNIT_LABELS for u in units)
    parts = [p for p in (holder, ", ".join(_signature_part(u) for u in units)) if p]
    return (", " if labelled else " ").join(parts)


def archive(tree) -> str:
    """Return the archival reference as the document page shows it (tk:archive): "AVPRF, F. 0102, Op. 13, D. 5"."""
    signatures = [_signature(ms) for ms in xpath(f"{_HEADER}/tei:fileDesc/tei:sourceDesc//tei:msDesc/"
                                                 "tei:msIdentifier")(tree)]
    joined = "; ".join(dict.fromkeys(s for s in signatures if s))
    if joined:
        return joined
    ids = xpath(f"{_HEADER}/tei:fileDesc/tei:publicationStmt/tei:idno[@type='archive']")(tree)
    return next((t for t in map(element_text, ids) if t), "")


def repositories(tree) -> list[str]:
    """Return the archives the document is held in: each msIdentifier's institution and repository."""
    found = []
    for ms in xpath(f"{_HEADER}/tei:fileDesc/tei:sourceDesc//tei:msDesc/tei:msIdentifier")(tree):
        name = ", ".join(t for t in map(element_text, xpath("tei:institution | tei:repository")(ms)) if t)
        if name:
            found.append(name)
    return list(dict.fromkeys(found))


def collection(tree) -> str:
    """Return the collection the document belongs to: msIdentifier/collection, else its series and volume."""
    header = f"{_HEADER}/tei:fileDesc"
    named = xpath(f"({header}/tei:sourceDesc//tei:msIdentifier/tei:collection)[1]")(tree)
    if named and element_text(named[0]):
        return element_text(named[0])
    series = xpath(f"{header}/tei:seriesStmt")(tree)
    if not series:
        return ""
    titles = xpath("tei:title")(series[0])
    main = next((element_text(t) for t in titles if t.get("type") in (None, "main") and element_text(t)), "")
    volume = next((element_text(t) for t in titles if t.get("type") == "volume" and element_text(t)), "")
    if not volume:
        scope = xpath("tei:biblScope[@unit='volume']")(series[0])
        volume = f"Volume {element_text(scope[0])}" if scope and element_text(scope[0]) else ""
    return ", ".join(p for p in (main, volume) if p)


# The kinds of document of diplomatic and historical records, as their titles and headings name
# them (a vocabulary of genres, not of any one source). Plural forms name the singular kind.
_GENRES = ("aide-mémoire", "aide-memoire", "agreement", "airgram", "brief", "cable", "cablegram", "circular",
           "communiqué", "communique", "declaration", "despatch", "diary", "directive", "dispatch", "estimate",
           "instruction", "journal", "letter", "memorandum", "memo", "message", "minute", "minutes", "note",
           "notes", "paper", "record", "report", "resolution", "savingram", "speech", "statement", "submission",
           "summary", "telegram", "teletype", "transcript", "treaty", "protocol", "postcard", "petition")
_GENRE = "|".join(sorted((re.escape(g) for g in _GENRES), key=len, reverse=True))
# Up to two words before the kind ("Intelligence Memorandum"), the kind, and what it records
# ("of Conversation"); the kind must end a word.
_GENRE_AT_START = re.compile(
    rf"^(?:(?:draft|extracts?|excerpts?)\s+(?:(?:of|from)\s+(?:an?\s+|the\s+)?)?)?(?:(?P<mod>(?!(?:from|the|an?|of|to|by|in|on|for|with|and)\b)[\w\-]+)\s+){{0,2}}?"
    rf"(?P<kind>{_GENRE})s?(?P<of>\s+of\s+(?:an?\s+|the\s+)?(?:conversation|meeting|discussion|talks?|interview))?"
    rf"(?![\w\-])", re.I)
_SAME_KIND = {"memo": "memorandum", "dispatch": "despatch", "aide-memoire": "aide-mémoire", "communique": "communiqué"}
# Kinds that keep the word before them: an editorial note is the editors', not a record's.
_KEEP_MODIFIER = {"editorial"}


def _genre(text: str) -> str:
    """Return the kind of document a title or heading starts with ("Cablegram", "Record of conversation"), or ''."""
    match = _GENRE_AT_START.match(" ".join(text.split()))
    if not match:
        return ""
    kind = match.group("kind").lower()
    if kind in ("minute", "minutes") and not match.group("of"):
        kind = "minute"
    # One name for one kind, whichever spelling or number the title uses.
    kind = _SAME_KIND.get(kind, kind)
    of = match.group("of")
    if of:
        what = of.split()[-1].lower()
        kind = {"notes": "note"}.get(kind, kind) + " of " + ("talks" if what.startswith("talk") else what)
    modifier = (match.group("mod") or "").lower()
    if modifier in _KEEP_MODIFIER:
        kind = f"{modifier} {kind}"
    return kind[:1].upper() + kind[1:]


def document_type(tree, title: str) -> str:
    """Return the kind of document: declared in the header, else named by its title or its first heading or dateline."""
    declared = xpath(f"{_HEADER}/tei:profileDesc/tei:textClass/tei:keywords/tei:term[@type='genre' or "
                     "@type='form' or @type='doctype' or @type='document-type']")(tree)
    for term in declared:
        if element_text(term):
            return element_text(term)[:1].upper() + element_text(term)[1:]
    candidates = [title, *(part for part in title.split(",")[1:])]
    candidates += [element_text(e) for e in xpath(
        "(//tei:text//tei:body//tei:opener//tei:dateline | //tei:text//tei:body/tei:head"
        " | //tei:text//tei:body/tei:div[1]/tei:head)[position() <= 2]")(tree)]
    candidates += xpath("//tei:text/tei:body/tei:div[1]/@type | /*/tei:text/@type")(tree)
    for candidate in candidates:
        kind = _genre(str(candidate))
        if kind:
            return kind
    return ""


# What a respStmt's resp says someone did, by resp/@key or its words ("translated by").
_RESP_WORDS = re.compile(r"^\s*(\w+?)(?:\s+by)?\s*$", re.I)


def roles(tree) -> dict[str, list[str]]:
    """Return, for each register pointer in the header, what that person or body did: {'per:x': ['translated']}."""
    found: dict[str, list[str]] = {}

    def add(ref: str | None, role: str) -> None:
        ref = (ref or "").strip()
        if ref and role and role not in found.setdefault(ref, []):
            found[ref].append(role)

    stmt = f"{_HEADER}/tei:fileDesc/tei:titleStmt"
    for resp_stmt in xpath(f"{stmt}/tei:respStmt")(tree):
        for resp in xpath("tei:resp")(resp_stmt):
            words = _RESP_WORDS.match(element_text(resp))
            role = (resp.get("key") or (words.group(1) if words else "")).lower()
            for name in xpath("tei:persName | tei:orgName | tei:name")(resp_stmt):
                add(name.get("ref"), role)
    for tag, role in (("author", "wrote"), ("editor", "edited")):
        for element in xpath(f"{stmt}/tei:{tag} | {stmt}/tei:{tag}/*")(tree):
            add(element.get("ref"), role)
    for action in xpath(f"{_HEADER}/tei:profileDesc/tei:correspDesc/tei:correspAction")(tree):
        role = {"sent": "sent", "received": "received"}.get(action.get("type") or "")
        for name in xpath("tei:persName | tei:orgName")(action):
            add(name.get("ref"), role or "")
    return found


# ---- Mentions in their sentence (keyword in context) ----

# Elements that hold a run of text of their own: a mention's sentence never reaches past them.
_BLOCKS = {"p", "ab", "head", "l", "item", "cell", "speaker", "salute", "dateline", "signed", "trailer", "byline",
           "opener", "closer", "postscript", "div", "body", "front", "back", "text", "sp", "lg", "list", "table",
           "row", "figure", "docAuthor", "docTitle", "argument", "epigraph"}
_INLINE_NOTES = {"identification", "gloss", "editorial", "physical", "source", "translation", "clarification"}
# A sentence ends at . ! or ? (and closing quotes) before a capital, unless the word before the
# stop is an initial or a title: "Mr. J. A. Lyons" is one sentence.
# The expression finds the stop from its mark; the word before it is read back from there (the
# characters of [\w'’]), which costs far less than an expression trying a word at every position.
_STOP = re.compile(r"[.!?][\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_SPACES = re.compile(r"\s+")
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "cde", "st", "no", "nos", "gen", "col", "lt", "capt", "maj", "sgt",
                  "prof", "rev", "hon", "esq", "jr", "sr", "vs", "cf", "ibid", "op", "vol", "pp", "p", "fig",
                  "co", "inc", "ltd", "dept", "adm", "gov", "sen", "rep", "amb", "messrs", "mme", "mlle"}
_CONTEXT = 90
# What follows a stop's spaces when the stop's lookahead needs one character only (no quote first).
_CAPITAL = re.compile(r"[A-Z0-9]")


def inline_note(element) -> bool:
    """Return whether a note is part of its sentence as published (tk:inline-note), not a footnote."""
    place = element.get("place")
    return place == "inline" or (place is None and bool(set((element.get("type") or "").split()) & _INLINE_NOTES))


def _is_footnote(element) -> bool:
    return _local(element) == "note" and not inline_note(element)


class _Line:
    """The text of one block as published (brackets, sic and omissions as the record prints them), with where each element falls."""

    def __init__(self, block, wanted: set):
        self.parts: list[str] = []
        self.length = 0
        self.spans: dict = {}
        self.wanted = wanted
        self._walk(block, root=True)
        self.text = "".join(self.parts)
        self._stop_ends: list[int] | None = None
        self._stop_reach: list[int] = []

    def sentence_start(self, cut: int) -> int:
        """Return where the sentence holding text[cut] starts: _sentence_start(text[:cut]), in log time.

        The stops of the whole line are found once: a stop counts for text[:cut] when its
        lookahead (an optional quote, then a capital or digit) lies before the cut.
        """
        if self._stop_ends is None:
            self._stop_ends = []
            for _, end in _stops(self.text):
                self._stop_ends.append(end)
                self._stop_reach.append(end + (1 if _CAPITAL.match(self.text, end) else 2))
        found = bisect.bisect_right(self._stop_reach, cut)
        return self._stop_ends[found - 1] if found else 0

    def add(self, text: str | None) -> None:
        if not text:
            return
        text = _SPACES.sub(" ", text)
        if text.startswith(" ") and (not self.parts or self.parts[-1].endswith(" ")):
            text = text[1:]
        if text:
            self.parts.append(text)
            self.length += len(text)

    def _children(self, element) -> None:
        self.add(element.text)
        for child in element:
            self._walk(child)
            self.add(child.tail)

    def _walk(self, element, root: bool = False) -> None:
        name = _local(element)
        if not name or (not root and (_is_footnote(element) or name in ("del", "fw"))):
            return
        start = self.length
        if name == "supplied" or (name == "note" and not root):
            self.add("[")
            self._children(element)
            self.add("]")
        elif name == "choice":
            self._choice(element)
        elif name == "sic":
            self._children(element)
            self.add(" [sic]")
        elif name == "gap":
            self.add("[…]")
        elif name == "app":
            first = xpath("(tei:lem | tei:rdg | tei:rdgGrp//tei:rdg)[1]")(element)
            if first:
                self._children(first[0])
        elif name in ("lb", "pb", "cb"):
            if name == "lb" and element.get("break") != "no":
                self.add(" ")
        else:
            self._children(element)
        if element in self.wanted:
            self.spans[element] = (start, self.length)

    def _choice(self, element) -> None:
        children = [c for c in element if _local(c)]
        by_name = {_local(c): c for c in children}
        for first, second, mark in (("sic", "corr", "sic; "), ("orig", "reg", ""), ("abbr", "expan", "")):
            if first in by_name and second in by_name:
                self._children(by_name[first])
                self.add(f" [{mark}")
                self._children(by_name[second])
                self.add("]")
                return
        if children:
            self._children(children[0])


def _block_of(element):
    for ancestor in element.iterancestors():
        name = _local(ancestor)
        if name in _BLOCKS or (name == "note" and _is_footnote(ancestor)):
            return ancestor
    return element


def _word_character(character: str) -> bool:
    r"""Whether a character is one of [\w'’] (\w: alphanumeric or the underscore)."""
    return character.isalnum() or character in "_'’"


def _stops(text: str):
    """Yield (end of the sentence, start of the next one) for each stop of a text that ends a sentence."""
    for stop in _STOP.finditer(text):
        mark = start = stop.start()
        while start and _word_character(text[start - 1]):
            start -= 1
        word = text[start:mark]
        if word.lower() not in _ABBREVIATIONS and not (len(word) == 1 and word.isupper()):
            yield mark + len(stop.group(0).rstrip()), stop.end()


def _sentence_end(text: str) -> int:
    stop = next(_stops(text), None)
    return len(text) if stop is None else stop[0]


def _speech(speaker, lines: dict, wanted: set) -> str:
    """Return the first sentence a turn's speaker says (its first paragraph after the speaker)."""
    for sibling in speaker.itersiblings():
        if _local(sibling) in _BLOCKS:
            if sibling not in lines:
                lines[sibling] = _Line(sibling, wanted)
            text = lines[sibling].text.strip()
            return text[:_sentence_end(text)]
    return ""


def _clip_left(text: str) -> str:
    if len(text) <= _CONTEXT:
        return text
    cut = text[-_CONTEXT:]
    space = cut.find(" ")
    return "… " + (cut[space + 1:] if 0 <= space < 30 else cut)


def _clip_right(text: str) -> str:
    if len(text) <= _CONTEXT:
        return text
    cut = text[:_CONTEXT]
    space = cut.rfind(" ")
    return (cut[:space] if space > _CONTEXT - 30 else cut) + " …"


def contexts(elements: list) -> list[tuple[str, str, str]]:
    """Return (words before, the mention as published, words after) in its sentence for each element, in order."""
    lines: dict = {}
    wanted = set(elements)
    out = []
    for element in elements:
        block = _block_of(element)
        if block not in lines:
            lines[block] = _Line(block, wanted)
        line = lines[block]
        if element not in line.spans:
            out.append(("", element_text(element), ""))
            continue
        start, end = line.spans[element]
        before, after = line.text[line.sentence_start(start):start], line.text[end:]
        after = after[:_sentence_end(after)]
        if _local(block) == "speaker":
            # A speaker's name heads a turn: its context is what they said, the turn's first sentence.
            speech = _speech(block, lines, wanted)
            after = after.rstrip(" :") + (": " + speech if speech else "")
        out.append((_clip_left(before.lstrip()), line.text[start:end].strip(), _clip_right(after.rstrip())))
    return out

