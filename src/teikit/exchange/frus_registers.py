"""The FRUS volumes' lists of persons merged into the edition's register of persons (tei/persons.xml)."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from .. import tei
from ..registers import Registers
from .frus import VolumeIndex, person_uri

T = tei.T


def person_entries(index: VolumeIndex) -> list[dict]:
    """Return one small dict per person of a volume's list: register id, name, volume, FRUS id, description."""
    return [{"id": index.person_ids[ident], "name": listed.name, "volume": index.volume, "frus": ident,
             "uri": person_uri(index.volume, ident), "description": listed.description}
            for ident, listed in index.persons.items()]


_BRACKETED = re.compile(r"\[([^\[\]]*)\]")


def _described(element, description: str) -> None:
    """Set a description as element's content; the editors' [bracketed] insertions become supplied."""
    parts = _BRACKETED.split(description)
    element.text = parts[0]
    for inserted, after in zip(parts[1::2], parts[2::2]):
        supplied = etree.SubElement(element, T("supplied"), reason="clarification")
        supplied.text = inserted
        supplied.tail = after


class _Person:
    """A person of the register and what merging asks of it, read once: its names, occupations and idnos."""

    def __init__(self, element, name: str | None = None):
        """Read a person element's names (white space collapsed) and its occupation and idno children, in order.

        A person just made with its one `name` has nothing else to read.
        """
        self.element = element
        if name is not None:
            self.names, self.occupations, self.idnos = {" ".join(name.split())}, [], []
            return
        self.names = {" ".join("".join(n.itertext()).split()) for n in element.findall(T("persName"))}
        self.occupations = element.findall(T("occupation"))
        self.idnos = element.findall(T("idno"))

    def insert_sorted(self, siblings: list, key, element) -> None:
        """Insert element among `siblings` (this person's children of its tag) so they stay sorted by key.

        The first of its tag goes after the names. `siblings` is kept equal to the person's
        children of that tag, so no insertion has to look for them again.
        """
        for at, sibling in enumerate(siblings):
            if key(sibling) > key(element):
                sibling.addprevious(element)
                siblings.insert(at, element)
                return
        if siblings:
            siblings[-1].addnext(element)
        else:
            names = self.element.findall(T("persName"))
            if names:
                names[-1].addnext(element)
            else:
                self.element.append(element)
        siblings.append(element)


def merge_persons(tei_dir: str | Path, entries: list[dict]) -> bool:
    """Merge FRUS persons into tei_dir/persons.xml; return whether the file changed.

    A person is one entry per name across volumes (id: the slug of the name): its main name,
    one `occupation` per volume (`@n` = volume) with the volume's description, and one
    `idno[@type='URI']` per volume (its history.state.gov address, which holds the volume and
    the FRUS id), each kept sorted so the register is the
    same whatever order the volumes were imported in. Hand edits are kept.
    """
    if not entries:
        return False
    tei_dir = Path(tei_dir)
    path = tei_dir / "persons.xml"
    if not path.exists():
        # The shared register template, so FRUS persons sit in the same file the converter grows.
        first = entries[0]
        Registers.merge_into(tei_dir, [{"kind": "person", "id": first["id"], "forms": {"main": [first["name"]]},
                                        "info": {}}])
    old = path.read_bytes()
    root = tei.parse_bytes(old, base_url=str(path)).getroot()
    body = root.find(f"{T('text')}/{T('body')}")
    listing = body.find(T("listPerson"))
    if listing is None:
        listing = etree.SubElement(body, T("listPerson"))
    elements = {p.get(tei.XML_ID): p for p in listing.iter(T("person")) if p.get(tei.XML_ID)}
    persons: dict[str, _Person] = {}  # the persons this merge has touched
    for entry in sorted(entries, key=lambda e: (e["id"], e["volume"], e["frus"])):
        person = persons.get(entry["id"])
        if person is None:
            element = elements.get(entry["id"])
            if element is None:
                element = etree.SubElement(listing, T("person"))
                element.set(tei.XML_ID, entry["id"])
                etree.SubElement(element, T("persName"), type="main").text = entry["name"]
                elements[entry["id"]] = element
                person = persons[entry["id"]] = _Person(element, entry["name"])
            else:
                person = persons[entry["id"]] = _Person(element)
        # New elements are made in the register's own document (makeelement), which moving them into it does not cost.
        if entry["name"] not in person.names:
            name = listing.makeelement(T("persName"), type="variant")
            name.text = entry["name"]
            person.element.findall(T("persName"))[-1].addnext(name)
            person.names.add(" ".join(entry["name"].split()))
        volume = entry["volume"]
        if entry["description"] and not any(o.get("n") == volume for o in person.occupations):
            occupation = listing.makeelement(T("occupation"), n=volume)
            _described(occupation, entry["description"])
            person.insert_sorted(person.occupations, lambda e: e.get("n") or "", occupation)
        value = entry["uri"]
        if not any(i.get("type") == "URI" and i.text == value for i in person.idnos):
            idno = listing.makeelement(T("idno"), type="URI")
            idno.text = value
            person.insert_sorted(person.idnos, lambda e: (e.get("type") != "URI", e.text or ""), idno)
    children = sorted(listing.findall(T("person")), key=lambda e: e.get(tei.XML_ID) or "")
    for child in children:
        listing.remove(child)
    listing.extend(children)
    etree.indent(root, space="  ")
    data = tei.serialize(root)
    if data == old:
        return False
    tei.write_atomic(path, data)
    return True
