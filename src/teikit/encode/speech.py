"""Speech: speaker turns of minutes, interjections inside turns, quoted speech in reports.

"Kim Il Sung (hereafter referred as Kim): ..." opens a turn and makes "Kim" an alias of the
person for the rest of the document; "Kim (laughing): ..." is a turn with a stage direction;
labelled lines such as "Location:" or "Recorder:" are not turns. "(Hao says: ...)" is an
interjection; a quotation is attributed when a speech verb or the paragraph names its speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .context import Context
from .inline import Skeleton, sub
from .names import looks_personal, named_in_full, resolve, title_free

_TURN = re.compile(r"^(?P<label>[A-Z][^:()\n\[\]\"“]{0,60}?)(?: \((?P<paren>[^()\n]*)\))?:[ \t]+(?=\S)")
_HEREAFTER = re.compile(r"hereafter(?: referred)?(?: to)? as (?P<short>[A-Z][\w'’-]*)")
NON_TURN = ("location", "place", "time", "date", "recorder", "record", "personnel", "participants",
            "present", "also present", "attendees", "summary", "subject", "note", "notes", "from",
            "to", "copy", "copies", "cc", "re", "ref", "reference", "distribution", "enclosure",
            "attachment", "translator", "interpreter", "source", "greetings", "agenda", "item")
_INTERJECTION = re.compile(
    r"\((?:Comrade |Cde\. )?(?P<name>[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,3}) "
    r"(?:says|said|cuts in|interjects|interrupts|adds|added|asks|asked|notes|remarks)\s*[:,]\s[^()]*\)")
_QUOTE = re.compile(r"\"[^\"]*\"|“[^”]*”")
_VERB = re.compile(r"\b(?:said|says|say|replied|replies|stated|states|added|adds|told|asked|asks|remarked|"
                   r"declared|noted|continued|answered|responded|emphasized|stressed|explained|"
                   r"discussed|commented|reported|proposed|suggested)\b")
_ADJACENT = re.compile(r"^(?:[\s,:]|that|to this|to him|to me|to us|once again|again|as follows|also)*$")
_INTRO = re.compile(r"(?:said|says|stated|reported|the following|as follows|below)\s*:\s*$")
_LEAD = re.compile(r"[\s,]+(?:[a-z]+\s+){0,2}?" + _VERB.pattern)
_PRONOUN = re.compile(r"\b(?:he|she)\s+(?:\w+\s+){0,2}$", re.I)
_JOINER = re.compile(r"[\s;,]*(?:and)?[\s;,]*")


@dataclass
class Turn:
    """A speaker turn at the start of a block."""

    who: str | None  # None: several persons fit the label as well (marked for review)
    label: str
    paren: str
    hereafter: bool
    rest: int
    others: frozenset = frozenset()


def parse_turn(text: str, ctx: Context) -> Turn | None:
    """Return the turn that opens text, or None for ordinary or labelled non-turn paragraphs."""
    match = _TURN.match(text)
    if match is None:
        return None
    label, paren = match.group("label").strip(), match.group("paren") or ""
    lowered = label.lower()
    if lowered.startswith(NON_TURN) and lowered.split()[0] in NON_TURN or len(label.split()) > 5:
        return None
    name = title_free(label)
    hereafter = _HEREAFTER.search(paren)
    if hereafter:
        short = hereafter.group("short")
        found = resolve(ctx, name, True, "person")
        if found is None:
            if not looks_personal(name):
                return None
            ident = ctx.registers.propose("person", name, forms=(("short", short),))
        else:
            ident = found[1]
            ctx.registers.propose("person", ctx.registers.get("person", ident).main, forms=(("short", short),))
        ctx.aliases[short] = ident
    else:
        if name in ctx.aliases:
            ident = ctx.aliases[name]
        else:
            # "Kim: ... Vice Premier Kim Il has been there.": whom the speaker names is someone else.
            others = named_in_full(ctx, text[match.end():])
            unresolved = len(ctx.unresolved)
            found = resolve(ctx, name, True, "person", others=others)
            if found is None:
                if len(ctx.unresolved) > unresolved and others & {c[2] for c in ctx.registers.candidates(name)}:
                    # A speaker all the same, whom the editors must name.
                    return Turn(None, label, paren, False, match.end(), others)
                return None
            ident = found[1]
    ctx.cite("person", ident)
    ctx.speaker(ident)
    return Turn(ident, label, paren, bool(hereafter), match.end())


def find_speech(skel: Skeleton, ctx: Context, last_person: str | None) -> None:
    """Add said spans for interjections and attributable quotations in the skeleton."""
    text = skel.text
    for match in _INTERJECTION.finditer(text):
        who = _who(ctx, match.group("name"))
        if who and skel.add(match.start(), match.end(), _said(who), "said"):
            ctx.speaker(who)
    persons = sorted((s.start, s.end, s.ref) for s in skel.spans if s.ref.startswith("per:"))
    prev_end, prev_who = 0, None
    whole = None
    for match in _QUOTE.finditer(text):
        start, end = match.span()
        window = text[prev_end:start]
        who = None
        if prev_who and _JOINER.fullmatch(window):
            who = prev_who
        else:
            who = _verb_speaker(text, window, prev_end, persons, last_person)
            if who is None and not text[:start].strip() and not text[end:].strip(" .\n"):
                who = ctx.quote_speaker
                whole = who
        if who and skel.add(start, end, _said(who), "said"):
            ctx.speaker(who)
            prev_end, prev_who = end, who
        else:
            prev_end, prev_who = end, None
    tail = max(0, len(text) - 80)
    intro = _INTRO.search(text, tail)
    if intro:
        before = [p for p in persons if p[1] <= intro.start()]
        ctx.quote_speaker = before[-1][2].split(":", 1)[1] if before else None
    else:
        ctx.quote_speaker = whole


def _who(ctx: Context, name: str) -> str | None:
    name = title_free(name)
    found = resolve(ctx, name, True, "person")
    if found:
        ctx.cite(*found)
        return found[1]
    if looks_personal(name):
        ident = ctx.registers.propose("person", name)
        ctx.cite("person", ident)
        return ident
    return None


def _verb_speaker(text, window, offset, persons, last_person) -> str | None:
    verbs = list(_VERB.finditer(window))
    if verbs and _ADJACENT.match(window[verbs[-1].end():]):
        verb_at = offset + verbs[-1].start()
        before = [p for p in persons if p[1] <= verb_at]
        pronoun = _PRONOUN.search(text, max(0, verb_at - 40), verb_at)
        if before and (verb_at - before[-1][1] < 40 or pronoun):
            return before[-1][2].split(":", 1)[1]
        if pronoun and last_person:
            return last_person
        return None
    # "Kim also discussed how ... "quote"": the paragraph opens with its speaker and a verb,
    # and the quotation is a sentence of its own.
    opens_sentence = not window.strip() or window.rstrip().endswith((".", ":", "!", "?"))
    if opens_sentence and persons and persons[0][0] < 20 and _LEAD.match(text, persons[0][1]):
        return persons[0][2].split(":", 1)[1]
    return None


def _said(ident: str):
    return lambda parent: sub(parent, "said", who=f"per:{ident}")
