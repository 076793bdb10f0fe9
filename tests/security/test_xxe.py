"""XXE: a DOCTYPE declaring external entities, wherever it stands in the prolog, in every command.

The old guard looked at the first 64 KiB only: a DOCTYPE after a 70 KB comment put
/etc/passwd into the HTML page and the PDF, made the server fetch a URL, crashed
`teikit validate` and stayed in imported documents.
"""

from __future__ import annotations

import pytest
from attacks import (DECLARATION, POSITIONS, ROOT, SECRET_TEXT, assert_nothing_leaked, canary, copy_edition, hostile,
                     module_canary)
from click.testing import CliRunner
from starlette.testclient import TestClient

from teikit.cli import main
from teikit.diagnostics import Diagnostic
from teikit.edition import Edition
from teikit.exchange.app import create_app
from teikit.tei import load_document

ENTITIES = ("file_entity", "network_entity", "parameter_entity")
# The line the DOCTYPE stands on in each position (hostile() puts it there).
DOCTYPE_LINE = {"first": 1, "after-declaration": 2, "after-70k-comment": 3, "after-processing-instruction": 4,
                "after-byte-order-mark": 2, "utf-16": 2}


@pytest.mark.parametrize("position", POSITIONS)
@pytest.mark.parametrize("kind", ENTITIES)
def test_the_loader_refuses_the_doctype_at_its_line(canary, position, kind):
    found = load_document("hostile.xml", hostile(getattr(canary, kind)(), position))
    assert isinstance(found, Diagnostic), "a document with a DOCTYPE was parsed"
    assert (found.code, found.line) == ("X002", DOCTYPE_LINE[position])
    assert canary.hits() == []


def test_a_doctype_inside_a_comment_is_only_a_comment(canary):
    text = hostile("", "first", reference="").decode()
    tree = load_document("commented.xml", ("<!-- <!DOCTYPE TEI SYSTEM 'x'> -->\n" + text).encode())
    assert not isinstance(tree, Diagnostic)


@pytest.fixture(scope="module")
def edition(tmp_path_factory, module_canary):
    """An edition whose tei/ holds the good record and a hostile copy for every position and entity."""
    folder = copy_edition(tmp_path_factory.mktemp("xxe") / "edition")
    for position in POSITIONS:
        for kind in ("file_entity", "network_entity"):
            name = f"hostile-{position}-{kind.split('_')[0]}"
            (folder / "tei" / f"{name}.xml").write_bytes(hostile(getattr(module_canary, kind)(), position, ident=name))
    return folder


def _hostile_files(edition):
    return sorted(str(p) for p in (edition / "tei").glob("hostile-*.xml"))


