"""Datatype libraries of RELAX NG: the built-in one and W3C XML Schema's (1.0), as jing reads them.

A `Datatype` says whether a string is in its lexical space (after the type's whitespace
handling, and within its parameters: pattern, length, ranges) and gives the value a
`value` pattern compares. The lexical rules follow XML Schema 1.0 as jing applies them
(year 0000 and 24:00:00 refused, the day checked against its month; anyURI as java.net.URI
reads it after escaping the characters a URI may not hold).
"""

from __future__ import annotations

import calendar
import re
from decimal import Decimal, InvalidOperation

XSD = "http://www.w3.org/2001/XMLSchema-datatypes"
DTD_COMPAT = "http://relaxng.org/ns/compatibility/datatypes/1.0"
XML_SPACE = " \t\n\r"


class DatatypeError(Exception):
    """A datatype or parameter the library does not know (a schema error)."""


def collapse(text: str) -> str:
    """Return text with XML whitespace runs made one space and the ends trimmed."""
    if " " not in text and "\t" not in text and "\n" not in text and "\r" not in text:
        return text
    return _XML_SPACE_RUN.sub(" ", text).strip(XML_SPACE)


_XML_SPACE_RUN = re.compile("[ \t\n\r]+")


def _replace(text: str) -> str:
    return text.replace("\t", " ").replace("\n", " ").replace("\r", " ")


# ---------------------------------------------------------------- lexical spaces

_NAME_START = ("A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
               "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff")
_NAME_CHAR = _NAME_START + r"\-.0-9\u00b7\u0300-\u036f\u203f-\u2040"
_NCNAME = f"[{_NAME_START}][{_NAME_CHAR}]*"
_RE = {
    "NCName": _NCNAME,
    "Name": f"[:{_NAME_START}][:{_NAME_CHAR}]*",
    "NMTOKEN": f"[:{_NAME_CHAR}]+",
    "QName": f"{_NCNAME}(?::{_NCNAME})?",
    "language": r"[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*",
    "boolean": r"true|false|1|0",
    "decimal": r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)",
    "integer": r"[+-]?[0-9]+",
    "double": r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|-?INF|NaN",
    "duration": r"-?P(?=[0-9]|T[0-9])(?:[0-9]+Y)?(?:[0-9]+M)?(?:[0-9]+D)?"
                r"(?:T(?=[0-9.])(?:[0-9]+H)?(?:[0-9]+M)?(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)S)?)?",
    "hexBinary": r"(?:[0-9a-fA-F]{2})*",
    "base64Binary": r"(?:(?:[A-Za-z0-9+/] ?){4})*(?:(?:[A-Za-z0-9+/] ?){3}[A-Za-z0-9+/]|"
                    r"(?:[A-Za-z0-9+/] ?){2}[AEIMQUYcgkosw048] ?=|[A-Za-z0-9+/] ?[AQgw] ?= ?=)?",
}


class _Patterns(dict):
    """The patterns of _RE, each compiled when first used (the name classes take a quarter of a second).

    Every process that imports the validator paid for them, though a build that checks only
    against the edition's XSD never uses them.
    """

    def __missing__(self, name: str) -> re.Pattern:
        self[name] = compiled = re.compile(_RE[name])
        return compiled


_COMPILED = _Patterns()

_YEAR = r"(-?(?:[1-9][0-9]{4,}|[0-9]{4}))"
_TZ = r"(Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
_TIME = r"([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]+)?"
_DATES = {
    "dateTime": re.compile(f"{_YEAR}-([0-9]{{2}})-([0-9]{{2}})T{_TIME}{_TZ}"),
    "date": re.compile(f"{_YEAR}-([0-9]{{2}})-([0-9]{{2}}){_TZ}"),
    "time": re.compile(f"{_TIME}{_TZ}"),
    "gYearMonth": re.compile(f"{_YEAR}-([0-9]{{2}}){_TZ}"),
    "gYear": re.compile(f"{_YEAR}{_TZ}"),
    "gMonthDay": re.compile(f"--([0-9]{{2}})-([0-9]{{2}}){_TZ}"),
    "gDay": re.compile(f"---([0-9]{{2}}){_TZ}"),
    "gMonth": re.compile(f"--([0-9]{{2}})(?:--)?{_TZ}"),
}


def _year_ok(text: str) -> int | None:
    year = int(text)
    return None if year == 0 else year


