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

from collections.abc import Callable, Iterable, Sequence
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


def with_bases(tokens: Sequence[str]) -> Sequence[str]:
    """The tokens, then the base of each full reduplication among them: a word list that
    names ``orang`` holds for ``orang-orang`` too (a plural reads as its base).

    >>> with_bases(["orang-orang", "datang"])
    ['orang-orang', 'datang', 'orang']
    """
    bases = [base for base, hyphen, again in (t.partition("-") for t in tokens)
             if hyphen and base == again]
    return [*tokens, *bases] if bases else tokens


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
            found = not self.words.isdisjoint(with_bases(candidates))
        else:
            found = not self.words.isdisjoint(with_bases(candidates)) or any(
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


_WORDS = r"[a-z]+(?:-[a-z]+)*"
_ALTERNATION = regex.compile(rf"\(({_WORDS}(?:\|{_WORDS})*)\)(?:\(({_WORDS}(?:\|{_WORDS})*)\)\?)?")


def literal_words(pattern: str) -> frozenset[str] | None:
    """The strings a pattern matches whole, when it only lists words (``(a|b)`` with perhaps
    an optional ending ``(x|y)?``), else ``None``: such patterns are tested as a table,
    about a hundred times quicker than the regular expression (every new token is tested).

    >>> sorted(literal_words("(saya|aku)(nya|mu)?"))
    ['aku', 'akumu', 'akunya', 'saya', 'sayamu', 'sayanya']
    >>> literal_words("[a-z]+") is None
    True
    """
    match = _ALTERNATION.fullmatch(pattern)
    if match is None:
        return None
    endings = [""] + (match[2].split("|") if match[2] else [])
    return frozenset(word + ending for word in match[1].split("|") for ending in endings)


# -- compiled to bit tests ------------------------------------------------------------------------
#
# Evaluating contexts token by token is cheap, but the normalizer meets the same few forms
# (``yang``, ``lagi``, ``sama``) between ever new neighbours, so a cache of decisions keyed by
# the neighbours themselves rarely hits. What a decision depends on is much smaller: for each
# condition, whether the neighbour passes its test. So every distinct test of a lexicon gets a
# bit, a token's *mask* holds the bits of the tests it passes (computed once per token), and a
# decision depends only on the masks of the neighbours, restricted to the bits the form reads.

#: Indexes into the masks a :class:`Chooser` reads: the nearest token on each side, and the
#: union over each side's window of :data:`WINDOW` tokens (with the text boundary when fewer).
PREV, NEXT, LEFT, RIGHT = 0, 1, 2, 3


class ConditionIndex:
    """Numbers the tests of many contexts, to test a token against all of them at once.

    A test is what a condition checks a token for (its words and classes, or its pattern),
    whatever side it reads and whether it is negated; conditions with the same test share
    a bit. ``mask`` is cached per token, up to ``cache_size`` tokens (then cleared).
    """

    def __init__(self, contexts: Iterable[Context], in_class: ClassTest,
                 cache_size: int) -> None:
        bits: dict[tuple[frozenset[str], frozenset[str], regex.Pattern[str] | None], int] = {}
        for context in contexts:
            for c in context.conditions:
                bits.setdefault(_test_of(c), 1 << len(bits))
        self._bits = bits
        word_bits: dict[str, int] = {}
        pattern_words: dict[str, int] = {}
        class_bits = dict.fromkeys(WORD_CLASSES, 0)
        patterns: list[tuple[int, regex.Pattern[str]]] = []
        for (words, classes, pattern), bit in bits.items():
            if pattern is not None:
                listed = literal_words(pattern.pattern)
                if listed is None:
                    patterns.append((bit, pattern))
                for word in listed or ():
                    pattern_words[word] = pattern_words.get(word, 0) | bit
                continue
            for word in words:
                word_bits[word] = word_bits.get(word, 0) | bit
            for name in classes:
                class_bits[name] |= bit
        self._word_bits = word_bits
        self._class_bits = tuple((name, bit) for name, bit in class_bits.items() if bit)
        self._patterns = tuple(patterns)
        self._pattern_words = pattern_words  # the patterns that only list words, as a table
        self._in_class = in_class
        self._cache: dict[str, int] = {}
        self._cache_size = cache_size

    def mask(self, token: str) -> int:
        """The bits of the tests that ``token`` passes."""
        found = self._cache.get(token)
        if found is not None:
            return found
        found = self._word_bits.get(token, 0)
        if "-" in token:  # a reduplication reads as its base too
            for base in with_bases((token,))[1:]:
                found |= self._word_bits.get(base, 0)
        for name, bit in self._class_bits:
            if self._in_class(name, token):
                found |= bit
        if len(token) <= MAX_REGEX_SUBJECT:
            found |= self._pattern_words.get(token, 0)
            for bit, pattern in self._patterns:
                if pattern.fullmatch(token) is not None:
                    found |= bit
        if len(self._cache) > self._cache_size:
            self._cache.clear()
        self._cache[token] = found
        return found

    def window(self, tokens: Sequence[str], boundary: str) -> int:
        """The union of the masks of a side's window (nearest first), as ``_window`` sees it."""
        found = 0
        for token in tokens[:WINDOW]:
            found |= self.mask(token)
        if len(tokens) < WINDOW:
            found |= self.mask(boundary)
        return found

    def chooser(self, contexts: Sequence[Context]) -> Chooser:
        """The contexts of one form's senses, in order, as bit tests."""
        compiled = []
        reads = [0, 0, 0, 0]
        for context in contexts:
            tests = []
            for c in context.conditions:
                bit = self._bits[_test_of(c)]
                sides = _SIDES[c.side]
                for side in sides:
                    reads[side] |= bit
                tests.append((sides, bit, c.op[0] == "!"))
            compiled.append(tuple(tests))
        return Chooser(tuple(compiled), tuple(reads), reads[0] | reads[1] | reads[2] | reads[3])


def _test_of(condition: Condition
             ) -> tuple[frozenset[str], frozenset[str], regex.Pattern[str] | None]:
    if condition.pattern is not None:
        return frozenset(), frozenset(), condition.pattern
    return condition.words, condition.classes, None


_SIDES = {"prev": (PREV,), "next": (NEXT,), "left": (LEFT,), "right": (RIGHT,),
          "around": (LEFT, RIGHT)}


@dataclass(frozen=True, slots=True)
class Chooser:
    """The contexts of a form's senses as bit tests on the masks of its neighbours.

    ``reads`` holds, for each mask (``PREV``, ``NEXT``, ``LEFT``, ``RIGHT``), the bits
    some condition reads: masks that agree on those bits lead to the same choice;
    ``reads_any`` the bits it reads on any side.
    """

    contexts: tuple[tuple[tuple[tuple[int, ...], int, bool], ...], ...]
    reads: tuple[int, ...]
    reads_any: int

    def choose(self, masks: Sequence[int]) -> int:
        """The index of the first context that holds for these masks, or -1."""
        for index, tests in enumerate(self.contexts):
            for sides, bit, negated in tests:
                found = any(masks[side] & bit for side in sides)
                if found == negated:
                    break
            else:
                return index
        return -1
