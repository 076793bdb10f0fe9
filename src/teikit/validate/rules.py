"""The edition's rule checks beyond the schema: one function per rule code.

Each rule takes a `RuleContext` (one parsed document plus the registers) and yields
diagnostics located at the offending element's line.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lxml import etree

from .. import tei
from ..diagnostics import Diagnostic, error, warning
from ..register_view import read_registers
from ..tei import XML_ID, T

# Attributes whose values are pointers (space-separated) that must resolve.
POINTER_ATTRIBUTES = ("who", "ref", "corresp", "target", "sameAs", "resp")
DATE_ATTRIBUTES = ("when", "notBefore", "notAfter", "from", "to")
# Register prefix -> the element that an entry with this prefix must be.
REGISTER_KINDS = {"per": "person", "org": "org", "pla": "place"}
# Pointers with these schemes leave the edition; they are not resolved.
EXTERNAL = re.compile(r"^(https?|mailto|urn|doi):", re.IGNORECASE)
# How far from the document's own date another date of its text may plausibly lie (years).
# Documents look ahead: agreements name target dates and terms ("by 1995" in 1982).
YEARS_BEFORE = 100
YEARS_AFTER = 25
EARLIEST_DOCUMENT_YEAR = 1800
DATE_SHAPE = re.compile(r"^(-?\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
                        r"(?:Z|[+-]\d{2}:\d{2})?)?)?)?$")


@dataclass(frozen=True)
class RegisterKinds:
    """The entries of the register files, by id, with the kind of element each one is."""

    folder: str
    entries: dict[str, dict[str, str]] = field(default_factory=dict)

    def kind(self, filename: str, ident: str) -> str | None:
        """Return 'person', 'org' or 'place' for an entry, or None when it does not exist."""
        return self.entries.get(filename, {}).get(ident)

    def has(self, filename: str) -> bool:
        """Return whether the register file was found."""
        return filename in self.entries


REGISTER_FILES = tuple(sorted(set(tei.REGISTER_PREFIXES.values())))


def load_registers(folder: str) -> RegisterKinds:
    """Return the registers in folder (persons.xml, places.xml; missing ones are left out).

    Read once per process and folder, and again only when a register file changes, so a
    long-lived worker (watch mode, a Dask cluster) never checks against stale entries.
    """
    stamps = []
    for filename in REGISTER_FILES:
        try:
            # os.stat on a joined string: this runs for every document, and a pathlib.Path
            # costs ten times the stat itself.
            info = os.stat(os.path.join(folder, filename))
            stamps.append((info.st_mtime_ns, info.st_size))
        except OSError:
            stamps.append(None)
    return _read_registers(folder, tuple(stamps))


@lru_cache(maxsize=16)
def _read_registers(folder: str, stamps: tuple) -> RegisterKinds:
    # A register that cannot be read is reported by its own validation; here it has no entries.
    view, _ = read_registers([Path(folder) / filename for filename in REGISTER_FILES])
    entries: dict[str, dict[str, str]] = {filename: {} for filename in view.files}
    for entry in view.entries:
        if entry.key:
            entries[entry.file][entry.key] = entry.kind
    return RegisterKinds(folder, entries)


_ALL_ATTRIBUTES = etree.XPath("//@*")


@dataclass
class RuleContext:
    """One document under check: its tree, path, registers and the facts rules share."""

    path: str
    tree: etree._ElementTree
    registers: RegisterKinds | None

    def __post_init__(self):
        self.root = self.tree.getroot()
        # One XPath walk in C collects every attribute; the rules then filter by name, which
        # is several times faster than one walk per attribute name.
        self.all_attributes = _ALL_ATTRIBUTES(self.root)
        self.id_attributes = self.attributes((XML_ID,))
        self.ids: dict[str, etree._Element] = {}
        for value in self.id_attributes:
            self.ids.setdefault(str(value), value.getparent())
        # The header's creation dates, which R204 and R205 both read.
        self.creation_dates: list[etree._Element] = tei.xpath("tei:teiHeader/tei:profileDesc/tei:creation/tei:date")(self.root)

    def register_refs(self) -> list[str]:
        """Return the register entries ('per:x') the document's pointer attributes name, sorted, each once."""
        refs = {token for value in self.attributes(POINTER_ATTRIBUTES) for token in value.split()
                if tei.resolve_register_ref(token) is not None}
        return sorted(refs)

    def attributes(self, names) -> list:
        """Return the attributes with these names, in document order, each with .getparent()."""
        wanted = set(names)
        return [value for value in self.all_attributes if value.attrname in wanted]

    def error(self, code: str, element: etree._Element, message: str) -> Diagnostic:
        """Build an error located at element's line."""
        return error(self.path, code, message, element.sourceline or 0, 1)

    def warning(self, code: str, element: etree._Element, message: str) -> Diagnostic:
        """Build a warning located at element's line."""
        return warning(self.path, code, message, element.sourceline or 0, 1)

    def body_elements(self, local: str) -> Iterator[etree._Element]:
        """Iterate over the elements named local inside text (not the header)."""
        for text in self.root.iter(T("text")):
            yield from text.iter(T(local))

    def document_date(self) -> dt.date | None:
        """Return the header's creation date, when there is a real one."""
        for date in self.creation_dates:
            parsed = parse_when(date.get("when", ""))
            if parsed is not None:
                return parsed
        return None


