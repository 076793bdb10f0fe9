"""Compiled grammars kept in the user's cache, so a run loads TEI All in milliseconds instead of reading it again.

An entry is keyed by the digest of the grammar file and of the matcher's own code; it lists
the other files the grammar includes (relative to it, with their digests), and carries the
digest of its own payload. An entry whose included files changed is stale and is replaced
quietly; one that is cut short, altered or unreadable is damaged: it is discarded with one
warning (S111) and the grammar is read from its files, as without a cache. The cache never
changes an answer: it holds exactly what reading the grammar gives.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

import platformdirs

from ... import tei
from ...diagnostics import Diagnostic, warning
from .simplify import Grammar, load_grammar

CACHE_ENV = "TEIKIT_CACHE_DIR"
MAGIC = b"teikit compiled grammar 1\n"
# The modules whose code decides what a compiled grammar holds: a change to any of them
# makes every older entry unusable (a new key, so it is never even opened).
_CODE = ("patterns.py", "simplify.py", "datatypes.py", "walk.py", "cache.py")


class _Damaged(Exception):
    """A cache entry that cannot be what it claims to be."""


def cache_dir() -> Path:
    """Return the folder of compiled grammars: $TEIKIT_CACHE_DIR, else the user's cache folder for teikit."""
    configured = os.environ.get(CACHE_ENV)
    base = Path(configured) if configured else Path(platformdirs.user_cache_dir("teikit"))
    return base / "grammars"


def _code_digest() -> str:
    digest = hashlib.sha256(f"{sys.version_info[:2]} {pickle.HIGHEST_PROTOCOL}".encode())
    here = Path(__file__).parent
    for name in _CODE:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


_CODE_DIGEST = _code_digest()


def load_compiled(path: str | os.PathLike) -> tuple[Grammar, Diagnostic | None]:
    """Return a grammar from the cache, or read from its files (and cached); with the warning of a damaged entry.

    Raises GrammarError, as load_grammar does, when the grammar itself cannot be used.
    """
    path = Path(path).resolve()
    try:
        own = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return load_grammar(path), None  # load_grammar says why the file cannot be read
    entry = cache_dir() / f"{hashlib.sha256((_CODE_DIGEST + own).encode()).hexdigest()}.pickle"
    damage = None
    try:
        grammar = _read(entry, path)
        if grammar is not None:
            return grammar, None
    except FileNotFoundError:
        pass
    except (_Damaged, OSError) as exc:
        damage = warning(str(entry), "S111", f"the compiled-grammar cache was damaged ({exc}): discarded, "
                                              f"the grammar is read again")
        try:
            entry.unlink()
        except OSError:
            pass
    grammar = load_grammar(path)
    _write(entry, grammar, path)
    return grammar, damage


def _read(entry: Path, path: Path) -> Grammar | None:
    """Return the cached grammar, None when the files it includes have changed; raise _Damaged when it is broken."""
    blob = entry.read_bytes()
    head, _, rest = blob.partition(b"\n")
    if head + b"\n" != MAGIC:
        raise _Damaged("not a teikit grammar cache")
    digest, _, payload = rest.partition(b"\n")
    if hashlib.sha256(payload).hexdigest().encode() != digest:
        raise _Damaged("its content does not match its digest")
    try:
        includes, grammar = pickle.loads(payload)
    except Exception as exc:  # noqa: BLE001 - any unpickling failure means the same: damaged
        raise _Damaged(f"unreadable: {type(exc).__name__}") from exc
    if not isinstance(grammar, Grammar) or grammar.id_attributes is None:
        raise _Damaged("not a compiled grammar")
    for relative, expected in includes:
        try:
            if hashlib.sha256((path.parent / relative).read_bytes()).hexdigest() != expected:
                return None
        except OSError:
            return None
    grammar.sources = [path] + [(path.parent / relative).resolve() for relative, _ in includes]
    return grammar


def _write(entry: Path, grammar: Grammar, path: Path) -> None:
    """Keep a freshly read grammar; a cache that cannot be written only costs the next run its reading."""
    if grammar.id_attributes is None:
        from .walk import Walker
        Walker(grammar)  # works out the ID-typed attributes, which the entry keeps
    try:
        # Included files by their place relative to the grammar: the entry does not depend on
        # where the grammar lives. The paths themselves are not kept (sources is rebuilt).
        includes = [(os.path.relpath(source, path.parent), hashlib.sha256(source.read_bytes()).hexdigest())
                    for source in grammar.sources[1:]]
        sources, grammar.sources = grammar.sources, []
        try:
            payload = pickle.dumps((includes, grammar), protocol=pickle.HIGHEST_PROTOCOL)
        finally:
            grammar.sources = sources
        tei.write_atomic(entry, MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
    except OSError:
        pass
