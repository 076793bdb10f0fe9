"""The data of the site's faceted browsing: script files under assets/facets/ made from the site's state.

The browser filters documents by date, person, organization, place, archive, collection,
original language and kind of document without a server: the data comes in script files
(which load from file: too, where fetch would not), each loaded only when needed:

- facets/manifest.js: the number of documents and every other file with a version;
- facets/dates.js: each document's date, in the index's order (the order numbers documents);
- facets/NAME.js: a facet's values (label, number of documents) and, per value, the
  documents that have it, as gaps between their numbers in base 36;
- facets/rows/N.js: the rows of the result list (id, title, date, language, archive), by
  blocks of ROWS_BLOCK documents; facets/ids.js maps the search's document ids to numbers.

A file is written only when its bytes change, so a rebuild that changes nothing on the
collection level writes nothing here.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

from .html import folder_names, write_if_changed

FOLDER = "assets/facets"
MANIFEST = f"{FOLDER}/manifest.js"
ROWS_BLOCK = 500
# (id, label, where its values come from): a summary field, or a register of the cites table.
FACETS = (("type", "Kind of document", "type"), ("person", "Person", "persons"),
          ("organization", "Organization", "organizations"), ("place", "Place", "places"),
          ("archive", "Archive", "archive"), ("collection", "Collection", "collection"),
          ("lang", "Original language", "lang"))
_REGISTER_FACETS = {"persons", "organizations", "places"}
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def document_values(summary: dict) -> list[tuple[str, str]]:
    """Return the (facet, value) pairs of a document that come from its summary (not from its mentions)."""
    values = [("type", summary.get("type", "")), ("lang", summary.get("lang", "")),
              ("collection", summary.get("collection", ""))]
    values += [("archive", name) for name in summary.get("repositories", [])]
    return sorted({(facet, value) for facet, value in values if value})


def _base36(number: int) -> str:
    digits = ""
    while True:
        number, rest = divmod(number, 36)
        digits = _DIGITS[rest] + digits
        if not number:
            return digits


def encode_gaps(numbers: list[int]) -> str:
    """Return ascending numbers as the gaps between them (the first from -1) in base 36, joined by '.'."""
    previous, out = -1, []
    for number in numbers:
        out.append(_base36(number - previous))
        previous = number
    return ".".join(out)


def _date_number(when: str) -> int:
    """Return an ISO date as a number YYYYMMDD (00 for a missing month or day), 0 when undated."""
    digits = when[:10].replace("-", "")
    if len(digits) < 4 or not digits[:4].isdigit():
        return 0
    return int((digits + "0000")[:8]) if digits.isdigit() else int(digits[:4] + "0000")


def _script(name: str, data) -> bytes:
    # ensure_ascii keeps every file pure ASCII, so no character can end a script early.
    body = json.dumps(data, ensure_ascii=True, separators=(",", ":"), sort_keys=True)
    return f"(window.TEIKIT_FACET_DATA = window.TEIKIT_FACET_DATA || {{}})[{json.dumps(name)}] = {body};\n".encode("ascii")


def _facet_values(db: sqlite3.Connection, source: str, order: dict[str, int]) -> tuple[list, list]:
    """Return a facet's values [[key, label, documents]] (most documents first) and each value's document numbers."""
    if source in _REGISTER_FACETS:
        rows = db.execute("SELECT c.key, COALESCE(e.name, c.key), c.doc_id FROM cites c LEFT JOIN entries e"
                          " ON e.register = c.register AND e.key = c.key WHERE c.register = ?"
                          " ORDER BY c.key", (source,))
    else:
        rows = db.execute("SELECT value, value, doc_id FROM facets WHERE facet = ? ORDER BY value", (source,))
    found: dict[str, tuple[str, list[int]]] = {}
    for key, label, ident in rows:
        if ident in order:
            found.setdefault(key, (label, []))[1].append(order[ident])
    ranked = sorted(found.items(), key=lambda item: (-len(item[1][1]), item[1][0].casefold(), item[0]))
    values = [[key, label, len(docs)] for key, (label, docs) in ranked]
    return values, [encode_gaps(sorted(docs)) for _, (_, docs) in ranked]


def _version(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def write_facets(db: sqlite3.Connection, site: Path) -> list[str]:
    """Write the facet files whose content changed and the manifest listing them; return the files written."""
    docs = db.execute("SELECT id, when_iso, title, date, lang, archive, type FROM docs ORDER BY sort_key, id").fetchall()
    order = {row[0]: number for number, row in enumerate(docs)}
    files: dict[str, bytes] = {}
    dates = [_date_number(row[1]) for row in docs]
    dated = sum(1 for d in dates if d)
    # Documents are in date order (undated last, as 0): the dates go as gaps, which stay small.
    gaps, previous = [], 0
    for number in dates:
        gaps.append(("-" if number < previous else "") + _base36(abs(number - previous)))
        previous = number
    files["dates.js"] = _script("dates", ".".join(gaps))
    files["ids.js"] = _script("ids", [row[0] for row in docs])
    listed = []
    for ident, label, source in FACETS:
        values, postings = _facet_values(db, source, order)
        # A facet whose one value every document has filters nothing: no file, no list to open.
        if not values or (len(values) == 1 and values[0][2] == len(docs)):
            continue
        name = f"{ident}.js"
        files[name] = _script(ident, {"values": values, "docs": postings})
        listed.append({"id": ident, "label": label, "src": f"facets/{name}", "values": len(values)})
    rows = []
    for block in range(0, len(docs), ROWS_BLOCK):
        name = f"rows/{block // ROWS_BLOCK}.js"
        files[name] = _script(name, [list(row[:1]) + list(row[2:]) for row in docs[block:block + ROWS_BLOCK]])
        rows.append({"src": f"facets/{name}", "count": len(docs[block:block + ROWS_BLOCK])})
    written = [name for name, data in sorted(files.items()) if write_if_changed(site / FOLDER / name, data)]
    for entry in listed + rows:
        entry["v"] = _version(files[entry["src"].removeprefix("facets/")])
    manifest = {"documents": len(docs), "dated": dated, "facets": listed, "rows": rows, "block": ROWS_BLOCK,
                "dates": {"src": "facets/dates.js", "v": _version(files["dates.js"])},
                "ids": {"src": "facets/ids.js", "v": _version(files["ids.js"])}}
    text = "window.TEIKIT_FACETS = " + json.dumps(manifest, ensure_ascii=True, sort_keys=True) + ";\n"
    if write_if_changed(site / MANIFEST, text.encode("ascii")):
        written.append("manifest.js")
    for folder, keep in ((site / FOLDER, {n for n in files if "/" not in n} | {"manifest.js", "rows"}),
                         (site / FOLDER / "rows", {n.removeprefix("rows/") for n in files if n.startswith("rows/")})):
        for stale in sorted(folder_names(folder) - keep):
            (folder / stale).unlink()
    return written