def _real_date(year: int, month: int | None, day: int | None) -> dt.date | None:
    try:
        return dt.date(year, 1 if month is None else month, 1 if day is None else day)
    except ValueError:
        return None


def parse_when(value: str) -> dt.date | None:
    """Return the first day a W3C date/dateTime/gYear(Month) denotes, or None if it is no real date."""
    match = DATE_SHAPE.match(value.strip())
    if match is None or match.group(1).startswith("-"):
        return None
    year, month, day, hour, minute, second = (int(g) if g else None for g in match.groups())
    if year == 0:
        return None
    if hour is not None and (hour > 24 or minute > 59 or (second or 0) > 59):
        return None
    return _real_date(year, month, day)


def _tokens(value: str) -> list[str]:
    return value.split()


def rule_pointers(ctx: RuleContext) -> Iterator[Diagnostic]:
    """R201: every @who, @ref, @corresp, @target, @sameAs and @resp resolves."""
    missing_registers: set[str] = set()
    # A document cites the same persons and places many times: resolve each pointer once.
    known: dict[str, str | None] = {}
    for value in ctx.attributes(POINTER_ATTRIBUTES):
        for pointer in _tokens(value):
            if pointer in known:
                problem = known[pointer]
            else:
                problem, repeats = _unresolved(ctx, pointer, missing_registers)
                known[pointer] = problem if repeats else None
            if problem:
                element = value.getparent()
                name = etree.QName(element).localname
                yield ctx.error("R201", element, f"<{name} {value.attrname}=\"{value}\">: {problem}")


def rule_internal_pointers(ctx: RuleContext) -> Iterator[Diagnostic]:
    """R201 for any TEI: every same-document pointer (#id) in those attributes resolves; others are not followed."""
    for value in ctx.attributes(POINTER_ATTRIBUTES):
        for pointer in _tokens(value):
            if pointer.startswith("#") and pointer[1:] not in ctx.ids:
                element = value.getparent()
                name = etree.QName(element).localname
                yield ctx.error("R201", element, f"<{name} {value.attrname}=\"{value}\">: "
                                                 f"no element with xml:id=\"{pointer[1:]}\" in this document")


def _unresolved(ctx: RuleContext, pointer: str, missing_registers: set[str]) -> tuple[str | None, bool]:
    """Return why pointer does not resolve (None if it does), and whether to say so at every use.

    A missing register file is said once per document, at the first pointer into it.
    """
    if pointer.startswith("#"):
        found = pointer[1:] in ctx.ids
        return (None if found else f"no element with xml:id=\"{pointer[1:]}\" in this document"), True
    if EXTERNAL.match(pointer):
        return None, True
    target = tei.resolve_register_ref(pointer)
    if target is not None:
        filename, ident = target
        if ctx.registers is None or not ctx.registers.has(filename):
            if filename in missing_registers:
                return None, False
            missing_registers.add(filename)
            return (f"cannot resolve {pointer}: register {filename} not found "
                    "(put it beside the document or use --registers DIR)"), False
        kind = ctx.registers.kind(filename, ident)
        expected = REGISTER_KINDS[pointer.split(":", 1)[0]]
        if kind is None:
            return f"{pointer} is not in the register {filename}", True
        if kind != expected:
            return f"{pointer} names {_article(kind)} in {filename}, not {_article(expected)}", True
        return None, True
    if ":" in pointer.split("#", 1)[0]:
        return f"unknown pointer prefix in {pointer} (use per:, org:, pla:, #id or a URL)", True
    filename = pointer.partition("#")[0]
    if filename and "/" not in filename and os.path.isfile(os.path.join(os.path.dirname(ctx.path), filename)):
        return None, True
    return f"{pointer} does not name a document of the edition", True


