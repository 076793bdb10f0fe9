"""Square brackets of the translation: each becomes the TEI element that says what it is.

Kinds: supplied words ("[North] Korea"), sic with correction ("September [sic; November]"),
omissions ("[...]", "[ _matter omitted_ ]"), notes (i.e.-explanations, glosses,
identifications, archival references), romanization variants ("Hoeryeong [Hoeryong]"),
transliterated originals ("[s shirokim partiynym aktivom]"), physical descriptions
("[handwritten entry ...]", "[signature]") and footnote references ("[1](#f1)").
"""

from __future__ import annotations

import difflib
import functools
import re
from typing import Callable

from lxml import etree

from . import footnotes, hands
from .context import Context
from .inline import PH_CLASS, Item, Skeleton, sub
from .names import TITLES, looks_personal, name_element, resolve

_PLACEHOLDER = re.compile(PH_CLASS)
_ELLIPSIS = re.compile(r"^(?:\.\s*){2,}\.?$|^…$")
_GAP_WORDS = re.compile(r"\b(omitted|redacted|illegible|missing|deleted|excised|not declassified)\b", re.I)
_SIC = re.compile(r"^sic\b[;,:.]?\s*(?P<corr>.*)$", re.S)
_SOURCE = re.compile(r"^(?:N?AA|BArch)\s*:?\s", re.S)
_EDITORIAL = re.compile(r"^(?:i\.\s?e\.|e\.\s?g\.|viz\.|that is,|namely)", re.I)
_PHYSICAL = re.compile(r"^(?:hand-?written|handwriting|typed|typewritten|stamp|seal|signature|"
                       r"illegible|in the margin|marginal|crossed out|underlined|in an? [\w ]*stamp)", re.I)
_STAMP = re.compile(r"(?:\bin an? [\w ]*stamp|\bstamp):\s*", re.I)
_HAND = re.compile(r"^(hand-?written entry|hand-?written)\s+([^\n]+)", re.I)
_WORD_BEFORE = re.compile(r"(\S+) $")
_RUN_BEFORE = re.compile(r"((?:[A-Z][\w'’-]*)(?: [A-Z][\w'’-]*){0,4})((?:'|’)s)? $")
_NEXT_WORD = re.compile(r"^ ([A-Z][\w'’-]*)")
_ARTICLE_NAME = re.compile(r"^(?:the|a|an) [A-Z]")
_PRONOUNS = frozenset("he him his she her hers it its they them their theirs our ours we us".split())
_ROLES = frozenset("ambassador premier chairman minister director president secretary leader chief "
                   "counselor consul envoy chancellor".split())
_ENGLISH = frozenset("the a an of and or to in on for with by at from is are was were be this that "
                     "it as not but he she they we you i".split())
_TITLE_ENDS = frozenset(t.split()[-1].rstrip(".") for t in TITLES)
_FUNCTION = frozenset("and or but nor that which who to of in on at by for with from as than then "
                      "is are was were be been also into onto about after before since under".split())
_PLACE_AFTER = re.compile(r"^ (?:Province|Spa|County|City|Dam|Plant|River|Mountain|Port|Bay|Island|"
                          r"Chemical|Region|District|Station)\b")
_PERSON_AFTER = re.compile(r"^, (?:[A-Z]|the [A-Z])")
_NOT_ROMAN = re.compile(r"[^a-zá']")
_POSSESSIVE_END = re.compile(r"['’]s?$")
_DETERMINED = re.compile(r"\b(?:the|a|an|our|their|his|her|its)\s+\S+ $", re.I)
# Revised Romanization -> McCune-Reischauer-like spelling, to see that two forms are one name.
_ROMAN = [("shi", "si"), ("eo", "o"), ("eu", "u"), ("ae", "ae"), ("g", "k"), ("d", "t"), ("b", "p"),
          ("j", "ch"), ("r", "l"), ("'", ""), ("á", "a")]


@functools.lru_cache(maxsize=4096)
def _roman_key(text: str) -> str:
    """Return the spelling-neutral key of a romanized name (cached: names recur across records)."""
    key = _NOT_ROMAN.sub("", text.lower())
    for old, new in _ROMAN:
        key = key.replace(old, new)
    return key


