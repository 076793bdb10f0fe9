"""Benchmark `teikit convert` on one core over a generated corpus; prints records per second.

Usage: python bench/convert.py [--records 2000] [--seed 0] [--repeat 3]

Times reading + encoding + serialising (convert_record, a fresh copy of the registers per
record, as `teikit convert` and the build do), and the same plus writing the TEI files.
Target: at least 500 records/s on one core.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from gen_records import generate  # noqa: E402

from teikit.convert import convert_record  # noqa: E402
from teikit.encode.body import encode_body  # noqa: E402
from teikit.encode.header import build_header  # noqa: E402
from teikit.readers import read  # noqa: E402
from teikit.registers import Registers  # noqa: E402
from teikit.tei import write_atomic  # noqa: E402


def run(paths: list[Path], out: Path | None) -> tuple[float, float, int]:
    """Convert every path (writing into out when given); return wall and CPU seconds, failures."""
    base = Registers.load(out)
    failed = 0
    start, cpu = time.perf_counter(), time.process_time()
    for path in paths:
        result = convert_record(path, base.copy())
        if not result.ok:
            failed += 1
        elif out is not None:
            write_atomic(out / f"{result.doc_id}.xml", result.tei)
    return time.perf_counter() - start, time.process_time() - cpu, failed


def breakdown(paths: list[Path]) -> str:
    """Milliseconds per record spent reading, copying the registers, encoding body and header."""
    base = Registers.load(None)
    spent = [0.0, 0.0, 0.0, 0.0]
    for path in paths:
        marks = [time.perf_counter()]
        record = read(path)
        marks.append(time.perf_counter())
        registers = base.copy()
        marks.append(time.perf_counter())
        body = encode_body(record, registers, record.date_when)
        marks.append(time.perf_counter())
        build_header(record, registers, body.speakers)
        marks.append(time.perf_counter())
        for i in range(4):
            spent[i] += marks[i + 1] - marks[i]
    per = [1000 * s / len(paths) for s in spent]
    return (f"per record: read {per[0]:.2f} ms, registers copy {per[1]:.2f} ms, body {per[2]:.2f} ms, "
            f"header {per[3]:.2f} ms")


def main() -> None:
    """Generate the corpus, convert it --repeat times, print the best records/s."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = generate(args.records, Path(tmp) / "records", args.seed)
        size = sum(p.stat().st_size for p in paths)
        print(f"corpus: {len(paths)} generated records, {size / 1e6:.1f} MB (seed {args.seed})")
        run(paths[:20], None)  # warm up: first-use imports and compiled patterns
        for label, out in (("convert_record (no writes)", None), ("convert + write TEI", Path(tmp) / "tei")):
            if out is not None:
                out.mkdir()
            walls, cpus = [], []
            for _ in range(args.repeat):
                wall, cpu, failed = run(paths, out)
                walls.append(wall)
                cpus.append(cpu)
            best, best_cpu = min(walls), min(cpus)
            # CPU time is the fairer figure on a machine shared with other work.
            print(f"{label}: best of {args.repeat}: {best:.2f} s wall, {len(paths) / best:.0f} records/s; "
                  f"{best_cpu:.2f} s CPU, {len(paths) / best_cpu:.0f} records/s of CPU (one core; {failed} failed)")
        print(breakdown(paths))


if __name__ == "__main__":
    main()
