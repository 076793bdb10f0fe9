"""The record text back from its TEI: the lossless round trip, editorial brackets re-inserted."""

from __future__ import annotations

from lxml import etree

from .encode.header import header_text
from .tei import TEI_PREFIX as _T

# Elements that stand for a square bracket of the source translation.
_BRACKETED = {_T + "supplied", _T + "foreign"}
_NOTE_BRACKETED = {"gloss", "editorial", "identification", "physical", "source"}
# The Markdown marks of emphasis (teikit.encode.emphasis), printed back around its words.
_EMPHASIS = {"italic": "_", "bold": "**"}
_REGISTER_LISTS = {_T + "listPerson", _T + "listOrg", _T + "listPlace"}
_ENDS = {"(]", "[)"}


def record_text(tei_root: etree._Element) -> str:
    """Return the whole record text: the header part (teikit.encode.header) and the body."""
    return header_text(tei_root).rstrip("\n") + "\n\n" + body_text(tei_root)


def body_text(tei_root: etree._Element) -> str:
    """Return the body part of the record text, footnotes after the text they annotate.

    Notes are printed after the text, or before a unit the source printed after them
    (`@rend="after-notes"`: an enclosure with notes of its own, a signature below the notes).
    The archive references printed with the text, which the header keeps
    (`altIdentifier[@type='printed']`), come back with the last notes: before them, or after
    them (`@rend="after-notes"`).
    """
    body = tei_root.find(f"{_T}text/{_T}body")
    if body is None:
        return ""
    parts: list[tuple[list[str], list[str]]] = []
    blocks: list[str] = []
    notes: list[tuple[str, str]] = []
    for child in body:
        if not isinstance(child.tag, str):
            continue
        if child.get("rend") == "after-notes" and notes:
            parts.append((blocks, notes))
            blocks, notes = [], []
        blocks.append(_block(child, notes))
    parts.append((blocks, notes))
    parts = [(texts, _listed(found)) for texts, found in _gather(parts)]
    before, after = _printed_refs(tei_root)
    last = max((i for i, (_, listed) in enumerate(parts) if listed), default=len(parts) - 1)
    out: list[str] = []
    for index, (texts, listed) in enumerate(parts):
        out += [t for t in texts if t]
        out += (before + listed + after) if index == last else listed
    return "\n\n".join(out) + "\n"


def _gather(parts: list[tuple[list[str], list[tuple[str, str]]]]) -> list[tuple[list[str], list[tuple[str, str]]]]:
    """Move the notes of a unit printed after a notes list into that list when they continue it.

    A fragment of the text printed below the notes ("_[7] (telegram 294 [8]) should be_")
    holds markers of the notes above it, which the source printed in order of number; an
    enclosure's own notes start again from 1 and stay with it.
    """
    def number(note: tuple[str, str]) -> int:
        first = note[0].split(" ")[0]
        return int(first) if first.isdigit() else 0

    for index in range(1, len(parts)):
        listed = parts[index - 1][1]
        numbers = {number(note) for note in listed} - {0}
        if not numbers:
            continue
        # Notes numbered afresh (an enclosure's) share a number with the list above; a fragment's do not.
        moved = [note for note in parts[index][1] if number(note)]
        if moved and not {number(note) for note in moved} & numbers:
            listed += moved
            listed.sort(key=number)
            parts[index][1][:] = [note for note in parts[index][1] if note not in moved]
    return parts


def _listed(notes: list[tuple[str, str]]) -> list[str]:
    """The notes as printed after the text: "[n] text" (notes the source lacks left out)."""
    return [f"[{n}] {t}" for n, t in notes if t]


def is_register(tei_root: etree._Element) -> bool:
    """Return whether a TEI file is one of the edition's registers (persons.xml, places.xml)."""
    body = tei_root.find(f"{_T}text/{_T}body")
    return body is not None and len(body) > 0 and all(
        isinstance(c.tag, str) and c.tag in _REGISTER_LISTS for c in body)


def _printed_refs(tei_root: etree._Element) -> tuple[list[str], list[str]]:
    before, after = [], []
    for alt in tei_root.iterfind(f"{_T}teiHeader//{_T}msIdentifier/{_T}altIdentifier[@type='printed']"):
        text = f"[{''.join(alt.find(_T + 'idno').itertext())}]"
        (after if alt.get("rend") == "after-notes" else before).append(text)
    return before, after


