"""One table of diagnostic codes: every code the source can report is in the README's table, and only those."""

from __future__ import annotations

import ast
import re

from conftest import ROOT

CODE = re.compile(r"[A-Z][0-9]{3}")
SOURCE = sorted((ROOT / "src" / "teikit").rglob("*.py"))
# Where each reporting call takes its code: error/warning(path, CODE, ...), Diagnostic(path, line, col, level, CODE,
# ...), a context's warn(CODE, ...), an import change _change(element, CODE, ...) / Change(line, CODE, ...), a
# schema fault Fault(CODE, ...); a rule's ctx.error/ctx.warning(CODE, element, ...) (a method, not diagnostics.*;
# oai.error builds an OAI-PMH protocol error, whose codes the protocol names).
CODE_ARGUMENT = {"error": 1, "warning": 1, "Diagnostic": 4, "warn": 0, "_change": 1, "Change": 1, "Fault": 0}


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _constants(node: ast.AST) -> list[ast.Constant]:
    return [n for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def source_codes() -> dict[str, list[str]]:
    """Every string in src/teikit that is a code, with where it stands."""
    found: dict[str, list[str]] = {}
    for path in SOURCE:
        for node in _constants(ast.parse(path.read_text(encoding="utf-8"))):
            if CODE.fullmatch(node.value):
                found.setdefault(node.value, []).append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def reported_literals() -> list[tuple[str, str]]:
    """Every literal passed as the code of a reporting call (or assigned to a *CODE name), with where it stands."""
    found = []
    for path in SOURCE:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            values = []
            if isinstance(node, ast.Call):
                index = CODE_ARGUMENT.get(_name(node))
                func = node.func
                if (_name(node) in ("error", "warning") and isinstance(func, ast.Attribute)
                        and isinstance(func.value, ast.Name) and func.value.id not in ("diagnostics", "oai")):
                    index = 0
                if index is not None and len(node.args) > index + 1:
                    values.append(node.args[index])
                values += [k.value for k in node.keywords if k.arg == "code"]
            elif isinstance(node, ast.Assign):
                if any(isinstance(t, ast.Name) and t.id.endswith("CODE") for t in node.targets):
                    values.append(node.value)
            elif isinstance(node, ast.FunctionDef):
                # A default code (UnsafeXMLError(..., code="X002")).
                values += [d for a, d in zip(node.args.args[::-1], node.args.defaults[::-1]) if a.arg == "code"]
            found += [(v.value, f"{path.relative_to(ROOT)}:{v.lineno}") for v in values
                      if isinstance(v, ast.Constant) and isinstance(v.value, str)]
    return found


def table_codes() -> dict[str, str]:
    """The README's table of codes: code -> meaning."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Diagnostic codes\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| ([A-Z][0-9]{3}) \| (.+) \|$", section, re.M)
    assert len(rows) == len({code for code, _ in rows}), "a code is listed twice"
    return dict(rows)


def test_every_reported_code_has_the_one_style():
    odd = [(code, where) for code, where in reported_literals() if not CODE.fullmatch(code)]
    assert not odd, f"codes not in the style of a capital letter and three digits: {odd}"


def test_the_calls_that_report_are_found():
    # The scan above must see the codes it checks; a renamed helper would make it silently vacuous.
    assert {"X001", "S102", "R201", "C101", "H002", "P010", "E201", "B003"} <= {c for c, _ in reported_literals()}


def test_every_code_of_the_source_is_in_the_table():
    missing = {code: where for code, where in source_codes().items() if code not in table_codes()}
    assert not missing, f"codes reported but not in the README's table: {missing}"


def test_every_code_of_the_table_is_reported_somewhere():
    unused = sorted(set(table_codes()) - set(source_codes()))
    assert not unused, f"codes in the README's table that nothing reports: {unused}"


def test_each_code_has_a_one_line_meaning():
    assert all(len(meaning.split()) >= 3 for meaning in table_codes().values())


def test_the_readme_has_one_table_of_codes():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    outside = text.replace(text.split("\n## Diagnostic codes\n", 1)[1].split("\n## ", 1)[0], "")
    assert not re.findall(r"^\| [A-Z][0-9]{3} \|", outside, re.M), "a code table outside 'Diagnostic codes'"
