"""`teikit build` on the sample edition: every stage, incremental rebuilds, Dask equals local."""

from __future__ import annotations

import io
import json
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

import pdf_pages

from teikit.build import BuildOptions, run_build
from teikit.build.progress import StageReport, make_console, print_report
from teikit.cli import main
from teikit.edition import Edition
from teikit.render import pdf

STAGES = ("convert", "validate", "pdf", "html", "review", "export")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A sample edition created with `teikit init` and built once with every stage."""
    root = tmp_path_factory.mktemp("sample") / "edition"
    result = CliRunner().invoke(main, ["init", str(root)])
    assert result.exit_code == 0, result.output
    outcome = run_build(Edition.open(root), BuildOptions(jobs=2, quiet=True), console=make_console())
    assert outcome.exit_code == 0, [d.format() for d in outcome.diagnostics]
    assert [r.name for r in outcome.reports] == list(STAGES)
    assert all(r.done == r.planned and not r.failed for r in outcome.reports)
    return root


def rebuild(root: Path, **options):
    return run_build(Edition.open(root), BuildOptions(quiet=True, **options), console=make_console())


def snapshot(root: Path, *folders: str) -> dict[str, bytes]:
    files = {}
    for folder in folders:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and ".cache" not in path.parts:
                files[str(path.relative_to(root))] = path.read_bytes()
    return files


def test_build_writes_every_product(built):
    assert len(list((built / "tei").glob("wilson-*.xml"))) == 5
    assert (built / "tei" / "persons.xml").exists() and (built / "tei" / "places.xml").exists()
    assert (built / "build" / "html" / "index.html").exists()
    assert len(list((built / "build" / "html" / "documents").glob("*.html"))) == 5
    assert (built / "build" / "print" / "volume.pdf").read_bytes().startswith(b"%PDF")
    assert len(list((built / "build" / "print").glob("wilson-*.pdf"))) == 5
    assert any((built / "build" / "export").iterdir())
    # The editors' page is written, and no public page links it.
    assert "Decisions to review" in (built / "build" / "html" / "review.html").read_text(encoding="utf-8")
    for page in (built / "build" / "html").rglob("*.html"):
        assert page.name == "review.html" or "review.html" not in page.read_text(encoding="utf-8"), page


def test_document_pages_link_their_pdfs_on_the_first_build(built):
    page = (built / "build" / "html" / "documents" / "wilson-116548.html").read_text(encoding="utf-8")
    assert "wilson-116548.pdf" in page


def test_sample_volume_prints_every_note_on_its_call_page_with_heads_on_their_side(built):
    volume = built / "build" / "print" / "volume.pdf"
    articles = [pdf.article(path) for path in Edition.open(built).documents()]
    called = sum(item.xml.count(b'class="footnote') for item in articles)
    notes = pdf_pages.notes(volume)
    assert len(notes) == called
    assert [(n.number, n.call_page) for n in notes if n.note_page != n.call_page] == []
    numbers = pdf_pages.head_numbers(volume)
    assert [side for _, n, side in numbers] == ["right" if n % 2 else "left" for _, n, _ in numbers]
    assert [n for _, n, _ in numbers] == [page for page, _, _ in numbers]


def test_sample_volume_sets_no_word_alone_on_a_line_in_mid_sentence(built):
    # WeasyPrint kept the first word of a run of text alone on a line when only the run's
    # trailing space did not fit before an inline element ("so / called / peaceful transition").
    from pypdf import PdfReader

    lonely = []
    for number, page in enumerate(PdfReader(built / "build" / "print" / "volume.pdf").pages, 1):
        lines = [line.strip() for line in page.extract_text().splitlines()]
        lonely += [(number, line, after[:30]) for line, after in zip(lines, lines[1:])
                   if len(line.split()) == 1 and line[:1].islower() and after[:1].islower()]
    assert lonely == []


def test_closing_lines_name_the_outputs_and_everything_fits_80_columns(built, monkeypatch):
    monkeypatch.chdir(built)
    buffer = io.StringIO()
    run_build(Edition.open(built), BuildOptions(jobs=1, quiet=True),
              console=Console(file=buffer, width=200, soft_wrap=True, highlight=False))
    lines = buffer.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 80
    shown = dict(re.fullmatch(r"(\w+): +(\S+)", line).groups() for line in lines[-6:-1])
    assert shown == {"site": "build/html/index.html", "volume": "build/print/volume.pdf", "exports": "build/export",
                     "review": "build/html/review.html", "report": "build/report.txt"}
    assert lines[-1] == "nothing was left out"


def test_the_table_and_a_stages_long_note_fit_80_columns():
    buffer = io.StringIO()
    note = "30 decisions of low certainty in 5 documents, 30 of them proposed names (teikit review)"
    print_report(Console(file=buffer, width=200, soft_wrap=True, highlight=False),
                 [StageReport("convert", 10000, 9999, 1, [], 1234.5, 12.3), StageReport("review", 5, 5, note=note)])
    lines = buffer.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 80
    at = next(n for n, line in enumerate(lines) if line.startswith("review: 30"))
    assert " ".join(" ".join(lines[at:]).split()) == f"review: {note}"


def test_an_edition_copied_with_cp_a_rebuilds_nothing(built, tmp_path):
    # cp -a keeps contents and modification times; only the folder differs. The cache must
    # name no absolute path, or every document would be redone.
    copy = tmp_path / "elsewhere" / "copied-edition"
    copy.parent.mkdir()
    subprocess.run(["cp", "-a", str(built), str(copy)], check=True)
    for path in (copy / "build" / ".cache").iterdir():
        assert str(built).encode() not in path.read_bytes(), path
    before = snapshot(copy, "tei", "build")
    outcome = rebuild(copy, jobs=1)
    assert outcome.exit_code == 0
    assert [(r.name, r.done, r.skipped) for r in outcome.reports] == [(r.name, 0, r.planned) for r in outcome.reports]
    assert snapshot(copy, "tei", "build") == before


def test_second_build_with_nothing_changed_does_no_work(built):
    before = snapshot(built, "tei", "build")
    outcome = rebuild(built, jobs=2)
    assert outcome.exit_code == 0
    assert [(r.name, r.done, r.skipped) for r in outcome.reports] == [
        (r.name, 0, r.planned) for r in outcome.reports]
    assert snapshot(built, "tei", "build") == before


def test_editing_one_record_redoes_only_that_document(tmp_path):
    root = tmp_path / "edition"
    assert CliRunner().invoke(main, ["init", str(root)]).exit_code == 0
    assert rebuild(root, jobs=2).exit_code == 0
    record = root / "records" / "002_c6962a527eee1851.txt"
    record.write_text(record.read_text(encoding="utf-8").replace("Exercise!", "Exercise, then!"),
                      encoding="utf-8")
    outcome = rebuild(root, jobs=2)
    assert outcome.exit_code == 0
    done = {r.name: r.done for r in outcome.reports}
    assert done == {"convert": 1, "validate": 1, "pdf": 1, "html": 1, "review": 1, "export": 1}
    page = (root / "build" / "html" / "documents" / "wilson-116548.html").read_text(encoding="utf-8")
    assert "Exercise, then!" in page


@pytest.mark.slow
def test_dask_build_gives_the_same_bytes_as_the_local_pool(tmp_path):
    runner = CliRunner()
    roots = []
    for name in ("local", "dask"):
        root = tmp_path / name
        assert runner.invoke(main, ["init", str(root)]).exit_code == 0
        roots.append(root)
    stages = ("convert", "validate", "html")
    assert rebuild(roots[0], stages=stages, jobs=2).exit_code == 0
    outcome = rebuild(roots[1], stages=stages, jobs=2, executor="dask")
    assert outcome.exit_code == 0
    assert all(r.done == r.planned for r in outcome.reports)
    local, cluster = snapshot(roots[0], "tei", "build/html"), snapshot(roots[1], "tei", "build/html")
    assert local.keys() == cluster.keys()
    assert [k for k in local if local[k] != cluster[k]] == []


def test_an_edition_without_records_skips_convert(tmp_path):
    (tmp_path / "records" / ".hidden").mkdir(parents=True)
    (tmp_path / "records" / ".notes.txt").write_text("not a record", encoding="utf-8")
    (tmp_path / "tei").mkdir()
    outcome = rebuild(tmp_path, stages=("convert",))
    assert outcome.reports == [] and outcome.exit_code == 0
    (tmp_path / "records" / "sub").mkdir()
    (tmp_path / "records" / "sub" / "bad.txt").write_text("", encoding="utf-8")
    outcome = rebuild(tmp_path, stages=("convert",))
    assert [r.name for r in outcome.reports] == ["convert"] and outcome.exit_code == 1


def test_report_json_gives_counts_and_collection_time_per_stage(tmp_path):
    root = tmp_path / "edition"
    assert CliRunner().invoke(main, ["init", str(root)]).exit_code == 0
    report = tmp_path / "report.json"
    args = ["build", "--edition", str(root), "--stages", "convert,validate,html", "-q", "--report", str(report)]
    assert CliRunner().invoke(main, args).exit_code == 0
    first = json.loads(report.read_text(encoding="utf-8"))
    assert first["exit_code"] == 0
    assert [(s["stage"], s["documents"], s["done"]) for s in first["stages"]] == [
        ("convert", 5, 5), ("validate", 7, 7), ("html", 5, 5)]
    html = first["stages"][2]
    assert 0 < html["collection_seconds"] <= html["seconds"]
    assert CliRunner().invoke(main, args).exit_code == 0
    second = json.loads(report.read_text(encoding="utf-8"))
    assert [(s["done"], s["skipped"], s["collection_seconds"]) for s in second["stages"]] == [
        (0, 5, 0), (0, 7, 0), (0, 5, 0)]


def test_a_document_removed_from_tei_leaves_no_page_pdf_or_export_behind(tmp_path):
    root = tmp_path / "edition"
    assert CliRunner().invoke(main, ["init", str(root)]).exit_code == 0
    assert rebuild(root, jobs=1).exit_code == 0
    gone = "wilson-116548"
    products = [root / "build" / "html" / "documents" / f"{gone}.html", root / "build" / "html" / "tei" / f"{gone}.xml",
                root / "build" / "html" / ".teikit" / "search" / f"{gone}.json", root / "build" / "print" / f"{gone}.pdf",
                root / "build" / "export" / "dc" / f"{gone}.xml"]
    assert all(p.exists() for p in products)
    # The record alone going keeps the TEI (primary data, maybe edited by hand); both going removes the document.
    record = next(p for p in (root / "records").iterdir() if "116548" in p.read_text(encoding="utf-8"))
    record.unlink()
    (root / "tei" / f"{gone}.xml").unlink()
    assert rebuild(root, jobs=1).exit_code == 0
    assert [p for p in products if p.exists()] == []
    assert gone not in (root / "build" / "html" / "index.html").read_text(encoding="utf-8")
