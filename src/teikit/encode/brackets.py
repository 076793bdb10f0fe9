"""Square brackets of the source: each read as an editor reads it, by what its words do in the sentence.

The classes and their TEI are the README's encoding guidelines ("Editorial brackets"):
supplied words that complete the sentence, identification of a pronoun or a determiner + title,
gloss (another name for a name), editorial explanation, original-language words, name variant
(another romanization), correction (sic), omission, footnote marker, physical description (and
words added by hand), archive reference. The form of a bracket decides only where the form is a
convention ("[...]", "[sic]", "[1](#f1)", "[NAA: A1838, ...]"); everything else is decided by the
sentence around it: a bracket that fills a slot of the sentence is supplied; one that follows a
complete noun phrase and names its referent is a note. Where the evidence is weak the bracket
keeps its words in the running text (supplied) and the decision is marked `@cert="low"`.
"""

from __future__ import annotations

import difflib
import functools
import re
from typing import Callable

from lxml import etree

from . import footnotes, hands
from .context import Context, Decision
from .english import foreign_words, is_english
from .inline import PH_CLASS, Item, Skeleton, sub
from .names import TITLES, looks_personal, name_element, resolve

CLASSES = ("supplied", "identification", "gloss", "editorial", "original", "variant", "correction",
           "omission", "footnote", "physical", "archive")
LOW = "low"
# The kinds of teikit.encode.footnotes and teikit.encode.hands, counted in CLASSES' terms.
_CLASS_OF = {"footnote-missing": "footnote", "add": "physical"}

_PLACEHOLDER = re.compile(PH_CLASS)
_IS_PLACEHOLDER = re.compile(PH_CLASS + r"\Z")
_ELLIPSIS = re.compile(r"^(?:\.\s*){2,}\.?$|^…$")
_GAP_WORDS = re.compile(r"\b(omm?itt?ed|redacted|illegible|unclear|unreadable|indecipherable|undecipherable|"
                        r"mutilated|corrupt(?:ed)?|torn|missing|deleted|excised|not declassified|not printed|"
                        r"not reproduced|remainder)\b", re.I)
_GAP_REASON = {"illegible": "illegible", "unclear": "illegible", "unreadable": "illegible",
               "indecipherable": "illegible", "undecipherable": "illegible", "mutilated": "damage",
               "corrupt": "damage", "corrupted": "damage", "torn": "damage"}
_SIC = re.compile(r"^sic\b[!;,:.]?\s*(?P<corr>.*)$", re.S | re.I)
_MARKER = re.compile(r"^\^?(\d{1,3})$|^\((\d{1,3})\)$")
_EDITORIAL = re.compile(r"^(?:i\.\s?e\.|ie\.|e\.\s?g\.|viz\.?|that is,|namely|cf\.|see\b|"
                        r"(?:translator|editor)['’]?s['’]? note|note:|N\.B\.|Documents? \d+(?:[, ]|$))", re.I)
_NARRATIVE = re.compile(r"\bDocuments? \d|\bon file\b|^On \d{1,2} [A-Z][a-z]+|\b\d{1,2} (?:January|February|"
                        r"March|April|May|June|July|August|September|October|November|December),? \d{4}\b")
_PHYSICAL = re.compile(r"^(?:hand-?written|handwriting|in (?:\w+['’]?s? )?handwriting|typed|typewritten|stamp|"
                       r"stamped|seal|signature|signed|initials|initialled|crossed out|struck out|underlined|"
                       r"underlining|in the margin|marginal|marginal(?:ly)? note|annotation|annotated|"
                       r"page \d+|p\. ?\d+|in an? [\w ]*stamp)\b", re.I)
