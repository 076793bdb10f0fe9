"""The count of proposed register entries in the closing summaries of `teikit convert` and `teikit build`."""

from __future__ import annotations

import shutil
from collections import Counter

from click.testing import CliRunner
from lxml import etree

from conftest import ROOT
from teikit.build import BuildOptions, run_build
from teikit.build.progress import make_console
from teikit.cli import main
from teikit.edition import Edition
from teikit.stages.convert import proposals_note

SAMPLES = ROOT / "records"


def proposed_persons(tei_dir) -> int:
    root = etree.parse(str(tei_dir / "persons.xml")).getroot()
    return len(root.xpath("//*[local-name() = 'person'][@cert = 'low']"))


def test_the_convert_summary_counts_the_new_persons_proposed(tmp_path):
    out = tmp_path / "tei"
    result = CliRunner().invoke(main, ["convert", str(SAMPLES), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    count = proposed_persons(out)
    assert count > 0
    assert f"{count} new persons" in result.stdout and "proposed" in result.stdout
    # A second conversion into the same registers proposes nothing new.
    again = CliRunner().invoke(main, ["convert", str(SAMPLES), "-o", str(out)])
    assert "new person" not in again.stdout


def test_the_build_report_notes_the_new_persons_proposed(tmp_path):
    shutil.copytree(SAMPLES, tmp_path / "records")
    (tmp_path / "edition.toml").write_text('[edition]\ntitle = "t"\n', encoding="utf-8")
    outcome = run_build(Edition.open(tmp_path), BuildOptions(stages=("convert",), jobs=1, quiet=True),
                        console=make_console())
    [report] = outcome.reports
    assert report.note.startswith(f"{proposed_persons(tmp_path / 'tei')} new persons")


def test_the_note_names_each_kind_in_the_singular_or_plural():
    assert proposals_note(Counter()) == ""
    note = proposals_note(Counter(person=1, place=2))
    assert note.startswith("1 new person, 2 new places proposed")
