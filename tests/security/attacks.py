"""Shared pieces of the attack tests: hostile TEI documents, a canary secret, a loopback canary server.

A hostile document is the fixture record with a DOCTYPE (or an XInclude) that tries to pull a
local secret file or a URL on the canary server into the text. Nothing teikit writes may ever
contain the canary text, and the canary server must never be asked for anything.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_EDITION = ROOT / "tests" / "fixtures" / "edition"
GOOD = FIXTURE_EDITION / "tei" / "wilson-116548.xml"
SECRET_TEXT = "CANARY-SECRET-LOCAL-FILE"
NETWORK_TEXT = "CANARY-FROM-THE-NETWORK"
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'

# Where a DOCTYPE can stand in a document's prolog (it is refused in all of them).
POSITIONS = ("first", "after-declaration", "after-70k-comment", "after-processing-instruction",
             "after-byte-order-mark", "utf-16")


class Canary:
    """A secret file and a loopback server; `leaks(folder)` and `hits()` say whether either was reached."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.secret = folder / "secret.txt"
        self.secret.write_text(SECRET_TEXT + "\n", encoding="utf-8")
        self.log = folder / "requests.log"
        self.log.touch()
        script = Path(__file__).with_name("canary_server.py")
        self.process = subprocess.Popen([sys.executable, str(script), str(self.log)], stdout=subprocess.PIPE, text=True)
        self.url = f"http://127.0.0.1:{int(self.process.stdout.readline())}"

    def hits(self) -> list[str]:
        """Return the paths the canary server was asked for (none, if teikit behaves)."""
        return self.log.read_text(encoding="utf-8").split()

    def close(self) -> None:
        """Stop the canary server."""
        self.process.terminate()
        self.process.wait(10)

    def file_entity(self) -> str:
        return f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "{self.secret.as_uri()}">]>'

    def network_entity(self) -> str:
        return f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "{self.url}/entity.txt">]>'

    def external_dtd(self) -> str:
        return f'<!DOCTYPE TEI SYSTEM "{self.url}/external.dtd">'

    def public_dtd(self) -> str:
        return f'<!DOCTYPE TEI PUBLIC "-//TEI//DTD TEI P5//EN" "{self.url}/public.dtd">'

    def parameter_entity(self) -> str:
        return f'<!DOCTYPE TEI [<!ENTITY % p SYSTEM "{self.url}/parameter.dtd"> %p;]>'


def good_text() -> str:
    """Return the fixture record (a valid edition document)."""
    return GOOD.read_text(encoding="utf-8")


def with_entity(text: str, reference: str = "&x;") -> str:
    """Put an entity reference into the document's main title."""
    return text.replace("Minutes of Conversation", f"Minutes {reference} of Conversation", 1)


def hostile(doctype: str, position: str = "after-declaration", reference: str = "&x;", ident: str = "") -> bytes:
    """Return the fixture record with `doctype` placed at `position` and `reference` in its title.

    `ident` gives the document a fresh xml:id (so several hostile copies can share an edition).
    """
    text = with_entity(good_text(), reference) if reference else good_text()
    if ident:
        text = text.replace('xml:id="wilson-116548"', f'xml:id="{ident}"', 1)
    body = text.removeprefix(DECLARATION)
    if position == "first":
        return (doctype + "\n" + body).encode("utf-8")
    if position == "after-declaration":
        return (DECLARATION + doctype + "\n" + body).encode("utf-8")
    if position == "after-70k-comment":
        return (DECLARATION + "<!--" + "x" * 70_000 + "-->\n" + doctype + "\n" + body).encode("utf-8")
    if position == "after-processing-instruction":
        return (DECLARATION + '<?xml-model href="tei_all.rng"?>\n<!-- c -->\n' + doctype + "\n" + body).encode("utf-8")
    if position == "after-byte-order-mark":
        return b"\xef\xbb\xbf" + (DECLARATION + doctype + "\n" + body).encode("utf-8")
    if position == "utf-16":
        return ('<?xml version="1.0" encoding="UTF-16"?>\n' + doctype + "\n" + body).encode("utf-16")
    raise ValueError(position)


def copy_edition(target: Path) -> Path:
    """Copy the fixture edition (tei/ with one record and the registers) to target, with an edition.toml."""
    shutil.copytree(FIXTURE_EDITION, target)
    (target / "edition.toml").write_text('[edition]\ntitle = "Attack Test Edition"\n', encoding="utf-8")
    return target


def output_text(folder: Path) -> str:
    """Return everything below a folder as text (PDFs through pdftotext), to look for the canaries."""
    parts = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.suffix == ".pdf" and shutil.which("pdftotext"):
            parts.append(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout)
        parts.append(path.read_bytes().decode("utf-8", errors="replace"))
    return "\n".join(parts)


def assert_nothing_leaked(canary: Canary, *folders: Path) -> None:
    """Fail if the secret's or the network's text reached a file below the folders, or the server was asked."""
    assert canary.hits() == [], f"the canary server was asked for {canary.hits()}"
    for folder in folders:
        if folder.exists():
            text = output_text(folder)
            assert SECRET_TEXT not in text and NETWORK_TEXT not in text, f"a canary reached {folder}"


@pytest.fixture
def canary(tmp_path):
    """A canary secret file and loopback server for one test."""
    folder = tmp_path / "canary"
    folder.mkdir()
    found = Canary(folder)
    yield found
    found.close()


@pytest.fixture(scope="module")
def module_canary(tmp_path_factory):
    """A canary secret file and loopback server shared by a module's tests."""
    found = Canary(tmp_path_factory.mktemp("canary"))
    yield found
    found.close()
