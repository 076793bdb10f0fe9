"""The register entries as the site shows them: read from persons.xml and places.xml, with how an index lists each."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from ..diagnostics import Diagnostic
from ..register_view import read_registers
from ..tei import xpath
from .html import SAFE_KEY, element_text
from .index_names import name_sort_key, person_index_name

# Authority files whose register idno values become links on person and place pages.
AUTHORITY_URLS = {
    "wikidata": ("Wikidata", "https://www.wikidata.org/wiki/{}"),
    "viaf": ("VIAF", "https://viaf.org/viaf/{}"),
    "geonames": ("GeoNames", "https://www.geonames.org/{}"),
    "gnd": ("GND", "https://d-nb.info/gnd/{}"),
}
# The site folder of each kind of register entry (the pointer prefixes per:, org:, pla: agree).
FOLDER_OF = {"person": "persons", "org": "organizations", "place": "places"}


@dataclass
class RegisterPage:
    """A register entry as the site shows it: main name, other forms, facts, authority links, index name and sort key."""

    register: str
    key: str
    name: str
    forms: tuple[str, ...] = ()
    facts: tuple[tuple[str, str], ...] = ()
    links: tuple[tuple[str, str, str], ...] = ()
    index_name: str = ""
    sort_key: str = ""

    def __post_init__(self):
        if not self.index_name:
            self.index_name = self.name
        if not self.sort_key:
            self.sort_key = name_sort_key(self.name)


def person_index(main, names) -> tuple[str, str]:
    """Return how an index of persons (the site's, the volume's) lists a person and its sort key (surname first)."""
    name = element_text(main)
    surnames = xpath("tei:surname")(main)
    if surnames:
        surname = " ".join(element_text(s) for s in surnames)
        rest = " ".join(name.replace(surname, "", 1).split())
        leads = xpath("*[1]")(main)[0] is surnames[0]
        return person_index_name(name, surname=surname, rest=rest, surname_leads=leads)
    shorts = [element_text(n) for n in names if n.get("type") == "short"]
    return person_index_name(name, shorts)


def load_registers(paths) -> tuple[dict[tuple[str, str], RegisterPage], list[Diagnostic]]:
    """Read persons.xml / places.xml into entries keyed by (site folder, key): persons, organizations, places."""
    entries: dict[tuple[str, str], RegisterPage] = {}
    # X001-X004: an unreadable register's entries are left out, the site is still built.
    view, problems = read_registers(paths)
    for entry in view.entries:
        element, key = entry.element, entry.key
        if not SAFE_KEY.match(key):
            continue
        register = FOLDER_OF[entry.kind]
        names = xpath("tei:persName | tei:orgName | tei:placeName")(element)
        main = next((n for n in names if n.get("type") == "main"), names[0] if names else None)
        facts = tuple((etree.QName(e).localname.capitalize(), element_text(e)) for e in xpath(
            "tei:occupation | tei:roleName | tei:affiliation | tei:birth | tei:death | tei:location/tei:geo"
            " | tei:note")(element) if element_text(e))
        links = []
        for idno in xpath("tei:idno")(element):
            kind, value = (idno.get("type") or "").lower(), element_text(idno)
            if kind in AUTHORITY_URLS and SAFE_KEY.match(value):
                label, url = AUTHORITY_URLS[kind]
                links.append((label, url.format(value), value))
        name = element_text(main) if main is not None else key
        index_name, sort_key = (person_index(main, names) if register == "persons" and main is not None
                                else (name, name_sort_key(name)))
        entries[(register, key)] = RegisterPage(
            register, key, name or key,
            tuple(dict.fromkeys(element_text(n) for n in names if n is not main and element_text(n))),
            facts, tuple(links), index_name or key, sort_key or key)
    return entries, problems
