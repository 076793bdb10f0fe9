"""An interrupted convert (Ctrl-C, SIGKILL) never leaves files the next build takes for hand edits."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT
from teikit.convert import JOURNAL, MANIFEST, read_manifest
from teikit.edition import Edition
from teikit.stages.convert import ConvertStage

RECORD = (ROOT / "tests" / "cases" / "convert" / "header-dafp-front-matter" / "record.md").read_text(encoding="utf-8")


def make_records(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(1, count + 1):
        text = re.sub(r"^doc_num: .*$", f"doc_num: {number}", RECORD, count=1, flags=re.M)
        text = re.sub(r"^doc_order: .*$", f"doc_order: {number}", text, count=1, flags=re.M)
        text = text.replace("Jessup[1] intervened.", f"Jessup[1] intervened in meeting {number}.")
        (folder / f"v16-{number}.md").write_text(text, encoding="utf-8")


def teikit(edition: Path, *args: str, **popen) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen([sys.executable, "-m", "teikit", "build", "-q", "--stages=convert", *args],
                            cwd=edition, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def tei_bytes(edition: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((edition / "tei").glob("*.xml"))}


def test_a_file_written_before_the_manifest_is_not_taken_for_a_hand_edit(tmp_path):
    make_records(tmp_path / "records", 3)
    edition = Edition.open(tmp_path)
    stage = ConvertStage()
    # The tasks write their files, and the build dies before finish writes the manifest.
    assert all(stage.run(task).ok for task in stage.plan(edition))
    assert not (edition.tei_dir / MANIFEST).exists() and (edition.tei_dir / JOURNAL).is_dir()
    # What would redo them with other bytes (an edited record, grown registers) may overwrite them.
    record = edition.records_dir / "v16-2.md"
    record.write_text(record.read_text(encoding="utf-8").replace("intervened", "spoke"), encoding="utf-8")
    results = [stage.run(task) for task in stage.plan(edition)]
    assert all(r.ok for r in results), [d.format() for r in results for d in r.diagnostics]
    assert b"spoke" in (edition.tei_dir / "dafp-v16-2.xml").read_bytes()
    stage.finish(edition, results)
    # finish takes the journal into the manifest and clears it.
    assert not (edition.tei_dir / JOURNAL).exists()
    manifest = read_manifest(edition.tei_dir)
    assert sorted(manifest) == ["dafp-v16-1.xml", "dafp-v16-2.xml", "dafp-v16-3.xml"]


def test_a_journalled_write_that_never_happened_leaves_the_old_file_generated(tmp_path):
    make_records(tmp_path / "records", 1)
    edition = Edition.open(tmp_path)
    stage = ConvertStage()
    results = [stage.run(task) for task in stage.plan(edition)]
    stage.finish(edition, results)
    # A kill between the journal line and the rename: the journal names bytes the file never got.
    (edition.tei_dir / JOURNAL).mkdir()
    (edition.tei_dir / JOURNAL / "host-1").write_text(f"dafp-v16-1.xml\t{'0' * 64}\ndafp-v16-1.xml\t12", encoding="utf-8")
    record = edition.records_dir / "v16-1.md"
    record.write_text(record.read_text(encoding="utf-8").replace("intervened", "spoke"), encoding="utf-8")
    assert all(stage.run(task).ok for task in stage.plan(edition))


def test_a_real_hand_edit_is_still_refused_and_build_force_replaces_it(tmp_path):
    make_records(tmp_path / "records", 2)
    assert teikit(tmp_path, "--jobs=1").wait() == 0
    target = tmp_path / "tei" / "dafp-v16-1.xml"
    edited = target.read_bytes().replace(b"intervened", b"intervened (checked)")
    target.write_bytes(edited)
    record = tmp_path / "records" / "v16-1.md"
    record.write_text(record.read_text(encoding="utf-8").replace("Jessup", "Jessup,"), encoding="utf-8")
    proc = teikit(tmp_path, "--jobs=1")
    _, err = proc.communicate()
    assert proc.returncode == 1 and "edited by hand since teikit generated it" in err
    assert target.read_bytes() == edited
    proc = teikit(tmp_path, "--jobs=1", "--force")
    _, err = proc.communicate()
    assert proc.returncode == 0, err
    assert target.read_bytes() != edited


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_a_build_killed_during_convert_resumes_and_equals_a_clean_build(tmp_path, how):
    clean, broken = tmp_path / "clean", tmp_path / "broken"
    make_records(clean / "records", 60)
    make_records(broken / "records", 60)
    assert teikit(clean, "--jobs=2").wait() == 0
    proc = teikit(broken, "--jobs=2", start_new_session=True)
    deadline = time.monotonic() + 120
    # Killed once some documents are written: the pool, the workers and the manifest are cut short.
    while time.monotonic() < deadline and len(list((broken / "tei").glob("dafp-*.xml"))) < 10:
        time.sleep(0.02)
    os.killpg(proc.pid, how)
    proc.communicate()
    written = len(list((broken / "tei").glob("dafp-*.xml")))
    assert 0 < written < 60 or how == signal.SIGINT
    # An edited record and grown registers would change bytes: simulate both with a changed record.
    record = broken / "records" / "v16-1.md"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("intervened", "spoke"), encoding="utf-8")
    proc = teikit(broken, "--jobs=2")
    _, err = proc.communicate()
    assert proc.returncode == 0, err
    assert "edited by hand" not in err and "not generated by teikit" not in err
    record.write_text(text, encoding="utf-8")
    proc = teikit(broken, "--jobs=2")
    _, err = proc.communicate()
    assert proc.returncode == 0, err
    assert tei_bytes(broken) == tei_bytes(clean)
    assert read_manifest(broken / "tei") == read_manifest(clean / "tei")
    assert teikit(broken, "--jobs=2", "--force").wait() == 0
