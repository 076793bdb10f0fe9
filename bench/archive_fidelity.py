"""Measure how faithfully the shared DAFP archive converts: notes, references, round trip, validity.

Usage: python bench/archive_fidelity.py [--archive DIR] [--keep DIR] [--worst 10] [--jobs 2]

Converts every record of ../shared/corpora/dafp-archive/ with the real converter
(`teikit.convert.convert_record`, as `teikit convert` calls it) into a temporary edition
(TEI files named after their source, so records that share an id are all kept), merges the
register proposals as `teikit convert` does, then prints:

- footnotes found in the source (a marker "[n]", "[n](#fn)" or "word[n]" plus a note "n ..."
  after the text), by style (plain, italic, bulleted), and how many became a
  `note[@type='footnote'][@n]` whose text (each paragraph) is a run of the record's words;
- archive references ("[AA:A1838/2, 401/3/6/1/5]", "[NAA: ...]", "[FA : ...]" ...) found, and
  how many are in the header (`msIdentifier`) and nowhere in the body;
- markers and brackets left in the body (`[`, `]`, "(#f", `anchor`, `metamark`);
- the round trip: the share of each record's body words that `teikit text` gives back in order,
  and the words it prints that the record does not contain; the records under 0.99 and the
  worst ones;
- documents invalid against the edition's schema (`teikit validate`) and TEI All
  (`teikit validate --schema tei_all`);
- convention counts (datelines with place and time, classification lines, omissions, hand
  additions, notes of several paragraphs).

The source side is analysed here with simple regular expressions of its own, not with the
reader, so the figures check the converter rather than repeat it.
"""

from __future__ import annotations

import argparse
import collections
import difflib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from teikit.convert import convert_record  # noqa: E402
from teikit.registers import Registers  # noqa: E402
from teikit.tei import TEI_NS, parse_bytes, write_atomic  # noqa: E402
from teikit.text import body_text  # noqa: E402

NS = {"t": TEI_NS}
_FRONT = re.compile(r"\A---\n.*?\n---[ \t]*\n", re.S)
_BLOCKS = re.compile(r"\n[ \t]*\n")
# A footnote marker: "[3]", "[3](#f3)", glued "Treaty[3]"; not a digit completion "1[9]46"; a
# linked one names its note in the link ("[(1)](#f1)", "[1)](#f10)", "[1](#fn1)").
_MARKER = re.compile(r"\[[\s(^]*\d{0,3}[\s).]*\]\(#fn?(?:_\d+)*_?(\d{1,3})\)"
                     r"|(?<!\b\d{3})(?<!\b\d{2})(?<!\b\d)\[\^?(\d{1,3})\](?!\d)")
_NOTE_DEF = re.compile(r"^(?P<bullet>\*\s+)?(?P<italic>_\s*)?\[?(?P<n>\d{1,3})\]?(?:\\?\.)?\s+(?P<text>\S.*)", re.S)
_REF = re.compile(r"^[_*\s]*\[(?P<repo>[A-Za-z][A-Za-z .&]{0,20}?)\s*:\s*(?P<body>.*)\][_*\s]*$", re.S)
_REPOS = {"AA", "NAA", "FA", "PRO", "UKNA", "UK.NA", "NLA", "ANL", "DFAT", "SFU", "DEFENCE", "PM &C", "FCO",
          "FDR", "CSIRO ARCHIVES"}
_WORD = re.compile(r"[^\W_]+")


def source_body(text: str) -> str:
    """Return the record's body: everything after the YAML front matter."""
    match = _FRONT.match(text)
    return text[match.end():] if match else text


def words(text: str) -> list[str]:
    """Return the comparable words of a text (Markdown escapes and link targets dropped)."""
    text = re.sub(r"\]\(#fn?[_\d]*\)", "]", text)
    return _WORD.findall(text.replace("\\", " ").lower())


