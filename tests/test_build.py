"""The build engine: incremental skips, register dependencies, parallel and Dask runs, faults."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teikit.build import BuildOptions, run_build
from teikit.build.executors import PRELOAD, preload_for
from teikit.build.progress import make_console
from teikit.edition import Edition

UPPER = "build_stages:UpperStage"
PERSONS = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><listPerson>
<person xml:id="a"><persName>{a}</persName></person>
<person xml:id="b"><persName>B</persName></person>
</listPerson></body></text></TEI>
"""


def make_edition(root: Path, docs: dict[str, str], person_a: str = "A") -> Edition:
    (root / "src").mkdir(parents=True, exist_ok=True)
    (root / "tei").mkdir(exist_ok=True)
    for name, text in docs.items():
        (root / "src" / name).write_text(text, encoding="utf-8")
    (root / "tei" / "persons.xml").write_text(PERSONS.format(a=person_a), encoding="utf-8")
    return Edition.open(root)


def build(edition: Edition, jobs: int = 1, executor: str = "local", stages=(UPPER,)):
    options = BuildOptions(stages=tuple(stages), jobs=jobs, executor=executor, quiet=True)
    return run_build(edition, options, console=make_console())


def outputs(edition: Edition) -> dict[str, bytes]:
    out = edition.build_dir / "out"
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if not p.name.startswith(".")}


DOCS = {f"d{i}.txt": f"doc {i}\nref: per:{'a' if i % 2 else 'b'}\n" for i in range(6)}


def test_second_build_with_nothing_changed_does_no_work(tmp_path):
    edition = make_edition(tmp_path, DOCS)
    first = build(edition).reports[0]
    assert (first.done, first.skipped) == (6, 0)
    index = edition.build_dir / "out" / "index.txt"
    stamp = index.stat().st_mtime_ns
    second = build(edition).reports[0]
    assert (second.done, second.skipped) == (0, 6)
    assert index.stat().st_mtime_ns == stamp, "finish must not rerun when nothing changed"


def test_editing_one_input_redoes_only_that_document(tmp_path):
    edition = make_edition(tmp_path, DOCS)
    build(edition)
    (tmp_path / "src" / "d3.txt").write_text("doc 3 edited\nref: per:a\n", encoding="utf-8")
    report = build(edition).reports[0]
    assert (report.done, report.skipped) == (1, 5)
    assert "d3.txt\tdoc 3 edited" in (edition.build_dir / "out" / "index.txt").read_text()


def test_changing_a_register_entry_redoes_exactly_the_documents_citing_it(tmp_path):
    edition = make_edition(tmp_path, DOCS)
    build(edition)
    make_edition(tmp_path, {}, person_a="A renamed")
    report = build(edition).reports[0]
    citing_a = sum(1 for text in DOCS.values() if "per:a" in text)
    assert (report.done, report.skipped) == (citing_a, len(DOCS) - citing_a)


def test_deleted_output_is_rebuilt(tmp_path):
    edition = make_edition(tmp_path, DOCS)
    build(edition)
    (edition.build_dir / "out" / "d1.txt").unlink()
    report = build(edition).reports[0]
    assert report.done == 1
    assert (edition.build_dir / "out" / "d1.txt").exists()


def test_force_redoes_everything(tmp_path):
    edition = make_edition(tmp_path, DOCS)
    build(edition)
    report = run_build(edition, BuildOptions(stages=(UPPER,), jobs=1, force=True, quiet=True),
                       console=make_console()).reports[0]
    assert report.done == len(DOCS)


def test_process_pool_gives_the_same_bytes_as_a_serial_build(tmp_path):
    many = {f"d{i:02}.txt": f"doc {i}\nref: per:a\n" for i in range(12)}
    serial = make_edition(tmp_path / "serial", many)
    parallel = make_edition(tmp_path / "parallel", many)
    build(serial, jobs=1)
    report = build(parallel, jobs=2).reports[0]
    assert report.done == 12
    assert outputs(serial) == outputs(parallel)


