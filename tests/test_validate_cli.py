"""`teikit validate` on the command line: paths, formats, exit status, parallel runs, bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner
from lxml import etree

from teikit.cli import main

CASES = Path(__file__).parent / "cases" / "validate"
# The clean files every test edition starts with: the valid fixtures and the registers.
BASE = len(list((CASES / "valid").glob("*.xml"))) + len(list((CASES / "registers").glob("*.xml")))


def run(*args):
    return CliRunner().invoke(main, ["validate", *map(str, args)])


def edition(tmp_path, *broken: str) -> Path:
    """A tei/ folder with the valid fixtures, the registers and the named broken fixtures."""
    folder = tmp_path / "tei"
    folder.mkdir()
    for path in [*(CASES / "valid").glob("*.xml"), *(CASES / "registers").glob("*.xml")]:
        shutil.copy(path, folder)
    for name in broken:
        shutil.copy(CASES / "broken" / f"{name}.xml", folder)
    return folder


def test_clean_folder_exits_0_with_a_summary(tmp_path):
    result = run(edition(tmp_path))
    assert result.exit_code == 0
    assert result.output == f"{BASE} files checked: 0 errors, 0 warnings\n"


def test_data_errors_exit_1_and_name_file_line_and_code(tmp_path):
    folder = edition(tmp_path, "sp-without-speaker")
    result = run(folder)
    assert result.exit_code == 1
    assert f"{folder}/sp-without-speaker.xml:82:1: error[R206]: <sp> has no <speaker>" in result.output.splitlines()
    assert result.output.endswith(f"{BASE + 1} files checked: 1 errors, 0 warnings\n")


def test_bad_files_are_one_line_each_and_the_others_are_still_checked(tmp_path):
    folder = edition(tmp_path, "not-xml", "external-entity", "unknown-element")
    # A link to no file: listed in its folder, but it cannot be read.
    (folder / "unreadable.xml").symlink_to(tmp_path / "gone.xml")
    result = run(folder)
    lines = result.output.splitlines()
    assert result.exit_code == 1
    assert len(lines) == 5 and lines[-1] == f"{BASE + 4} files checked: 4 errors, 0 warnings"
    assert any("unreadable.xml: error[X003]: cannot read the file" in line for line in lines)
    assert "root:" not in result.output  # /etc/passwd was never read


def test_globs_select_files(tmp_path):
    folder = edition(tmp_path, "empty-note")
    result = run(f"{folder}/empty-*.xml")
    assert result.exit_code == 1 and result.output.endswith("1 file checked: 1 errors, 0 warnings\n")


def test_a_glob_matching_nothing_is_a_usage_error(tmp_path):
    result = run(tmp_path, f"{tmp_path}/nothing-*.xml")
    assert result.exit_code == 2
    assert result.output == f"{tmp_path}/nothing-*.xml: error[X003]: no file matches this pattern\n"


def test_json_format(tmp_path):
    folder = edition(tmp_path, "literal-bracket")
    payload = json.loads(run("--format", "json", folder).output)
    assert (payload["files"], payload["errors"], payload["warnings"]) == (BASE + 1, 1, 0)
    assert payload["diagnostics"][0]["code"] == "R209" and payload["diagnostics"][0]["line"] == 80


def test_junit_format_has_one_case_per_file_and_a_failure_per_error(tmp_path):
    folder = edition(tmp_path, "empty-supplied")
    result = run("--format", "junit", folder)
    suite = etree.fromstring(result.output.encode()).find("testsuite")
    assert suite.get("tests") == str(BASE + 1) and suite.get("failures") == "1"
    failure = suite.find("testcase/failure")
    assert failure.get("type") == "R208" and failure.getparent().get("name").endswith("empty-supplied.xml")


def test_usage_errors_exit_2(tmp_path):
    assert run("--schema", tmp_path / "nope.rng", tmp_path).exit_code == 2
    assert run("--registers", tmp_path / "nope", tmp_path).exit_code == 2
    assert run("--format", "yaml", tmp_path).exit_code == 2
    assert run().exit_code == 2


def test_a_broken_schema_is_a_usage_error(tmp_path):
    schema = tmp_path / "broken.xsd"
    schema.write_text("<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'><xs:element/></xs:schema>")
    result = run("--schema", schema, CASES / "valid")
    assert result.exit_code == 2 and "broken.xsd" in result.output


def test_an_undocumented_date_discrepancy_is_a_warning_that_fail_on_warning_enforces(tmp_path):
    folder = edition(tmp_path, "dateline-disagrees")
    result = run(folder)
    assert result.exit_code == 0 and "warning[R205]" in result.output
    assert result.output.endswith(f"{BASE + 1} files checked: 0 errors, 1 warnings\n")
    assert run("--fail-on", "warning", folder).exit_code == 1


def test_any_xsd_can_be_given(tmp_path):
    schema = tmp_path / "note.xsd"
    schema.write_text("""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
      <xs:element name="note"><xs:complexType><xs:attribute name="n" type="xs:integer"/></xs:complexType></xs:element>
    </xs:schema>""")
    (tmp_path / "good.xml").write_text('<note n="1"/>')
    (tmp_path / "bad.xml").write_text('<note n="one"/>')
    result = run("--schema", schema, tmp_path / "good.xml", tmp_path / "bad.xml")
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith(f'{tmp_path}/bad.xml:1:1: error[S106]: n="one" on <note>')


def test_parallel_run_gives_the_serial_report(tmp_path, monkeypatch):
    from teikit.build import run_tasks
    from teikit.stages.validate import ValidateStage
    from teikit.validate import expand_paths, prepare, validate_paths

    folder = edition(tmp_path, "dangling-ref", "empty-note", "unknown-attribute")
    base = (CASES / "valid" / "minutes.xml").read_text(encoding="utf-8")
    for i in range(80):
        (folder / f"copy-{i:03}.xml").write_text(base.replace('xml:id="minutes"', f'xml:id="copy-{i}"'))
    serial = validate_paths([folder])
    # The engine's process pool, as `teikit validate` uses it for many files.
    monkeypatch.setattr(ValidateStage, "serial_up_to", 0)
    files, _ = expand_paths([folder])
    options, _ = prepare(files)
    stage = ValidateStage()
    parallel = [d for result in run_tasks(stage, stage.tasks(files, options), jobs=2) for d in result.diagnostics]
    assert parallel == serial.diagnostics and len(serial.files) == BASE + 83
    assert [d.code for d in serial.diagnostics] == ["R201", "R208", "S104"]


def test_schema_option_with_the_shipped_tei_all():
    from conftest import TEI_ALL, shared_path

    folder = shared_path("corpora", "tei-foreign")
    result = run("--schema", TEI_ALL, "-j", "2", folder)
    assert result.exit_code == 1
    flagged = {Path(line.split(":", 1)[0]).name for line in result.output.splitlines()[:-1]}
    assert flagged == {"eltec-eng-ENG18872_Lyall.xml", "teic-stylesheets-test22.xml",
                       "teipublisher-CIDTC-3823-cortez.xml"}


def test_a_document_without_its_registers_says_so_once_per_register(tmp_path):
    shutil.copy(CASES / "valid" / "minutes.xml", tmp_path)
    result = run(tmp_path / "minutes.xml")
    lines = result.output.splitlines()
    assert result.exit_code == 1 and len(lines) == 3
    assert "register persons.xml not found" in lines[0] and "register places.xml not found" in lines[1]
    assert run("--registers", CASES / "registers", tmp_path / "minutes.xml").exit_code == 0
