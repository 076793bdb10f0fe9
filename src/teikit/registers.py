"""The persons, organisations and places registers: load, match name forms, propose, merge."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import orjson
from lxml import etree

from .resources import schema_path
from .edition import EditionError
from .naming import Office, derived, offices, parts
from .tei import TEI_NS, TEI_PREFIX as _T, XML_ID, UnsafeXMLError, parse, serialize, write_atomic

KINDS = ("person", "org", "place")
PREFIX = {"person": "per", "org": "org", "place": "pla"}
_NAME_TAG = {"person": "persName", "org": "orgName", "place": "placeName"}
_LIST_TAG = {"person": "listPerson", "org": "listOrg", "place": "listPlace"}
_FILE = {"person": "persons.xml", "org": "persons.xml", "place": "places.xml"}
# Lower rank wins when one form names several entries: a main name beats a variant (or a
# form derived from the main name: "George Ball" for "Ball, George W.") beats a short name
# ("Kim" alone is decided by the document's context, see teikit.encode.names).
FORM_RANK = {"main": 0, "variant": 1, "derived": 1, "short": 2}
# Short forms of a bracketed other spelling ("Chow (Chou) Shu-kai": "Chou") rank after the others.
SECONDARY = 3
# What teikit proposes is marked uncertain until an editor confirms it (removes the mark):
# only confirmed entries, forms and descriptions link names, so a document's encoding never
# depends on what other documents proposed, nor on the order in which the registers grew.
PROPOSED = "low"
_APOSTROPHE = re.compile(r"['’]")
_NON_SLUG = re.compile(r"[^a-z0-9]+")

_TEMPLATES = {
    "persons.xml": ("persons", "Register of persons and organizations",
                    "Part of the edition; edit by hand: variant forms, roles, authority ids."),
    "places.xml": ("places", "Register of places",
                   "Part of the edition; edit by hand: variant forms and romanizations, authority ids."),
}


def slug(name: str) -> str:
    """Return the register id of a main name: lower-case ASCII words joined by hyphens."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    text = _APOSTROPHE.sub("", text.lower())
    return _NON_SLUG.sub("-", text).strip("-") or "unnamed"


def norm_form(form: str) -> str:
    """Return the lookup key of a name form: single spaces, typographic apostrophes unified."""
    if "  " not in form and "\n" not in form and "’" not in form and form.strip() == form:
        return form
    return " ".join(form.replace("’", "'").split())


@dataclass
class Entry:
    """One register entry: kind, id, name forms by type, and descriptive info."""

    kind: str
    id: str
    forms: dict[str, list[str]] = field(default_factory=dict)
    info: dict[str, str] = field(default_factory=dict)
    offices: list[Office] = field(default_factory=list)

    @property
    def main(self) -> str:
        """Return the main name."""
        return (self.forms.get("main") or [self.id])[0]

    def all_forms(self):
        """Yield (type, form) for every name form."""
        for kind, forms in self.forms.items():
            for form in forms:
                yield kind, form

    def to_dict(self) -> dict:
        """Return the JSON-able form used by additions()."""
        return {"kind": self.kind, "id": self.id, "forms": {k: list(v) for k, v in sorted(self.forms.items())},
                "info": dict(sorted(self.info.items()))}


_SEED: dict[str, object] = {}


def seed_dir() -> Path:
    """Return the folder of the shipped register seed (schema/registers/, in the wheel's data)."""
    return schema_path("registers")


def _seed_entries() -> list[Entry]:
    """Return the shipped seed entries, parsed once per process."""
    if "entries" not in _SEED:
        seed = seed_dir()
        _SEED["entries"] = _read_entries(seed / "persons.xml") + _read_entries(seed / "places.xml")
    return _SEED["entries"]


def _seeded() -> "Registers":
    """Return the registers holding only the seed, built once per process (callers copy it)."""
    if "registers" not in _SEED:
        _SEED["registers"] = Registers((), _seed_entries())
    return _SEED["registers"]


class RegisterError(EditionError):
    """A register file cannot be read (a usage or environment error, exit status 2)."""


def _dates(element) -> tuple[str, str]:
    return (element.get("from") or element.get("notBefore") or element.get("when") or "",
            element.get("to") or element.get("notAfter") or element.get("when") or "")


