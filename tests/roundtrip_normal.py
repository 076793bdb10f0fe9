"""The normaliser of the text round trip: what may differ between a record and `teikit text`.

Whitespace, Markdown decoration (emphasis, headings, escapes, <URL> brackets, footnote link
targets "(#f1)"), and the layout of a DAFP record's tail: its notes may be numbered "1 ..."
or "[1] ...", before or after the archival reference; all become "[n] ..." after it.
"""

from __future__ import annotations

import re

_NOTE = re.compile(r"^_?\s*(?:\[(\d+)\]|(\d+)(?=\s))\s*(.*?)\s*_?$", re.S)
_ARCHREF = re.compile(r"^_?\s*\[N?AA ?:[^\]]*\]\s*_?$")


def _tail(text: str) -> str:
    """Move a DAFP record's archival reference before its notes and write notes as "[n] ..."."""
    blocks = [b for b in re.split(r"\n\s*\n", text.strip("\n")) if b.strip()]
    notes, refs = [], []
    while blocks:
        last = blocks[-1].strip()
        if _ARCHREF.match(last):
            refs.insert(0, last.strip("_ "))
        elif (match := _NOTE.match(last)) and match.group(3) and f"[{match.group(1) or match.group(2)}]" in text:
            notes.insert(0, f"[{match.group(1) or match.group(2)}] {match.group(3)}")
        elif last.strip("_ ") == "":
            pass
        else:
            break
        blocks.pop()
    return "\n\n".join(blocks + refs + notes)


def normalise(text: str) -> str:
    """Return the comparable form of a record text."""
    text = re.sub(r"\[(\d+)\]\(#f\d+\)", r"[\1]", text)
    text = _tail(text)
    text = re.sub(r"\\([.\\*_\[\]()#+\-!])", r"\1", text)
    text = re.sub(r"<(https?://[^>\s]+)>", r"\1", text)
    text = re.sub(r"[*_#]", "", text)
    return re.sub(r"\s+", "", text)
