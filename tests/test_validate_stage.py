"""The build's validate stage: one pure task per TEI file, diagnostics and cited register entries."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

from teikit.edition import Edition
from teikit.stages.validate import ValidateStage

CASES = Path(__file__).parent / "cases" / "validate"


def make_edition(tmp_path, *broken: str) -> Edition:
    tei = tmp_path / "tei"
    tei.mkdir()
    shutil.copy(CASES / "valid" / "minutes.xml", tei)
    for path in (CASES / "registers").glob("*.xml"):
        shutil.copy(path, tei)
    for name in broken:
        shutil.copy(CASES / "broken" / f"{name}.xml", tei)
    return Edition.open(tmp_path)


def test_plan_has_one_task_per_document_and_register(tmp_path):
    edition = make_edition(tmp_path, "empty-note")
    tasks = ValidateStage().plan(edition)
    assert [t.key for t in tasks] == ["empty-note", "minutes", "persons", "places"]
    assert all(len(t.inputs) == 1 and t.outputs == () for t in tasks)
    assert pickle.loads(pickle.dumps(tasks)) == tasks


def test_valid_document_passes_and_cites_its_register_entries(tmp_path):
    edition = make_edition(tmp_path)
    task = next(t for t in ValidateStage().plan(edition) if t.key == "minutes")
    result = ValidateStage.run(task)
    assert result.ok and result.diagnostics == []
    assert "per:kim-il-sung" in result.register_refs and "pla:hoeryeong" in result.register_refs
    assert result.register_refs == sorted(set(result.register_refs))


def test_invalid_document_fails_with_located_diagnostics(tmp_path):
    edition = make_edition(tmp_path, "dangling-ref")
    task = next(t for t in ValidateStage().plan(edition) if t.key == "dangling-ref")
    result = ValidateStage.run(task)
    assert not result.ok
    assert [(d.code, d.line) for d in result.diagnostics] == [("R201", 80)]
    assert "per:mao-tse-tung" in result.register_refs  # adding the entry later revalidates


def test_fingerprint_follows_the_schema(tmp_path):
    edition = make_edition(tmp_path)
    assert ValidateStage().fingerprint(edition) == ValidateStage().fingerprint(edition) != ""


def test_build_stops_with_the_messages_when_a_document_is_invalid(tmp_path):
    from click.testing import CliRunner

    from teikit.cli import main

    edition = make_edition(tmp_path, "empty-note")
    args = ["build", "--edition", str(edition.root), "--stages", "validate", "-j", "1", "-q"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert f"{edition.tei_dir}/empty-note.xml:80:1: error[R208]: empty <note>" in result.output
    (edition.tei_dir / "empty-note.xml").unlink()
    assert CliRunner().invoke(main, args).exit_code == 0


def test_a_register_edit_is_seen_by_a_long_lived_worker(tmp_path):
    edition = make_edition(tmp_path, "dangling-ref")
    task = next(t for t in ValidateStage().plan(edition) if t.key == "dangling-ref")
    assert not ValidateStage.run(task).ok
    persons = edition.tei_dir / "persons.xml"
    persons.write_text(persons.read_text(encoding="utf-8").replace(
        "</listPerson>", '<person xml:id="mao-tse-tung"><persName type="main">Mao</persName></person></listPerson>'),
        encoding="utf-8")
    assert ValidateStage.run(task).ok
