"""Record ids: every record of an edition gets one unique, stable id, with fallbacks for clashes.

A reader proposes an `Identity` for each record: its candidate ids, best first (the source's
own number, then the document order, then one made from the file name), and a rank that
decides which of several records with the same number keeps it. `assign` gives every record
its first candidate that no other record holds, so the ids depend only on the set of records,
never on the order in which they are converted or on which worker converts them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_NOT_NAME = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Identity:
    """The candidate ids of one record, best first, and its rank among records that share the first."""

    candidates: tuple[str, ...]
    rank: tuple = ()


@dataclass(frozen=True)
class Clash:
    """A record that did not get its first candidate because another record holds it."""

    key: str
    wanted: str
    holder: str
    given: str


def file_id(prefix: str, path: str | Path) -> str:
    """Return an id made from a file's name: prefix + its lower-case stem, letters and digits joined by hyphens."""
    stem = _NOT_NAME.sub("-", Path(path).stem.lower()).strip("-") or "record"
    return f"{prefix}-{stem}"


def assign(identities: dict[str, Identity]) -> tuple[dict[str, str], list[Clash]]:
    """Give every record (by key) a unique id; return the ids and the records that fell back.

    Of the records that share a first candidate, the lowest (rank, key) keeps it; every first
    candidate is reserved for its holder, so a fallback never takes another record's own
    number. The others take their next candidate that is free, and as a last resort their
    last candidate with "-2", "-3"... appended.
    """
    groups: dict[str, list[str]] = {}
    for key, identity in identities.items():
        groups.setdefault(identity.candidates[0], []).append(key)
    ids: dict[str, str] = {}
    taken: set[str] = set(groups)
    losers: list[tuple[str, str, str]] = []
    for wanted, keys in groups.items():
        keys.sort(key=lambda k: (identities[k].rank, k))
        ids[keys[0]] = wanted
        losers.extend((key, wanted, keys[0]) for key in keys[1:])
    clashes = []
    for key, wanted, holder in sorted(losers, key=lambda item: (identities[item[0]].rank, item[0])):
        candidates = identities[key].candidates
        given = next((c for c in candidates[1:] if c not in taken), None)
        if given is None:
            count = 2
            while f"{candidates[-1]}-{count}" in taken:
                count += 1
            given = f"{candidates[-1]}-{count}"
        taken.add(given)
        ids[key] = given
        clashes.append(Clash(key, wanted, holder, given))
    return ids, clashes