def _days(month: int, year: int | None) -> int:
    if month == 2 and year is None:
        return 29
    # XML Schema 1.0 counts 1 BCE as year -1; jing takes the proleptic Gregorian rule on it.
    return calendar.monthrange(2000 if year is not None and calendar.isleap(abs(year)) else 2001, month)[1]


def _date_ok(kind: str, text: str) -> bool:
    match = _DATES[kind].fullmatch(text)
    if match is None:
        return False
    groups = match.groups()
    year = month = day = None
    time = None
    if kind in ("dateTime", "date", "gYearMonth", "gYear"):
        year = _year_ok(groups[0])
        if year is None:
            return False
        if kind != "gYear":
            month = int(groups[1])
        if kind in ("dateTime", "date"):
            day = int(groups[2])
        if kind == "dateTime":
            time = groups[3:6]
    elif kind == "time":
        time = groups[0:3]
    elif kind == "gMonthDay":
        month, day = int(groups[0]), int(groups[1])
    elif kind == "gDay":
        day = int(groups[0])
    elif kind == "gMonth":
        month = int(groups[0])
    if month is not None and not 1 <= month <= 12:
        return False
    if day is not None and not 1 <= day <= (_days(month, year) if month else 31):
        return False
    if time is not None:
        hour, minute, second = (int(t) for t in time)
        if hour > 23 or minute > 59 or second > 60:
            return False
    return True


# java.net.URI (RFC 2396 with RFC 2732 host literals), after jing's escaping of the
# characters no URI may hold (spaces, controls, "<>\"{}|\\^`").
_ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_UNRESERVED = _ALNUM + "-_.!~*'()"
_URIC = frozenset(_UNRESERVED + ";/?:@&=+$,[]")
_PATH = frozenset(_UNRESERVED + ":@&=+$,;/")
_REG_NAME = frozenset(_UNRESERVED + "$,;:@&=+")
_ESCAPED_BY_JING = frozenset(' "<>\\^`{|}\x7f')
_SCHEME = frozenset(_ALNUM + "+-.")
_SERVER = re.compile(r"(?:[^@]*@)?\[[0-9A-Fa-f:.]+\](?::[0-9]*)?")
_HEX = frozenset("0123456789abcdefABCDEF")


def _uri_chars(text: str, allowed: frozenset) -> bool:
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "%":
            if i + 2 >= n or text[i + 1] not in _HEX or text[i + 2] not in _HEX:
                return False
            i += 3
            continue
        if c not in allowed and c not in _ESCAPED_BY_JING and ord(c) < 0x80 and ord(c) >= 0x20:
            return False
        i += 1
    return True


def uri_ok(text: str) -> bool:
    """Return whether jing (java.net.URI) accepts text as an anyURI."""
    n = len(text)
    colon = -1
    for i, c in enumerate(text):
        if c in "/?#":
            break
        if c == ":":
            colon = i
            break
    start = 0
    if colon >= 0:
        if colon == 0 or text[0] not in _ALNUM[:52] or any(c not in _SCHEME for c in text[1:colon]):
            return False
        start = colon + 1
        if start == n:
            return False
        if text[start] != "/":
            ssp, _, fragment = text[start:].partition("#")
            return _uri_chars(ssp, _URIC) and _uri_chars(fragment, _URIC) and "#" not in fragment
    rest = text[start:]
    rest, _, fragment = rest.partition("#")
    if "#" in fragment or not _uri_chars(fragment, _URIC):
        return False
    rest, _, query = rest.partition("?")
    if not _uri_chars(query, _URIC):
        return False
    if rest.startswith("//"):
        end = rest.find("/", 2)
        end = len(rest) if end < 0 else end
        authority, rest = rest[2:end], rest[end:]
        if not (_uri_chars(authority, _REG_NAME) or _SERVER.fullmatch(authority)):
            return False
    return _uri_chars(rest, _PATH)


# ---------------------------------------------------------------- the types

