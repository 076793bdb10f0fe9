"""Count the places `teikit convert` finds in an archive; print a sample of them to check by hand.

Usage: python bench/places.py [--records DIR] [--limit N] [--sample N] [--seed S] [--proposed-only]

Converts the records (default: the shared DAFP archive; any folder of records `teikit convert`
reads, e.g. FRUS documents written as records by bench/names.py) into a temporary edition as a
user would (`teikit convert RECORDS -o TEI`, one process), then prints per document: place
mentions (`placeName/@ref` in the text, datelines included), those in datelines, those of
entries the conversion proposed (`cert="low"` in places.xml: found through the gazetteer or a
dateline) and of entries with a GeoNames id, and distinct places. --sample prints N mentions
drawn at random (seeded) as TSV: document, element, pointer, words, context with the mention
in [[...]]; judge each right or wrong by hand to measure precision (--proposed-only: only the
mentions of proposed entries, outside datelines).
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
ARCHIVE = ROOT.parent / "shared" / "corpora" / "dafp-archive"
T = "{http://www.tei-c.org/ns/1.0}"
_BLOCKS = {T + name for name in ("p", "head", "note", "item", "dateline", "title", "signed", "salute", "label",
                                 "cell", "opener", "closer", "body")}


def _block(element):
    """The block (paragraph, heading, note, dateline...) that holds an element."""
    while element.tag not in _BLOCKS:
        element = element.getparent()
    return element


def _context(element) -> str:
    """The block's text with the element's words in [[...]]."""
    block = _block(element)
    marker = "\uf8ff"  # (a private-use character: no text holds it)
    element.text = marker + (element.text or "")
    text = " ".join("".join(block.itertext()).split())
    element.text = element.text[1:]
    at = text.index(marker)
    words = " ".join("".join(element.itertext()).split())
    return text[max(0, at - 80):at] + "[[" + words + "]]" + text[at + 1 + len(words):at + 1 + len(words) + 60]


def main() -> None:
    """Convert, count and sample."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=Path, default=ARCHIVE)
    parser.add_argument("--limit", type=int, default=0, help="only the first N records (by file name)")
    parser.add_argument("--sample", type=int, default=0, help="print N mentions at random to check by hand")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--proposed-only", action="store_true", help="sample only mentions of proposed entries")
    args = parser.parse_args()
    files = sorted(p for p in args.records.iterdir() if p.is_file() and not p.name.startswith("."))
    files = files[:args.limit] if args.limit else files
    with tempfile.TemporaryDirectory() as tmp:
        records = Path(tmp) / "records"
        records.mkdir()
        for path in files:
            (records / path.name).symlink_to(path.resolve())
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "teikit", "convert", str(records), "-o", str(Path(tmp) / "tei")],
                       check=False, capture_output=True)
        seconds = time.perf_counter() - started
        tei = Path(tmp) / "tei"
        register = (tei / "places.xml").read_text(encoding="utf-8") if (tei / "places.xml").exists() else ""
        proposed = set(re.findall(r'<place xml:id="([^"]+)" cert="low"', register))
        with_id = set(re.findall(r'<place xml:id="([^"]+)"[^>]*>(?:(?!</place>).)*<idno type="geonames">',
                                 register, re.S))
        counts, places, mentions = Counter(), set(), []
        documents = [p for p in sorted(tei.glob("*.xml")) if p.name not in ("persons.xml", "places.xml")]
        for path in documents:
            root = etree.parse(str(path)).getroot()
            text = root.find(T + "text")
            for index, element in enumerate(text.iter(T + "placeName")):
                ref = (element.get("ref") or "")[4:]
                if not ref:
                    continue
                dateline = _block(element).tag == T + "dateline"
                counts["mentions"] += 1
                counts["dateline"] += dateline
                counts["proposed"] += ref in proposed
                counts["geonames"] += ref in with_id
                places.add(ref)
                if not args.proposed_only or ref in proposed and not dateline:
                    mentions.append((path.name, index))
        n = len(documents) or 1
        print(f"{len(documents)} documents converted in {seconds:.1f} s ({len(documents) / seconds:.0f} records/s)")
        for key, label in (("mentions", "place mentions"), ("dateline", "in datelines"),
                           ("proposed", "of proposed entries"), ("geonames", "of entries with a GeoNames id")):
            print(f"{label:<32} {counts[key]:>7}  {counts[key] / n:6.2f} per document")
        print(f"{'distinct places':<32} {len(places):>7}  ({len(proposed)} proposed, {len(with_id)} with a GeoNames id)")
        if args.sample:
            rng = random.Random(args.seed)
            for name, index in sorted(rng.sample(mentions, min(args.sample, len(mentions)))):
                root = etree.parse(str(tei / name)).getroot()
                element = list(root.find(T + "text").iter(T + "placeName"))[index]
                block = _block(element).tag[len(T):]
                words = " ".join("".join(element.itertext()).split())
                print("\t".join((name, block, element.get("ref"), words, _context(element))))


if __name__ == "__main__":
    main()
