"""Benchmark person-name linking against FRUS's expert tagging; prints recall, accuracy, precision.

Usage: python bench/names.py [--frus DIR] [--volumes 1964-68v29p1,...] [--docs N] [--jobs 2]
                             [--modes register,discovery] [--errors FILE] [--json FILE]

Every FRUS volume with a persons list (`div[@xml:id='persons']`) becomes a small edition:
its documents are written as plain records in the DAFP Markdown layout (front matter, a
bold heading, the dateline, paragraphs with "[1](#f1)" note markers, the notes after the
text), its persons list becomes `persons.xml` in the format `teikit import` writes
(`persName` "Ball, George W." and a `note` with the description), and every record is
converted with `convert_record`, as `teikit convert` does. FRUS's `persName/@corresp` tags
are the answer. Two modes: "register" (the volume's list is the edition's register, no
seed) and "discovery" (no register at all: only what the converter proposes).

A gold mention is found when a linked `persName` of the output overlaps it (words aligned
between the record's text and the TEI's text); linking accuracy is the share of found
mentions linked to the right person (in discovery, to the entry whose mentions are mostly
that person); precision is the share of linked names that are FRUS mentions (names FRUS
tags without `@corresp` count neither way). FRUS does not tag every occurrence, so "P*" is
also printed: precision without the linked names FRUS left untagged of persons it tags
elsewhere in the same document (in discovery: whose words it tags there; see
judged_precision). "R§" is recall in the scope FRUS tags: without the mentions in the name
of a library or of a collection of papers ("Kennedy Library", "Dulles Papers"), which FRUS's
editors leave untagged in 9 of 10 and 3 of 4 cases (all but a few volumes never tag them) and
teikit never links; the strict figures (R, A, P) count every tag. Running text and notes (source notes and footnotes) are reported apart. The list's cross-references ("Khiem, see Tran Thien Khiem")
are folded into their target, as variants, and so are their tags.

--kind org measures organisations the same way: the volume's list of abbreviations (`div[@xml:id=
'terms']`) gives the register (`listOrg`: the expansion as main name, the abbreviation as a
variant) for the terms that name an institution (an expansion in capitals with a word such as
Agency, Council, Community, Department), and FRUS's `gloss/@target` pointers to those terms are
the answer; teikit's `orgName/@ref` is what is found (precision counts the abbreviations only: FRUS
never points a name written out to its list). --kind place measures the places FRUS tags
(`placeName`, without ids: the places of writing in datelines) against teikit's `placeName`
(register mode: teikit's shipped seed of places; discovery: none; teikit's gazetteer in both):
recall only, as FRUS tags no other place (precision and accuracy are printed but say nothing;
bench/places.py counts the places found and samples them for a precision checked by hand).
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from teikit.convert import convert_record  # noqa: E402
from teikit.registers import Registers  # noqa: E402
from teikit.tei import NSMAP, TEI_NS, XML_ID, parse_bytes  # noqa: E402

T = "{%s}" % TEI_NS
FRUS = ROOT.parent / "shared" / "corpora" / "frus"
_WORD = re.compile(r"\w+")
_NAME_WORDS = re.compile(r"[^\W\d_]+")
_SEE = re.compile(r"^[\s,.;]*see\s+(?P<target>.+?)[\s.]*$", re.I)
_SKIP = {T + "pb", T + "lb", T + "del", T + "gap", T + "figure", T + "graphic"}
_BLOCKS = {T + name for name in ("head", "p", "dateline", "item", "signed", "salute", "label", "row", "opener",
                                 "closer", "quote", "trailer", "byline", "docAuthor")}


# What each kind's answer is in FRUS (element, pointer attribute) and in teikit's output (element, ref prefix).
KINDS = {"person": (T + "persName", "corresp", T + "persName", "per:"),
         "org": (T + "gloss", "target", T + "orgName", "org:"),
         "place": (T + "placeName", None, T + "placeName", "pla:")}
KIND = {"name": "person"}
# An expansion naming an institution ("Arms Control and Disarmament Agency", "Allied Command, Europe").
_INSTITUTION = re.compile(r"\b(?:Agency|Administration|Association|Authority|Bank|Board|Bureau|Cabinet|Command|"
                          r"Commission|Committee|Community|Conference|Congress|Corporation|Council|Court|Delegation|"
                          r"Department|Division|Embassy|Federation|Forces?|Fund|Government|Headquarters|Institute|"
                          r"League|Legation|Ministry|Mission|Office|Organi[sz]ation|Party|Secretariat|Service|Staff|"
                          r"Union|Nations)\b")


_CONNECTIVES = frozenset("of and the for on in to de du des la le et".split())


def text_of(element) -> str:
    """Return an element's text with whitespace collapsed."""
    return " ".join("".join(element.itertext()).split())


