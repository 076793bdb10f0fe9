"""Benchmark the HTML edition's collection level (build_site): full build, then one-document changes, with memory.

Usage: python bench/site_pages.py [--documents 1000 10000] [--trace]

Synthetic summaries (about 15 mentions each over 300 register keys, a few of them in nearly
every document, as in real archives) go through `teikit.render.collection.build_site` as the
build's html stage hands them over: a full build of a fresh site, then incremental calls that
change one document's words, its title, add one and remove one. Prints time, the Python
peak (with --trace, tracemalloc) and the process's maximum RSS so far.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import random
import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

from teikit.render import collection, saxon
from teikit.render.html import SEARCH_ENTRIES, search_entry, stylesheet

KEYS = 300


def key_of(n: int) -> str:
    """Return the pointer of register key number n (places, organisations and persons mixed)."""
    prefix = "pla" if n % 3 == 0 else ("org" if n % 7 == 0 else "per")
    return f"{prefix}:k{n:03d}"


def summary(i: int, variant: int = 0) -> dict:
    """Return the summary of synthetic document i (a variant changes its title)."""
    rng = random.Random(i * 1000003)
    when = "" if rng.random() < 0.03 else f"{1945 + rng.randrange(30)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
    mentions: dict[str, list[list[str]]] = {}
    for count in range(1, 16):
        # A few very frequent keys (Zipf-like) and a long tail.
        ref = key_of(min(KEYS - 1, int(rng.paretovariate(0.7)) - 1))
        mentions.setdefault(ref, []).append([f"m{count}", f"Name {ref[4:]} form {rng.randrange(3)}"])
    title = f"Record {rng.choice(['of Conversation', 'of a Talk', 'Memo'])} {i}{' (rev)' * variant}"
    return {"id": f"doc-{i:05d}", "title": title, "when": when, "date": when,
            "lang": rng.choice(["Russian", "Chinese", ""]), "archive": f"Archive {rng.randrange(50)}", "mentions": mentions}


def with_search(site: Path, s: dict, words: str = "") -> dict:
    """Write a document's search entry as render_task does and return its summary with the entry's digest."""
    entry = search_entry(s, f"words of {s['id']} {words} " * 20)
    path = site / SEARCH_ENTRIES / f"{s['id']}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(entry)
    return {**s, "search": hashlib.sha256(entry).hexdigest()[:16]}


def registers(folder: Path) -> list[Path]:
    """Write persons.xml and places.xml registering two thirds of the keys."""
    tei = 'xmlns="http://www.tei-c.org/ns/1.0"'
    persons, places = [], []
    for n in (n for n in range(KEYS) if n % 3 != 2):
        ref = key_of(n)
        key = ref[4:]
        if ref.startswith("pla"):
            places.append(f'<place xml:id="{key}"><placeName type="main">Place {key}</placeName></place>')
        else:
            persons.append(f'<person xml:id="{key}"><persName type="main">Person {key}</persName>'
                           f'<persName>Variant {key}</persName><occupation>Job {n}</occupation></person>')
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "persons.xml").write_text(
        f'<TEI {tei}><text><body><listPerson>{"".join(persons)}</listPerson></body></text></TEI>', encoding="utf-8")
    (folder / "places.xml").write_text(
        f'<TEI {tei}><text><body><listPlace>{"".join(places)}</listPlace></body></text></TEI>', encoding="utf-8")
    return [folder / "persons.xml", folder / "places.xml"]


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(label: str, trace: bool, action) -> None:
    gc.collect()
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    action()
    seconds = time.perf_counter() - started
    peak = f"{tracemalloc.get_traced_memory()[1] / 2**20:7.2f} MB" if trace else "    n/a"
    if trace:
        tracemalloc.stop()
    print(f"  {label:36s} {seconds:7.3f} s   Python peak {peak}   max RSS so far {max_rss_mb():6.1f} MB", flush=True)


def run(n: int, trace: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="teikit-site-") as tmp:
        folder = Path(tmp)
        regs, site = registers(folder / "registers"), folder / "site"
        summaries = [with_search(site, summary(i)) for i in range(n)]
        keep = [s["id"] for s in summaries]
        # Saxon started and the stylesheet compiled before measuring: every build pays that once.
        saxon.compiled(stylesheet())
        del summaries
        print(f"{n} documents (max RSS before the build {max_rss_mb():.1f} MB)")
        measure("full build of a fresh site", trace,
                lambda: collection.build_site(site, (with_search(site, summary(i)) for i in range(n)), regs))
        measure("nothing changed", trace, lambda: collection.build_site(site, [], regs, keep=keep))
        middle = summary(n // 2)
        reworded = with_search(site, middle, "edited")
        measure("one document's words changed", trace, lambda: collection.build_site(site, [reworded], regs, keep=keep))
        retitled = with_search(site, summary(n // 2, variant=1))
        measure("one document's title changed", trace,
                lambda: collection.build_site(site, [retitled], regs, keep=keep))
        added = with_search(site, summary(n + 1))
        measure("one document added", trace,
                lambda: collection.build_site(site, [added], regs, keep=keep + [added["id"]]))
        measure("one document removed", trace, lambda: collection.build_site(site, [], regs, keep=keep))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--trace", action="store_true", help="measure the Python peak with tracemalloc (slower)")
    args = parser.parse_args()
    for n in args.documents:
        run(n, args.trace)


if __name__ == "__main__":
    main()
