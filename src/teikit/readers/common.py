"""What every reader needs: strict decoding, date parsing and page-break rejoining."""

from __future__ import annotations

import re
import unicodedata

from .base import Block, ReaderError

MONTHS = {name: i for i, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1)}
# A month's name, as a regular expression's group.
MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
# "October 29, 1965", "29 September 1972", "November 1967", "1965-10-29", "1965".
DATE_RE = re.compile(
    rf"(?P<md>(?P<m1>{MONTH})\s+(?P<d1>\d{{1,2}}),?\s+(?P<y1>\d{{4}}))"
    rf"|(?P<dm>(?P<d2>\d{{1,2}})\s+(?P<m2>{MONTH}),?\s+(?P<y2>\d{{4}}))"
    rf"|(?P<my>(?P<m3>{MONTH})\s+(?P<y3>\d{{4}}))"
    r"|(?P<iso>(?P<y5>1[89]\d\d|20\d\d)-(?P<m5>[01]\d)-(?P<d5>[0-3]\d))\b"
    r"|(?P<y>(?P<y4>1[89]\d\d|20\d\d))\b")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# The characters of each class, tested one by one first: "c in text" scans far faster than a
# class pattern does, and a record almost never holds one.
_CONTROL_CHARS = tuple(chr(c) for c in (*range(0x00, 0x09), 0x0b, *range(0x0e, 0x20)))
_NOT_XML_CHARS = tuple(chr(c) for c in (*range(0x00, 0x09), 0x0b, 0x0c, *range(0x0e, 0x20), 0xfffe, 0xffff))


def _holds_any(text: str, chars: tuple[str, ...]) -> bool:
    return any(char in text for char in chars)


def decode(data: bytes) -> str:
    """Decode a record's bytes as UTF-8, refusing BOMs, UTF-16, binary data and cp1252."""
    if not data.strip():
        raise ReaderError("empty file", 1)
    if data.startswith(b"\xef\xbb\xbf"):
        raise ReaderError("UTF-8 byte-order mark at the start; save the file as UTF-8 without BOM", 1)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(data):
        raise ReaderError("UTF-16 text; save the file as UTF-8", 1)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ReaderError("not a text record: binary data (NUL byte)", data.count(b"\n", 0, nul) + 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start]
        # Bytes 0x80-0x9F are cp1252's curly quotes and dashes; other stray bytes are Latin-1.
        guess = "cp1252 or Latin-1" if byte >= 0x80 else "binary"
        raise ReaderError(f"not UTF-8: byte 0x{byte:02x} looks like {guess}; "
                          "save the file as UTF-8", line) from None
    if _holds_any(text, _CONTROL_CHARS) and len(_CONTROL.findall(text, 0, 4096)) > 8:
        raise ReaderError("not a text record: binary data (control characters)", 1)
    return text