# -- the volume as an edition ---------------------------------------------------------------

def _listed(root, list_id: str, tag: str):
    """Yield (id, head, rest) of each item of the volume's list `list_id` whose `tag` element has an id."""
    for item in root.xpath(f".//tei:div[@xml:id='{list_id}']//tei:item", namespaces=NSMAP):
        head = item.find(f".//tei:{tag}", NSMAP)
        if head is None or not head.get(XML_ID):
            continue
        yield head.get(XML_ID), text_of(head).strip(" ,"), text_of(item)[len(text_of(head)):].strip(" ,")


def _persons(root) -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    """Return (id, name, description) of the persons list, and the cross-reference ids folded into targets."""
    items = list(_listed(root, "persons", "persName"))
    by_name = {}
    for ident, name, description in items:
        by_name.setdefault(name.lower(), ident)
        by_name.setdefault(re.sub(r"\s*\([^()]*\)", "", name).lower(), ident)
    aliases = {}
    for ident, name, description in items:
        see = _SEE.match(description)
        if see:
            target = by_name.get(see.group("target").strip(" .").lower())
            if target and target != ident:
                aliases[ident] = target
    return items, aliases


def _terms(root) -> list[tuple[str, str, str]]:
    """Return (id, abbreviation, expansion) of the abbreviations that name an institution."""
    items = []
    for ident, abbreviation, expansion in _listed(root, "terms", "term"):
        # ("Embassy telegram", "Department of State telegram": a kind of document, not the institution.)
        proper = all(w[:1].isupper() for w in expansion.replace(",", " ").split() if w not in _CONNECTIVES)
        if abbreviation and proper and _INSTITUTION.search(expansion):
            items.append((ident, abbreviation, expansion))
    return items


def org_register_xml(items) -> bytes:
    """Return persons.xml with a listOrg of the institutions: the expansion as main name, the abbreviation a variant."""
    root = etree.Element(T + "TEI", nsmap={None: TEI_NS})
    listing = etree.SubElement(etree.SubElement(etree.SubElement(root, T + "text"), T + "body"), T + "listOrg")
    for ident, abbreviation, expansion in items:
        org = etree.SubElement(listing, T + "org")
        org.set(XML_ID, ident)
        etree.SubElement(org, T + "orgName", type="main").text = expansion
        etree.SubElement(org, T + "orgName", type="variant").text = abbreviation
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True)


def register_xml(items, aliases) -> bytes:
    """Return persons.xml for the list, each cross-reference a variant of its target."""
    variants = defaultdict(list)
    for ident, name, _ in items:
        if ident in aliases:
            variants[aliases[ident]].append(name)
    root = etree.Element(T + "TEI", nsmap={None: TEI_NS})
    body = etree.SubElement(etree.SubElement(root, T + "text"), T + "body")
    listing = etree.SubElement(body, T + "listPerson")
    for ident, name, description in items:
        if ident in aliases:
            continue
        person = etree.SubElement(listing, T + "person")
        person.set(XML_ID, ident)
        etree.SubElement(person, T + "persName", type="main").text = name
        for variant in variants[ident]:
            etree.SubElement(person, T + "persName", type="variant").text = variant
        if description:
            etree.SubElement(person, T + "note").text = description
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True)


class Stream:
    """Text with person spans: (start, end, id) tagged, (start, end) tagged without an id."""

    def __init__(self):
        self.parts: list[str] = []
        self.length = 0
        self.spans: list[tuple[int, int, str]] = []
        self.untagged: list[tuple[int, int]] = []

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    @property
    def text(self) -> str:
        return "".join(self.parts)


