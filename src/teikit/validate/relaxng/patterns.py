"""Interned RELAX NG patterns: each pattern is an int, equal patterns are the same int.

Patterns are the simplified forms of the RELAX NG specification (section 4) plus `after`,
the pattern James Clark's derivative algorithm uses for "the rest of the parent once this
element ends". The constructors simplify as they build (notAllowed and empty absorbed,
choices flattened, sorted and without repeats), so two states that accept the same
continuations usually are the same int: the derivative caches (derive.py) key on them.
"""

from __future__ import annotations

# Pattern kinds. NOT_ALLOWED, EMPTY and TEXT are also the ids of those patterns.
NOT_ALLOWED, EMPTY, TEXT, CHOICE, GROUP, INTERLEAVE, ONE_OR_MORE, AFTER, ELEMENT, ATTRIBUTE, DATA, VALUE, LIST = range(13)

# Name classes are tuples: ("name", ns, local), ("ns", ns, except), ("any", except),
# ("choice", a, b); `except` is a name class or None.
NameClass = tuple


def split_clark(name: str) -> tuple[str, str]:
    """Return (namespace, local name) of a Clark name ({ns}local or local)."""
    if name[:1] == "{":
        ns, _, local = name[1:].partition("}")
        return ns, local
    return "", name


def contains(nc: NameClass, ns: str, local: str) -> bool:
    """Return whether a name class contains the name (ns, local)."""
    kind = nc[0]
    if kind == "name":
        return nc[1] == ns and nc[2] == local
    if kind == "ns":
        return nc[1] == ns and not (nc[2] is not None and contains(nc[2], ns, local))
    if kind == "any":
        return not (nc[1] is not None and contains(nc[1], ns, local))
    return contains(nc[1], ns, local) or contains(nc[2], ns, local)


def names_of(nc: NameClass) -> list[tuple[str, str]] | None:
    """Return the names a name class lists, or None when it is a wildcard."""
    if nc[0] == "name":
        return [(nc[1], nc[2])]
    if nc[0] == "choice":
        left, right = names_of(nc[1]), names_of(nc[2])
        return None if left is None or right is None else left + right
    return None


class Store:
    """The table of interned patterns: kind, operands and nullability of each id."""

    def __init__(self):
        self.kind: list[int] = []
        self.a: list = []
        self.b: list = []
        self.nullable: list[bool] = []
        self._ids: dict[tuple, int] = {}
        for kind, null in ((NOT_ALLOWED, False), (EMPTY, True), (TEXT, True)):
            self._new((kind,), kind, None, None, null)
        # ELEMENT operands: the name class, and a slot whose content pattern is filled in
        # once the whole grammar is read (element content may refer to the element itself).
        self.content: list[int] = []
        self.name_class: list[NameClass] = []
        self.elements: list[int] = []

    def _new(self, key: tuple, kind: int, a, b, null: bool) -> int:
        ident = len(self.kind)
        self.kind.append(kind)
        self.a.append(a)
        self.b.append(b)
        self.nullable.append(null)
        self._ids[key] = ident
        return ident

    def _get(self, key: tuple, kind: int, a, b, null: bool) -> int:
        found = self._ids.get(key)
        return found if found is not None else self._new(key, kind, a, b, null)

    def choice(self, x: int, y: int) -> int:
        """Return choice(x, y), flattened and with its members sorted and unique."""
        if x == NOT_ALLOWED or x == y:
            return y
        if y == NOT_ALLOWED:
            return x
        kind = self.kind
        members = set(self.a[x]) if kind[x] == CHOICE else {x}
        if kind[y] == CHOICE:
            members.update(self.a[y])
        else:
            members.add(y)
        return self.choice_of(members)

    def choice_of(self, members) -> int:
        """Return the choice of an iterable of patterns (notAllowed when empty)."""
        flat = set()
        kind = self.kind
        for member in members:
            if kind[member] == CHOICE:
                flat.update(self.a[member])
            elif member != NOT_ALLOWED:
                flat.add(member)
        if not flat:
            return NOT_ALLOWED
        if len(flat) == 1:
            return flat.pop()
        ordered = tuple(sorted(flat))
        null = any(self.nullable[m] for m in ordered)
        return self._get((CHOICE, ordered), CHOICE, ordered, None, null)

    def group(self, x: int, y: int) -> int:
        """Return group(x, y) (x then y)."""
        if x == NOT_ALLOWED or y == NOT_ALLOWED:
            return NOT_ALLOWED
        if x == EMPTY:
            return y
        if y == EMPTY:
            return x
        return self._get((GROUP, x, y), GROUP, x, y, self.nullable[x] and self.nullable[y])

    def interleave(self, x: int, y: int) -> int:
        """Return interleave(x, y) (x and y in any mix); commutative, so the operands are ordered."""
        if x == NOT_ALLOWED or y == NOT_ALLOWED:
            return NOT_ALLOWED
        if x == EMPTY:
            return y
        if y == EMPTY:
            return x
        if x > y:
            x, y = y, x
        return self._get((INTERLEAVE, x, y), INTERLEAVE, x, y, self.nullable[x] and self.nullable[y])

    def after(self, x: int, y: int) -> int:
        """Return after(x, y): x, then the end tag, then y (the parent's rest)."""
        if x == NOT_ALLOWED or y == NOT_ALLOWED:
            return NOT_ALLOWED
        return self._get((AFTER, x, y), AFTER, x, y, False)

    def one_or_more(self, x: int) -> int:
        """Return oneOrMore(x)."""
        if x in (NOT_ALLOWED, EMPTY) or self.kind[x] == ONE_OR_MORE:
            return x
        return self._get((ONE_OR_MORE, x), ONE_OR_MORE, x, None, self.nullable[x])

    def element(self, name_class: NameClass) -> int:
        """Return a new element pattern whose content is set later with set_content."""
        slot = len(self.content)
        self.content.append(NOT_ALLOWED)
        self.name_class.append(name_class)
        ident = self._new((ELEMENT, slot), ELEMENT, name_class, slot, False)
        self.elements.append(ident)
        return ident

    def set_content(self, element: int, content: int) -> None:
        """Set the content pattern of an element made by element()."""
        self.content[self.b[element]] = content

    def attribute(self, name_class: NameClass, value: int) -> int:
        """Return attribute(name_class, value)."""
        if value == NOT_ALLOWED:
            return NOT_ALLOWED
        return self._get((ATTRIBUTE, name_class, value), ATTRIBUTE, name_class, value, False)

    def data(self, datatype: int, exception: int) -> int:
        """Return data (a datatype id of the grammar) minus an except pattern (notAllowed: none)."""
        return self._get((DATA, datatype, exception), DATA, datatype, exception, False)

    def value(self, datatype: int, value) -> int:
        """Return value: a datatype id and the value as that datatype's key for comparison."""
        return self._get((VALUE, datatype, value), VALUE, datatype, value, False)

    def list_of(self, x: int) -> int:
        """Return list(x): x matched against the whitespace-separated tokens of a string."""
        if x == NOT_ALLOWED:
            return NOT_ALLOWED
        return self._get((LIST, x), LIST, x, None, False)
