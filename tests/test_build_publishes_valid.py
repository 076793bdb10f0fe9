"""The build publishes what is valid: bad records and invalid documents are reported and left out, the rest is built."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from teikit.build import BuildOptions, run_build
from teikit.build.progress import make_console
from teikit.edition import Edition

SAMPLES = ROOT / "records"
BAD_RECORD = ROOT / "tests" / "cases" / "convert" / "bad-no-title" / "record.txt"
STAGES = ("convert", "validate", "pdf", "html", "export")


def make_edition(root: Path, count: int = 3) -> Path:
    (root / "records").mkdir(parents=True)
    for path in sorted(SAMPLES.iterdir())[:count]:
        shutil.copy(path, root / "records" / path.name)
    # The per-document PDFs show what is left out; the volume, laid out from the same results, costs time.
    settings = (ROOT / "edition.toml").read_text(encoding="utf-8").replace("[edition]", "[edition]\nprint_volume = false", 1)
    (root / "edition.toml").write_text(settings, encoding="utf-8")
    return root


def build(root: Path, stages=STAGES, **options):
    return run_build(Edition.open(root), BuildOptions(stages=stages, jobs=1, quiet=True, **options),
                     console=make_console())


def break_document(root: Path, ident: str) -> Path:
    """Make a document invalid by hand (an element the schema does not know); return its path."""
    path = root / "tei" / f"{ident}.xml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("<body>", "<body>\n<blink/>", 1), encoding="utf-8")
    return path


def published(root: Path, ident: str) -> dict[str, bool]:
    build_dir = root / "build"
    corpus = (build_dir / "export" / "corpus.xml").read_text(encoding="utf-8")
    return {"page": (build_dir / "html" / "documents" / f"{ident}.html").exists(),
            "pdf": (build_dir / "print" / f"{ident}.pdf").exists(),
            "dc": (build_dir / "export" / "dc" / f"{ident}.xml").exists(),
            "corpus": f'xml:id="{ident}"' in corpus,
            "index": ident in (build_dir / "html" / "index.html").read_text(encoding="utf-8")}


def test_an_invalid_document_is_left_out_of_site_pdfs_and_exports_and_the_rest_is_built(tmp_path):
    root = make_edition(tmp_path / "edition", 2)
    assert build(root).exit_code == 0
    assert all(published(root, "wilson-116546").values())
    # A document once published and then made invalid is taken out again.
    path = break_document(root, "wilson-116546")
    shutil.copy(BAD_RECORD, root / "records" / "zz-bad.txt")
    outcome = build(root)
    assert outcome.exit_code == 1 and outcome.stopped_at is None
    assert outcome.left_out == {"records that could not be converted": [str(root / "records" / "zz-bad.txt")],
                                "invalid documents": [str(path)]}
    assert not any(published(root, "wilson-116546").values())
    assert all(published(root, "wilson-116553").values())
    # The full report: every diagnostic as path:line:col, then what was left out.
    report = (root / "build" / "report.txt").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "<blink/>" in text)
    assert f"{path}:{line}:1: error[S101]: unknown element <blink> in <body>" in report
    assert any(line.startswith(f"{root / 'records' / 'zz-bad.txt'}:") and "error[C104]" in line for line in report)
    assert "left out: 1 invalid documents" in report and f"  {path}" in report
    # Mended, it is published again.
    path.write_text(path.read_text(encoding="utf-8").replace("\n<blink/>", ""), encoding="utf-8")
    (root / "records" / "zz-bad.txt").unlink()
    outcome = build(root)
    assert outcome.exit_code == 0 and outcome.left_out == {}
    assert all(published(root, "wilson-116546").values())


def test_strict_keeps_all_or_nothing(tmp_path):
    root = make_edition(tmp_path / "edition", 2)
    assert build(root, stages=("convert", "validate")).exit_code == 0
    break_document(root, "wilson-116546")
    outcome = build(root, stages=("convert", "validate", "html"), strict=True)
    assert outcome.stopped_at == "validate" and outcome.exit_code == 1
    assert [r.name for r in outcome.reports] == ["convert", "validate"]
    assert not (root / "build" / "html").exists()
    shutil.copy(BAD_RECORD, root / "records" / "zz-bad.txt")
    outcome = build(root, stages=("convert", "validate", "html"), strict=True)
    assert outcome.stopped_at == "convert" and [r.name for r in outcome.reports] == ["convert"]


def test_the_command_line_summary_names_the_count_and_the_report(tmp_path):
    root = make_edition(tmp_path / "edition", 2)
    shutil.copy(BAD_RECORD, root / "records" / "zz-bad.txt")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    run = subprocess.run([sys.executable, "-m", "teikit", "build", "-q", "--stages=convert,validate,html", "--jobs=1",
                          f"--report={tmp_path / 'r.json'}"], cwd=root, env=env, capture_output=True, text=True)
    assert run.returncode == 1
    # The closing lines: where the site and the report are (relative to the folder the build ran
    # in), then what was left out, wrapped to 80 columns.
    lines = run.stderr.strip().splitlines()
    report_line = lines.index("report: build/report.txt")
    assert lines[report_line - 1] == "site:   build/html/index.html"
    assert " ".join(lines[report_line + 1:]) == ("1 left out of the site, PDFs and exports (1 records that could not "
                                                 "be converted); everything else was built")
    assert max(len(line) for line in lines[report_line - 1:]) <= 80
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["left_out"] == {"records that could not be converted": [str(root / "records" / "zz-bad.txt")]}
    assert report["report"] == str(root / "build" / "report.txt")
    assert (root / "build" / "html" / "documents" / "wilson-116546.html").exists()
    run = subprocess.run([sys.executable, "-m", "teikit", "build", "-q", "--stages=convert,validate,html", "--strict"],
                         cwd=root, env=env, capture_output=True, text=True)
    assert run.returncode == 1 and "nothing was published after convert (--strict)" in run.stderr