def _article(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def rule_unique_ids(ctx: RuleContext) -> Iterator[Diagnostic]:
    """R202: xml:id values are unique in the document."""
    first: dict[str, etree._Element] = {}
    for value in ctx.id_attributes:
        ident, element = str(value), value.getparent()
        if ident in first:
            yield ctx.error("R202", element, f"xml:id=\"{ident}\" is already used on line {first[ident].sourceline}")
        else:
            first[ident] = element


def rule_real_dates(ctx: RuleContext) -> Iterator[Diagnostic]:
    """R203: every date attribute (@when, @from, @to, @notBefore, @notAfter) is a real ISO date."""
    for value in ctx.attributes(DATE_ATTRIBUTES):
        element = value.getparent()
        # @from/@to of locus, citedRange and biblScope are pages, not dates.
        if etree.QName(element).localname in ("locus", "citedRange", "biblScope"):
            continue
        if parse_when(value) is None:
            yield ctx.error("R203", element, f"{value.attrname}=\"{value}\" is not a real ISO 8601 date "
                                             "(YYYY, YYYY-MM, YYYY-MM-DD or a date-time)")


def rule_date_range(ctx: RuleContext) -> Iterator[Diagnostic]:
    """R204: dates lie within the document's plausible range (around its creation date)."""
    doc_date = ctx.document_date()
    if doc_date is None:
        return
    today = dt.date.today()
    creation = ctx.creation_dates[0]
    if doc_date.year < EARLIEST_DOCUMENT_YEAR or doc_date > today:
        yield ctx.error("R204", creation,
                        f"creation date {creation.get('when')} is not between {EARLIEST_DOCUMENT_YEAR} and today")
        return
    low = _real_date(doc_date.year - YEARS_BEFORE, 1, 1)
    high = _real_date(doc_date.year + YEARS_AFTER, 12, 31)
    for element in ctx.body_elements("date"):
        value = element.get("when")
        when = parse_when(value) if value else None
        if when is None:
            continue
        if next(element.iterancestors(T("note")), None) is not None:
            # A note is commentary, written when the edition was made: it recounts what came
            # before the document and what followed it (a later publication, the outcome), so
            # only a date after today is implausible there.
            if when > today:
                yield ctx.error("R204", element, f"when=\"{value}\" in a note is after today")
        elif not low <= when <= high:
            yield ctx.error("R204", element, f"when=\"{value}\" is implausible for a document dated "
                                             f"{doc_date.isoformat()} (expected {low.year}-{high.year})")


def _documented_discrepancy(ctx: RuleContext) -> bool:
    return bool(tei.xpath("tei:teiHeader/tei:fileDesc/tei:notesStmt/tei:note[@type='discrepancy']")(ctx.root))


def rule_dateline(ctx: RuleContext) -> Iterator[Diagnostic]:
    """R205: the header's creation date agrees with the dateline, unless a discrepancy note explains it.

    A warning, not an error: archives date a record by the meeting, the dispatch or the filing,
    and a dateline days later is often right (minutes signed after the talk); the editor
    decides, and records the decision in notesStmt/note[@type='discrepancy'].
    """
    creation = next((date for date in ctx.creation_dates if date.get("when") is not None), None)
    if creation is None or _documented_discrepancy(ctx):
        return
    header = creation.get("when").split("T")[0]
    for dateline in ctx.body_elements("dateline"):
        for date in dateline.iter(T("date")):
            value = date.get("when")
            if not value:
                continue
            day = value.split("T")[0]
            if not (day.startswith(header) or header.startswith(day)):
                yield ctx.warning("R205", date, f"dateline date {value} disagrees with the header date {header} "
                                              "(correct one, or explain it in notesStmt/note[@type='discrepancy'])")


def rule_speaker(ctx: RuleContext) -> Iterator[Diagnostic]:
    """R206: every sp has a speaker."""
    for sp in ctx.body_elements("sp"):
        if sp.find(T("speaker")) is None:
            yield ctx.error("R206", sp, "<sp> has no <speaker>")


CHOICE_PAIRS = ({"sic", "corr"}, {"orig", "reg"}, {"abbr", "expan"})


def rule_choice(ctx: RuleContext) -> Iterator[Diagnostic]:
    """R207: a choice holds both sic and corr, or both orig and reg (or abbr and expan)."""
    for choice in ctx.root.iter(T("choice")):
        children = {etree.QName(c).localname for c in choice if isinstance(c.tag, str)}
        if children not in CHOICE_PAIRS:
            found = ", ".join(sorted(children)) or "nothing"
            yield ctx.error("R207", choice, f"<choice> holds {found}; it needs sic and corr, or orig and reg")


def rule_not_empty(ctx: RuleContext) -> Iterator[Diagnostic]:
    """R208: no empty supplied or note in the text (the header may record an empty archive-page section)."""
    for element in (e for text in ctx.root.iter(T("text")) for e in text.iter(T("supplied"), T("note"))):
        has_child = any(isinstance(c.tag, str) for c in element)
        if not has_child and not "".join(element.itertext()).strip():
            yield ctx.error("R208", element, f"empty <{etree.QName(element).localname}>")


def rule_brackets(ctx: RuleContext) -> Iterator[Diagnostic]:
    """R209: no literal square bracket is left in the text (they are encoded as elements)."""
    # Serialising the text's characters (in C) rules out the common, clean case cheaply.
    if not any(b"[" in chars or b"]" in chars for chars in
               (etree.tostring(text, method="text", encoding="UTF-8") for text in ctx.root.iter(T("text")))):
        return
    for text in ctx.root.xpath("//tei:text//text()[contains(., '[') or contains(., ']')]", namespaces=tei.NSMAP):
        at = text.getparent()
        parent = at if text.is_text else at.getparent()
        yield _bracket(ctx, parent, str(text), at)


def _bracket(ctx: RuleContext, parent: etree._Element, text: str, at: etree._Element) -> Diagnostic:
    index = min(i for i in (text.find("["), text.find("]")) if i >= 0)
    excerpt = " ".join(text[max(0, index - 20):index + 20].split())
    name = etree.QName(parent).localname
    return ctx.error("R209", at, f"literal square bracket in <{name}>: \"{excerpt}\" "
                                 "(encode it as supplied, gap, note or choice)")


def rule_speakers_listed(ctx: RuleContext) -> Iterator[Diagnostic]:
    """R210: every person speaking (sp/@who, said/@who) is listed in particDesc."""
    listed = set()
    for person in tei.xpath("tei:teiHeader/tei:profileDesc/tei:particDesc//tei:person")(ctx.root):
        if person.get("sameAs"):
            listed.add(person.get("sameAs"))
        if person.get(XML_ID):
            listed.add("#" + person.get(XML_ID))
    for element in ctx.root.iter(T("sp"), T("said")):
        for who in _tokens(element.get("who", "")):
            if who not in listed:
                name = etree.QName(element).localname
                yield ctx.error("R210", element,
                                f"<{name} who=\"{who}\">: {who} is not listed in profileDesc/particDesc")


# Code -> (rule, one-line description); the README's table of codes follows it.
RULES: dict[str, tuple[Callable[[RuleContext], Iterator[Diagnostic]], str]] = {
    "R201": (rule_pointers, "a pointer (@who, @ref, @corresp, @target, @sameAs, @resp) does not resolve"),
    "R202": (rule_unique_ids, "an xml:id is used twice"),
    "R203": (rule_real_dates, "a date attribute is not a real ISO date"),
    "R204": (rule_date_range, "a date lies outside the document's plausible range"),
    "R205": (rule_dateline, "the header date disagrees with the dateline (and no discrepancy note says why)"),
    "R206": (rule_speaker, "an sp has no speaker"),
    "R207": (rule_choice, "a choice lacks its pair (sic+corr, orig+reg)"),
    "R208": (rule_not_empty, "an empty supplied or note in the text"),
    "R209": (rule_brackets, "a literal square bracket left in the text"),
    "R210": (rule_speakers_listed, "a speaker is not listed in particDesc"),
}


# The rules that hold for any TEI, run on the documents checked against TEI All (or the schema
# they declare) instead of RULES: the edition's conventions (registers, date plausibility,
# brackets, choice pairs...) are not theirs, and unique IDs are the schema's ID datatype's
# business (an xml:id inside egXML is no ID there).
ANY_TEI_RULES: dict[str, tuple[Callable[[RuleContext], Iterator[Diagnostic]], str]] = {
    "R201": (rule_internal_pointers, "a same-document pointer (#id) does not resolve"),
}


def check_rules(ctx: RuleContext, rules: dict = RULES) -> list[Diagnostic]:
    """Run every rule (of the edition, or the given set) on one document; return its diagnostics in document order."""
    found = [diag for rule, _doc in rules.values() for diag in rule(ctx)]
    return sorted(found, key=lambda d: (d.line, d.code, d.message))
