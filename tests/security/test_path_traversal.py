"""Path traversal: no URL, identifier or name taken from input reaches a file outside its folder.

The server serves the site folder only (no `..`, encoded or not, no hidden bookkeeping, no
symbolic link leading out); DTS and OAI identifiers name documents, not paths; imported and
converted documents get file names made from their ids, inside the output folder.
"""

from __future__ import annotations

import socket

import pytest
from attacks import ROOT, good_text
from click.testing import CliRunner
from serve_support import copy_exchange_edition, running

from teikit.cli import main
from teikit.edition import Edition
from teikit.exchange.app import create_app

SECRET = "secret outside the site"
RAW_PATHS = ["/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/..%2fsecret.txt", "/..%5csecret.txt",
             "/documents/../../secret.txt", "//secret.txt", "/.teikit/site.sqlite", "/%2eteikit/site.sqlite",
             "/documents/%00", "/outside/secret.txt", "/index.html%00.txt", "/../../../../../../etc/passwd"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The exchange edition served over loopback, with a symbolic link in its site leading out of it."""
    edition = copy_exchange_edition(tmp_path_factory.mktemp("traversal") / "edition")
    (edition / "build" / "html" / "outside").symlink_to(edition)
    with running(create_app(Edition.open(edition))) as url:
        yield url


def _raw_get(base: str, path: str) -> tuple[int, bytes]:
    """Send the request line exactly as given (HTTP clients would normalise the path)."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode("latin-1"))
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, data


@pytest.mark.parametrize("path", RAW_PATHS)
def test_the_server_serves_nothing_outside_the_site(server, path):
    status, data = _raw_get(server, path)
    assert status in (400, 404), (path, status)
    assert SECRET.encode() not in data and b"root:" not in data


def test_the_site_itself_is_served(server):
    status, data = _raw_get(server, "/")
    assert status == 200


@pytest.mark.parametrize("ident", ["../secret", "../../secret.txt", "/etc/passwd", "..", "wilson-116548/../persons",
                                   "persons", "places"])
def test_dts_and_oai_identifiers_name_documents_not_files(server, ident):
    import httpx

    for url, params in ((f"{server}/api/dts/document", {"resource": ident}),
                        (f"{server}/api/dts/navigation", {"resource": ident}),
                        (f"{server}/oai", {"verb": "GetRecord", "metadataPrefix": "tei", "identifier": ident})):
        answer = httpx.get(url, params=params)
        assert answer.status_code in (200, 400, 404) and SECRET not in answer.text and "root:" not in answer.text
        if "/oai" in url:
            assert 'code="idDoesNotExist"' in answer.text or 'code="badArgument"' in answer.text


def test_imported_documents_land_inside_the_output_folder(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    # An xml:id must be an NCName, so these are refused as not well-formed; the file name is the fallback id.
    for number, ident in enumerate(["../../escape", "..", "/tmp/absolute", "a/../../b"]):
        text = good_text().replace('xml:id="wilson-116548"', f'xml:id="{ident}"', 1)
        (source / f"doc{number}.xml").write_text(text, encoding="utf-8")
    (source / "..named..xml").write_text(good_text().replace(' xml:id="wilson-116548"', "", 1), encoding="utf-8")
    out = tmp_path / "deep" / "out"
    # Named one by one: a folder's hidden files (such as "..named..xml") are not inputs.
    files = [str(path) for path in sorted(source.iterdir())]
    result = CliRunner().invoke(main, ["import", *files, "-o", str(out)])
    assert result.output.count("error[X001]") == 4, result.output
    written = {p.resolve() for p in tmp_path.rglob("*.xml")} - {p.resolve() for p in source.iterdir()}
    assert written and all(p.is_relative_to(out.resolve()) for p in written), sorted(written)


def test_converted_records_land_inside_the_output_folder(tmp_path):
    record = (ROOT / "records" / "000_de32d7ba9868a1b9.txt").read_text(encoding="utf-8")
    records = tmp_path / "records"
    records.mkdir()
    for number, url in enumerate(["https://example.org/document/../../../../escape",
                                  "https://example.org/x/..%2F..%2Fescape", "file:///etc/passwd"]):
        lines = [line if "https://" not in line else line.rsplit(" ", 1)[0] + " " + url for line in record.splitlines()]
        (records / f"rec{number}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "deep" / "tei"
    CliRunner().invoke(main, ["convert", str(records), "-o", str(out)])
    written = {p.resolve() for p in tmp_path.rglob("*.xml")}
    assert written and all(p.is_relative_to(out.resolve()) for p in written), sorted(written)
