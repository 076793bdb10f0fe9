"""Names in running text: persons, organisations and places linked to the registers.

A name form is matched whole and longest first ("Kim Il Sung" before "Kim Il", "Dean Rusk"
before "Dean"). A form that names one entry links; a form several entries share (a surname:
"Johnson") is decided by the document: its "hereafter" aliases, the persons it names in full
anywhere (heading, participants, source note, notes), a title that fits one person's offices
at the document's date ("President Johnson"), the person mentioned last; else it stays
unlinked and is listed for review. Before linking, the document is read once for persons the
registers do not know ("Ambassador Alan G. Kirk", "Samuel D. Berger"), proposed cautiously.
"""

from __future__ import annotations

import functools
import re

from ..naming import TITLES as _TITLE_TABLE
from ..naming import COURTESY, Office, in_office, is_title_word, matches_office, offices, parts, title_at_end
from ..registers import SECONDARY, norm_form
from .context import Context
from .english import words_at_least
from .inline import Skeleton, Span, sub
from .place_mentions import placed

_NAME_TAG = {"person": "persName", "org": "orgName", "place": "placeName"}
_TOKEN = re.compile(r"[^\W\d_]\w*(?:['’\-]\w+)*")
# The gap between two words of a name and the next word, in one match; a hyphen joins the
# parts of a name ("Chong-pil", "Douglas-Home") and separates names ("Cabot-Wang Talks").
_NEXT_TOKEN = re.compile(r"(?P<gap> |\n|\. |\.\n|['’] |['’]\n|\.|-)(?P<token>[^\W\d_]\w*(?:['’]\w+)*)")
# A capitalised word; the character before it is checked in Python (a leading lookbehind
# would stop the regex engine from skipping ahead to the next capital letter).
_CAPITAL = re.compile(r"[A-Z]\w*(?:['’]\w+)*")
_WORD_CHARS = frozenset("'’_")
_POSSESSIVE = ("'s", "’s")
_CONNECTORS = frozenset("of the and for on in de du van von der bin al la le".split())
# "de Gaulle", "van der Stoel": a lower-case particle opens the family name.
_PARTICLE_BEFORE = re.compile(r"(?:^|(?<=[\s(\[\"“]))(?:de|du|da|di|del|della|van|von|der|den|ter|le|la|al|el|ibn|bin)"
                              r"(?: (?:der|den|la|le))? \Z")
TITLES = tuple(_TITLE_TABLE)
_TITLE_WORDS = frozenset(w.rstrip(".") for t in TITLES for w in t.split())
_STOP = frozenset("The A An This That These Those He She It We They I You Our Their His Her Its "
                  "Party Government State Side Committee Bureau Department Ministry Embassy".split())

# -- what a proposed name never is ------------------------------------------------------------------
_MONTHS = frozenset("January February March April May June July August September October November December "
                    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday "
                    "Saturday Sunday".split())
# Words of institutions' and offices' names: "Minister Defense", "Chairman Joint Chiefs", "Deputy CG".
_INSTITUTION = frozenset(
    "Affairs Agency Air Army Assembly Board Bureau Cabinet Central Chiefs Command Commission Committee "
    "Commonwealth Conference Congress Council Court Defence Defense Delegation Department Development "
    "Division Economic Embassy Executive External Federal Finance Force Forces Foreign Government Group "
    "House Information Intelligence Interior Internal Joint Justice Labor Labour League Legation Mission "
    "National Naval Navy Office Operations Parliament Party Planning Policy Political Republic Security "
    "Senate Service Services Staff State States Trade Treasury Union United Nations World Islands Island "
    "Administration Headquarters Station Plan Program Programme Treaty Pact Agreement Declaration "
    "North South East West Northern Southern Eastern Western Middle Far Near General Secretariat "
    "Council Communist Socialist Democratic Liberal Labour Conservative Nationalist Catholic Christian "
    "Muslim Buddhist Prime Chief Acting Special Permanent Deputy Assistant Senior Junior High Supreme Residence "
    "Commander Headquarters Embtel Deptel Ref Reftel Tel Cable Telegram Memorandum Letter Note Paper "
    "Dept Govt Branch Section".split())
# Adjectives of nationality and belief ("Secretary French", "Minister Korean"): suffixes, and the irregular ones.
_ADJECTIVE = re.compile(r"^[A-Z][a-z]+(?:ese|ish|ian|ean|ican)$|^(?:French|Dutch|Swiss|Greek|Thai|Czech|"
                        r"Arab|Soviet|Allied|Israeli|Iraqi|Pakistani|Saudi|Afghan|Lao|Khmer|Filipino|Irish|"
                        r"Welsh|Scots|Kurdish|Yemeni|Kuwaiti|Omani|Qatari|Nepali|Bengali|Somali|Congolese|"
                        r"Zairian|Malagasy|Burmese|Maltese|Sudanese|Lebanese)$")
# Words that end like an adjective but are names: given the suffix rule above, only a name the
# document itself gives with a forename ("Dean Rusk") or after a personal title escapes it.
_PERSONAL = frozenset(("Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Dame", "Lord", "Lady", "Madame", "Monsieur",
                       "Herr", "Frau", "Comrade", "Professor"))
# (_TITLED and _FULL_NAME open with a capital letter, so that the regex engine skips to one; what may
# not stand before them, a word character, a full stop, an apostrophe or a hyphen, is checked by _matches.)
_TITLED = re.compile(
    r"(?P<title>" + "|".join(re.escape(t) for t in sorted(TITLES, key=len, reverse=True)) + r")"
    r" (?P<name>(?:[A-Z][\w’'-]+|[A-Z]\.)(?: (?:[A-Z][\w’'-]+|[A-Z]\.)| ?[A-Z]\.){0,3})(?![\w’'-])")
