"""Markdown emphasis in a record's text ("_prima facie_", "**not**") becomes `hi`, its marks dropped.

DAFP prints words underlined or in italics in the source (titles, foreign words, speakers'
names in minutes, stressed words) between underscores, and bold between double asterisks.
The marks are no words of the record: `hi rend="italic"` or `rend="bold"` keeps what they
said, and `teikit text` prints them back.
"""

from __future__ import annotations

import re

from .context import Context
from .inline import Skeleton, sub

# An underscore that opens ("_word") and one that closes ("word_"), never one inside a word
# ("file_name"); the run holds no blank edge and no line of its own.
# Each opens with its mark and looks behind it afterwards: a pattern that starts with a literal is
# searched for that character, one that starts with a lookbehind is tried at every position.
_ITALIC = re.compile(r"_(?<![^\W_]_)(?=[^\s_])(?P<inner>[^_\n]*?[^\s_])_(?![^\W_])")
_BOLD = re.compile(r"\*(?<!\*\*)\*(?=[^\s*])(?P<inner>[^*\n]*?[^\s*])\*\*(?!\*)")


def find_emphasis(skel: Skeleton, ctx: Context) -> None:
    """Wrap each emphasised run of a Markdown record in `hi` and cut its marks from the skeleton."""
    if not ctx.markdown or ("_" not in skel.text and "**" not in skel.text):
        return
    for pattern, rend in ((_BOLD, "bold"), (_ITALIC, "italic")):
        # From the end, so that cutting a run's marks leaves the earlier runs' offsets true.
        for found in reversed(list(pattern.finditer(skel.text))):
            start, end = found.span()
            width = (end - start - len(found.group("inner"))) // 2
            if skel.covered(start, start + width) or skel.covered(end - width, end):
                continue
            skel.cut(end - width, end)
            skel.cut(start, start + width)
            skel.add(start, end - 2 * width, lambda parent, rend=rend: sub(parent, "hi", rend=rend))
