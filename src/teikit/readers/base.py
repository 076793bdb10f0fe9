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
    source split at a page end is already rejoined, and `page_breaks` holds the offsets in
    `text` where the split was.
    """

    text: str
    line: int
    page_breaks: tuple[int, ...] = ()
    kind: str = "p"


@dataclass
class Record:
    """A record parsed by a reader: identity, labelled header fields and body blocks.

    `fields` maps normalised labels ("citation", "summary", "credits", "original language",
    "source", "original archive", "url", "associated people & organizations"...) to their
    text; `footnotes` maps a note number to its text (DAFP); `meta` keeps reader-specific
    data (e.g. DAFP's YAML front matter).
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
