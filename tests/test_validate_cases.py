"""Golden messages of the broken fixtures (one per rule, schema constraint class and bad input)."""

from __future__ import annotations

from pathlib import Path

import pytest

from golden_support import check_golden
from teikit.validate import validate_paths

CASES = Path(__file__).parent / "cases" / "validate"
BROKEN = sorted(p for p in (CASES / "broken").glob("*.xml"))
VALID = sorted((CASES / "valid").glob("*.xml")) + sorted((CASES / "registers").glob("*.xml"))


def messages(path: Path) -> str:
    """Validate one fixture with the fixture registers and return its messages, paths relative."""
    report = validate_paths([path], registers=str(CASES / "registers"))
    return "".join(d.format().replace(str(CASES) + "/", "") + "\n" for d in report.diagnostics)


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_fixture_gives_exactly_its_messages(path, update_golden):
    actual = messages(path)
    assert actual, f"{path.name} is meant to be invalid"
    check_golden(actual, path.with_name(f"{path.stem}_errors.txt"), update_golden)


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_fixture_is_named_after_one_code(path):
    # One phenomenon per case: every message of a fixture carries the same code.
    codes = {line.split("[", 1)[1].split("]", 1)[0] for line in messages(path).splitlines()}
    assert len(codes) == 1


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_fixture_is_clean(path):
    assert messages(path) == ""


def test_every_rule_and_schema_class_has_a_broken_fixture():
    from teikit.validate.rules import RULES
    from teikit.validate.schema import SCHEMA_CODES

    covered = {line.split("[", 1)[1].split("]", 1)[0]
               for golden in (CASES / "broken").glob("*_errors.txt")
               for line in golden.read_text(encoding="utf-8").splitlines()}
    assert set(RULES) | set(SCHEMA_CODES) | {"X001", "X002"} <= covered


def test_every_code_is_in_the_readme_table():
    from teikit.validate.rules import RULES
    from teikit.validate.schema import SCHEMA_CODES

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    documented = {line.split("|")[1].strip() for line in readme.splitlines() if line.startswith("| ")}
    assert set(RULES) | set(SCHEMA_CODES) | {"X001", "X002", "X003", "S100"} <= documented