_PHYSICAL_WORDS = re.compile(r"\b(?:handwriting|hand-?written|annotation|marginal note)\b", re.I)
_REPOSITORY = re.compile(r"^[A-Z][A-Z.&'’ -]{0,40}?\s?:\s*\S")
_ARCHIVES = re.compile(r"\barchives?\b", re.I)
_STAMP = re.compile(r"(?:\bin an? [\w ]*stamp|\bstamp):\s*", re.I)
_HAND = re.compile(r"^(hand-?written entry|hand-?written)\s+([^\n]+)", re.I)
_WORD_BEFORE = re.compile(r"(\S+) $")
_RUN_BEFORE = re.compile(r"((?:(?:[A-Z]\.)+ ?)?[A-Z][\w'’-]*\.?(?: [A-Z][\w'’-]*\.?){0,4})((?:'|’)s)? $")
_NEXT_WORD = re.compile(r"^ ([A-Z][\w'’-]*)")
_TOKEN = re.compile(r"[\w'’.\-" + PH_CLASS[1:-1] + r"]+|[^\w\s]")
_POSSESSIVE_END = re.compile(r"['’]s?$")
_DETERMINED = re.compile(r"\b(?:the|a|an|our|their|his|her|its)\s+\S+ $", re.I)
_NOT_ROMAN = re.compile(r"[^a-zá']")
_PLACE_AFTER = re.compile(r"^ (?:Province|Spa|County|City|Dam|Plant|River|Mountain|Port|Bay|Island|"
                          r"Chemical|Region|District|Station)\b")
_PERSON_AFTER = re.compile(r"^, (?:[A-Z]|the [A-Z])")
_SENTENCE_END = frozenset('.!?:;"“”')
# Grammar words: a bracket that starts with one is a piece of the sentence, never a name.
_FUNCTION = frozenset("and or but nor so yet that which who whom whose to of in on at by for with from as than "
                      "then because if although though while when where whether also even already still just "
                      "only very too not is are was were be been being has have had do does did will would "
                      "shall should can could may might must into onto about after before since under over "
                      "between through during against among without within upon via per respectively".split())
_PERSONAL = frozenset("i you he she it we they me him her us them".split())
_POSSESSIVE = frozenset("my your his her its our their".split())
_DEMONSTRATIVE = frozenset("this that these those".split())
_ARTICLES = frozenset("the a an".split())
_DETERMINERS = _ARTICLES | _POSSESSIVE | _DEMONSTRATIVE
# Nouns naming an office: "the Premier [Zhou Enlai]", "the ambassador [Hao Deqing]".
# (Only a title's capitalised words: "of" in "Secretary of State" names no office.)
_ROLES = frozenset(w.lower().rstrip(".") for t in TITLES for w in t.split() if w[:1].isupper()) | frozenset(
    "ambassador premier chairman minister director president secretary leader chief counselor counsellor "
    "consul envoy chancellor king queen emperor prince general admiral marshal commander governor "
    "representative delegate spokesman head lord".split())
# Words inside a noun phrase between its determiner and its head ("the Director of the International Department").
# Words of titles that only ever modify the office ("Foreign", "Prime", "Vice"): a phrase ending in one is unfinished.
_ROLE_MODIFIERS = frozenset(w.lower().rstrip(".") for t in TITLES for w in t.split()[:-1]) - frozenset(
    t.split()[-1].lower().rstrip(".") for t in TITLES)
_NP_INNER = frozenset("of the and for de".split())
# The word after a bracket, when one follows it directly.
_FOLLOWING = re.compile(r"^[ \n]+([A-Za-z'’]+)")
# Verbs a bracketed noun phrase may be the subject of: "the plan [the committee] has drawn up".
_VERBS = frozenset("is are was were be been has have had do does did will would shall should can could "
                   "may might must".split())
_TITLE_ENDS = frozenset(t.split()[-1].rstrip(".") for t in TITLES)
# Revised Romanization -> McCune-Reischauer-like spelling, and pinyin -> Wade-Giles-like, to see
# that two forms are one name.
_ROMAN = [("shi", "si"), ("eo", "o"), ("eu", "u"), ("ae", "ae"), ("zh", "ch"), ("x", "hs"), ("q", "ch"),
          ("g", "k"), ("d", "t"), ("b", "p"), ("j", "ch"), ("r", "l"), ("'", ""), ("á", "a")]


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
    """Decide the class of every bracket placeholder; merge sic and romanization with their word."""
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
        item.info["line"] = ctx.line + item.line
        index = _classify(skel, found.start(), item, ctx) + 1


def read_title(text: str, registers, translation: bool) -> list[tuple[str, str, str]]:
    """Return (words, class, certainty) of each bracket of a title, read as in the body.

    A title is shown whole (in lists, tabs, citations), so its brackets stay in its text: an
    identification is `supplied reason="identification"`, every other class `supplied`.
    """
    ctx = Context(registers, "", translation=translation)
    skel = Skeleton(text)
    classify(skel, ctx)
    readings = []
    for item in skel.items.values():
        if item.kind == "pb":
            continue
        cert = item.info.get("cert", "high")
        kind = item.kind
        if kind not in ("supplied", "identification"):
            kind, cert = "supplied", LOW
        readings.append((item.content, kind, cert))
    return readings


