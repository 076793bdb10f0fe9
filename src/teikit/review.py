"""The editors' review: every decision the converter marked uncertain, as text and as a page of the site.

A collector reads one TEI document and yields `ReviewItem`s. The bracket readings of low
certainty (`@cert="low"`) are the first; other stages add theirs with `register_collector`
(the name matching, for instance, its proposals). The review stage (teikit.stages.review) writes
`build/html/review.html` (linked from no public page); `teikit review` prints the same items.
"""

from __future__ import annotations

import copy
import html
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Iterable

from lxml import etree

from .diagnostics import Diagnostic, error
from .edition import Edition
from .tei import TEI_PREFIX as _T, UnsafeXMLError, parse, write_atomic
from .text import phrase_text

PAGE = "review.html"
# Elements a reading of a bracket becomes, and the class each says (notes and supplied by @type/@reason).
_CLASS_OF = {"foreign": "original", "gap": "omission", "reg": "variant", "add": "physical", "sic": "correction",
             "corr": "correction"}
_NOTE_CLASS = {"source": "archive"}
# Units whose text is a bracket's context.
_BLOCKS = frozenset(_T + t for t in ("p", "head", "opener", "closer", "postscript", "item", "title", "bibl", "speaker",
                                     "stage", "note", "dateline", "salute", "signed"))
_CONTEXT = 90
# Where the reviewed element was, in a copy of its block (a private-use character no record holds).
_MARK = "\U000F0000"


@dataclass(frozen=True)
class ReviewItem:
    """One decision an editor should check: where (TEI file, line), what, how it was read, in what words."""

    document: str
    line: int
    kind: str
    reading: str
    words: str
    before: str
    after: str

    def format(self) -> str:
        """Return the item as one line of text: `FILE:LINE: KIND read as READING: …before [words] after…`."""
        words = self.words if len(self.words) <= 2 * _CONTEXT else self.words[:_CONTEXT] + "…" + self.words[-20:]
        return f"{self.document}:{self.line}: {self.kind} read as {self.reading}: …{self.before}{words}{self.after}…"


Collector = Callable[[str, etree._ElementTree], Iterable[ReviewItem]]
# (marker, collector): a document whose bytes lack the marker is not parsed for that collector.
COLLECTORS: list[tuple[bytes, Collector]] = []


def register_collector(marker: bytes, collector: Collector) -> None:
    """Add a collector of review items, run on every document whose bytes contain marker."""
    COLLECTORS.append((marker, collector))


def bracket_readings(document: str, tree: etree._ElementTree) -> Iterable[ReviewItem]:
    """Yield the bracket readings marked `@cert="low"` in a document (and the names several persons fit)."""
    for element in tree.iter(_T + "*"):
        if element.get("cert") != "low":
            continue
        name = etree.QName(element).localname
        if name in _NAMES and element.get("ref") is None:
            before, words, after = _context(element)
            yield ReviewItem(document, element.sourceline or 0, "name", "several persons fit", words, before, after)
            continue
        if name == "note":
            reading = _NOTE_CLASS.get(element.get("type", ""), element.get("type", "note"))
        elif name == "supplied":
            reading = "identification" if element.get("reason") == "identification" else "supplied"
        else:
            reading = _CLASS_OF.get(name, name)
        before, words, after = _context(element)
        yield ReviewItem(document, element.sourceline or 0, "bracket", reading, words, before, after)


register_collector(b'cert="low"', bracket_readings)

_NAMES = frozenset(("persName", "orgName", "placeName"))
_PROPOSED_KIND = {"person": "person", "org": "organization", "place": "place"}
# The proposed entries of each register file, by (path, size, mtime): the review reads them once.
_PROPOSALS: dict[tuple[str, int, int], dict[str, str]] = {}


def _proposals(folder: Path) -> dict[str, str]:
    """Return {"per:ID": kind} of the entries the registers beside a document hold as proposals (cert="low")."""
    found: dict[str, str] = {}
    for name in ("persons.xml", "places.xml"):
        path = folder / name
        try:
            stat = path.stat()
        except OSError:
            continue
        key = (str(path), stat.st_size, stat.st_mtime_ns)
        if key not in _PROPOSALS:
            entries = {}
            try:
                root = parse(path).getroot()
            except (OSError, etree.XMLSyntaxError, UnsafeXMLError):
                root = None
            for tag, prefix, kind in (("person", "per", "person"), ("org", "org", "org"), ("place", "pla", "place")):
                for element in root.iter(_T + tag) if root is not None else ():
                    ident = element.get("{http://www.w3.org/XML/1998/namespace}id")
                    if element.get("cert") == "low" and ident:
                        entries[f"{prefix}:{ident}"] = kind
            _PROPOSALS[key] = entries
        found.update(_PROPOSALS[key])
    return found


