"""Each command and the matching `teikit build --stages` give the same bytes on the same inputs (issue 16.1)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from teikit.build import BuildOptions, run_build
from teikit.cli import main
from teikit.edition import Edition
from teikit.exchange.importer import import_tei
from teikit.validate.schema import resolve_schema

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
    result = CliRunner().invoke(main, ["validate", str(edition / "tei"), "-j", "1"])
    assert result.exit_code == 1
    # The command's report lines, byte for byte, are the build's (build/report.txt), each file's in its order.
    printed = result.stdout.splitlines()[:-1]
    reported = [line for line in (edition / "build" / "report.txt").read_text(encoding="utf-8").splitlines()
                if not line.startswith(("left out:", "  "))]
    assert printed and sorted(printed) == sorted(reported)
    assert sorted(printed) == sorted(d.format() for d in outcome.diagnostics)


def test_export_bagit_packs_what_the_build_made(built, tmp_path):
    # The build makes no bag (a bag packs the built edition): its payload must be the build's bytes.
    _run("export", "bagit", "--edition", built, "-o", tmp_path / "bag")
    data = tmp_path / "bag" / "data"
    assert _files(data / "html") == {name: content for name, content in _visible(built / "build" / "html").items()
                                     if name != "review.html"}
    assert _files(data / "print") == _files(built / "build" / "print")
    assert _files(data / "tei") == _visible(built / "tei")
    assert (data / "metadata" / "corpus.xml").read_bytes() == (built / "build" / "export" / "corpus.xml").read_bytes()
    assert (data / "metadata" / "metadata.csv").read_bytes() == (built / "build" / "export" / "metadata.csv").read_bytes()


def _visible(folder: Path) -> dict[str, bytes]:
    """The files of a folder but its hidden bookkeeping (.generated.json, .teikit/)."""
    return {name: data for name, data in _files(folder).items() if not name.startswith(".")}


@pytest.mark.parametrize("jobs, schema", [("1", None), ("2", None), ("1", "tei_all")])
def test_import_on_the_engine_matches_the_import_library(tmp_path, jobs, schema):
    # The build plans no import (an edition keeps no sources): the command runs the import
    # stage's tasks on the engine, serially or in its process pool, and must give what the
    # library's reader in this process gives, byte for byte.
    cases = ROOT / "tests" / "cases" / "import"
    sources = [ROOT / "tests" / "fixtures" / "exchange" / "frus" / "frus-mini.xml",
               ROOT / "tests" / "fixtures" / "edition" / "tei" / "wilson-116548.xml", *sorted(cases.glob("*.xml"))[:4],
               # Not TEI All (an unknown element): rejected with --schema tei_all, on the engine as in the library.
               ROOT / "tests" / "cases" / "validate" / "broken" / "unknown-element.xml"]
    # With --schema, the staged documents are checked by the validate stage on the engine, and by
    # the library in this process.
    checked = ["--schema", schema] if schema else []
    result = CliRunner().invoke(main, ["import", *map(str, sources), "-o", str(tmp_path / "engine"), "-j", jobs,
                                       *checked])
    report = import_tei(sources, tmp_path / "library", resolve_schema(schema) if schema else None)
    assert result.exit_code == (1 if report.rejected else 0), result.output
    assert bool(report.rejected) == bool(schema)
    assert sorted(d.format() for d in report.rejected) == sorted(
        line for line in result.output.splitlines() if "error[" in line)
    assert _visible(tmp_path / "engine") and _visible(tmp_path / "engine") == _visible(tmp_path / "library")