def _set(item: Item, kind: str, cert: str = "high") -> None:
    item.kind = kind
    if cert == LOW:
        item.info["cert"] = LOW


def _classify(skel: Skeleton, at: int, item: Item, ctx: Context) -> int:
    plain = _plain(item.content)
    # Context is read from a window around the bracket, so long paragraphs stay linear.
    base = max(0, at - 120)
    before, after = skel.text[base:at], skel.text[at + 1:at + 121]
    if item.info.get("unopened"):
        ctx.warn("C302", f"']' closes no '[': {plain[-40:]}]", item.info["line"])
        pending, ctx.pending = ctx.pending, None
        if pending is not None:
            # The end of a bracket opened in an earlier paragraph: it is read as that one was.
            _set(item, pending.cls, pending.cert)
            if item.kind == "supplied":
                item.reading = plain
            elif item.kind == "omission":
                item.info["desc"] = item.content  # the words this part holds, however few
            return at
        at = _read(skel, at, item, ctx, plain, "", after, at)
        item.info["cert"] = LOW
        return at
    at = _read(skel, at, item, ctx, plain, before, after, base)
    if item.info.get("ends"):
        item.info["cert"] = LOW
    if item.info.get("unclosed"):
        ctx.warn("C303", f"'[' is never closed: [{plain[:40]}", item.info["line"])
        item.info["cert"] = LOW
        ctx.pending = _decision(item)
    return at


def _decision(item: Item) -> Decision:
    return Decision(item.info.get("line", 0), item.content, item.kind, item.info.get("cert", "high"))


def _read(skel, at, item, ctx, plain, before, after, base) -> int:
    """Classify one bracket; return the skeleton index of its placeholder (it moves when words merge in)."""
    if not plain:
        # "[ ]": a mark of something left out, with nothing said of it.
        item.info["desc"] = item.content
        _set(item, "omission", LOW)
        return at
    # A bracket missing its "[" or "]" is one element marked so (`rend`): never a marker, a
    # sic or a variant, which merge with their neighbours.
    partial = item.info.get("unclosed") or item.info.get("unopened") or item.info.get("ends")
    # Note markers and numbers the editors completed are teikit.encode.footnotes' to decide.
    if not partial and footnotes.classify(skel, at, item, ctx, before, after):
        return at
    kind = _convention(at, item, ctx, plain, before, after, skel, partial)
    if kind is not None:
        if kind == "correction":
            return _correction(skel, at, item, plain, before, base)
        return at
    # Words a note says a hand added (teikit.encode.hands).
    if not ctx.in_note and not partial and hands.classify(skel, at, item, ctx):
        return at
    # Inside a word ("feel[s]", "B[RUCE]", "83[A]"): letters the word needs.
    if before[-1:].isalnum() or after[:1].isalnum():
        _supplied(item, plain)
        return at
    merged = None if partial else _romanization(skel, at, item, ctx, before, after, plain, base)
    if merged is not None:
        return merged
    return _meaning(skel, at, item, ctx, before, after, plain, base)


def _convention(at, item, ctx, plain, before, after, skel, partial=False) -> str | None:
    """Classes whose form is a convention of the edition: omissions, sic, references, descriptions."""
    if _ELLIPSIS.match(plain):
        if item.content != "...":
            # "[. . .]", "[……]": the marks as typed, so `teikit text` gives them back.
            item.info["desc"] = item.content
        _set(item, "omission")
        return item.kind
    gap = _GAP_WORDS.search(plain)
    if gap and len(plain.split()) <= 14 and plain.split()[0].lower() not in _FUNCTION:
        item.info["desc"] = plain
        # The edition schema's closed list has no "redacted": a redaction is an omission whose
        # description says so.
        item.info["reason"] = _GAP_REASON.get(gap.group(1).lower(), "omitted")
        _set(item, "omission")
        return item.kind
    if _SIC.match(plain) and not partial:
        return "correction"
    if (_REPOSITORY.match(plain) and not _PHYSICAL.match(plain) or _ARCHIVES.search(plain)) and _alone(skel, at):
        _set(item, "archive")
        return item.kind
    if _EDITORIAL.match(plain):
        _set(item, "editorial")
        return item.kind
    if _PHYSICAL.match(plain) or _PHYSICAL_WORDS.search(" ".join(plain.split()[:8])):
        _set(item, "physical")
        if plain.lower().startswith(("signature", "signed")):
            item.info["signature"] = True
        return item.kind
    if len(plain.split()) >= 10 and _NARRATIVE.search(plain) and _alone(skel, at):
        # A paragraph of the editors between the document's own: "[On 3 May 1940 the Prime Minister ...]".
        _set(item, "editorial")
        return item.kind
    return None


