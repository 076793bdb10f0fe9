"""The persons, organisations and places registers: load, match name forms, propose, merge."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .resources import schema_path
from .edition import EditionError
from .tei import TEI_NS, TEI_PREFIX as _T, XML_ID, UnsafeXMLError, parse, serialize, write_atomic

KINDS = ("person", "org", "place")
PREFIX = {"person": "per", "org": "org", "place": "pla"}
_NAME_TAG = {"person": "persName", "org": "orgName", "place": "placeName"}
_LIST_TAG = {"person": "listPerson", "org": "listOrg", "place": "listPlace"}
_FILE = {"person": "persons.xml", "org": "persons.xml", "place": "places.xml"}
# Lower rank wins when one form names several entries: a main name beats a variant beats
# a short name ("Kim" alone is decided by the document's context, see teikit.encode.names).
FORM_RANK = {"main": 0, "variant": 1, "short": 2}
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


def _read_entries(path: Path) -> list[Entry]:
    try:
        root = parse(path).getroot()
    except (etree.XMLSyntaxError, UnsafeXMLError) as exc:
        line = getattr(exc, "lineno", None) or getattr(exc, "line", 0) or 1
        raise RegisterError(f"{path}:{line}: not a readable register: {exc}") from None
    entries = []
    for kind in KINDS:
        for element in root.iter(_T + kind):
            ident = element.get(XML_ID)
            if not ident:
                continue
            entry = Entry(kind, ident)
            for name in element.findall(_T + _NAME_TAG[kind]):
                form = norm_form("".join(name.itertext()))
                if form:
                    entry.forms.setdefault(name.get("type") or "variant", []).append(form)
            for child in element:
                if child.tag == _T + "idno" and child.get("type"):
                    entry.info[child.get("type")] = (child.text or "").strip()
                elif child.tag in (_T + "occupation", _T + "roleName"):
                    entry.info.setdefault("role", (child.text or "").strip())
            entries.append(entry)
    return entries


class Registers:
    """Persons, organisations and places known to an edition, plus those proposed since loading.

    The shipped seed (schema/registers/*.xml, same format as an edition's registers) holds
    well-known persons and places of the genre; the edition's tei/persons.xml and
    tei/places.xml override it entry by entry. A seed entry that a document cites is
    reported by additions() so that merge_into() copies it into the edition.
    """

    def __init__(self, entries=(), seed=()):
        self._entries: dict[tuple[str, str], Entry] = {}
        self._seed_only: set[tuple[str, str]] = set()
        self._added: dict[tuple[str, str], Entry] = {}
        for entry in seed:
            self._entries[(entry.kind, entry.id)] = entry
            self._seed_only.add((entry.kind, entry.id))
        for entry in entries:
            self._entries[(entry.kind, entry.id)] = entry
            self._seed_only.discard((entry.kind, entry.id))
        # Entries shared with the seed cache are copied before they change.
        self._shared: set[tuple[str, str]] = set(self._seed_only)
        self._index: dict[str, list[tuple[int, str, str]]] = {}
        self._firsts: set[str] = set()
        self._widest = 1
        for entry in self._entries.values():
            self._index_entry(entry)

    @classmethod
    def load(cls, tei_dir: str | Path | None = None, seed: bool = True) -> "Registers":
        """Load the seed and the edition's registers in tei_dir (absent files count as empty)."""
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
        """Return an independent copy (entries are copied when they change)."""
        other = Registers.__new__(Registers)
        other._entries = dict(self._entries)
        other._seed_only = set(self._seed_only)
        other._added = dict(self._added)
        other._shared = set(self._entries)
        other._index = dict(self._index)
        other._firsts = set(self._firsts)
        other._widest = self._widest
        return other

    # -- matching -------------------------------------------------------------------------
    def _index_entry(self, entry: Entry) -> None:
        for ftype, form in entry.all_forms():
            key = norm_form(form)
            item = (FORM_RANK.get(ftype, 1), entry.kind, entry.id)
            keys = [key] if ftype == "short" or key.upper() == key else [key, key.upper()]
            for k in keys:
                bucket = self._index.get(k, [])
                if item not in bucket:
                    # A new list: buckets may be shared with copies of these registers.
                    self._index[k] = sorted(bucket + [item])
                words = k.split()
                self._firsts.add(words[0].rstrip("."))
                self._widest = max(self._widest, len(words))

    def index(self) -> dict[str, list[tuple[int, str, str]]]:
        """Return form -> [(rank, kind, id)], sorted, for every form of every entry."""
        return self._index

    def first_words(self) -> set[str]:
        """Return the first words of all name forms (a fast filter for the name finder)."""
        return self._firsts

    def widest(self) -> int:
        """Return the largest number of words in any name form."""
        return self._widest

    def candidates(self, form: str, kind: str | None = None) -> list[tuple[int, str, str]]:
        """Return the (rank, kind, id) entries a form may name, best first."""
        found = self._index.get(form) or self._index.get(norm_form(form), ())
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

    def get(self, kind: str, ident: str) -> Entry | None:
        """Return the entry with this kind and id."""
        return self._entries.get((kind, ident))

    # -- growing --------------------------------------------------------------------------
    def propose(self, kind: str, name: str, forms=(), **info) -> str:
        """Return the id of the entry the name or a form names, creating it when new.

        New ids are a pure slug of the main name, so parallel conversions agree; extra
        forms ("short:Fang", or plain variants) unknown to an existing entry are added.
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
            if (kind, ident) not in self._entries:
                entry = Entry(kind, ident, {"main": [name]})
                self._entries[(kind, ident)] = entry
                self._added[(kind, ident)] = entry
                self._index_entry(entry)
        entry = self._entries[(kind, ident)]
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
            self._index_entry(entry)
        if new_forms or new_info or (kind, ident) in self._seed_only:
            self._added[(kind, ident)] = entry
        return ident

    def _writable(self, kind: str, ident: str) -> Entry:
        key = (kind, ident)
        if key in self._shared:
            old = self._entries[key]
            self._entries[key] = Entry(kind, ident, {k: list(v) for k, v in old.forms.items()}, dict(old.info))
            self._shared.discard(key)
            if key in self._added:
                self._added[key] = self._entries[key]
        return self._entries[key]

    def use(self, kind: str, ident: str) -> None:
        """Note that a document cites an entry, so a seed entry gets copied into the edition."""
        if (kind, ident) in self._seed_only and (kind, ident) not in self._added:
            self._added[(kind, ident)] = self._entries[(kind, ident)]

    def additions(self) -> list[dict]:
        """Return the entries proposed or first cited since loading, as JSON-able dicts."""
        return [self._added[key].to_dict() for key in sorted(self._added)]

    # -- writing --------------------------------------------------------------------------
    @staticmethod
    def merge_into(tei_dir: str | Path, additions) -> list[Path]:
        """Merge additions into tei_dir/persons.xml and places.xml, keeping hand edits.

        Entries are sorted by id in each list; files are written atomically and only when
        they change. Returns the files written.
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
            for addition in items:
                _merge_entry(root, addition)
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


def _merge_entry(root: etree._Element, addition: dict) -> None:
    kind = addition["kind"]
    body = root.find(f"{_T}text/{_T}body")
    lst = body.find(_T + _LIST_TAG[kind])
    if lst is None:
        lst = etree.SubElement(body, _T + _LIST_TAG[kind])
    element = None
    for candidate in lst.findall(_T + kind):
        if candidate.get(XML_ID) == addition["id"]:
            element = candidate
            break
    if element is None:
        element = etree.SubElement(lst, _T + kind)
        element.set(XML_ID, addition["id"])
    tag = _T + _NAME_TAG[kind]
    known = {norm_form("".join(n.itertext())) for n in element.findall(tag)}
    names = element.findall(tag)
    anchor = names[-1] if names else None
    for ftype in ("main", "variant", "short"):
        for form in addition["forms"].get(ftype, []):
            if norm_form(form) in known:
                continue
            name = etree.Element(tag, type=ftype if names or ftype != "main" else "main")
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
        etree.SubElement(element, _T + "occupation").text = info["role"]
    for key, value in sorted(info.items()):
        if key == "role":
            continue
        if not any(i.get("type") == key for i in element.findall(_T + "idno")):
            etree.SubElement(element, _T + "idno", type=key).text = value
