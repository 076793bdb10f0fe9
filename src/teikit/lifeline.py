"""Worker processes die with the process that started them: no orphans after `kill -9` on a build."""

from __future__ import annotations

import ctypes
import os
import select
import signal
import sys
import threading
import time

# prctl(2) option: the signal the kernel sends this process when its parent dies.
PR_SET_PDEATHSIG = 1
# How often the watch thread looks for the build where the kernel cannot be asked to tell it.
POLL_SECONDS = 1.0


def die_with_parent(parent_pid: int) -> None:
    """Make this worker exit when the process `parent_pid` (the build) dies: its parent, or its parent's parent.

    A spawned worker is the build's child: on Linux the kernel kills it at once when the
    build dies (PR_SET_PDEATHSIG). A worker forked from multiprocessing's fork server is the
    fork server's child, and the fork server outlives the build for as long as any worker
    does, so such a worker watches the build itself: a daemon thread waits on a pidfd for
    the build's end (Linux), or checks once a second. Once the workers are gone, the fork
    server and multiprocessing's resource tracker see their pipes close and exit too.
    """
    parent = os.getppid()
    if parent == parent_pid and sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the watch thread below still does the job
    if (parent != parent_pid and not _alive(parent_pid)) or os.getppid() != parent:
        os._exit(1)  # the build died before the watch was armed
    threading.Thread(target=_watch, args=(parent_pid, parent), name="teikit-lifeline", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _watch(build_pid: int, parent: int) -> None:
    try:
        handle = os.pidfd_open(build_pid)
    except (AttributeError, OSError):
        handle = None
    if handle is not None:
        select.select([handle], [], [])  # readable once the build has ended
        os._exit(1)
    while os.getppid() == parent and (parent == build_pid or _alive(build_pid)):
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
