"""Slow clients (slowloris): connections that send nothing, or dribble their headers or body,
are closed after the header, idle and body timeouts instead of holding the server forever.

Fifty silent connections used to stay open for as long as the clients liked.
"""

from __future__ import annotations

import socket
import time

import httpx
import pytest
from serve_support import copy_exchange_edition, running

from teikit.edition import Edition
from teikit.exchange import app as app_module
from teikit.exchange import http
from teikit.exchange.app import create_app

TIMEOUT = 1.0


@pytest.fixture
def server(tmp_path, monkeypatch):
    monkeypatch.setattr(http, "HEADER_TIMEOUT", TIMEOUT)
    monkeypatch.setattr(app_module, "BODY_TIMEOUT", TIMEOUT)
    edition = copy_exchange_edition(tmp_path / "edition")
    with running(create_app(Edition.open(edition))) as url:
        yield url


def _connect(base: str) -> socket.socket:
    host, port = base.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=TIMEOUT * 8)
    return sock


def _closed_by_server(sock: socket.socket) -> bool:
    """Wait for the server to close the connection; True when it did (before the socket's own timeout)."""
    try:
        while True:
            if sock.recv(4096) == b"":
                return True
    except (TimeoutError, socket.timeout):
        return False
    except OSError:
        return True


def test_silent_connections_are_closed(server):
    socks = [_connect(server) for _ in range(50)]
    started = time.monotonic()
    try:
        # The server still answers others while they wait.
        assert httpx.get(f"{server}/api/dts").status_code == 200
        assert all(_closed_by_server(s) for s in socks)
        assert time.monotonic() - started < TIMEOUT * 8
    finally:
        for sock in socks:
            sock.close()


def test_dribbled_headers_are_cut_off(server):
    sock = _connect(server)
    try:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        deadline = time.monotonic() + TIMEOUT * 8
        closed = False
        while time.monotonic() < deadline and not closed:
            try:
                sock.sendall(b"X-Slow: 1\r\n")
                sock.settimeout(TIMEOUT / 4)
                closed = sock.recv(1) == b""
            except (TimeoutError, socket.timeout):
                continue
            except OSError:
                closed = True
        assert closed
    finally:
        sock.close()


def test_an_idle_keep_alive_connection_is_closed(server):
    sock = _connect(server)
    try:
        sock.sendall(b"GET /api/dts HTTP/1.1\r\nHost: x\r\n\r\n")
        assert sock.recv(4096).startswith(b"HTTP/1.1 200")
        assert _closed_by_server(sock)
    finally:
        sock.close()


def test_a_dribbled_oai_form_is_a_bad_argument(server):
    sock = _connect(server)
    try:
        sock.sendall(b"POST /oai HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                     b"Content-Length: 100\r\n\r\nverb=Ident")
        answer = b""
        while b"</OAI-PMH>" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
        assert b'code="badArgument"' in answer
    finally:
        sock.close()
