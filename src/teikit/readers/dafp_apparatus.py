"""The editors' apparatus at the end of a DAFP record: its footnotes and printed archive references.

The volumes print the notes after the text in several ways: after a separator line "_" as
"1 Document 99." or "1\\. Document 99.", wrapped in italics ("_1 Document 99._"), as a
bulleted list ("* 1 Keith Waller, ..."), as Markdown footnotes ("[^1]: ..."), one note for
two markers ("1 & 2 The number and time ..."), a note of several paragraphs, or a note
whose lines a blank line cut ("(not printed; See AA :" / "A981, Australia 90B, i)").
The archive reference ("[AA:A1838/2, 401/3/6/1/5]", "_[NAA: A1838, 3107/38, xi]_",
"[FA : IMP. CONF. 1937, MEETINGS]", "[ABHS 950/... Archives New Zealand/...]") is a
block of its own, before or after the notes, sometimes with the signature after it
("_[AA : A981, CHINA 116] BRUCE_").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .base import Block, FootnoteScope

# A repository abbreviation and a colon ("AA:", "NAA :", "PM &C :", "FLINDERS UNIVERSITY
# LIBRARY:"), or a bracket that names an archive without one ("... Archives New Zealand/...").
_REPO = r"[A-Z][A-Z.&]*(?: ?[A-Z][A-Z.&]*| &[A-Z]+){0,3}"
_REF = re.compile(rf"^\[(?P<repo>{_REPO}) ?: ?(?P<rest>[^\n]*\S)\s*[\])]"
                  r"|^\[(?P<named>[^\[\]\n]*\bArchives\b[^\[\]\n]*)\]")
# A note's first line: its number(s), then its text. "1 ", "1\\. ", "_1 ", "* 1 ", "[1] ",
# "[^1]: ", "1 & 2 ", "1Schedule" (a lost space before a capital).
_NOTE_START = re.compile(
    r"^(?:[*+-][ \t]+)?_?[ \t]*(?:\[\^?(?P<n1>\d{1,3})\]:?|(?P<n2>\d{1,3})(?:\\?\.)?)"
    r"(?:[ \t]*(?:&|and|,)[ \t]*(?P<more>\d{1,3}))?(?:[ \t]+|(?=[A-Z‘'\"(]))(?P<text>\S.*)$", re.S)
_BULLETED = re.compile(r"^(?:[*+-][ \t]+\d|\[\^\d)")
_DECORATION = re.compile(r"^[_*\s]*$")
_WRAP = re.compile(r"^[_*\s]+|[_*\s]+$")
_WRAP_START = re.compile(r"[_*\s]*")
# A marker: "[3]", "[^3]", "Treaty[3]", "1980[3](#f3)"; not a digit completion ("1[9]46", "194[6]").
# The lookbehinds follow the "[" (and look past it): a pattern that starts with a literal is searched
# for that character alone, one that starts with a lookbehind is tried at every position.
_MARKER = re.compile(r"\[(?<!\[\[)(?<!\b\d{3}\[)(?<!\b\d{2}\[)(?<!\b\d\[)\^?(\d{1,3})\](?![\d\]])|\[\^?(\d{1,3})\](?=\(#f)")
_FINAL = tuple(".!?:;\"”’')]…")
_ABBREVIATION_END = re.compile(r"(?:\b[A-Z]\.(?: ?[A-Z]\.)*|\b[A-Z]{1,4} ?:|\b(?:[Nn]os?|pp?|[Vv]ol|cf|[Nn]o)\.)$")
# Every match of _ABBREVIATION_END implies one of at most 6 characters at the end ("A.B." holds "B."), so
# its last 16 characters decide: searching a long note whole for each added line took quadratic time.
_ABBREVIATION_TAIL = 16
_END_MARKERS = re.compile(r"(?:\s*\[\^?\d{1,3}\](?:\(#f[n_\d]*\))?)+$")
# A character no end marker holds: one of them from the 80th on means no heading, whatever the markers.
_NOT_MARKER = re.compile(r"[^\s\[\]^\d(#fn_)]")
# A line that goes on with the sentence before ("M100, August 1941."), not a numbered paragraph ("2\\. Mr").
_CONTINUATION_START = re.compile(r"^(?:[a-z]|\d(?!\d{0,2}\\?\. )|[A-Z]{1,3}\d)")
# A number in the style of a numbered paragraph: "2\\. Mr", "2. Mr" (notes mostly print "2 Mr").
_DOTTED = re.compile(r"^_?\s*\d{1,3}\\?\.\s")
_ESCAPE = re.compile(r"\\([.\\*_\[\]()#+\-!])")


@dataclass
class ArchiveRef:
    """An archive reference printed in the record: its text inside the brackets, and where.

    `repository` is the abbreviation before the colon ("AA", "NAA", "FA"; "" when the
    reference names the archive in its text); `after_notes` says whether it was printed
    after the notes (else after the text, before them).
    """

    text: str
    repository: str
    line: int = 0
    after_notes: bool = False


@dataclass
class Apparatus:
    """What `split` finds: the text's blocks, the notes of each part, the references.

    `scopes` holds one list of notes per part of the record (a document and its
    enclosures are each followed by their own notes, numbered from 1); `after` holds the
    blocks printed after the last notes that belong to no note (a signature left below them).
    """

    body: list[Block]
    scopes: list[FootnoteScope] = field(default_factory=list)
    refs: list[ArchiveRef] = field(default_factory=list)
    after: list[Block] = field(default_factory=list)


def archive_ref(text: str) -> tuple[ArchiveRef, str] | None:
    """Return the reference a block opens with and what follows it ("BRUCE"), or None."""
    start = _WRAP_START.match(text).end()
    if text[start:start + 1] != "[":
        return None  # no bracket after the wrapper: the usual paragraph, told without stripping its end
    stripped = _WRAP.sub("", text)
    match = _REF.match(stripped)
    if match is None:
        return None
    rest = stripped[match.end():].strip()
    if "\n" in rest or len(rest) > 60:
        # A bracket at the start of a paragraph of text is no reference line.
        return None
    if match.group("named") is not None:
        return ArchiveRef(" ".join(match.group("named").split()), ""), rest
    body = match.group(0)[1:-1]
    return ArchiveRef(" ".join(body.split()), match.group("repo").strip()), rest


def split(blocks: list[Block]) -> Apparatus:
    """Take the notes and the archive references out of a record's blocks."""
    kept: list[Block] = []
    refs: list[ArchiveRef] = []
    for block in blocks:
        found = archive_ref(block.text)
        if found is None:
            kept.append(block)
            continue
        found[0].line = block.line
        refs.append(found[0])
        if found[1]:
            kept.append(Block(found[1], block.line))
    body: list[Block] = []
    scopes: list[FootnoteScope] = []
    position = 0
    # A record may hold a document and its enclosures, each followed by its own notes.
    ref_lines = [ref.line for ref in refs]
    reads = [_Read(b.text) for b in kept]
    while (zone := _notes(kept, reads, position, ref_lines)) is not None:
        start, end, notes, labels, joint = zone
        segment = [b for b, read in zip(kept[position:start], reads[position:start]) if not read.decoration]
        scopes.append(FootnoteScope(segment[0].line if segment else kept[start].line, notes, labels, joint))
        body += segment
        position = end
    rest = [b for b, read in zip(kept[position:], reads[position:]) if not read.decoration]
    if not scopes:
        return Apparatus(rest, refs=refs)
    last_notes = max(b.line for b, read in zip(kept[:position], reads[:position]) if read.opens)
    for ref in refs:
        ref.after_notes = ref.line > last_notes
    return Apparatus(body, scopes, refs, rest)