class Document:
    """One FRUS document as record blocks and notes, with the gold spans of each."""

    def __init__(self, names: dict[str, set[str]]):
        self.blocks: list[Stream] = []
        self.notes: list[Stream] = []
        self.names = names
        self.slips = []

    slips: list[tuple[str, str]] = []

    def walk(self, element, stream: Stream | None, aliases, in_note: bool = False) -> None:
        """Append the element's text to stream (a new block for block elements), notes apart."""
        tag = element.tag
        if not isinstance(tag, str) or tag in _SKIP:
            if stream is not None:
                stream.add(" " if tag == T + "lb" else "")
                stream.add(element.tail or "")
            return
        if tag == T + "note" and not in_note:
            note = Stream()
            self.notes.append(note)
            number = len(self.notes)
            self._inner(element, note, aliases, True)
            if stream is None:
                # A note outside any block (after a list, between paragraphs): marked in a block of its own.
                stream = Stream()
                self.blocks.append(stream)
            stream.add(f"[{number}](#f{number})")
            stream.add(element.tail or "")
            return
        if tag in _BLOCKS and stream is None and not in_note:
            block = Stream()
            self.blocks.append(block)
            block.add("**" if tag == T + "head" else "")
            self._inner(element, block, aliases)
            block.add("**" if tag == T + "head" else "")
            return
        if stream is None:
            self._inner(element, None, aliases)
            return
        if tag in _BLOCKS:
            stream.add(" ")
        start = stream.length
        self._inner(element, stream, aliases, in_note)
        gold_tag, attribute, _, _ = KINDS[KIND["name"]]
        if tag == gold_tag:
            if attribute is None:
                refs = [" ".join(text_of(element).split())]  # a place: its name is its id
            else:
                refs = [aliases.get(r.lstrip("#"), r.lstrip("#")) for r in (element.get(attribute) or "").split()]
            if KIND["name"] == "org" and refs and refs[0] not in self.names:
                refs = None  # an abbreviation that names no institution ("FYI", "Deptel"): no answer either way
            words = set(_NAME_WORDS.findall(text_of(element).lower()))
            if refs is None:
                pass
            elif KIND["name"] == "person" and refs and self.names.get(refs[0]) is not None \
                    and not words & self.names[refs[0]]:
                # A tag that shares no word with the person's names ("Saud" tagged as John
                # Eisenhower 209 times in 1955-57v13) is a slip of the tagging, left out.
                self.slips.append((refs[0], text_of(element)))
                stream.untagged.append((start, stream.length))
            elif refs:
                stream.spans.append((start, stream.length, refs[0]))
            else:
                stream.untagged.append((start, stream.length))
        stream.add(element.tail or "")

    def _inner(self, element, stream: Stream | None, aliases, in_note: bool = False) -> None:
        if element.text and stream is not None:
            stream.add(element.text)
        for child in element:
            if stream is None and child.tail and child.tail.strip():
                # Text between blocks: a block of its own.
                self.walk(child, None, aliases, in_note)
                tail = Stream()
                self.blocks.append(tail)
                tail.add(child.tail)
                continue
            self.walk(child, stream, aliases, in_note)


def _clean(stream: Stream) -> tuple[str, list, list]:
    """Collapse whitespace to single spaces, moving the spans along."""
    text = stream.text
    out, before = [], []
    space = True
    for ch in text:
        before.append(len(out))
        if ch.isspace():
            if not space:
                out.append(" ")
            space = True
        else:
            out.append(ch)
            space = False
    before.append(len(out))
    clean = "".join(out).rstrip()
    spans = [(before[a], before[b], ident) for a, b, ident in stream.spans]
    untagged = [(before[a], before[b]) for a, b in stream.untagged]
    return clean, spans, untagged