def _alone(skel: Skeleton, at: int) -> bool:
    """Return whether the bracket is its block's only text (decoration and note markers aside)."""
    rest = skel.text[:at] + skel.text[at + 1:]
    for char in _PLACEHOLDER.findall(rest):
        item = skel.item(char)
        if item is None or not _MARKER.match(_plain(item.content)):
            return False
    return not _PLACEHOLDER.sub("", rest).strip(" \t\n_*.,;")


def _correction(skel, at, item, plain, before, base) -> int:
    sic = _SIC.match(plain)
    word = _WORD_BEFORE.search(before)
    item.kind = "correction"
    if word and not any(0xE000 <= ord(c) <= 0xF8FF for c in word.group(1)):
        item.info.update(sic=word.group(1), corr=sic.group("corr"))
        item.reading = sic.group("corr") or word.group(1)
        start = base + word.start(1)
        skel.cut(start, at)
        return start
    # "[sic]" with no word of its own before it: the mark alone, as an editorial note.
    item.info["bare"] = True
    return at


def _supplied(item: Item, plain: str, cert: str = "high") -> None:
    _set(item, "supplied", cert)
    item.reading = plain


def _romanization(skel, at, item, ctx, before, after, plain, base, force=False) -> int | None:
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
        if orig.split()[0].lower() in _DETERMINERS or orig.split()[0].rstrip(".").lower() in _ROLES:
            continue
        known = _same_entry(ctx, orig, plain)
        if known or _variant(orig, plain) or force and n == len(words):
            start = base + run.start(1) + len(run_text) - len(orig)
            kind = known[0] if known else _guess_kind(ctx, before[:start - base], after, orig)
            ident = known[1] if known else ctx.registers.propose(kind, orig, forms=(plain,))
            item.kind = "variant"
            item.info.update(orig=orig + possessive, reg=item.content, name_kind=kind, ident=ident)
            item.reading = orig
            ctx.cite(kind, ident)
            skel.cut(start, at)
            return start
    return None


def _variant(orig: str, form: str) -> bool:
    """Return whether form is another spelling of the name orig ("Gangwon"/"Kangwon", "S.Y. Dao"/"Tao Shengyang")."""
    if abs(len(form.split()) - len(orig.split())) <= 2 and similar(orig, form):
        return True
    # Initials and a surname against the full name: one long word of each alike.
    if not looks_personal(form) or len(form.split()) < 2:
        return False
    ours = [w for w in re.split(r"[\s.]+", orig) if len(w) >= 3]
    theirs = [w for w in form.split() if len(w) >= 3]
    # The same word in both is one name written out, not another spelling ("Lord [Lord Stanhope]").
    return len(ours) == 1 and any(similar(ours[0], w) for w in theirs) \
        and not any(w.lower() == ours[0].lower() for w in theirs)


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


def _host(before: str) -> tuple[str, list[str]]:
    """Return what the bracket follows: its kind and words.

    Kinds: "pronoun" ("you", "he"), "possessive" ("our"), "determined" (a determiner and what
    follows it up to the bracket: "the Director of the International Department", "our party"),
    "name" (a capitalised word), "word" (another word), "" (nothing: the bracket starts a
    sentence or follows punctuation, a determiner or a grammar word).
    """
    if not before.endswith((" ", "\n")) or before.rstrip()[-1:] in _SENTENCE_END | {",", "(", "-", "–"}:
        return "", []
    tokens = _TOKEN.findall(before[-100:])
    if not tokens or not tokens[-1][:1].isalnum():
        return "", []
    last = tokens[-1].lower().rstrip(".")
    if last in _PERSONAL:
        return "pronoun", tokens[-1:]
    if last in _POSSESSIVE:
        return "possessive", tokens[-1:]
    if last in _DETERMINERS or last in _FUNCTION:
        return "", []
    # Back to the determiner, through "of the" ("the Director of the International Department");
    # punctuation ends the phrase.
    index = len(tokens) - 1
    start = None
    while index >= 0 and len(tokens) - index <= 9:
        word = tokens[index]
        low = word.lower()
        if low in _DETERMINERS:
            start = index
            if index >= 2 and tokens[index - 1].lower() in _NP_INNER and tokens[index - 2][:1].isalpha():
                index -= 2
                continue
            break
        # Numbers belong to the phrase too: "the 38th parallel", "the 1954 agreement".
        if word[:1].isalnum() and (low in _NP_INNER or low not in _FUNCTION):
            index -= 1
            continue
        break
    if start is not None and tokens[start].lower() not in _DEMONSTRATIVE:
        return "determined", tokens[start:]
    if tokens[-1][:1].isupper():
        return "name", tokens[-1:]
    return "word", tokens[-1:]