def _read_entries(path: Path) -> list[Entry]:
    """Return the confirmed entries of a register file (proposals marked cert="low" are left out)."""
    try:
        root = parse(path).getroot()
    except (etree.XMLSyntaxError, UnsafeXMLError) as exc:
        line = getattr(exc, "lineno", None) or getattr(exc, "line", 0) or 1
        raise RegisterError(f"{path}:{line}: not a readable register: {exc}") from None
    entries = []
    for kind in KINDS:
        for element in root.iter(_T + kind):
            ident = element.get(XML_ID)
            if not ident or element.get("cert") == PROPOSED:
                continue
            entry = Entry(kind, ident)
            for name in element.findall(_T + _NAME_TAG[kind]):
                form = norm_form("".join(name.itertext()))
                if form and name.get("cert") != PROPOSED:
                    entry.forms.setdefault(name.get("type") or "variant", []).append(form)
            for child in element:
                if child.get("cert") == PROPOSED:
                    continue
                text = " ".join("".join(child.itertext()).split())
                if child.tag == _T + "idno" and child.get("type"):
                    entry.info[child.get("type")] = text
                elif child.tag in (_T + "occupation", _T + "roleName"):
                    entry.info.setdefault("role", text)
                    start, end = _dates(child)
                    entry.offices += [Office(o.title, o.domain, o.start or start, o.end or end)
                                      for o in offices(text)]
                elif child.tag == _T + "note" and child.get("type") in (None, "description") and text:
                    # "Under Secretary of State January 30, 1962–September 30, 1966": offices with dates.
                    entry.info.setdefault("description", text)
                    entry.offices += offices(text)
            entries.append(entry)
    return entries


def confirmed_digest(tei_dir: str | Path) -> str:
    """Return a digest of what links names in an edition's registers (its confirmed entries and forms).

    Proposals merged by a conversion leave it unchanged, so merging them redoes no document;
    an editor's change to a confirmed entry changes it, and every record is converted again.
    """
    # The edition's entries over the seed's: a seed entry copied into the edition changes nothing.
    entries = {(e.kind, e.id): e for e in _seed_entries()}
    for name in ("persons.xml", "places.xml"):
        path = Path(tei_dir) / name
        if path.exists():
            entries.update(((e.kind, e.id), e) for e in _read_entries(path))
    digest = hashlib.sha256()
    for key in sorted(entries):
        entry = entries[key]
        digest.update(orjson.dumps([entry.to_dict(), [list(o.__dict__.values()) for o in entry.offices]]))
    return digest.hexdigest()[:32]


class _Index:
    """Name form -> entries, the first words of all forms, the widest form: shared by copies, never changed."""

    __slots__ = ("forms", "firsts", "widest", "capitals", "given", "authorities")

    def __init__(self, forms=None, firsts=None, widest=1):
        self.forms: dict[str, tuple[tuple[int, str, str], ...]] = forms if forms is not None else {}
        self.firsts: set[str] = firsts if firsts is not None else set()
        self.widest = widest
        # One-word forms by their spelling in capitals ("RUSK": "Rusk"), built when first asked.
        self.capitals: dict[str, str | None] | None = None
        # Persons by each of their given names ("Foster": John Foster Dulles), built when first asked.
        self.given: dict[str, tuple[str, ...]] | None = None
        # Entries by an authority id they alone have ((kind, "geonames", "1642911"): "jakarta"), built when first asked.
        self.authorities: dict[tuple[str, str, str], str] | None = None


def entry_forms(entry: Entry, inverted: bool = False) -> list[tuple[str, int]]:
    """Return (form, rank) for every way the entry may be named, its own forms and the derived ones.

    A person's main and variant forms give full forms and, unless the entry lists its short
    forms itself, the surname as a short form (see teikit.naming).
    """
    keys: list[tuple[str, int]] = []
    explicit_short = bool(entry.forms.get("short"))
    for ftype, form in entry.all_forms():
        rank = FORM_RANK.get(ftype, 1)
        keys.append((norm_form(form), rank))
        if entry.kind == "person" and rank < 2:
            full, short, _ = derived(form, inverted)
            keys += [(norm_form(f), 1) for f in full]
            if not explicit_short:
                # Short forms of the other spellings (after None) rank after those of the main one.
                secondary = short.index(None) if None in short else len(short)
                keys += [(norm_form(f), 2 if i < secondary else SECONDARY) for i, f in enumerate(short) if f is not None]
    # Forms match in capitals too ("KIM IL SUNG", "A. PUZANOV"); short ones do not ("KIM" may be an acronym).
    keys += [(key.upper(), rank) for key, rank in keys if rank < 2 and key.upper() != key]
    # A single letter ("I" of "Hussein I") is never a name by itself, unless the editors name a
    # person so (an envoy known as "X"; never "I" or "A", words of every sentence). An office's
    # letter ("S", the Secretary's office) is left out: "U.S." and "E–S" are full of them.
    own = {norm_form(form) for ftype, form in entry.all_forms() if FORM_RANK.get(ftype, 1) < 2} \
        if entry.kind == "person" else set()
    return [(key, rank) for key, rank in keys
            if len(key.rstrip(".")) > 1 or key in own and key.isalpha() and key not in ("I", "A")]