# "Samuel D. Berger", "Robert S. McNamara": a forename, initials and a surname are a person, and so
# are an initial, a forename and a surname ("U. Alexis Johnson", "C. Burke Elbrick").
_FULL_NAME = re.compile(r"(?P<name>(?:[A-Z][a-z]+(?: [A-Z]\.){1,2}|(?P<initial>[A-Z]\.) [A-Z][a-z]+(?: [A-Z]\.)?) "
                        r"(?:(?:de|van|von|da) )?(?:Mc|Mac|O['’])?[A-Z][a-z]+(?:[-’'][A-Z]?[a-z]+)?)"
                        r"(?![\w’'-]| [A-Z][a-z])")
# "W.M. Hughes", "H. R. Adam": two or three initials and a surname are a person, unless the
# initials abbreviate a country or a body ("U.S. Navy" is no one; its surname is an institution's word).
_INITIALS_NAME = re.compile(r"(?<![\w.’'-])(?P<initials>(?:[A-Z]\. ?){2,3})(?P<surname>(?:(?:de|van|von) )?"
                            r"[A-Z][a-z]+(?:[-’'][A-Z]?[a-z]+)?)(?![\w’'-]| [A-Z][a-z])")
_ABBREVIATIONS = frozenset("US UK NZ UN UAR USSR PM HM HMG RAF RAAF RAN AIF BBC ABC EEC UNO SEATO NATO ANZUS "
                           "ECAFE GOC CIC".split())
# "Memorandum From the President's Special Assistant (Rostow) to President Johnson": an office and a name.
_OFFICE_NAME = re.compile(r"(?<=[A-Za-z]) \((?P<name>[A-Z][a-z][\w’'-]+(?: [A-Z][\w’'-]+){0,2})\)")
# Lower-case words of two letters too: "Dr. Kissinger No." must not propose a person "Kissinger No".
# (A contraction's parts are not words of the document: "don't" does not make General Don a common word.)
_WORDS = re.compile(r"(?<![\w'’])[a-z]{2,}(?![\w'’])")
# What is named after a person and still speaks of them.
# (FRUS's editors tag the name before most of them: "Eisenhower Diaries" 32 of 50, "Kissinger Office
# Files" 30 of 30, "Rusk Appointment Book" 9 of 14, "Komer Memos", "Harmel Study", "Dodge Council".)
_EPONYMOUS = frozenset("Administration Amendment Appointment Cabinet Commission Committee Conversation Conversations "
                       "Correspondence Council Diaries Diary Doctrine Presidential Materials File Series "
                       "Era Exercise Formula Government Group Initiative Letter Memorandum Memos Message Mission "
                       "Office Period Plan Proposal Proposals Regime Report Round Speech Statement Study Talks Team "
                       "Trip Visit Years".split())
# An archive or a collection named after a person ("Eisenhower Library", "Dulles Papers", "Rusk
# Files: Lot 72 D 192") names a repository in a source citation, not the person: FRUS's editors
# leave 1,414 of 1,592 "<surname> Library" and 290 of 401 "<surname> Papers" untagged.
_ARCHIVE = re.compile(r" (?:Library|Papers|Files|Collection)\b")
# Where a sentence begins: the text's start, a line's, or after a full stop, a colon, a quotation mark.
_SENTENCE_START = re.compile(r"(?:\A\s*|[\n.:;!?\"“(]\s*|\d\.\s+)\Z")
_SYLLABLE_AFTER = re.compile(r"-[a-z]{1,4}(?![\w-])")
_COMPASS = re.compile(r"(?:East|West|North|South)-\Z")
# A compass point alone is a region ("the West", "between East and West", "anti-West"): as a surname
# (George S. West) it names a person only after a title ("Mr. West") or opening a sentence; FRUS's
# editors never tag one bare.
_COMPASS_POINTS = frozenset(("North", "South", "East", "West"))
# "Franco-German", "Italo-Yugoslav": a name that is also a combining form, before an adjective of nationality.
_COMBINING = re.compile(r"-[A-Z][a-z]+(?:an|ese|ish|ic|i)\b")
_NAME_WORD = re.compile(r"[A-Z]\.|[^\s.]+")
# Words of English grammar: opening a sentence they are the sentence's, not a person's ("Do not think ...",
# "President: Do we ...", "Can we ...") whatever the document's other words are.
_GRAMMAR = frozenset("do does did can could may might will would shall should must is are was were be been have has "
                     "had not no yes so if but and or as at by in on to of for from with all any each more most some "
                     "such then there here when where while why how what which who this that these those it he she "
                     "we they you".split())
# "the West.", "the Church and the Army": after "the", before a full stop or a word of grammar, a surname
# names a region or an institution; "the Diem regime", "the Kennedy Round", "the Lodge and Goldberg views"
# still speak of the person.
_THE_BEFORE = re.compile(r"(?<![\w’'-])[Tt]he \Z")
_THE_AFTER = re.compile(r"\s*(?:[.,;:)?!]|\Z|(?:of|in|on|at|by|for|with|from|as|is|are|was|were|be|that|"
                        r"which|who|has|had|have|would|will|could|should|may|might|must|can|did|does|not|but|"
                        r"against)\b)")
# A word in capitals just before a name ("SECRETARY ", "MR. ", "DEAR ").
_CAPITALS_BEFORE = re.compile(r"(?<![\w.])([A-Z]{2,})\.? \Z")
# The capitalised word just before a name (a forename, an office, a place).
_WORD_BEFORE = re.compile(r"([A-Z][a-z][\w’'-]*)\s\Z")
# An Arabic article joined to the name ("Ar-Rifai"); "Tel al-Qadi", "Abu el-Fadl": a word before
# an Arabic article joined to a name is part of that name.
_ARTICLE_BEFORE = re.compile(r"(?<![\w’'-])(?:[Aa][lrnstdz]|[Ee]l|[Aa]sh)[-–]\Z")
_ARTICLE_AFTER = re.compile(r" (?:al|el|ad|ash|as|at|an|ar|az)-[A-Z]")


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