def _lines(output: str, code: str) -> dict[str, list[str]]:
    """Group the output's diagnostic lines with this code by file."""
    found: dict[str, list[str]] = {}
    for line in output.splitlines():
        if f"error[{code}]" in line:
            found.setdefault(line.split(":")[0], []).append(line)
    return found


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _no_crash(result) -> None:
    """A command may exit 1; it may not end in an exception (a traceback for the user)."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output


def test_validate_says_one_line_per_hostile_file_and_checks_the_others(edition, module_canary):
    result = _run("validate", edition / "tei")
    assert result.exit_code == 1, result.output
    _no_crash(result)
    refused = _lines(result.output, "X002")
    assert sorted(refused) == _hostile_files(edition) and all(len(v) == 1 for v in refused.values())
    assert str(edition / "tei" / "wilson-116548.xml") not in result.output
    assert_nothing_leaked(module_canary)


def test_render_html_skips_hostile_files_and_renders_the_others(edition, module_canary, tmp_path):
    site = tmp_path / "site"
    result = _run("render", "html", edition / "tei", "-o", site)
    assert result.exit_code == 1, result.output
    assert sorted(_lines(result.output, "X002")) == _hostile_files(edition)
    assert (site / "documents" / "wilson-116548.html").is_file()
    assert not list((site / "documents").glob("hostile-*"))
    assert_nothing_leaked(module_canary, site)


def test_render_pdf_skips_hostile_files_and_typesets_the_others(edition, module_canary, tmp_path):
    out = tmp_path / "print"
    result = _run("render", "pdf", edition / "tei", "-o", out)
    assert result.exit_code == 1, result.output
    assert sorted(_lines(result.output, "X002")) == _hostile_files(edition)
    assert (out / "wilson-116548.pdf").is_file() and not list(out.glob("hostile-*"))
    assert_nothing_leaked(module_canary, out)


def test_import_refuses_hostile_files_and_keeps_no_doctype(edition, module_canary, tmp_path):
    out = tmp_path / "imported"
    result = _run("import", edition / "tei", "-o", out)
    assert sorted(_lines(result.output, "X002")) == _hostile_files(edition), result.output
    written = [p for p in out.rglob("*.xml")]
    assert written and all(b"<!DOCTYPE" not in p.read_bytes() for p in written)
    assert_nothing_leaked(module_canary, out)


@pytest.mark.parametrize("fmt", ["corpus", "dc", "csv"])
def test_export_leaves_hostile_files_out(edition, module_canary, tmp_path, fmt):
    out = tmp_path / fmt
    result = _run("export", fmt, "--edition", edition, "-o", out)
    assert sorted(_lines(result.output, "X002")) == _hostile_files(edition), result.output
    assert_nothing_leaked(module_canary, out)


def test_text_refuses_a_hostile_file(edition, module_canary):
    result = _run("text", _hostile_files(edition)[0])
    assert result.exit_code == 1 and "error[X002]" in result.output
    assert SECRET_TEXT not in result.output
    assert_nothing_leaked(module_canary)


def test_build_reads_no_entity_and_fetches_nothing(edition, module_canary, tmp_path, monkeypatch):
    copy = copy_edition(tmp_path / "edition")
    for path in (edition / "tei").glob("hostile-*.xml"):
        (copy / "tei" / path.name).write_bytes(path.read_bytes())
    monkeypatch.chdir(copy)
    result = _run("build", "--stages", "validate,html,export", "--jobs", "1")
    assert result.exit_code == 1, result.output
    _no_crash(result)
    expected = sorted(str(copy / "tei" / p.name) for p in (edition / "tei").glob("hostile-*.xml"))
    assert sorted(_lines(result.output, "X002")) == expected
    assert_nothing_leaked(module_canary, copy / "build")


def test_server_leaves_hostile_files_out_of_dts_and_oai(edition, module_canary):
    app = create_app(Edition.open(edition))
    client = TestClient(app)
    index = app.state.index
    index.refresh()
    assert sorted(p.path for p in index.problems if p.code == "X002") == _hostile_files(edition)
    records = client.get("/oai", params={"verb": "ListRecords", "metadataPrefix": "tei"})
    collection = client.get("/api/dts/collection")
    hostile_page = client.get("/api/dts/document", params={"resource": "hostile-first-file"})
    assert records.status_code == collection.status_code == 200 and hostile_page.status_code == 404
    assert "hostile" not in records.text and "hostile" not in collection.text
    assert SECRET_TEXT not in records.text + collection.text
    assert_nothing_leaked(module_canary)


def test_the_declaration_of_the_fixture_is_where_hostile_expects_it():
    # hostile() relies on the fixture starting with this declaration; a changed fixture must not silently weaken the tests.
    assert hostile("<!DOCTYPE TEI>", "after-declaration", reference="").startswith(DECLARATION.encode() + b"<!DOCTYPE")


FRUS_VOLUME = ROOT / "tests" / "cases" / "import" / "attachment.xml"


@pytest.mark.parametrize("position", ["after-declaration", "after-70k-comment", "utf-16"])
@pytest.mark.parametrize("kind", ENTITIES)
def test_import_refuses_a_hostile_frus_volume(module_canary, tmp_path, position, kind):
    # A FRUS volume is parsed whole by tei.parse_bytes (ids not collected), not load_document: it must refuse the same.
    text = FRUS_VOLUME.read_text(encoding="utf-8").removeprefix(DECLARATION)
    text = text.replace("Test Volume, Attachments", "Test Volume &x;", 1)
    doctype = getattr(module_canary, kind)()
    if position == "after-declaration":
        data = (DECLARATION + doctype + "\n" + text).encode()
    elif position == "after-70k-comment":
        data = (DECLARATION + "<!--" + "x" * 70_000 + "-->\n" + doctype + "\n" + text).encode()
    else:
        data = ('<?xml version="1.0" encoding="UTF-16"?>\n' + doctype + "\n" + text).encode("utf-16")
    volume = tmp_path / "frus-hostile.xml"
    volume.write_bytes(data)
    out = tmp_path / "imported"
    result = _run("import", volume, "-o", out)
    _no_crash(result)
    assert result.exit_code == 1 and sorted(_lines(result.output, "X002")) == [str(volume)], result.output
    assert not list(out.glob("*.xml")) or all(b"<!DOCTYPE" not in p.read_bytes() for p in out.rglob("*.xml"))
    assert_nothing_leaked(module_canary, out)
