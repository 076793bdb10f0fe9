"""Benchmark the print edition: the five sample records' volume, per-document PDFs in parallel,
and the peak memory of a generated 200-document volume; prints figures.

Usage: python bench/render_pdf.py [--jobs N] [--documents 200] [--repeat R]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from teikit.edition import Edition  # noqa: E402
from teikit.render import pdf  # noqa: E402

# Runs in a fresh interpreter so that its peak RSS is the volume's alone.
VOLUME_CHILD = """
import resource, sys, time
from teikit.edition import Edition
from teikit.render import pdf
edition = Edition.open(sys.argv[1])
start = time.perf_counter()
articles = [pdf.article(p) for p in edition.documents()]
data = pdf.volume_pdf(articles, edition.settings, pdf.read_persons(edition.register_paths()))
seconds = time.perf_counter() - start
print(len(articles), len(data), seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _convert(records: Path, edition: Path) -> None:
    edition.mkdir(parents=True, exist_ok=True)
    (edition / "edition.toml").write_bytes((ROOT / "edition.toml").read_bytes())
    subprocess.run([sys.executable, "-c", "from teikit.cli import main; main()", "convert", str(records),
                    "-o", str(edition / "tei")], check=True, capture_output=True)


def _volume_in_child(edition: Path) -> tuple[int, int, float, int]:
    out = subprocess.run([sys.executable, "-c", VOLUME_CHILD, str(edition)], check=True,
                         capture_output=True, text=True).stdout.split()
    return int(out[0]), int(out[1]), float(out[2]), int(out[3])


def main() -> None:
    """Convert the sample records, time the volume and the per-document PDFs, then the big volume."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample"
        _convert(ROOT / "records", sample)
        edition = Edition.open(sample)
        documents = edition.documents()
        persons = pdf.read_persons(edition.register_paths())

        pdf.volume_pdf([pdf.article(documents[0])], edition.settings, persons)  # warm: fonts, Saxon
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            articles = [pdf.article(p) for p in documents]
            data = pdf.volume_pdf(articles, edition.settings, persons)
            best = min(best, time.perf_counter() - start)
        print(f"volume of the {len(documents)} sample records: {best:.2f} s (best of {args.repeat}), "
              f"{len(data) / 1024:.0f} KiB, target < 10 s")

        cli = [sys.executable, "-c", "from teikit.cli import main; main()", "render", "pdf", str(edition.tei_dir)]
        for jobs in sorted({1, args.jobs}):
            start = time.perf_counter()
            subprocess.run(cli + ["-o", str(Path(tmp) / f"out{jobs}"), "--no-volume", "-j", str(jobs)],
                           check=True, capture_output=True)
            print(f"per-document PDFs of the {len(documents)} records with {jobs} worker(s), "
                  f"process start included: {time.perf_counter() - start:.2f} s")
        start = time.perf_counter()
        subprocess.run(cli + ["-o", str(Path(tmp) / "all"), "-j", str(args.jobs)], check=True, capture_output=True)
        print(f"teikit render pdf (volume and per-document PDFs, {args.jobs} workers): "
              f"{time.perf_counter() - start:.2f} s")

        generated = Path(tmp) / "generated"
        subprocess.run([sys.executable, str(ROOT / "bench" / "gen_records.py"), str(args.documents),
                        str(generated / "records")], check=True, capture_output=True)
        _convert(generated / "records", generated)
        some = Path(tmp) / "some"
        some.mkdir()
        for doc in Edition.open(generated).documents()[:40]:
            (some / doc.name).write_bytes(doc.read_bytes())
        for jobs in sorted({1, args.jobs}):
            start = time.perf_counter()
            subprocess.run([*cli[:-1], str(some), "-o", str(Path(tmp) / f"some{jobs}"), "--no-volume",
                            "-j", str(jobs)], check=True, capture_output=True)
            print(f"per-document PDFs of 40 generated documents with {jobs} worker(s): "
                  f"{time.perf_counter() - start:.2f} s")
        count, size, seconds, rss_kib = _volume_in_child(generated)
        print(f"volume of {count} generated documents: {seconds:.1f} s, {size / 1024 / 1024:.1f} MiB, "
              f"peak RSS {rss_kib / 1024:.0f} MiB")
    print(f"bench process peak RSS (five-record volumes): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
