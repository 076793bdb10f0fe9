"""Names in running text: persons, organisations and places linked to the registers.

A name form is matched whole and longest first ("Kim Il Sung" before "Kim Il"); a short
form ("Kim") is resolved by the document: its "hereafter referred to as" aliases first, then
the most recently mentioned entry that has the form. An unknown name after a personal title
("Cde. Chivu Stoica", "Chief Nam Chun-hwa") is proposed to the persons register.
"""

from __future__ import annotations

import re

from .context import Context
from ..registers import norm_form
from .inline import Skeleton, Span, sub

_NAME_TAG = {"person": "persName", "org": "orgName", "place": "placeName"}
_TOKEN = re.compile(r"[^\W\d_]\w*(?:['’\-]\w+)*")
# The gap between two words of a name and the next word, in one match.
_NEXT_TOKEN = re.compile(r"(?: |\n|\. |\.\n|['’] |['’]\n|\.)(?P<token>" + _TOKEN.pattern + ")")
# A capitalised word; the character before it is checked in Python (a leading lookbehind
# would stop the regex engine from skipping ahead to the next capital letter).
_CAPITAL = re.compile(r"[A-Z]\w*(?:['’\-]\w+)*")
_WORD_CHARS = frozenset("'’-_")
_POSSESSIVE = ("'s", "’s")
_CONNECTORS = frozenset("of the and for on in de du van von der bin al la le".split())
TITLES = ("Cde.", "Comrade", "Chairman", "Vice Chairman", "Premier", "Vice Premier", "Ambassador",
          "Director", "Chief", "President", "Vice President", "Minister", "Vice Minister",
          "Prime Minister", "Mr.", "Mrs.", "Ms.", "Dr.", "Marshal", "Chancellor", "Secretary",
          "Foreign Minister", "Deputy", "Counselor", "Consul", "Governor", "Senator", "Chargé")
_TITLE_WORDS = frozenset(w.rstrip(".") for t in TITLES for w in t.split())
_STOP = frozenset("The A An This That These Those He She It We They I You Our Their His Her Its "
                  "Party Government State Side Committee Bureau Department Ministry Embassy".split())
_TITLE_BEFORE = re.compile(r"(?:" + "|".join(re.escape(t) for t in TITLES) + r") $")
_TITLED = re.compile(
    r"(?<![\w.])(?=[A-Z])(?:" + "|".join(re.escape(t) for t in sorted(TITLES, key=len, reverse=True)) + r")"
    r" (?P<name>[A-Z][\w]+(?:-[a-z]\w*)?(?: [A-Z][\w]+(?:-[a-z]\w*)?){0,2})(?![\w-])")


def title_free(label: str) -> str:
    """Return a label without its leading titles ("Director Fang Yi" -> "Fang Yi")."""
    words = label.split()
    while len(words) > 1 and (words[0].rstrip(".") in _TITLE_WORDS):
        words.pop(0)
    return " ".join(words)


def looks_personal(text: str) -> bool:
    """Return whether text looks like a personal name: 1-4 capitalised words, no stop words."""
    words = text.split()
    if not words or not words[0][:1].isupper():
        return False  # the common case (lower-case bracket contents), decided early
    return (len(words) <= 4 and all(w[:1].isupper() for w in words)
            and not any(w in _STOP or w.rstrip(".") in _TITLE_WORDS for w in words)
            and all(_TOKEN.fullmatch(w.rstrip(".")) for w in words))


def resolve(ctx: Context, form: str, titled: bool = False, kind: str | None = None) -> tuple[str, str] | None:
    """Return (kind, id) of the entry a form names in this document, or None when unsure."""
    if kind in (None, "person") and form in ctx.aliases:
        return "person", ctx.aliases[form]
    found = ctx.registers.candidates(form, kind)
    if not found:
        return None
    rank = found[0][0]
    best = [c for c in found if c[0] == rank]
    if rank < 2:
        if len(best) == 1:
            return best[0][1], best[0][2]
        best.sort(key=lambda c: -ctx.recent.get(c[2], 0))
        return best[0][1], best[0][2]
    # A short form: the entry mentioned most recently, or the only one when a title vouches.
    mentioned = [c for c in best if c[2] in ctx.recent]
    if mentioned:
        mentioned.sort(key=lambda c: -ctx.recent[c[2]])
        return mentioned[0][1], mentioned[0][2]
    if titled and len(best) == 1:
        return best[0][1], best[0][2]
    return None