def record_of(volume: str, div, aliases, year: str, names):
    """Return (Markdown record, gold) for one document div."""
    doc = Document(names)
    doc._inner(div, None, aliases)
    number = div.get("n") or div.get(XML_ID, "0").lstrip("d")
    head = div.find("tei:head", NSMAP)
    title = " ".join(_text_without_notes(head).split()) if head is not None else ""
    title = title or f"Document {number}"
    when = ""
    for date in div.iter(T + "date"):
        value = date.get("when") or date.get("from") or date.get("notBefore") or ""
        if re.match(r"\d{4}-\d\d-\d\d", value):
            when = value[:10]
            break
    lines = ["---", f"doc_date: '{when or year}'", f"doc_num: {json.dumps(number)}",
             f"title: {json.dumps(title.replace('**', ''))}", f"vol_id: {json.dumps(volume)}", "---", ""]
    gold = {"running": [], "notes": [], "slips": doc.slips}
    for kind, streams in (("running", doc.blocks), ("notes", doc.notes)):
        for number_, stream in enumerate(streams, 1):
            text, spans, untagged = _clean(stream)
            if not text.strip("* "):
                continue
            if kind == "notes":
                prefix = f"{number_} "
                text = prefix + text
                spans = [(a + len(prefix), b + len(prefix), i) for a, b, i in spans]
                untagged = [(a + len(prefix), b + len(prefix)) for a, b in untagged]
            lines += [text.replace("\\", "/"), ""]
            gold[kind].append((text, spans, untagged))
    return "\n".join(lines), gold


def _text_without_notes(element) -> str:
    """Return an element's text without the text of its notes."""
    parts = [element.text or ""]
    for child in element:
        if child.tag != T + "note" and isinstance(child.tag, str):
            parts.append(_text_without_notes(child))
        parts.append(child.tail or "")
    return "".join(parts)