def _name_titles(entry: Entry, inverted: bool) -> list[Office]:
    """Return the titles a person's register names carry ("McNaughton, General Andrew G. L.")."""
    found = []
    for ftype, form in entry.all_forms():
        if FORM_RANK.get(ftype, 1) < 2:
            found += [Office(title) for title in derived(form, inverted)[2] if Office(title) not in found]
    return found


class Registers:
    """Persons, organisations and places known to an edition, plus those proposed since loading.

    The shipped seed (schema/registers/*.xml, same format as an edition's registers) holds
    well-known persons and places of the genre; the edition's tei/persons.xml and
    tei/places.xml override it entry by entry. A seed entry that a document cites is
    reported by additions() so that merge_into() copies it into the edition. Copies share
    the loaded entries and name index and keep what they propose or change apart, so a copy
    per record costs what the record adds, not the size of the register.
    """

    def __init__(self, entries=(), seed=()):
        # The loaded entries, never changed once built (copies share the dict); the entries a
        # copy proposes or changes are in _entries, which get() reads first.
        self._loaded: dict[tuple[str, str], Entry] = {}
        self._entries: dict[tuple[str, str], Entry] = {}
        self._seed_only: set[tuple[str, str]] = set()
        self._added: dict[tuple[str, str], Entry] = {}
        self._proposed: set[tuple[str, str]] = set()
        self._marks: dict[tuple[str, str], set[str]] = {}
        loaded = self._loaded
        for entry in seed:
            loaded[(entry.kind, entry.id)] = entry
            self._seed_only.add((entry.kind, entry.id))
        for entry in entries:
            loaded[(entry.kind, entry.id)] = entry
            self._seed_only.discard((entry.kind, entry.id))
        # The entries this object may change in place; the others (shared with the seed cache
        # or, in a copy, with the registers it was copied from) are copied before they change.
        self._own: set[tuple[str, str]] = set(loaded) - self._seed_only
        persons = [e for e in loaded.values() if e.kind == "person" and e.forms.get("main")]
        # A register that writes Western names inverted ("Ball, George W.") writes the others
        # in their own order, family name first ("Kim Chong-pil", "Tran Van Chuong").
        self._inverted = sum("," in e.main for e in persons) * 2 > len(persons) > 0
        self._base = _Index()
        self._local: dict[str, tuple[tuple[int, str, str], ...]] = {}
        self._local_firsts: set[str] = set()
        self._widest = 1
        for key, entry in loaded.items():
            if entry.kind == "person":
                titles = [o for o in _name_titles(entry, self._inverted) if o not in entry.offices]
                if titles:
                    # A new entry: those read once (the seed) are shared by every Registers of the process.
                    entry = loaded[key] = Entry(entry.kind, entry.id, entry.forms, entry.info,
                                                entry.offices + titles)
            self._index_entry(entry, self._base.forms, self._base.firsts)
        self._base.widest = self._widest

    @classmethod
    def load(cls, tei_dir: str | Path | None = None, seed: bool = True) -> "Registers":
        """Load the seed and the edition's confirmed register entries in tei_dir (absent files count as empty)."""
        entries = []
        if tei_dir is not None:
            for name in ("persons.xml", "places.xml"):
                path = Path(tei_dir) / name
                if path.exists():
                    entries += _read_entries(path)
        if not seed:
            return cls(entries)
        if not entries:
            return _seeded().copy()
        return cls(entries, _seed_entries())

    def copy(self) -> "Registers":
        """Return an independent copy (entries are copied when they change; the index is shared)."""
        other = Registers.__new__(Registers)
        other._loaded = self._loaded
        other._entries = dict(self._entries)
        other._seed_only = self._seed_only  # (never changed once built)
        other._added = dict(self._added)
        other._proposed = set(self._proposed)
        other._marks = {k: set(v) for k, v in self._marks.items()}
        other._own = set()
        other._inverted = self._inverted
        other._base = self._base
        other._local = dict(self._local)
        other._local_firsts = set(self._local_firsts)
        other._widest = self._widest
        return other

    # -- matching -------------------------------------------------------------------------
    def _index_entry(self, entry: Entry, forms=None, firsts=None) -> None:
        forms = self._local if forms is None else forms
        firsts = self._local_firsts if firsts is None else firsts
        for key, rank in entry_forms(entry, self._inverted):
            item = (rank, entry.kind, entry.id)
            bucket = forms.get(key) or self._base.forms.get(key, ())
            if item in bucket:
                continue
            # A new tuple: buckets are shared with the loaded index and its copies.
            forms[key] = tuple(sorted(bucket + (item,)))
            words = key.split()
            firsts.add(words[0].rstrip("."))
            self._widest = max(self._widest, len(words))

    def opens(self, word: str) -> bool:
        """Return whether a word (without a final full stop) is the first word of some name form."""
        return word in self._base.firsts or word in self._local_firsts

    def spelled(self, capitals: str) -> str | None:
        """Return the one-word form a word in capitals spells ("RUSK": "Rusk"), unless several do."""
        if self._base.capitals is None:
            index: dict[str, str | None] = {}
            for key in self._base.forms:
                if " " not in key and not key.isupper():
                    index[key.upper()] = key if index.get(key.upper(), key) == key else None
            self._base.capitals = index
        spellings = {key for key in self._local if " " not in key and key.upper() == capitals and not key.isupper()}
        base = self._base.capitals.get(capitals, "")
        if base:
            spellings.add(base)
        return spellings.pop() if len(spellings) == 1 and base is not None else None

    def given_name(self, name: str) -> tuple[str, ...]:
        """Return the ids of the persons who have this given name ("Foster", "Selwyn"), initials not counted."""
        if self._base.given is None:
            self._base.given = self._given_index(e for e in self._loaded.values() if e.kind == "person")
        local = self._given_index(e for (kind, _), e in self._entries.items() if kind == "person")
        return tuple(sorted(set(self._base.given.get(name, ()) + local.get(name, ()))))

    def _given_index(self, entries) -> dict[str, tuple[str, ...]]:
        index: dict[str, tuple[str, ...]] = {}
        for entry in entries:
            named = parts(entry.main, self._inverted)
            for given in named.given if named else ():
                if len(given.rstrip(".")) > 1 and entry.id not in index.get(given, ()):
                    index[given] = index.get(given, ()) + (entry.id,)
        return index

    def has_form(self, form: str) -> bool:
        """Return whether some entry has this exact form."""
        return form in self._local or form in self._base.forms

    @property
    def inverted(self) -> bool:
        """Whether this register writes Western names inverted ("Ball, George W.")."""
        return self._inverted

    def widest(self) -> int:
        """Return the largest number of words in any name form."""
        return self._widest

    def candidates(self, form: str, kind: str | None = None) -> list[tuple[int, str, str]]:
        """Return the (rank, kind, id) entries a form may name, best first."""
        found = self._local.get(form) or self._base.forms.get(form)
        if found is None:
            key = norm_form(form)
            found = self._local.get(key) or self._base.forms.get(key, ())
        if kind is None:
            return list(found)
        return [c for c in found if c[1] == kind]

    def lookup(self, kind: str, form: str) -> str | None:
        """Return the id of the one entry of this kind that the form names best, else None."""
        found = self.candidates(form, kind)
        if not found:
            return None
        best = [c for c in found if c[0] == found[0][0]]
        return best[0][2] if len(best) == 1 else None

    def with_authority(self, kind: str, key: str, value: str) -> str | None:
        """Return the id of the one confirmed entry of this kind with this authority id (`idno type=key`), else None."""
        if self._base.authorities is None:
            found: dict[tuple[str, str, str], list[str]] = {}
            for entry in self._loaded.values():
                for name, text in entry.info.items():
                    if name not in ("role", "description", "evidence"):
                        found.setdefault((entry.kind, name, text), []).append(entry.id)
            self._base.authorities = {k: ids[0] for k, ids in found.items() if len(ids) == 1}
        return self._base.authorities.get((kind, key, value))

    def get(self, kind: str, ident: str) -> Entry | None:
        """Return the entry with this kind and id."""
        key = (kind, ident)
        entry = self._entries.get(key)
        return entry if entry is not None else self._loaded.get(key)

    # -- growing --------------------------------------------------------------------------
    def propose(self, kind: str, name: str, forms=(), evidence: str = "", **info) -> str:
        """Return the id of the entry the name or a form names, creating it when new.

        New ids are a pure slug of the main name, so parallel conversions agree; extra
        forms ("short:Fang", or plain variants) unknown to an existing entry are added.
        A new entry records its evidence (the words of the text that made it). All of it is
        a proposal: merged into the edition's registers as uncertain (cert="low").
        """
        name = norm_form(name)
        ident = self.lookup(kind, name)
        if ident is None:
            for form in forms:
                ident = self.lookup(kind, _form_text(form))
                if ident is not None:
                    break
        if ident is None:
            ident = slug(name)
            if self.get(kind, ident) is None:
                entry = Entry(kind, ident, {"main": [name]}, {"evidence": evidence} if evidence else {})
                self._entries[(kind, ident)] = entry
                self._own.add((kind, ident))
                self._added[(kind, ident)] = entry
                self._proposed.add((kind, ident))
                self._index_entry(entry)
        entry = self.get(kind, ident)
        new_forms = []
        for form in forms:
            ftype, text = _form_type(form), norm_form(_form_text(form))
            if text and all(norm_form(f) != text for _, f in entry.all_forms()) and (ftype, text) not in new_forms:
                new_forms.append((ftype, text))
        new_info = {k: str(v) for k, v in info.items() if v and k not in entry.info}
        if new_forms or new_info:
            entry = self._writable(kind, ident)
            for ftype, text in new_forms:
                entry.forms.setdefault(ftype, []).append(text)
            entry.info.update(new_info)
            marks = self._marks.setdefault((kind, ident), set())
            marks.update(f"{ftype}:{text}" for ftype, text in new_forms)
            marks.update(f"info:{key}" for key in new_info)
            self._index_entry(entry)
        if new_forms or new_info or (kind, ident) in self._seed_only:
            self._added[(kind, ident)] = entry
        return ident

    def proposals(self) -> list[dict]:
        """Return the entries proposed since loading (new persons, places, organisations), with their evidence."""
        return [self._added[key].to_dict() for key in sorted(self._proposed)]

    def _writable(self, kind: str, ident: str) -> Entry:
        key = (kind, ident)
        if key not in self._own:
            old = self.get(kind, ident)
            self._entries[key] = Entry(kind, ident, {k: list(v) for k, v in old.forms.items()}, dict(old.info),
                                       list(old.offices))
            self._own.add(key)
            if key in self._added:
                self._added[key] = self._entries[key]
        return self.get(kind, ident)

    def use(self, kind: str, ident: str) -> None:
        """Note that a document cites an entry, so a seed entry gets copied into the edition."""
        if (kind, ident) in self._seed_only and (kind, ident) not in self._added:
            self._added[(kind, ident)] = self.get(kind, ident)

    def additions(self) -> list[dict]:
        """Return the entries proposed or first cited since loading, as JSON-able dicts.

        "proposed" says what merge_into() marks uncertain: the whole entry (True) or the
        forms and descriptions ("variant:Kim Il (Vice Premier)", "info:role") added to a known one.
        """
        found = []
        for key in sorted(self._added):
            addition = self._added[key].to_dict()
            if key in self._proposed:
                addition["proposed"] = True
            elif self._marks.get(key):
                addition["proposed"] = sorted(self._marks[key])
            found.append(addition)
        return found

    # -- writing --------------------------------------------------------------------------
    @staticmethod
    def merge_into(tei_dir: str | Path, additions, created: Counter | None = None) -> list[Path]:
        """Merge additions into tei_dir/persons.xml and places.xml, keeping hand edits.

        Entries are sorted by id in each list; files are written atomically and only when
        they change. Returns the files written; `created`, when given, counts by kind the
        proposed entries the registers did not hold yet (the build's summary reports them).
        """
        tei_dir = Path(tei_dir)
        by_file: dict[str, list[dict]] = {}
        for addition in additions:
            by_file.setdefault(_FILE[addition["kind"]], []).append(addition)
        written = []
        for name, items in sorted(by_file.items()):
            path = tei_dir / name
            old = path.read_bytes() if path.exists() else b""
            root = parse(path).getroot() if old else _template(name)
            # Each list's entries by id, looked up per addition (a scan each time is quadratic in the register).
            entries: dict[str, dict[str, etree._Element]] = {}
            for addition in items:
                if _merge_entry(root, addition, entries) and created is not None:
                    created[addition["kind"]] += 1
            for kind in ("person", "org", "place"):
                lst = root.find(f".//{_T}{_LIST_TAG[kind]}")
                if lst is not None:
                    children = sorted(lst.findall(_T + kind), key=lambda e: e.get(XML_ID) or "")
                    for child in children:
                        lst.remove(child)
                    lst.extend(children)
            etree.indent(root, space="  ")
            data = serialize(root)
            if data != old:
                write_atomic(path, data)
                written.append(path)
        return written


