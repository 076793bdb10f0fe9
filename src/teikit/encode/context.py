"""The state one document's body encoding carries: registers, date, mentions, results."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..diagnostics import Diagnostic, warning
from ..registers import PREFIX, Registers

# Original language (as the header names it) -> BCP 47 tag of its Latin transliteration.
TRANSLIT = {"russian": "ru-Latn", "chinese": "zh-Latn", "korean": "ko-Latn", "japanese": "ja-Latn",
            "german": "de", "french": "fr", "polish": "pl", "romanian": "ro", "hungarian": "hu"}


@dataclass(frozen=True)
class Decision:
    """How one square bracket of the source was read: its line, words, class and certainty."""

    line: int
    content: str
    cls: str
    cert: str = "high"


@dataclass
class Context:
    """Per-document encoding state; never shared between documents."""

    registers: Registers
    doc_date: str
    path: str = ""
    resp: str = "#trl"
    translit: str = "und-Latn"
    footnotes: dict[str, str] = field(default_factory=dict)
    # The record's notes scopes (teikit.encode.footnotes), the current one, and the notes
    # placed so far by (scope, number); in_note is set while a note's own text is encoded.
    note_scopes: list = field(default_factory=list)
    scope: int = 0
    notes_placed: dict = field(default_factory=dict)
    in_note: bool = False
    after_notes: frozenset = frozenset()
    # The current part's notes that say which words were added by hand (teikit.encode.hands).
    hand_notes: dict = field(default_factory=dict)
    # How often each bracketed number stands in the text of each notes scope (teikit.encode.footnotes).
    marker_counts: dict = field(default_factory=dict)
    # Whether the record's text is Markdown, its emphasis marks to read (teikit.encode.emphasis).
    markdown: bool = False
    aliases: dict[str, str] = field(default_factory=dict)
    recent: dict[str, int] = field(default_factory=dict)
    clock: int = 0
    last_person: str | None = None
    quote_speaker: str | None = None
    refs: set[str] = field(default_factory=set)
    speakers: list[str] = field(default_factory=list)
    # Entries the document names in full anywhere (id -> count), read before encoding.
    present: dict[str, int] = field(default_factory=dict)
    # The document's lower-case words: capitalised at a sentence's start they are no forename ("Possibly Diem").
    common: frozenset = frozenset()
    # While a speaker's label is encoded: the persons the speaker's own turn names in the third person.
    others: frozenset = frozenset()
    # Forms left unlinked because several entries fit them equally: (line, form, candidate ids).
    unresolved: list[tuple[int, str, tuple[str, ...]]] = field(default_factory=list)
    proposed: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    line: int = 0
    translation: bool = True
    brackets: list[Decision] = field(default_factory=list)
    # The class of a bracket left open in an earlier block, which a later unopened "]" closes.
    pending: Decision | None = None

    @property
    def year(self) -> str:
        """Return the document's year ('' when unknown)."""
        return self.doc_date[:4] if len(self.doc_date) >= 4 else ""

    @property
    def month(self) -> str:
        """Return the document's month as two digits ('' when unknown)."""
        return self.doc_date[5:7] if len(self.doc_date) >= 7 else ""

    def cite(self, kind: str, ident: str) -> str:
        """Record a mention of a register entry and return its pointer ('per:kim-il-sung')."""
        self.registers.use(kind, ident)
        self.clock += 1
        self.recent[ident] = self.clock
        if kind == "person":
            self.last_person = ident
        ref = f"{PREFIX[kind]}:{ident}"
        self.refs.add(ref)
        return ref

    def speaker(self, ident: str) -> None:
        """Record that a person speaks in the document."""
        if ident not in self.speakers:
            self.speakers.append(ident)

    def decide(self, line: int, content: str, cls: str, cert: str = "high") -> None:
        """Record how a bracket of the source was read (the review and the benchmark list them)."""
        self.brackets.append(Decision(line, content, cls, cert))

    def warn(self, code: str, message: str, line: int = 0) -> None:
        """Collect a warning located at the current block."""
        self.diagnostics.append(warning(self.path, code, message, line or self.line, 1))
