"""Where a place's name in running text is a mention of the place, and where it is a word of another name."""

from __future__ import annotations

import re

from .. import gazetteer
from ..naming import is_title_word, title_at_end
from .english import words_at_least

# The word after a place's name; the capitalised word (and "of") before it; a particle of a person's name.
_NEXT = re.compile(r" (?P<word>[\w'’-]+)")
_PREVIOUS = re.compile(r"([A-Z][\w'’-]*)( of)? \Z")
# "St. Petersburg", "Ft. Worth": an abbreviated word of the name.
_ABBREVIATED = re.compile(r"(?:^|[\s(])[A-Z][a-z]{0,2}\. \Z")
_SENTENCE_START = re.compile(r"(?:\A\s*|[.!?:;\n(\"“]\s*)\Z")
_WORD = re.compile(r"[\w'’]+")
# "the United States of Indonesia", "Foreign Relations of the United States of America": a longer name.
_OF_NAME = re.compile(r" of (?:the )?[A-Z]")
_WORD_BEFORE = re.compile(r"[\w'’]+\Z")
_LAST_WORD = re.compile(r"(\S+) \Z")
_PARTICLES = frozenset("de du da di del della van von der den ter le la al el ibn bin".split())
# A capitalised word before a place's name that is not part of another name: a sentence's first word.
_GRAMMAR = frozenset("in at from to of for near via and or but with by on the a this that as if when while "
                     "since during after before between into towards toward outside inside both".split())
# Words that make a new name of a place's ("South Australia", "West Germany", "Greater London").
_COMPASS = frozenset("North South East West Northern Southern Eastern Western Central Upper Lower Greater "
                     "New Old Mainland Communist Nationalist Free Red Soviet Imperial Occupied Metropolitan".split())
# The institutions of a state: "the United States Government", "the Government of India", "the
# Republic of Korea", "the Moscow Conference" name the place; "the Canberra Times", "the Bank of
# England", "the University of Sydney" are names of their own.
STATE_WORDS = frozenset(
    "Government Governments Embassy Legation Consulate Delegation Delegations Mission Army Navy Forces Force "
    "Cabinet Parliament Congress Ministry Department Republic Commonwealth Kingdom Empire Administration "
    "Authorities Authority Treasury Senate Assembly Council Conference Talks Agreement Treaty Declaration "
    "Protocol Communique Communiqué Press Radio Station Command Court Crown Federation Union People People's "
    "Peoples Dominion Colony Protectorate Territory Territories Province State States Zone Region".split())


def state_word(word: str) -> bool:
    """Return whether a word names a state's institution or office ("Government", "Embassy", "Ministers")."""
    singular = word[:-1] if word.endswith("s") else word
    return (word in STATE_WORDS or is_title_word(word) or is_title_word(singular)
            or "-" in word and any(is_title_word(part) for part in word.split("-")))


def placed(text: str, start: int, end: int) -> bool:
    """Return whether a place's name at text[start:end] is a mention of the place.

    Not when a title stands before it ("Mr. Moscow", "General Santos") or a particle of a
    person's name ("de Valera"): a person; not inside another proper name: a capitalised word
    right after it ("Canberra Times", "Washington Post"), or "of" and one ("the United States
    of Indonesia"), or right before it, whole or abbreviated ("St. Petersburg", "George
    Washington", "South China Sea"; "In Paris" opens a sentence), or before it with "of" ("Bank
    of England", "University of Sydney") unless that word names a state's institution or office
    ("the United States Government", "the Moscow Conference", "the Government of India", "the
    Prime Minister of Australia"); not joined by a hyphen to a combining form ("Indo-China").
    """
    if _compound(text, start, end):
        return False
    after = _NEXT.match(text, end)
    if after is not None and not text[start:end].isupper():
        word = after.group("word")
        if word[0].isupper() and word != "I" and not state_word(word) and not word.isdigit():
            return False
    if _OF_NAME.match(text, end):
        return False
    last = _LAST_WORD.search(text, max(0, start - 40), start) if text[start - 1:start] == " " else None
    if last is None or last.group(1)[0].islower() and last.group(1) != "of":
        # (The common case, "in Paris", "to London", a line's start: no title, no name before it.)
        return last is None or last.group(1) not in _PARTICLES
    before = text[max(0, start - 40):start]
    if title_at_end(before) is not None or _ABBREVIATED.search(before):
        return False
    previous = _PREVIOUS.search(before)
    if previous is None:
        return True
    word = previous.group(1)
    if previous.group(2):
        return state_word(word)
    # "In Paris", "Before I left Australia", "Should Australia find": a sentence's first word.
    return word.lower() in _GRAMMAR or (
        word not in _COMPASS and word.lower() in words_at_least(3.0)
        and bool(_SENTENCE_START.search(before, 0, previous.start())))


def _compound(text: str, start: int, end: int) -> bool:
    """Return whether a hyphen joins the name to a combining form into another name ("Indo-China").

    Not when the other word is a name too ("Korea-Japan Treaty", "Burma-China frontier"), nor
    before a small word: a dash ("Japan-fully recognised") or an adjective made of the place
    ("Australia-based"): the place is named.
    """
    if text[end:end + 1] == "-" and text[end + 1:end + 2].isupper():
        other = _WORD.match(text, end + 1).group()
    elif start >= 2 and text[start - 1] == "-" and text[start - 2].isalpha():
        other = _WORD_BEFORE.search(text, 0, start - 1).group()
    else:
        return False
    return other.endswith("o") and not gazetteer.known(other)
