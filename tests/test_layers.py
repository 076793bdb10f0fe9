"""The house of docs/architecture.md: each package of src/teikit imports only what its row of the table names."""

from __future__ import annotations

import ast
import re

import pytest
from conftest import ROOT

PACKAGE = ROOT / "src" / "teikit"


def allowed() -> dict[str, set[str]]:
    """Read docs/architecture.md's table: package -> the packages it may import."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d) \| `([\w_]+)` \| [^|]+ \| ([^|]+) \|$", text, re.M)
    foundations = {name for floor, name, _ in rows if floor == "0"}
    table = {}
    for _, name, names in rows:
        may = set() if names.strip() == "nothing" else {n.strip() for n in names.split(",")}
        table[name] = (may - {"foundations"}) | (foundations if "foundations" in may else set())
    return table


def imports() -> dict[str, dict[str, str]]:
    """Return, per top-level package, the teikit packages its modules import (with one place each)."""
    found: dict[str, dict[str, str]] = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        package_parts = parts[:-1]
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if not parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package_parts[:len(package_parts) - node.level + 1]
                targets = [base + node.module.split(".")] if node.module else [base + [a.name] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("teikit"):
                rest = node.module.split(".")[1:]
                targets = [rest] if rest else [[a.name] for a in node.names]
            elif isinstance(node, ast.Import):
                targets = [a.name.split(".")[1:] for a in node.names if a.name.startswith("teikit.")]
            for target in targets:
                if target and target[0] not in (parts[0], "__version__"):
                    found.setdefault(parts[0], {}).setdefault(target[0], f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_package_is_in_the_table():
    table = allowed()
    packages = {p.stem if p.is_file() else p.name for p in PACKAGE.iterdir()
                if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").is_file()}
    assert packages == set(table), f"missing: {packages - set(table)}; gone: {set(table) - packages}"


def test_imports_only_point_where_the_table_allows():
    table = allowed()
    wrong = {f"{package} -> {target} ({where})" for package, targets in imports().items()
             for target, where in targets.items() if target not in table.get(package, set())}
    assert not wrong, sorted(wrong)


def test_the_scan_sees_imports():
    # A scan that found nothing would pass vacuously.
    assert {"tei", "diagnostics"} <= set(imports()["render"])


@pytest.mark.parametrize("library", ["render", "validate", "exchange", "encode", "readers", "registers", "convert"])
def test_libraries_do_not_know_the_build(library):
    # Issue 16.2: the stages sit on the libraries, never the other way round.
    assert not {"pipeline", "stages", "build"} & set(imports().get(library, {}))


def test_commands_start_no_workers_of_their_own():
    # Issue 16.1: one executor layer (build/executors.py); a command plans tasks and hands them to the engine.
    for path in sorted((PACKAGE / "commands").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not [n for n in names if n.split(".")[0] in ("multiprocessing", "concurrent")], path.name


# What starts worker processes; only the one executor layer may import it.
PROCESS_MODULES = ("multiprocessing", "concurrent.futures", "distributed", "dask")


def test_only_the_executor_layer_starts_worker_processes():
    starters = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            if any(name == module or name.startswith(module + ".") for name in names for module in PROCESS_MODULES):
                starters.append(path.relative_to(PACKAGE).as_posix())
    assert sorted(set(starters)) == ["build/executors.py"]
