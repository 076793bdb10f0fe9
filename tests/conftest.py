"""Shared test fixtures: paths to the repository, the fixture edition and ../shared/."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from teikit import resources

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
# ../shared/ sits beside the checkout in development and CI; tests that need it skip without it.
SHARED = Path(os.environ.get("TEIKIT_SHARED", ROOT.parent / "shared"))
# TEI All as it ships in the package (schema/tei_all.rng): tests that need it never skip.
TEI_ALL = resources.schema_path("tei_all.rng")
# Compiled grammars go to a cache of the test session's own (the CLI's subprocesses inherit
# it), never to the user's: a test run neither reads nor leaves anything there.
_CACHE = tempfile.mkdtemp(prefix="teikit-test-cache-")
os.environ["TEIKIT_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, True)


def shared_path(*parts: str) -> Path:
    """Return a path below ../shared/, skipping the calling test when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared/{'/'.join(parts)} is not available")
    return path


def pytest_addoption(parser):
    parser.addoption("--update-goldens", "--update-golden", dest="update_goldens", action="store_true",
                     default=False, help="rewrite golden files from the current output instead of comparing")


@pytest.fixture
def update_golden(request) -> bool:
    """Whether golden files should be rewritten (pytest --update-goldens; golden_support.check_golden)."""
    return request.config.getoption("update_goldens")


@pytest.fixture
def fixture_edition(tmp_path) -> Path:
    """A copy of the miniature fixture edition (tei/ with one document and the registers)."""
    target = tmp_path / "edition"
    shutil.copytree(FIXTURES / "edition", target)
    return target


def chromium_path() -> str | None:
    """Return Debian's chromium if installed; browser tests fail instead of skipping in CI."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and os.environ.get("TEIKIT_REQUIRE_BROWSER"):
        pytest.fail("chromium is required (TEIKIT_REQUIRE_BROWSER is set) but not installed")
    return found
