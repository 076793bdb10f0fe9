"""The validator's comparison set: real TEI files, generated mutants, and jing's verdicts on them.

Shared by tests/test_validate_jing.py and bench/validate.py. Mutants are made from valid
real documents by one general mistake each (a missing required element or attribute, a
wrong root, a bad datatype, a misplaced or unknown element, repeated or malformed IDs...);
jing judges them, not the mutation's name: the comparison never assumes a verdict.
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from teikit.diagnostics import Diagnostic
from teikit.tei import NSMAP, TEI_NS, XML_ID, load_document, parse, serialize

EXAMPLES_NS = "http://www.tei-c.org/ns/Examples"
_JING_LINE = re.compile(r"^(.*?):(\d+):(\d+): (?:error|fatal): (.*)$")


def T(local: str) -> str:
    """Return the Clark name of a TEI element."""
    return f"{{{TEI_NS}}}{local}"


def _first(tree, xpath):
    found = tree.xpath(xpath, namespaces=NSMAP)
    return found[0] if found else None


def _remove(xpath: str) -> Callable:
    def mutate(tree):
        target = _first(tree, xpath)
        if target is None:
            return False
        target.getparent().remove(target)
        return True
    return mutate


def _remove_all(xpath: str) -> Callable:
    def mutate(tree):
        found = tree.xpath(xpath, namespaces=NSMAP)
        for target in found:
            target.getparent().remove(target)
        return bool(found)
    return mutate


def _insert(xpath: str, markup: str, position: int | None = None) -> Callable:
    def mutate(tree):
        target = _first(tree, xpath)
        if target is None:
            return False
        new = etree.fromstring(f'<wrap xmlns="{TEI_NS}" xmlns:eg="{EXAMPLES_NS}">{markup}</wrap>',
                               etree.XMLParser(collect_ids=False))
        for offset, child in enumerate(list(new)):
            if position is None:
                target.append(child)
            else:
                target.insert(position + offset, child)
        if new.text and position is None and len(target) == 0:
            target.text = (target.text or "") + new.text
        return True
    return mutate


def _set(xpath: str, name: str, value: str) -> Callable:
    def mutate(tree):
        target = _first(tree, xpath)
        if target is None:
            return False
        target.set(name, value)
        return True
    return mutate


def _text_without_body(tree):
    body = _first(tree, "/tei:TEI/tei:text/tei:body")
    if body is None:
        return False
    parent, index = body.getparent(), body.getparent().index(body)
    for offset, child in enumerate(list(body)):
        parent.insert(index + offset, child)
    parent.remove(body)
    return True


def _rename_root(tree):
    tree.getroot().tag = T("book")
    return True


def _body_as_root(tree):
    body = _first(tree, "/tei:TEI/tei:text/tei:body")
    if body is None:
        return False
    tree._setroot(copy.deepcopy(body))
    return True


def _duplicate_id(tree):
    paragraphs = tree.xpath("//tei:body//tei:p", namespaces=NSMAP)[:2]
    if len(paragraphs) < 2:
        return False
    for p in paragraphs:
        p.set(XML_ID, "twice")
    return True


def _text_in_body(tree):
    body = _first(tree, "//tei:body")
    if body is None:
        return False
    body.text = "stray words"
    return True


def _bad_date(tree):
    date = _first(tree, "//tei:body//tei:date")
    if date is not None:
        date.set("when", "1965-13-45")
        return True
    return _insert("(//tei:body//tei:p)[1]", '<date when="1965-13-45">later</date>')(tree)


# name: mutation (returns False when the base has no place for it)
MUTATIONS: dict[str, Callable] = {
    "no-teiHeader": _remove("/tei:TEI/tei:teiHeader"),
    "no-text": _remove("/tei:TEI/tei:text"),
    "text-without-body": _text_without_body,
    "root-not-TEI": _rename_root,
    "body-as-root": _body_as_root,
    "no-title": _remove_all("//tei:titleStmt/tei:title"),
    "no-publicationStmt": _remove("//tei:fileDesc/tei:publicationStmt"),
    "no-sourceDesc": _remove("//tei:fileDesc/tei:sourceDesc"),
    "graphic-without-url": _insert("(//tei:body//tei:p)[1]", "<graphic/>"),
    "bad-date": _bad_date,
    "bad-language": _set("(//tei:body//tei:p)[1]", "{http://www.w3.org/XML/1998/namespace}lang", "en_GB"),
    "bad-number": _insert("(//tei:body//tei:p)[1]", '<measure quantity="many">many</measure>'),
    "p-in-TEI": _insert("/tei:TEI", "<p>astray</p>", 1),
    "div-in-p": _insert("(//tei:body//tei:p)[1]", "<div><p>inner</p></div>"),
    "head-at-end-of-body": _insert("//tei:body", "<head>late</head>"),
    "unknown-element": _insert("(//tei:body//tei:p)[1]", "<blink>x</blink>"),
    "foreign-element": _insert("(//tei:body//tei:p)[1]", '<x:note xmlns:x="urn:example:other">x</x:note>'),
    "text-in-body": _text_in_body,
    "attribute-not-allowed": _set("(//tei:body//tei:p)[1]", "colour", "red"),
    "duplicate-id": _duplicate_id,
    "egXML-repeated-id": _insert("(//tei:body//tei:p)[1]",
                                 '<eg:egXML><eg:p xml:id="e1">a</eg:p><eg:p xml:id="e1">b</eg:p></eg:egXML>'),
    "empty-id-and-unknown-element": lambda tree: _set("(//tei:body//tei:p)[1]", XML_ID, "")(tree)
    and _insert("(//tei:body//tei:p)[last()]", "<blink/>")(tree),
    "non-ncname-id": _set("(//tei:body//tei:p)[1]", XML_ID, "1st"),
    "respStmt-without-resp": _insert("//tei:titleStmt", "<respStmt><name>Someone</name></respStmt>"),
    "empty-listPerson": _insert("//tei:body", "<listPerson/>"),
    "missing-head-content": _insert("(//tei:body//tei:p)[1]", "<choice><sic>x</sic></choice>"),
}


def make_mutants(bases: list[Path], target: Path) -> list[Path]:
    """Write one mutant per (base, applicable mutation) into target; return their paths, sorted."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for base in bases:
        for name, mutate in MUTATIONS.items():
            tree = parse(base)
            if not mutate(tree):
                continue
            path = target / f"{base.stem}--{name}.xml"
            path.write_bytes(serialize(tree))
            written.append(path)
    return sorted(written)


