"""Benchmark a real archive end to end: the shared DAFP records through convert, validate and html.

Usage: python bench/archive.py [--records DIR] [--jobs 2] [--limit N] [--stages S] [--keep DIR]

Copies the records (default ../shared/corpora/dafp-archive/) into a temporary edition, runs
`teikit build --stages convert,validate,html --jobs N` as a user would (a subprocess),
samples the resident memory of the whole process tree, and prints: time per stage and in
total, the CPU time of the build and all its workers (less sensitive than wall time to a
shared machine; `--stages convert` gives one stage's), the peak memory, how many documents were valid, invalid and left out, and the page
weight of the site's index pages and search shards, and how many documents TEI All refuses.
The round trip and the encoding's fidelity are bench/archive_fidelity.py's.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import TreeMemory  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ARCHIVE = ROOT.parent / "shared" / "corpora" / "dafp-archive"


def make_edition(base: Path, records: Path, limit: int | None) -> tuple[Path, int]:
    """Copy the records (all, or the first `limit` by name) into a new edition folder."""
    edition = base / "edition"
    (edition / "records").mkdir(parents=True)
    files = sorted(p for p in records.iterdir() if p.is_file() and not p.name.startswith("."))
    if limit:
        files = files[:limit]
    for path in files:
        shutil.copyfile(path, edition / "records" / path.name)
    (edition / "edition.toml").write_text(
        '[edition]\ntitle = "Documents on Australian Foreign Policy"\nidentifier = "dafp"\n', encoding="utf-8")
    return edition, len(files)


def weight(paths: list[Path]) -> str:
    """Return 'N files, total KB, largest KB' for some files."""
    sizes = [p.stat().st_size for p in paths if p.is_file()]
    if not sizes:
        return "none"
    return f"{len(sizes)} files, {sum(sizes) / 1024:,.0f} KB in all, largest {max(sizes) / 1024:,.0f} KB"


def tei_all_invalid(paths: list[Path]) -> int:
    """Return how many documents TEI All refuses (teikit's RELAX NG matcher on the shipped grammar)."""
    from teikit import resources
    from teikit.tei import load_document
    from teikit.validate.rng import rng_validator

    grammar = rng_validator(str(resources.schema_path("tei_all.rng")))
    bad = 0
    for path in paths:
        tree = load_document(path)
        bad += not isinstance(tree, etree._ElementTree) or bool(grammar.faults(tree))
    return bad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=Path, default=ARCHIVE, help="folder of records (default: the shared DAFP archive)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0, help="only the first N records (by file name)")
    parser.add_argument("--stages", default="convert,validate,html", help="the build's stages (default: convert,validate,html)")
    parser.add_argument("--keep", type=Path, help="build in this folder (kept) instead of a temporary one")
    args = parser.parse_args()
    if not args.records.is_dir():
        raise SystemExit(f"{args.records}: no such folder (the shared archive is not available)")
    base = args.keep or Path(tempfile.mkdtemp(prefix="teikit-archive-"))
    try:
        edition, count = make_edition(base, args.records, args.limit or None)
        report_path = base / "report.json"
        command = [sys.executable, "-m", "teikit", "build", "-q", f"--stages={args.stages}",
                   f"--jobs={args.jobs}", f"--report={report_path}"]
        # The build's workers are its children: their CPU time reaches this process when the build is reaped.
        cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        proc = subprocess.Popen(command, cwd=edition, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        memory = TreeMemory(proc.pid)
        _out, err = proc.communicate()
        seconds = time.perf_counter() - started
        peak = memory.stop()
        cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        user = cpu_after.ru_utime - cpu_before.ru_utime
        system = cpu_after.ru_stime - cpu_before.ru_stime
        print(f"records                  {count}")
        print(f"exit status              {proc.returncode}")
        if proc.returncode not in (0, 1):
            print(err[-3000:])
        report = json.loads(report_path.read_text(encoding="utf-8")) if report_path.exists() else {}
        for stage in report.get("stages", []):
            print(f"stage {stage['stage']:<18} {stage['seconds']:7.2f} s (collection {stage['collection_seconds']:.2f} s), "
                  f"{stage['documents']} documents, {stage['done']} done, {len(stage['failed'])} failed"
                  + (f"; {stage['note']}" if stage.get("note") else ""))
        print(f"total wall               {seconds:7.2f} s  ({count / seconds:.0f} records/s)")
        print(f"CPU (build + workers)    {user:7.2f} s user + {system:.2f} s sys = "
              f"{1000 * (user + system) / max(count, 1):.1f} ms per record")
        print(f"peak memory (all procs)  {peak / 2**20:7.0f} MB")
        tei = [p for p in (edition / "tei").glob("*.xml") if p.name not in ("persons.xml", "places.xml")]
        stages = {s["stage"]: s for s in report.get("stages", [])}
        unconverted = len(stages["convert"]["failed"]) if "convert" in stages else 0
        invalid = len(stages["validate"]["failed"]) if "validate" in stages else 0
        left_out = report.get("left_out", {})
        print(f"documents                {len(tei)} TEI files; {unconverted} records not converted")
        if "validate" in stages:
            print(f"validate                 {len(tei) - invalid} valid, {invalid} invalid (edition schema and rules)")
            started = time.perf_counter()
            bad = tei_all_invalid(tei)
            print(f"TEI All                  {bad} invalid of {len(tei)} ({time.perf_counter() - started:.1f} s, one process)")
        if left_out:
            print(f"left out                 {sum(len(v) for v in left_out.values())} "
                  f"({', '.join(f'{k}: {len(v)}' for k, v in left_out.items())})")
        elif "left_out" not in report:
            print("left out                 (the build does not report it)")
        site = edition / "build" / "html"
        pages = sorted(site.glob("documents/*.html")) if site.is_dir() else []
        print(f"document pages           {len(pages)}")
        if site.is_dir():
            print(f"index pages              {weight(sorted(site.glob('index*.html')))}")
            print(f"person index pages       {weight(sorted(site.glob('persons/index*.html')))}")
            print(f"place index pages        {weight(sorted(site.glob('places/index*.html')))}")
            print(f"search page              {weight([site / 'search.html'])}")
            print(f"search manifest          {weight([site / 'assets' / 'search-index.js'])}")
            print(f"search shards            {weight(sorted((site / 'assets' / 'search').glob('*')))}")
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