# name: (whitespace, lexical check, value kind, id type, description)
_INTEGER_RANGES = {
    "integer": (None, None), "nonNegativeInteger": (0, None), "positiveInteger": (1, None),
    "nonPositiveInteger": (None, 0), "negativeInteger": (None, -1),
    "long": (-2**63, 2**63 - 1), "int": (-2**31, 2**31 - 1), "short": (-2**15, 2**15 - 1), "byte": (-128, 127),
    "unsignedLong": (0, 2**64 - 1), "unsignedInt": (0, 2**32 - 1), "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 255),
}
_DESCRIPTIONS = {
    "string": "a string", "normalizedString": "a string", "token": "a token", "anyURI": "a URI",
    "NCName": "an XML name without colons", "Name": "an XML name", "NMTOKEN": "a name token",
    "NMTOKENS": "a list of name tokens", "QName": "a qualified name", "ID": "an XML name without colons (an ID)",
    "IDREF": "an XML name without colons (an IDREF)", "IDREFS": "a list of XML names without colons (IDREFs)",
    "ENTITY": "an XML name without colons", "ENTITIES": "a list of XML names without colons",
    "language": "a language tag (RFC 3066)", "boolean": "a boolean (true, false, 1, 0)",
    "decimal": "a decimal number", "double": "a floating-point number", "float": "a floating-point number",
    "duration": "a duration (PnYnMnDTnHnMnS)", "dateTime": "an ISO date and time (YYYY-MM-DDThh:mm:ss)",
    "date": "an ISO date (YYYY-MM-DD)", "time": "an ISO time (hh:mm:ss)", "gYearMonth": "a year and month (YYYY-MM)",
    "gYear": "a year (YYYY)", "gMonthDay": "a month and day (--MM-DD)", "gDay": "a day (---DD)",
    "gMonth": "a month (--MM)", "hexBinary": "hexadecimal binary data", "base64Binary": "base64 binary data",
}
_LIST_TYPES = {"NMTOKENS": "NMTOKEN", "IDREFS": "NCName", "ENTITIES": "NCName"}
_NAME_TYPES = {"NCName": "NCName", "Name": "Name", "NMTOKEN": "NMTOKEN", "QName": "QName", "ID": "NCName",
               "IDREF": "NCName", "ENTITY": "NCName", "language": "language", "boolean": "boolean",
               "decimal": "decimal", "double": "double", "float": "double", "duration": "duration",
               "hexBinary": "hexBinary", "base64Binary": "base64Binary"}
XSD_TYPES = frozenset(_DESCRIPTIONS) | frozenset(_INTEGER_RANGES)
_FACETS = frozenset(["length", "minLength", "maxLength", "pattern", "enumeration", "whiteSpace", "maxInclusive",
                     "maxExclusive", "minInclusive", "minExclusive", "totalDigits", "fractionDigits"])


