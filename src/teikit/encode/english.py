"""Whether words are English, by their frequency in wordfreq's English word list (shipped in its wheel).

A bracket of a translation gives words of the original language only when they are not English;
case says nothing ("[crop output]" is English, "[Chollima]" is not), so the test is the word list.
"""

from __future__ import annotations

import functools
import gzip
import importlib.util
import re
from pathlib import Path

# A word this rare in English (Zipf scale: 3 is once per million words) is not taken for English.
# "taegu" (1.45), "juche" (2.08), "zhengfeng" (0) fall below; "bronx" (3.65), "celsius" (3.3) do not.
ENGLISH_ZIPF = 2.5
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Words of English grammar: one of them in a bracket makes it English whatever the rest is.
_GRAMMAR = frozenset("the a an of and or to in on at by for with from as is are was were be been "
                     "that which who this these those it its their our we they he she not".split())


@functools.lru_cache(maxsize=1)
def _buckets() -> list[list[str]]:
    """wordfreq's large English list, as buckets of words by frequency (`wordfreq.get_frequency_list`).

    Read from wordfreq's data file directly when it is where wordfreq keeps it: importing wordfreq
    (and langcodes, which it imports) costs each worker process half a second or more.
    """
    spec = importlib.util.find_spec("wordfreq")
    path = Path(spec.origin).parent / "data" / "large_en.msgpack.gz" if spec and spec.origin else None
    if path is not None and path.is_file():
        import msgpack

        with gzip.open(path, "rb") as handle:
            data = msgpack.load(handle, raw=False)
        header = data[0] if data else None
        # The header wordfreq's own reader checks: another format is read by wordfreq itself.
        if isinstance(header, dict) and header.get("format") == "cB" and header.get("version") == 1:
            return data[1:]
    import wordfreq

    return wordfreq.get_frequency_list("en", wordlist="large")


@functools.lru_cache(maxsize=1)
def _listed_compounds() -> frozenset[str]:
    """The listed words with a hyphen or an apostrophe (whatever their frequency): these are not split up."""
    return frozenset(word for bucket in _buckets() for word in bucket if "-" in word or "'" in word)


@functools.lru_cache(maxsize=8192)
def is_english(word: str) -> bool:
    """Return whether a word (any case) is common enough in English to be English."""
    word = word.lower().replace("’", "'")
    if word in words_at_least(ENGLISH_ZIPF):
        return True
    # A word the list lacks may be a compound or a possessive of English words.
    if "-" in word and word not in _listed_compounds():
        return all(is_english(part) for part in word.split("-") if part)
    if word.endswith(("'s", "s'")) and word not in _listed_compounds():
        return is_english(word[:-2] if word.endswith("'s") else word[:-1])
    return False


def foreign_words(text: str) -> bool:
    """Return whether text is words of another language: most of its words are not English."""
    words = _WORD.findall(text)
    if not words or any(w.lower() in _GRAMMAR for w in words):
        return False
    long_words = [w for w in words if len(w) > 1] or words
    strange = sum(not is_english(w) for w in long_words)
    # One or two words: half of them strange is enough ("[Tao Shengyang]"); more: most of them.
    return strange * 2 >= len(long_words) if len(long_words) <= 2 else strange * 2 > len(long_words)


@functools.lru_cache(maxsize=4)
def words_at_least(zipf: float) -> frozenset[str]:
    """The listed words (lower case) of at least this Zipf frequency (4.5: "felt", "said"; not "il", "kuan").

    A word listed twice counts at its lower frequency, as in wordfreq.
    """
    # wordfreq's lists hold each word in the bucket of its frequency in centibels: bucket i is
    # 10 ** (-i / 100), so a word of this Zipf frequency or more stands in a bucket up to this one.
    last = round(100 * (9 - zipf))
    buckets = _buckets()
    return frozenset(set().union(*buckets[:last + 1]).difference(*buckets[last + 1:]))