# -- deciding which entry a form names --------------------------------------------------------------

def resolve(ctx: Context, form: str, titled: bool = False, kind: str | None = None,
            title: str = "", others: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """Return (kind, id) of the entry a form names in this document, or None when unsure.

    `titled` says the form stands where only a person can (a speaker's label); `title` is the
    title written before it ("President"), which must fit the person's offices when several
    persons share the form; `others` are entries the form cannot be for all the evidence of
    the document (a speaker's own turn names them in the third person).
    """
    if kind in (None, "person") and form in ctx.aliases:
        return "person", ctx.aliases[form]
    found = ctx.registers.candidates(form, kind)
    if not found:
        return None
    rank = found[0][0]
    # Short forms are weighed together, those of a main spelling a little before the others.
    best = [c for c in found if c[0] == rank] if rank < 2 else [c for c in found if c[0] >= 2]
    if rank == SECONDARY and not (titled or title) and not any(ctx.present.get(c[2]) for c in best):
        # A part of a compound name ("France" of "Mendès-France") or of another spelling stands
        # alone for the person only after a title or where the document names them in full.
        return None
    if len(best) > 1 and title and rank >= 2 and title not in COURTESY:
        # "President Johnson" among three Johnsons: only those whose offices allow the title (or are unknown).
        # (When no one's offices allow it, the title tells nothing.)
        best = [c for c in best if _fits(ctx, c, title) is not False] or best
    if len(best) == 1:
        return best[0][1], best[0][2]
    chosen = _decide(ctx, best, title, others)
    if chosen is None:
        ctx.unresolved.append((ctx.line, form, tuple(c[2] for c in best)))
    return chosen


def _fits(ctx: Context, candidate: tuple[int, str, str], title: str) -> bool | None:
    """Return whether a title fits an entry's offices (None when the register knows none)."""
    if candidate[1] != "person":
        return False
    entry = ctx.registers.get("person", candidate[2])
    if entry is None or not entry.offices:
        return None
    return matches_office(title, entry.offices)


def _decide(ctx: Context, best: list[tuple[int, str, str]], title: str,
            others: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """Of several entries one form names, return the one the document points to, or None."""
    scored = []
    mixed = len({c[0] for c in best}) > 1
    # Without a title, the offices' dates still speak: of two Nassers in 1958, the one whose only
    # office begins in 1959 is not yet the one the documents talk about.
    serving = {}
    if not title:
        for _, kind, ident in best:
            entry = ctx.registers.get(kind, ident) if kind == "person" else None
            serving[ident] = in_office(entry.offices, ctx.doc_date) if entry is not None else None
    dated = False in serving.values() and True in serving.values()
    for rank, kind, ident in best:
        score = 1 if mixed and rank == 2 else 0
        if dated and serving.get(ident):
            score += 2
        if ident in others:
            pass  # named in the third person by the very speaker: no evidence for them
        elif ctx.present.get(ident):
            score += 4  # named in full somewhere in the document
        if title and kind == "person":
            entry = ctx.registers.get(kind, ident)
            held = entry.offices if entry else []
            if matches_office(title, held, ctx.doc_date):
                score += 3
            elif matches_office(title, held):
                score += 2
        if ident in ctx.recent and ident not in others:
            score += 1
        scored.append((score, ctx.recent.get(ident, 0), kind, ident))
    scored.sort(reverse=True)
    top = scored[0]
    if top[0] == 0:
        return None
    if len(scored) > 1 and scored[1][0] == top[0] and (scored[1][1] == top[1]):
        return None  # as much for one as for another: never guessed
    return top[2], top[3]


def _undecided(parent):
    return sub(parent, "persName", cert="low")


def name_element(kind: str, ref: str):
    """Return a factory that appends the empty name element for a register pointer to a parent."""
    return lambda parent: sub(parent, _NAME_TAG[kind], ref=ref)


# "Drafted by Gleason", "cleared by Barrow and Thacher", "approved by Strong (S/S)": the officers who
# drafted, cleared or approved a document, as the State Department's source notes name them.
_BY = re.compile(r"(?:[Dd]rafted|[Cc]leared|[Aa]pproved|[Ii]nitialed|[Pp]repared|[Rr]eviewed)"
                 r"(?: in (?:draft|substance))? by (?=[A-Z])")
_LIST_ITEM = re.compile(r"(?P<name>(?:[A-Z]\.|[A-Z][\w’'-]+)(?: (?:[A-Z]\.|[A-Z][\w’'-]+|de|van|von))*)"
                        r"(?: \([^()\n]{1,24}\))?"
                        r"(?P<sep>, and |, | and |)")


# -- reading the document first: full mentions and proposals ---------------------------------------

def _common_words(texts) -> frozenset[str]:
    """Return the lower-case words of the document: a capitalised one of them is a common word, not a name."""
    words = set()
    for text in texts:
        words.update(_WORDS.findall(text))
    return frozenset(words)


def _bad_word(word: str, common: frozenset[str], ctx: Context, adjective: bool = True) -> bool:
    """Return whether a capitalised word can never be part of a proposed person's name."""
    bare = word.rstrip(".")
    if len(bare) == 1:
        return False  # an initial
    if (bare in _MONTHS or bare in _INSTITUTION or bare in _STOP or is_title_word(bare)
            or bare.isupper() or adjective and _ADJECTIVE.match(bare) or bare.lower() in common):
        return True
    if "-" in bare and any(is_title_word(p) or p in _INSTITUTION for p in bare.split("-")):
        return True  # "Director-General", "Under-Secretary"
    return any(c[1] != "person" for c in ctx.registers.candidates(bare))


def _clean_name(words: list[str], common, ctx: Context) -> list[str]:
    """Return the words of a proposed name up to its first impossible word, initials not last.

    A word shaped like an adjective of nationality is a forename before a surname ("Julian
    Amery"), not alone or before an institution ("Secretary French", "Korean Embassy").
    """
    kept = []
    for index, word in enumerate(words):
        # ("Secretary Dulles’ Residence": the possessive of a name ending in s.)
        base = word[:-2] if word.endswith(_POSSESSIVE) else word[:-1] if word.endswith(("s’", "s'")) else word
        following = words[index + 1] if index + 1 < len(words) else ""
        forename = bool(following) and base == word and not _bad_word(following, common, ctx, adjective=False)
        if _bad_word(base, common, ctx, adjective=not forename):
            break
        kept.append(base)
        if base != word:
            break  # "Secretary Connally's Tokyo visit": the name ends at the possessive
    if kept and len(kept[-1].rstrip(".")) == 1:
        return []  # "Ambassador Alan G." is cut short: no name to propose ("Alan" would be wrong)
    return kept


def _known(ctx: Context, name: str) -> bool:
    """Return whether the name, or a full form it begins with, is known ("Huang" does not make "Huang Huoqing" known)."""
    if ctx.registers.has_form(name) or name in ctx.aliases:
        return True
    words = name.split()
    return any(" ".join(words[:n]) in ctx.aliases or any(c[0] < 2 for c in ctx.registers.candidates(" ".join(words[:n])))
               for n in range(len(words) - 1, 0, -1))


@functools.lru_cache(maxsize=4096)
def _common_english(word: str) -> bool:
    """Return whether a capitalised word is a common English word ("Felt", "Said"), not a syllable of a name.

    At least 30 in a million English words (Zipf 4.5: "felt" 5.1; "il" 4.3, "kuan" 2.8 are not);
    a hyphenated word ("Kuan-Hua", "En-lai") is a name.
    """
    if "-" in word or "'" in word or "’" in word:
        return False
    return word.lower() in words_at_least(4.5)


def _known_surname_first(ctx: Context, words: list[str]) -> bool:
    """Return whether a titled name is a known person's surname followed by English words ("Yeh Felt", "Dulles Residence")."""
    found = ctx.registers.candidates(words[0], "person")
    if not found or found[0][0] < 2 or _known(ctx, " ".join(words)):
        return False
    return all(_common_english(word) for word in words[1:])


def _same_person(ctx: Context, name: str) -> str | None:
    """Return the one register person a new full name is a spelling of ("Vera B. Whitehouse" for "Whitehouse, Vira").

    Same family name and the same first initial, and no middle initial that disagrees.
    """
    found = parts(name)
    if found is None or not found.given:
        return None
    initials = [g[0] for g in found.given]
    same = []
    for rank, kind, ident in ctx.registers.candidates(found.family, "person"):
        entry = ctx.registers.get(kind, ident)
        other = parts(entry.main, ctx.registers.inverted) if entry else None
        if rank < 2 or other is None or other.family != found.family or not other.given:
            continue
        theirs = [g[0] for g in other.given]
        if theirs[0] == initials[0] and all(a == b for a, b in zip(theirs[1:], initials[1:])):
            same.append(ident)
    return same[0] if len(same) == 1 else None


def _propose(ctx: Context, name: str, evidence: str, title: str = "") -> None:
    if name.endswith(_POSSESSIVE):
        name = name[:-2]
    if name and not _known(ctx, name):
        same = _same_person(ctx, name) if " " in name else None
        if same is not None:
            entry = ctx.registers.get("person", same)
            ctx.registers.propose("person", entry.main, forms=(("variant", name),))
            return
        ident = ctx.registers.propose("person", name, evidence=evidence)
        ctx.proposed += 1
        title = _TITLE_TABLE.get(title, "")
        entry = ctx.registers.get("person", ident)
        if title and title not in COURTESY and entry is not None and not entry.offices:
            # The title is what the document says of the person: "President Johnson" is not "Admiral Johnson".
            entry.offices.append(Office(title))


def propose_signer(ctx: Context, name: str, line: str) -> None:
    """Propose the person a signature line names, with the line as evidence; not an outline's heading ("A. Economic Aid")."""
    words = name.split()
    spelled = [w for w in words if len(w.rstrip(".")) > 1]
    if len(spelled) < len(words) and all(_common_english(w) for w in spelled):
        return  # an initial before nothing but English words heads a section; it signs nothing
    _propose(ctx, name, line)


def _matches(pattern: re.Pattern, text: str):
    """Yield the matches of pattern.finditer(text) that no word character, full stop, apostrophe or hyphen precedes."""
    pos = 0
    while True:
        match = pattern.search(text, pos)
        if match is None:
            return
        start = match.start()
        if start and (text[start - 1].isalnum() or text[start - 1] in "_.’'-"):
            pos = start + 1  # as the lookbehind would: the next match may start inside this one
            continue
        yield match
        pos = match.end() if match.end() > start else start + 1


def read_document(ctx: Context, texts: list[str], headings: list[str] = (), notes: list[str] = ()) -> None:
    """Read a whole document before encoding it: propose the persons it makes clear, count full mentions.

    Proposals come from a personal title or an office before a name ("Ambassador Alan G.
    Kirk", "Mr. Doherty"), a forename with initials ("Samuel D. Berger"), in headings a name
    after an office ("Special Assistant (Rostow)"), and the editors' notes that identify a
    person ("Avery F. Peterson, Counselor at the US Embassy in Canberra."), with the note's
    description; never an office, an adjective, an acronym, a month or a word of an
    institution's name. `notes` are among `texts` too.
    """
    common = ctx.common = _common_words(texts)
    for note in notes:
        # "X, Ambassador to Y; Z, Counsellor." names two; "Source: ... Top Secret; Limit Distribution." none.
        for segment in note.split("; "):
            if not _identified(ctx, segment.strip(), common):
                break
    for text in list(headings) + list(texts):
        for match in _matches(_TITLED, text):
            words = _clean_name(_NAME_WORD.findall(match.group("name")), common, ctx)
            name = " ".join(words)
            if not name:
                continue
            title = match.group("title").rstrip(".")
            single = len(words) == 1
            if not single and _known_surname_first(ctx, words):
                continue  # "Ambassador Yeh Felt it would ...", "Secretary Dulles’ Residence": the title names Yeh
            # A lone word after an office could be anything; after a personal title it is a name.
            if single and title not in _PERSONAL and _TITLE_TABLE.get(match.group("title")) in ("Chief", "Director",
                                                                                               "Delegate"):
                continue
            _propose(ctx, name, match.group(0)[:len(match.group("title")) + 1 + len(name)], match.group("title"))
        for match in _INITIALS_NAME.finditer(text):
            letters = match.group("initials").replace(".", "").replace(" ", "")
            # ("U.S. M. Mayer": a country's initials and a "Monsieur" are no one's initials.)
            if letters not in _ABBREVIATIONS and letters[:2] not in _ABBREVIATIONS and letters[:3] not in _ABBREVIATIONS and not _bad_word(match.group("surname").split()[-1], common, ctx):
                _propose(ctx, match.group("initials").strip() + " " + match.group("surname"), match.group(0))
        for match in _matches(_FULL_NAME, text):
            words = match.group("name").split()
            if match.group("initial"):
                # ("A. Economic Aid", "B. Soviet Policy": an outline's letter opening a line is no initial;
                # nor is Monsieur's, "M. Jean Monnet"; "H. E. Avraham Harman", "P. S. George Ball", "R. H.
                # Van Deman": the name began before.)
                if match.group("initial") == "M." or not text[:match.start()].strip(" ") \
                        or text[:match.start()].rstrip(" ").endswith("\n") \
                        or _INITIAL_BEFORE.search(text, max(0, match.start() - 3), match.start()) \
                        or any(_bad_word(w, common, ctx) for w in words[1:] if len(w) > 2):
                    continue
            elif any(_bad_word(w, common, ctx) for w in (words[0], words[-1])):
                continue
            _propose(ctx, match.group("name"), match.group("name"))
        for match in _BY.finditer(text) if " by " in text else ():
            if not match.start() or not (text[match.start() - 1].isalnum() or text[match.start() - 1] in "_-"):
                _propose_list(ctx, text, match.end(), common)
    for text in headings:
        for match in _OFFICE_NAME.finditer(text):
            words = _clean_name(match.group("name").split(), common, ctx)
            if words and len(words) == len(match.group("name").split()):
                _propose(ctx, " ".join(words), match.group(0).strip())
    for text in list(headings) + list(texts):
        for start, end, form in _forms(text, ctx):
            found = ctx.registers.candidates(form)
            if found and found[0][0] < 2 and len([c for c in found if c[0] == found[0][0]]) == 1:
                ident = found[0][2]
                ctx.present[ident] = ctx.present.get(ident, 0) + 1


def _propose_list(ctx: Context, text: str, pos: int, common: frozenset[str]) -> None:
    """Propose the persons of a "Drafted by ..." list: names (titles dropped) joined by commas and "and"."""
    while True:
        item = _LIST_ITEM.match(text, pos)
        if item is None:
            return
        words = _NAME_WORD.findall(item.group("name"))
        while words and (is_title_word(words[0]) or words[0].endswith("s") and is_title_word(words[0][:-1])):
            words.pop(0)  # ("Ambassador Kirk", "Presidents Nixon and Pompidou")
        if len(words) == 1 and ctx.registers.given_name(words[0]):
            words = []  # "cleared by McGeorge and William Bundy": a forename the next name completes
        name = " ".join(_clean_name(words, common, ctx))
        if name and len(name.split()) == len(words):
            _propose(ctx, name, text[pos:item.end("name")])
        if not item.group("sep"):
            return
        pos = item.end()


def named_in_full(ctx: Context, text: str) -> frozenset[str]:
    """Return the ids of the persons a text names by a form that names them alone ("Vice Premier Kim Il")."""
    found = set()
    for _, _, form in _forms(text, ctx):
        candidates = ctx.registers.candidates(form, "person")
        if candidates and candidates[0][0] < 2 and len([c for c in candidates if c[0] == candidates[0][0]]) == 1:
            found.add(candidates[0][2])
    return frozenset(found)


# An editors' note that identifies a person: the name, then its description up to the sentence's end.
_IDENTIFICATION = re.compile(r"(?P<name>[^,.;:()]+?(?:\.[^,.;:()]+?)*?)(?:, (?P<description>.+?))?"
                             r"(?:(?<![A-Z])(?<!\b[A-Z][a-z])\.(?=\s|$)|;|\Z)")
_NAME_PART = re.compile(r"(?:[A-Z]\.){1,3}|[A-Z]\.?|[A-Z][a-z’']+(?:-[A-Z][a-z’']+)*|Mc[A-Z][a-z]+|de|van|von|bin|ibn")
# A description goes on after a comma with these words only ("formerly Dean ..., presently a member ...").
_GOES_ON = frozenset("a an the former formerly then later presently at of in for to from until also "
                     "acting deputy".split())
# What a description names a person as besides the titles ("Head of ...", "a member of ...").
_ROLE_WORDS = frozenset("head officer member adviser advisor leader official delegate representative agent "
                        "clerk attaché attache diplomat journalist correspondent editor counsellor counselor "
                        "secretary minister ambassador consul envoy commissioner governor premier president "
                        "chairman chief director manager spokesman economist professor lecturer expert".split())


def _identified(ctx: Context, note: str, common: frozenset[str]) -> bool:
    """Propose the person an editors' note identifies, with the note's description of them.

    "Philip C. Jessup, United States Ambassador at large.", "Sir Horace Seymour.", "Maj Gen
    John Seely, Secretary for War 1912-14. See Letter 21.": the note opens with the name
    (titles, forenames or initials, a surname) and, after a comma, says who the person is.
    A person the registers know gets the description when they have none. Return whether
    the note opens with an identification.
    """
    match = _IDENTIFICATION.match(note)
    if match is None:
        return False
    words = match.group("name").split()
    titles = 0
    while titles < len(words) - 1 and is_title_word(words[titles]):
        titles += 1
    names = words[titles:]
    if not names or len(names) > 5 or len(names) == 1 and not titles:
        return False  # a surname alone is no identification ("Butterworth, located on the coast")
    if not all(_NAME_PART.fullmatch(w) for w in names) or _INITIAL_ONLY.fullmatch(names[-1]):
        return False
    if any(w.endswith(_POSSESSIVE) for w in names):
        return False  # "Presumably Wilson’s Fourteen Points": a possessive ends a name, it is no part of one
    if any(_bad_word(w, common, ctx) for w in names if not _INITIAL_ONLY.fullmatch(w) and w[:1].isupper()):
        return False
    description = _description(match.group("description") or "")
    # "Sir Horace Seymour", "Lord Wavell" keep the title that is part of how they are named; others go.
    kept = next((i for i, w in enumerate(words[:titles]) if w.rstrip(".") in ("Sir", "Dame", "Lord", "Lady")), titles)
    name = " ".join(words[kept:])
    if _known(ctx, name):
        found = ctx.registers.candidates(name, "person")
        if description and found and len([c for c in found if c[0] == found[0][0]]) == 1:
            entry = ctx.registers.get("person", found[0][2])
            if entry is not None and not entry.info.get("description"):
                ctx.registers.propose("person", entry.main, description=description)
        return True
    ident = ctx.registers.propose("person", name, evidence=note[:match.end()].strip(), description=description)
    ctx.proposed += 1
    entry = ctx.registers.get("person", ident)
    if entry is not None and description and not entry.offices:
        entry.offices.extend(offices(description))
    return True


_INITIAL_BEFORE = re.compile(r"[A-Z]\. ?\Z")
_INITIAL_ONLY = re.compile(r"(?:[A-Z]\.?){1,3}")


def _description(text: str) -> str:
    """Return what a note says of a person, up to where it goes on about something else."""
    parts = text.split(", ")
    kept = [parts[0]]
    for part in parts[1:]:
        # ("Head, Pacific Division": a bare office goes on with its domain.)
        if part.split(" ", 1)[0] not in _GOES_ON and not part[:1].isdigit() and " " in kept[-1]:
            break
        kept.append(part)
    description = ", ".join(kept).strip()
    written = description.split()
    words = {w.lower().strip(".,") for w in written}
    capitalised = [w for w in written if w[:1].isupper()]
    if not description or not (words & _ROLE_WORDS or any(is_title_word(w) for w in capitalised)):
        return ""  # "Warren Randolph Burgess, The Reserve Banks and the Money Market": a book, not an office
    if len(capitalised) == len(written) > 1 and is_title_word(written[0]) and _NAME_PART.fullmatch(written[-1]) \
            and not is_title_word(written[-1]):
        return ""  # "J.A. Hammond, Captain J.R. Baird, ...": a list of persons
    return description


def _forms(text: str, ctx: Context):
    """Yield (start, end, form) of the longest known form at each word that opens one, left to right."""
    aliases = ctx.aliases
    registers = ctx.registers
    widest = registers.widest()
    pos = 0
    for match in _CAPITAL.finditer(text):
        start = match.start()
        if start < pos or start and (text[start - 1].isalnum() or text[start - 1] in _WORD_CHARS):
            continue
        word = match.group()
        base = word[:-2] if word.endswith(_POSSESSIVE) else word
        # (A particle ends in a lower-case letter and a space: the regex runs only where one may stand.)
        particle = (_PARTICLE_BEFORE.search(text, max(0, start - 12), start)
                    if start > 1 and text[start - 1] == " " and text[start - 2].islower() else None)
        if particle is not None:
            start = particle.start()
        elif not (registers.opens(base) or base in aliases or _acronym_word(base, registers)
                  or "’" in base and registers.opens(base.replace("’", "'"))):  # (forms are keyed so: "Rifa’i")
            spelled = _in_capitals(text, start, base, registers) if base.isupper() and len(base) > 2 else None
            if spelled is not None:
                yield start, start + len(base), spelled
                pos = start + len(base)
            continue
        found = _longest(text, start, match.end(), widest, ctx)
        if found is None and particle is not None:
            start = match.start()
            found = _longest(text, start, match.end(), widest, ctx) if registers.opens(norm_form(base)) else None
        if found is None:
            continue
        end, form = found
        yield start, end, form
        pos = end


def _in_capitals(text: str, start: int, word: str, registers) -> str | None:
    """Return the form a surname in capitals after a title in capitals spells ("SECRETARY RUSK", "DEAR MR. STASSEN").

    A short form is not matched in capitals anywhere ("KIM" may be an acronym): only where a
    title or a salutation in capitals stands before it.
    """
    if len(word) < 3 or not word.isupper():
        return None
    before = _CAPITALS_BEFORE.search(text, max(0, start - 16), start)
    if before is None or not (before.group(1) == "DEAR" or is_title_word(before.group(1).capitalize())):
        return None
    return registers.spelled(word)


def _longest(text: str, start: int, first_end: int, widest: int, ctx: Context) -> tuple[int, str] | None:
    """Return (end, form) of the longest known form starting at start, or None."""
    ends = [first_end]
    while len(ends) < widest:
        found = _NEXT_TOKEN.match(text, ends[-1])
        # Names continue over capitalised words, initials and a few connectors only.
        if found is None:
            break
        token = found.group("token")
        # ("deB." of "Nicholas deB. Katzenbach" is an initial too.)
        if not (token[0].isupper() or token in _CONNECTORS or found.group("gap") == "-"
                or not token.islower() and len(token) <= 4):
            break
        ends.append(found.end())
    for end in reversed(ends):
        form = norm_form(text[start:end])
        if form.endswith(_POSSESSIVE) and not ctx.registers.has_form(form) and form not in ctx.aliases:
            form, end = form[:-2], end - 2
        if ctx.registers.has_form(form) or form in ctx.aliases:
            return end, form
        if ctx.registers.has_form(form + "."):
            return end + 1, form + "."
    form = text[start:first_end]
    if _acronym_word(form, ctx.registers) and any(c[1] != "person" for c in ctx.registers.candidates(form.upper())):
        return first_end, form.upper()
    return None


def _acronym_word(word: str, registers) -> bool:
    """Return whether a word is an organisation's or a place's acronym written as a word ("Euratom" for EURATOM).

    Not when the word is English ("Care" is no CARE) or a person's name.
    """
    return (len(word) >= 4 and word[1:].islower() and word.isalpha() and registers.opens(word.upper())
            and word.lower() not in words_at_least(3.0))


# -- linking ----------------------------------------------------------------------------------------

def may_name(text: str, ctx: Context) -> bool:
    """Return whether text has a word that could open a name or a titled name."""
    registers, aliases = ctx.registers, ctx.aliases
    for word in _CAPITAL.findall(text):
        base = word[:-2] if word.endswith(_POSSESSIVE) else word
        if registers.opens(base) or base in aliases or base in _TITLE_WORDS \
                or "’" in base and registers.opens(base.replace("’", "'")):
            return True
        if base in _LETTER_WORDS:
            return True  # (a forename in a salutation or a closing: see _letter_forenames)
        if base.isupper() and base.capitalize() in _TITLE_WORDS:
            return True  # ("SECRETARY RUSK", "DEAR MR. STASSEN": see _in_capitals)
    return " de " in text or " van " in text or " von " in text


def _part_of_other_name(ctx: Context, text: str, start: int, end: int, titled: bool = False) -> bool:
    """Return whether a short form sits inside a longer proper name ("White House", "Huang Huoqing").

    A name before what persons give their names to ("the Ball Committee", "Johnson Library",
    "the Marshall Plan") is a mention of the person, as historians tag it.
    """
    if _ARTICLE_AFTER.match(text, end):
        return True
    after = _NEXT_TOKEN.match(text, end)
    if after is not None and text[end] == " " and after.group("token")[0].isupper():
        token = after.group("token")
        # (A register name after it is no list either: "Tran Van Minh", "Cao Xuan Vy" are one name each;
        # after a title, a common word of the document is not ("Dr. Kissinger No.").)
        if not (is_title_word(token) or token in _MONTHS or token in _STOP or token in ("I", "A")
                or token in _EPONYMOUS or titled and (token.lower() in ctx.common or not ctx.registers.opens(token)
                                                      and _common_english(_TOKEN.match(text, after.start("token")).group()))):
            return True
    if titled:
        return False  # the title stands before it
    # "Abdul Munim Ar-Rifai" is not Samir al-Rifai: an article joined to the surname is read past.
    article = _ARTICLE_BEFORE.search(text, max(0, start - 4), start)
    if article is not None:
        start = article.start()
    before = text[max(0, start - 30):start]
    previous = _WORD_BEFORE.search(before)
    word = previous.group(1) if previous else ""
    # A forename before it ("Chong Kap Kim"), not an office ("Assistant for ... Affairs Kissinger", "VM Chiao").
    # ("Generals Minh and Don": a title in the plural.)
    if word and not (is_title_word(word) or word.endswith("s") and is_title_word(word[:-1]) or word in _STOP
                     or word in _INSTITUTION or _ADJECTIVE.match(word) or word.lower() in ctx.common
                     or _own_forename(ctx, word, text[start:end])):
        # "Cape Kennedy": a capitalised word before, unless it opens a sentence or a line.
        ahead = before[:previous.start()].rstrip(" ")
        return bool(ahead) and not ahead.endswith((".", ":", ";", "\n", "(", "\"", "“", ",", "!", "?", "—", "–", "-"))
    return False


def _own_forename(ctx: Context, word: str, form: str) -> bool:
    """Return whether a word before a surname may be the person's own forename, short or familiar.

    "Doug Dillon", "Phil Talbot", "Mel Laird", "Said Mufti": the surname names one person of the
    register, and the word begins with the initial of one of their given names ("Cape Kennedy" and
    "Chong Kap Kim" do not, or their surname names several).
    """
    found = ctx.registers.candidates(norm_form(form), "person")
    if not found or any(c[2] != found[0][2] for c in found):
        return False
    entry = ctx.registers.get("person", found[0][2])
    named = parts(entry.main, ctx.registers.inverted) if entry is not None else None
    return bool(named and named.given and any(given[:1] == word[:1] for given in named.given))


def _forename_start(ctx: Context, text: str, start: int, form: str, spans) -> int:
    """Return where a surname's mention starts: at the person's own forename before it ("Doug Dillon"), else at it."""
    previous = _WORD_BEFORE.search(text, max(0, start - 30), start)
    if previous is None or not _own_forename(ctx, previous.group(1), form):
        return start
    if _SENTENCE_START.search(text, max(0, previous.start() - 8), previous.start()):
        return start  # ("Subsequently Rifai dined": a word opening a sentence may be any word)
    if any(span.start < start and previous.start() < span.end for span in spans):
        return start
    return previous.start()


def _not_a_mention(text: str, start: int, end: int, form: str, kind: str) -> bool:
    """Return whether a known form is here a word of something else than a mention of the person.

    An archive named after the person ("Eisenhower Library"), a combining form ("Franco-German"),
    the first part of a hyphenated word ("Shih Yen-hua": "Yen" is no one here).
    """
    if kind == "person" and _ARCHIVE.match(text, end):
        return True  # (an organisation's files are still its own: "JCS Files", "NSC Files")
    if text[end:end + 1] == "-":
        # (A dash before a word is no hyphen: "North Vietnam-are at the front".)
        return (kind == "person" and bool(_SYLLABLE_AFTER.match(text, end))
                or form.endswith("o") and bool(_COMBINING.match(text, end)))
    if text[start - 1:start] == "-" and _COMPASS.search(text, max(0, start - 7), start):
        return True  # "East-West contacts"
    words = form.split()
    if len(words) == 2 and is_title_word(words[0]):
        # "Sir Frank" of Sir Frank Roberts is not "Sir Frank Lee": a title and a forename end the name.
        after = _NEXT_TOKEN.match(text, end)
        return bool(after and after.group("gap") == " " and after.group("token")[0].isupper()
                    and not is_title_word(after.group("token")) and after.group("token") not in _STOP)
    return False


# A letter that stands for a number or a part ("$X", "X billion", "Vol. X", "Annex B") is no one named by a letter.
_LETTER_BEFORE = re.compile(r"(?:\$|\d|\.|(?<![\w.])(?:Vol|Volume|Annex|Part|Chapter|Article|Section|Title|Tab|Table|"
                            r"Appendix|Attachment|Enclosure|Document|Plan|Phase|Option|Case|Group|Class|No|Nos)\.? )\Z")
_LETTER_AFTER = re.compile(r" (?:thousand|million|billion|percent|per cent|dollars)\b|[-–—/]\w|\.\w")


_CLOSINGS = ("Faithfully", "Sincerely", "Cordially", "Respectfully", "Affectionately", "Ever")
_LETTER_WORDS = frozenset(("Dear", "DEAR") + _CLOSINGS)
_LETTER_HINTS = ("Dear ", "DEAR ", "ly,", "ly yours,", "ly Yours,", "Ever,", "Ever yours,")
# A letter's salutation and closing name its addressee and writer, often by a forename alone
# ("Dear Foster:", "DEAR SELWYN:", "Faithfully yours, Foster").
_SALUTATION = re.compile(r"(?<![\w-])(?:Dear|DEAR) (?P<name>[A-Z][A-Za-z]+)(?=[:,])"
                         r"|(?:" + "|".join(_CLOSINGS) + r")(?: [Yy]ours)?,\s+"
                         r"(?P<closer>[A-Z][a-z]+)(?![\w’'-]| [A-Z])")


def _letter_forenames(skel: Skeleton, ctx: Context) -> None:
    """Link a forename in a salutation or a closing to the one person with that given name.

    One person of the register has it, or one of those the document has named so far or names
    in full; otherwise it stays unlinked (never guessed).
    """
    text = skel.text
    if not any(word in text for word in _LETTER_HINTS):
        return
    for match in _SALUTATION.finditer(text):
        group = "name" if match.group("name") else "closer"
        start, end = match.span(group)
        written = match.group(group)
        if any(span.start < end and start < span.end for span in skel.spans):
            continue
        ids = ctx.registers.given_name(written if not written.isupper() else written.capitalize())
        if len(ids) > 1:
            ids = tuple(i for i in ids if i in ctx.recent or ctx.present.get(i))
        if len(ids) != 1:
            continue
        ref = ctx.cite("person", ids[0])
        skel.spans.append(Span(start, end, name_element("person", ref), ref))


def find_names(skel: Skeleton, ctx: Context) -> None:
    """Add a span for every register name in the skeleton, in text order."""
    text = skel.text
    existing = [(span.start, span.end) for span in skel.spans]
    for start, end, form in _forms(text, ctx):
        if existing and any(a < end and start < b for a, b in existing):
            continue
        found = ctx.registers.candidates(form)
        if _not_a_mention(text, start, end, form, found[0][1] if found else "person"):
            continue
        if len(form) == 1 and (_LETTER_BEFORE.search(text, max(0, start - 13), start) or _LETTER_AFTER.match(text, end)):
            continue
        # (A one-word form of a person, "Xuan" for Mai Huu Xuan or an entry named "Minh" alone, is read as a surname is.)
        short = form not in ctx.aliases and (not found or found[0][0] >= 2 or " " not in form and found[0][1] == "person")
        titled = None
        if short:
            # "Secretary Rusk", "the President's Special Assistant for National Security Affairs (Bundy)".
            titled = title_at_end(text[max(0, start - 64):start] if text[start - 1:start] != "(" else
                                  text[max(0, start - 81):start - 1] + " ")
        if short and titled is None and form in _COMPASS_POINTS and not _SENTENCE_START.search(text, max(0, start - 8),
                                                                                             start):
            continue
        if short and _part_of_other_name(ctx, text, start, end, titled is not None):
            continue  # "White House", "Cape Kennedy", "Huang Huoqing", "Captain Perry Arnold": part of another name
        if (short and titled is None and (form.lower() in ctx.common or form.lower() in _GRAMMAR
                                          and not text.startswith(_POSSESSIVE, end))
                and _SENTENCE_START.search(text, max(0, start - 8), start)):
            continue  # "Do not think ...", "Can we ...": a common word opening a sentence, not Tran Van Do
        if (short and titled is None and not is_title_word(form) and _THE_BEFORE.search(text, max(0, start - 4), start)
                and _THE_AFTER.match(text, end)):
            continue  # "the West.", "the Church and": a region or an institution
        if short and titled is None:
            start = _forename_start(ctx, text, start, form, skel.spans)
        unresolved = len(ctx.unresolved)
        hit = resolve(ctx, form, titled is not None, title=titled[1] if titled else "", others=ctx.others)
        if hit is None:
            if len(ctx.unresolved) > unresolved:
                # Several persons fit as well: a name all the same, left for the editors to decide.
                skel.spans.append(Span(start, end, _undecided, ""))
            continue
        kind, ident = hit
        if kind == "place" and not placed(text, start, end):
            continue  # "Canberra Times", "Bank of England", "Mr. Moscow": a word of another name
        ref = ctx.cite(kind, ident)
        # Names found here never cross each other (left to right) nor the spans checked above.
        skel.spans.append(Span(start, end, name_element(kind, ref), ref))
    _letter_forenames(skel, ctx)
