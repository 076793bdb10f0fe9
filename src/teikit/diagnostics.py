"""Diagnostics with a location, and the text, JSON and JUnit reports built from them."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import Enum

from lxml import etree


class Level(str, Enum):
    """Severity of a diagnostic, in increasing order of gravity."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """Return a number that orders levels (info < warning < error)."""
        return {"info": 0, "warning": 1, "error": 2}[self.value]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in one file, at a line and column where there is one."""

    path: str
    line: int = 0
    col: int = 0
    level: Level = field(default=Level.ERROR, compare=False)
    code: str = ""
    message: str = ""

    def format(self) -> str:
        """Return the one-line form path:line:col: level[CODE]: message."""
        where = self.path
        if self.line:
            where += f":{self.line}:{self.col or 1}"
        code = f"[{self.code}]" if self.code else ""
        return f"{where}: {self.level.value}{code}: {self.message}"

    def to_dict(self) -> dict:
        """Return a JSON-ready dictionary."""
        data = asdict(self)
        data["level"] = self.level.value
        return data


def error(path, code: str, message: str, line: int = 0, col: int = 0) -> Diagnostic:
    """Build an error diagnostic."""
    return Diagnostic(str(path), line or 0, col or 0, Level.ERROR, code, message)


def warning(path, code: str, message: str, line: int = 0, col: int = 0) -> Diagnostic:
    """Build a warning diagnostic."""
    return Diagnostic(str(path), line or 0, col or 0, Level.WARNING, code, message)


def summary_counts(diagnostics) -> dict[str, int]:
    """Count diagnostics by level."""
    counts = {"error": 0, "warning": 0, "info": 0}
    for diag in diagnostics:
        counts[diag.level.value] += 1
    return counts


def render_text(diagnostics, files: int) -> str:
    """Render diagnostics one per line followed by a closing summary line."""
    lines = [d.format() for d in diagnostics]
    counts = summary_counts(diagnostics)
    lines.append(f"{files} file{'s' if files != 1 else ''} checked: {counts['error']} errors, {counts['warning']} warnings")
    return "\n".join(lines) + "\n"


def render_json(diagnostics, files: int) -> str:
    """Render diagnostics and a summary as one JSON document."""
    counts = summary_counts(diagnostics)
    payload = {"files": files, "errors": counts["error"], "warnings": counts["warning"],
               "diagnostics": [d.to_dict() for d in diagnostics]}
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def render_junit(diagnostics, paths) -> str:
    """Render a JUnit XML report: one test case per file, failures for its errors and warnings."""
    by_path: dict[str, list[Diagnostic]] = {str(p): [] for p in paths}
    for diag in diagnostics:
        by_path.setdefault(diag.path, []).append(diag)
    suite = etree.Element("testsuite", name="teikit validate", tests=str(len(by_path)),
                          failures=str(sum(1 for ds in by_path.values() if ds)), errors="0")
    for path, diags in by_path.items():
        case = etree.SubElement(suite, "testcase", classname="teikit.validate", name=path)
        for diag in diags:
            failure = etree.SubElement(case, "failure", type=diag.code or diag.level.value,
                                       message=diag.message)
            failure.text = diag.format()
    suites = etree.Element("testsuites")
    suites.append(suite)
    return etree.tostring(suites, encoding="unicode", pretty_print=True)
