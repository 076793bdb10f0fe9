"""Caches that heal: recognise a damaged SQLite database (not a busy one) and discard it.

Every database teikit keeps (build/.cache/build.sqlite, the site's .teikit/site.sqlite) is
derived data: when one is found damaged it is deleted, one warning says so, and what it
held is made again.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import orjson

# SQLite's primary result codes for a damaged file (a busy or locked database is not damaged).
_DAMAGE_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB


def is_damage(exc: BaseException) -> bool:
    """Return whether an exception says a database or the data stored in it is damaged."""
    if isinstance(exc, sqlite3.DatabaseError):
        code = getattr(exc, "sqlite_errorcode", None)
        return code is not None and code & 0xFF in _DAMAGE_CODES
    # Results are stored as JSON: a damaged value no longer parses.
    return isinstance(exc, orjson.JSONDecodeError)


def discard(path: str | Path) -> None:
    """Delete a SQLite database and its journal files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
