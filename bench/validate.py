"""Measure validation speed: the edition schema + rules on a generated corpus, and TEI All side by side with jing.

    python bench/validate.py [--documents 4000] [--jobs 2] [--rounds 3] [--part all|edition|tei_all]

Prints documents per second for the edition path (on documents generated from the valid
fixtures, and on copies of the converted documents in tei/), then, for TEI All, the wall
times (start-up included, as a user sees them) of `jing tei_all.rng FILES...` (one JVM) and
`teikit validate --schema tei_all -j JOBS FILES...` over the same files (TEI All from the
compiled-grammar cache, filled by one untimed run first), and how their
verdicts compare (false valid, false invalid, first error on jing's line): on the whole
comparison set (the other projects' TEI, every FRUS volume split into its documents, the
repository's documents and cases, mutants: tests/validate_corpus.py), on the 20 FRUS
volumes whole, and on one letter.
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

from teikit.build import run_tasks  # noqa: E402
from teikit.stages.validate import ValidateStage  # noqa: E402
from teikit.validate import expand_paths, prepare  # noqa: E402

TEI_ALL = ROOT / "schema" / "tei_all.rng"
FOREIGN_BASES = ["dta-soldatenbriefe-letter-001.xml", "dracor-rus-gogol-lakeiskaja.xml",
                 "teipublisher-kbga-sermon-27003.xml", "teic-simple-testsimple2-eebo-ballad.xml"]

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


def validate_folder(folder: Path, jobs: int) -> tuple[list[str], list]:
    """Validate a folder as `teikit validate -j JOBS` does (the validate stage's tasks on the build's engine)."""
    files, _ = expand_paths([folder])
    options, problems = prepare(files)
    stage = ValidateStage()
    return files, problems + [d for result in run_tasks(stage, stage.tasks(files, options), jobs)
                              for d in result.diagnostics]


def edition_bench(count: int, jobs: int, rounds: int, label: str, make) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if make(folder, count) is False:
            print(f"{label}: nothing to copy; skipped")
            return
        checked, found = validate_folder(folder, jobs)
        errors = [d for d in found if d.level.value == "error"]
        assert not errors, errors[:3]
        seconds, cpu = min(timed(lambda: validate_folder(folder, jobs)) for _ in range(rounds))
        files = len(checked)
        # CPU time is what the other users of a shared machine cannot steal; jobs / (CPU per
        # document) is the rate on that many idle cores.
        size = sum(p.stat().st_size for p in folder.glob("*.xml")) // files
        print(f"{label} ({files} documents, {size // 1024} KiB each on average), {jobs} jobs: {seconds:.2f} s wall, "
              f"{files / seconds:,.0f} documents/s; {cpu / files * 1000:.2f} ms CPU per document "
              f"({jobs * files / cpu:,.0f} documents/s on {jobs} idle cores)")


def cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from teikit.cli import main; main()", "validate", *args]


def comparison_set(folder: Path) -> list[Path]:
    """Write the whole comparison set: other projects' TEI, every FRUS volume split into its documents,
    the repository's documents and cases, and mutants; return the files jing can be asked about."""
    from frus_split import write_split
    from validate_corpus import comparable, make_mutants

    foreign = sorted((SHARED / "corpora" / "tei-foreign").glob("*.xml"))
    bases = [p for p in foreign if p.name in FOREIGN_BASES] + [ROOT / "tei" / "wilson-116548.xml"]
    mutants = make_mutants(bases, folder / "mutants")
    split = []
    for volume in sorted((SHARED / "corpora" / "frus").glob("*.xml")):
        split += write_split(volume, folder / "frus" / volume.stem)
    repo = sorted((ROOT / "tei").glob("*.xml")) + sorted((ROOT / "tests" / "cases" / "validate").rglob("*.xml"))
    return comparable(foreign + split + repo + mutants)


def side_by_side(label: str, files: list[Path], rounds: int, jobs: int) -> None:
    """Print jing's and teikit's wall times (start-up included) over the same files, and how their verdicts compare."""
    from validate_corpus import compare, jing_verdicts, teikit_verdicts

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    size = sum(p.stat().st_size for p in files) / 2**20
    # As a user sees teikit after its first run: TEI All loaded from the compiled-grammar cache.
    subprocess.run(cli("--schema", "tei_all", str(files[0])), stdout=subprocess.DEVNULL, env=env)
    ours = best_of(rounds, lambda: subprocess.run(cli("--schema", "tei_all", "-j", str(jobs), *map(str, files)),
                                                  stdout=subprocess.DEVNULL, env=env))
    jing = best_of(rounds, lambda: subprocess.run(["jing", str(TEI_ALL), *map(str, files)],
                                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    result = compare(teikit_verdicts(TEI_ALL, files, jobs), jing_verdicts(TEI_ALL, files))
    print(f"{label} ({len(files)} files, {size:.1f} MiB): teikit -j {jobs} {ours:.2f} s, jing {jing:.2f} s "
          f"({jing / ours:.1f}x)")
    print(f"  verdicts: {result.summary()}")
    for path in (result.false_valid + result.false_invalid)[:10]:
        print(f"  disagreement: {path}")
    for line in result.other_first_line[:10]:
        print(f"  other first line: {line}")


def tei_all_bench(rounds: int, jobs: int) -> None:
    if not (SHARED / "corpora").is_dir():
        print("tei_all: ../shared/ is not available; skipped")
        return
    if not shutil.which("jing"):
        print("tei_all: jing is not installed; no comparison")
        return
    with tempfile.TemporaryDirectory() as tmp:
        files = comparison_set(Path(tmp))
        side_by_side("tei_all, the whole set", files, rounds, jobs)
        volumes = sorted((SHARED / "corpora" / "frus").glob("*.xml"))
        side_by_side("tei_all, the FRUS volumes (large documents)", volumes, rounds, jobs)
        letter = SHARED / "corpora" / "tei-foreign" / "dta-soldatenbriefe-letter-001.xml"
        side_by_side("tei_all, one letter", [letter], rounds, jobs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=4000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--part", choices=["all", "edition", "tei_all"], default="all")
    args = parser.parse_args()
    if args.part == "tei_all":
        tei_all_bench(args.rounds, args.jobs)
        return
    edition_bench(args.documents, args.jobs, args.rounds, "edition schema + rules, generated corpus", generate)
    edition_bench(args.documents // 4, args.jobs, args.rounds, "edition schema + rules, copies of tei/",
                  copy_converted)
    if args.part == "all":
        tei_all_bench(args.rounds, args.jobs)


if __name__ == "__main__":
    main()
