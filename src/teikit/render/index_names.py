"""How a register entry is listed in an index: persons by surname ("Kraus, Charles", "Kim Il Sung"), others by name.

The surname is the register's own `surname` when the entry has one; else the short name the
documents use for the person ("Fang" for Fang Yi, "Puzanov" for Alexander Puzanov), when it is
the first or the last word of the name; else East Asian order (surname first) for a name whose
given name is hyphenated in lower case ("Nam Chun-hwa", "Mao Tse-tung") or whose words are all
pinyin syllables ("Zhou Enlai"); else the last word (skipping "Jr.", "III"...).
"""

from __future__ import annotations

import re
import unicodedata

_INITIAL = "(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
_FINAL = ("(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|in|un|vn|ia|ie|iu|ua|uo"
          "|ui|ue|ve|er|a|o|e|i|u|v|ü)")
_PINYIN = re.compile(rf"^(?:{_INITIAL}{_FINAL})+$", re.I)
# A given name written as hyphenated syllables, the second in lower case ("Chun-hwa", "Kai-shek").
_HYPHENATED_GIVEN = re.compile(r"^[A-Z][a-z]+-[a-z]+$")
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


def fold(text: str) -> str:
    """Return text for sorting: without accents, case folded, spaces normalised."""
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def _surname_first(tokens: list[str], shorts: list[str]) -> bool | None:
    """Return whether the surname comes first (True), last (False), or nothing says (None)."""
    folded = [fold(t) for t in tokens]
    for short in shorts:
        if short == folded[0]:
            return True
        if short == folded[-1]:
            return False
    if len(tokens) == 2 and _HYPHENATED_GIVEN.match(tokens[1]):
        return True
    if all(_PINYIN.match(t) for t in tokens):
        return True
    return None


def person_index_name(name: str, shorts: list[str] = (), surname: str = "", rest: str = "",
                      surname_leads: bool = False) -> tuple[str, str]:
    """Return (how the index lists a person, its sort key): "Kraus, Charles" / "kraus charles"; "Kim Il Sung" as is.

    `shorts` are the person's one-word short names; `surname` and `rest` come from the
    register's own surname/forename markup when it has it (`surname_leads`: written first).
    """
    if surname:
        if surname_leads or not rest:
            return name, fold(f"{surname} {rest}")
        return f"{surname}, {rest}", fold(f"{surname} {rest}")
    tokens = name.split()
    if len(tokens) < 2:
        return name, fold(name)
    first = _surname_first(tokens, [fold(s) for s in shorts if len(s.split()) == 1])
    if first:
        return name, fold(name)
    last = len(tokens) - 1
    while last > 0 and tokens[last].lower() in _SUFFIXES:
        last -= 1
    if last == 0:
        return name, fold(name)
    given = " ".join(tokens[:last] + tokens[last + 1:])
    return f"{tokens[last]}, {given}", fold(f"{tokens[last]} {given}")


def name_sort_key(name: str) -> str:
    """Return the sort key of a place or an organisation: its name folded, a leading "The" aside."""
    return fold(re.sub(r"^the\s+", "", name, flags=re.I))


def letter(sort_key: str) -> str:
    """Return the letter heading an index entry falls under ("#" for one not starting with a letter A-Z)."""
    head = sort_key[:1].upper()
    return head if "A" <= head <= "Z" else "#"