class _Read:
    """A block as the note parser reads it, worked out once: each candidate start of the notes reads the rest again.

    `lines` holds each line of the block (after `_lead`), stripped, with its `_NOTE_START`
    match, the note numbers it opens and whether they are dotted ("2\\. Mr").
    """

    __slots__ = ("text", "decoration", "opens", "bulleted", "lines", "_heading")

    def __init__(self, text: str):
        self.text = text
        self.decoration = _DECORATION.match(text) is not None
        lead = _lead(text)
        self.opens = _NOTE_START.match(lead) is not None
        self.bulleted = _BULLETED.match(lead) is not None
        self.lines = []
        for line in lead.split("\n"):
            line = line.strip()
            match = _NOTE_START.match(line)
            self.lines.append((line, match, _numbers(match) if match else [],
                               match is not None and _DOTTED.match(line) is not None))
        self._heading: bool | None = None

    def heading_like(self) -> bool:
        """Whether the block reads as a heading (`_heading_like`)."""
        if self._heading is None:
            self._heading = _heading_like(self.text)
        return self._heading


def _notes(blocks: list[Block], reads: list[_Read], since: int, ref_lines: list[int]):
    """Return (first note block, first block after the notes, notes, labels, joint) or None.

    The notes start at the earliest block from which the rest reads as notes numbered in
    order whose first number has a marker in the text before (since the last notes), or
    that follow the archive reference, which ends the text (the marker may stand in the title).
    """
    # The markers of the text before each candidate grow block by block: each block is
    # searched once, not once per candidate (a marker never spans two blocks).
    markers: set[str] = set()
    for start in range(since + 1, len(blocks)):
        markers |= _block_markers(blocks[start - 1].text)
        if reads[start].opens:
            # The last block of text before the candidate (decoration lines are none).
            before = next((blocks[i] for i in range(start - 1, since - 1, -1) if not reads[i].decoration), None)
            after_ref = before is not None and any(before.line < line < blocks[start].line for line in ref_lines)
            parsed = _parse_zone(reads, start, markers, after_ref)
            if parsed is not None:
                return (start, *parsed)
    return None