def _form_type(form) -> str:
    if isinstance(form, tuple):
        return form[0]
    return form.split(":", 1)[0] if form.startswith(("short:", "variant:", "main:")) else "variant"


def _form_text(form) -> str:
    if isinstance(form, tuple):
        return form[1]
    return form.split(":", 1)[1] if form.startswith(("short:", "variant:", "main:")) else form


def _template(name: str) -> etree._Element:
    ident, title, publication = _TEMPLATES[name]
    root = etree.Element(_T + "TEI", nsmap={None: TEI_NS})
    root.set(XML_ID, ident)
    root.set("{http://www.w3.org/XML/1998/namespace}lang", "en")
    header = etree.SubElement(root, _T + "teiHeader")
    file_desc = etree.SubElement(header, _T + "fileDesc")
    etree.SubElement(etree.SubElement(file_desc, _T + "titleStmt"), _T + "title").text = title
    etree.SubElement(etree.SubElement(file_desc, _T + "publicationStmt"), _T + "p").text = publication
    etree.SubElement(etree.SubElement(file_desc, _T + "sourceDesc"), _T + "p").text = \
        "Grown by teikit convert from the records; curated by the editors."
    etree.SubElement(etree.SubElement(root, _T + "text"), _T + "body")
    return root


def _merge_entry(root: etree._Element, addition: dict, entries: dict[str, dict[str, etree._Element]]) -> bool:
    """Merge one addition into its list; return whether it made a new proposed entry."""
    kind = addition["kind"]
    body = root.find(f"{_T}text/{_T}body")
    lst = body.find(_T + _LIST_TAG[kind])
    if lst is None:
        lst = etree.SubElement(body, _T + _LIST_TAG[kind])
    if kind not in entries:
        # The first entry of an id is the one merged into, should the editors have written it twice.
        entries[kind] = {}
        for candidate in lst.findall(_T + kind):
            entries[kind].setdefault(candidate.get(XML_ID), candidate)
    element = entries[kind].get(addition["id"])
    proposed = addition.get("proposed") or False
    new = element is None and proposed is True
    if element is None:
        element = etree.SubElement(lst, _T + kind)
        element.set(XML_ID, addition["id"])
        entries[kind][addition["id"]] = element
        if proposed is True:
            element.set("cert", PROPOSED)
    # Inside an uncertain entry everything is uncertain; a known entry marks what is proposed.
    marks = set() if element.get("cert") == PROPOSED else set(proposed) if isinstance(proposed, list) else None

    def mark(child, what: str):
        if marks is None and proposed is True and element.get("cert") != PROPOSED or marks and what in marks:
            child.set("cert", PROPOSED)
        return child

    tag = _T + _NAME_TAG[kind]
    known = {norm_form("".join(n.itertext())) for n in element.findall(tag)}
    names = element.findall(tag)
    anchor = names[-1] if names else None
    for ftype in ("main", "variant", "short"):
        for form in addition["forms"].get(ftype, []):
            if norm_form(form) in known:
                continue
            name = mark(etree.Element(tag, type=ftype if names or ftype != "main" else "main"), f"{ftype}:{form}")
            if ftype == "main" and names:
                name.set("type", "variant")
            name.text = form
            if anchor is None:
                element.insert(0, name)
            else:
                anchor.addnext(name)
            anchor = name
            names.append(name)
            known.add(norm_form(form))
    info = addition.get("info", {})
    if info.get("role") and element.find(_T + "occupation") is None:
        mark(etree.SubElement(element, _T + "occupation"), "info:role").text = info["role"]
    for key, value in sorted(info.items()):
        if key in ("role", "description", "evidence"):
            continue
        if not any(i.get("type") == key for i in element.findall(_T + "idno")):
            mark(etree.SubElement(element, _T + "idno", type=key), f"info:{key}").text = value
    # Notes last, as TEI orders an organisation's content.
    for key in ("description", "evidence"):
        if info.get(key) and not any(n.get("type") == key for n in element.findall(_T + "note")):
            mark(etree.SubElement(element, _T + "note", type=key), f"info:{key}").text = info[key]
    return new