def _bare(plain: str) -> str:
    return plain[:-2] if plain.endswith(("'s", "’s")) else plain


def _named(ctx: Context, plain: str, strict: bool) -> bool:
    """Return whether the words are a name, or "the" and a name ("North Korea's", "the Korean War").

    Loose: any capitalised words. Strict: several words, or one that the registers know or that
    is not an English word ("[Council]" after "the Security" is a word the phrase needs).
    """
    words = plain.split()
    if not words or words[0].lower() in _FUNCTION:
        return False
    if words[0].lower() == "the":
        words = words[1:]
    if not words or not words[0][:1].isupper():
        return False
    if not strict or len(words) >= 2:
        return True
    bare = _bare(words[0])
    return resolve(ctx, bare) is not None or not is_english(bare)


def _possessive(word: str) -> bool:
    return word.endswith(("'s", "’s", "s'", "s’"))


def _meaning(skel, at, item, ctx, before, after, plain, base) -> int:
    prev_word = _prev_token(before)
    bare = _bare(plain)
    # A completion inside a name: "Chairman Mao [Zedong]", "Comrade [Liu] Shaoqi", "Park [Chung-hee's]".
    if prev_word and not prev_word.endswith("."):
        whole = f"{prev_word} {bare}"
        found = resolve(ctx, whole)
        if found and ctx.registers.candidates(whole)[0][0] < 2:
            return _in_name(skel, at, at - len(prev_word) - 1, at + 1, found, item, ctx, plain)
    following = _NEXT_WORD.match(after)
    if following:
        next_word = _POSSESSIVE_END.sub("", following.group(1))
        whole = f"{bare} {next_word}"
        found = resolve(ctx, whole)
        if found and ctx.registers.candidates(whole)[0][0] < 2:
            return _in_name(skel, at, at, at + 2 + len(next_word), found, item, ctx, plain)
    host, words = _host(before)
    inside = _inside_phrase(after, plain, words)
    if host == "name" and (looks_personal(bare) or resolve(ctx, bare)) and not plain.startswith("the ") \
            and not _expands(prev_word, plain):
        if prev_word.rstrip(".") in _TITLE_ENDS:
            # "Chairman [Mao Zedong]", "Comrade Premier [Kim Il Sung]": a bare title the name completes.
            found = _name_of(ctx, bare)
            if found:
                return _in_name(skel, at, base + _title_start(before), at + 1, found, item, ctx, plain)
        run = _RUN_BEFORE.search(before)
        if len(bare.split()) >= 2 and run is not None and len(run.group(1).split()) >= 2 and not plain.isupper() \
                and not (item.info.get("unclosed") or item.info.get("unopened") or item.info.get("ends")):
            # A full name after a full name, not alike: another form of it ("Jiang Jieshi's [Chiang Kai-shek]").
            merged = _romanization(skel, at, item, ctx, before, after, plain, base, force=True)
            if merged is not None:
                item.info["cert"] = LOW
                return merged
        # "Premier Zhou [Enlai]": the name's other part.
        _supplied(item, plain)
        return at
    if host == "pronoun" and _named(ctx, plain, strict=False):
        return _note(at, item, ctx, "identification", bare)  # "you [North Korea] are", "he [Rusk]"
    if host == "possessive" and _named(ctx, plain, strict=False) and _possessive(plain):
        return _note(at, item, ctx, "identification", bare)  # "our [North Korea's] rear area"
    if host in ("word", "determined") and ctx.translation and not inside and plain[:1].islower() \
            and words[-1][:1].islower() and foreign_words(words[-1]) and not foreign_words(plain):
        # English words after a romanized term translate it: "the dazibao [big-character posters]".
        return _note(at, item, ctx, "gloss", bare)
    if host == "determined" and not (_possessive(words[-1]) and not _possessive(plain)):
        head = [w.lower().rstrip(".").removesuffix("'s").removesuffix("’s") for w in words[1:]]
        # "the Premier [Zhou Enlai]", "the Director of the International Department [Pak Yong-guk]";
        # a phrase ending in a title's modifier is a title the bracket completes: "the Minister
        # for Foreign [Affairs]".
        if any(w in _ROLES for w in head) and head[-1] not in _ROLE_MODIFIERS \
                and _named(ctx, plain, strict=False) and not inside:
            return _note(at, item, ctx, "identification", bare)
        apposition = _apposition(plain, after) if ctx.translation and not inside else None
        if apposition == "sure":
            return _note(at, item, ctx, "gloss", bare)  # "the 38th parallel [the military demarcation line] and"
        if apposition == "unsure":
            # "the cooperatives [the producers' cooperatives] is" renames; "the plan [the committee]
            # has drawn up" is a subject: the words stay in the sentence, marked for review.
            _supplied(item, plain, LOW)
            return at
        if not inside and _named(ctx, plain, strict=True):
            # "Our Party [the Korean Workers' Party]": a possessive's phrase refers, it is no name to gloss.
            if words[-1][:1].isupper() and "," not in plain and words[0].lower() not in _POSSESSIVE:
                return _note(at, item, ctx, "gloss", bare)  # "the Korea-Japan Treaty [the Treaty on ...]"
            if (resolve(ctx, bare) or ("", ""))[0] == "person":
                # A person after a phrase that names no office: "At the beginning [Kim] spoke".
                _supplied(item, plain)
                return at
            if ctx.translation and len(plain.split()) == 1 and not resolve(ctx, bare) and foreign_words(plain):
                # "the ideology [Juche]": one word of no register and no English, a term or a name.
                item.kind = "original"
                item.info["cert"] = LOW
                return at
            # "Our party [the Korean Workers' Party]": in a translation, the translator names what
            # the phrase refers to; in an English original the editors' words are most likely
            # text they restored, but that is unsure.
            if ctx.translation:
                return _note(at, item, ctx, "identification", bare)
            _supplied(item, plain, LOW)
            return at
    if host == "name" and not inside and _named(ctx, plain, strict=True):
        if plain.startswith("the ") and "," not in plain or _expands(words[-1], plain):
            return _note(at, item, ctx, "gloss", bare)  # "Fatherland Liberation War [the Korean War]", "ROK [Republic of Korea]"
        if "," not in plain and len(plain.split()) >= 2 and ctx.translation:
            # Another name for the name, most likely: "Kimber [Deputy British High Commissioner]".
            item.info["cert"] = LOW
            return _note(at, item, ctx, "gloss", bare)
        # "Economic Cooperation Division [Ministry of Foreign Affairs, Japan]": supplied or a note.
        _supplied(item, plain, LOW)
        return at
    if ctx.translation and foreign_words(plain) and not looks_personal(bare.rstrip(":;,. ")):
        # Words of the original language ("Party activists [s shirokim partiynym aktivom]").
        item.kind = "original"
        return at
    _supplied(item, plain)
    return at


