"""Benchmark `teikit build` at archive scale: full, no-change and one-record rebuilds, memory, PDF.

Usage: python bench/build.py [--records 10000] [--small 1000] [--jobs 2] [--pdf-docs 1000] [--skip-pdf] [--skip-scale]

Generates realistic records (bench/gen_records.py), builds them with `teikit build` as a
user would (a subprocess), samples the resident memory of the whole process tree, and
prints one line per measurement.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_records import generate  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


class TreeMemory:
    """Samples the summed RSS of a process and its children; keeps the peak."""

    def __init__(self, pid: int):
        self.process = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            try:
                procs = [self.process] + self.process.children(recursive=True)
                total = 0
                for proc in procs:
                    try:
                        total += proc.memory_info().rss
                    except psutil.Error:
                        pass
                self.peak = max(self.peak, total)
            except psutil.Error:
                return
            time.sleep(0.1)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def run_build(edition: Path, *args: str) -> tuple[float, int, str]:
    """Run `teikit build` in the edition; return wall seconds, peak tree RSS and stderr."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "teikit", "build", "-q", *args], cwd=edition,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    memory = TreeMemory(proc.pid)
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    peak = memory.stop()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"teikit build failed ({proc.returncode}):\n{err[-3000:]}")
    return seconds, peak, err


def make_edition(base: Path, n: int) -> Path:
    edition = base / f"edition-{n}"
    generate(n, edition / "records", seed=1)
    shutil.copy(ROOT / "edition.toml", edition / "edition.toml")
    return edition


def scale(base: Path, n: int, jobs: int) -> None:
    edition = make_edition(base, n)
    stages = "--stages=convert,validate,html"
    seconds, peak, err = run_build(edition, stages, f"--jobs={jobs}")
    print(f"full build     {n:>6} records  jobs={jobs}: {seconds:7.2f} s  "
          f"{n / seconds:7.1f} records/s  peak RSS {peak / 2**20:6.0f} MB")
    seconds, peak, _ = run_build(edition, stages, f"--jobs={jobs}")
    print(f"no-change      {n:>6} records  jobs={jobs}: {seconds:7.2f} s  peak RSS {peak / 2**20:6.0f} MB")
    record = sorted((edition / "records").iterdir())[n // 2]
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace(" the ", " the the ", 1), encoding="utf-8")
    seconds, peak, _ = run_build(edition, stages, f"--jobs={jobs}")
    print(f"one-record     {n:>6} records  jobs={jobs}: {seconds:7.2f} s  peak RSS {peak / 2**20:6.0f} MB")


def pdf(base: Path, n: int) -> None:
    edition = make_edition(base, n)
    run_build(edition, "--stages=convert,validate", "--jobs=2")
    report = edition / "report.json"
    documents, totals = {}, {}
    for label, args in (("jobs=1", ["--jobs=1"]), ("jobs=2", ["--jobs=2"]),
                        ("dask 2 workers", ["--jobs=2", "--executor=dask"])):
        shutil.rmtree(edition / "build" / "print", ignore_errors=True)
        seconds, peak, _ = run_build(edition, "--stages=pdf", "--force", f"--report={report}", *args)
        stage = json.loads(report.read_text(encoding="utf-8"))["stages"][0]
        # The stage's time splits into the per-document PDFs and the volume (its collection output).
        per_document = stage["seconds"] - stage["collection_seconds"]
        documents[label], totals[label] = per_document, seconds
        print(f"pdf            {n:>6} documents {label:>14}: per-document PDFs {per_document:7.2f} s "
              f"({1000 * per_document / n:6.1f} ms/document), volume {stage['collection_seconds']:6.2f} s, "
              f"whole run {seconds:7.2f} s, peak RSS {peak / 2**20:6.0f} MB")
    for what, table in (("per-document PDFs", documents), ("whole run with the volume", totals)):
        print(f"pdf speed-up of the {what}: jobs=1 -> jobs=2 {table['jobs=1'] / table['jobs=2']:.2f}x; "
              f"jobs=1 -> dask(2) {table['jobs=1'] / table['dask 2 workers']:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10000)
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--pdf-docs", type=int, default=1000)
    parser.add_argument("--skip-pdf", action="store_true", help="leave out the PDF measurements")
    parser.add_argument("--skip-scale", action="store_true", help="leave out the convert/validate/html measurements")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB")
    with tempfile.TemporaryDirectory(prefix="teikit-bench-") as tmp:
        base = Path(tmp)
        for n in [] if args.skip_scale else sorted({args.small, args.records}):
            scale(base, n, args.jobs)
        if not args.skip_pdf:
            pdf(base, args.pdf_docs)


if __name__ == "__main__":
    main()
