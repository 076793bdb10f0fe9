"""`teikit convert` and `teikit init` on the command line: outputs, one-line errors, exit codes."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from conftest import ROOT
from golden_support import check_golden
from teikit.cli import main

SAMPLES = ROOT / "records"
BAD = sorted((ROOT / "tests" / "cases" / "convert").glob("bad-*"))


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_convert_folder_writes_one_file_per_record(tmp_path):
    out = tmp_path / "tei"
    result = run("convert", SAMPLES, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.glob("wilson-*.xml")) == [
        "wilson-115932.xml", "wilson-116546.xml", "wilson-116548.xml", "wilson-116553.xml", "wilson-118686.xml"]
    assert (out / "persons.xml").exists()
    assert "5 records converted" in result.stdout
    assert json.loads((out / ".generated.json").read_text())


def test_convert_twice_gives_identical_files(tmp_path):
    run("convert", SAMPLES, "-o", tmp_path / "a")
    run("convert", SAMPLES, "-o", tmp_path / "b")
    for path in sorted((tmp_path / "a").iterdir()):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name


def test_bad_records_fail_alone_with_one_line_each(tmp_path, update_golden):
    inputs = [SAMPLES / "004_8b1b759c36f2ea61.txt"] + [next(c.glob("record.*")) for c in BAD]
    out = tmp_path / "tei"
    result = run("convert", *inputs, "-o", out)
    assert result.exit_code == 1
    lines = result.stderr.strip().split("\n")
    assert len(lines) == len(BAD)
    for case, line in zip(BAD, lines):
        source = next(case.glob("record.*"))
        check_golden(line.replace(str(source), source.name, 1), case / "expected.txt", update_golden)
    assert sorted(p.name for p in out.glob("wilson-*.xml")) == ["wilson-118686.xml"]
    assert "1 record converted" in result.stdout and f"{len(BAD)} failed" in result.stdout


def test_hand_edited_file_is_kept_unless_forced(tmp_path):
    out = tmp_path / "tei"
    record = SAMPLES / "004_8b1b759c36f2ea61.txt"
    run("convert", record, "-o", out)
    target = out / "wilson-118686.xml"
    edited = target.read_text(encoding="utf-8").replace("Jiao Ruoyu", "Jiao Ruoyu (Qiao Ruoyu)", 1)
    target.write_text(edited, encoding="utf-8")
    result = run("convert", record, "-o", out)
    assert result.exit_code == 1
    assert "edited by hand" in result.stderr and "--force" in result.stderr
    assert target.read_text(encoding="utf-8") == edited
    result = run("convert", record, "-o", out, "--force")
    assert result.exit_code == 0 and target.read_text(encoding="utf-8") != edited


def test_existing_file_not_generated_by_teikit_is_kept(tmp_path):
    out = tmp_path / "tei"
    out.mkdir()
    (out / "wilson-118686.xml").write_text("<TEI/>", encoding="utf-8")
    result = run("convert", SAMPLES / "004_8b1b759c36f2ea61.txt", "-o", out)
    assert result.exit_code == 1
    assert (out / "wilson-118686.xml").read_text(encoding="utf-8") == "<TEI/>"


def test_two_records_with_one_id_both_convert_and_the_clash_names_both_files(tmp_path):
    # Both records in one folder, so "first by path" does not depend on where the checkout lives.
    original = tmp_path / "004_8b1b759c36f2ea61.txt"
    copy = tmp_path / "z-copy.txt"
    shutil.copy(SAMPLES / original.name, original)
    shutil.copy(SAMPLES / original.name, copy)
    result = run("convert", copy, original, "-o", tmp_path / "tei")
    assert result.exit_code == 0
    # Of two records with one id, the first by path keeps it; the other falls back to its file name.
    written = sorted(p.name for p in (tmp_path / "tei").glob("wilson-*.xml"))
    assert written == ["wilson-118686.xml", "wilson-z-copy.xml"]
    warning = next(line for line in result.stderr.splitlines() if "warning[C103]" in line)
    assert str(original) in warning and str(copy) in warning


def test_explicit_reader_overrides_detection(tmp_path):
    result = run("convert", SAMPLES / "004_8b1b759c36f2ea61.txt", "--reader", "dafp", "-o", tmp_path / "tei")
    assert result.exit_code == 1
    assert "front matter" in result.stderr


def test_unknown_reader_is_a_usage_error(tmp_path):
    result = run("convert", SAMPLES, "--reader", "nope", "-o", tmp_path / "tei")
    assert result.exit_code == 2


def test_init_creates_an_edition_with_the_samples(tmp_path):
    target = tmp_path / "new"
    result = run("init", target)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (target / "records").iterdir()) == sorted(p.name for p in SAMPLES.iterdir())
    assert (target / "edition.toml").read_bytes() == (ROOT / "edition.toml").read_bytes()
    assert "teikit build" in result.stdout


def test_init_refuses_a_non_empty_folder(tmp_path):
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    result = run("init", tmp_path)
    assert result.exit_code == 2
    assert "not empty" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]


def test_written_files_have_ordinary_permissions(tmp_path):
    import os

    umask = os.umask(0o022)
    os.umask(umask)
    run("convert", SAMPLES / "004_8b1b759c36f2ea61.txt", "-o", tmp_path / "tei")
    assert (tmp_path / "tei" / "wilson-118686.xml").stat().st_mode & 0o777 == 0o666 & ~umask


def test_committed_edition_tei_is_the_converter_output(tmp_path):
    """tei/ of the repository is regenerated with `teikit convert records -o tei --force`."""
    committed = ROOT / "tei"
    shutil.copytree(committed, tmp_path / "tei")
    run("convert", SAMPLES, "-o", tmp_path / "tei", "--force")
    for path in sorted(committed.glob("*.xml")):
        assert (tmp_path / "tei" / path.name).read_bytes() == path.read_bytes(), \
            f"{path.name} is stale: run teikit convert records -o tei --force"


def test_output_does_not_depend_on_the_hash_seed(tmp_path):
    import os
    import subprocess
    import sys

    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run([sys.executable, "-c", "from teikit.cli import main; main()", "convert", str(SAMPLES),
                        "-o", str(tmp_path / seed)], check=True, env=env, capture_output=True)
    for path in sorted((tmp_path / "1").iterdir()):
        assert path.read_bytes() == (tmp_path / "2" / path.name).read_bytes(), path.name


def test_walking_a_folder_skips_the_output_folder_and_dot_files(tmp_path):
    shutil.copy(SAMPLES / "004_8b1b759c36f2ea61.txt", tmp_path / "r.txt")
    (tmp_path / ".notes.txt").write_text("scratch", encoding="utf-8")
    assert run("convert", tmp_path, "-o", tmp_path / "tei").exit_code == 0
    result = run("convert", tmp_path, "-o", tmp_path / "tei")
    assert result.exit_code == 0, result.stderr
    assert "1 record converted" in result.stdout


def test_init_then_build_converts_the_samples(tmp_path):
    target = tmp_path / "new"
    assert run("init", target).exit_code == 0
    result = run("build", "--edition", target, "--stages", "convert", "--jobs", "1", "--quiet")
    assert result.exit_code == 0, result.output + result.stderr
    assert sorted(p.name for p in (target / "tei").glob("wilson-*.xml")) == [
        "wilson-115932.xml", "wilson-116546.xml", "wilson-116548.xml", "wilson-116553.xml", "wilson-118686.xml"]
    assert (target / "tei" / ".generated.json").exists() and (target / "tei" / "persons.xml").exists()


def test_a_record_converts_the_same_alone_or_with_others(tmp_path):
    run("convert", SAMPLES, "-o", tmp_path / "all")
    for path in sorted(SAMPLES.iterdir()):
        out = tmp_path / path.name
        run("convert", path, "-o", out)
        (written,) = out.glob("wilson-*.xml")
        assert written.read_bytes() == (tmp_path / "all" / written.name).read_bytes(), path.name


def test_broken_register_exits_2_with_one_line(tmp_path):
    out = tmp_path / "tei"
    out.mkdir()
    (out / "persons.xml").write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text>\n<body></bod>',
                                     encoding="utf-8")
    result = run("convert", SAMPLES / "004_8b1b759c36f2ea61.txt", "-o", out)
    assert result.exit_code == 2
    lines = result.stderr.strip().split("\n")
    assert len(lines) == 1
    assert lines[0].startswith(f"{out / 'persons.xml'}:2: not a readable register: ")
    assert not list(out.glob("wilson-*.xml"))
