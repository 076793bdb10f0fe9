"""Derivatives of interned patterns (James Clark's algorithm for RELAX NG validation), memoised.

The state of a validation is one pattern; each event of the document (a start tag, an
attribute, the end of the start tag, text, an end tag) turns it into its derivative. Every
derivative is cached by (pattern, event), so a grammar as large as TEI All costs only what
the documents use, and repeated structures cost one dictionary lookup per event. Events
whose outcome depends on a value (attributes, text) are cached by which of the state's
value patterns the value satisfies, so the cache never grows with the values themselves.
"""

from __future__ import annotations

import re

from .datatypes import XML_SPACE
from .patterns import (AFTER, ATTRIBUTE, CHOICE, DATA, ELEMENT, EMPTY, GROUP, INTERLEAVE, LIST, NOT_ALLOWED,
                       ONE_OR_MORE, TEXT, VALUE, contains, split_clark)
from .simplify import Grammar

_TOKENS = re.compile("[ \t\n\r]+")
# Values checked against a value pattern are remembered up to this many (then forgotten).
VALUE_CACHE = 65536


def is_space(text: str) -> bool:
    """Return whether text holds only XML whitespace (or nothing)."""
    return not text.strip(XML_SPACE)


class Deriver:
    """The derivative operations on one grammar's patterns, each cached."""

    def __init__(self, grammar: Grammar):
        self.grammar = grammar
        store = self.store = grammar.store
        self.kind, self.a, self.b, self.nullable = store.kind, store.a, store.b, store.nullable
        self.datatypes = grammar.datatypes
        self.start = grammar.start
        self.open_memo: dict = {}
        self.candidates_memo: dict = {}
        self.attributes_memo: dict = {}
        self.firsts_memo: dict = {}
        self.attribute_memo: dict = {}
        self.close_memo: dict = {}
        self.leaves_memo: dict = {}
        self.text_memo: dict = {}
        self.end_memo: dict = {}
        self._accepts: dict = {}
        self._values: dict = {}
        self._leaf_values: dict = {}
        self._named: dict = {}

    # -------------------------------------------------------- names

    def accepts(self, pattern: int, name: str) -> bool:
        """Return whether an element or attribute pattern's name class holds a Clark name."""
        key = (pattern, name)
        found = self._accepts.get(key)
        if found is None:
            found = self._accepts[key] = contains(self.a[pattern], *split_clark(name))
        return found

    def _after_each(self, pattern: int, op, right: int) -> int:
        """Apply op(rest, right) to the rest of every `after` in a derivative (applyAfter)."""
        kind = self.kind[pattern]
        if kind == AFTER:
            return self.store.after(self.a[pattern], op(self.b[pattern], right))
        if kind == CHOICE:
            return self.store.choice_of([self._after_each(m, op, right) for m in self.a[pattern]])
        return NOT_ALLOWED

    # -------------------------------------------------------- start tag

    def start_open(self, pattern: int, name: str) -> int:
        """Return the derivative for the start of an element named name (its attributes still to come)."""
        key = (pattern, name)
        found = self.open_memo.get(key)
        if found is not None:
            return found
        store, kind, a, b = self.store, self.kind[pattern], self.a[pattern], self.b[pattern]
        if kind == CHOICE:
            result = store.choice_of([self.start_open(m, name) for m in a])
        elif kind == GROUP:
            result = self._after_each(self.start_open(a, name), store.group, b)
            if self.nullable[a]:
                result = store.choice(result, self.start_open(b, name))
        elif kind == INTERLEAVE:
            result = store.choice(self._after_each(self.start_open(a, name), store.interleave, b),
                                  self._after_each(self.start_open(b, name), store.interleave, a))
        elif kind == ONE_OR_MORE:
            result = self._after_each(self.start_open(a, name), store.group, store.choice(pattern, EMPTY))
        elif kind == AFTER:
            result = self._after_each(self.start_open(a, name), store.after, b)
        elif kind == ELEMENT:
            result = store.after(store.content[b], EMPTY) if self.accepts(pattern, name) else NOT_ALLOWED
        else:
            result = NOT_ALLOWED
        self.open_memo[key] = result
        return result

    def candidates(self, pattern: int, name: str) -> tuple[int, ...]:
        """Return the value patterns of the attribute patterns in the state that accept this attribute name."""
        key = (pattern, name)
        found = self.candidates_memo.get(key)
        if found is None:
            b = self.b
            found = self.candidates_memo[key] = \
                tuple(sorted({b[p] for p in self.attributes_in(pattern) if self.accepts(p, name)}))
        return found

    def attributes_in(self, pattern: int) -> tuple[int, ...]:
        """Return the attribute patterns a state holds (any of which the next attribute may match), once per state."""
        found = self.attributes_memo.get(pattern)
        if found is not None:
            return found
        kind, a, b = self.kind, self.a, self.b
        # The state right after a start tag is after(content, the parent's rest), or a choice of
        # them: the attributes are the content's, so they are worked out once per content.
        if kind[pattern] == AFTER:
            found = self.attributes_memo[pattern] = self.attributes_in(a[pattern])
            return found
        if kind[pattern] == CHOICE:
            found = self.attributes_memo[pattern] = \
                tuple(sorted(set().union(*[self.attributes_in(member) for member in a[pattern]])))
            return found
        collected, seen, stack = set(), set(), [pattern]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            what = kind[current]
            if what == CHOICE:
                stack.extend(a[current])
            elif what == GROUP or what == INTERLEAVE:
                stack.append(a[current])
                stack.append(b[current])
            elif what == ONE_OR_MORE or what == AFTER:
                stack.append(a[current])
            elif what == ATTRIBUTE:
                collected.add(current)
        found = self.attributes_memo[pattern] = tuple(sorted(collected))
        return found

    def attribute(self, pattern: int, name: str, matched: frozenset) -> int:
        """Return the derivative for an attribute whose value satisfies the value patterns in matched."""
        key = (pattern, name, matched)
        found = self.attribute_memo.get(key)
        if found is not None:
            return found
        store, kind, a, b = self.store, self.kind[pattern], self.a[pattern], self.b[pattern]
        if kind == AFTER:
            result = store.after(self.attribute(a, name, matched), b)
        elif kind == CHOICE:
            result = store.choice_of([self.attribute(m, name, matched) for m in a])
        elif kind == GROUP:
            result = store.choice(store.group(self.attribute(a, name, matched), b),
                                  store.group(a, self.attribute(b, name, matched)))
        elif kind == INTERLEAVE:
            result = store.choice(store.interleave(self.attribute(a, name, matched), b),
                                  store.interleave(a, self.attribute(b, name, matched)))
        elif kind == ONE_OR_MORE:
            result = store.group(self.attribute(a, name, matched), store.choice(pattern, EMPTY))
        elif kind == ATTRIBUTE:
            result = EMPTY if b in matched and self.accepts(pattern, name) else NOT_ALLOWED
        else:
            result = NOT_ALLOWED
        self.attribute_memo[key] = result
        return result

    def close(self, pattern: int, lenient: bool = False) -> int:
        """Return the derivative for the end of a start tag: attributes still expected are missing.

        lenient: count the missing attributes as present (the recovery after reporting them).
        """
        key = (pattern, lenient)
        found = self.close_memo.get(key)
        if found is not None:
            return found
        store, kind, a, b = self.store, self.kind[pattern], self.a[pattern], self.b[pattern]
        if kind == AFTER:
            result = store.after(self.close(a, lenient), b)
        elif kind == CHOICE:
            result = store.choice_of([self.close(m, lenient) for m in a])
        elif kind == GROUP:
            result = store.group(self.close(a, lenient), self.close(b, lenient))
        elif kind == INTERLEAVE:
            result = store.interleave(self.close(a, lenient), self.close(b, lenient))
        elif kind == ONE_OR_MORE:
            result = store.one_or_more(self.close(a, lenient))
        elif kind == ATTRIBUTE:
            result = EMPTY if lenient else NOT_ALLOWED
        else:
            result = pattern
        self.close_memo[key] = result
        return result

    # -------------------------------------------------------- text

    def leaves(self, pattern: int) -> tuple[int, ...]:
        """Return the value-dependent patterns (value, data, list) text could match next in the state."""
        found = self.leaves_memo.get(pattern)
        if found is None and self.kind[pattern] == AFTER:
            # Text inside an element never reaches the parent's rest: the leaves are the content's.
            found = self.leaves_memo[pattern] = self.leaves(self.a[pattern])
        if found is None:
            collected: set = set()
            self._leaves(pattern, collected, set())
            found = self.leaves_memo[pattern] = tuple(sorted(collected))
        return found

    def _leaves(self, pattern: int, found: set, seen: set) -> None:
        if pattern in seen:
            return
        seen.add(pattern)
        kind, a = self.kind[pattern], self.a[pattern]
        if kind == CHOICE:
            for member in a:
                self._leaves(member, found, seen)
        elif kind == GROUP:
            self._leaves(a, found, seen)
            if self.nullable[a]:
                self._leaves(self.b[pattern], found, seen)
        elif kind == INTERLEAVE:
            self._leaves(a, found, seen)
            self._leaves(self.b[pattern], found, seen)
        elif kind in (ONE_OR_MORE, AFTER):
            self._leaves(a, found, seen)
        elif kind in (VALUE, DATA, LIST):
            found.add(pattern)

    def text(self, pattern: int, matched: frozenset) -> int:
        """Return the derivative for text that satisfies exactly the value patterns in matched."""
        key = (pattern, matched)
        found = self.text_memo.get(key)
        if found is not None:
            return found
        store, kind, a, b = self.store, self.kind[pattern], self.a[pattern], self.b[pattern]
        if kind == CHOICE:
            result = store.choice_of([self.text(m, matched) for m in a])
        elif kind == INTERLEAVE:
            result = store.choice(store.interleave(self.text(a, matched), b),
                                  store.interleave(a, self.text(b, matched)))
        elif kind == GROUP:
            result = store.group(self.text(a, matched), b)
            if self.nullable[a]:
                result = store.choice(result, self.text(b, matched))
        elif kind == AFTER:
            result = store.after(self.text(a, matched), b)
        elif kind == ONE_OR_MORE:
            result = store.group(self.text(a, matched), store.choice(pattern, EMPTY))
        elif kind == TEXT:
            result = TEXT
        elif kind in (VALUE, DATA, LIST):
            result = EMPTY if pattern in matched else NOT_ALLOWED
        else:
            result = NOT_ALLOWED
        self.text_memo[key] = result
        return result

    def matched(self, leaves: tuple[int, ...], text: str) -> frozenset:
        """Return the leaves (value patterns) that the text satisfies."""
        return frozenset([leaf for leaf in leaves if self.leaf_allows(leaf, text)])

    def text_of(self, pattern: int, text: str) -> int:
        """Return the derivative of a state for a text."""
        leaves = self.leaves(pattern)
        return self.text(pattern, self.matched(leaves, text) if leaves else frozenset())

    def leaf_allows(self, leaf: int, text: str) -> bool:
        """Return whether one value, data or list pattern matches a whole string."""
        key = (leaf, text)
        found = self._leaf_values.get(key)
        if found is not None:
            return found
        kind = self.kind[leaf]
        if kind == VALUE:
            value, expected = self.datatypes[self.a[leaf]].key(text), self.b[leaf]
            # type() too: 1 == True in Python, but a boolean value never equals a number.
            found = value is not None and type(value) is type(expected) and value == expected
        elif kind == DATA:
            found = self.datatypes[self.a[leaf]].allows(text) and \
                (self.b[leaf] == NOT_ALLOWED or not self.value_allows(self.b[leaf], text))
        else:
            state = self.a[leaf]
            for token in _TOKENS.split(text.strip(XML_SPACE)) if not is_space(text) else ():
                state = self.text_of(state, token)
                if state == NOT_ALLOWED:
                    break
            found = self.nullable[state]
        if len(self._leaf_values) > VALUE_CACHE:
            self._leaf_values.clear()
        self._leaf_values[key] = found
        return found

    def value_allows(self, pattern: int, text: str) -> bool:
        """Return whether a value pattern (an attribute's content, an except) matches a string."""
        if pattern == TEXT:
            return True
        key = (pattern, text)
        found = self._values.get(key)
        if found is None:
            kind = self.kind[pattern]
            if kind in (DATA, VALUE, LIST):
                # A single value pattern: its own test (what the derivative would come to).
                found = self.leaf_allows(pattern, text)
            else:
                found = (self.nullable[pattern] and is_space(text)) or self.nullable[self.text_of(pattern, text)]
            if len(self._values) > VALUE_CACHE:
                self._values.clear()
            self._values[key] = found
        return found

    # -------------------------------------------------------- end tag

    def end(self, pattern: int, lenient: bool = False) -> int:
        """Return the derivative for an end tag (lenient: even when required content is missing)."""
        key = (pattern, lenient)
        found = self.end_memo.get(key)
        if found is not None:
            return found
        kind = self.kind[pattern]
        if kind == AFTER:
            result = self.b[pattern] if lenient or self.nullable[self.a[pattern]] else NOT_ALLOWED
        elif kind == CHOICE:
            result = self.store.choice_of([self.end(m, lenient) for m in self.a[pattern]])
        else:
            result = NOT_ALLOWED
        self.end_memo[key] = result
        return result

    # -------------------------------------------------------- for messages and recovery

    def first_elements(self, pattern: int) -> tuple[int, ...]:
        """Return the element patterns that may come next in the state (inside the current element)."""
        found = self.firsts_memo.get(pattern)
        if found is None:
            collected: list[int] = []
            self._first(pattern, collected, set())
            found = self.firsts_memo[pattern] = tuple(collected)
        return found

    def _first(self, pattern: int, found: list, seen: set) -> None:
        if pattern in seen:
            return
        seen.add(pattern)
        kind, a = self.kind[pattern], self.a[pattern]
        if kind == CHOICE:
            for member in a:
                self._first(member, found, seen)
        elif kind == GROUP:
            self._first(a, found, seen)
            if self.nullable[a]:
                self._first(self.b[pattern], found, seen)
        elif kind == INTERLEAVE:
            self._first(a, found, seen)
            self._first(self.b[pattern], found, seen)
        elif kind in (ONE_OR_MORE, AFTER):
            self._first(a, found, seen)
        elif kind == ELEMENT:
            found.append(pattern)

    def rest_after(self, pattern: int) -> int:
        """Return the parents' states once the element a start_open derivative entered has ended, whatever it held."""
        kind = self.kind[pattern]
        if kind == AFTER:
            return self.b[pattern]
        if kind == CHOICE:
            return self.store.choice_of([self.rest_after(m) for m in self.a[pattern]])
        return NOT_ALLOWED

    def required_attributes(self, pattern: int) -> set[int]:
        """Return the attribute patterns still required in a state (those of one alternative at least)."""
        kind, a = self.kind[pattern], self.a[pattern]
        if kind == ATTRIBUTE:
            return {pattern}
        if kind in (GROUP, INTERLEAVE):
            return self.required_attributes(a) | self.required_attributes(self.b[pattern])
        if kind in (ONE_OR_MORE, AFTER):
            return self.required_attributes(a)
        if kind == CHOICE:
            parts = [self.required_attributes(m) for m in a]
            return set() if any(not part for part in parts) else set().union(*parts)
        return set()

    def elements_named(self, name: str) -> tuple[int, ...]:
        """Return every element pattern of the grammar that accepts the name."""
        found = self._named.get(name)
        if found is None:
            found = self._named[name] = tuple(p for p in self.store.elements if self.accepts(p, name))
        return found
