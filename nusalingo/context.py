"""Context conditions: how a lexicon row says which sense of a form applies.

A condition looks at the tokens around a form, in their formal spelling and
lower case (see ``lexicons/README.md``). Parsing happens once, when a lexicon
is loaded; evaluation is a few set look-ups per ambiguous token.

>>> ctx = parse_context("prev=ke|sama;next~[a-z]+")
>>> ctx.matches(["ke", "pergi"], ["gigi"], lambda cls, tok: False)  # neighbours nearest first
True
>>> ctx.matches(["dari"], ["gigi"], lambda cls, tok: False)
False
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import regex

from nusalingo.schema import CONTEXT_SEPARATOR

SIDES = ("prev", "next", "left", "right", "around")
OPERATORS = ("!=", "!~", "=", "~")
#: Word classes a ``=`` list may name, with what they stand for.
WORD_CLASSES = {
    "@en": "a common English word that is not also Indonesian",
    "@num": "a number",
    "@punct": "a punctuation mark",
}
START, END = "^", "$"
WINDOW = 3
#: Neighbours longer than this never match a regular expression, which keeps
#: evaluation linear whatever pattern a lexicon holds.
MAX_REGEX_SUBJECT = 64

_CONDITION = regex.compile(r"(?P<side>[a-z]+)(?P<op>!=|!~|=|~)(?P<value>.+)", regex.S)

#: Answers whether a token belongs to a word class such as ``@en``.
ClassTest = Callable[[str, str], bool]


class ContextSyntaxError(ValueError):
    """A context string does not follow the condition syntax."""


@dataclass(frozen=True, slots=True)
class Condition:
    """One ``SIDE OP VALUE`` test."""

    side: str
    op: str
    words: frozenset[str] = frozenset()
    classes: frozenset[str] = frozenset()
    pattern: regex.Pattern[str] | None = None

    @property
    def width(self) -> int:
        """How many neighbours on a side the condition looks at."""
        return 1 if self.side in ("prev", "next") else WINDOW

    def holds(self, left: Sequence[str], right: Sequence[str], in_class: ClassTest) -> bool:
        """Whether the condition holds for these neighbours (nearest first)."""
        candidates = self._candidates(left, right)
        if self.pattern is not None:
            pattern = self.pattern
            found = any(
                len(tok) <= MAX_REGEX_SUBJECT and pattern.fullmatch(tok) is not None
                for tok in candidates
            )
        elif not self.classes:
            found = not self.words.isdisjoint(candidates)
        else:
            found = not self.words.isdisjoint(candidates) or any(
                in_class(cls, tok) for tok in candidates for cls in self.classes)
        return not found if self.op[0] == "!" else found

    def _candidates(self, left: Sequence[str], right: Sequence[str]) -> list[str]:
        side = self.side
        if side == "prev":
            return [left[0] if left else START]
        if side == "next":
            return [right[0] if right else END]
        if side == "left":
            return _window(left, START)
        if side == "right":
            return _window(right, END)
        return _window(left, START) + _window(right, END)


def _window(tokens: Sequence[str], boundary: str) -> list[str]:
    """The tokens of a side, with the text boundary when fewer than three are left."""
    taken = list(tokens[:WINDOW])
    if len(taken) < WINDOW:
        taken.append(boundary)
    return taken


@dataclass(frozen=True, slots=True)
class Context:
    """All conditions of one ``context`` cell; they must all hold."""

    source: str
    conditions: tuple[Condition, ...]

    def matches(self, left: Sequence[str], right: Sequence[str], in_class: ClassTest) -> bool:
        """Whether every condition holds. ``left`` is nearest-first."""
        return all(c.holds(left, right, in_class) for c in self.conditions)

    @property
    def width(self) -> int:
        """How many neighbours on a side any condition looks at."""
        return max(c.width for c in self.conditions)

    def literal_words(self) -> frozenset[str]:
        """Every plain word the conditions name (for the validator's checks)."""
        words: set[str] = set()
        for condition in self.conditions:
            words |= condition.words
        return frozenset(words - {START, END})


def parse_context(text: str) -> Context:
    """Parse a ``context`` cell; raise :class:`ContextSyntaxError` explaining the fix."""
    parts = [p.strip() for p in text.split(CONTEXT_SEPARATOR)]
    if not text.strip() or any(not p for p in parts):
        raise ContextSyntaxError(
            f"empty condition in {text!r}; separate conditions with a single '{CONTEXT_SEPARATOR}'"
        )
    return Context(text, tuple(_parse_condition(p) for p in parts))


def _parse_condition(text: str) -> Condition:
    match = _CONDITION.fullmatch(text)
    if match is None:
        raise ContextSyntaxError(
            f"condition {text!r} is not SIDE OP VALUE, e.g. 'prev=ke|di' or 'next~[a-z]+'"
        )
    side, op, value = match["side"], match["op"], match["value"]
    if side not in SIDES:
        raise ContextSyntaxError(
            f"unknown side {side!r} in {text!r}; use one of {', '.join(SIDES)}"
        )
    if op in ("~", "!~"):
        try:
            pattern = regex.compile(value)
        except regex.error as exc:
            raise ContextSyntaxError(f"bad regular expression {value!r}: {exc}") from exc
        return Condition(side, op, pattern=pattern)
    items = value.split("|")
    if any(not item or item != item.strip() for item in items):
        raise ContextSyntaxError(
            f"empty or space-padded word in {value!r}; separate words with '|'"
        )
    classes = {item for item in items if item.startswith("@")}
    unknown = classes - set(WORD_CLASSES)
    if unknown:
        raise ContextSyntaxError(
            f"unknown word class {sorted(unknown)[0]!r}; use one of {', '.join(WORD_CLASSES)}"
        )
    words = frozenset(item.lower() for item in items if item not in classes)
    return Condition(side, op, words=words, classes=frozenset(classes))
