"""Benchmark FRUS at large: import the shared volumes into one edition, build it, weigh the site's pages.

Usage: python bench/import_frus.py [--volumes GLOB] [--jobs 2] [--scale N] [--keep DIR] [--no-build]

1. `teikit import` of every volume (a subprocess, as a user runs it): wall time, documents per
   second, CPU seconds (user + system, workers included), peak resident memory of the import
   and its workers together.
2. `teikit build --stages validate,html --jobs N` (unless --no-build): wall time, CPU seconds,
   peak memory of the whole process tree, each stage's time, documents validated and HTML
   pages written (one per document expected).
3. Page weights of the built site: the largest index, register-listing and person page, the
   search manifest and the largest search shard (every collection page should stay under 1 MB).
With --scale N the imported documents are copied under new ids until the edition holds N
documents before the build (25,000 for the archive-scale site).
"""

from __future__ import annotations

import argparse
import glob
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import TreeMemory  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = str(ROOT.parent / "shared" / "corpora" / "frus" / "*.xml")


def _children_cpu() -> tuple[float, float]:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime, usage.ru_stime


def timed(args: list[str], cwd: Path) -> tuple[float, tuple[float, float], int, subprocess.CompletedProcess]:
    """Run a teikit command; return wall seconds, (user, system) CPU seconds of its process tree, its peak RSS, the outcome."""
    user, system = _children_cpu()
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "teikit", *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    memory = TreeMemory(proc.pid)
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    # The command waits for its workers, so their CPU time is counted among its children's.
    after = _children_cpu()
    return (seconds, (after[0] - user, after[1] - system), memory.stop(),
            subprocess.CompletedProcess(args, proc.returncode, out, err))


def cpu_text(cpu: tuple[float, float]) -> str:
    """CPU seconds as "CPU 9.1 s (user 8.2 + system 0.9)": system time is mostly the kernel making files."""
    return f"CPU {sum(cpu):.1f} s (user {cpu[0]:.1f} + system {cpu[1]:.1f})"


def scale_to(tei_dir: Path, n: int) -> int:
    """Copy the imported documents under new ids (copy2-..., copy3-...) until the edition holds n."""
    originals = sorted(p for p in tei_dir.glob("*.xml") if p.name != "persons.xml")
    count, copy = len(originals), 2
    while count < n:
        for path in originals:
            if count >= n:
                break
            data = path.read_text(encoding="utf-8")
            new_id = f"copy{copy}-{path.stem}"
            data = data.replace(f'xml:id="{path.stem}"', f'xml:id="{new_id}"', 1)
            (tei_dir / f"{new_id}.xml").write_text(data, encoding="utf-8")
            count += 1
        copy += 1
    return count


def largest(paths) -> tuple[int, str]:
    sizes = [(p.stat().st_size, p.name) for p in paths]
    return max(sizes) if sizes else (0, "-")


def weigh(site: Path) -> None:
    """Print the weight of the collection pages and the search index."""
    kb = 1024
    rows = [
        ("index pages", sorted(site.glob("index*.html"))),
        ("person pages", sorted(p for p in (site / "persons").glob("*.html") if not p.name.startswith("index"))),
        ("person listing pages", sorted((site / "persons").glob("index*.html"))),
        ("place pages", sorted((site / "places").glob("*.html"))),
        ("search shards", sorted((site / "assets" / "search").glob("*.js"))),
        ("document pages", sorted((site / "documents").glob("*.html"))),
    ]
    for label, paths in rows:
        size, name = largest(paths)
        total = sum(p.stat().st_size for p in paths)
        print(f"  {label}: {len(paths)} files, largest {size / kb:.0f} KB ({name}), total {total / kb / kb:.1f} MB")
    manifest = site / "assets" / "search-index.js"
    if manifest.exists():
        print(f"  search manifest: {manifest.stat().st_size / kb:.0f} KB")
    over = [p for p in site.rglob("*.html") if p.stat().st_size > 1024 * 1024 and "documents" not in p.parts]
    print(f"  collection pages over 1 MB: {len(over)}" + (f" ({', '.join(p.name for p in over[:5])})" if over else ""))


def main() -> None:
    """Import, build and weigh; print one line per figure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--volumes", default=DEFAULT, help="glob of FRUS volume files")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--scale", type=int, default=0, help="copy documents until the edition holds this many")
    parser.add_argument("--keep", type=Path, help="build the edition in this folder and keep it")
    parser.add_argument("--no-build", action="store_true", help="import only (no build, no page weights)")
    args = parser.parse_args()
    volumes = sorted(glob.glob(args.volumes))
    if not volumes:
        raise SystemExit(f"no volume matches {args.volumes}")
    with tempfile.TemporaryDirectory() as tmp:
        edition = args.keep or Path(tmp) / "edition"
        edition.mkdir(parents=True, exist_ok=True)
        (edition / "edition.toml").write_text('[edition]\ntitle = "Foreign Relations of the United States"\n')
        seconds, cpu, peak, outcome = timed(["import", *volumes, "-j", str(args.jobs)], edition)
        summary = outcome.stdout.strip().splitlines()[-1] if outcome.stdout.strip() else outcome.stderr[-500:]
        taken = int(re.match(r"(\d+)", summary).group(1)) if re.match(r"\d+", summary) else 0
        print(f"import: {len(volumes)} volumes, {summary}")
        print(f"import: {seconds:.1f} s, {taken / seconds:.0f} documents/s, {cpu_text(cpu)}, "
              f"peak memory {peak / 2**20:.0f} MB (jobs {args.jobs})")
        if args.no_build:
            return
        if args.scale:
            print(f"scaled to {scale_to(edition / 'tei', args.scale)} documents")
        report = edition / "report.json"
        seconds, cpu, peak, outcome = timed(["build", "-q", "--stages", "validate,html", "--jobs", str(args.jobs),
                                             "--report", str(report)], edition)
        print(f"build (validate, html): {seconds:.1f} s, {cpu_text(cpu)}, peak memory {peak / 2**20:.0f} MB, "
              f"exit {outcome.returncode}")
        if report.exists():
            for stage in json.loads(report.read_text()).get("stages", []):
                print(f"  {stage['stage']}: {stage['documents']} documents, {stage['done']} done, "
                      f"{len(stage['failed'])} failed, {stage['seconds']:.1f} s "
                      f"(collection {stage['collection_seconds']:.1f} s)")
        site = edition / "build" / "html"
        documents = len([p for p in (edition / "tei").glob("*.xml") if p.name != "persons.xml"])
        pages = len(list((site / "documents").glob("*.html"))) if site.exists() else 0
        print(f"document pages: {pages} of {documents} documents")
        if site.exists():
            weigh(site)


if __name__ == "__main__":
    main()
