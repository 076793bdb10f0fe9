"""bench/gen_records.py: deterministic from its seed, and every generated record converts cleanly."""

from __future__ import annotations

import sys

from conftest import ROOT
from teikit.convert import convert_record
from teikit.registers import Registers

sys.path.insert(0, str(ROOT / "bench"))

from gen_records import generate  # noqa: E402


def test_same_seed_same_records(tmp_path):
    first = generate(12, tmp_path / "a", seed=3)
    second = generate(12, tmp_path / "b", seed=3)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    other = generate(12, tmp_path / "c", seed=4)
    assert [p.read_bytes() for p in first] != [p.read_bytes() for p in other]


def test_generated_records_convert_without_errors(tmp_path):
    base = Registers.load(None)
    ids = set()
    for path in generate(40, tmp_path, seed=0):
        result = convert_record(path, base.copy())
        assert result.ok and not [d for d in result.diagnostics if d.level.value == "error"], path.name
        ids.add(result.doc_id)
    assert len(ids) == 40


def test_generated_records_build_into_a_valid_edition(tmp_path):
    from teikit.build import BuildOptions, run_build
    from teikit.build.progress import make_console
    from teikit.edition import Edition

    generate(60, tmp_path / "records", seed=1)
    outcome = run_build(Edition.open(tmp_path), BuildOptions(stages=("convert", "validate"), jobs=1, quiet=True),
                        console=make_console())
    errors = [d.format() for d in outcome.diagnostics if d.level.value == "error"]
    assert errors == [] and outcome.exit_code == 0
