"""`teikit render pdf` and the build's pdf stage: outputs, exit status, and bad input left out."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import FIXTURES, ROOT
from teikit.cli import main
from teikit.edition import Edition, Settings
from teikit.render import pdf
from teikit.stages.pdf import PdfStage

CASES = ROOT / "tests" / "cases" / "pdf"


def _run(*args):
    return CliRunner().invoke(main, ["render", "pdf", *map(str, args)])


@pytest.fixture
def tei_dir(fixture_edition):
    shutil.copy(CASES / "notes.xml", fixture_edition / "tei")
    return fixture_edition / "tei"


def test_folder_gives_one_pdf_per_document_and_the_volume(tei_dir, tmp_path):
    result = _run(tei_dir, "-o", tmp_path / "out", "-j", "2")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["notes.pdf", "volume.pdf", "wilson-116548.pdf"]
    assert len(PdfReader(tmp_path / "out" / "volume.pdf").outline) == 5  # title, contents, 2 documents, index


def test_settings_come_from_the_edition_above_the_sources(tei_dir, tmp_path):
    (tei_dir.parent / "edition.toml").write_text('[edition]\ntitle = "Found Above"\n', encoding="utf-8")
    assert _run(tei_dir / "notes.xml", "-o", tmp_path, "--no-documents").exit_code == 0
    assert PdfReader(tmp_path / "volume.pdf").metadata.title == "Found Above"


def test_bad_document_reported_with_file_and_line_others_still_typeset(tei_dir, tmp_path):
    shutil.copy(CASES / "not-well-formed.xml", tei_dir)
    out = tmp_path / "out"
    result = _run(tei_dir, "-o", out)
    assert result.exit_code == 1
    bad = tei_dir.resolve() / "not-well-formed.xml"
    assert f"{bad}:4:" in result.output and "error[X001]: not well-formed XML" in result.output
    assert f"{bad}: warning[P010]: left out of the volume" in result.output
    assert {p.name for p in out.iterdir()} == {"notes.pdf", "wilson-116548.pdf", "volume.pdf"}
    assert "An unclosed paragraph" not in "".join(p.extract_text() for p in PdfReader(out / "volume.pdf").pages)


@pytest.mark.parametrize("case, code", [("not-tei", "X005"), ("entity-declaration", "X002")])
def test_unrenderable_input_is_a_data_error(case, code, tmp_path):
    result = _run(CASES / f"{case}.xml", "-o", tmp_path)
    assert result.exit_code == 1
    assert f"error[{code}]" in result.output
    assert not any(p.suffix == ".pdf" for p in tmp_path.iterdir())


def test_typesetting_failure_is_reported_and_leaves_the_old_pdf(tei_dir, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.pdf").write_bytes(b"old")

    def broken(html):
        raise RuntimeError("layout exploded")

    monkeypatch.setattr(pdf, "typeset", broken)
    [task] = PdfStage().tasks([tei_dir / "notes.xml"], out, Settings(), [])
    found = PdfStage.run(task).diagnostics
    assert [(d.code, d.message) for d in found] == [("P003", "typesetting failed: layout exploded")]
    assert (out / "notes.pdf").read_bytes() == b"old" and [p.name for p in out.iterdir()] == ["notes.pdf"]


def test_stylesheet_parameter_is_typed_and_applied(tei_dir, tmp_path):
    result = _run(tei_dir / "wilson-116548.xml", "-o", tmp_path, "--no-volume", "-p", "page-size=A4")
    assert result.exit_code == 0, result.output
    box = PdfReader(tmp_path / "wilson-116548.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


@pytest.mark.parametrize("param", ["nonsense=1", "show-abstract=perhaps", "running-head-words=x", "page-size"])
def test_bad_parameter_is_a_usage_error(param, tei_dir, tmp_path):
    result = _run(tei_dir, "-o", tmp_path / "out", "-p", param)
    assert result.exit_code == 2
    assert not (tmp_path / "out").exists()


def test_folder_without_documents_is_a_usage_error(tmp_path):
    assert _run(tmp_path, "-o", tmp_path / "out").exit_code == 2


def test_stage_writes_document_pdfs_and_volume_and_leaves_out_bad_ones(fixture_edition):
    shutil.copy(CASES / "not-well-formed.xml", fixture_edition / "tei")
    edition = Edition.open(fixture_edition)
    stage = PdfStage()
    tasks = stage.plan(edition)
    assert [t.key for t in tasks] == ["not-well-formed", "wilson-116548"]
    results = [stage.run(t) for t in tasks]
    assert [r.ok for r in results] == [False, True]
    assert results[1].register_refs == ["per:fang-yi", "per:mao-zedong"]
    assert results[1].summary["persons"]["per:mao-zedong"] == ["Mao Zedong", "mao zedong", ""]
    notes = stage.finish(edition, results)
    assert [(d.code, d.level.value) for d in notes] == [("P010", "warning")]
    assert "left out of the volume: not well-formed XML" in notes[0].message
    assert {p.name for p in edition.print_dir.iterdir()} == {"wilson-116548.pdf", "volume.pdf"}
    assert stage.finish_outputs(edition) == [edition.print_dir / "volume.pdf"]


def test_stage_fingerprint_follows_settings(fixture_edition):
    stage = PdfStage()
    before = stage.fingerprint(Edition.open(fixture_edition))
    (fixture_edition / "edition.toml").write_text('[edition]\ntitle = "Changed"\n', encoding="utf-8")
    assert stage.fingerprint(Edition.open(fixture_edition)) != before


def test_a_folder_gives_its_documents_without_the_registers():
    from teikit.cli import input_files
    from teikit.edition import REGISTER_FILES

    assert input_files([FIXTURES / "edition" / "tei"], leave_out=REGISTER_FILES) == [
        str(FIXTURES / "edition" / "tei" / "wilson-116548.xml")]


def test_build_runs_the_pdf_stage_and_skips_unchanged_documents_next_time(fixture_edition):
    from teikit.build import BuildOptions, run_build

    shutil.copy(CASES / "not-well-formed.xml", fixture_edition / "tei")
    edition = Edition.open(fixture_edition)
    first = run_build(edition, BuildOptions(stages=("pdf",), jobs=1, quiet=True))
    assert first.exit_code == 1
    assert {p.name for p in edition.print_dir.iterdir()} == {"wilson-116548.pdf", "volume.pdf"}
    assert any(d.code == "P010" for d in first.diagnostics)
    volume = (edition.print_dir / "volume.pdf").read_bytes()
    (edition.print_dir / "volume.pdf").unlink()
    second = run_build(edition, BuildOptions(stages=("pdf",), jobs=1, quiet=True))
    report = next(r for r in second.reports if r.name == "pdf")
    assert report.skipped == 1  # the good document is unchanged; the missing volume is rebuilt
    assert (edition.print_dir / "volume.pdf").read_bytes() == volume


def test_document_that_breaks_layout_is_left_out_of_the_volume(tei_dir, tmp_path, monkeypatch):
    typeset = pdf.typeset

    def fragile(html):
        if "the country was destroyed" in html:  # only notes.xml says so
            raise AssertionError("layout exploded")
        return typeset(html)

    monkeypatch.setattr(pdf, "typeset", fragile)
    out = tmp_path / "out"
    # One job: the documents are typeset in this process, so the broken layout above reaches them.
    result = _run(tei_dir, "-o", out, "-j", "1")
    notes = (tei_dir / "notes.xml").resolve()
    assert result.exit_code == 1
    assert f"{notes}: error[P003]: typesetting failed: layout exploded" in result.output
    assert f"{notes}: warning[P010]: left out of the volume" in result.output
    assert "volume.pdf: error" not in result.output
    assert {p.name for p in out.iterdir()} == {"wilson-116548.pdf", "volume.pdf"}


def test_an_edition_can_turn_the_volume_off_and_an_old_volume_goes(fixture_edition):
    edition = Edition.open(fixture_edition)
    stage = PdfStage()
    stage.finish(edition, [stage.run(t) for t in stage.plan(edition)])
    assert (edition.print_dir / "volume.pdf").exists()
    settings = fixture_edition / "edition.toml"
    text = settings.read_text(encoding="utf-8") if settings.exists() else "[edition]\n"
    settings.write_text(text.replace("[edition]\n", "[edition]\nprint_volume = false\n", 1), encoding="utf-8")
    edition = Edition.open(fixture_edition)
    assert stage.finish_outputs(edition) == []
    assert stage.finish(edition, [stage.run(t) for t in stage.plan(edition)]) == []
    assert {p.name for p in edition.print_dir.iterdir()} == {"wilson-116548.pdf"}
