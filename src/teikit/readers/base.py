"""The parsed form of a record that every reader returns and the encoder consumes."""

from __future__ import annotations

from dataclasses import dataclass, field


class ReaderError(ValueError):
    """A record cannot be read (bad encoding, unknown layout, no title or date)."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.line = line


@dataclass
class Block:
    """One logical paragraph of the record's body, as the reader found it.

    `text` keeps the source's line breaks inside the block ("\\n"); a paragraph that the
    source split at a page end is already rejoined with one space, and `page_breaks` holds
    the offsets in `text` of those joining spaces (where a `pb` belongs).
    `kind` is "p" for ordinary text, or what the layout itself says a block is:
    "dateline" (DAFP's opening place and date line) or "head" (a bold-only line, decoration
    removed).
    """

    text: str
    line: int
    page_breaks: tuple[int, ...] = ()
    kind: str = "p"


@dataclass
class FootnoteScope:
    """The notes that the footnote markers of the blocks from `line` on refer to.

    `notes` maps a note's number to its text (paragraphs separated by a blank line);
    a note printed once for several markers ("1 & 2 The number and time ...") is kept under
    its first number, with its printed label in `labels` ("1": "1 & 2") and each further
    number in `joint` ("2": "1").
    """

    line: int
    notes: dict[str, str]
    labels: dict[str, str] = field(default_factory=dict)
    joint: dict[str, str] = field(default_factory=dict)


@dataclass
class Record:
    """A record parsed by a reader: identity, labelled header fields and body blocks.

    `fields` maps normalised labels ("citation", "summary", "credits", "original language",
    "source", "original archive", "url", "associated people & organizations", "contents"...)
    to their text, in the source's order; `labels` keeps each field's label as the source
    spells it; `footnotes` maps a note number to its text (DAFP, and the wilson archive
    pages' "[1] ..." notes), referenced in block text as "[1](#f1)" (DAFP) or "[1]";
    `meta` keeps reader-specific data (DAFP's YAML front matter); `lines` maps a field to
    the line it starts on (for diagnostics); `notes_before` is the index in `body` of the
    first block that followed the notes in the source (DAFP: a signature printed below
    the notes), or None when the notes end the record; `footnote_scopes` (DAFP) holds the
    notes of each part of a record whose parts have notes of their own, in order, and
    `footnotes` is then the first part's.
    """

    path: str
    reader: str
    doc_id: str
    title: str
    date: str
    date_when: str
    fields: dict[str, str] = field(default_factory=dict)
    body: list[Block] = field(default_factory=list)
    footnotes: dict[str, str] = field(default_factory=dict)
    meta: dict = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    notes_before: int | None = None
    footnote_scopes: list[FootnoteScope] = field(default_factory=list)
