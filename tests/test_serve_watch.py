"""`teikit serve --watch` end to end: it builds, serves, rebuilds after a save, and pages reload."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest
from click.testing import CliRunner

from teikit.cli import main
from teikit.watch import RELOAD_PATH


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def poll(url: str, predicate, seconds: float = 90.0) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            response = httpx.get(url, timeout=5)
            if predicate(response):
                return response
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {url}")


@pytest.mark.slow
def test_serve_watch_rebuilds_after_a_record_is_saved(tmp_path):
    edition = tmp_path / "edition"
    assert CliRunner().invoke(main, ["init", str(edition)]).exit_code == 0
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "teikit", "serve", "--watch", "--port", str(port)],
                              cwd=edition, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              start_new_session=True)
    try:
        first = poll(base + RELOAD_PATH, lambda r: r.status_code == 200)
        generation = int(first.text)
        page = httpx.get(base + "/documents/wilson-116548.html", timeout=10)
        assert page.status_code == 200 and RELOAD_PATH in page.text
        record = edition / "records" / "002_c6962a527eee1851.txt"
        record.write_text(record.read_text(encoding="utf-8").replace("Exercise!", "Exercise daily!"),
                          encoding="utf-8")
        poll(base + RELOAD_PATH, lambda r: r.status_code == 200 and int(r.text) > generation)
        poll(base + "/documents/wilson-116548.html", lambda r: "Exercise daily!" in r.text, seconds=30)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