def _apposition(plain: str, after: str) -> str | None:
    """Return "sure" or "unsure" when a "[the ...]" bracket of common nouns stands beside a complete phrase.

    Sure when punctuation or a grammar word follows it: "the 38th parallel [the military
    demarcation line] and will not move" renames the parallel. Unsure before a verb, whose
    subject it may be. None when a word of its phrase follows ("the [trade] delegation").
    """
    words = plain.split()
    # A name ("[the Korean War]") identifies the phrase's referent; common nouns rename it.
    if len(words) < 2 or words[0].lower() != "the" or words[-1].lower() in _FUNCTION \
            or any(w[:1].isupper() for w in words[1:]):
        return None
    following = _FOLLOWING.match(after)
    if following is None:
        return "sure"
    word = following.group(1).lower()
    if word in _VERBS:
        return "unsure"
    return "sure" if word in _FUNCTION else None


def _expands(abbreviation: str, plain: str) -> bool:
    """Return whether plain spells out an abbreviation ("ROK [Republic of Korea]", "UN [United Nations]")."""
    letters = abbreviation.replace(".", "")
    initials = "".join(w[0] for w in plain.split() if w[:1].isupper())
    return len(letters) >= 2 and letters.isupper() and letters.isalpha() and initials == letters


def _inside_phrase(after: str, plain: str, words: list[str]) -> bool:
    """Return whether the words after the bracket continue a noun phrase the bracket is inside of.

    "the [Chinese] People's Delegation" continues; "The Chancellor's [Helmut Kohl's] Meeting" has
    two possessives side by side, so the bracket stands beside its phrase.
    """
    return bool(_NEXT_WORD.match(after)) and not (words and _possessive(words[-1]) and _possessive(plain))