def _lead(text: str) -> str:
    """A block's text without the decoration lines and spaces before its first note."""
    lines = text.split("\n")
    while len(lines) > 1 and _DECORATION.match(lines[0]):
        lines.pop(0)
    return "\n".join(lines).lstrip(" \t_")


def _numbers(match: re.Match) -> list[str]:
    first = match.group("n1") or match.group("n2")
    more = match.group("more")
    if more and int(more) > int(first):
        return [str(n) for n in range(int(first), int(more) + 1)]
    return [first]


def _block_markers(text: str) -> set[str]:
    """Return the note numbers a block's markers cite."""
    if "[" not in text:
        return set()  # the pattern's lookbehinds make a scan of every position costly
    return {m.group(1) or m.group(2) for m in _MARKER.finditer(text)}


def _parse_zone(blocks: list[_Read], start: int, markers: set[str], after_ref: bool = False):
    """Parse blocks[start:] as notes: (end, notes, labels, joint), or None if they are none.

    `markers` are the note numbers cited by the markers of the text before (since the last notes).

    Notes opened by a separator line may be followed by more of the text (an annex): a
    numbered paragraph out of the notes' sequence then ends them at the first heading-like
    block after the last note ("Annex B"). Without the separator it means the numbered
    blocks were the text's paragraphs, not notes.
    """
    bulleted = blocks[start].bulleted
    if not markers and not after_ref and not bulleted:
        return None  # what the end requires of notes no marker cites (a quick answer for numbered paragraphs)
    opened = after_ref or blocks[start - 1].decoration \
        or blocks[start].text.lstrip(" \t").startswith("_")
    notes: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    joint: dict[str, str] = {}
    current: str | None = None
    dotted, quote_next = False, None
    expected: int | None = None
    separated = False
    end = len(blocks)
    heading: tuple[int, dict] | None = None
    for position in range(start, len(blocks)):
        block = blocks[position]
        if block.decoration:
            separated = current is not None
            continue
        lines = block.lines
        first = lines[0][1]
        number = int(lines[0][2][0]) if first else None
        # "2\. Mr. Beasley be asked ..." in note 3 ("3 On 31 May ..."): a paragraph the note
        # quotes, numbered in another style (notes only count up; an enclosure's start at 1),
        # or a list the note opens ("were:" / "1\. There shall be ...") and its next items.
        quoted = first is not None and current is not None and not dotted and heading is None \
            and lines[0][3] \
            and (1 < number <= int(current) or number == quote_next
                 or number == 1 and notes[current][-1].rstrip(" _").endswith(":"))
        if quoted:
            quote_next = number + 1
        if quoted or first and current is not None and number != expected and not separated \
                and (_cut(notes[current]) or first.group("text")[:1].islower()):
            # "(cablegram" / "983 of 14 November) requested ...": a number inside a cut sentence.
            first = None
        if first and current is not None and number != expected and not expected < number <= expected + 3:
            if not opened:
                # Numbered paragraphs, then notes: the paragraphs were the text's.
                return None
            # Notes opened by a separator, then more text: an enclosure, a stray fragment.
            end = position if separated or heading is None else heading[0]
            notes = heading[1] if heading and not separated else notes
            break
        if separated and not first:
            # Text after the notes' closing separator belongs to no note.
            end = position
            break
        if current is not None and not first and heading is None and block.heading_like():
            heading = (position, {k: list(v) for k, v in notes.items()})
        for index, (line, match, numbers, line_dotted) in enumerate(lines):
            if numbers and current is not None and first is None \
                    and (index == 0 and quoted or int(numbers[0]) != expected and _cut(notes[current])):
                numbers = []
            if numbers and current is not None and expected < int(numbers[0]) <= expected + 3:
                # "2 Document 103 3 15 November 1937": notes that lost their line break; else
                # notes the source lacks (their markers then stand for a missing note).
                _split_run_on(notes, current, expected, int(numbers[0]))
                expected = int(numbers[0])
            if numbers and (expected is None or int(numbers[0]) == expected):
                current = numbers[0]
                dotted, quote_next = line_dotted, None
                notes[current] = [match.group("text").strip()]
                if len(numbers) > 1:
                    labels[current] = line[:match.start("text")].strip(" _*\\.")
                    joint.update((other, current) for other in numbers[1:])
                expected = int(numbers[-1]) + 1
                heading = None
            elif current is None or numbers and index == 0:
                return None
            else:
                _continue(notes[current], line, new_paragraph=index == 0)
        separated = False
    if not notes:
        return None
    last = max(notes, key=int)
    missing = [int(m) for m in markers if m.isdigit() and int(m) > int(last) and m not in joint]
    if missing:
        # The last note may hold the next ones run on ("2 Document 103 3 15 November 1937").
        for top in range(max(missing), int(last), -1):
            if _split_run_on(notes, last, int(last) + 1, top + 1):
                break
    first_number = next(iter(notes))
    cited = {joint.get(m, m) for m in markers}
    # Notes that run to the end may start with notes on the title ("Critchley[1]" there), and
    # a bulleted list of notes at the end ("* 1 Matter ... omitted") may have lost every marker.
    if not after_ref and end < len(blocks) and (first_number not in cited or 2 * len(cited & set(notes)) < len(notes)) \
            or not after_ref and end == len(blocks) and not bulleted and 2 * len(cited & set(notes)) < len(notes):
        return None
    return end, {n: _clean("\n\n".join(parts)) for n, parts in notes.items()}, labels, joint


