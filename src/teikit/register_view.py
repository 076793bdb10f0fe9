"""The registers (persons.xml, places.xml) as one read-only view: their entries by file and id, read by the safe loader."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .diagnostics import Diagnostic
from .tei import XML_ID, T, load_document

KINDS = ("person", "org", "place")


@dataclass(frozen=True)
class RegisterEntry:
    """One entry of a register file: the file's name, its kind (person, org, place), its xml:id and its element."""

    file: str
    kind: str
    key: str
    element: etree._Element


@dataclass(frozen=True)
class RegisterView:
    """The entries of the register files that could be read, in file and document order (read, never changed)."""

    entries: tuple[RegisterEntry, ...] = ()
    files: tuple[str, ...] = ()

    def of_kind(self, kind: str, file: str | None = None) -> list[RegisterEntry]:
        """Return the entries of one kind (in one file, if given)."""
        return [e for e in self.entries if e.kind == kind and (file is None or e.file == file)]


def read_registers(paths) -> tuple[RegisterView, list[Diagnostic]]:
    """Read register files; one that cannot be read (X001-X004) is its diagnostic and adds no entry."""
    entries, files, problems = [], [], []
    for path in paths:
        tree = load_document(path)
        if isinstance(tree, Diagnostic):
            problems.append(tree)
            continue
        name = Path(path).name
        files.append(name)
        for element in tree.iter(*(T(kind) for kind in KINDS)):
            entries.append(RegisterEntry(name, etree.QName(element).localname, element.get(XML_ID) or "", element))
    return RegisterView(tuple(entries), tuple(files)), problems
