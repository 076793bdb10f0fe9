"""Benchmark `teikit convert` on the shared DAFP archive with a large persons register; prints records/s.

Usage: python bench/convert_names.py [--archive DIR] [--persons 5000] [--records N] [--src DIR] [--repeat 1]
                                    [--registers empty,large]

The register holds the persons lists of the shared FRUS volumes (inverted names with
descriptions, as an imported register has them) and, to reach --persons, persons made of
their given names and surnames, deterministically. `teikit convert ARCHIVE -o TEI` runs as
a command (as an editor runs it), with that register and with an empty one; the wall time and
the CPU time of the command (with its workers) are printed, the latter being the steadier on a
shared machine.
--src runs another checkout's code (e.g. /work/main/src, to compare before and after).

For each run it also prints the linked persons per document (issue 11.6; FRUS's expert
tagging has 9.7 person mentions per document): person mentions linked (`persName/@ref`),
distinct persons linked, and those of persons the editors' notes identify ("Philip C.
Jessup, United States Ambassador at large."), who enter the register with that description.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpora"
TEI_NS = "http://www.tei-c.org/ns/1.0"
T = "{%s}" % TEI_NS
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def frus_persons() -> list[tuple[str, str]]:
    """Return (name, description) of every item of the shared FRUS persons lists."""
    found = []
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, recover=True)
    for path in sorted((SHARED / "frus").glob("*.xml")):
        root = etree.parse(str(path), parser).getroot()
        for item in root.iterfind(".//{%s}div[@{http://www.w3.org/XML/1998/namespace}id='persons']//{%s}item"
                                  % (TEI_NS, TEI_NS)):
            name = item.find(f".//{T}persName")
            if name is None:
                continue
            text = " ".join("".join(name.itertext()).split()).strip(" ,")
            description = " ".join("".join(item.itertext()).split())[len(text):].strip(" ,")
            found.append((text, description))
    return found


def register(count: int) -> bytes:
    """Return a persons.xml of count persons: the FRUS lists, then persons made of their name parts."""
    persons = list(dict(frus_persons()).items())
    surnames = sorted({n.split(",")[0] for n, _ in persons if "," in n})
    given = sorted({n.split(",")[1].strip() for n, _ in persons if "," in n and n.split(",")[1].strip()})
    offices = sorted({d for _, d in persons if d})
    rng = random.Random(0)
    names = {n for n, _ in persons}
    while len(persons) < count:
        name = f"{rng.choice(surnames)}, {rng.choice(given)}"
        if name not in names:
            names.add(name)
            persons.append((name, rng.choice(offices)))
    root = etree.Element(T + "TEI", nsmap={None: TEI_NS})
    listing = etree.SubElement(etree.SubElement(etree.SubElement(root, T + "text"), T + "body"), T + "listPerson")
    for number, (name, description) in enumerate(persons[:count]):
        person = etree.SubElement(listing, T + "person")
        person.set(XML_ID, f"p{number}-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"))
        etree.SubElement(person, T + "persName", type="main").text = name
        if description:
            etree.SubElement(person, T + "note").text = description
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True)


def linked_persons(out: Path) -> dict[str, float]:
    """Return per-document means of linked person mentions, distinct persons, and note-identified ones."""
    described = set()
    persons = out / "persons.xml"
    if persons.exists():
        root = etree.parse(str(persons), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
        for person in root.iter(T + "person"):
            if person.get("cert") == "low" and person.find(f"{T}note[@type='description']") is not None:
                described.add("per:" + person.get(XML_ID))
    docs = mentions = distinct = from_notes = with_any = 0
    for path in sorted(out.glob("dafp-*.xml")):
        refs = re.findall(rb'<persName[^>]* ref="(per:[^"]+)"', path.read_bytes())
        docs += 1
        mentions += len(refs)
        seen = {r.decode() for r in refs}
        distinct += len(seen)
        from_notes += len(seen & described)
        with_any += bool(seen)
    docs = docs or 1
    return {"mentions": mentions / docs, "persons": distinct / docs, "note persons": from_notes / docs,
            "documents with a link": with_any / docs, "described entries": len(described)}


def convert(records: Path, persons: bytes | None, src: Path) -> tuple[float, float, int, dict]:
    """Run `teikit convert records -o tei` (with persons.xml when given); return (seconds, CPU seconds, records, links).

    The CPU seconds (user + system of the command and its workers) say more than the wall time
    on a machine shared with other work.
    """
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "tei"
        out.mkdir()
        if persons is not None:
            (out / "persons.xml").write_bytes(persons)
        env = dict(os.environ, PYTHONPATH=str(src))
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "teikit", "convert", str(records), "-o", str(out)],
                              env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        converted = len(list(out.glob("dafp-*.xml")))
        if done.returncode not in (0, 1):
            sys.exit(done.stderr[-2000:])
        return seconds, cpu, converted, linked_persons(out)


def main() -> None:
    """Convert the archive with and without the large register, print records/s."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, default=SHARED / "dafp-archive")
    parser.add_argument("--persons", type=int, default=5000)
    parser.add_argument("--records", type=int, default=0, help="only the first N records (default: all)")
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the teikit code to run")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--registers", default="empty,large", help="which runs: empty, large or both")
    args = parser.parse_args()
    if not args.archive.is_dir():
        sys.exit(f"no archive at {args.archive}")
    persons = register(args.persons)
    print(f"register: {args.persons} persons, {len(persons) / 1e6:.1f} MB; code: {args.src}")
    with tempfile.TemporaryDirectory() as tmp:
        records = args.archive
        if args.records:
            records = Path(tmp) / "records"
            records.mkdir()
            for path in sorted(args.archive.glob("*.md"))[:args.records]:
                shutil.copy(path, records / path.name)
        runs = {"empty": ("empty register", None), "large": (f"{args.persons} persons", persons)}
        for key in args.registers.split(","):
            label, register_bytes = runs[key]
            best = best_cpu = None
            for _ in range(args.repeat):
                seconds, cpu, converted, links = convert(records, register_bytes, args.src)
                best = seconds if best is None else min(best, seconds)
                best_cpu = cpu if best_cpu is None else min(best_cpu, cpu)
            print(f"{label:>16}: {converted} records in {best:.1f} s = {converted / best:.1f} records/s; "
                  f"CPU {best_cpu:.1f} s = {1000 * best_cpu / max(converted, 1):.2f} ms per record")
            print(f"{'':>16}  per document: {links['mentions']:.1f} person mentions linked, "
                  f"{links['persons']:.1f} persons, {links['note persons']:.2f} of them identified by a note; "
                  f"{links['documents with a link']:.0%} of documents link a person; "
                  f"{links['described entries']} proposed persons with a description", flush=True)


if __name__ == "__main__":
    main()
