"""Record cases (`record.md` + `expect.xpath`): their facts, their conversion and their validity."""

from __future__ import annotations

from pathlib import Path

from teikit.convert import convert_record
from teikit.registers import Registers
from teikit.tei import NSMAP, parse_bytes, write_atomic
from teikit.validate import validate_paths


def expectations(case: Path) -> list[str]:
    """The XPath facts a case states."""
    lines = (case / "expect.xpath").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def convert(case: Path):
    """Convert a case's record with the shipped seed registers; return the result."""
    result = convert_record(case / "record.md", Registers.load(None))
    assert result.ok, [d.format() for d in result.diagnostics]
    return result


def failed_facts(case: Path) -> list[str]:
    """The facts of a case (at least one) that do not hold on its converted TEI."""
    root = parse_bytes(convert(case).tei).getroot()
    facts = expectations(case)
    assert facts, f"{case.name}: no expectations"
    return [fact for fact in facts if not root.xpath(f"boolean({fact})", namespaces={"t": NSMAP["tei"]})]


def invalid_cases(cases: list[Path], folder: Path) -> tuple[list[str], list[str]]:
    """Convert cases into folder with the registers they propose; the errors of the edition's schema and of TEI All."""
    files, additions = [], []
    for case in cases:
        result = convert(case)
        target = folder / f"{case.name}.xml"
        write_atomic(target, result.tei)
        files.append(str(target))
        additions += result.register_additions
    Registers.merge_into(folder, additions)
    edition = validate_paths(files, registers=str(folder))
    tei_all = validate_paths(files, schema="tei_all")
    return ([d.format() for d in edition.diagnostics if d.level.value == "error"],
            [d.format() for d in tei_all.diagnostics if d.level.value == "error"])
