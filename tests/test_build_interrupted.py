"""A build killed at any moment: its workers die with it, and the next build ends exactly where a
clean build would. The long version is bench/faults.py (a few hundred records, many kills).

`kill -9` on a build used to leave its workers and multiprocessing's resource tracker running
for minutes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import psutil
import pytest
from click.testing import CliRunner
from conftest import ROOT

from teikit.cli import main

sys.path.insert(0, str(ROOT / "bench"))

import faults  # noqa: E402


def _children_of(pid: int, wanted: int, timeout: float = 120) -> list[psutil.Process]:
    """Wait until the process has at least `wanted` descendants; return them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = psutil.Process(pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        if len(found) >= wanted:
            return found
        time.sleep(0.1)
    return []


def _gone(processes: list[psutil.Process], timeout: float) -> list[psutil.Process]:
    """Wait for the processes to end; return those still alive after the timeout."""
    _, alive = psutil.wait_procs(processes, timeout=timeout)
    return [p for p in alive if p.status() != psutil.STATUS_ZOMBIE]


@pytest.mark.parametrize("executor, grace", [("local", 10), ("dask", 60)])
def test_workers_die_with_a_killed_build(tmp_path, executor, grace):
    root = tmp_path / "edition"
    assert CliRunner().invoke(main, ["init", str(root)]).exit_code == 0
    build = subprocess.Popen([sys.executable, "-m", "teikit", "build", "-q", "--stages=convert,validate,html",
                              "--jobs=2", f"--executor={executor}"], cwd=root,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # Two workers and the resource tracker, at least.
        workers = _children_of(build.pid, 3)
        assert workers, "the build started no worker processes"
        os.kill(build.pid, signal.SIGKILL)
        build.wait()
        left = _gone(workers, grace)
        for process in left:
            process.kill()
        assert not left, [" ".join(p.cmdline())[:120] for p in left]
    finally:
        if build.poll() is None:
            build.kill()


def test_a_build_killed_at_random_points_ends_as_a_clean_build(tmp_path):
    # Resumed and forced builds alike (half and half), SIGKILL and Ctrl-C alike.
    problems = faults.run(records=10, kills=5, seed=11, jobs=2, stages=faults.STAGES, base=tmp_path, forced=0.5,
                          log=lambda line: None)
    # The workers of every killed build went with it, the build after the kills ran clean, and
    # every file it left is byte for byte a clean build's (name linking does not depend on the
    # order in which records were converted or the registers grew).
    assert not problems, problems