def test_a_failing_document_does_not_stop_the_others(tmp_path):
    docs = dict(DOCS, **{"bad.txt": "RAISE\n"})
    edition = make_edition(tmp_path, docs)
    outcome = build(edition)
    report = outcome.reports[0]
    assert report.done == len(DOCS)
    assert [where for where, _ in report.failed] == [str(tmp_path / "src" / "bad.txt")]
    assert "RuntimeError: bad document" in report.failed[0][1]
    assert outcome.exit_code == 1


def test_failed_documents_are_retried_on_the_next_build(tmp_path):
    edition = make_edition(tmp_path, dict(DOCS, **{"bad.txt": "RAISE\n"}))
    build(edition)
    report = build(edition).reports[0]
    assert (report.skipped, len(report.failed)) == (len(DOCS), 1)


def test_a_killed_worker_is_retried_once_then_reported(tmp_path):
    docs = {f"d{i:02}.txt": f"doc {i}\n" for i in range(10)}
    docs["poison.txt"] = "CRASH\n"
    edition = make_edition(tmp_path, docs)
    outcome = build(edition, jobs=2)
    report = outcome.reports[0]
    assert report.done == 10
    assert len(report.failed) == 1
    where, reason = report.failed[0]
    assert where.endswith("poison.txt")
    assert "crashed or was killed again after a retry" in reason
    assert outcome.exit_code == 1


def test_errors_from_the_validate_stage_leave_the_document_out_and_the_rest_is_built(tmp_path):
    edition = make_edition(tmp_path, {"a.txt": "INVALID\n", "b.txt": "fine\n"})
    outcome = build(edition, stages=("build_stages:GateStage", UPPER))
    assert outcome.stopped_at is None
    assert [r.name for r in outcome.reports] == ["validate", "upper"]
    assert outcome.left_out == {"invalid documents": [str(edition.root / "src" / "a.txt")]}
    assert outcome.exit_code == 1
    assert outcome.diagnostics[0].format().endswith("a.txt:1:1: error[T-BAD]: invalid")


def test_strict_errors_from_the_validate_stage_stop_the_build(tmp_path):
    edition = make_edition(tmp_path, {"a.txt": "INVALID\n"})
    options = BuildOptions(stages=("build_stages:GateStage", UPPER), jobs=1, quiet=True, strict=True)
    outcome = run_build(edition, options, console=make_console())
    assert outcome.stopped_at == "validate"
    assert [r.name for r in outcome.reports] == ["validate"]
    assert outcome.exit_code == 1


def test_cached_diagnostics_are_reported_again(tmp_path):
    edition = make_edition(tmp_path, {"a.txt": "INVALID\n"})
    build(edition)
    outcome = build(edition)
    assert outcome.reports[0].skipped == 1
    assert [d.code for d in outcome.diagnostics] == ["T-BAD"]


def test_an_interrupted_build_keeps_finished_work_and_completes_next_time(tmp_path, monkeypatch):
    edition = make_edition(tmp_path, DOCS)
    import build_stages

    calls = {"n": 0}
    original = build_stages.UpperStage.run

    def interrupting(task):
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt
        return original(task)

    monkeypatch.setattr(build_stages.UpperStage, "run", staticmethod(interrupting))
    with pytest.raises(KeyboardInterrupt):
        build(edition)
    monkeypatch.setattr(build_stages.UpperStage, "run", staticmethod(original))
    report = build(edition).reports[0]
    assert (report.skipped, report.done) == (3, 3)
    assert not list((edition.build_dir / "out").glob(".*.tmp"))


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_bytes_as_the_local_pool(tmp_path):
    many = {f"d{i:02}.txt": f"doc {i}\nref: per:b\n" for i in range(8)}
    local = make_edition(tmp_path / "local", many)
    cluster = make_edition(tmp_path / "dask", many)
    build(local, jobs=2)
    report = build(cluster, jobs=2, executor="dask").reports[0]
    assert report.done == 8
    assert outputs(local) == outputs(cluster)


