"""Measure an HTML edition site's page weight and how fast its filters answer in a browser.

Usage: python bench/site_weight.py SITE [--browser] [--person KEY] [--from 1950 --to 1952]
       python bench/site_weight.py SITE --tei DIR [--copies N] [--browser]

Prints, for a built site (teikit render html ... -o SITE, or an edition's build/html): the
bytes the collection page loads before any filter is used (the index page, its stylesheet and
scripts, the facet manifest and the dates), the largest page of each kind, the facet files a
filter loads on demand, and the search index. With --browser it opens SITE/index.html from
file: in Debian's chromium, filters by a person (the one in most documents, or --person) and a
date range, and prints the time each answer took and which data files were loaded.

With --tei, SITE is first built (`teikit render html DIR -o SITE`) from a folder of TEI
documents (an edition's tei/ with its registers), each document taken N times (--copies; the
copies get new file names and ids), to weigh a site larger than the archive at hand.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

INITIAL = ["index.html", "assets/teikit.css", "assets/teikit.js", "assets/facets.js", "assets/facets/manifest.js",
           "assets/facets/dates.js"]


def size(path: Path) -> int:
    """Return a file's size in bytes (0 when it is missing)."""
    return path.stat().st_size if path.is_file() else 0


def kb(n: int) -> str:
    """Return bytes as kilobytes for the report."""
    return f"{n / 1024:,.0f} KB"


def largest(site: Path, pattern: str) -> tuple[str, int]:
    """Return the largest file matching a glob pattern below the site, with its size."""
    found = [(p.relative_to(site).as_posix(), size(p)) for p in site.glob(pattern)]
    return max(found, key=lambda item: item[1], default=("-", 0))


def report(site: Path) -> dict:
    """Print the static weights of a site and return its facet manifest."""
    manifest_text = (site / "assets/facets/manifest.js").read_text(encoding="ascii")
    manifest = json.loads(manifest_text.split("=", 1)[1].strip().rstrip(";"))
    print(f"site: {site}  documents: {manifest['documents']:,}")
    initial = sum(size(site / p) for p in INITIAL)
    print(f"collection page before any filter: {kb(initial)}  ({', '.join(f'{p} {kb(size(site / p))}' for p in INITIAL)})")
    for label, pattern in (("index page", "index*.html"), ("persons listing page", "persons/index*.html"),
                           ("person page", "persons/[!i]*.html"), ("place page", "places/[!i]*.html"),
                           ("document page", "documents/*.html")):
        name, n = largest(site, pattern)
        print(f"largest {label}: {kb(n)} ({name})")
    facets = [(f["id"], f["values"], size(site / "assets" / f["src"])) for f in manifest["facets"]]
    print("facet files (loaded when a facet is opened or used): "
          + ", ".join(f"{name} {kb(n)} ({values:,} values)" for name, values, n in facets))
    rows = [size(site / "assets" / r["src"]) for r in manifest["rows"]]
    print(f"result rows: {len(rows)} files of {manifest['block']} documents, largest {kb(max(rows, default=0))}")
    print(f"ids (search page with filters): {kb(size(site / 'assets/facets/ids.js'))}")
    search = sum(size(p) for p in (site / "assets/search").glob("*.js"))
    print(f"search index: {kb(search)} in {len(list((site / 'assets/search').glob('*.js')))} shards")
    return manifest


def browse(site: Path, person: str | None, start: str, end: str) -> None:
    """Time the filters in a real browser (file: URL, no server)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        loaded: list[str] = []
        page.on("request", lambda r: loaded.append(r.url.rsplit("/assets/", 1)[-1].split("?")[0]))
        started = time.perf_counter()
        page.goto((site / "index.html").resolve().as_uri())
        page.wait_for_selector("#timeline .bar")
        print(f"browser: collection page ready with its timeline in {time.perf_counter() - started:.2f} s")
        if person is None:
            page.click("#facet-person summary")
            page.wait_for_selector("#facet-person input[type=checkbox]")
            box = page.locator("#facet-person input[type=checkbox]").first
        else:
            page.click("#facet-person summary")
            page.fill("#find-person", person)
            page.wait_for_selector("#facet-person input[type=checkbox]")
            box = page.locator("#facet-person input[type=checkbox]").first
        loaded.clear()
        started = time.perf_counter()
        box.check()
        page.wait_for_function("document.getElementById('facet-status').textContent.includes('match')")
        page.wait_for_selector("#facet-results tbody tr")
        print(f"filter by a person: {time.perf_counter() - started:.2f} s, "
              f"{page.inner_text('#facet-status')}; loaded {sorted(set(loaded))}")
        loaded.clear()
        started = time.perf_counter()
        page.fill("#date-from", start)
        page.fill("#date-to", end)
        page.press("#date-to", "Enter")
        page.wait_for_function(f"location.search.includes('from={start}')")
        print(f"and a date range {start} to {end}: {time.perf_counter() - started:.2f} s, "
              f"{page.inner_text('#facet-status')}; loaded {sorted(set(loaded))}")
        browser.close()


def build(tei: Path, copies: int, site: Path) -> None:
    """Render a site from a TEI folder whose documents are each taken `copies` times."""
    registers = {"persons.xml", "places.xml", "organizations.xml"}
    with tempfile.TemporaryDirectory(prefix="teikit-weight-") as tmp:
        folder = Path(tmp) / tei.name
        folder.mkdir()
        count = 0
        for path in sorted(tei.glob("*.xml")):
            if path.name in registers:
                shutil.copyfile(path, folder / path.name)
                continue
            text = path.read_text(encoding="utf-8")
            for copy in range(copies):
                name = path.stem if copy == 0 else f"{path.stem}-copy{copy}"
                # The document's id is its file name; a copy's root id must follow it.
                body = text if copy == 0 else re.sub(r'(<TEI\b[^>]*\bxml:id=")[^"]*', rf"\g<1>{name}", text, count=1)
                (folder / f"{name}.xml").write_text(body, encoding="utf-8")
                count += 1
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "teikit", "render", "html", str(folder), "-o", str(site),
                               "--title", f"{tei.name} x{copies}"], capture_output=True, text=True)
        print(f"built {count:,} documents ({copies} x {count // copies:,}) in {time.perf_counter() - started:.1f} s,"
              f" exit status {done.returncode}")


def main() -> None:
    """Parse the arguments and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--browser", action="store_true", help="also time the filters in headless chromium")
    parser.add_argument("--person", help="filter by this person (words of the name); default: the most frequent")
    parser.add_argument("--from", dest="start", default="1950")
    parser.add_argument("--to", dest="end", default="1952")
    parser.add_argument("--tei", type=Path, help="first build SITE from this folder of TEI documents")
    parser.add_argument("--copies", type=int, default=1, help="with --tei: take each document this many times")
    args = parser.parse_args()
    if args.tei:
        build(args.tei, args.copies, args.site)
    report(args.site)
    if args.browser:
        browse(args.site, args.person, args.start, args.end)


if __name__ == "__main__":
    main()
