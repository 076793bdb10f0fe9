"""How a person may be named: the parts of a register name, the forms derived from them, titles and offices.

A register gives a person's main form and variants as the editors write them: in reading
order ("Avery F. Peterson"), inverted ("Ball, George W.", "Home, Lord (Alexander Frederick
Douglas-Home)") or family name first ("Kim Chong-pil", "Nguyen Van Thieu"). From each form
teikit derives the ways a text names the person: forename and surname without middle names
or initials ("George Ball"), initials and surname ("G. W. Ball", "C.K. Yen" for "Yen
Chia-kan"), a title and the surname ("General McNaughton") and, as a short form decided by
the document, the surname alone ("Ball", "Kim"; "Thieu" for Vietnamese names). Descriptions
("Under Secretary of State January 30, 1962–September 30, 1966; thereafter ...") give
offices with dates, which tell apart persons with one surname ("President Johnson").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass


# Canonical title = the ways texts write it. Text titles are matched case-sensitively, longest first.
_TITLE_TABLE = """
Mr = Mr. | Mister ; Mrs = Mrs. ; Ms = Ms. ; Miss ; Dr = Dr. | Doctor ; Sir ; Dame ; Lord ; Lady
Madame = Mme | Mme. | Madam ; Monsieur ; Herr ; Frau ; Comrade = Cde | Cde. ; Professor = Prof | Prof.
Father = Fr. ; Reverend = Rev | Rev. ; Monsignor = Msgr. ; Sheikh = Shaikh ; Prince ; Princess ; Crown Prince
King ; Queen ; Emperor ; Empress ; Shah ; Sultan ; Emir = Amir ; Pope ; Cardinal ; Archbishop ; Bishop ; Rabbi
Imam ; Marquess ; Earl ; Viscount ; Baron ; General = Gen | Gen. ; Lieutenant General = Lt Gen | Lt. Gen. | LtGen | Lieutenant-General | Lt-Gen
Major General = Maj Gen | Maj. Gen. | MajGen | Major-General | Maj-Gen ; Brigadier General = Brig Gen | Brig. Gen. | BGen | Brigadier-General
Brigadier = Brig. ; Colonel = Col | Col. ; Lieutenant Colonel = Lt Col | Lt. Col. | Lieutenant-Colonel | Lt-Col | Lt.-Col. ; Major = Maj.
Captain = Capt | Capt. ; Lieutenant = Lt | Lt. ; Admiral = Adm | Adm. ; Vice Admiral = VAdm | Vice Adm. | Vice-Admiral
Rear Admiral = RAdm | Rear Adm. | Rear-Admiral ; Fleet Admiral ; Commodore ; Commander = Cdr | Cdr. ; Marshal
Field Marshal ; Air Marshal ; Air Chief Marshal ; Air Vice-Marshal = Air Vice Marshal ; Sergeant = Sgt | Sgt.
President = Pres | Pres. ; Vice President = Vice-President ; President-elect ; Prime Minister = PM | PriMin | Prime Min.
Premier ; Vice Premier ; Deputy Prime Minister ; Chancellor ; Vice Chancellor ; Chairman = Chmn
Vice Chairman ; Secretary = Secy | Secy. | Secty | Secty. | Sec. ; Under Secretary = Undersecretary | UnderSec | Under Sec. | Under-Secretary
Assistant Secretary = Asst Secy | Asst. Secy. | AsstSec ; Deputy Secretary ; Deputy Under Secretary
Deputy Assistant Secretary ; Secretary-General = Secretary General | SecGen ; Minister = Min.
Foreign Minister = FonMin | Foreign Min. ; Defense Minister = Defence Minister ; Vice Minister ; Deputy Minister
Vice Foreign Minister = Vice FonMin | VFM ; Vice Minister = VM ; Ambassador = Amb | Amb. | Ambassador-designate ; Counselor = Counsellor
Minister-Counselor ; Consul ; Consul General = Consul-General | ConGen ; Chargé = Charge | Chargé d'Affaires
High Commissioner ; Commissioner ; Governor = Gov | Gov. ; Senator = Sen | Sen. ; Congressman = Congresswoman
Representative = Rep | Rep. ; Speaker ; Mayor ; Director ; Deputy Director ; Administrator ; Judge ; Justice
Special Assistant ; Assistant
Chief Justice ; Attorney General ; Envoy ; Delegate ; Chief ; Secretary of State = SecState ; Generalissimo
"""


def _titles() -> dict[str, str]:
    table: dict[str, str] = {}
    for entry in _TITLE_TABLE.replace("\n", " ; ").split(";"):
        canonical, _, written = entry.partition("=")
        canonical = canonical.strip()
        if canonical:
            table[canonical] = canonical
            for form in written.split("|"):
                if form.strip():
                    table[form.strip()] = canonical
    return table


TITLES: dict[str, str] = _titles()
# "Secretary of State Rusk", "Special Assistant for National Security Affairs (Bundy)": an office named with its domain.
_OFFICE_OF = re.compile(r"(?<![\w-])(?P<title>" + "|".join(re.escape(t) for t in sorted(set(TITLES.values()), key=len,
                                                                                     reverse=True) if " of " not in t)
                        + r") (?:of|for) (?:the )?(?P<domain>[A-Z][\w.-]*(?: (?:and |of |for |the )?[A-Z][\w.-]*){0,4})\Z")
# Canonical title -> the ways of writing it in full (no abbreviations): "Sheikh" -> Sheikh, Shaikh.
_WRITTEN: dict[str, list[str]] = {}
for _written, _canonical in TITLES.items():
    if not _written.endswith(".") and not (_written.isupper() and len(_written) < 4) and \
            (_written == _canonical or len(_written) >= len(_canonical) - 1):
        _WRITTEN.setdefault(_canonical, []).append(_written)
# Titles used with the forename ("Sir Hubert", "King Hussein") and with the title of a peerage ("Lord Home").
_FORENAME_TITLES = frozenset("Sir Dame Sheikh Prince Princess Crown Prince King Queen Emperor Empress Shah Sultan Emir "
                             "Imam".split()) | {"Crown Prince"}
_PEERAGE = frozenset("Lord Lady Marquess Earl Viscount Baron".split())
# Titles of address a register writes in a name ("Nhu, Madame"): with the surname they name the person.
_ADDRESSED = frozenset("Madame Mrs Miss Ms Frau".split())
# Titles that say nothing about an office (any person may bear them).
COURTESY = frozenset("Mr Mrs Ms Miss Dr Sir Dame Lord Lady Madame Monsieur Herr Frau Comrade Professor Father "
                     "Reverend Monsignor".split())
# A military rank stands for its grades ("Admiral Felt" for a Vice Admiral).
_GRADES = {"General": ("Lieutenant General", "Major General", "Brigadier General", "Generalissimo"),
           "Admiral": ("Vice Admiral", "Rear Admiral", "Fleet Admiral"),
           "Marshal": ("Field Marshal", "Air Marshal", "Air Chief Marshal", "Air Vice-Marshal"),
           "Secretary": ("Secretary of State",), "Minister": ("Foreign Minister", "Defense Minister"),
           "Colonel": ("Lieutenant Colonel",), "Consul": ("Consul General",),
           "Prime Minister": ("Premier",), "Premier": ("Prime Minister",)}
_TITLE_WORDS = frozenset(w for t in TITLES for w in t.replace(".", " ").split())
_TITLE_SORTED = sorted(TITLES, key=len, reverse=True)
_LONGEST_TITLE = len(_TITLE_SORTED[0])
# A title that ends a text, no letter, digit, hyphen or apostrophe before it (an underscore may stand there).
_TITLE_AT_END = re.compile(r"(?<![^\W_])(?<![-'’])(?:" + "|".join(re.escape(t) for t in _TITLE_SORTED) + r")\Z")

_INITIAL = re.compile(r"^[A-Z]\.?$|^(?:[A-Z]\.){2,3}$")
_SYLLABLE = re.compile(r"^(?:[bcdfghjklmnpqrstvwxz]{0,3}[aeiouy]{1,3}(?:ng|nh|ch|rk|n|m|r|l|k|p|t|h)?)$", re.I)
_PAREN = re.compile(r"\s*\((?P<inner>[^()]*)\)\s*")
_SUFFIXES = frozenset("Jr. Jr Sr. Sr II III IV".split())
_PATRONYMIC = frozenset(("ibn", "bin", "bint", "ben"))
_QUOTED = re.compile(r"[“\"](?P<nick>[^”\"]+)[”\"]")
_PARTICLES = frozenset("de du da di del della dos van von der den ter le la al el ibn bin ben".split())


@dataclass(frozen=True)
class NameParts:
    """A register name split into family name, given names, titles and suffix."""

    family: str
    given: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    suffix: str = ""
    family_first: bool = False
    # Neither order is certain ("Huang Hua"): both words may stand alone.
    either_order: bool = False
    # An Arabic name with a patronymic ("Hussein ibn Talal"): known by the given name.
    patronymic: bool = False


def _syllabic(word: str) -> bool:
    return all(_SYLLABLE.match(part) for part in word.split("-") if part)


def _take_titles(words: list[str]) -> list[str]:
    """Remove the titles that open a list of words ("Vice Admiral A.K." -> "A.K."); return them."""
    titles = []
    while words:
        for size in (3, 2, 1):
            written = " ".join(words[:size])
            if size <= len(words) and written in TITLES:
                titles.append(TITLES[written])
                del words[:size]
                break
        else:
            return titles
    return titles


@functools.lru_cache(maxsize=16384)  # (a register's names are parsed again and again; NameParts is frozen)
def parts(form: str, inverted_convention: bool = False) -> NameParts | None:
    """Return the parts of a person's name form, or None when it has no family name.

    A comma inverts ("Ball, George W.", "Hoover, Herbert C., Jr."); without one the name is
    family name first when the register writes Western names inverted, or when it is made of
    romanised syllables with a hyphenated given name or three words ("Kim Chong-pil", "Nguyen
    Van Thieu"); otherwise the family name is the last word with its particles ("Charles de Gaulle").
    """
    form = " ".join(_PAREN.sub(" ", form).split()).strip(" ,;") if "(" in form else form.strip(" ,;")
    head, comma, rest = form.partition(",")
    rest_words = rest.replace(",", " ").split()
    titles = _take_titles(rest_words)
    suffix = ""
    while rest_words and rest_words[-1] in _SUFFIXES:
        suffix = rest_words.pop()
    if rest_words and rest_words[0] in _SUFFIXES:
        suffix, rest_words = rest_words[0], rest_words[1:]
    # Trailing titles ("Pham Ngoc Thao, Colonel"; "Hughes, Thomas L. Director") are not given names.
    while rest_words and rest_words[-1].rstrip(".") in TITLES and not _INITIAL.match(rest_words[-1]):
        titles.append(TITLES[rest_words.pop().rstrip(".")])
    head_words = head.split()
    if len(head_words) > 1 or not comma:
        titles = _take_titles(head_words) + titles  # "Lord, Winston" is Mr. Lord
    # Titles amid the names ("Nasser Colonel Gamal Abdel") are titles all the same.
    for words in (head_words, rest_words):
        for word in [w for w in words if w in TITLES and len(words) > 1 and w[:1].isupper() and len(w) > 2]:
            titles.append(TITLES[word])
            words.remove(word)
    if not head_words:
        return None
    if comma and rest_words and len(head_words) > 1 and all(_syllabic(w) for w in head_words) and \
            any("-" in w for w in head_words[1:]):
        # "Yeh Chien-ying, Marshall": a whole East Asian name before the comma; what follows describes.
        return NameParts(head_words[0], tuple(head_words[1:]), tuple(titles), suffix, family_first=True)
    if comma and rest_words and rest_words[0].lower() in _PATRONYMIC:
        # "Saud, ibn Abd al-Aziz": a given name and a patronymic; known by the given name.
        return NameParts(" ".join(head_words), (), tuple(titles), suffix)
    if comma and rest_words:
        # "Brentano, Heinrich von": a particle after the given names belongs to the family name.
        family = " ".join(head_words)
        while len(rest_words) > 1 and rest_words[-1][:1].islower():
            particle = rest_words.pop()
            family = f"{particle}{family}" if particle.endswith("-") else f"{particle} {family}"
        return NameParts(family, tuple(rest_words), tuple(titles), suffix)
    words = head_words
    if len(words) > 2 and words[-1] in _SUFFIXES:
        suffix = words.pop()
    if len(words) == 1:
        return NameParts(words[0].rstrip("."), (), tuple(titles), suffix)
    patronymic = next((i for i, w in enumerate(words) if i and w.lower() in _PATRONYMIC), 0)
    if patronymic:
        return NameParts(" ".join(words[patronymic:]), tuple(words[:patronymic]), tuple(titles), suffix,
                         patronymic=True)
    syllabic = all(_syllabic(w) for w in words)
    family_first = inverted_convention and not any(_INITIAL.match(w) for w in words) or syllabic and (
        len(words) >= 3 or any("-" in w for w in words[1:]))
    if family_first:
        return NameParts(words[0], tuple(words[1:]), tuple(titles), suffix, family_first=True)
    cut = len(words) - 1
    while cut > 1 and words[cut - 1][:1].islower():
        cut -= 1  # particles: "Charles de Gaulle", "Ludwig van Beethoven"
    if cut == 1 and words[0][:1].islower():
        return NameParts(" ".join(words).rstrip("."), (), tuple(titles), suffix)
    return NameParts(" ".join(words[cut:]), tuple(words[:cut]), tuple(titles), suffix,
                     either_order=syllabic and len(words) == 2)


def _initials(given: tuple[str, ...]) -> list[str]:
    letters = []
    for word in given:
        for part in word.split("-"):
            if part[:1].isalpha():
                letters.append(part[0].upper())
    return letters


def derived(form: str, inverted_convention: bool = False) -> tuple[list[str], list[str], tuple[str, ...]]:
    """Return (full forms, short forms, titles) derived from one register form.

    Full forms name the person whole ("George Ball", "G. W. Ball", "Sir Hubert Jebb"); short
    forms are what the document must decide ("Ball"); those of the bracketed other spellings
    ("Chow (Chou) Shu-kai": "Chou") follow the main form's, after a None.
    """
    found = parts(form, inverted_convention)
    if found is None:
        return [], [], ()
    form = form.strip()
    full: list[str] = []
    secondary: list[str] = []
    family, suffix = found.family, found.suffix
    # An initial is written with its full stop in the forms ("Robert W Komer" -> "Robert W. Komer").
    given = tuple(g + "." if len(g) == 1 and g.isupper() else g for g in found.given)
    plain_given = [g for g in given if not _INITIAL.match(g)]
    letters = _initials(given)

    def add(*words: str) -> None:
        text = " ".join(w for w in words if w)
        if text and text not in full:
            full.append(text)

    if found.family_first:
        add(family, *given)
        if len(given) == 2 and all(_syllabic(g) for g in given):
            add(family, given[0] + given[1].lower())  # "Kim Chung Yul" is also "Kim Chungyul"
        for index, g in enumerate(given):
            if "-" in g:
                spaced = " ".join(p.capitalize() for p in g.split("-"))
                add(family, *given[:index], spaced, *given[index + 1:])
                add(family, *given[:index], g.replace("-", "").capitalize(), *given[index + 1:])
                add(*given[:index], spaced, *given[index + 1:], family)  # "Sung Eun Kim"
        add(*given, family)  # Western order ("Chia-kan Yen")
        if letters:
            add(".".join(letters) + ".", family)
            add(". ".join(letters) + ".", family)
    elif given:
        add(*given, family)
        if plain_given:
            add(plain_given[0], family)
            for g in plain_given[1:]:
                add(g, family)
        add(given[0], family)
        add(*(g if _INITIAL.match(g) or g is given[0] else g[0] + "." for g in given), family)
        # Initials written without full stops: "Henry A Kissinger", "ER Murrow".
        add(*(g.rstrip(".") for g in given), family)
        if letters and not found.either_order:
            add(". ".join(letters) + ".", family)
            add(".".join(letters) + ".", family)
            add(" ".join(letters), family)
            if len(letters) > 1:
                add("".join(letters), family)
            add(letters[0] + ".", family)
        if suffix:
            for text in list(full):
                add(text + ",", suffix)
                add(text, suffix)
    for title in found.titles:
        # Other titles stay outside the name ("General <persName>McNaughton</persName>") and
        # tell persons apart (see matches_office); these are part of how the person is called.
        for written in _WRITTEN.get(title, ()):
            if title in _FORENAME_TITLES:
                # "Sir Hubert", "Sir Gladwyn Jebb", "King Hussein", "Shaikh Yusuf".
                for g in plain_given[:1] if title not in ("Sir", "Dame") else plain_given:
                    add(written, g)
                    add(written, g, family)
            elif title in _PEERAGE:
                add(written, family)  # "Lord Home"
        if title in _ADDRESSED:
            # "Nhu, Madame" is "Madame Nhu" (Vietnamese usage: the last given name), "Mrs. Roosevelt".
            for written in sorted(w for w, canonical in TITLES.items() if canonical == title):
                add(written, given[-1] if found.family_first and len(given) >= 2 else family)
    short = [family]
    if found.patronymic:
        # "Hussein I ibn Talal", "Faisal ibn Abd al-Aziz": the given name is what a text uses.
        short = [given[0]] if given else short
    elif family[:1].islower():
        # "de Gaulle" also begins sentences as "De Gaulle"; "el-Sadat", "von Brentano" are also "Sadat", "Brentano".
        short.append(family[0].upper() + family[1:])
        core = re.split(r"[ \-–]", family)[-1]  # (an en dash for the hyphen too: "al–Shishakli")
        if core not in short:
            short.append(core)
    elif " " in family and family.split()[1][:1].islower():
        short.append(family.split()[0])  # "Couve de Murville" is "Couve"
    elif "-" in family and all(p[:1].isupper() for p in family.split("-")):
        # "Averoff-Tossizza", "Douglas-Home": either part may stand alone.
        secondary[:0] = [p for p in family.split("-") if len(p) > 2]
    if found.family_first and len(given) >= 2:
        short.append(given[-1])  # Vietnamese usage: "Thieu", "Diem"
    if found.either_order and given:
        short.append(given[-1])
    full = [f for f in full if f != form and f != family]
    inner = _PAREN.search(form)
    # "Home, Lord (Alexander Frederick Douglas-Home)", "Pak Chong-hui (Pak Chung-hui, Park Chung
    # Hee)": the bracketed names are forms too (an inverted one keeps its comma: "(Ball, George)");
    # a bracketed word is another spelling of the word before it ("Nuwar (Nawar, Nuwwar), Ali Abu");
    # a quoted one a nickname ("Duong Van (“Big”) Minh": "Big Minh").
    alternatives = inner.group("inner").split(",") if inner else []
    if len(alternatives) == 2 and len(alternatives[0].split()) == 1 and 1 < len(alternatives[1].split()) <= 3:
        alternatives = [inner.group("inner")]
    # A bracketed name beside an inverted one is in reading order ("Home, Lord (Alexander ...)").
    inverted_convention = inverted_convention and "," not in form[:inner.start()] if inner else inverted_convention
    for alternative in alternatives:
        alternative = alternative.strip()
        nickname = _QUOTED.fullmatch(alternative)
        if nickname:
            add(nickname.group("nick"), given[-1] if found.family_first and given else family)
            continue
        if alternative and " " not in alternative and form[:inner.start()].split():
            before = form[:inner.start()].split()
            alternative = " ".join(before[:-1] + [alternative]) + " " + form[inner.end():].strip()
            if "(" not in alternative:
                more_full, more_short, _ = derived(alternative, inverted_convention)
                full += [f for f in [" ".join(alternative.split())] + more_full if f not in full]
                secondary += [f for f in more_short if f not in short and f not in secondary]
            continue
        if alternative and "(" not in alternative:
            more_full, more_short, _ = derived(alternative, inverted_convention)
            full += [f for f in [alternative] + more_full if f not in full]
            secondary += [f for f in more_short if f not in short and f not in secondary]
    secondary = [f for f in secondary if f not in short and f is not None]
    return full, short + ([None] + secondary if secondary else []), found.titles


# -- titles in running text ---------------------------------------------------------------------

def title_at_end(text: str) -> tuple[int, str] | None:
    """Return (start, canonical title) of a title that ends text before a name ("... Ambassador ")."""
    stripped = text.rstrip(" \n")
    if len(stripped) == len(text):
        return None
    # The leftmost title that ends the text is the longest one (what a loop over the titles, longest
    # first, would find); only the text's tail is searched.
    match = _TITLE_AT_END.search(stripped, max(0, len(stripped) - _LONGEST_TITLE))
    if match:
        return match.start(), TITLES[match.group()]
    # "Secretary of State Rusk", "Minister of Foreign Affairs Shiina": an office named by its domain.
    match = _OFFICE_OF.search(stripped)
    if match:
        head = TITLES.get(match.group("title"), match.group("title"))
        return match.start(), f"{head} of {match.group('domain')}"
    return None





def is_title_word(word: str) -> bool:
    """Return whether a word is part of some title ("Secretary", "Amb", "Gen.")."""
    return word in _TITLE_WORDS or word.rstrip(".") in _TITLE_WORDS


# -- offices with dates -------------------------------------------------------------------------

@dataclass(frozen=True)
class Office:
    """A title a person held, with the dates it began and ended where known (ISO, '' unknown)."""

    title: str
    domain: str = ""
    start: str = ""
    end: str = ""


_MONTHS = {m: i for i, m in enumerate("January February March April May June July August September October "
                                       "November December".split(), 1)}
_DATE = r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)" \
        r"(?: \d{1,2})?,? )?\d{4}|(?:January|February|March|April|May|June|July|August|September|October|" \
        r"November|December)(?: \d{1,2})?"
_RANGE = re.compile(rf"(?P<a>{_DATE})\s*[–—-]\s*(?P<b>{_DATE}|\d{{2}})")
_UNTIL = re.compile(rf"\b(?:until|through|to|till|resigned on|resigned)\s+(?P<d>{_DATE})")
_FROM = re.compile(rf"\b(?:from|after|since|as of|beginning)\s+(?P<d>{_DATE})")
_ISO_YEAR = re.compile(r"\d{4}")
_MONTH_NAMES = "January|February|March|April|May|June|July|August|September|October|November|December"
_DOMAIN = rf"(?P<domain>(?!(?:{_MONTH_NAMES})\b)[A-Z][\w.-]*(?: (?:and |of |for |the )?(?!(?:{_MONTH_NAMES})\b)[A-Z][\w.-]*){{0,4}})"
_HEAD_TITLE = re.compile(
    r"(?<![\w-])(?P<title>" + "|".join(re.escape(t) for t in _TITLE_SORTED if t[:1].isupper() and t not in COURTESY)
    + r")(?![\w-]|['’]s\b)(?: (?:of|for) (?:the )?" + _DOMAIN + ")?")  # "President's Special Assistant" is no President


def _iso(text: str, default_year: str = "") -> str:
    text = text.strip(" ,")
    words = text.replace(",", " ").split()
    year = next((w for w in words if _ISO_YEAR.fullmatch(w)), default_year)
    if not year:
        return ""
    month = next((_MONTHS[w] for w in words if w in _MONTHS), 0)
    day = next((int(w) for w in words if w.isdigit() and len(w) <= 2), 0)
    if month and day:
        return f"{year}-{month:02d}-{day:02d}"
    return f"{year}-{month:02d}" if month else year


def offices(description: str) -> list[Office]:
    """Return the offices a register description names, with dates where it gives them.

    "Deputy Assistant Secretary of State ..., May 1969–September 1972; Ambassador to Sri Lanka
    from September 21, 1972" gives two offices; "thereafter X" begins where the last ended.
    """
    found: list[Office] = []
    for segment in re.split(r";|\bthereafter\b|\balso\b", description):
        match = _HEAD_TITLE.search(segment)
        if match is None or re.search(r"\b(?:to|of|for|with)(?: the)?\s*$", segment[:match.start()]):
            continue
        start = end = ""
        years = _ISO_YEAR.findall(segment)
        last_year = years[-1] if years else ""
        ranged = _RANGE.search(segment)
        if ranged:
            b = ranged.group("b")
            if len(b) == 2:
                b = ranged.group("a")[-4:-2] + b
            end = _iso(b, last_year)
            start = _iso(ranged.group("a"), end[:4])
        else:
            until, since = _UNTIL.search(segment), _FROM.search(segment)
            end = _iso(until.group("d"), last_year) if until else ""
            start = _iso(since.group("d"), last_year) if since else ""
        if not start and found and found[-1].end and segment is not None and "thereafter" in description:
            start = found[-1].end
        found.append(Office(TITLES.get(match.group("title"), match.group("title")),
                            (match.group("domain") or "").strip(), start, end))
    return found


_DOMAIN_TITLES = {"Foreign Minister": ("Minister", "Foreign"), "Defense Minister": ("Minister", "Defense"),
                  "Secretary of State": ("Secretary", "State"), "Vice Foreign Minister": ("Vice Minister", "Foreign")}


def _head_domain(title: str, domain: str = "") -> tuple[str, str]:
    """Return (head title, domain): "Foreign Minister" and "Minister of Foreign Affairs" both give ("Minister", "Foreign...")."""
    if title in _DOMAIN_TITLES:
        head, implied = _DOMAIN_TITLES[title]
        return head, domain or implied
    head, _, of = title.partition(" of ")
    return TITLES.get(head, head), domain or of


def _words(domain: str) -> set[str]:
    return {w for w in domain.replace("-", " ").split() if w not in ("of", "for", "the", "and")}


def in_office(held: list[Office], date: str) -> bool | None:
    """Return whether a person's offices cover a date (None when no office has a date, or no date is known).

    An undated office ("Colonel") covers every date; "Jordanian Foreign Minister from September
    20, 1959" does not cover 1958.
    """
    if not date or not any(o.start or o.end for o in held):
        return None
    return any(not (o.start and date[:len(o.start)] < o.start[:len(date)]
                    or o.end and date[:len(o.end)] > o.end[:len(date)]) for o in held)


def matches_office(title: str, held: list[Office], date: str = "") -> bool:
    """Return whether a text title fits one of the offices held at a date ('' when unknown)."""
    head, domain = _head_domain(title)
    for office in held:
        office_head, office_domain = _head_domain(office.title, office.domain)
        if not (office_head == head or office_head in _GRADES.get(head, ())):
            continue
        # "Assistant Secretary of State for Far Eastern Affairs" is not the one for Inter-American Affairs.
        if domain and office_domain and not _words(domain) <= _words(office_domain):
            continue
        if date and (office.start and date[:len(office.start)] < office.start[:len(date)]
                     or office.end and date[:len(office.end)] > office.end[:len(date)]):
            continue
        return True
    return False
