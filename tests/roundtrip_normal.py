"""The normaliser of the text round trip: what may differ between a record and `teikit text`.

Whitespace, Markdown decoration (emphasis, headings, escapes, <URL> brackets, footnote link
targets "(#f1)"), and the numbering of a DAFP record's notes: "1 ..." or "[1] ..." both become
"[n] ...". The archival reference keeps its place, before or after the notes.
"""

from __future__ import annotations

import re

_NOTE = re.compile(r"^_?\s*(?:\[(\d+)\]|(\d+)(?=\s))\s*(.*?)\s*_?$", re.S)
_ARCHREF = re.compile(r"^_?\s*\[N?AA ?:[^\]]*\]\s*_?$")


def _tail(text: str) -> str:
    """Write a DAFP record's notes as "[n] ...", leaving the archival reference where it is."""
    blocks = [b for b in re.split(r"\n\s*\n", text.strip("\n")) if b.strip()]
    tail = []
    below = None
    while blocks:
        last = blocks[-1].strip()
        match = _NOTE.match(last)
        number = int(match.group(1) or match.group(2)) if match and match.group(3) else None
        if _ARCHREF.match(last):
            tail.insert(0, last.strip("_ "))
        elif number is not None and (f"[{number}]" in text or below == number + 1):
            # Notes count down to 1 from the last; the first ones may have no marker.
            tail.insert(0, f"[{number}] {match.group(3)}")
            below = number
        elif last.strip("_ ") != "":
            break
        blocks.pop()
    return "\n\n".join(blocks + tail)


def normalise(text: str) -> str:
    """Return the comparable form of a record text."""
    text = re.sub(r"\[(\d+)\]\(#f\d+\)", r"[\1]", text)
    text = _tail(text)
    text = re.sub(r"\\([.\\*_\[\]()#+\-!])", r"\1", text)
    text = re.sub(r"<(https?://[^>\s]+)>", r"\1", text)
    text = re.sub(r"[*_#]", "", text)
    return re.sub(r"\s+", "", text)