def _block(el: etree._Element, notes) -> str:
    tag = el.tag
    if tag == _T + "sp":
        speaker = "".join(_inner(s, notes) for s in el.findall(_T + "speaker"))
        stages = "".join(f" ({_inner(s, notes)})" for s in el.findall(_T + "stage"))
        paras = "\n\n".join(_inner(p, notes) for p in el.findall(_T + "p"))
        return f"{speaker}{stages}: {paras}"
    if tag == _T + "postscript":
        return "\n\n".join(_block(child, notes) for child in el if isinstance(child.tag, str))
    if tag == _T + "list":
        return "\n\n".join(_item(item, notes) for item in el.findall(_T + "item"))
    if tag in (_T + "closer", _T + "opener") and not (el.text or "").strip():
        # Indentation may have replaced the separators: one line per signature or dateline.
        parts = []
        for child in el:
            if isinstance(child.tag, str):
                parts.append(_inline(child, notes))
            # Text between the parts is the source's own (" AND " in "PERSONAL AND CONFIDENTIAL").
            parts.append(child.tail if (child.tail or "").strip() else "\n")
        return "".join(parts).strip()
    return _inline(el, notes)


def _marker(note: etree._Element) -> str:
    """The marker of a note: its number ("1" of a joint note labelled "1 & 2")."""
    return (note.get("n") or "").split(" ")[0]


def phrase_text(el: etree._Element) -> str:
    """Return an element as the record wrote it: its text, brackets re-inserted (the element's own too)."""
    return _inline(el, []) if el.tag != _T + "p" else _inner(el, [])


def _item(item: etree._Element, notes) -> str:
    inner = _inner(item, notes)
    return f"{item.get('n')} - {inner}" if item.get("n") else inner


def _inner(el: etree._Element, notes) -> str:
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str):
            parts.append(_inline(child, notes))
        parts.append(child.tail or "")
    return "".join(parts)


def _bracket(text: str, el: etree._Element) -> str:
    rend = el.get("rend")
    if rend in _ENDS:
        return rend[0] + text + rend[1]  # a bracket one of whose ends the source typed as a parenthesis
    return ("" if rend == "unopened" else "[") + text + ("" if rend == "unclosed" else "]")


def _inline(el: etree._Element, notes) -> str:
    tag = el.tag
    if tag == _T + "pb":
        return ""
    if tag == _T + "lb":
        return "\n"
    if tag == _T + "gap":
        desc = el.find(_T + "desc")
        return _bracket((desc.text or "") if desc is not None else "...", el)
    if tag in (_T + "anchor", _T + "ptr") and el.get("type") == "footnote":
        return f"[{el.get('n')}]"
    if tag == _T + "note":
        kind = el.get("type")
        if kind == "footnote":
            # A note of several paragraphs; a note the source lacks (a gap alone) is not listed.
            paras = el.findall(_T + "p")
            text = "\n\n".join(_inner(p, notes) for p in paras) if paras else _inner(el, notes)
            missing = len(el) == 1 and el[0].tag == _T + "gap" and not (el.text or "").strip() \
                and not (el[0].tail or "").strip()
            notes.append((el.get("n", ""), "" if missing else text))
            # A note the source printed without a marker in the text gets none back.
            return "" if el.get("subtype") == "unmarked" else f"[{_marker(el)}]"
        if kind in _NOTE_BRACKETED:
            return _bracket(_inner(el, notes), el)
        return _inner(el, notes)
    if tag == _T + "hi" and el.get("rend") in _EMPHASIS:
        mark = _EMPHASIS[el.get("rend")]
        return f"{mark}{_inner(el, notes)}{mark}"
    if tag == _T + "add" and el.get("rend") == "brackets":
        return _bracket(_inner(el, notes), el)
    if tag in _BRACKETED and (tag == _T + "supplied" or el.get("resp")):
        return _bracket(_inner(el, notes), el)
    if tag == _T + "choice":
        sic, corr = el.find(_T + "sic"), el.find(_T + "corr")
        if sic is not None:
            return f"{_inner(sic, notes)} [sic; {_inner(corr, notes) if corr is not None else ''}]"
        orig, reg = el.find(_T + "orig"), el.find(_T + "reg")
        if orig is not None and reg is not None:
            return f"{_inner(orig, notes)} [{_inner(reg, notes)}]"
        return "".join(_inline(c, notes) for c in el if isinstance(c.tag, str))
    if tag == _T + "sic":
        return f"{_inner(el, notes)} [sic]"
    return _inner(el, notes)
