"""The one golden-file comparison of the suite: normalised text, rewritten by --update-goldens, missing fails."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Callable

import pytest

# The command-line flag every golden test obeys (conftest registers it; --update-golden is its old spelling).
FLAG = "--update-goldens"
_DIFF_LINES = 80


def normalise_text(data: str | bytes) -> str:
    """Return output as the text a golden file holds: UTF-8, LF line ends, exactly one final newline."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    return text.replace("\r\n", "\n").rstrip("\n") + "\n"


def check_golden(actual: str | bytes, golden: Path, update: bool,
                 normalise: Callable[[str], str] | None = None) -> None:
    """Compare output with its golden file (normalised both sides); rewrite it when updating; fail when missing."""
    text = normalise_text(actual if normalise is None else normalise(normalise_text(actual)))
    if update:
        golden.parent.mkdir(parents=True, exist_ok=True)
        # Only a changed golden is rewritten, so an update run leaves untouched files untouched.
        if not golden.exists() or golden.read_text(encoding="utf-8") != text:
            golden.write_text(text, encoding="utf-8")
        return
    if not golden.exists():
        pytest.fail(f"golden file {golden.name} is missing ({golden}): run pytest {FLAG} and check it", pytrace=False)
    expected = normalise_text(golden.read_text(encoding="utf-8"))
    if text != expected:
        diff = list(difflib.unified_diff(expected.splitlines(), text.splitlines(), "golden", "actual", lineterm=""))
        shown = "\n".join(diff[:_DIFF_LINES]) + ("\n..." if len(diff) > _DIFF_LINES else "")
        pytest.fail(f"{golden} differs from the output (pytest {FLAG} to accept):\n{shown}", pytrace=False)
