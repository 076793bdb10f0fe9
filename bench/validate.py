"""Measure validation speed: the edition schema + rules on a generated corpus, tei_all against jing.

    python bench/validate.py [--documents 4000] [--jobs 2] [--rounds 3]

Prints documents per second for the edition path (on documents generated from the valid
fixtures, and on copies of the converted documents in tei/), and wall times (start-up included, as a
user sees them) of `jing tei_all.rng files...` and `teikit validate --schema tei_all.rng
files...` on the FRUS volume split into its documents, with a cold and a warm grammar cache.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TEIKIT_SHARED", ROOT.parent / "shared"))
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from teikit.validate import validate_paths  # noqa: E402

CASES = ROOT / "tests" / "cases" / "validate"
DOCUMENT_DATES = ["1957-11-13", "1963-10-18", "1964-09-05", "1965-10-29", "1965-12-15"]


def generate(folder: Path, count: int) -> None:
    """Write count valid documents (the valid fixtures with new ids and dates) and the registers."""
    for register in (CASES / "registers").glob("*.xml"):
        shutil.copy(register, folder)
    templates = [p.read_text(encoding="utf-8") for p in sorted((CASES / "valid").glob("*.xml"))]
    for i in range(count):
        text = templates[i % len(templates)]
        old_id = text.split('xml:id="', 1)[1].split('"', 1)[0]
        day = DOCUMENT_DATES[i % len(DOCUMENT_DATES)]
        text = text.replace(f'xml:id="{old_id}"', f'xml:id="gen-{i:05}"', 1).replace("1964-09-05", day)
        (folder / f"gen-{i:05}.xml").write_text(text, encoding="utf-8")


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def best_of(rounds: int, run) -> float:
    """Return the best wall time of several runs (the machine is shared, so take the least noisy)."""
    return min(timed(run) for _ in range(rounds))[0]


def timed(run) -> tuple[float, float]:
    """Return (wall seconds, CPU seconds of this process and its workers) of one run."""
    cpu, start = _cpu(), time.perf_counter()
    run()
    return time.perf_counter() - start, _cpu() - cpu


def copy_converted(folder: Path, count: int) -> bool:
    """Write count copies of the converted documents in tei/ with their registers; False if none."""
    documents = [p for p in sorted((ROOT / "tei").glob("*.xml")) if p.name not in ("persons.xml", "places.xml")]
    if not documents:
        return False
    for register in ("persons.xml", "places.xml"):
        shutil.copy(ROOT / "tei" / register, folder)
    for i in range(count):
        shutil.copy(documents[i % len(documents)], folder / f"copy-{i:05}.xml")
    return True


def edition_bench(count: int, jobs: int, rounds: int, label: str, make) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if make(folder, count) is False:
            print(f"{label}: nothing to copy; skipped")
            return
        report = validate_paths([folder], jobs=jobs)
        errors = [d for d in report.diagnostics if d.level.value == "error"]
        assert not errors, errors[:3]
        seconds, cpu = min(timed(lambda: validate_paths([folder], jobs=jobs)) for _ in range(rounds))
        files = len(report.files)
        # CPU time is what the other users of a shared machine cannot steal; jobs / (CPU per
        # document) is the rate on that many idle cores.
        size = sum(p.stat().st_size for p in folder.glob("*.xml")) // files
        print(f"{label} ({files} documents, {size // 1024} KiB each on average), {jobs} jobs: {seconds:.2f} s wall, "
              f"{files / seconds:,.0f} documents/s; {cpu / files * 1000:.2f} ms CPU per document "
              f"({jobs * files / cpu:,.0f} documents/s on {jobs} idle cores)")


def cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from teikit.cli import main; main()", "validate", *args]


def tei_all_bench(rounds: int) -> None:
    volume = SHARED / "corpora" / "frus" / "frus1964-68v29p1.xml"
    schema = SHARED / "tei" / "tei_all.rng"
    if not volume.exists() or not schema.exists():
        print("tei_all: ../shared/ is not available; skipped")
        return
    from frus_split import write_split

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    with tempfile.TemporaryDirectory() as tmp:
        files = [str(p) for p in write_split(volume, Path(tmp) / "frus")]
        cache = Path(tmp) / "cache"

        def ours():
            subprocess.run(cli("--schema", str(schema), "--cache-dir", str(cache), *files),
                           check=True, stdout=subprocess.DEVNULL, env=env)

        def cold():
            shutil.rmtree(cache, ignore_errors=True)
            ours()

        if shutil.which("jing"):
            jing = best_of(rounds, lambda: subprocess.run(["jing", str(schema), *files], check=True,
                                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            print(f"tei_all, FRUS split ({len(files)} files): jing {jing:.2f} s")
        else:
            print("tei_all: jing is not installed; no comparison")
        print(f"tei_all, FRUS split ({len(files)} files): teikit cold cache {best_of(rounds, cold):.2f} s, "
              f"warm cache {best_of(rounds, ours):.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=4000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    edition_bench(args.documents, args.jobs, args.rounds, "edition schema + rules, generated corpus", generate)
    edition_bench(args.documents // 4, args.jobs, args.rounds, "edition schema + rules, copies of tei/",
                  copy_converted)
    tei_all_bench(args.rounds)


if __name__ == "__main__":
    main()