def _note(at: int, item: Item, ctx: Context, kind: str, bare: str) -> int:
    item.kind = kind
    if kind == "identification" and looks_personal(bare) and not ctx.registers.candidates(bare):
        ctx.registers.propose("person", bare)
    return at


def _in_name(skel, at, start, end, found, item, ctx, plain) -> int:
    ref = ctx.cite(*found)
    skel.add(start, end, name_element(found[0], ref), ref)
    item.info["in_name"] = True
    _supplied(item, plain)
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


# -- TEI ---------------------------------------------------------------------------------------

def render(parent: etree._Element, item: Item, ctx: Context,
           fill: Callable[[etree._Element, str, tuple], None]) -> etree._Element:
    """Append the TEI element for a classified placeholder to parent; `fill` encodes inner text."""
    if item.kind == "pb":
        return sub(parent, "pb")
    cert = item.info.get("cert")
    ctx.decide(item.info.get("line", ctx.line), item.content, _CLASS_OF.get(item.kind, item.kind), cert or "high")
    el = _element(parent, item, ctx, fill)
    if cert == LOW:
        # On the element that carries the decision (a name's reg, a choice's corr).
        target = el.find(".//{*}reg") if item.kind == "variant" else el
        if target is not None and target.tag.endswith(("supplied", "note", "foreign", "gap", "reg", "add", "sic")):
            target.set("cert", LOW)
    if item.info.get("unclosed"):
        el.set("rend", "unclosed")
    elif item.info.get("unopened"):
        el.set("rend", "unopened")
    elif item.info.get("ends"):
        el.set("rend", item.info["ends"])  # "(]" or "[)": what the source typed, for the round trip
    return el


def _element(parent, item, ctx, fill):
    resp = ctx.resp
    kind = item.kind
    if kind == "omission":
        gap = sub(parent, "gap", reason=item.info.get("reason", "omitted"), resp=resp)
        if "desc" in item.info:
            sub(gap, "desc", item.info["desc"])
        return gap
    if kind == "correction":
        if item.info.get("bare"):
            el = sub(parent, "note", type="editorial", resp=resp)
            fill(el, item.content, item.breaks)
            return el
        if not item.info["corr"]:
            return sub(parent, "sic", item.info["sic"])
        choice = sub(parent, "choice")
        sub(choice, "sic", item.info["sic"])
        fill(sub(choice, "corr", resp=resp), item.info["corr"], ())
        return choice
    if kind == "variant":
        name = name_element(item.info["name_kind"], ctx.cite(item.info["name_kind"], item.info["ident"]))(parent)
        choice = sub(name, "choice")
        sub(choice, "orig", item.info["orig"])
        sub(choice, "reg", item.info["reg"], type="romanization", resp=resp)
        return name
    if kind in ("footnote", "footnote-missing"):
        return footnotes.render(parent, item, ctx, fill)
    if kind == "add":
        return hands.render(parent, item, fill)
    if kind == "original":
        el = sub(parent, "foreign", resp=resp)
        el.set("{http://www.w3.org/XML/1998/namespace}lang", ctx.translit)
    elif kind == "physical":
        note = sub(parent, "note", type="physical", resp=resp)
        if item.info.get("signature"):
            note.set("subtype", "signature")
        _physical(note, item, fill)
        return note
    elif kind == "supplied":
        el = sub(parent, "supplied", reason="clarification", resp=resp)
    elif kind == "archive":
        el = sub(parent, "note", type="source")
    else:
        el = sub(parent, "note", type=kind, resp=resp)
    fill(el, item.content, item.breaks)
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
