"""XInclude: an xi:include of a local secret or a URL is an unknown element, never processed.

No parser or processor teikit runs does XInclude: the include stays an element (the edition's
schema refuses it), and its target is never read, in any command.
"""

from __future__ import annotations

import pytest
from attacks import assert_nothing_leaked, copy_edition, good_text, module_canary
from click.testing import CliRunner
from starlette.testclient import TestClient

from teikit.cli import main
from teikit.edition import Edition
from teikit.exchange.app import create_app

XI = "http://www.w3.org/2001/XInclude"


def _including(target: str, parse: str) -> str:
    include = f'<xi:include xmlns:xi="{XI}" href="{target}" parse="{parse}"/>'
    return good_text().replace("Minutes of Conversation", f"Minutes {include} of Conversation", 1)


@pytest.fixture(scope="module")
def edition(tmp_path_factory, module_canary):
    """An edition with two documents that include the secret file and a canary URL."""
    folder = copy_edition(tmp_path_factory.mktemp("xinclude") / "edition")
    targets = {"local": module_canary.secret.as_uri(), "remote": f"{module_canary.url}/included.xml"}
    for name, target in targets.items():
        text = _including(target, "text" if name == "local" else "xml").replace(
            'xml:id="wilson-116548"', f'xml:id="include-{name}"', 1)
        (folder / "tei" / f"include-{name}.xml").write_text(text, encoding="utf-8")
    (folder / "tei" / "wilson-116548.xml").unlink()
    return folder


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_validate_reports_the_include_as_an_element_and_reads_nothing(edition, module_canary):
    result = _run("validate", edition / "tei")
    assert result.exit_code == 1 and "xi:include" in result.output.replace("{" + XI + "}", "xi:"), result.output
    assert_nothing_leaked(module_canary)


def test_render_html_includes_nothing(edition, module_canary, tmp_path):
    result = _run("render", "html", edition / "tei", "-o", tmp_path / "site")
    assert result.exit_code == 0, result.output
    assert_nothing_leaked(module_canary, tmp_path / "site")


def test_render_pdf_includes_nothing(edition, module_canary, tmp_path):
    result = _run("render", "pdf", edition / "tei" / "include-local.xml", "-o", tmp_path / "print")
    assert result.exit_code == 0, result.output
    assert_nothing_leaked(module_canary, tmp_path / "print")


def test_export_and_import_include_nothing(edition, module_canary, tmp_path):
    _run("export", "corpus", "--edition", edition, "-o", tmp_path / "corpus")
    _run("import", edition / "tei", "-o", tmp_path / "imported")
    assert_nothing_leaked(module_canary, tmp_path / "corpus", tmp_path / "imported")


def test_the_server_includes_nothing(edition, module_canary):
    client = TestClient(create_app(Edition.open(edition)))
    records = client.get("/oai", params={"verb": "ListRecords", "metadataPrefix": "tei"})
    document = client.get("/api/dts/document", params={"resource": "include-local"})
    assert records.status_code == document.status_code == 200
    # Both documents are served, their includes as the elements they are, and nothing included.
    assert "include-local" in records.text and "include-remote" in records.text
    assert XI in document.text
    assert "CANARY" not in records.text + document.text
    assert_nothing_leaked(module_canary)