def proposed_names(document: str, tree: etree._ElementTree) -> Iterable[ReviewItem]:
    """Yield the first mention, in a document, of each entry the converter proposed (still `cert="low"` in the register)."""
    url = tree.docinfo.URL
    if not url:
        return
    proposals = _proposals(Path(url).parent)
    seen = set()
    for element in tree.iter(*(_T + n for n in _NAMES)):
        ref = element.get("ref") or ""
        if ref in proposals and ref not in seen:
            seen.add(ref)
            before, words, after = _context(element)
            yield ReviewItem(document, element.sourceline or 0, "name",
                             f"proposed {_PROPOSED_KIND[proposals[ref]]} {ref}", words, before, after)


register_collector(b'ref="', proposed_names)


def _context(element: etree._Element) -> tuple[str, str, str]:
    """Return the text before the element in its block, the element as the source wrote it, and the text after."""
    block = element.getparent()
    while block is not None and block.tag not in _BLOCKS:
        block = block.getparent()
    words = phrase_text(element)
    if block is None:
        return "", words, ""
    # A copy of the block with a mark where the element was: its text on either side is the context.
    index = list(block.iter()).index(element)
    clone = copy.deepcopy(block)
    target = list(clone.iter())[index]
    marker = etree.Element(_T + "milestone", unit="review")
    marker.tail = _MARK + (target.tail or "")
    target.addnext(marker)
    target.getparent().remove(target)
    before, _, after = phrase_text(clone).partition(_MARK)
    return _squash(before)[-_CONTEXT:], _squash(words), _squash(after)[:_CONTEXT]


def _squash(text: str) -> str:
    """Return text on one line, runs of white space as one space (an edge space kept)."""
    return re.sub(r"\s+", " ", text)


def collect(path: str | Path, label: str | None = None) -> list[ReviewItem]:
    """Return the review items of one TEI document (`label` names it in the items; default: path)."""
    data = Path(path).read_bytes()
    wanted = [collector for marker, collector in COLLECTORS if marker in data]
    if not wanted:
        return []
    tree = parse(path)
    document = label or str(path)
    return [item for collector in wanted for item in collector(document, tree)]


def render_text(items: Iterable[ReviewItem]) -> str:
    """Return the items as lines of text, in document and line order."""
    return "".join(item.format() + "\n" for item in sorted(items, key=_order))


def _order(item: ReviewItem):
    return item.document, item.line, item.words