def volume_edition(path: Path, limit: int | None):
    """Return (volume id, persons.xml bytes, [(doc id, record, gold)]) or None without a persons list."""
    data = path.read_bytes()
    try:
        root = parse_bytes(data).getroot()
    except Exception:  # noqa: BLE001 - a volume that lxml refuses (duplicate ids) has no usable list
        return None
    if KIND["name"] == "org":
        terms = _terms(root)
        items, aliases = [(ident, expansion, "") for ident, _, expansion in terms], {}
    elif KIND["name"] == "place":
        items, aliases = [], {}
    else:
        items, aliases = _persons(root)
        if not items:
            return None
    volume = path.stem.removeprefix("frus")
    year = volume[:4]
    docs = []
    divs = root.findall(".//tei:div[@type='document']", NSMAP)
    if limit:
        step = max(1, len(divs) // limit)
        divs = divs[::step][:limit]
    names: dict[str, set[str]] = defaultdict(set)
    for ident, name, _ in items:
        names[aliases.get(ident, ident)].update(_NAME_WORDS.findall(name.lower()))
    if KIND["name"] == "org":
        register = org_register_xml(terms)
    elif KIND["name"] == "place":
        register = None
    else:
        register = register_xml(items, aliases)
    for div in divs:
        record, gold = record_of(volume, div, aliases, year, names)
        docs.append((div.get(XML_ID) or div.get("n"), record, gold))
    return volume, register, docs


# -- conversion and scoring -----------------------------------------------------------------

_STATE: dict = {}


def _init(tei_dir: str | None, seed: bool = False) -> None:
    _STATE["registers"] = Registers.load(tei_dir, seed=seed) if tei_dir else Registers()


def _convert(path: str) -> bytes:
    return convert_record(path, _STATE["registers"].copy()).tei


def output_streams(tei: bytes) -> dict[str, tuple[str, list]]:
    """Return the converted body's running text and note text, each with its person links."""
    root = parse_bytes(tei).getroot()
    body = root.find(".//tei:text", NSMAP)
    streams = {"running": Stream(), "notes": Stream()}

    def walk(element, kind):
        if element.tag == T + "note":
            kind = "notes"
            streams[kind].add(" ")
        stream = streams[kind]
        start = stream.length
        if element.text:
            stream.add(element.text)
        for child in element:
            if isinstance(child.tag, str):
                walk(child, kind)
            if child.tail:
                stream.add(child.tail)
        ref = element.get("ref") or ""
        _, _, out_tag, prefix = KINDS[KIND["name"]]
        if element.tag == out_tag and ref.startswith(prefix):
            stream.spans.append((start, stream.length, ref[4:] if KIND["name"] != "place" else
                                 " ".join("".join(element.itertext()).split())))
        if element.tag in (T + "p", T + "head", T + "note", T + "item"):
            stream.add(" ")

    walk(body, "running")
    return {k: (s.text, s.spans) for k, s in streams.items()}


def _words(text: str):
    return [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]


def _word_set(words, start: int, end: int) -> set[int]:
    return {i for i, (_, a, b) in enumerate(words) if a < end and start < b}


def score(gold_parts, output, listed: set[str] | None = None, tagged: set | None = None,
          answerable: set[str] | None = None) -> dict:
    """Return counts and examples for one stream of one document.

    `tagged` holds what FRUS tags anywhere in the document (the persons in register mode, the
    words in discovery): a linked name FRUS left untagged, of a person it tags elsewhere in the
    document (in discovery: words it tags there), is counted apart, as a repeat ("repeats"),
    besides false.
    """
    gold_text, gold_spans, untagged = "", [], []
    for text, spans, unt in gold_parts:
        offset = len(gold_text)
        gold_text += text + "\n"
        gold_spans += [(a + offset, b + offset, i) for a, b, i in spans]
        untagged += [(a + offset, b + offset) for a, b in unt]
    out_text, out_spans = output
    gw, ow = _words(gold_text), _words(out_text)
    matcher = difflib.SequenceMatcher(None, [w[0] for w in gw], [w[0] for w in ow], autojunk=False)
    to_gold = {}
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            to_gold[b + k] = a + k
    gold_sets = [(_word_set(gw, a, b), ident, (a, b)) for a, b, ident in gold_spans]
    untagged_sets = [_word_set(gw, a, b) for a, b in untagged]
    predicted = []
    for a, b, ident in out_spans:
        words = {to_gold[i] for i in _word_set(ow, a, b) if i in to_gold}
        predicted.append((words, ident, (a, b)))
    result = {"gold": len(gold_sets), "found": 0, "correct": 0, "predicted": 0, "true_predicted": 0,
              "proposed_links": 0, "repeats": 0, "gold_scoped": 0, "found_scoped": 0,
              "pairs": [], "misses": [], "false": []}
    for words, ident, (a, b) in gold_sets:
        hits = [p for p in predicted if p[0] & words]
        scoped = not (KIND["name"] == "person" and _COLLECTION_AFTER.match(gold_text, b))
        result["gold_scoped"] += scoped
        result["found_scoped"] += scoped and bool(hits)
        if hits:
            result["found"] += 1
            result["pairs"].append((ident, hits[0][1], gold_text[a:b], _context(gold_text, a, b)))
        else:
            result["misses"].append((ident, gold_text[a:b], _context(gold_text, a, b)))
    for words, ident, (a, b) in predicted:
        if any(words & u for u in untagged_sets):
            continue
        if listed is not None and ident not in listed:
            # A person the converter proposed: FRUS tags only the persons of its list.
            result["proposed_links"] += 1
            continue
        if answerable is not None and " ".join(out_text[a:b].split()) not in answerable:
            continue  # (organisations: FRUS points only abbreviations to its list, never a name written out)
        result["predicted"] += 1
        if any(words & g[0] for g in gold_sets):
            result["true_predicted"] += 1
        else:
            words_text = " ".join(out_text[a:b].split())
            repeat = tagged is not None and (ident in tagged or words_text in tagged)
            result["repeats"] += repeat
            result["false"].append((ident, out_text[a:b], _context(out_text, a, b), repeat))
    return result


# A library or a collection of papers named after a person ("Kennedy Library", "Dulles Papers"):
# FRUS's editors leave 91% and 73% of them untagged (1,608 of 1,770 and 276 of 379 in the 20 volumes,
# most volumes none at all, 1961-63v04 half), so that the recall "in FRUS's scope" leaves them out.
_COLLECTION_AFTER = re.compile(r"[’']?s? (?:Library|Papers)\b")


def _context(text: str, a: int, b: int) -> str:
    return (text[max(0, a - 60):a] + "[[" + text[a:b] + "]]" + text[b:b + 60]).replace("\n", " ")


def run_volume(path: Path, mode: str, limit: int | None, jobs: int, errors) -> dict | None:
    """Convert one volume's documents in one mode and return its figures."""
    built = volume_edition(path, limit)
    if built is None:
        return None
    volume, persons, docs = built
    listed = set(re.findall(r'xml:id="([^"]+)"', persons.decode("utf-8"))) if persons else None
    # Organisations: precision is judged on the abbreviations only (the register's variants).
    answerable = set(re.findall(r'<orgName type="variant">([^<]+)<', persons.decode("utf-8"))) \
        if KIND["name"] == "org" else None
    with tempfile.TemporaryDirectory() as tmp:
        tei_dir = Path(tmp) / "tei"
        tei_dir.mkdir()
        if persons:
            (tei_dir / "persons.xml").write_bytes(persons)
        paths = []
        for ident, record, _ in docs:
            record_path = Path(tmp) / f"{ident}.md"
            record_path.write_text(record, encoding="utf-8")
            paths.append(str(record_path))
        started = time.perf_counter()
        # Places: "register" is teikit's shipped seed of places (FRUS has no list of them).
        with ProcessPoolExecutor(jobs, initializer=_init,
                                 initargs=(str(tei_dir) if mode == "register" else None,
                                           KIND["name"] == "place")) as pool:
            outputs = list(pool.map(_convert, paths, chunksize=8))
        seconds = time.perf_counter() - started
    totals = {kind: Counter() for kind in ("running", "notes")}
    pairs = {kind: [] for kind in totals}
    slips = 0
    for (ident, _, gold), tei in zip(docs, outputs):
        slips += len(gold["slips"])
        if errors is not None:
            for gold_id, text in gold["slips"]:
                errors.write(f"{mode}\t{volume}\t{ident}\tgold\tslip\t{gold_id}\t{text}\t\n")
        if not tei:
            print(f"  {volume} {ident}: not converted", file=sys.stderr)
            continue
        streams = output_streams(tei)
        tagged = set()
        for kind in totals:
            for text, spans, _ in gold[kind]:
                for a, b, gold_id in spans:
                    words_text = " ".join(text[a:b].split())
                    tagged.update(((gold_id, words_text), gold_id) if mode == "register" else (words_text,))
        for kind in totals:
            result = score(gold[kind], streams[kind], listed if mode == "register" and listed else None, tagged,
                           answerable)
            totals[kind].update({k: v for k, v in result.items() if isinstance(v, int)})
            pairs[kind] += result["pairs"]
            if errors is not None:
                for gold_id, text, context in result["misses"]:
                    errors.write(f"{mode}\t{volume}\t{ident}\t{kind}\tmiss\t{gold_id}\t{text}\t{context}\n")
                for got, text, context, repeat in result["false"]:
                    label = "repeat" if repeat else "false"
                    errors.write(f"{mode}\t{volume}\t{ident}\t{kind}\t{label}\t{got}\t{text}\t{context}\n")
                for gold_id, got, text, context in result["pairs"]:
                    if mode == "register" and got != gold_id:
                        errors.write(f"{mode}\t{volume}\t{ident}\t{kind}\twrong\t{gold_id}>{got}\t{text}\t{context}\n")
    figures = {"volume": volume, "mode": mode, "documents": len(docs), "seconds": round(seconds, 1),
               "slips": slips}
    for kind, counts in totals.items():
        if mode == "register":
            correct = sum(1 for gold_id, got, _, _ in pairs[kind] if got == gold_id)
        else:
            correct = _cluster_correct(pairs[kind])
        counts["correct"] = correct
        figures[kind] = dict(counts)
    return figures


def _cluster_correct(pairs) -> int:
    """In discovery, a proposed entry stands for the person most of its found mentions are."""
    by_entry = defaultdict(Counter)
    for gold_id, got, _, _ in pairs:
        by_entry[got][gold_id] += 1
    return sum(counts.most_common(1)[0][1] for counts in by_entry.values())


def judged_precision(counts: dict) -> float:
    """Return precision without the untagged mentions of persons FRUS tags elsewhere in the document.

    FRUS's editors tag 84-94% of the occurrences of the names they tag in a document (per
    volume), so an untagged repeat of a tagged person is no evidence of a false hit.
    """
    judged = counts.get("predicted", 0) - counts.get("repeats", 0)
    return counts.get("true_predicted", 0) / judged if judged else 0.0


def scoped_recall(counts: dict) -> float:
    """Return recall without the mentions in names of libraries and papers (see _COLLECTION_AFTER)."""
    return counts.get("found_scoped", 0) / counts["gold_scoped"] if counts.get("gold_scoped") else 0.0


def rates(counts: dict) -> tuple[float, float, float]:
    """Return (recall, linking accuracy, precision) of counts."""
    recall = counts.get("found", 0) / counts["gold"] if counts.get("gold") else 0.0
    accuracy = counts.get("correct", 0) / counts["found"] if counts.get("found") else 0.0
    precision = counts.get("true_predicted", 0) / counts["predicted"] if counts.get("predicted") else 0.0
    return recall, accuracy, precision


def main() -> None:
    """Run every volume in every mode and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frus", type=Path, default=FRUS)
    parser.add_argument("--volumes", default="", help="comma-separated volume ids (default: all with a persons list)")
    parser.add_argument("--docs", type=int, default=0, help="documents per volume, evenly spread (default: all)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--modes", default="register,discovery")
    parser.add_argument("--errors", type=Path, help="write every miss, wrong link and false hit (TSV)")
    parser.add_argument("--json", type=Path, help="write the figures as JSON")
    parser.add_argument("--kind", choices=sorted(KINDS), default="person",
                        help="persons (FRUS's persons list and tags), org (its abbreviations of institutions) or place")
    args = parser.parse_args()
    KIND["name"] = args.kind
    if not args.frus.is_dir():
        sys.exit(f"no FRUS volumes in {args.frus}")
    wanted = {v.strip() for v in args.volumes.split(",") if v.strip()}
    paths = [p for p in sorted(args.frus.glob("frus*.xml")) if not wanted or p.stem.removeprefix("frus") in wanted]
    errors = args.errors.open("w", encoding="utf-8") if args.errors else None
    results = []
    header = (f"{'volume':<16} {'mode':<10} {'docs':>5} {'gold':>6} "
              f"{'R run':>6} {'A run':>6} {'P run':>6}  {'notes':>5} {'R note':>6} {'A note':>6} {'P note':>6}"
              f"  {'R':>6} {'A':>6} {'P':>6} {'P*':>6}  {'R§ run':>6} {'R§ not':>6} {'R§':>6} {'s':>6}")
    print(header)
    overall = {mode: {kind: Counter() for kind in ("running", "notes", "all")} for mode in args.modes.split(",")}
    for path in paths:
        for mode in args.modes.split(","):
            figures = run_volume(path, mode, args.docs or None, args.jobs, errors)
            if figures is None:
                continue
            results.append(figures)
            both = Counter(figures["running"]) + Counter(figures["notes"])
            for kind, counts in (("running", figures["running"]), ("notes", figures["notes"]), ("all", both)):
                overall[mode][kind].update(counts)
            print(_row(figures["volume"], mode, figures["documents"], figures["running"], figures["notes"], both,
                       figures["seconds"]), flush=True)
    for mode, kinds in overall.items():
        docs = sum(r["documents"] for r in results if r["mode"] == mode)
        print(_row("ALL", mode, docs, kinds["running"], kinds["notes"], kinds["all"],
                   sum(r["seconds"] for r in results if r["mode"] == mode)))
    if args.kind == "person":
        print("R, A, P: strict, every FRUS tag and every link counted. P*: P without links to persons FRUS tags "
              "elsewhere in the same document (untagged repeats). R§: recall in FRUS's scope, without mentions in "
              "the name of a library or of papers (\"Kennedy Library\", \"Dulles Papers\": FRUS tags 9% and 27%).")
    if errors is not None:
        errors.close()
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


def _row(volume, mode, docs, running, notes, both, seconds) -> str:
    r1, a1, p1 = rates(running)
    r2, a2, p2 = rates(notes)
    r, a, p = rates(both)
    return (f"{volume:<16} {mode:<10} {docs:>5} {both.get('gold', 0):>6} {r1:6.3f} {a1:6.3f} {p1:6.3f}  "
            f"{notes.get('gold', 0):>5} {r2:6.3f} {a2:6.3f} {p2:6.3f}  {r:6.3f} {a:6.3f} {p:6.3f} "
            f"{judged_precision(both):6.3f}  {scoped_recall(running):6.3f} {scoped_recall(notes):6.3f} "
            f"{scoped_recall(both):6.3f} {seconds:6.1f}")


if __name__ == "__main__":
    main()