def analyse_source(text: str) -> dict:
    """The source facts: notes by style (number -> first words), archive references."""
    blocks = [b.strip() for b in _BLOCKS.split(source_body(text)) if b.strip()]
    refs = []
    for block in blocks:
        match = _REF.match(block)
        if match and match.group("repo").strip().upper() in _REPOS:
            refs.append(" ".join(match.group("body").split()))
    markers_at: dict[str, int] = {}
    for index, block in enumerate(blocks):
        if _note_def(block.lstrip("_ ")) and index and _notes_zone(blocks, index):
            continue
        for found in _MARKER.finditer(block):
            markers_at.setdefault(found.group(1) or found.group(2), index)
    notes: dict[str, tuple[str, list[str]]] = {}
    for index, block in enumerate(blocks):
        for line in block.split("\n"):
            match = _note_def(line.strip())
            if not match:
                continue
            number = match.group("n")
            if number in markers_at and markers_at[number] < index and number not in notes \
                    and _notes_zone(blocks, index):
                style = "bulleted" if match.group("bullet") else "italic" if match.group("italic") else "plain"
                notes[number] = (style, words(match.group("text"))[:6])
    return {"notes": notes, "refs": refs, "markers": set(markers_at)}


def _note_def(text: str) -> re.Match | None:
    """A note's first line: a number and text, holding no marker itself (a numbered paragraph may)."""
    match = _NOTE_DEF.match(text)
    return match if match and not _MARKER.search(text) else None


def _notes_zone(blocks: list[str], index: int) -> bool:
    """Whether block index lies after the last paragraph that holds a marker and is no note."""
    for later in blocks[index + 1:]:
        if _MARKER.search(later) and not _note_def(later.lstrip("_* ")) and not _REF.match(later):
            return False
    return True


def convert_one(path: str) -> tuple[str, bytes, list[dict], list[str]]:
    """Convert one record with a fresh copy of the seed registers."""
    result = convert_record(path, Registers.load(None))
    return path, result.tei, result.register_additions, [d.format() for d in result.diagnostics]


def round_trip(source: str, back: str) -> tuple[float, int]:
    """Return (share of source words given back in order, words the record does not contain).

    The second counts words beyond the record's own, as a multiset: a word printed back
    out of order lowers the first figure, not this one.
    """
    src, out = words(source), words(back)
    extra = sum((collections.Counter(out) - collections.Counter(src)).values())
    if not src:
        return 1.0, extra
    matcher = difflib.SequenceMatcher(None, src, out, autojunk=False)
    kept = sum(block.size for block in matcher.get_matching_blocks())
    return kept / len(src), extra


def _text_outside_notes(element: etree._Element):
    """The text of an element, without its footnotes (a note may cite the same file)."""
    if element.text:
        yield element.text
    for child in element:
        if isinstance(child.tag, str) and not (etree.QName(child).localname == "note"
                                               and child.get("type") == "footnote"):
            yield from _text_outside_notes(child)
        if child.tail:
            yield child.tail


def body_leftovers(body: etree._Element) -> collections.Counter:
    """Count what should not be in an encoded body: brackets, link targets, bare anchors."""
    found = collections.Counter()
    for node in body.iter():
        if not isinstance(node.tag, str):
            continue
        local = etree.QName(node).localname
        if local in ("anchor", "metamark"):
            found[local] += 1
        for chunk in (node.text, node.tail if node is not body else None):
            if chunk:
                found["bracket"] += chunk.count("[") + chunk.count("]")
                found["(#f"] += chunk.count("(#f")
    return +found  # only what was found (a Counter keeps zero counts)


def _from_source(note: etree._Element, source_words: str) -> bool:
    """Whether a note holds text, all of it words of the record in the record's order."""
    paragraphs = note.findall("t:p", NS) or [note]
    runs = [" ".join(words(" ".join(p.itertext()))) for p in paragraphs]
    return all(runs) and all(f" {run} " in source_words for run in runs)


