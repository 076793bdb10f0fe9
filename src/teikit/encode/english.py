"""Whether words are English, by their frequency in wordfreq's English word list (shipped in its wheel).

A bracket of a translation gives words of the original language only when they are not English;
case says nothing ("[crop output]" is English, "[Chollima]" is not), so the test is the word list.
"""

from __future__ import annotations

import functools
import re

# A word this rare in English (Zipf scale: 3 is once per million words) is not taken for English.
# "taegu" (1.45), "juche" (2.08), "zhengfeng" (0) fall below; "bronx" (3.65), "celsius" (3.3) do not.
ENGLISH_ZIPF = 2.5
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Words of English grammar: one of them in a bracket makes it English whatever the rest is.
_GRAMMAR = frozenset("the a an of and or to in on at by for with from as is are was were be been "
                     "that which who this these those it its their our we they he she not".split())


@functools.lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    # Imported on first use: most documents never ask, and the import takes half a second.
    import wordfreq

    return wordfreq.get_frequency_dict("en", wordlist="large")


@functools.lru_cache(maxsize=8192)
def is_english(word: str) -> bool:
    """Return whether a word (any case) is common enough in English to be English."""
    word = word.lower().replace("’", "'")
    frequency = _frequencies().get(word)
    if frequency is None and "-" in word:
        return all(is_english(part) for part in word.split("-") if part)
    if frequency is None and word.endswith(("'s", "s'")):
        return is_english(word[:-2] if word.endswith("'s") else word[:-1])
    # zipf = log10(frequency per billion words) = log10(frequency) + 9
    return frequency is not None and frequency >= 10 ** (ENGLISH_ZIPF - 9)


def foreign_words(text: str) -> bool:
    """Return whether text is words of another language: most of its words are not English."""
    words = _WORD.findall(text)
    if not words or any(w.lower() in _GRAMMAR for w in words):
        return False
    long_words = [w for w in words if len(w) > 1] or words
    strange = sum(not is_english(w) for w in long_words)
    # One or two words: half of them strange is enough ("[Tao Shengyang]"); more: most of them.
    return strange * 2 >= len(long_words) if len(long_words) <= 2 else strange * 2 > len(long_words)
