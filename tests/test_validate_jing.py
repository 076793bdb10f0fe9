"""`teikit validate --schema tei_all` gives jing's verdicts, with its first error on jing's line, on real TEI.

Every file of ../shared/corpora/ (the other projects' TEI, every FRUS volume), the
repository's own documents and validation cases, and mutants of valid documents (one
general mistake each: tests/validate_corpus.py). Skips without jing or ../shared/.
"""

from __future__ import annotations

import shutil

import pytest

from conftest import ROOT, TEI_ALL, shared_path
from validate_corpus import comparable, compare, jing_verdicts, make_mutants, teikit_verdicts

FOREIGN_BASES = ["dta-soldatenbriefe-letter-001.xml", "dracor-rus-gogol-lakeiskaja.xml",
                 "teipublisher-kbga-sermon-27003.xml", "teic-simple-testsimple2-eebo-ballad.xml"]
FRUS_PARTS = 4


def assert_agree_with_jing(files) -> None:
    if shutil.which("jing") is None:
        pytest.skip("jing is not installed")
    files = comparable(files)
    result = compare(teikit_verdicts(TEI_ALL, files), jing_verdicts(TEI_ALL, files))
    assert not result.false_valid and not result.false_invalid, result.summary()
    assert not result.other_first_line, result.other_first_line[:5]
    # One fault, one error: never more errors than jing (jing repeats some faults).
    assert result.teikit_errors <= result.jing_errors, result.summary()


def test_the_repositorys_documents_and_their_mutants(tmp_path):
    documents = sorted((ROOT / "tei").glob("*.xml"))
    mutants = make_mutants([ROOT / "tei" / "wilson-116548.xml"], tmp_path / "mutants")
    cases = sorted((ROOT / "tests" / "cases" / "validate").rglob("*.xml"))
    assert len(mutants) >= 20
    assert_agree_with_jing(documents + cases + mutants)


def test_other_projects_tei_and_its_mutants(tmp_path):
    folder = shared_path("corpora", "tei-foreign")
    mutants = make_mutants([folder / name for name in FOREIGN_BASES], tmp_path / "mutants")
    assert len(mutants) >= 80
    assert_agree_with_jing(sorted(folder.glob("*.xml")) + mutants)


@pytest.mark.slow
@pytest.mark.parametrize("part", range(FRUS_PARTS))
def test_frus_volumes(part):
    volumes = sorted(shared_path("corpora", "frus").glob("*.xml"))
    assert len(volumes) >= FRUS_PARTS
    assert_agree_with_jing(volumes[part::FRUS_PARTS])
