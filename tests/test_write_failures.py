"""A full disk or an output folder that cannot be written is one line naming the file, never a traceback.

Writes go through teikit.tei.write_atomic; here its temporary file is /dev/full (every write
fails with ENOSPC, as on a full disk) or cannot be created (a read-only or forbidden folder).
"""

from __future__ import annotations

import errno
import os
import sqlite3
import tempfile

import pytest
from click.testing import CliRunner
from conftest import FIXTURES

from teikit import tei
from teikit.cli import main

DOCUMENT = FIXTURES / "edition" / "tei" / "wilson-116548.xml"


def _on_full_disk(monkeypatch) -> None:
    """Make every atomic write from now on land on /dev/full."""
    real = tempfile.mkstemp

    def on_full_disk(*args, **kwargs):
        fd, name = real(*args, **kwargs)
        os.close(fd)
        return os.open("/dev/full", os.O_WRONLY), name

    monkeypatch.setattr(tei.tempfile, "mkstemp", on_full_disk)


@pytest.fixture
def full_disk(monkeypatch):
    """Every atomic write of the test lands on /dev/full."""
    _on_full_disk(monkeypatch)


@pytest.fixture
def read_only(monkeypatch):
    """Make every atomic write fail as in a read-only folder."""
    def refused(*args, dir=None, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(dir))

    monkeypatch.setattr(tei.tempfile, "mkstemp", refused)


def _one_line(result, code: str = "B002", status: int = 2) -> str:
    assert result.exit_code == status, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if f"error[{code}]" in line]
    assert len(lines) == 1, result.output
    return lines[0]


def test_render_html_on_a_full_disk(full_disk, tmp_path):
    line = _one_line(CliRunner().invoke(main, ["render", "html", str(DOCUMENT), "-o", str(tmp_path / "site"), "-j", "1"]))
    assert str(tmp_path / "site") in line and "No space left on device" in line


def test_render_html_into_a_read_only_folder(read_only, tmp_path):
    line = _one_line(CliRunner().invoke(main, ["render", "html", str(DOCUMENT), "-o", str(tmp_path / "site"), "-j", "1"]))
    assert "Read-only file system" in line


def test_convert_on_a_full_disk(full_disk, tmp_path):
    records = FIXTURES.parent.parent / "records"
    # As in the build: the record whose TEI cannot be written is a data error of its own (exit 1), on one line.
    line = _one_line(CliRunner().invoke(main, ["convert", str(records / "000_de32d7ba9868a1b9.txt"),
                                               "-o", str(tmp_path / "tei")]), status=1)
    assert "No space left on device" in line


def test_build_on_a_full_disk_says_so_per_document_on_one_line_each(tmp_path, monkeypatch):
    root = tmp_path / "edition"
    assert CliRunner().invoke(main, ["init", str(root)]).exit_code == 0
    monkeypatch.chdir(root)
    _on_full_disk(monkeypatch)
    result = CliRunner().invoke(main, ["build", "--stages", "convert", "--jobs", "1"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (1, 2) and "Traceback" not in result.output
    problems = [line for line in result.output.splitlines() if "error[" in line]
    assert problems and all("error[B002]" in line and "No space left on device" in line for line in problems), problems


def test_a_database_on_a_full_disk_is_one_line(tmp_path, monkeypatch):
    from teikit.build import cache

    def full(*args, **kwargs):
        exc = sqlite3.OperationalError("database or disk is full")
        exc.sqlite_errorcode = 13  # SQLITE_FULL
        raise exc

    monkeypatch.setattr(cache, "_connect", full)
    root = tmp_path / "edition"
    assert CliRunner().invoke(main, ["init", str(root)]).exit_code == 0
    monkeypatch.chdir(root)
    line = _one_line(CliRunner().invoke(main, ["build", "--stages", "convert"]))
    assert "database or disk is full" in line


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_render_html_into_a_folder_without_write_permission(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    site.chmod(0o555)
    try:
        line = _one_line(CliRunner().invoke(main, ["render", "html", str(DOCUMENT), "-o", str(site), "-j", "1"]))
        assert "Permission denied" in line
    finally:
        site.chmod(0o755)
