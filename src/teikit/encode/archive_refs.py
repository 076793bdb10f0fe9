"""DAFP's archival sources in the header: the front matter's `naa_refs` and the references printed in the text.

Each `naa_refs` entry is one `msDesc` (repository, `idno` series, controlSymbol, barcode,
and the reference as an `altIdentifier`). A reference printed in the record
("_[AA:A1838/2, 401/3/6/1/5]_") joins the `msDesc` it names as
`altIdentifier[@type='printed']`, spelled as printed and with `@rend="after-notes"` when
the volume printed it below the notes (so `teikit text` puts it back there); one that names
no front-matter entry gets an `msDesc` of its own (repository, series and control symbol
read from the reference).
"""

from __future__ import annotations

import re

from lxml import etree

from ..readers.base import Record
from ..tei import TEI_PREFIX as _T
from . import hands

# The abbreviations the volumes use for the holding institutions (their lists of abbreviations).
REPOSITORIES = {
    "NAA": "National Archives of Australia",
    "AA": "Australian Archives",
    "FA": "Department of Foreign Affairs, Canberra",
    "DFAT": "Department of Foreign Affairs and Trade, Canberra",
    "DEFENCE": "Department of Defence, Canberra",
    "PM &C": "Department of the Prime Minister and Cabinet, Canberra",
    "NLA": "National Library of Australia",
    "ANL": "Australian National Library",
    "PRO": "Public Record Office, London",
    "UKNA": "The National Archives of the United Kingdom",
    "UK.NA": "The National Archives of the United Kingdom",
    "FCO": "Foreign and Commonwealth Office, London",
}
# Repositories whose references read "SERIES, CONTROL SYMBOL[, PART]".
_SERIES_FIRST = {"NAA", "AA", "FA"}
_KEY = re.compile(r"[^A-Z0-9]")


def ms_descs(parent: etree._Element, record: Record, element, lang_name: str, lang_code: str) -> None:
    """Append one msDesc per front-matter reference, and the printed references, to sourceDesc.

    `element(parent, tag, text=None, **attrs)` appends a TEI element (the header's builder).
    """
    identifiers = []
    for ref in record.meta.get("naa_refs") or [{}]:
        reference = str(ref.get("reference", "")).strip()
        inner = reference.strip("[]")
        abbreviation = inner.split(":", 1)[0].strip() if ":" in inner else "NAA"
        ms_desc = element(parent, "msDesc")
        ident = element(ms_desc, "msIdentifier")
        element(ident, "repository", REPOSITORIES.get(abbreviation, abbreviation))
        for key, kind in (("naa_series", "series"), ("naa_control_symbol", "controlSymbol"),
                          ("naa_barcode", "barcode")):
            if ref.get(key) is not None:
                element(ident, "idno", str(ref[key]), type=kind)
        if reference:
            element(element(ident, "altIdentifier"), "idno", inner, type="reference")
        _contents(ms_desc, record, element, lang_name, lang_code)
        if not identifiers:
            _hands(ms_desc, record, element)
        identifiers.append((_key(inner), ident))
    for printed in record.meta.get("printed_refs") or []:
        text = printed["text"]
        ident = next((i for key, i in identifiers if key and key == _key(text)), None)
        if ident is None:
            ident = _printed_only(parent, record, element, printed, lang_name, lang_code)
        alt = element(ident, "altIdentifier", type="printed", rend="after-notes" if printed["after_notes"] else None)
        element(alt, "idno", text, type="reference")


def _printed_only(parent, record: Record, element, printed: dict, lang_name: str, lang_code: str):
    """An msDesc for a printed reference that names no front-matter entry."""
    abbreviation = printed["repository"]
    ms_desc = element(parent, "msDesc")
    ident = element(ms_desc, "msIdentifier")
    text = printed["text"]
    element(ident, "repository", REPOSITORIES.get(abbreviation, abbreviation) if abbreviation else _named(text))
    if abbreviation in _SERIES_FIRST:
        series, _, control = text.split(":", 1)[1].strip().partition(",")
        if series.strip():
            element(ident, "idno", series.strip(), type="series")
        if control.strip():
            element(ident, "idno", control.strip(), type="controlSymbol")
    _contents(ms_desc, record, element, lang_name, lang_code)
    return ident


def _hands(ms_desc, record: Record, element) -> None:
    """The hands that the notes name as having added words to the copy cited (`add/@hand` points here)."""
    names = hands.hands_named(record)
    if names:
        desc = element(element(ms_desc, "physDesc"), "handDesc")
        for name in names:
            element(element(desc, "handNote", xml__id=hands.hand_id(name)), "persName", name)


def _named(text: str) -> str:
    """The archive a reference names in its text ("... Archives New Zealand/Te Whare ...")."""
    match = re.search(r"(?:[A-Z]\w* )*Archives(?: [A-Z]\w*)*", text)
    return match.group(0).strip() if match else text


def _contents(ms_desc, record: Record, element, lang_name: str, lang_code: str) -> None:
    contents = element(ms_desc, "msContents")
    element(contents, "textLang", lang_name, mainLang=lang_code)
    element(element(contents, "msItem"), "title", record.title)


def _key(reference: str) -> str:
    """A reference reduced to its letters and digits, to see that two spellings are one."""
    return _KEY.sub("", reference.upper())


def front_matter_identifiers(header: etree._Element) -> list[etree._Element]:
    """The msIdentifiers that stand for front-matter references (not for printed ones alone)."""
    found = []
    for ident in header.iterfind(f"{_T}fileDesc/{_T}sourceDesc/{_T}msDesc/{_T}msIdentifier"):
        alts = ident.findall(_T + "altIdentifier")
        if alts and all(a.get("type") == "printed" for a in alts):
            continue
        found.append(ident)
    return found
