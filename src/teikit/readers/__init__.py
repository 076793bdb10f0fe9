"""Readers: one module per input layout, and the registry that picks one.

A reader module has `detect(text) -> bool`, `read(path, text) -> Record` and, to find a
record's id without parsing its body, `identity(path, text) -> Identity`; a new layout is one
module plus one line in READERS (checked in order by `detect`).
"""

from __future__ import annotations

from pathlib import Path

from ..ids import Identity, file_id
from . import dafp, wilson
from .base import Block, ReaderError, Record
from .common import check_text, decode

READERS = {
    "dafp": dafp,
    "wilson": wilson,
}

__all__ = ["READERS", "Block", "ReaderError", "Record", "detect", "identity", "read", "read_text"]


def detect(path: str | Path, text: str) -> str | None:
    """Return the name of the reader whose layout text has, or None."""
    for name, module in READERS.items():
        if module.detect(text):
            return name
    return None


def _module(path: str | Path, text: str, reader: str | None):
    """Return the reader module for a record's text: the named one, else the detected one."""
    if reader is None:
        reader = detect(path, text)
        if reader is None:
            raise ReaderError("unknown layout: neither a wilson record (date, title, labelled "
                              "sections, 'Contents:') nor a DAFP record (YAML front matter)", 1)
    elif reader not in READERS:
        raise KeyError(reader)
    return READERS[reader]


def read_text(path: str | Path, text: str, reader: str | None = None) -> Record:
    """Parse already decoded text with the named reader, or the detected one."""
    text = check_text(text)
    return _module(path, text, reader).read(path, text)


def identity(path: str | Path, reader: str | None = None) -> Identity:
    """Return a record file's candidate ids (see `teikit.ids`); raise ReaderError or OSError as `read` does."""
    text = check_text(decode(_read_bytes(path)))
    module = _module(path, text, reader)
    if hasattr(module, "identity"):
        return module.identity(path, text)
    return Identity((module.read(path, text).doc_id, file_id(module.NAME, path)))


def _read_bytes(path: str | Path) -> bytes:
    # open() rather than Path(path).read_bytes(): making a Path costs as much as reading a record.
    with open(path, "rb") as handle:
        return handle.read()


def read(path: str | Path, reader: str | None = None) -> Record:
    """Read and parse one record file; raise ReaderError for bad input, OSError if unreadable.

    An unknown `reader` name raises KeyError (a usage error, not a data error).
    """
    return read_text(path, decode(_read_bytes(path)), reader)
