"""`teikit review` and the review stage: every reading of low certainty, with file:line and context."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import ROOT
from teikit import review
from teikit.build import BuildOptions, run_build
from teikit.build.progress import make_console
from teikit.cli import main
from teikit.edition import Edition

SAMPLE = ROOT / "records" / "004_8b1b759c36f2ea61.txt"
BODY = ("The Premier] talked about the treaty.\n\n"
        "Asian Affairs Bureau [Ministry of Foreign Affairs, Japan] wrote to us. We met S.Y. Dao [Tao Shengyang].")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def edition(tmp_path):
    """An edition whose one record has two readings of low certainty; converted."""
    root = tmp_path / "edition"
    assert run("init", root).exit_code == 0
    for path in (root / "records").iterdir():
        path.unlink()
    for path in (root / "tei").glob("*.xml"):
        if path.name.startswith("wilson-"):
            path.unlink()
    head = SAMPLE.read_text(encoding="utf-8").split("Translation - English", 1)[0]
    (root / "records" / "record.txt").write_text(f"{head}Translation - English\n\n{BODY}\n", encoding="utf-8")
    result = run("convert", root / "records", "-o", root / "tei", "--force")
    assert result.exit_code == 0, result.stderr
    assert "2 bracket readings of low certainty (teikit review lists them)" in result.stdout
    return root


def test_review_lists_each_uncertain_reading_with_file_line_and_context(tmp_path):
    root = edition(tmp_path)
    result = run("review", "--edition", root)
    assert result.exit_code == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if " bracket read as " in line]
    assert len(lines) == 2
    tei = (root / "tei" / "wilson-118686.xml").read_text(encoding="utf-8").splitlines()
    for line in lines:
        where, _, rest = line.partition(": ")
        path, number = where.rsplit(":", 1)
        assert path == "tei/wilson-118686.xml"
        assert 'cert="low"' in tei[int(number) - 1]
    assert lines[0].endswith("bracket read as supplied: …The Premier] talked about the treaty.…")
    assert "Asian Affairs Bureau [Ministry of Foreign Affairs, Japan] wrote to us." in lines[1]


def test_review_of_files_as_json(tmp_path):
    root = edition(tmp_path)
    result = run("review", root / "tei" / "wilson-118686.xml", "--format", "json")
    assert result.exit_code == 0
    items = json.loads(result.stdout)
    assert [(i["reading"], i["words"]) for i in items if i["kind"] == "bracket"] == [
        ("supplied", "The Premier]"), ("supplied", "[Ministry of Foreign Affairs, Japan]")]


def test_review_page_is_grouped_filterable_and_hidden_from_robots(tmp_path):
    root = edition(tmp_path)
    result = run("review", "--edition", root, "--html")
    assert result.exit_code == 0
    page = (root / "build" / "html" / "review.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert page.count('<tbody data-document="tei/wilson-118686.xml">') == 1
    assert page.count('data-reading="supplied"') == 2
    assert 'id="filter"' in page and 'id="reading"' in page
    assert '<a href="documents/wilson-118686.html">' in page


def test_build_writes_the_page_and_reports_the_count(tmp_path):
    root = edition(tmp_path)
    outcome = run_build(Edition.open(root), BuildOptions(stages=("convert", "review"), jobs=1, quiet=True),
                        console=make_console())
    assert outcome.exit_code == 0
    note = next(r.note for r in outcome.reports if r.name == "review")
    assert note == "4 decisions of low certainty in 1 documents, 2 of them proposed names (teikit review)"
    assert (root / "build" / "html" / "review.html").exists()


def test_a_collector_adds_its_decisions(tmp_path):
    root = edition(tmp_path)

    def proposals(document, tree):
        for name in tree.iter("{http://www.tei-c.org/ns/1.0}persName"):
            if name.get("ref") == "per:s-y-dao":
                yield review.ReviewItem(document, name.sourceline, "name", "proposed person", name.text or "", "", "")

    review.register_collector(b"per:s-y-dao", proposals)
    try:
        items = review.collect(root / "tei" / "wilson-118686.xml", "x.xml")
    finally:
        review.COLLECTORS.pop()
    assert [i.kind for i in items if i.reading == "proposed person"] == ["name"]


def test_a_document_without_uncertain_readings_is_not_parsed(tmp_path):
    clean = tmp_path / "clean.xml"
    clean.write_text("<not-even-xml", encoding="utf-8")
    assert review.collect(clean) == []


def test_each_unreadable_file_is_one_located_line_and_exit_1(tmp_path):
    broken = tmp_path / "broken.xml"
    # Each holds the marker of a low-certainty reading, so review has to read it.
    broken.write_text('<TEI>\n<text cert="low">\n</TEI>\n', encoding="utf-8")
    doctype = tmp_path / "doctype.xml"
    doctype.write_text('<!DOCTYPE TEI SYSTEM "file:///etc/passwd">\n<TEI cert="low"/>\n', encoding="utf-8")
    result = run("review", broken, doctype)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any(line.startswith(f"{broken}:3:") and "error[X001]" in line for line in lines), lines
    assert any(line.startswith(f"{doctype}:") and "error[X002]" in line for line in lines), lines


def test_review_lists_each_proposed_person_once_per_document_with_context(tmp_path):
    root = edition(tmp_path)
    result = run("review", "--edition", root)
    proposed = [line for line in result.stdout.splitlines() if " name read as proposed person " in line]
    persons = (root / "tei" / "persons.xml").read_text(encoding="utf-8")
    refs = [line.split(" name read as proposed person ", 1)[1].split(":", 2)[:2] for line in proposed]
    assert proposed and len({tuple(r) for r in refs}) == len(refs)
    for prefix, ident in refs:
        assert prefix == "per" and f'xml:id="{ident}" cert="low"' in persons
    assert any("S.Y. Dao" in line or "Tao Shengyang" in line for line in proposed)
