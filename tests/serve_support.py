"""Run the teikit ASGI app with uvicorn on a free loopback port for tests that use real HTTP clients."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from teikit.exchange.http import server_config

EXCHANGE_EDITION = Path(__file__).resolve().parent / "fixtures" / "exchange" / "edition"


def copy_exchange_edition(target: Path) -> Path:
    """Copy the exchange fixture edition (six documents, a tiny site, a file outside it) to target."""
    shutil.copytree(EXCHANGE_EDITION, target)
    return target


@contextmanager
def running(app):
    """Serve app on 127.0.0.1 in a background thread; yield its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = server_config(app, "127.0.0.1", port, log_level="warning", lifespan="off", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