def validate(folder: Path, schema: str | None) -> tuple[set[str], collections.Counter]:
    """Run `teikit validate` on folder; return the invalid files and the commonest messages."""
    command = [sys.executable, "-m", "teikit", "validate", str(folder), "--format", "json"]
    if schema:
        command[4:4] = ["--schema", schema]
    out = subprocess.run(command, capture_output=True, text=True, env=dict(os.environ)).stdout
    report = json.loads(out or "{}")
    bad, messages = set(), collections.Counter()
    for diag in report.get("diagnostics", []):
        if diag["level"] == "error":
            bad.add(Path(diag["path"]).name)
            messages[f"{diag['code']} {re.sub(r'[0-9]+', 'N', diag['message'])[:90]}"] += 1
    return bad, messages


def main() -> None:
    """Convert the archive and print every figure."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--archive", type=Path, default=ROOT.parent / "shared" / "corpora" / "dafp-archive")
    parser.add_argument("--keep", type=Path, help="write the edition here instead of a temporary folder")
    parser.add_argument("--worst", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    paths = sorted(str(p) for p in args.archive.glob("*.md"))
    if not paths:
        sys.exit(f"no records in {args.archive}")
    with tempfile.TemporaryDirectory(prefix="teikit-fidelity-") as tmp:
        tei_dir = args.keep or Path(tmp) / "tei"
        tei_dir.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        with ProcessPoolExecutor(args.jobs) as pool:
            results = list(pool.map(convert_one, paths, chunksize=32))
        additions = [a for _, _, adds, _ in results for a in adds]
        if additions:
            Registers.merge_into(tei_dir, additions)
        for path, tei, _, _ in results:
            if tei:
                write_atomic(tei_dir / (Path(path).stem + ".xml"), tei)
        convert_time = time.perf_counter() - start
        report(args, paths, results, tei_dir, convert_time)


def report(args, paths, results, tei_dir: Path, convert_time: float) -> None:
    """Compare sources and TEI; print the figures."""
    failed = [p for p, tei, _, _ in results if not tei]
    styles_found, styles_linked = collections.Counter(), collections.Counter()
    unlinked_examples = []
    refs_found = refs_moved = refs_in_body = 0
    left_docs, left = 0, collections.Counter()
    ratios = []
    added_docs = 0
    conventions = collections.Counter()
    for path, tei, _, _ in results:
        if not tei:
            continue
        source = Path(path).read_text(encoding="utf-8")
        facts = analyse_source(source)
        root = parse_bytes(tei).getroot()
        body = root.find("t:text/t:body", NS)
        notes: dict[str, list[etree._Element]] = {}
        for note in body.iterfind(".//t:note[@type='footnote']", NS):
            notes.setdefault(note.get("n", "").split(" ")[0], []).append(note)
        source_words = " " + " ".join(words(source_body(source))) + " "
        for number, (style, first) in facts["notes"].items():
            styles_found[style] += 1
            # Linked: a note with that number whose whole text is a run of the record's words.
            if any(_from_source(note, source_words) for note in notes.get(number, ())):
                styles_linked[style] += 1
            elif len(unlinked_examples) < args.worst:
                unlinked_examples.append(f"{Path(path).name[:40]} note {number} ({style})")
        header_refs = {" ".join(" ".join(i.itertext()).split()) for i in
                       root.iterfind("t:teiHeader//t:msIdentifier//t:idno", NS)}
        body_string = " ".join(" ".join(_text_outside_notes(body)).split())
        for ref in facts["refs"]:
            refs_found += 1
            in_body = ref in body_string
            refs_in_body += in_body
            if not in_body and any(ref in h or h.endswith(ref) for h in header_refs):
                refs_moved += 1
        leftovers = body_leftovers(body)
        if leftovers:
            left_docs += 1
            left.update(leftovers)
        ratio, added = round_trip(source_body(source), body_text(root))
        ratios.append((ratio, added, Path(path).name))
        added_docs += added > 0
        count_conventions(root, body, conventions)
    total = len(paths)
    print(f"records: {total} (converted {total - len(failed)}, failed {len(failed)}) in {convert_time:.1f} s "
          f"with {args.jobs} processes")
    print("\nfootnotes (found in the source -> linked as note at the marker with its text):")
    for style in ("plain", "italic", "bulleted"):
        found, linked = styles_found[style], styles_linked[style]
        print(f"  {style:9} {linked:6} / {found:6}  {100 * linked / found if found else 100:.1f}%")
    found, linked = sum(styles_found.values()), sum(styles_linked.values())
    print(f"  {'all':9} {linked:6} / {found:6}  {100 * linked / found if found else 100:.1f}%")
    for example in unlinked_examples:
        print(f"    not linked: {example}")
    print(f"\narchive references: {refs_found} found, {refs_moved} in the header and not in the body "
          f"({100 * refs_moved / refs_found if refs_found else 100:.1f}%), {refs_in_body} left in the body")
    print(f"\nleft in the body: {left_docs} documents; " + ", ".join(f"{k} {v}" for k, v in sorted(left.items())))
    low = sorted(r for r in ratios if r[0] < 0.99)
    adding = sorted((r for r in ratios if r[1] > 0), key=lambda r: -r[1])
    print(f"\nround trip (teikit text, body words in order): {len(ratios) - len(low)} / {len(ratios)} records "
          f">= 0.99 ({100 * (len(ratios) - len(low)) / len(ratios):.1f}%); mean "
          f"{sum(r[0] for r in ratios) / len(ratios):.4f}; {added_docs} records given back words they do not contain")
    for ratio, added, name in low[:args.worst]:
        print(f"    {ratio:.3f} (+{added}) {name}")
    for ratio, added, name in adding[:min(args.worst, 5)]:
        print(f"    {added} words not in the record: {name} ({ratio:.3f})")
    tei_names = {p.name for p in tei_dir.glob("*.xml")}
    for label, schema in (("the edition's schema", None), ("TEI All", "tei_all")):
        bad, messages = validate(tei_dir, schema)
        print(f"\ninvalid against {label}: {len(bad)} / {len(tei_names)} files")
        for message, count in messages.most_common(8):
            print(f"    {count:6} {message}")
        for name in sorted(bad)[:min(args.worst, 6)]:
            print(f"    {name}")
    print("\nconventions (documents with / elements):")
    for key, count in sorted(conventions.items()):
        print(f"  {key:48} {count}")


def count_conventions(root, body, counts: collections.Counter) -> None:
    """Count the encoded DAFP conventions of one document."""
    checks = {
        "opener/dateline with date@when": "t:opener/t:dateline/t:date[@when]",
        "opener/dateline with a time": "t:opener/t:dateline/t:date[contains(@when, 'T')]",
        "opener/dateline with placeName": "t:opener/t:dateline/t:placeName",
        "classification line (seg type)": ".//t:seg[@type='classification' or @type='precedence']",
        "gap": ".//t:gap",
        "add (hand additions)": ".//t:add",
        "footnote notes": ".//t:note[@type='footnote']",
        "footnotes of several paragraphs": ".//t:note[@type='footnote'][count(t:p) > 1]",
        "list": ".//t:list",
        "table": ".//t:table",
        "quote": ".//t:quote",
        "closer/signed": "t:closer/t:signed",
    }
    for label, xpath in checks.items():
        found = body.xpath(xpath, namespaces=NS)
        if found:
            counts["docs: " + label] += 1
            counts["elements: " + label] += len(found)
    terms = root.xpath("t:teiHeader//t:keywords/t:term", namespaces=NS)
    if terms:
        counts["docs: header classification/precedence terms"] += 1


if __name__ == "__main__":
    main()
