"""Each command and the matching `teikit build --stages` give the same bytes on the same inputs (issue 16.1)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from teikit.build import BuildOptions, run_build
from teikit.cli import main
from teikit.edition import Edition
from teikit.exchange.importer import import_tei

RECORDS = sorted((ROOT / "records").glob("*.txt"))[:2]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _run(*args) -> None:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """An edition of two sample records, built by every stage but review."""
    root = tmp_path_factory.mktemp("edition")
    (root / "records").mkdir()
    for record in RECORDS:
        shutil.copy(record, root / "records")
    (root / "edition.toml").write_text('[edition]\ntitle = "Two Records"\nbase_url = "https://example.org/ed/"\n',
                                       encoding="utf-8")
    options = BuildOptions(stages=("convert", "validate", "pdf", "html", "export"), jobs=1, quiet=True)
    assert run_build(Edition.open(root), options).exit_code == 0
    return root


def test_convert_matches_the_convert_stage(built, tmp_path):
    _run("convert", built / "records", "-o", tmp_path / "tei")
    assert _files(tmp_path / "tei") == _files(built / "tei")


def test_render_html_matches_the_html_stage(built, tmp_path):
    _run("render", "html", built / "tei", "-o", tmp_path / "site", "--pdf-dir", built / "build" / "print", "-j", "1")
    assert _files(tmp_path / "site") == _files(built / "build" / "html")


def test_render_pdf_matches_the_pdf_stage(built, tmp_path):
    _run("render", "pdf", built / "tei", "-o", tmp_path / "print", "-j", "1")
    assert _files(tmp_path / "print") == _files(built / "build" / "print")


@pytest.mark.parametrize("fmt, built_as", [("corpus", "corpus.xml"), ("csv", "metadata.csv"), ("datacite", "datacite"),
                                           ("dc", "dc")])
def test_export_matches_the_export_stage(built, tmp_path, fmt, built_as):
    _run("export", fmt, "--edition", built, "-o", tmp_path / fmt)
    made, expected = tmp_path / fmt, built / "build" / "export" / built_as
    assert (_files(made) == _files(expected)) if expected.is_dir() else made.read_bytes() == expected.read_bytes()


def test_validate_matches_the_validate_stage(built, tmp_path):
    edition = tmp_path / "edition"
    shutil.copytree(built / "tei", edition / "tei")
    # One broken document: a choice without its pair and a pointer to no one (R207, R201).
    broken = (ROOT / "tests" / "cases" / "validate" / "broken" / "choice-without-pair.xml").read_bytes()
    (edition / "tei" / "broken.xml").write_bytes(broken)
    outcome = run_build(Edition.open(edition), BuildOptions(stages=("validate",), jobs=1, quiet=True))
    result = CliRunner().invoke(main, ["validate", str(edition / "tei"), "--format", "json", "-j", "1"])
    found = json.loads(result.stdout)["diagnostics"]
    reported = {(d["path"], d["line"], d["col"], d["code"], d["message"]) for d in found}
    assert reported and reported == {(d.path, d.line, d.col, d.code, d.message) for d in outcome.diagnostics}


def _imported(folder: Path) -> dict[str, bytes]:
    return {name: data for name, data in _files(folder).items() if not name.startswith(".")}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_import_on_the_engine_matches_the_import_library(tmp_path, jobs):
    # The build plans no import (an edition keeps no sources): the command runs the import
    # stage's tasks on the engine, serially or in its process pool, and must give what the
    # library's reader in this process gives, byte for byte.
    cases = ROOT / "tests" / "cases" / "import"
    sources = [ROOT / "tests" / "fixtures" / "exchange" / "frus" / "frus-mini.xml",
               ROOT / "tests" / "fixtures" / "edition" / "tei" / "wilson-116548.xml", *sorted(cases.glob("*.xml"))[:4]]
    result = CliRunner().invoke(main, ["import", *map(str, sources), "-o", str(tmp_path / "engine"), "-j", jobs])
    report = import_tei(sources, tmp_path / "library")
    assert result.exit_code == (1 if report.rejected else 0), result.output
    assert _imported(tmp_path / "engine") and _imported(tmp_path / "engine") == _imported(tmp_path / "library")