def render_page(items: Iterable[ReviewItem], title: str, link: Callable[[str], str] | None = None) -> str:
    """Return the editors' HTML page: one table, grouped by document, sortable and filterable."""
    items = sorted(items, key=_order)
    documents = sorted({i.document for i in items})
    readings = sorted({i.reading for i in items})
    rows = []
    for document in documents:
        group = [i for i in items if i.document == document]
        href = link(document) if link else ""
        name = f'<a href="{html.escape(href)}">{html.escape(document)}</a>' if href else html.escape(document)
        rows.append(f'<tbody data-document="{html.escape(document)}"><tr class="doc"><th colspan="5">{name} '
                    f'<span class="count">{len(group)}</span></th></tr>')
        for item in group:
            rows.append(
                f'<tr data-reading="{html.escape(item.reading)}" data-kind="{html.escape(item.kind)}">'
                f"<td>{html.escape(item.document)}:{item.line}</td><td>{html.escape(item.kind)}</td>"
                f"<td>{html.escape(item.reading)}</td><td>{html.escape(item.words)}</td>"
                f'<td class="context">…{html.escape(item.before)}<mark>{html.escape(item.words)}</mark>'
                f"{html.escape(item.after)}…</td></tr>")
        rows.append("</tbody>")
    options = "".join(f'<option value="{html.escape(r)}">{html.escape(r)}</option>' for r in readings)
    return _PAGE.format(title=html.escape(title), count=len(items), documents=len(documents), options=options,
                        rows="\n".join(rows))


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex, nofollow">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Review: {title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1.5rem; }}
table {{ border-collapse: collapse; width: 100%; font-size: 0.9rem; }}
th, td {{ border-bottom: 1px solid #ddd; padding: 0.25rem 0.4rem; text-align: left; vertical-align: top; }}
thead th {{ cursor: pointer; background: #f4f4f4; position: sticky; top: 0; }}
tr.doc th {{ background: #fafafa; font-weight: 600; }}
td.context {{ color: #444; }} mark {{ background: #ffe38a; }}
.count {{ color: #777; font-weight: normal; }} [hidden] {{ display: none; }}
</style></head>
<body>
<h1>Decisions to review</h1>
<p>{count} decisions of low certainty in {documents} documents. Each is where the converter chose the reading
that keeps the words in the running text; check it, correct the TEI file at the line given, and remove
<code>cert="low"</code>.</p>
<p><label>Filter <input id="filter" type="search" placeholder="document, words, context"></label>
<label>Reading <select id="reading"><option value="">all</option>{options}</select></label>
<span id="shown"></span></p>
<table id="review"><thead><tr><th data-col="0">where</th><th data-col="1">kind</th><th data-col="2">read as</th>
<th data-col="3">words</th><th data-col="4">context</th></tr></thead>
{rows}
</table>
<script>
(function () {{
  var table = document.getElementById("review"), filter = document.getElementById("filter"),
      reading = document.getElementById("reading"), shown = document.getElementById("shown");
  function apply() {{
    var text = filter.value.toLowerCase(), want = reading.value, count = 0;
    Array.prototype.forEach.call(table.tBodies, function (body) {{
      var visible = 0;
      Array.prototype.forEach.call(body.rows, function (row) {{
        if (row.className === "doc") return;
        var ok = (!want || row.dataset.reading === want) && (!text || row.textContent.toLowerCase().indexOf(text) >= 0);
        row.hidden = !ok; if (ok) visible++;
      }});
      body.hidden = visible === 0; count += visible;
    }});
    shown.textContent = count + " shown";
  }}
  filter.addEventListener("input", apply); reading.addEventListener("change", apply);
  table.tHead.addEventListener("click", function (event) {{
    var col = event.target.dataset.col; if (col === undefined) return;
    var rows = [];
    Array.prototype.forEach.call(table.tBodies, function (body) {{
      Array.prototype.forEach.call(body.rows, function (row) {{ if (row.className !== "doc") rows.push(row); }});
    }});
    var desc = table.dataset.sorted === col; table.dataset.sorted = desc ? "" : col;
    rows.sort(function (a, b) {{
      var x = a.cells[col].textContent, y = b.cells[col].textContent;
      return (desc ? -1 : 1) * x.localeCompare(y, undefined, {{numeric: true}});
    }});
    var flat = document.createElement("tbody");
    rows.forEach(function (row) {{ flat.appendChild(row); }});
    while (table.tBodies.length) table.removeChild(table.tBodies[0]);
    table.appendChild(flat); apply();
  }});
  apply();
}})();
</script>
</body></html>
"""


def items_of(paths: Iterable[str | Path], label: Callable[[str], str] = str
             ) -> tuple[list[ReviewItem], list[Diagnostic]]:
    """Return the review items of TEI files, and a diagnostic per unreadable one."""
    items: list[ReviewItem] = []
    problems: list[Diagnostic] = []
    for path in map(str, paths):
        try:
            items += collect(path, label(path))
        except OSError as exc:
            problems.append(error(path, "X003", f"cannot read the file: {exc.strerror or exc}"))
        except UnsafeXMLError as exc:
            problems.append(error(path, "X002", str(exc), exc.line, exc.col))
        except etree.XMLSyntaxError as exc:
            problems.append(error(path, "X001", f"not well-formed XML: {exc.msg}", exc.lineno or 0))
    return items, problems


def edition_items(edition: Edition) -> tuple[list[ReviewItem], list[Diagnostic]]:
    """Return the review items of every TEI document of an edition, and a diagnostic per unreadable one."""
    return items_of(edition.document_files(), lambda path: _label(edition, path))


def _label(edition: Edition, path: str) -> str:
    try:
        return str(Path(path).relative_to(edition.root))
    except ValueError:
        return path


def _link(document: str) -> str:
    return f"documents/{Path(document).stem}.html"


def write_page(edition: Edition, items: Iterable[ReviewItem]) -> Path:
    """Write the editors' page into the site folder; return its path."""
    target = edition.html_dir / PAGE
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, render_page(items, edition.settings.title, _link))
    return target


def to_json(items: Iterable[ReviewItem]) -> str:
    """Return the items as a JSON array (for scripts)."""
    return json.dumps([asdict(i) for i in sorted(items, key=_order)], ensure_ascii=False, indent=1) + "\n"
