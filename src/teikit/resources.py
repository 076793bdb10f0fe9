"""Locate the stylesheets, schemas and sample edition that ship with teikit."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
# In a wheel the data sits in teikit/_data; in a source checkout (editable install,
# tests) it sits at the repository's top level, two folders above this file.
_CANDIDATES = (_PACKAGE / "_data", _PACKAGE.parents[1])


def data_path(*parts: str) -> Path:
    """Return the path of a shipped data file or folder (xslt/, schema/, sample/...)."""
    for root in _CANDIDATES:
        candidate = root.joinpath(*parts)
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"teikit data file missing from the installation: {'/'.join(parts)}")


def xslt_path(*parts: str) -> Path:
    """Return the path of a stylesheet below xslt/."""
    return data_path("xslt", *parts)


def schema_path(*parts: str) -> Path:
    """Return the path of a schema file below schema/."""
    return data_path("schema", *parts)


def sample_edition() -> tuple[Path, Path]:
    """Return the sample records folder and the sample edition settings file."""
    packaged = _PACKAGE / "_data" / "sample"
    if packaged.exists():
        return packaged / "records", packaged / "edition.toml"
    root = _PACKAGE.parents[1]
    return root / "records", root / "edition.toml"
