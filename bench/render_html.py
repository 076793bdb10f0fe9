"""Benchmark the HTML edition on the shared FRUS volume split into documents; prints figures.

Usage: python bench/render_html.py [--jobs N] [--volume PATH] [--repeat R] [--tei-xsl PATH]

With the TEI Consortium's stylesheets (Debian's tei-xsl: /usr/share/xml/tei/stylesheet/html/html.xsl,
or --tei-xsl) and Saxon-HE (/usr/share/java/Saxon-HE.jar), the same folder is also rendered by
them in one JVM (`java -jar Saxon-HE.jar -s:DIR -o:DIR -xsl:html.xsl`) and the ratio of the
two wall times printed. They are a benchmark's yardstick only, never a teikit dependency.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from frus_split import write_split  # noqa: E402

from teikit.build import run_tasks  # noqa: E402
from teikit.render import html, collection  # noqa: E402
from teikit.stages.html import HtmlStage  # noqa: E402


def main() -> None:
    """Split the volume, render it serially and in a process pool, and print documents per second."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--volume", default=str(ROOT.parent / "shared" / "corpora" / "frus" / "frus1964-68v29p1.xml"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tei-xsl", default="/usr/share/xml/tei/stylesheet/html/html.xsl",
                        help="the TEI Consortium's html.xsl, for the side-by-side comparison")
    parser.add_argument("--saxon", default="/usr/share/java/Saxon-HE.jar")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_split(args.volume, Path(tmp) / "tei")
        n = len(paths)
        print(f"{n} documents, {sum(p.stat().st_size for p in paths) / n / 1024:.1f} KiB of TEI each on average")

        site = Path(tmp) / "site"
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            # As `teikit render html -j JOBS` runs them: the html stage's tasks on the build's engine.
            stage = HtmlStage()
            results = run_tasks(stage, stage.tasks(paths, site, {}), args.jobs)
            best = min(best, time.perf_counter() - start)
        failed = [r.key for r in results if not r.ok]
        print(f"pool of {args.jobs}: {n / best:.0f} documents/s ({best * 1000 / n:.2f} ms/document, "
              f"{best:.2f} s wall for the volume, worker start-up and stylesheet compilation included; "
              f"best of {args.repeat}); {len(failed)} failed")

        html.render_task(paths[0], site)  # compile in this process first
        start = time.perf_counter()
        for path in paths:
            html.render_task(path, site)
        serial = time.perf_counter() - start
        print(f"one process, warm: {n / serial:.0f} documents/s ({serial * 1000 / n:.2f} ms/document)")

        start = time.perf_counter()
        collection.build_site(site, [r.summary for r in results if r.ok])
        print(f"collection pages and search index: {time.perf_counter() - start:.2f} s")
        compare_tei_stylesheets(args, Path(tmp) / "tei", n, best)


def compare_tei_stylesheets(args, folder: Path, n: int, teikit_seconds: float) -> None:
    """Render the same folder with the TEI Consortium's stylesheets on Saxon-HE (one JVM) and print the ratio."""
    if not (Path(args.tei_xsl).exists() and Path(args.saxon).exists() and shutil.which("java")):
        print(f"TEI Consortium stylesheets: not measured ({args.tei_xsl}, {args.saxon} or java missing; "
              "Debian's tei-xsl package, where available, provides them)")
        return
    out = folder.parent / "tei-xsl"
    out.mkdir(exist_ok=True)  # Saxon writes a directory's results only into an existing directory
    start = time.perf_counter()
    done = subprocess.run(["java", "-jar", args.saxon, f"-s:{folder}", f"-o:{out}", f"-xsl:{args.tei_xsl}"],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        print(f"TEI Consortium stylesheets failed: {done.stderr[-500:]}")
        return
    print(f"TEI Consortium stylesheets (Saxon-HE, one JVM): {n / seconds:.0f} documents/s ({seconds:.2f} s); "
          f"teikit takes {teikit_seconds / seconds:.2f} x their time")


if __name__ == "__main__":
    main()