def similar(a: str, b: str) -> bool:
    """Return whether two spellings are romanizations of one name."""
    ka, kb = _roman_key(a), _roman_key(b)
    if not ka or not kb or ka[0] != kb[0] and ka[:2] != "ch" and kb[:2] != "ch":
        return False
    if abs(len(ka) - len(kb)) > max(len(ka), len(kb)) // 3:
        return False
    if ka == kb:
        return True
    matcher = difflib.SequenceMatcher(None, ka, kb)
    # quick_ratio() bounds ratio() from above and is much cheaper.
    return matcher.quick_ratio() >= 0.8 and matcher.ratio() >= 0.8


def _plain(text: str) -> str:
    return " ".join(text.replace("_", " ").replace("*", " ").split())


def classify(skel: Skeleton, ctx: Context) -> None:
    """Decide the kind of every bracket placeholder; merge sic and romanization with their word."""
    if not skel.items:
        return
    index = 0
    while True:
        found = _PLACEHOLDER.search(skel.text, index)
        if found is None:
            return
        item = skel.item(found.group())
        if item is None or item.kind != "bracket":
            index = found.end()
            continue
        index = _classify(skel, found.start(), item, ctx) + 1


def _classify(skel: Skeleton, at: int, item: Item, ctx: Context) -> int:
    content = item.content
    plain = _plain(content)
    # Context is read from a window around the bracket, so long paragraphs stay linear.
    base = max(0, at - 100)
    before, after = skel.text[base:at], skel.text[at + 1:at + 101]
    if item.info.get("unclosed"):
        # Without its end the bracket's kind is unknowable: keep its text as supplied.
        ctx.warn("BRACKET-UNCLOSED", f"'[' is never closed: [{plain[:40]}")
        item.kind = "supplied"
        return at
    if footnotes.classify(skel, at, item, ctx, before, after):
        return at
    if _ELLIPSIS.match(plain):
        item.kind = "gap"
        return at
    if _GAP_WORDS.search(plain) and len(plain.split()) <= 14:
        item.kind, item.info["desc"] = "gap", plain
        word = _GAP_WORDS.search(plain).group(1).lower()
        # The edition schema's closed list has no "redacted": a redaction is an omission whose
        # description says so.
        item.info["reason"] = "illegible" if word == "illegible" else "omitted"
        return at
    sic = _SIC.match(plain)
    if sic:
        word = _WORD_BEFORE.search(before)
        if word and not any(0xE000 <= ord(c) <= 0xF8FF for c in word.group(1)):
            item.kind = "sic"
            item.info.update(sic=word.group(1), corr=sic.group("corr"))
            item.reading = sic.group("corr") or word.group(1)
            start = base + word.start(1)
            skel.cut(start, at)
            return start
        item.kind = "editorial"
        return at
    if hands.classify(skel, at, item, ctx):
        return at
    if _SOURCE.match(plain):
        item.kind = "source"
        return at
    if _EDITORIAL.match(plain):
        item.kind = "editorial"
        return at
    if _PHYSICAL.match(plain):
        item.kind = "signature" if plain.lower() == "signature" else "physical"
        return at
    words = plain.split()
    if len(words) >= 2 and all(w.isascii() and w.isalpha() and w.islower() for w in words) \
            and not any(w in _ENGLISH for w in words):
        item.kind = "foreign"
        return at
    merged = _romanization(skel, at, item, ctx, before, after, plain, base)
    if merged is not None:
        return merged
    return _meaning(skel, at, item, ctx, before, after, plain, base)


def _romanization(skel, at, item, ctx, before, after, plain, base) -> int | None:
    if not plain[:1].isupper():
        return None
    run = _RUN_BEFORE.search(before)
    if run is None:
        return None
    run_text, possessive = run.group(1), run.group(2) or ""
    if not possessive and run_text.endswith(("'s", "’s")):
        run_text, possessive = run_text[:-2], run_text[-2:]
    words = run_text.split()
    for n in range(min(len(words), 4), 0, -1):
        orig = " ".join(words[-n:])
        known = _same_entry(ctx, orig, plain)
        if known or (abs(len(plain.split()) - len(orig.split())) <= 2 and similar(orig, plain)):
            start = base + run.start(1) + len(run_text) - len(orig)
            kind = known[0] if known else _guess_kind(ctx, before[:start - base], after, orig)
            ident = known[1] if known else ctx.registers.propose(kind, orig, forms=(plain,))
            item.kind = "romanization"
            item.info.update(orig=orig + possessive, reg=item.content, name_kind=kind, ident=ident)
            item.reading = orig
            ctx.cite(kind, ident)
            skel.cut(start, at)
            return start
    return None


