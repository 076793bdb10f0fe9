"""Worker processes die with the process that started them: no orphans after `kill -9` on a build."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

# prctl(2) option: the signal the kernel sends this process when its parent dies.
PR_SET_PDEATHSIG = 1
# How often the watch thread looks for its parent where the kernel cannot be asked to.
POLL_SECONDS = 1.0


def die_with_parent(parent_pid: int) -> None:
    """Make this worker exit when the process `parent_pid` dies (a process pool's initializer).

    On Linux the kernel kills the worker at once (PR_SET_PDEATHSIG); everywhere a daemon
    thread also checks once a second whether the worker has been handed to another parent.
    Once the workers are gone, multiprocessing's resource tracker sees its pipe close and
    exits too.
    """
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the watch thread below still does the job, a second later
    if os.getppid() != parent_pid:
        os._exit(1)  # the parent died before the signal was armed
    threading.Thread(target=_watch, args=(parent_pid,), name="teikit-lifeline", daemon=True).start()


def _watch(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(POLL_SECONDS)
    os._exit(1)


def start_worker(parent_pid: int) -> None:
    """Start a pool worker (the executors' initializer): it dies with the build, and leaves Ctrl-C to the build.

    The build stops the pool itself; a worker interrupted while it reads its queue would
    leave the pool's shutdown waiting for ever. It lives here, not in teikit.build, so that a
    worker imports only what its work needs.
    """
    die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