def comparable(files: list[Path]) -> list[Path]:
    """Return the files jing can be asked about: not those with a DOCTYPE (teikit refuses them; jing reads them)."""
    kept = []
    for path in files:
        found = load_document(path)
        if isinstance(found, Diagnostic) and found.code in ("X002", "X004"):
            continue
        kept.append(path)
    return kept


@dataclass
class Verdict:
    """One validator's outcome for one file: its errors as (line, column, message), first first."""

    errors: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        """Whether the validator accepted the file."""
        return not self.errors


def _well_formed(path: Path) -> bool:
    try:
        etree.parse(str(path), etree.XMLParser(collect_ids=False, resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return False
    return True


def jing_verdicts(schema: Path, files: list[Path]) -> dict[str, Verdict]:
    """Return jing's verdict on every file, from one jing run (one JVM) over all the well-formed ones.

    jing stops at its first fatal (not well-formed) file, so each of those gets a run of its own.
    """
    jing = shutil.which("jing") or "jing"
    verdicts = {str(Path(f).resolve()): Verdict() for f in files}
    good = [f for f in files if _well_formed(Path(f))]
    runs = [good] + [[f] for f in files if f not in good]
    for batch in runs:
        if not batch:
            continue
        result = subprocess.run([jing, str(schema), *map(str, batch)], capture_output=True, text=True)
        for line in result.stdout.splitlines():
            match = _JING_LINE.match(line)
            if match:
                verdicts.setdefault(str(Path(match.group(1)).resolve()), Verdict()).errors.append(
                    (int(match.group(2)), int(match.group(3)), match.group(4)))
    return verdicts


def teikit_verdicts(schema: Path, files: list[Path], jobs: int | None = None) -> dict[str, Verdict]:
    """Return teikit's verdict on every file (`teikit validate --schema`: the validate stage on the build's engine)."""
    from teikit.build import run_tasks
    from teikit.stages.validate import ValidateStage
    from teikit.validate import prepare

    paths = [str(f) for f in files]
    options, problems = prepare(paths, schema=str(schema))
    stage = ValidateStage()
    found = problems + [d for result in run_tasks(stage, stage.tasks(paths, options), jobs or 0)
                        for d in result.diagnostics]
    verdicts = {str(Path(f).resolve()): Verdict() for f in files}
    for diagnostic in found:
        verdicts[str(Path(diagnostic.path).resolve())].errors.append(
            (diagnostic.line, diagnostic.col, f"[{diagnostic.code}] {diagnostic.message}"))
    return verdicts


@dataclass
class Comparison:
    """How teikit's verdicts compare with jing's over a set of files."""

    files: int = 0
    invalid: int = 0
    false_valid: list[str] = field(default_factory=list)
    false_invalid: list[str] = field(default_factory=list)
    same_first_line: int = 0
    both_invalid: int = 0
    other_first_line: list[str] = field(default_factory=list)
    jing_errors: int = 0
    teikit_errors: int = 0

    def summary(self) -> str:
        """Return the figures in one line."""
        share = self.same_first_line / self.both_invalid if self.both_invalid else 1.0
        return (f"{self.files} files ({self.invalid} invalid for jing): {len(self.false_valid)} false valid, "
                f"{len(self.false_invalid)} false invalid; first error on jing's line in {self.same_first_line} of "
                f"{self.both_invalid} ({share:.0%}); errors: jing {self.jing_errors}, teikit {self.teikit_errors}")


def compare(ours: dict[str, Verdict], jings: dict[str, Verdict]) -> Comparison:
    """Compare two sets of verdicts file by file."""
    result = Comparison(files=len(jings))
    for path, jing in sorted(jings.items()):
        mine = ours[path]
        result.invalid += not jing.valid
        result.jing_errors += len(jing.errors)
        result.teikit_errors += len(mine.errors)
        if mine.valid and not jing.valid:
            result.false_valid.append(path)
        elif jing.valid and not mine.valid:
            result.false_invalid.append(path)
        elif not jing.valid:
            result.both_invalid += 1
            if mine.errors[0][0] == jing.errors[0][0]:
                result.same_first_line += 1
            else:
                result.other_first_line.append(f"{path}: jing {jing.errors[0]}, teikit {mine.errors[0]}")
    return result