def _same_entry(ctx: Context, a: str, b: str) -> tuple[str, str] | None:
    first = {(c[1], c[2]) for c in ctx.registers.candidates(a) if c[0] < 2}
    for cand in ctx.registers.candidates(b):
        if cand[0] < 2 and (cand[1], cand[2]) in first:
            return cand[1], cand[2]
    return None


def _guess_kind(ctx: Context, before: str, after: str, orig: str) -> str:
    found = ctx.registers.candidates(orig)
    if found:
        return found[0][1]
    if _PLACE_AFTER.match(after):
        return "place"
    if any(before.endswith(t + " ") for t in TITLES) or _PERSON_AFTER.match(after):
        return "person"
    return "person" if len(orig.split()) > 1 else "place"


def _prev_token(before: str) -> str:
    r"""Return the token before a final space or newline, as `([\w'’.-]+)[ \n]$` finds it, or "".

    A backward scan: the regex search would try every position of the window.
    """
    end = len(before) - 1
    if end >= 1 and before[end] == "\n" and before[end - 1] in " \n":
        end -= 1  # "$" also matches before a final newline
    elif end < 0 or before[end] not in " \n":
        return ""
    start = end
    while start and (before[start - 1].isalnum() or before[start - 1] in "_'’.-"):
        start -= 1
    return before[start:end]


def _meaning(skel, at, item, ctx, before, after, plain, base) -> int:
    prev_word = _prev_token(before)
    at_start = not prev_word or (before.rstrip().endswith((".", ":", "!", "?", '"', "“"))
                                 and not prev_word[:1].isupper())
    bare = plain[:-2] if plain.endswith(("'s", "’s")) else plain
    # A completion inside a name: "Chairman Mao [Zedong]", "Comrade [Liu] Shaoqi", "Park [Chung-hee's]".
    if prev_word and not prev_word.endswith("."):
        whole = f"{prev_word} {bare}"
        found = resolve(ctx, whole)
        if found and ctx.registers.candidates(whole)[0][0] < 2:
            start = at - len(prev_word) - 1
            ref = ctx.cite(*found)
            skel.add(start, at + 1, name_element(found[0], ref), ref)
            item.info["in_name"] = True
            item.kind = "supplied"
            item.reading = plain
            return at
    following = _NEXT_WORD.match(after)
    if following:
        next_word = _POSSESSIVE_END.sub("", following.group(1))
        whole = f"{bare} {next_word}"
        found = resolve(ctx, whole)
        if found and ctx.registers.candidates(whole)[0][0] < 2:
            ref = ctx.cite(*found)
            skel.add(at, at + 2 + len(next_word), name_element(found[0], ref), ref)
            item.info["in_name"] = True
            item.kind = "supplied"
            item.reading = plain
            return at
    known_name = resolve(ctx, bare) is not None
    personal = looks_personal(bare)
    is_name = known_name or personal
    lower_prev = _POSSESSIVE_END.sub("", prev_word.lower())
    # "Chairman [Mao Zedong]", "Comrade Premier [Kim Il Sung]": the supplied name completes a title.
    if is_name and prev_word and prev_word.rstrip(".") in _TITLE_ENDS \
            and not _DETERMINED.search(before):
        found = _name_of(ctx, bare)
        if found:
            ref = ctx.cite(*found)
            skel.add(base + _title_start(before), at + 1, name_element(found[0], ref), ref)
            item.info["in_name"] = True
            item.kind = "supplied"
            item.reading = plain
            return at
    inside_name = bool(_NEXT_WORD.match(after))
    if (known_name or personal and len(bare.split()) >= 2) and prev_word and not at_start \
            and not inside_name and (prev_word[:1].isupper() or lower_prev in _ROLES or lower_prev in _PRONOUNS):
        if looks_personal(bare) and not ctx.registers.candidates(bare):
            ctx.registers.propose("person", bare)
        item.kind = "identification"
        return at
    if prev_word and not at_start and (
            (_ARTICLE_NAME.match(plain) and plain.split()[-1][:1].isupper() and prev_word.isalpha()
             and lower_prev not in _FUNCTION)
            or (prev_word[:1].isupper() and len(plain.split()) >= 3 and plain[:1].isupper()
                and not before.endswith(tuple(f"{w} " for w in ("the", "The"))))):
        item.kind = "gloss"
        return at
    item.kind = "supplied"
    item.reading = plain
    return at


