"""The compiled-grammar cache and the worker pool change only how fast the answer comes, never the answer.

`teikit validate` gives byte-identical output with one worker or two, from a fresh cache or a
warm one; a damaged cache entry is discarded with one warning (S111) and the grammar is
read again; an entry whose included files changed is not used.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, TEI_ALL
from teikit.validate.relaxng.cache import MAGIC, load_compiled
from teikit.validate.relaxng.simplify import load_grammar
from validate_corpus import make_mutants


def _validate(cache: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "TEIKIT_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-c", "from teikit.cli import main; main()", "validate", *args],
                          capture_output=True, text=True, env=env, cwd=ROOT)


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / "grammars").glob("*.pickle"))


def test_output_is_the_same_with_one_or_two_workers_and_with_or_without_the_cache(tmp_path):
    # Enough files for the pool (64), valid and invalid, so workers warm their caches in
    # different orders: the messages must not depend on what a worker saw before.
    folder = tmp_path / "files"
    cases = sorted((ROOT / "tests" / "cases" / "validate").rglob("*.xml"))
    for round_ in range(2):
        for i, case in enumerate(cases):
            target = folder / f"{round_}-{i:03}-{case.name}"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(case, target)
    make_mutants([ROOT / "tei" / "wilson-116548.xml"], folder / "mutants")
    files = sorted(str(p) for p in folder.rglob("*.xml"))
    assert len(files) >= 64
    cache = tmp_path / "cache"
    runs = {}
    for label, jobs, fresh in (("fresh, -j 1", 1, True), ("warm, -j 1", 1, False), ("warm, -j 2", 2, False),
                               ("fresh, -j 2", 2, True)):
        if fresh:
            shutil.rmtree(cache, ignore_errors=True)
        result = _validate(cache, "--schema", "tei_all", "-j", str(jobs), *files)
        runs[label] = (result.returncode, result.stdout)
        assert _entries(cache), "the run left no compiled grammar"
    first = runs["fresh, -j 1"]
    assert first[0] == 1 and "error[S1" in first[1]
    for label, run in runs.items():
        assert run == first, label


def test_a_cached_grammar_is_the_grammar_read_from_its_files(tmp_path, monkeypatch):
    monkeypatch.setenv("TEIKIT_CACHE_DIR", str(tmp_path))
    fresh, _ = load_compiled(TEI_ALL)
    cached, damage = load_compiled(TEI_ALL)
    assert damage is None and cached is not fresh
    read = load_grammar(TEI_ALL)
    for grammar in (fresh, cached):
        assert grammar.start == read.start
        assert (grammar.store.kind, grammar.store.a, grammar.store.b, grammar.store.content) == \
            (read.store.kind, read.store.a, read.store.b, read.store.content)
        assert [(d.library, d.name, d.params) for d in grammar.datatypes] == \
            [(d.library, d.name, d.params) for d in read.datatypes]
    assert cached.id_attributes == fresh.id_attributes and cached.id_attributes


def _payload_entry(payload: bytes) -> bytes:
    return MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload


DAMAGES = {
    "cut short": lambda blob: blob[:len(blob) // 2],
    "one byte changed": lambda blob: blob[:-100] + bytes([blob[-100] ^ 1]) + blob[-99:],
    "not a cache file": lambda blob: b"\x00garbage\n" * 10,
    "empty": lambda blob: b"",
    "something else pickled": lambda blob: _payload_entry(pickle.dumps(([], {"not": "a grammar"}))),
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_entry_is_discarded_with_one_warning(tmp_path, damage):
    letter = ROOT / "tei" / "wilson-116548.xml"
    bad = make_mutants([letter], tmp_path / "mutants")[0]
    cache = tmp_path / "cache"
    clean = _validate(cache, "--schema", "tei_all", str(letter), str(bad))
    [entry] = _entries(cache)
    entry.write_bytes(DAMAGES[damage](entry.read_bytes()))
    healed = _validate(cache, "--schema", "tei_all", str(letter), str(bad))
    warnings = [line for line in healed.stdout.splitlines() if "[S111]" in line]
    assert len(warnings) == 1 and "warning[S111]: the compiled-grammar cache was damaged" in warnings[0]
    assert healed.returncode == clean.returncode == 1
    assert [line for line in healed.stdout.splitlines() if "[S111]" not in line][:-1] == \
        clean.stdout.splitlines()[:-1]
    again = _validate(cache, "--schema", "tei_all", str(letter), str(bad))
    assert again.stdout == clean.stdout and _entries(cache) == [entry]


def test_an_entry_whose_included_grammar_changed_is_not_used(tmp_path):
    rng = 'xmlns="http://relaxng.org/ns/structure/1.0"'
    (tmp_path / "main.rng").write_text(f'<grammar {rng}><include href="part.rng"/>'
                                       f'<start><ref name="doc"/></start></grammar>')
    part = tmp_path / "part.rng"
    part.write_text(f'<grammar {rng}><define name="doc"><element name="doc"><text/></element></define></grammar>')
    document = tmp_path / "doc.xml"
    document.write_text("<doc>words</doc>")
    cache = tmp_path / "cache"
    assert _validate(cache, "--schema", str(tmp_path / "main.rng"), str(document)).returncode == 0
    part.write_text(f'<grammar {rng}><define name="doc"><element name="doc"><empty/></element></define></grammar>')
    changed = _validate(cache, "--schema", str(tmp_path / "main.rng"), str(document))
    assert changed.returncode == 1 and "[S107]" in changed.stdout and "[S111]" not in changed.stdout
