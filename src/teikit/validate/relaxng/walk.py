"""Walk a parsed document through the derivatives: the verdict, and one error per fault.

When an event has no derivative (notAllowed), the fault is reported and the walk goes on
from the state that best explains the document, as jing does: a misplaced element is
judged by its own definition and its parent goes on as if it were absent (or, when a
required element is missing just before it, as if that one had been there); a refused
attribute or text is left out; missing required attributes or content count as present.
So one mistake gives one error, not a cascade. IDs and IDREFs are checked as the
grammar's datatypes say (RELAX NG DTD compatibility), not as the XML parser would.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from .datatypes import XML_SPACE, collapse
from .derive import VALUE_CACHE, Deriver, is_space
from .patterns import ATTRIBUTE, CHOICE, DATA, ELEMENT, EMPTY, GROUP, INTERLEAVE, LIST, NOT_ALLOWED, ONE_OR_MORE, \
    TEXT, VALUE, names_of, split_clark

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
MAX_NAMES = 8


@dataclass(frozen=True)
class Fault:
    """One error: its code and message, the element it concerns and where in it (start, end, attribute, text).

    `detail` is the attribute's Clark name (attribute) or the element child the text follows
    (text; None: the text right after the start tag).
    """

    code: str
    message: str
    element: etree._Element
    where: str = "start"
    detail: object = None


def element_name(name: str, home: str = TEI_NS) -> str:
    """Return how messages write an element name: <p> in the home namespace (TEI's), <{ns}p> in another."""
    ns, local = split_clark(name)
    return f"<{local}>" if ns in (home, "") else f"<{{{ns}}}{local}>"


def attribute_name(name: str) -> str:
    """Return how messages write an attribute name: type, xml:id, {ns}local."""
    ns, local = split_clark(name)
    if not ns:
        return local
    return f"xml:{local}" if ns == XML_NS else f"{{{ns}}}{local}"


def _listing(items: list[str], last: str = "or") -> str:
    items = sorted(set(items))
    if len(items) > MAX_NAMES:
        return ", ".join(items[:MAX_NAMES]) + f" ... ({len(items) - MAX_NAMES} more)"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {last} " + items[-1]


class Walker:
    """Validate documents against one grammar; the derivative caches are shared by every document."""

    def __init__(self, grammar, shortcuts: bool = True):
        # shortcuts=False: every event goes through the derivatives one by one (the tests
        # compare the two ways; the verdicts and faults must be the same).
        self.shortcuts = shortcuts
        self.deriver = Deriver(grammar)
        self.grammar = grammar
        store = grammar.store
        self._element_namespaces = set()
        self._wildcards = False
        for element in store.elements:
            names = names_of(store.a[element])
            if names is None:
                self._wildcards = True
            else:
                self._element_namespaces.update(ns for ns, _ in names)
        if grammar.id_attributes is None:
            grammar.id_attributes = self._id_types()
        self._id_attributes = grammar.id_attributes
        self._id_memo: dict = {}
        # Caches of the walk's fast paths (see _start, _element, _text).
        self._plans: dict = {}
        # The sets of value patterns attribute values matched, numbered (0: any text).
        self._match_sets: list[frozenset] = [_TEXT_ONLY]
        self._match_ids: dict = {_TEXT_ONLY: 0}
        self._bare: dict = {}
        self._empty_end: dict = {}
        self._plain_text: dict = {}
        self._ended: dict = {}
        self._matches: dict = {}
        self._candidate_ids: dict = {}
        self._candidate_tuples: list = []
        self._skips: dict = {}
        self._expected_names: dict = {}

    # -------------------------------------------------------- IDs

    def _id_types(self) -> dict[str, list[tuple[int, str]]]:
        """Return, by attribute name, the element patterns that give it an ID type, and the type."""
        store, found = self.grammar.store, {}
        for element in store.elements:
            stack, seen = [store.content[store.b[element]]], set()
            while stack:
                pattern = stack.pop()
                if pattern in seen:
                    continue
                seen.add(pattern)
                kind = store.kind[pattern]
                if kind == ATTRIBUTE:
                    value = store.b[pattern]
                    if store.kind[value] == DATA:
                        id_type = self.grammar.datatypes[store.a[value]].id_type
                        names = names_of(store.a[pattern])
                        if id_type and names:
                            for ns, local in names:
                                found.setdefault(f"{{{ns}}}{local}" if ns else local, []).append((element, id_type))
                elif kind == CHOICE:
                    stack.extend(store.a[pattern])
                elif kind in (GROUP, INTERLEAVE):
                    stack += [store.a[pattern], store.b[pattern]]
                elif kind in (ONE_OR_MORE, LIST):
                    stack.append(store.a[pattern])
        return found

    def _id_type(self, tag: str, name: str) -> str | None:
        key = (tag, name)
        if key not in self._id_memo:
            self._id_memo[key] = next((t for e, t in self._id_attributes[name] if self.deriver.accepts(e, tag)), None)
        return self._id_memo[key]

    # -------------------------------------------------------- the walk

    def _name(self, name: str) -> str:
        return element_name(name, self.home)

    def validate(self, root: etree._Element) -> list[Fault]:
        """Return the faults of a document (empty: valid)."""
        # Messages write the names of the root's namespace (TEI's, usually) without it.
        self.home = split_clark(root.tag)[0] if isinstance(root.tag, str) else TEI_NS
        self.faults: list[Fault] = []
        self.ids: dict[str, tuple[etree._Element, str]] = {}
        self.refs: list[tuple[str, etree._Element, str]] = []
        state = self._element(root, root.tag, self.deriver.start, None)
        if state != NOT_ALLOWED and not self.deriver.nullable[state] and not self.faults:
            self.faults.append(Fault("S103", "the document is incomplete", root, "end"))
        for value, element, name in self.refs:
            if value not in self.ids:
                self.faults.append(Fault("S109", f'{attribute_name(name)}="{value}" on {self._name(element.tag)}: '
                                                 f'no element has this ID', element, "attribute", name))
        return self.faults

    def _element(self, el: etree._Element, tag: str, state: int, parent) -> int:
        """Return the parent's state after an element (the whole subtree walked); faults are collected.

        The common case, a valid element whose events are all cached, costs a few dictionary
        lookups; anything else goes through the event-by-event methods below.
        """
        names = el.keys()
        if not self.shortcuts:
            closed = NOT_ALLOWED
        elif names:
            closed = self._start(el, state, tag, names)
        else:
            closed = self._bare.get((state, tag))
            if closed is None:
                deriver = self.deriver
                closed = self._bare[(state, tag)] = deriver.close(deriver.start_open(state, tag))
        resume = None
        if closed == NOT_ALLOWED:
            closed, resume = self._start_with_faults(el, state, parent)
            if closed == NOT_ALLOWED:
                return resume
        state = closed
        elements = False
        pending = el.text
        previous = None
        plain_text = self._plain_text
        for child in el:
            child_tag = child.tag
            if child_tag.__class__ is str:
                if pending and pending.strip(XML_SPACE):
                    # Text between children: most content models take any text (mixed content).
                    after = plain_text.get(state)
                    state = after if after is not None and after != NOT_ALLOWED else \
                        self._text(el, state, pending, previous)
                elements = True
                state = self._element(child, child_tag, state, el)
                previous = child
                pending = child.tail
            elif child.tail:
                pending = (pending or "") + child.tail  # text around a comment or PI is one text
        if elements:
            if pending and pending.strip(XML_SPACE):
                after = plain_text.get(state)
                state = after if after is not None and after != NOT_ALLOWED else \
                    self._text(el, state, pending, previous)
        elif not self.shortcuts:
            state = self._text_only(el, state, pending or "")
        elif not pending or not pending.strip(XML_SPACE):
            ended = self._empty_end.get(state)
            if ended is None:
                deriver = self.deriver
                ended = self._empty_end[state] = deriver.end(state) if not deriver.leaves(state) else NOT_ALLOWED
            if ended != NOT_ALLOWED:
                return ended if resume is None else resume
            state = self._text_only(el, state, pending or "")
        else:
            after = plain_text.get(state)
            if after is None:
                deriver = self.deriver
                after = plain_text[state] = \
                    deriver.text(state, frozenset()) if not deriver.leaves(state) else NOT_ALLOWED
            state = after if after != NOT_ALLOWED else self._text_only(el, state, pending)
        ended = self._ended.get(state)
        if ended is None:
            ended = self._ended[state] = self.deriver.end(state)
        if ended == NOT_ALLOWED:
            self.faults.append(self._incomplete(el, state))
            ended = self.deriver.end(state, True)
        return ended if resume is None else resume

    def _start(self, el, state: int, tag: str, names: list[str]) -> int:
        """Return the state after a start tag with attributes, or notAllowed if anything in it is wrong.

        The attribute names (with the state and tag) select a plan, cached: the state after
        the tag's name, and for each attribute the value patterns it could match; the values
        then select the state after the whole start tag, cached in the plan by which value
        patterns each value matched (as small numbers: see _match).
        """
        names = tuple(names)
        key = (state, tag, names)
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = self._plan(state, tag, names)
        if plan is None:
            return NOT_ALLOWED
        entered, candidates, ids, closes = plan
        values = el.values()
        cache = self._matches
        matched = []
        for candidate, value in zip(candidates, values):
            if candidate < 0:
                matched.append(0)
            else:
                found = cache.get((candidate, value))
                if found is None:
                    found = self._match(candidate, value)
                matched.append(found)
        matched = tuple(matched)
        closed = closes.get(matched)
        if closed is None:
            deriver = self.deriver
            closed = entered
            for name, ok in zip(names, matched):
                closed = deriver.attribute(closed, name, self._match_sets[ok])
                if closed == NOT_ALLOWED:
                    break
            else:
                closed = deriver.close(closed)
            closes[matched] = closed
        if ids and closed != NOT_ALLOWED:
            for index in ids:
                self._track_id(el, names[index], values[index])
        return closed

    def _match(self, candidate: int, value: str) -> int:
        """Return which of a plan's value patterns an attribute value matches, as the number of that set (cached by value)."""
        deriver = self.deriver
        matched = frozenset([p for p in self._candidate_tuples[candidate] if deriver.value_allows(p, value)])
        found = self._match_ids.get(matched)
        if found is None:
            found = self._match_ids[matched] = len(self._match_sets)
            self._match_sets.append(matched)
        if len(self._matches) > VALUE_CACHE:
            self._matches.clear()
        self._matches[(candidate, value)] = found
        return found

    def _plan(self, state: int, tag: str, names: tuple[str, ...]):
        deriver = self.deriver
        entered = deriver.start_open(state, tag)
        if entered == NOT_ALLOWED:
            return None
        candidates = []
        for name in names:
            values = deriver.candidates(entered, name)
            if not values:
                return None
            if values == (TEXT,):
                candidates.append(-1)
            else:
                candidates.append(self._candidate_ids.setdefault(values, len(self._candidate_ids)))
                if len(self._candidate_tuples) < len(self._candidate_ids):
                    self._candidate_tuples.append(values)
        ids = tuple(i for i, name in enumerate(names) if name in self._id_attributes and self._id_type(tag, name))
        return entered, tuple(candidates), ids, {}

    def _start_with_faults(self, el, state: int, parent) -> tuple[int, int | None]:
        """Go through a start tag event by event, reporting each fault; return (state after it, parent's state to resume)."""
        deriver = self.deriver
        tag = el.tag
        entered = deriver.start_open(state, tag)
        resume = None
        if entered == NOT_ALLOWED:
            entered, resume = self._misplaced(el, state, parent)
            if entered == NOT_ALLOWED:
                return NOT_ALLOWED, resume
        for name, value in el.attrib.items():
            entered = self._attribute(el, entered, name, value)
        state = deriver.close(entered)
        if state == NOT_ALLOWED:
            missing = sorted({attribute_name(n) for p in deriver.required_attributes(entered)
                              for n in self._attribute_names(p)})
            what = f"the required attribute {_listing(missing)}" if len(missing) == 1 else \
                f"a required attribute ({_listing(missing)})" if missing else "a required attribute"
            self.faults.append(Fault("S105", f"{self._name(tag)} lacks {what}", el))
            state = deriver.close(entered, True)
        return state, resume

    def _text(self, el, state: int, text: str, previous) -> int:
        """Text between element children (whitespace-only text is ignored there)."""
        deriver = self.deriver
        after = self._plain_text.get(state) if self.shortcuts else NOT_ALLOWED
        if after is None:
            after = self._plain_text[state] = \
                deriver.text(state, frozenset()) if not deriver.leaves(state) else NOT_ALLOWED
        if after != NOT_ALLOWED:
            return after
        leaves = deriver.leaves(state)
        matched = deriver.matched(leaves, text) if leaves else frozenset()
        after = deriver.text(state, matched)
        if after != NOT_ALLOWED:
            return after
        self.faults.append(self._text_fault(el, state, text, leaves, previous))
        return deriver.text(state, frozenset(leaves)) if leaves else state

    def _text_only(self, el, state: int, text: str) -> int:
        """The whole content of an element without element children: a value when the content is data."""
        deriver = self.deriver
        leaves = deriver.leaves(state)
        if not leaves:
            if not text or is_space(text):
                return state
            after = deriver.text(state, frozenset())
            if after != NOT_ALLOWED:
                return after
            self.faults.append(self._text_fault(el, state, text, leaves, None))
            return state
        matched = deriver.matched(leaves, text)
        after = deriver.text(state, matched)
        if is_space(text):
            after = deriver.store.choice(state, after)
        if after != NOT_ALLOWED:
            return after
        if is_space(text):
            return state  # no text where text is required: the end tag says it (incomplete)
        self.faults.append(self._text_fault(el, state, text, leaves, None))
        return deriver.text(state, frozenset(leaves))

    def _attribute(self, el, state: int, name: str, value: str) -> int:
        deriver = self.deriver
        values = deriver.candidates_memo.get((state, name))
        if values is None:
            values = deriver.candidates(state, name)
        if not values:
            allowed = self._attribute_listing(state)
            self.faults.append(Fault("S104", f"attribute {attribute_name(name)} is not allowed on "
                                             f"{self._name(el.tag)}{allowed}", el, "attribute", name))
            return state
        if len(values) == 1 and values[0] == TEXT:
            matched = _TEXT_ONLY
        else:
            matched = frozenset([v for v in values if deriver.value_allows(v, value)])
        after = deriver.attribute_memo.get((state, name, matched))
        if after is None:
            after = deriver.attribute(state, name, matched)
        if name in self._id_attributes:
            self._track_id(el, name, value)
        if after != NOT_ALLOWED:
            return after
        if matched:
            self.faults.append(Fault("S104", f"attribute {attribute_name(name)} is not allowed here on "
                                             f"{self._name(el.tag)} (it conflicts with another)", el,
                                     "attribute", name))
            return state
        expected = " or ".join(sorted({self.describe(v) for v in values}))
        shown = value if len(value) <= 60 else value[:57] + "..."
        self.faults.append(Fault("S106", f'{attribute_name(name)}="{shown}" on {self._name(el.tag)} is invalid; '
                                         f"expected {expected}", el, "attribute", name))
        after = deriver.attribute(state, name, frozenset(values))
        return state if after == NOT_ALLOWED else after

    def _track_id(self, el, name: str, value: str) -> None:
        id_type = self._id_type(el.tag, name)
        if id_type is None:
            return
        value = collapse(value)
        if id_type == "ID":
            if value in self.ids:
                first, _ = self.ids[value]
                line = f" (line {first.sourceline})" if first.sourceline else ""
                self.faults.append(Fault("S109", f'{attribute_name(name)}="{value}" on {self._name(el.tag)}: '
                                                 f"this ID is already used{line}", el, "attribute", name))
            elif value:
                self.ids[value] = (el, name)
        else:
            for token in value.split(" ") if value else ():
                self.refs.append((token, el, name))

    # -------------------------------------------------------- faults and recovery

    def _misplaced(self, el, state: int, parent) -> tuple[int, int]:
        """Report an element its parent does not allow there; return (its own state, the parent's state after it)."""
        deriver = self.deriver
        tag = el.tag
        missing, resumed = self._skipped(state, tag)
        if missing:
            missing = [self._name(name) for name in missing]
            where = f"in {self._name(parent.tag)} " if parent is not None else ""
            self.faults.append(Fault("S103", f"{_listing(missing)} is missing {where}before {self._name(tag)}"
                                     if len(set(missing)) == 1 else
                                     f"one of {_listing(missing)} is missing {where}before {self._name(tag)}", el))
            return deriver.start_open(resumed, tag), None
        own = deriver.elements_named(tag)
        store = deriver.store
        if not own:
            ns, _ = split_clark(tag)
            if ns not in self._element_namespaces and not self._wildcards_allow(tag):
                where = f" in {self._name(parent.tag)}" if parent is not None else ""
                self.faults.append(Fault("S108", f"{self._name(tag)}{where} is in a namespace the schema has no "
                                                 f"element of", el))
            else:
                self.faults.append(Fault("S101", f"{self._name(tag)} is not allowed anywhere by the schema", el))
            return NOT_ALLOWED, state
        expected = self._expected(state, parent)
        if parent is None:
            message = f"{self._name(tag)} cannot be the root element; expected {expected}"
        else:
            message = f"{self._name(tag)} is not allowed here in {self._name(parent.tag)}; expected {expected}"
        self.faults.append(Fault("S102", message, el))
        return store.choice_of([store.after(store.content[store.b[e]], EMPTY) for e in own]), state

    def _skipped(self, state: int, tag: str) -> tuple[list[str], int]:
        """Return the required elements whose absence explains a misplaced element, and the state as if they were there.

        Cached by (state, tag): a fault that recurs in many documents is worked out once.
        """
        key = (state, tag)
        found = self._skips.get(key)
        if found is None:
            deriver = self.deriver
            missing, resumed = [], []
            for candidate in deriver.first_elements(state)[:64]:
                names = names_of(deriver.a[candidate])
                if not names or len(names) != 1:
                    continue
                ns, local = names[0]
                name = f"{{{ns}}}{local}" if ns else local
                skipped = deriver.rest_after(deriver.start_open(state, name))
                if deriver.start_open(skipped, tag) != NOT_ALLOWED:
                    missing.append(name)
                    resumed.append(skipped)
            found = self._skips[key] = (missing, deriver.store.choice_of(resumed))
        return found

    def _wildcards_allow(self, tag: str) -> bool:
        return self._wildcards and bool(self.deriver.elements_named(tag))

    def _expected(self, state: int, parent) -> str:
        key = (state, self.home)
        names = self._expected_names.get(key)
        if names is None:
            names = self._expected_names[key] = self._names(self.deriver.first_elements(state))
        names = list(names)
        can_end = self.deriver.end(state) != NOT_ALLOWED
        if can_end and parent is not None:
            names.append(f"the end of {self._name(parent.tag)}")
        return _listing(names) if names else "nothing more"

    def _names(self, elements) -> list[str]:
        found = []
        for element in elements:
            names = names_of(self.deriver.a[element])
            if names is None:
                found.append(_wildcard(self.deriver.a[element]))
            else:
                found += [self._name(f"{{{ns}}}{local}" if ns else local) for ns, local in names]
        return found

    def _incomplete(self, el, state: int) -> Fault:
        deriver = self.deriver
        firsts = deriver.first_elements(state)
        names = self._names(firsts)
        leaves = deriver.leaves(state)
        if not names and leaves:
            return Fault("S103", f"{self._name(el.tag)} is incomplete: its text is missing "
                                 f"(expected {' or '.join(sorted({self.describe(v) for v in leaves}))})", el, "end")
        # The elements whose presence alone would have let the element end here.
        enough = []
        for candidate in firsts[:64]:
            listed = names_of(deriver.a[candidate])
            if listed and len(listed) == 1:
                name = f"{{{listed[0][0]}}}{listed[0][1]}" if listed[0][0] else listed[0][1]
                if deriver.end(deriver.rest_after(deriver.start_open(state, name))) != NOT_ALLOWED:
                    enough.append(self._name(name))
        if len(set(enough)) == 1:
            return Fault("S103", f"{self._name(el.tag)} is incomplete: the required {enough[0]} is missing",
                         el, "end")
        if enough:
            return Fault("S103", f"{self._name(el.tag)} is incomplete: one of {_listing(enough)} is missing",
                         el, "end")
        return Fault("S103", f"{self._name(el.tag)} is incomplete; expected {_listing(names) or 'more content'}",
                     el, "end")

    def _text_fault(self, el, state: int, text: str, leaves, previous) -> Fault:
        if leaves:
            shown = collapse(text)
            shown = shown if len(shown) <= 60 else shown[:57] + "..."
            expected = " or ".join(sorted({self.describe(v) for v in leaves}))
            return Fault("S106", f'the text "{shown}" of {self._name(el.tag)} is invalid; expected {expected}',
                         el, "text", previous)
        return Fault("S107", f"text is not allowed directly in {self._name(el.tag)}", el, "text", previous)

    def _attribute_names(self, pattern: int) -> list[str]:
        names = names_of(self.deriver.a[pattern])
        if names is None:
            return [_wildcard(self.deriver.a[pattern], "attribute")]
        return [f"{{{ns}}}{local}" if ns else local for ns, local in names]

    def _attribute_listing(self, state: int) -> str:
        return ""

    def describe(self, pattern: int) -> str:
        """Return what a value pattern expects, in words."""
        store = self.grammar.store
        kind = store.kind[pattern]
        if kind == VALUE:
            return f'"{store.b[pattern]}"'
        if kind == DATA:
            return self.grammar.datatypes[store.a[pattern]].describe()
        if kind == LIST:
            return f"a list of {self.describe(store.a[pattern])}"
        if kind == TEXT:
            return "text"
        if kind == EMPTY:
            return "nothing"
        if kind == CHOICE:
            values = [f'"{store.b[m]}"' for m in store.a[pattern] if store.kind[m] == VALUE]
            others = [self.describe(m) for m in store.a[pattern] if store.kind[m] != VALUE]
            if values:
                others.insert(0, "one of " + _listing(values) if len(values) > 1 else values[0])
            return " or ".join(others)
        leaves = self.deriver.leaves(pattern)
        return " or ".join(sorted({self.describe(v) for v in leaves})) or "a value"


_TEXT_ONLY = frozenset([TEXT])


def _wildcard(name_class, what: str = "element") -> str:
    if name_class[0] == "ns":
        return f"any {what} in {{{name_class[1]}}}"
    return f"any {what}"


__all__ = ["Fault", "Walker", "element_name", "attribute_name", "ELEMENT"]