def name_element(kind: str, ref: str):
    """Return a factory that appends the empty name element for a register pointer to a parent."""
    return lambda parent: sub(parent, _NAME_TAG[kind], ref=ref)


def _full_form(ctx: Context, form: str) -> bool:
    return form in ctx.aliases or any(rank < 2 for rank, _, _ in ctx.registers.candidates(form))


def _propose_titled(name: str, ctx: Context) -> None:
    """Propose the person named after a personal title when the registers do not know them."""
    words = name.split()
    while words and words[-1] in _STOP:
        words.pop()
    name = " ".join(words)
    if not name or not looks_personal(name):
        return
    if name.endswith(_POSSESSIVE):
        name = name[:-2]
    words = name.split()
    # "Vice Premier Kim Il Visited ...": a known name followed by a capitalised word.
    if ctx.registers.candidates(name) or any(_full_form(ctx, " ".join(words[:n]))
                                             for n in range(1, len(words) + 1)):
        return
    ctx.registers.propose("person", name)


def may_name(text: str, ctx: Context) -> bool:
    """Return whether text has a word that could open a name or a titled name."""
    firsts, aliases = ctx.registers.first_words(), ctx.aliases
    for word in _CAPITAL.findall(text):
        base = word[:-2] if word.endswith(("'s", "’s")) else word
        if base in firsts or base in aliases or base in _TITLE_WORDS:
            return True
    return False


def _opens(word: str, firsts: set[str], aliases: dict[str, str]) -> bool:
    """Return whether a word, or its possessive's base, is the first word of a known form."""
    if word in firsts or word in aliases:
        return True
    return word[-2:] in _POSSESSIVE and (word[:-2] in firsts or word[:-2] in aliases)


def find_names(skel: Skeleton, ctx: Context) -> None:
    """Add a span for every register name in the skeleton, in text order.

    An unknown name after a personal title is proposed to the register on the way, so the
    lookup that follows finds it.
    """
    text = skel.text
    index = ctx.registers.index()
    widest = ctx.registers.widest()
    aliases = ctx.aliases
    firsts = ctx.registers.first_words()
    existing = [(span.start, span.end) for span in skel.spans]
    pos = 0
    for match in _CAPITAL.finditer(text):
        word = match.group()
        title = word in _TITLE_WORDS
        # Most capitalised words open no name: reject them before anything else.
        if not title and word not in firsts and not _opens(word, firsts, aliases):
            continue
        start = match.start()
        if start < pos or start and (text[start - 1].isalnum() or text[start - 1] in _WORD_CHARS):
            continue
        if title:
            titled_name = _TITLED.match(text, start)
            if titled_name:
                _propose_titled(titled_name.group("name"), ctx)
                widest = ctx.registers.widest()
            if not _opens(word, firsts, aliases):
                continue
        ends = [match.end()]
        while len(ends) < widest:
            found = _NEXT_TOKEN.match(text, ends[-1])
            # Names continue over capitalised words and a few connectors only.
            if found is None:
                break
            token = found.group("token")
            if not (token[0].isupper() or token in _CONNECTORS):
                break
            ends.append(found.end())
        hit = None
        for end in reversed(ends):
            form = norm_form(text[start:end])
            if form.endswith("'s") and form not in index and form not in aliases:
                form, end = form[:-2], end - 2
            if form in index or form in aliases:
                short = form not in aliases and index[form][0][0] == 2
                titled = short and _TITLE_BEFORE.search(text, max(0, start - 16), start) is not None
                found = resolve(ctx, form, titled)
                if found is not None and not (existing and any(a < end and start < b for a, b in existing)):
                    hit = (end, found)
                    break
        if hit is None:
            continue
        end, (kind, ident) = hit
        ref = ctx.cite(kind, ident)
        # Names found here never cross each other (left to right) nor the spans checked above.
        skel.spans.append(Span(start, end, name_element(kind, ref), ref))
        pos = end
