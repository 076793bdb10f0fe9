"""Fault injection: kill `teikit build` at random points (SIGKILL, Ctrl-C), rerun, and compare every
byte with a clean build of the same records.

Usage: python bench/faults.py [--records 300] [--kills 20] [--seed 1] [--jobs 2]
                              [--stages convert,validate,html,export]

SIGKILL goes to the build process alone (as `kill -9 PID` would); Ctrl-C (SIGINT) goes to its
whole process group (as a terminal sends it). Each kill comes at a random moment within the
time a clean build takes (a resumed build: within twice its share of it), and half the killed
builds run with --force (redoing everything), so the kills land in every stage. After every kill the build's
workers must be gone within seconds; after the last one a build runs to its end, and its
TEI, site and exports must equal the clean build's. The suite runs a short version of this
(tests/test_build_interrupted.py); this script is the long one.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from gen_records import generate  # noqa: E402

STAGES = "convert,validate,html,export"
# Files that are the build's memory, not its products: their bytes depend on the path taken.
NOT_COMPARED = (".cache", ".sqlite")


def make_edition(folder: Path, records: int, seed: int) -> Path:
    """Write an edition of generated records into folder."""
    generate(records, folder / "records", seed=seed)
    shutil.copy(ROOT / "edition.toml", folder / "edition.toml")
    return folder


def build_command(stages: str, jobs: int, force: bool = False) -> list[str]:
    return [sys.executable, "-m", "teikit", "build", "-q", f"--stages={stages}", f"--jobs={jobs}"] + (
        ["--force"] if force else [])


def clean_build(edition: Path, stages: str, jobs: int) -> float:
    """Build from nothing; return the seconds it took."""
    started = time.perf_counter()
    done = subprocess.run(build_command(stages, jobs), cwd=edition, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"the clean build failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return time.perf_counter() - started


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def interrupted_build(edition: Path, stages: str, jobs: int, delay: float, how: signal.Signals, force: bool,
                      grace: float = 30.0) -> tuple[bool, bool]:
    """Start a build (redoing everything with force), send it `how` after `delay` seconds.

    Return (killed before it ended, its workers gone within `grace` seconds).
    """
    proc = subprocess.Popen(build_command(stages, jobs, force), cwd=edition, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        proc.wait(delay)
        return False, True  # it finished first
    except subprocess.TimeoutExpired:
        pass
    if how is signal.SIGKILL:
        os.kill(proc.pid, signal.SIGKILL)
    else:
        os.killpg(proc.pid, signal.SIGINT)
    proc.wait()
    deadline = time.monotonic() + grace
    while _group_alive(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    gone = not _group_alive(proc.pid)
    if not gone:
        os.killpg(proc.pid, signal.SIGKILL)  # leave nothing behind for the next build
    return True, gone


def snapshot(edition: Path) -> dict[str, bytes]:
    """Every file of tei/ and build/ but the build's own memory, by path relative to the edition."""
    files = {}
    for folder in ("tei", "build"):
        for path in sorted((edition / folder).rglob("*")):
            relative = str(path.relative_to(edition))
            if path.is_file() and not any(part in relative for part in NOT_COMPARED):
                files[relative] = path.read_bytes()
    return files


def differences(expected: dict[str, bytes], actual: dict[str, bytes]) -> list[str]:
    """Name the files that are missing, extra or different."""
    found = [f"missing {p}" for p in sorted(set(expected) - set(actual))]
    found += [f"extra {p}" for p in sorted(set(actual) - set(expected))]
    found += [f"differs {p}" for p in sorted(set(expected) & set(actual)) if expected[p] != actual[p]]
    return found


def run(records: int, kills: int, seed: int, jobs: int, stages: str, base: Path, forced: float = 0.5,
        log=print) -> list[str]:
    """Clean build, then a build killed `kills` times and finished; return the differences (none when all is well).

    `forced` is the share of killed builds that run with --force.
    """
    rng = random.Random(seed)
    clean = make_edition(base / "clean", records, seed)
    seconds = clean_build(clean, stages, jobs)
    log(f"clean build of {records} records: {seconds:.1f} s")
    victim = make_edition(base / "interrupted", records, seed)
    problems = []
    for number in range(kills):
        how = rng.choice([signal.SIGKILL, signal.SIGINT])
        # Forced builds redo everything, so kills keep landing once the edition is mostly built.
        force = rng.random() < forced
        # A resumed build gets a short life, so the kills of a run together walk through every stage.
        delay = rng.uniform(0.3, seconds if force else max(1.0, 2 * seconds / kills))
        killed, gone = interrupted_build(victim, stages, jobs, delay, how, force)
        log(f"kill {number + 1}: {how.name} after {delay:.1f} s{' (--force)' if force else ''}: "
            f"{'killed' if killed else 'finished first'}"
            f"{'' if gone else ', WORKERS LEFT BEHIND'}")
        if not gone:
            problems.append(f"kill {number + 1} ({how.name}): the build's workers outlived it")
    final = subprocess.run(build_command(stages, jobs), cwd=victim, capture_output=True, text=True)
    if final.returncode != 0:
        problems.append(f"the build after the kills exited {final.returncode}: {final.stderr.strip()[-2000:]}")
    problems += differences(snapshot(clean), snapshot(victim))
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=300)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--stages", default=STAGES)
    parser.add_argument("--forced", type=float, default=0.5, help="share of killed builds run with --force")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="teikit-faults-") as tmp:
        problems = run(args.records, args.kills, args.seed, args.jobs, args.stages, Path(tmp), args.forced)
    print("\n".join(problems) if problems else "identical to the clean build")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
