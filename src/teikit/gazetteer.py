"""The gazetteer: places of GeoNames shipped with teikit, looked up by name (offline).

`schema/registers/geonames.tsv.gz` holds every country, every US state and every city of
15,000 inhabitants or more, with GeoNames ids, populations and, for capitals and cities of
100,000 or more, their other names ("Batavia", "Djakarta" for Jakarta; "Peking" for Beijing);
it is GeoNames' data under CC BY 4.0 (schema/registers/GEONAMES-LICENCE.txt), written by
tools/make_gazetteer.py. A name stands for one place only when one place stands out: see
`lookup`.
"""

from __future__ import annotations

import functools
import gzip
from dataclasses import dataclass

from .resources import schema_path

# A city this populous, or a national capital, is what a name shared with a US state means
# ("Washington", "New York"); a city five times as populous as the next of the name is what the
# name means ("London", not London, Ontario; "Geneva", not Geneva, Illinois).
STATE_BEATEN_FROM = 1_000_000
DOMINANCE = 5


@dataclass(frozen=True)
class Place:
    """A place of the gazetteer: GeoNames id, kind (country, state, capital, city), country code, population, name."""

    geonames: str
    kind: str
    country: str
    population: int
    name: str


@functools.lru_cache(maxsize=1)
def _data() -> tuple[list[str], dict[str, str]]:
    """The places' lines and each name's line numbers ("12,345"), read once per process."""
    with gzip.open(schema_path("registers", "geonames.tsv.gz"), "rb") as handle:
        places, _, names = handle.read().decode("utf-8").partition("\n\n")
    return places.split("\n"), dict(line.split("\t", 1) for line in names.splitlines())


def names() -> dict[str, str]:
    """Every name of the gazetteer (the key) and its places' line numbers (for `name in names()`)."""
    return _data()[1]


def _place(line: str) -> Place:
    ident, kind, country, population, name = line.split("\t")
    return Place(ident, kind, country, int(population), name)


@functools.lru_cache(maxsize=1)
def first_words() -> dict[str, int]:
    """The first word of every name and the most words a name it opens has (a quick test before a lookup)."""
    firsts: dict[str, int] = {}
    for name in names():
        words = name.split(" ")
        if firsts.get(words[0], 0) < len(words):
            firsts[words[0]] = len(words)
    return firsts


def known(name: str) -> bool:
    """Return whether some place of the gazetteer has this name."""
    return name in _data()[1]


@functools.lru_cache(maxsize=16384)
def lookup(name: str) -> Place | None:
    """Return the place a name stands for, or None when no place or no one place stands out.

    A country named so is meant, unless a US state is named so too ("Georgia": none); a US state
    is meant unless a national capital or a city of a million is named so ("Washington", "New
    York" are the cities); else the most populous city, when it has five times the inhabitants of
    the next ("Canton" is Guangzhou, not Canton, Ohio; "Hamilton" is none).
    """
    lines, names = _data()
    found = names.get(name)
    if not found:
        return None
    places = [_place(lines[int(index)]) for index in found.split(",")]
    countries = [p for p in places if p.kind == "country"]
    states = [p for p in places if p.kind == "state"]
    cities = sorted((p for p in places if p.kind in ("capital", "city")), key=lambda p: -p.population)
    if countries:
        return countries[0] if len(countries) == 1 and not states else None
    if states:
        big = [p for p in cities if p.kind == "capital" or p.population >= STATE_BEATEN_FROM]
        if len(big) > 1 and big[0].population < DOMINANCE * big[1].population:
            return None
        return big[0] if big else states[0] if len(states) == 1 else None
    if len(cities) > 1 and cities[0].population < DOMINANCE * cities[1].population:
        return None
    return cities[0]
