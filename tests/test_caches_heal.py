"""Caches that heal: a damaged build cache, site state database or search entry is discarded with
one warning line and made again, and the build ends as a clean build would, byte for byte.

Flipped bytes in build/.cache/build.sqlite used to stop every build with an OperationalError,
garbage in build/html/.teikit/site.sqlite with a DatabaseError, and garbage in
.teikit/search/*.json gave exit 0 and a public search that found nothing.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from teikit.build import REPORT, BuildOptions, run_build
from teikit.build.progress import make_console
from teikit.cli import main
from teikit.edition import Edition

STAGES = ("convert", "validate", "html", "export")
SHARD_PREFIX = b"(window.TEIKIT_SEARCH = window.TEIKIT_SEARCH || []).push("


def _build(root: Path):
    return run_build(Edition.open(root), BuildOptions(stages=STAGES, jobs=1, quiet=True), console=make_console())


def _outputs(root: Path) -> dict[str, bytes]:
    """Every file the build published (its hidden bookkeeping, caches and run report aside)."""
    # report.txt is the log of one run: a healing run rightly adds its B001/H001 warning to it.
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "build").rglob("*"))
            if p.is_file() and ".cache" not in p.parts and ".teikit" not in p.parts
            and p.relative_to(root) != Path("build", REPORT)}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The sample edition, built once."""
    root = tmp_path_factory.mktemp("heal") / "edition"
    assert CliRunner().invoke(main, ["init", str(root)]).exit_code == 0
    outcome = _build(root)
    assert outcome.exit_code == 0, [d.format() for d in outcome.diagnostics]
    return root


@pytest.fixture
def edition(built, tmp_path) -> Path:
    """A copy of the built edition to damage."""
    return Path(shutil.copytree(built, tmp_path / "edition", symlinks=True))


def _flip_bytes(path: Path, start: int) -> None:
    data = bytearray(path.read_bytes())
    for offset in range(start, len(data), 997):
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def _warnings(outcome, code: str) -> list[str]:
    return [d.format() for d in outcome.diagnostics if d.code == code]


def _search_ids(root: Path) -> list[str]:
    ids = []
    for shard in sorted((root / "build" / "html" / "assets" / "search").glob("*.js")):
        data = shard.read_bytes()
        ids += [entry["id"] for entry in json.loads(data[len(SHARD_PREFIX):-3])]
    return sorted(ids)


@pytest.mark.parametrize("damage", ["flipped-bytes", "garbage"])
def test_a_damaged_build_cache_is_discarded_and_the_build_ends_clean(built, edition, damage):
    cache = edition / "build" / ".cache" / "build.sqlite"
    if damage == "flipped-bytes":
        _flip_bytes(cache, 8192)
    else:
        cache.write_bytes(b"not a database " * 500)
    outcome = _build(edition)
    assert outcome.exit_code == 0, [d.format() for d in outcome.diagnostics]
    assert len(_warnings(outcome, "B001")) == 1
    assert _outputs(edition) == _outputs(built)
    again = _build(edition)
    assert not _warnings(again, "B001") and all(r.done == 0 for r in again.reports)


def test_a_garbage_site_state_is_discarded_and_made_again(built, edition):
    (edition / "build" / "html" / ".teikit" / "site.sqlite").write_bytes(b"garbage" * 1000)
    (edition / "build" / "html" / "index.html").unlink()  # the collection pages are owed: finish runs
    outcome = _build(edition)
    assert outcome.exit_code == 0 and len(_warnings(outcome, "H001")) == 1
    assert _outputs(edition) == _outputs(built)


def test_a_site_state_damaged_inside_is_discarded_and_made_again(built, edition):
    _flip_bytes(edition / "build" / "html" / ".teikit" / "site.sqlite", 4096)
    (edition / "build" / "html" / "index.html").unlink()
    outcome = _build(edition)
    assert outcome.exit_code == 0 and len(_warnings(outcome, "H001")) == 1, [d.format() for d in outcome.diagnostics]
    assert _outputs(edition) == _outputs(built)


def test_garbage_search_entries_are_made_again_before_they_reach_the_search(built, tmp_path):
    # Built in place: a copied edition has other paths, so its build redoes every task anyway.
    edition = tmp_path / "edition"
    assert CliRunner().invoke(main, ["init", str(edition)]).exit_code == 0
    assert _build(edition).exit_code == 0
    entries = sorted((edition / "build" / "html" / ".teikit" / "search").glob("*.json"))
    for entry in entries[:2]:
        entry.write_text("{garbage", encoding="utf-8")
    (edition / "build" / "html" / "assets" / "search-index.js").unlink()  # every shard is written again
    outcome = _build(edition)
    assert outcome.exit_code == 0 and len(_warnings(outcome, "H001")) == 2
    assert _search_ids(edition) == sorted(p.stem for p in entries)
    assert _outputs(edition) == _outputs(built)


def _fresh_built(tmp_path: Path) -> Path:
    # Built in place: a copied edition has other paths, so its build redoes every task anyway.
    edition = tmp_path / "edition"
    assert CliRunner().invoke(main, ["init", str(edition)]).exit_code == 0
    assert _build(edition).exit_code == 0
    return edition


def _contexts_files(root: Path) -> list[Path]:
    """The mention-context side files of documents that mention a register entry."""
    return [p for p in sorted((root / "build" / "html" / ".teikit" / "mentions").glob("*.json")) if p.read_bytes() != b"{}"]


def test_damaged_mention_contexts_are_made_again_before_the_register_pages_use_them(built, tmp_path):
    edition = _fresh_built(tmp_path)
    damaged = _contexts_files(edition)[:2]
    assert len(damaged) == 2
    for path in damaged:
        path.write_text('{"m1": ["garbage", "", ""]}', encoding="utf-8")
    # The site's state goes too, so finish reads every document's contexts again.
    (edition / "build" / "html" / ".teikit" / "site.sqlite").unlink()
    (edition / "build" / "html" / "index.html").unlink()
    outcome = _build(edition)
    assert outcome.exit_code == 0
    assert sorted(w.split(":")[0] for w in _warnings(outcome, "H001")) == sorted(str(p) for p in damaged)
    assert _outputs(edition) == _outputs(built)


def test_mention_contexts_that_cannot_be_made_again_heal_at_the_next_build(built, tmp_path):
    edition = _fresh_built(tmp_path)
    damaged = _contexts_files(edition)[0]
    damaged.write_bytes(b"\xff garbage")
    # The site's copy of the document is damaged as well: the contexts cannot be made from it.
    copy = edition / "build" / "html" / "tei" / f"{damaged.stem}.xml"
    copy.write_bytes(copy.read_bytes().replace(b"</TEI>", b""))
    (edition / "build" / "html" / ".teikit" / "site.sqlite").unlink()
    (edition / "build" / "html" / "index.html").unlink()
    outcome = _build(edition)
    assert outcome.exit_code == 0 and len(_warnings(outcome, "H001")) == 1
    assert not damaged.exists()
    # The next build renders the document again, and the site ends as a clean build's.
    again = _build(edition)
    assert again.exit_code == 0 and not _warnings(again, "H001")
    assert _outputs(edition) == _outputs(built)