def _cut(parts: list[str]) -> bool:
    """Whether a note's text so far stops inside a sentence (no final punctuation, "(no.")."""
    last = parts[-1].rstrip(" _")
    return not last.endswith(_FINAL) or _abbreviated(last)


def _abbreviated(text: str) -> bool:
    """Whether text ends on an abbreviation ("U.K.", "S. J.", "AA:", "no.")."""
    return _ABBREVIATION_END.search(text[-_ABBREVIATION_TAIL:]) is not None


def _heading_like(text: str) -> bool:
    """A short line without final punctuation: "Annex B", "Questionnaire on Staughton Concessions"."""
    text = text.strip(" _*")
    if _NOT_MARKER.search(text, 79):
        return False  # a long paragraph: stripping its end markers, a search from every position, is moot
    text = _END_MARKERS.sub("", text)
    return "\n" not in text and len(text) < 80 and not text.endswith(_FINAL) and text[:1].isupper()


def _split_run_on(notes: dict[str, list[str]], current: str, expected: int, found: int) -> bool:
    """Split notes expected..found-1 out of the end of the current note; return success."""
    owner, text = current, notes[current][-1]
    pieces: list[tuple[str, str, str]] = []
    for number in range(expected, found):
        cut = re.search(rf"(?<=\S)[ *]+{number} (?=[A-Z0-9‘'(])", text)
        if cut is None:
            return False
        pieces.append((owner, text[:cut.start()], str(number)))
        owner, text = str(number), text[cut.end():]
    for holder, kept, _ in pieces:
        if holder == current:
            notes[current][-1] = kept
        else:
            notes[holder] = [kept]
    notes[owner] = [text]
    return True


def _continue(parts: list[str], line: str, new_paragraph: bool) -> None:
    """Add a line to a note: a new paragraph, unless a page or line end cut the last one.

    A cut shows as a last line without final punctuation or ending on an abbreviation
    ("U.K.", "S. J.", "AA:"), or a next line that starts in lower case or with a number or
    a series ("M100, August 1941.").
    """
    if not line or _DECORATION.match(line):
        return
    last = parts[-1].rstrip(" _")
    cut = not last.endswith(_FINAL) or _abbreviated(last) or _CONTINUATION_START.match(line)
    if new_paragraph and not cut:
        parts.append(line)
    else:
        parts[-1] = parts[-1].rstrip() + " " + line


def _clean(text: str) -> str:
    """Drop the italic wrapper and decoration around a note's text, keeping balanced emphasis."""
    paragraphs = []
    for para in text.split("\n\n"):
        # Markdown's escapes ("2\\. Mr. Beasley") are no text of the note.
        para = _ESCAPE.sub(r"\1", para.strip())
        if para.count("_") % 2:
            para = para[1:] if para.startswith("_") else para.rstrip("_ ") if para.endswith("_") else para
        paragraphs.append(" ".join(para.split()))
    return "\n\n".join(p for p in paragraphs if p)
