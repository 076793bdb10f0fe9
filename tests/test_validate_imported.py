"""Imported documents that declare TEI All validate against the shipped tei_all.rng, in validate and build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import shared_path
from teikit import resources, tei
from teikit.build import BuildOptions, run_build
from teikit.build.progress import make_console
from teikit.cli import main
from teikit.edition import Edition
from teikit.stages.validate import ValidateStage
from teikit.validate import validate_paths
from teikit.validate.check import choose_schema
from teikit.validate.schema import SchemaError, resolve_schema

MINI = Path(__file__).resolve().parent / "fixtures" / "exchange" / "frus" / "frus-mini.xml"
SCHEMA_REF = ('<schemaRef key="tei_all" '
              'url="https://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng"/>')
CONVERTED = ["wilson-115932", "wilson-116546", "wilson-116548", "wilson-116553", "wilson-118686"]
IMPORTED = ["frus-mini-d1", "frus-mini-d2", "frus-mini-d3"]


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def make_edition(root: Path, source: Path = MINI) -> Path:
    """Create the sample edition (records to convert) and import a FRUS volume into its tei/ with the CLI."""
    assert invoke("init", str(root)).exit_code == 0
    result = invoke("import", str(source), "--edition", str(root))
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return make_edition(tmp_path_factory.mktemp("template") / "edition")


@pytest.fixture
def edition(template, tmp_path) -> Path:
    target = tmp_path / "edition"
    shutil.copytree(template, target)
    return target


def build(root: Path, stages=("convert", "validate"), jobs: int = 1):
    return run_build(Edition.open(root), BuildOptions(stages=tuple(stages), jobs=jobs, quiet=True),
                     console=make_console())


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def where(path: Path, needle: str) -> str:
    """Return "line:column" of the first occurrence of needle (1-based, as diagnostics give it)."""
    line = line_of(path, needle)
    return f"{line}:{path.read_text(encoding='utf-8').splitlines()[line - 1].index(needle) + 1}"


def errors(outcome) -> list[str]:
    return [d.format() for d in outcome.diagnostics if d.level.value == "error"]


# -- the shipped schema and its short name ------------------------------------------------------

def test_tei_all_ships_with_its_licence():
    schema = resources.schema_path("tei_all.rng")
    assert "TEI Edition: P5 Version\u00a04.11.0" in schema.read_text(encoding="utf-8")[:1000]
    licence = resources.schema_path("LICENCE-tei_all.txt").read_text(encoding="utf-8")
    assert "4.11.0" in licence and "CC" in licence and "BSD" in licence


def test_shipped_tei_all_is_the_shared_one():
    assert resources.schema_path("tei_all.rng").read_bytes() == shared_path("tei", "tei_all.rng").read_bytes()


def test_schema_short_name_resolves_to_the_shipped_file_and_a_file_path_wins(tmp_path, monkeypatch):
    assert resolve_schema("tei_all") == resources.schema_path("tei_all.rng")
    (tmp_path / "tei_all").write_text("<grammar/>", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert resolve_schema("tei_all") == Path("tei_all")
    with pytest.raises(SchemaError, match="no such schema file .nor a shipped schema: tei_all."):
        resolve_schema("tei_lite")


def test_validate_schema_tei_all_by_name(edition):
    files = [str(edition / "tei" / f"{name}.xml") for name in IMPORTED]
    result = invoke("validate", "--schema", "tei_all", *files)
    assert result.exit_code == 0, result.output
    assert result.output == "3 files checked: 0 errors, 0 warnings\n"
    unknown = invoke("validate", "--schema", "tei_lite", *files)
    assert unknown.exit_code == 2 and "tei_lite: no such schema file" in unknown.output


# -- which schema a document declares -------------------------------------------------------------

@pytest.mark.parametrize("schema_ref, kind, label", [
    ('<schemaRef key="tei_all"/>', "rng", "TEI All"),
    ('<schemaRef url="https://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng"/>', "rng", "TEI All"),
    ('<schemaRef url="../schema/tei_all.xsd?v=2"/>', "rng", "TEI All"),
    ('<schemaRef key="teikit" url="https://example.org/tei_all_custom.rng"/>', "edition", ""),
    ('<schemaRef key="tei_lite"/>', "rng", "TEI All: the declared tei_lite is not a schema teikit ships"),
    ('<schemaRef url="https://example.org/letters.rng"/>', "rng",
     "TEI All: the declared https://example.org/letters.rng is not read: teikit never downloads"),
    ("", "edition", ""),
])
def test_the_declared_schema_decides_by_key_or_url(schema_ref, kind, label, tmp_path):
    data = (f'<TEI xmlns="{tei.TEI_NS}"><teiHeader><encodingDesc>{schema_ref}<p/></encodingDesc>'
            "</teiHeader><text><body><p/></body></text></TEI>").encode()
    choice = choose_schema(tei.parse_bytes(data), str(tmp_path / "doc.xml"), foreign=False)
    assert (choice.kind, choice.label) == (kind, label)


# -- the build ----------------------------------------------------------------------------------

def test_build_with_converted_and_imported_documents_validates_clean(edition):
    outcome = build(edition, jobs=2)
    assert outcome.exit_code == 0 and outcome.stopped_at is None, errors(outcome)
    validate = next(r for r in outcome.reports if r.name == "validate")
    assert (validate.planned, validate.done, validate.failed) == (len(CONVERTED) + len(IMPORTED) + 2,
                                                                 len(CONVERTED) + len(IMPORTED) + 2, [])


def test_imported_document_broken_on_purpose_stops_the_build_with_a_located_error(edition):
    build(edition)
    path = edition / "tei" / "frus-mini-d1.xml"
    edit(path, '<p n="2">2. The', '<p n="2"><blink>2.</blink> The')
    outcome = build(edition, stages=("convert", "validate", "html"))
    # The invalid document is left out; the others are built.
    assert outcome.left_out == {"invalid documents": [str(path)]} and outcome.exit_code == 1
    assert [r.name for r in outcome.reports] == ["convert", "validate", "html"]
    assert errors(outcome) == [f"{path}:{where(path, '<blink>')}: error[S101]: <blink> is not allowed anywhere by "
                               "the schema (TEI All)"]


def test_build_cli_prints_the_located_error(edition):
    path = edition / "tei" / "frus-mini-d3.xml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("</body>", "<blink/></body>", 1), encoding="utf-8")
    result = invoke("build", "--edition", str(edition), "--stages", "convert,validate", "-j", "1", "-q")
    assert result.exit_code == 1
    assert f"{path}:{where(path, '<blink/>')}: error[S101]: <blink> is not allowed anywhere by the schema " \
           "(TEI All)\n" in result.output


def test_imported_documents_get_only_the_rules_for_any_tei(edition):
    path = edition / "tei" / "frus-mini-d1.xml"
    # Edition conventions (R208 empty note, R209 brackets, R207 choice pairs, R201 registers) do not apply...
    edit(path, "met the <choice>", 'met [sic] the <note/><persName ref="per:nobody">Park</persName> <choice>')
    outcome = build(edition)
    assert outcome.exit_code == 0, errors(outcome)
    # ...but same-document pointers must resolve (R201), and TEI All's ID datatype wants unique xml:ids.
    edit(path, 'ref="per:brown-winthrop-g">Brown</persName> met', 'corresp="#p_XX">Brown</persName> met')
    edit(path, 'xml:id="pg_2"', 'xml:id="d1fn1"')
    outcome = build(edition)
    found = [(d.code, d.line) for d in outcome.diagnostics if d.path == str(path)]
    assert found == [("R201", line_of(path, "#p_XX")), ("S109", line_of(path, 'n="2" xml:id="d1fn1"'))]
    assert outcome.left_out == {"invalid documents": [str(path)]}


def test_a_document_without_the_schema_ref_keeps_the_edition_schema_and_rules(edition):
    path = edition / "tei" / "frus-mini-d2.xml"
    edit(path, "stopped in Korea", "stopped in [South] <mentioned>Korea</mentioned>")
    assert build(edition).exit_code == 0  # valid TEI All, and brackets are no rule of any TEI
    edit(path, SCHEMA_REF, "")
    outcome = build(edition)
    assert outcome.left_out == {"invalid documents": [str(path)]}
    line = line_of(path, "<mentioned>")
    assert [(d.code, d.line) for d in outcome.diagnostics if d.path == str(path)] == [("R209", line), ("S101", line)]


def test_imported_documents_cite_no_register_entries(edition):
    build(edition, stages=("convert",))
    edit(edition / "tei" / "frus-mini-d1.xml", "met the <choice>",
         'met <persName ref="per:kim-il-sung">Kim</persName> <choice>')
    tasks = {t.key: t for t in ValidateStage().plan(Edition.open(edition))}
    assert "tei_all" not in tasks["wilson-116548"].params and ValidateStage.run(tasks["wilson-116548"]).register_refs
    result = ValidateStage.run(tasks["frus-mini-d1"])
    assert result.ok and result.register_refs == []


def test_incremental_build_revalidates_only_the_edited_imported_document(edition):
    build(edition)
    second = next(r for r in build(edition).reports if r.name == "validate")
    assert (second.done, second.skipped) == (0, len(CONVERTED) + len(IMPORTED) + 2)
    edit(edition / "tei" / "frus-mini-d2.xml", "stopped in Korea", 'stopped in <hi rend="italic">Korea</hi>')
    third = next(r for r in build(edition).reports if r.name == "validate")
    assert (third.done, third.skipped, third.failed) == (1, len(CONVERTED) + len(IMPORTED) + 1, [])


# -- `teikit validate` on the edition -----------------------------------------------------------

def test_validate_edition_folder_checks_imported_documents_against_tei_all(edition):
    build(edition, stages=("convert",))
    result = invoke("validate", str(edition / "tei"))
    assert result.exit_code == 0, result.output
    assert result.output.endswith(f"{len(CONVERTED) + len(IMPORTED) + 2} files checked: 0 errors, 0 warnings\n")
    path = edition / "tei" / "frus-mini-d2.xml"
    edit(path, "stopped in Korea", "stopped in <blink/>Korea")
    report = validate_paths([edition / "tei"])
    assert [d.format() for d in report.diagnostics if d.level.value == "error"] == \
        [f"{path}:{where(path, '<blink/>')}: error[S101]: <blink> is not allowed anywhere by the schema (TEI All)"]


# -- the real FRUS volume -----------------------------------------------------------------------

def test_build_with_the_imported_frus_volume(tmp_path):
    volume = shared_path("corpora", "frus", "frus1964-68v29p1.xml")
    root = make_edition(tmp_path / "edition", volume)
    outcome = build(root, jobs=2)
    assert outcome.exit_code == 0, errors(outcome)[:5]
    validate = next(r for r in outcome.reports if r.name == "validate")
    assert validate.done == len(CONVERTED) + 369 + 2
    path = root / "tei" / "frus1964-68v29p1-d100.xml"
    edit(path, "</body>", "<blink/></body>")
    outcome = build(root, jobs=2)
    assert outcome.left_out == {"invalid documents": [str(path)]}
    assert errors(outcome) == [f"{path}:{where(path, '<blink/>')}: error[S101]: <blink> is not allowed anywhere by "
                               "the schema (TEI All)"]
