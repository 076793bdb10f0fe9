"""`teikit serve`: the HTML site, loopback by default, never a file outside the site folder."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time

import httpx
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from serve_support import EXCHANGE_EDITION, copy_exchange_edition, running
from teikit.cli import main
from teikit.commands.serve import serve
from teikit.edition import Edition
from teikit.exchange.app import create_app, safe_file

SECRET = b"secret outside the site"
EXCHANGE_SITE = EXCHANGE_EDITION / "build" / "html"


@pytest.fixture(scope="module")
def edition_dir(tmp_path_factory):
    path = copy_exchange_edition(tmp_path_factory.mktemp("serve") / "edition")
    os.symlink(path / "secret.txt", path / "build" / "html" / "link-out.txt")
    return path


@pytest.fixture(scope="module")
def base(edition_dir):
    with running(create_app(Edition.open(edition_dir))) as url:
        yield url


def raw_get(base: str, target: str) -> tuple[int, bytes]:
    """Send a request line exactly as given (no client-side normalisation of dots or escapes)."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.putrequest("GET", target, skip_accept_encoding=True)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def test_site_index_is_served(base):
    response = httpx.get(f"{base}/")
    assert response.status_code == 200 and b"<h1>Exchange Test Edition</h1>" in response.content
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["x-content-type-options"] == "nosniff"


def test_site_assets_have_their_media_type(base):
    response = httpx.get(f"{base}/css/site.css")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/css")


def test_folder_serves_its_index(base):
    assert httpx.get(f"{base}/css/").status_code == 404  # no index.html there
    assert httpx.head(f"{base}/index.html").status_code == 200


def test_missing_page_is_not_found(base):
    assert httpx.get(f"{base}/no-such-page.html").status_code == 404


TRAVERSALS = {
    "dot_dot": "/../secret.txt",
    "nested_dot_dot": "/css/../../secret.txt",
    "encoded": "/%2e%2e/secret.txt",
    "encoded_slash": "/%2e%2e%2fsecret.txt",
    "double_encoded": "/%252e%252e%252fsecret.txt",
    "backslash": "/..%5csecret.txt",
    "absolute": "//etc/passwd",
    "encoded_absolute": "/%2fetc%2fpasswd",
    "nul_byte": "/index.html%00.txt",
    "symlink_out": "/link-out.txt",
    "overlong_utf8": "/%c0%ae%c0%ae/secret.txt",
}


@pytest.mark.parametrize("case", sorted(TRAVERSALS))
def test_path_traversal_never_leaves_the_site(base, case):
    status, body = raw_get(base, TRAVERSALS[case])
    assert status in (400, 404)
    assert SECRET not in body and b"root:" not in body


def test_method_not_allowed(base):
    assert httpx.delete(f"{base}/index.html").status_code == 405


def test_site_not_built_is_not_found(tmp_path):
    (tmp_path / "tei").mkdir()
    with running(create_app(Edition.open(tmp_path))) as url:
        assert httpx.get(f"{url}/").status_code == 404
        assert httpx.get(f"{url}/api/dts").status_code == 200


def test_serve_binds_to_loopback_by_default():
    host = next(p for p in serve.params if p.name == "host")
    assert host.default == "127.0.0.1"


def test_serve_rejects_a_missing_edition(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--edition", str(tmp_path / "missing")])
    assert result.exit_code == 2 and "not a folder" in result.output


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_command_answers_on_loopback(edition_dir):
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-c", "from teikit.cli import main; main()", "serve", "--port", str(port),
                                "--edition", str(edition_dir)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/oai", params={"verb": "Identify"})
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail(f"teikit serve did not start: {process.stderr.read1().decode() if process.poll() is not None else ''}")
                time.sleep(0.1)
        assert response.status_code == 200 and b"<repositoryName>Exchange Test Edition" in response.content
    finally:
        process.terminate()
        process.wait(10)


def test_index_rereads_an_edited_document_after_the_rescan_interval(tmp_path):
    from teikit.exchange.index import EditionIndex

    edition_dir = copy_exchange_edition(tmp_path / "edition")
    path = edition_dir / "tei" / "plain-note.xml"
    lazy = EditionIndex(Edition.open(edition_dir), rescan_interval=3600)
    eager = EditionIndex(Edition.open(edition_dir), rescan_interval=0)
    assert lazy.get("plain-note").meta.title == eager.get("plain-note").meta.title
    path.write_text(path.read_text().replace("An Editorial Note", "A Revised Note"))
    assert lazy.get("plain-note").meta.title.startswith("An Editorial Note")  # within the interval
    assert eager.get("plain-note").meta.title.startswith("A Revised Note")


def test_index_leaves_out_a_broken_document_and_says_why(tmp_path):
    from teikit.exchange.index import EditionIndex

    edition_dir = copy_exchange_edition(tmp_path / "edition")
    (edition_dir / "tei" / "broken.xml").write_text("<TEI")
    index = EditionIndex(Edition.open(edition_dir))
    assert "broken" not in [e.meta.id for e in index.entries()]
    assert [(p.path, p.line, p.code) for p in index.problems] == [(str(edition_dir / "tei" / "broken.xml"), 1, "X001")]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["..", ".", "", "css", "site.css", "index.html", "%2e%2e", "~root", "link-out.txt",
                                 "secret.txt", "\\", "\x00"]) | st.text(max_size=8), max_size=6).map("/".join))
def test_safe_file_never_leaves_the_site(url_path):
    site = EXCHANGE_SITE.resolve()
    target = safe_file(site, url_path)
    assert target is None or (target.resolve().is_relative_to(site) and target.is_file())


def test_hidden_folders_of_the_site_are_not_served(tmp_path):
    (tmp_path / ".teikit").mkdir()
    (tmp_path / ".teikit" / "site.sqlite").write_bytes(b"state")
    (tmp_path / "index.html").write_text("<p>home</p>")
    assert safe_file(tmp_path, ".teikit/site.sqlite") is None
    assert safe_file(tmp_path, "/.teikit/") is None
    assert safe_file(tmp_path, "index.html") == (tmp_path / "index.html").resolve()