class Datatype:
    """One datatype with its parameters: lexical test, comparison value, ID type and a description."""

    def __init__(self, library: str, name: str, params: tuple[tuple[str, str], ...] = ()):
        self.library, self.name, self.params = library, name, params
        self.id_type: str | None = None
        self.patterns: list[re.Pattern] = []
        self.bounds: list[tuple[str, object]] = []
        self.lengths: list[tuple[str, int]] = []
        self.digits: list[tuple[str, int]] = []
        if library == "":
            if name not in ("string", "token") or params:
                raise DatatypeError(f"the built-in datatype library has no {name!r} with parameters")
            self.whitespace = "preserve" if name == "string" else "collapse"
        elif library == DTD_COMPAT:
            if name not in ("ID", "IDREF", "IDREFS") or params:
                raise DatatypeError(f"the DTD compatibility library has no {name!r}")
            self.whitespace, self.id_type = "collapse", name
        elif library == XSD:
            if name not in XSD_TYPES:
                raise DatatypeError(f"XML Schema has no datatype {name!r}")
            self.whitespace = {"string": "preserve", "normalizedString": "replace"}.get(name, "collapse")
            if name in ("ID", "IDREF", "IDREFS"):
                self.id_type = name
            for key, value in params:
                self._param(key, value)
        else:
            raise DatatypeError(f"unknown datatype library {library!r}")

    def _param(self, key: str, value: str) -> None:
        if key not in _FACETS or key in ("enumeration", "whiteSpace"):
            raise DatatypeError(f"parameter {key!r} is not allowed on {self.name}")
        if key == "pattern":
            # Imported on first need: elementpath takes a quarter of a second to import, and a
            # build's workers that check only the edition's documents (XML Schema) never need it.
            from elementpath.regex import RegexError, translate_pattern

            try:
                regex = translate_pattern(value, xsd_version="1.0", back_references=False, lazy_quantifiers=False,
                                          anchors=False)
                self.patterns.append(re.compile(regex))
            except (RegexError, re.error) as exc:
                raise DatatypeError(f"pattern {value!r}: {exc}") from exc
        elif key in ("length", "minLength", "maxLength"):
            self.lengths.append((key, int(value)))
        elif key in ("totalDigits", "fractionDigits"):
            self.digits.append((key, int(value)))
        else:
            bound = self._number(collapse(value))
            if bound is None:
                raise DatatypeError(f"{key}={value!r} is not a number (teikit compares only numbers)")
            self.bounds.append((key, bound))

    def normalise(self, text: str) -> str:
        """Apply the type's whitespace handling."""
        if self.whitespace == "collapse":
            return collapse(text)
        return _replace(text) if self.whitespace == "replace" else text

    def _number(self, text: str):
        if self.name in ("double", "float"):
            if not _COMPILED["double"].fullmatch(text):
                return None
            return float(text.replace("INF", "inf"))
        if self.name == "decimal" or self.name in _INTEGER_RANGES:
            try:
                return Decimal(text)
            except InvalidOperation:
                return None
        return None

    def lexical(self, text: str) -> bool:
        """Return whether an already normalised string is in the type's lexical space (no parameters)."""
        name = self.name
        if self.library != XSD:
            if self.id_type is None:
                return True
            return bool(text) and all(_COMPILED["NCName"].fullmatch(t) for t in text.split(" "))
        if name in ("string", "normalizedString", "token"):
            return True
        if name == "anyURI":
            return uri_ok(text)
        if name in _LIST_TYPES:
            item = _COMPILED[_LIST_TYPES[name]]
            return bool(text) and all(item.fullmatch(t) for t in text.split(" "))
        if name in _INTEGER_RANGES:
            if not _COMPILED["integer"].fullmatch(text):
                return False
            low, high = _INTEGER_RANGES[name]
            number = int(text)
            return (low is None or number >= low) and (high is None or number <= high)
        if name in _DATES:
            return _date_ok(name, text)
        return _COMPILED[_NAME_TYPES[name]].fullmatch(text) is not None

    def allows(self, text: str) -> bool:
        """Return whether the string is a value of this datatype with its parameters."""
        value = self.normalise(text)
        if not self.lexical(value):
            return False
        for regex in self.patterns:
            if regex.fullmatch(value) is None:
                return False
        if self.lengths:
            size = self._length(value)
            for key, limit in self.lengths:
                if (key == "length" and size != limit) or (key == "minLength" and size < limit) \
                        or (key == "maxLength" and size > limit):
                    return False
        if self.bounds:
            number = self._number(value)
            if number is None:
                return False
            for key, bound in self.bounds:
                if not {"minInclusive": number >= bound, "maxInclusive": number <= bound,
                        "minExclusive": number > bound, "maxExclusive": number < bound}[key]:
                    return False
        for key, limit in self.digits:
            digits = value.lstrip("+-").split(".")
            whole, fraction = digits[0].lstrip("0"), (digits[1] if len(digits) > 1 else "").rstrip("0")
            if (key == "fractionDigits" and len(fraction) > limit) or \
                    (key == "totalDigits" and len(whole) + len(fraction) > limit):
                return False
        return True

    def _length(self, value: str) -> int:
        if self.name in _LIST_TYPES:
            return len(value.split(" "))
        if self.name == "hexBinary":
            return len(value) // 2
        if self.name == "base64Binary":
            data = value.replace(" ", "")
            return len(data) * 3 // 4 - data.count("=")
        return len(value)

    def key(self, text: str):
        """Return what `value` patterns compare: the value of text in the type's value space (None: not a value)."""
        if not self.allows(text):
            return None
        value = self.normalise(text)
        if self.name == "boolean":
            return value in ("true", "1")
        number = self._number(value)
        return number if number is not None else value

    def describe(self) -> str:
        """Return how a message names what the type expects."""
        if self.library == "":
            return "a string" if self.name == "string" else "a token"
        text = _DESCRIPTIONS.get(self.name)
        if text is None:
            low, high = _INTEGER_RANGES[self.name]
            text = "an integer" + (f" >= {low}" if low is not None else "") + (f" <= {high}" if high is not None else "")
        parts = [f"matching {p!r}" for p, _ in [(v, k) for k, v in self.params if k == "pattern"]]
        parts += [f"{key} {bound}" for key, bound in self.bounds]
        parts += [f"{key} {limit}" for key, limit in self.lengths + self.digits]
        return text + (" " + ", ".join(parts) if parts else "")
