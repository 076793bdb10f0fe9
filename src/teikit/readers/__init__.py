"""Readers: one module per input layout, and the registry that picks one.

A reader module has `detect(text) -> bool` and `read(path, text) -> Record`; a new layout
is one module plus one line in READERS (checked in order by `detect`).
"""

from __future__ import annotations

from pathlib import Path

from . import dafp, wilson
from .base import Block, ReaderError, Record
from .common import check_text, decode

READERS = {
    "dafp": dafp,
    "wilson": wilson,
}

__all__ = ["READERS", "Block", "ReaderError", "Record", "detect", "read", "read_text"]


def detect(path: str | Path, text: str) -> str | None:
    """Return the name of the reader whose layout text has, or None."""
    for name, module in READERS.items():
        if module.detect(text):
            return name
    return None


def read_text(path: str | Path, text: str, reader: str | None = None) -> Record:
    """Parse already decoded text with the named reader, or the detected one."""
    text = check_text(text)
    if reader is None:
        reader = detect(path, text)
        if reader is None:
            raise ReaderError("unknown layout: neither a wilson record (date, title, labelled "
                              "sections, 'Contents:') nor a DAFP record (YAML front matter)", 1)
    elif reader not in READERS:
        raise KeyError(reader)
    return READERS[reader].read(path, text)


def read(path: str | Path, reader: str | None = None) -> Record:
    """Read and parse one record file; raise ReaderError for bad input, OSError if unreadable.

    An unknown `reader` name raises KeyError (a usage error, not a data error).
    """
    return read_text(path, decode(Path(path).read_bytes()), reader)