def check_text(text: str) -> str:
    """Normalise line ends and form feeds; raise ReaderError for characters XML cannot hold."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    bad = _NOT_XML.search(text) if _holds_any(text, _NOT_XML_CHARS) else None
    if bad is not None:
        raise ReaderError(f"character U+{ord(bad.group(0)):04X} is not allowed in XML text; remove it",
                          text.count("\n", 0, bad.start()) + 1)
    return text


def _looks_utf16(data: bytes) -> bool:
    head = data[:400]
    # UTF-16 text without a BOM: every other byte of ASCII text is NUL.
    return len(head) >= 4 and (head[1::2].count(0) > len(head) // 3 or head[0::2].count(0) > len(head) // 3)


def parse_date(text: str) -> tuple[str, str] | None:
    """Find the first date in text; return (the date as written, ISO form) or None."""
    match = DATE_RE.search(text)
    if match is None:
        return None
    return match.group(0), iso_date(match)


def iso_date(match: re.Match) -> str:
    """Return the ISO 8601 form (YYYY, YYYY-MM or YYYY-MM-DD) of a DATE_RE match."""
    if match.group("md"):
        return f"{match.group('y1')}-{MONTHS[match.group('m1').lower()]:02d}-{int(match.group('d1')):02d}"
    if match.group("dm"):
        return f"{match.group('y2')}-{MONTHS[match.group('m2').lower()]:02d}-{int(match.group('d2')):02d}"
    if match.group("iso"):
        return match.group("iso")
    if match.group("my"):
        return f"{match.group('y3')}-{MONTHS[match.group('m3').lower()]:02d}"
    return match.group("y4")


_FINAL = tuple(".!?:;\"”’')]…*_")
_LIST_ITEM = re.compile(r"^(?:[a-z]|[ivx]+)[.)]\s")
# Words that never end an English sentence: a block ending on one was cut by a page end.
_FUNCTION_WORDS = frozenset("the a an of to and or nor but in on at by for with from into onto upon as than "
                            "that this these those our your their his her its my which whose".split())
_SENTENCE_WORDS = 4
_LIST_LINE = re.compile(r"^\d{1,2}\s*[-–]\s")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def continues(previous: str, following: str) -> bool:
    """Return whether `following` continues a paragraph that a page end cut after `previous`.

    A split paragraph ends without final punctuation and the next one starts in lower case
    ("this incident" / "was inevitable"), inside a bracket the first left open
    ("their [the Soviet" / "Union's] equipment"), or with a bracket after a sentence cut
    on a function word ("high regards for the" / "[Chinese] produced ten boilers").
    """
    tail, head = previous.rstrip(), following.lstrip()
    if not tail or not head or tail.endswith(_FINAL):
        return False
    if previous.count("[") > previous.count("]"):
        return True
    if head[0] == "[":
        return _cut_on_function_word(tail) and _text_after_bracket(head)
    return head[0].islower() and not _LIST_ITEM.match(head)


def _cut_on_function_word(tail: str) -> bool:
    """Return whether a block is running text cut after an article or a function word.

    Headings ("Record of Conversation with the") have no lower-case content word, and
    distribution items ("1 - to the") are lists, not sentences.
    """
    words = tail.split()
    return (len(words) >= _SENTENCE_WORDS and words[-1] in _FUNCTION_WORDS
            and any(w[:1].islower() and w not in _FUNCTION_WORDS for w in words)
            and not _LIST_LINE.match(tail))


def _text_after_bracket(head: str) -> bool:
    """Return whether a block that opens with a bracket goes on after it ("[Chinese] produced")."""
    close = head.find("]")
    return close > 0 and bool(head[close + 1:].strip())


def rejoin(blocks: list[Block]) -> list[Block]:
    """Merge blocks that a page break split, recording where the break was."""
    out: list[Block] = []
    for block in blocks:
        last = out[-1] if out else None
        if last is not None and last.kind == block.kind == "p" and continues(last.text, block.text):
            offset = len(last.text.rstrip())
            shifted = tuple(offset + 1 + b for b in block.page_breaks)
            out[-1] = Block(last.text.rstrip() + " " + block.text.lstrip(), last.line,
                            last.page_breaks + (offset,) + shifted, "p")
        else:
            out.append(block)
    return out


def paragraphs(lines: list[str], first_line: int) -> list[Block]:
    """Split lines into blank-line separated blocks; `first_line` is the number of lines[0]."""
    blocks: list[Block] = []
    current: list[str] = []
    start = 0
    for index, line in enumerate(lines):
        if line.strip():
            if not current:
                start = first_line + index
            current.append(line.rstrip())
        elif current:
            blocks.append(Block("\n".join(current), start))
            current = []
    if current:
        blocks.append(Block("\n".join(current), start))
    return blocks


def slug(text: str) -> str:
    """Return a lower-case ASCII slug (letters, digits, hyphens) of text."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_SLUG.sub("-", ascii_text.lower()).strip("-")