def _name_of(ctx: Context, bare: str) -> tuple[str, str] | None:
    found = resolve(ctx, bare)
    if found is None and looks_personal(bare):
        return "person", ctx.registers.propose("person", bare)
    return found


def _title_start(before: str) -> int:
    start = len(before)
    while True:
        for title in sorted(TITLES, key=len, reverse=True):
            if before[:start].endswith(title + " "):
                start -= len(title) + 1
                break
        else:
            return start


def render(parent: etree._Element, item: Item, ctx: Context,
           fill: Callable[[etree._Element, str, tuple], None]) -> etree._Element:
    """Append the TEI element for a classified placeholder to parent; `fill` encodes inner text."""
    resp = ctx.resp
    kind = item.kind
    if kind == "pb":
        return sub(parent, "pb")
    if kind == "unopened":
        return sub(parent, "metamark", function="unmatched-bracket", rend="]")
    if kind == "gap":
        gap = sub(parent, "gap", reason=item.info.get("reason", "omitted"), resp=resp)
        if item.info.get("desc"):
            sub(gap, "desc", item.info["desc"])
        return _unclosed(gap, item)
    if kind == "sic":
        if not item.info["corr"]:
            return sub(parent, "sic", item.info["sic"])
        choice = sub(parent, "choice")
        sub(choice, "sic", item.info["sic"])
        fill(sub(choice, "corr", resp=resp), item.info["corr"], ())
        return choice
    if kind == "romanization":
        name = name_element(item.info["name_kind"], ctx.cite(item.info["name_kind"], item.info["ident"]))(parent)
        choice = sub(name, "choice")
        sub(choice, "orig", item.info["orig"])
        sub(choice, "reg", item.info["reg"], type="romanization", resp=resp)
        return name
    if kind in ("footnote", "footnote-missing"):
        return footnotes.render(parent, item, ctx, fill)
    if kind == "add":
        return hands.render(parent, item, fill)
    if kind == "foreign":
        el = sub(parent, "foreign", resp=resp)
        el.set("{http://www.w3.org/XML/1998/namespace}lang", ctx.translit)
        fill(el, item.content, item.breaks)
        return _unclosed(el, item)
    if kind in ("physical", "signature"):
        note = sub(parent, "note", type="physical", resp=resp)
        if kind == "signature":
            note.set("subtype", "signature")
        _physical(note, item, fill)
        return _unclosed(note, item)
    if kind == "supplied":
        el = sub(parent, "supplied", reason="clarification", resp=resp)
    elif kind == "source":
        el = sub(parent, "note", type="source")
    else:
        el = sub(parent, "note", type=kind, resp=resp)
    fill(el, item.content, item.breaks)
    return _unclosed(el, item)


def _unclosed(el, item):
    if item.info.get("unclosed"):
        el.set("rend", "unclosed")
    return el


def _physical(note, item, fill) -> None:
    """Mark the stamp and the handwritten entry inside a physical description."""
    content = item.content
    stamp = _STAMP.search(content)
    head, tail = (content[:stamp.end()], content[stamp.end():]) if stamp else (content, "")
    hand = _HAND.match(head)
    if hand:
        note.text = head[:hand.start(2)]
        fill(sub(note, "add", place="margin"), hand.group(2), ())
        fill(note, head[hand.end(2):], ())
    else:
        fill(note, head, ())
    if tail:
        fill(sub(note, "stamp"), tail, ())