@pytest.mark.slow
def test_on_dask_a_document_that_kills_its_worker_is_reported_and_its_batch_neighbours_done(tmp_path):
    docs = {f"d{i:03}.txt": f"doc {i}\n" for i in range(100)}
    docs["d050-poison.txt"] = "CRASH\n"
    edition = make_edition(tmp_path, docs)
    outcome = build(edition, jobs=2, executor="dask")
    report = outcome.reports[0]
    assert (report.done, len(report.failed)) == (100, 1)
    where, reason = report.failed[0]
    assert where.endswith("d050-poison.txt") and "crashed or was killed again after a retry" in reason
    assert outcome.exit_code == 1


def test_a_touched_input_with_the_same_content_is_not_redone(tmp_path):
    edition = make_edition(tmp_path, DOCS)
    build(edition)
    source = tmp_path / "src" / "d2.txt"
    os.utime(source, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns - 5_000_000_000))
    assert build(edition).reports[0].done == 0
    # The new stamp was taken: a third build answers from it (the content is not hashed again).
    assert build(edition).reports[0].done == 0


def test_finish_is_told_which_results_changed_since_it_last_ran(tmp_path):
    edition = make_edition(tmp_path, DOCS)
    stages = ("build_stages:ChangedStage",)
    build(edition, stages=stages)
    changed = edition.build_dir / "out" / "changed.txt"
    assert changed.read_text().splitlines() == [" ".join(sorted(DOCS))] * 2
    (tmp_path / "src" / "d4.txt").write_text("doc 4 edited\n", encoding="utf-8")
    build(edition, stages=stages)
    assert changed.read_text().splitlines() == ["d4.txt", " ".join(sorted(DOCS))]


def test_an_interrupted_finish_is_owed_with_all_its_changes(tmp_path, monkeypatch):
    import build_stages

    edition = make_edition(tmp_path, DOCS)
    stages = ("build_stages:ChangedStage",)
    build(edition, stages=stages)
    for name in ("d1.txt", "d5.txt"):
        (tmp_path / "src" / name).write_text(f"{name} edited\n", encoding="utf-8")
    original = build_stages.ChangedStage.finish

    def interrupted(self, edition, results):
        raise KeyboardInterrupt

    monkeypatch.setattr(build_stages.ChangedStage, "finish", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(edition, stages=stages)
    monkeypatch.setattr(build_stages.ChangedStage, "finish", original)
    report = build(edition, stages=stages).reports[0]
    assert report.done == 0
    assert (edition.build_dir / "out" / "changed.txt").read_text().splitlines()[0] == "d1.txt d5.txt"


def test_entries_the_build_adds_to_the_registers_do_not_redo_the_documents_citing_them(tmp_path):
    edition = make_edition(tmp_path, {"a.txt": "ref: per:new\n", "b.txt": "ref: per:a\n"})
    stages = ("build_stages:ProposingStage",)
    assert build(edition, stages=stages).reports[0].done == 2
    assert 'xml:id="new"' in (tmp_path / "tei" / "persons.xml").read_text()
    assert build(edition, stages=stages).reports[0].done == 0
    # An editor's change to that entry still redoes the document citing it.
    register = tmp_path / "tei" / "persons.xml"
    register.write_text(register.read_text().replace("<persName>new</persName>", "<persName>New</persName>"))
    report = build(edition, stages=stages).reports[0]
    assert (report.done, report.skipped) == (1, 1)


def test_a_damaged_cache_is_started_afresh(tmp_path):
    edition = make_edition(tmp_path, DOCS)
    build(edition)
    for path in (edition.build_dir / ".cache").glob("build.sqlite*"):
        path.write_bytes(b"not a database" * 100)
    report = build(edition).reports[0]
    assert (report.done, report.failed) == (6, [])
    assert build(edition).reports[0].done == 0


OPERATIONS = st.lists(st.tuples(st.sampled_from(["edit", "touch", "delete", "add", "register", "lose"]),
                                st.integers(min_value=0, max_value=5)), min_size=1, max_size=6)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_any_sequence_of_edits_builds_what_a_fresh_build_would(tmp_path_factory, operations):
    steps = make_edition(tmp_path_factory.mktemp("steps"), DOCS)
    build(steps)
    for number, (operation, which) in enumerate(operations):
        source = steps.root / "src" / f"d{which}.txt"
        if operation == "edit":
            source.write_text(f"doc {which} edit {number}\nref: per:{'ab'[number % 2]}\n", encoding="utf-8")
        elif operation == "touch" and source.exists():
            os.utime(source, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns - 10_000_000_000))
        elif operation == "delete":
            source.unlink(missing_ok=True)
        elif operation == "add":
            (steps.root / "src" / f"new{number}.txt").write_text(f"new {number}\nref: per:a\n", encoding="utf-8")
        elif operation == "register":
            (steps.root / "tei" / "persons.xml").write_text(PERSONS.format(a=f"A{number}"), encoding="utf-8")
        elif operation == "lose":
            # A lost cache (see also tests/test_build_fixed_point.py, with the real converter).
            shutil.rmtree(steps.build_dir / ".cache", ignore_errors=True)
        build(steps)
    fresh_root = tmp_path_factory.mktemp("fresh")
    shutil.copytree(steps.root / "src", fresh_root / "src")
    shutil.copytree(steps.root / "tei", fresh_root / "tei")
    fresh = Edition.open(fresh_root)
    build(fresh)
    assert outputs(steps) == outputs(fresh)


@pytest.mark.parametrize("jobs, executor, where", [(1, "local", "1 here"), (2, "local", "2 elsewhere"),
                                                  (2, "dask", "2 elsewhere")])
def test_finish_hands_work_to_the_builds_own_workers(tmp_path, jobs, executor, where):
    # One executor layer: what a finish hands on (the site's collection pages) runs where the
    # build's tasks run, serially for one job, else on the pool or the Dask cluster.
    edition = make_edition(tmp_path, DOCS)
    assert build(edition, jobs=jobs, executor=executor, stages=("build_stages:LendingStage",)).exit_code == 0
    out = edition.build_dir / "out"
    assert (out / "workers.txt").read_text() == where + "\n"
    assert sorted(p.name for p in out.glob("*.rev")) == sorted(f"{name}.rev" for name in DOCS)
    assert (out / "d1.txt.rev").read_text() == (out / "d1.txt").read_text()[::-1]


def test_finish_is_handed_the_workers_that_ran_the_stage(tmp_path):
    # Not a fresh pool: the stage's workers have their modules imported and stylesheets compiled already.
    edition = make_edition(tmp_path, DOCS)
    assert build(edition, jobs=2, stages=("build_stages:WarmStage",)).exit_code == 0
    assert (edition.build_dir / "out" / "workers.txt").read_text() == "the stage's own\n"


def test_the_fork_server_preloads_no_saxon():
    # Local workers are forked from a fork server that imports executors.PRELOAD: were Saxon among
    # them, every convert and validate worker would carry its native library.
    code = ("import sys, importlib; from teikit.build.executors import PRELOAD; "
            "[importlib.import_module(name) for name in PRELOAD]; "
            "print(sorted(name for name in sys.modules if name.startswith('saxon')))")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert found == "[]\n"


def test_the_fork_server_preloads_the_converter_only_for_a_build_that_converts_or_validates():
    # A render or an import alone would otherwise wait half a second for the converter's imports.
    assert preload_for("teikit.stages.convert:ConvertStage") == PRELOAD
    assert preload_for("teikit.stages.validate:ValidateStage") == PRELOAD
    assert preload_for("teikit.stages.html:HtmlStage") == ["teikit.build.executors"]
    assert preload_for("teikit.stages.imports:ImportStage") == ["teikit.build.executors"]
