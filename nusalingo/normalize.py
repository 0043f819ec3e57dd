"""The normalizer: informal Indonesian in, formal Indonesian out, every change explained.

How a text is normalized:

1. The text is split into tokens that keep their offsets (``tokenize``);
   only words can change, and whitespace and punctuation stay as they were.
2. Multi-word lexicon forms (``ga pa pa``) are matched first, longest first.
3. Each word is resolved on its own: its lexicon entry (case-insensitive),
   else nothing if it is a known word, else the first rule whose candidate is
   a known word. This is cached per distinct word, which keeps corpora fast.
4. Forms with several senses pick one from their neighbours (``context``).
5. The replacement takes the case pattern of the original word.

Each change records its span in the input, the original and the
replacement, the step (``lexicon`` or a rule's name), the entry id and the
category; :func:`apply_changes` replays them to the same output. Normalizing
the output again changes nothing.

For speed, text is first looked up chunk by chunk between spaces (the chunk
path): a chunk that only holds words that change on their own maps to its
output in one look-up, a word that reads its neighbours decides from bit masks
of their tokens (``context.ConditionIndex``), and the tokenizer's split is
needed only for what the chunk path does not take. Both give the same results.

>>> from nusalingo import Normalizer
>>> n = Normalizer()
>>> n.normalize("Gk tau deh, gw udh ngerjain tugasnya")
'Tidak tahu deh, saya sudah mengerjakan tugasnya'
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Collection, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import reduce
from itertools import accumulate, pairwise
from operator import eq, or_, xor
from pathlib import Path
from typing import Any, Literal, NamedTuple

import regex

from nusalingo.casing import match_case
from nusalingo.config import NormalizerConfig, check_options
from nusalingo.context import (
    END,
    LEFT,
    NEXT,
    PREV,
    RIGHT,
    START,
    WINDOW,
    Chooser,
    ConditionIndex,
    Context,
    parse_context,
)
from nusalingo.entry import Entry
from nusalingo.lexicon import Lexicon, load_lexicon
from nusalingo.morphology import analyses, men
from nusalingo.rules import RULES, Candidate, Resolved
from nusalingo.rules.laughter import is_laughter
from nusalingo.rules.reduplication import spaced_pairs
from nusalingo.rules.splitting import NEGATIONS
from nusalingo.tokenize import (
    SPACE,
    WORD,
    WORD_PATTERN,
    is_web_address,
    special_pattern,
    tokenize,
    word_kind,
)
from nusalingo.wordlists import (
    english_words,
    indonesian_lemmas,
    indonesian_words,
    word_frequency,
)

#: Rules that change register (colloquial morphology and sounds), not spelling:
#: they do not run at ``level="colloquial"``.
REGISTER_RULES = frozenset({"colloquial_affixes", "sound_changes"})
#: Rules that respell a whole word: their result must be a known word as it is.
RESPELLING_RULES = frozenset({"sound_changes"})
#: Rules that take a word apart and normalize its parts, each part through the lexicon.
COMPOSING_RULES = frozenset({"clitics", "colloquial_affixes", "digit_reduplication",
                             "preposition_split", "word_split"})
#: How much commoner (in wordfreq's Indonesian list) a rule's result must be than the word.
COMMONER = 3.0
#: How common each half must be to split a word in two (``akutuh`` -> ``aku tuh``).
COMMON_WORD = 3e-5
#: Shorter words written twice are rarely a reduplication ("ok ok", "di di").
MIN_REDUPLICATED = 3
#: Parts of speech of words that do not reduplicate ("dari dari", "dia dia" are stutters).
FUNCTION_CLASSES = frozenset({"ADP", "AUX", "CCONJ", "INTJ", "PART", "PRON", "SCONJ"})
#: How much commoner the noun must be than ``dirumah``-like spellings of it.
LOCATIVE_RATIO = 10.0
#: How common a word must be to count as the noun in ``dirumah``, ``kepasar``.
LOCATIVE_FREQUENCY = 1e-5
#: Rules leave longer words alone: no word is that long, and it bounds their work.
MAX_RULE_WORD = 40
#: How many rules may chain on one word (``bangeeetnya``: letters, then clitics).
MAX_CHAIN = 2
#: Passes over a text at most; a second runs only when a context could now read differently.
MAX_PASSES = 8
#: Memoized words per normalizer; beyond this the cache is cleared and refilled.
CACHE_SIZE = 200_000
#: Memoized decisions of words that read their neighbours (keyed by the neighbours too).
CONTEXT_CACHE_SIZE = 50_000
_LETTER_OR_DIGIT = regex.compile(r"[\p{L}\p{N}]")
_LETTER = regex.compile(r"\p{L}")
_INLINE_SPACE = regex.compile(r"[ \t\u00a0]+")
#: Splits text into separators and words when nothing in it needs the full tokenizer.
_SPLIT = regex.compile(f"({WORD_PATTERN})")
#: The same for ASCII text, with the faster standard library engine.
_SPLIT_ASCII = re.compile(r"([A-Za-z0-9]+(?:['\-][A-Za-z0-9]+)*)")

_DIGITS = regex.compile(r"[\d.,:/]*\d[\d.,:/]*")

LexiconSource = Lexicon | str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None


class Change(NamedTuple):
    """One change: the span ``[start, end)`` of the input and what replaced it.

    ``step`` is ``"lexicon"`` or the rule that made the change possible;
    ``entry`` the id of the lexicon entry used (if any); ``trace`` every step
    taken, in order (``("repeated_letters", "lexicon")`` for ``bangeeet``).
    """

    start: int
    end: int
    original: str
    replacement: str
    step: str
    entry: str = ""
    category: str = ""
    trace: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {**self._asdict(), "trace": list(self.trace)}


class Explanation(NamedTuple):
    """A normalized text and the changes that lead to it from ``source`` (a named tuple:
    immutable, and quick to make, one per text explained)."""

    source: str
    text: str
    changes: tuple[Change, ...]

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view (the CLI's ``--explain`` lines)."""
        return {"source": self.source, "text": self.text,
                "changes": [c.as_dict() for c in self.changes]}


def apply_changes(text: str, changes: Iterable[Change]) -> str:
    """Replay changes on the text they were made on (they must not overlap)."""
    out, last = [], 0
    for change in sorted(changes, key=lambda c: (c.start, c.end)):
        if change.start < last or text[change.start:change.end] != change.original:
            raise ValueError(f"change {change} does not fit the text at {change.start}")
        out.append(text[last:change.start])
        out.append(change.replacement)
        last = change.end
    out.append(text[last:])
    return "".join(out)


class _Sense(NamedTuple):
    context: Context | None
    entry: Entry


#: How an output may pair with its neighbours into a multi-word form (see
#: ``Normalizer._pairing``): ``None`` never; ``True`` whatever they are (or a new pass may
#: read the output otherwise); else the words that, as the last of the word before (first
#: of the word after), would pair with it.
_Pairing = tuple[frozenset[str] | None, frozenset[str] | None] | Literal[True] | None
#: The changes the words of a chunk make on their own (``Normalizer._edits_of``).
_ChunkEdits = tuple[tuple[int, int, tuple[Any, ...]], ...]


# The records below are cached and read on the hot path: slotted, for attribute reads
# about twice as quick as a named tuple's; not frozen, since frozen ones are ten times
# slower to make. None is changed once made.


@dataclass(slots=True)
class _WordInfo:
    """What a word becomes out of context, and what could change that."""

    result: Resolved | None      # at the configured level; None when unchanged
    formal: str                  # lower-case formal form, as contexts see the word
    senses: tuple[_Sense, ...]   # contextual senses of the resolved form
    category: str
    role: str                    # "", "keep", "particle" or "laughter"
    width: int = 0               # how many neighbours a side its contexts look at
    chooser: Chooser | None = None  # the contexts of ``senses`` as bit tests


class _Edit(NamedTuple):
    """A change to the word at a part index, up to part ``last`` (a multi-word form)."""

    last: int
    result: Resolved | None
    step: str
    category: str
    removed: bool = False
    lead: int = 0   # characters of the separator before that a removal takes along
    trail: int = 0  # ... or after


class _Meta(NamedTuple):
    """What a change records besides its span and text."""

    step: str
    entry: str
    category: str
    trace: tuple[str, ...]


@dataclass(slots=True)
class _Surface:
    """A word as written (exact case), out of context."""

    replacement: str | None  # None when the word stays as it is
    info: _WordInfo
    complex: bool            # depends on its neighbours (contexts) or is to be removed
    removable: bool          # a particle or laughter that the options remove
    next_words: frozenset[str] | None  # second words of multi-word forms it starts
    meta: _Meta              # step, entry, category and trace of the change it makes alone
    pairing: _Pairing = None  # of its replacement (True too if not ``_settled``)


@dataclass(slots=True)
class _Decision:
    """What a word that reads its neighbours becomes between some (cached in ``_quick``)."""

    output: str
    by_context: bool    # a sense chosen by context: a new pass may choose otherwise
    risky: bool         # the output may pair with a neighbour into a multi-word form
    unsettled: bool     # a new pass may change the output on its own (``_settled``)
    meta: _Meta | None  # the change, if the output is not the word
    changed: int = 0    # mask bits on which a new pass sees the output otherwise than this
    #                     pass saw the word (-1: all, the output has another number of tokens)
    pairing: _Pairing = None  # how the output, if not the word, may pair (``_pairing``)


@dataclass(slots=True)
class _Phrase:
    """What a multi-word form written so becomes, as the quick pass needs it (cached)."""

    output: str         # its replacement
    meta: _Meta         # the change
    settled: bool       # a new pass leaves the output as it is on its own (``_settled``)
    otherwise: int      # the mask bits on which neighbours read it otherwise than its words


@dataclass(slots=True)
class _Chunk:
    """A chunk of text between spaces, as the chunk path sees it (``_chunk_shape``)."""

    pieces: tuple[str, ...]  # its split: separators and words, alternating (``parts``)
    masks: tuple[int, ...]   # of its tokens, as contexts see them (see ``_side``)
    words: int               # how many words it holds
    first: str               # its first word in lower case ("" if none)
    surface: _Surface | None = None  # its word's, if it holds one, with
    word: str = ""           # ... the word,
    prefix: str = ""         # ... what comes before it
    suffix: str = ""         # ... and after it in the chunk
    before: tuple[int, ...] = ()  # the masks of the prefix's tokens
    after: tuple[int, ...] = ()   # ... and of the suffix's
    alone: str = ""          # the chunk as its word alone makes it (its own replacement)
    pairing: _Pairing = None  # how that replacement may pair with a neighbour (``_pairing``)
    # what ``_chunk_quick`` reads of its word's surface, at hand
    opens: frozenset[str] | None = None  # second words of multi-word forms it starts
    complex: bool = False    # it reads its neighbours, or is to be removed
    removable: bool = False
    width: int = 0           # how many neighbours a side its contexts read
    reads: tuple[int, ...] = ()  # the mask bits they read (``Chooser.reads``)
    # the masks of the tokens next to its word in the chunk, if any (else None) ...
    near_before: int | None = None
    near_after: int | None = None
    # ... and of its own first and last token, as the neighbour of another chunk's word
    head: int | None = None
    tail: int | None = None
    # what its word becomes when a context reading one token a side reads none of its bits
    usual: _Decision | None = None


_MARK = _Meta("", "", "", ())
#: No chunk merged (``_chunk_quick``): most lines.
_NO_CHUNKS: frozenset[int] = frozenset()
#: Marks, in the fast path of ``normalize``, a word that needs its neighbours, and one that
#: may start a multi-word form.
_NEIGHBOURS = "\x03"
_PHRASE = "\x04"
#: Marks, in the look-up by chunks between spaces (``_chunk_entry``), a chunk whose word
#: needs more than its own look-up, and one that needs the text split whole. Both hold
#: ``_MARK_CHAR``, which no word holds: text joined from chunk values without it holds no
#: mark, and a substring test is the quickest way to know that.
_MARK_CHAR = "\x00"
_MARKED = "\x00\x01"
_WHOLE = "\x00\x02"
#: Characters that may start a URL, an e-mail address, a mention, a hashtag or an emoticon
#: with letters: text that holds one needs the full tokenizer.
_STRICT_MARKS = ("@", "#", "_", ":", ";", "=", "/")
class Normalizer:
    """Normalizes colloquial Indonesian with a lexicon stack and rules.

    ``lexicons`` is ``None`` for the shipped lexicons, a loaded
    :class:`~nusalingo.lexicon.Lexicon`, or one or more paths. Options are the
    fields of :class:`~nusalingo.config.NormalizerConfig`.

    A normalizer is immutable after construction, safe to share between
    threads, and picklable into worker processes (its word cache is rebuilt
    there, not shipped).
    """

    def __init__(self, lexicons: LexiconSource = None, *,
                 config: NormalizerConfig | None = None, **options: Any) -> None:
        check_options(options)
        self.config = (config or NormalizerConfig()).replace(**options)
        self.lexicon = _as_lexicon(lexicons)
        self._build()

    # -- public API ------------------------------------------------------------------------------

    def normalize(self, text: str) -> str:
        """The normalized text."""
        source = text if text.__class__ is str else _check_text(text)
        text, outputs = self._normalize_words(source)
        lowered = text.lower()
        capitals = lowered != text
        if capitals and source.lower() == source:
            # a text without capitals gets none: its unchanged parts are lower case already
            text, outputs, capitals = lowered, None, False
        if self._join_reduplications:
            found = self._reduplications(text, outputs, capitals)
            if found:  # the joined word is a new neighbour to read: normalize again
                return self.normalize(apply_changes(text, found))
        return text

    def _normalize_words(self, text: str) -> tuple[str, list[str] | None]:
        """Every word normalized (in context): the text before the whole-text steps, and,
        when the chunk path made it, the outputs of its chunks, which spaces join into it
        (``None`` otherwise)."""
        look_up = self._chunks.get
        for _ in range(MAX_PASSES):
            # Text is mostly words between single spaces: looked up chunk by chunk between
            # spaces (see ``_chunk_entry``), it needs no tokenizer unless a chunk asks for it.
            chunks = text.split(" ")
            values: list[str] = list(map(look_up, chunks))  # type: ignore[arg-type]
            try:
                joined = " ".join(values)
            except TypeError:  # a chunk seen for the first time (None)
                values = self._fill(chunks, values)
                joined = " ".join(values)
            if _MARK_CHAR not in joined:
                return joined, values  # every chunk on its own: the common case
            whole = _WHOLE in joined  # (or text that holds it: the full path takes any)
            quick = None if whole else self._chunk_quick(chunks, values)
            if quick is not None:  # the usual case
                new_text, again, merged = quick
                outputs = None if merged else values
            else:
                outputs = processed = None
                if not whole:  # a multi-word form that reads its neighbours, or a removal
                    values = list(map(look_up, chunks))  # type: ignore[arg-type]
                    if None not in values:
                        processed = self._chunk_process(text, chunks, values, explain=False)
                if processed is not None:
                    new_text, again = processed[:2]
                else:  # the full path, over the tokenizer's split
                    parts = self._split(text) if whole else self._parts_of(chunks)
                    new_text, again = self._whole_pass(text, parts)
            if new_text == text or not again:
                return new_text, outputs
            text = new_text
        return text, None

    def _normalize_split(self, text: str) -> str:
        """``normalize`` over the tokenizer's split alone, without the chunk path: the
        reference the chunk path must agree with (the tests compare them)."""
        for _ in range(MAX_PASSES):
            new_text, again = self._whole_pass(text, self._split(text))
            if new_text == text or not again:
                return new_text
            text = new_text
        return text

    def _whole_pass(self, text: str, parts: list[str]) -> tuple[str, bool]:
        """A pass of ``normalize`` over the text split by the tokenizer (``parts``)."""
        words = parts[1::2]
        fast = self._fast
        replaced = [fast.get(w) or self._fast_entry(w) for w in words]
        return self._pass(text, parts, words, replaced)

    def _pass(self, text: str, parts: list[str], words: list[str], replaced: list[str]
              ) -> tuple[str, bool]:
        """One pass of ``normalize`` over split text, from the words' own replacements or
        marks: the new text, and whether a new pass could read it otherwise."""
        if _PHRASE in replaced:  # multi-word forms start here only if the next word fits
            replaced = self._phrase_starts(words, replaced)
        if _NEIGHBOURS in replaced:  # words that read their neighbours: cached decisions
            quick = self._quick_contexts(parts, words, replaced)
            if quick is not None:
                replaced, unstable, risky = quick
                return "".join(_interleave(parts, replaced)), unstable or (
                    (risky or not self._risky_words.isdisjoint(words))
                    and self._may_form_phrase(words, replaced))
        if _NEIGHBOURS not in replaced:  # every word on its own
            if replaced == words:
                return text, False
            parts[1::2] = replaced
            return "".join(parts), not self._risky_words.isdisjoint(words) and \
                self._may_form_phrase(words, replaced)
        out = list(parts)
        out[1::2] = replaced
        pending = [2 * k + 1 for k, r in enumerate(replaced) if r is _NEIGHBOURS]
        for index in pending:
            out[index] = parts[index]
        unstable = self._resolve_pending(parts, out, {}, pending) or \
            self._may_form_phrase(words, out[1::2])
        return "".join(out), unstable

    def _fill(self, chunks: list[str], values: Sequence[str | None]) -> list[str]:
        """Complete the look-up of chunks seen for the first time (see ``_chunk_entry``)."""
        return [self._chunk_entry(chunk) if value is None else value
                for chunk, value in zip(chunks, values, strict=True)]

    def _chunk_entry(self, chunk: str) -> str:
        """What a chunk of text between spaces becomes on its own, or a mark (cached).

        The tokenizer's split of a text is that of its chunks, one after the other: no
        word or protected token (URL, mention, emoticon...) holds a space. But a text that
        holds a character that may start a URL, a mention or an emoticon with letters, or a
        dot between two words, is split more strictly (``_split``), and a few chunks split
        otherwise then (``xD`` is a word, or an emoticon): those are ``_WHOLE``, and so is a
        chunk with a word that needs more than its own look-up, unless the chunk holds that
        one word (and perhaps punctuation): ``_MARKED`` (it reads its neighbours, may start a
        multi-word form, or its replacement may pair with a neighbour into one); see
        ``_chunk_quick``.
        """
        strict = _one_word(chunk) or self._split_tokens(chunk)
        pieces = strict if len(strict) == 3 and not strict[0] and not strict[2] else \
            (_SPLIT_ASCII if chunk.isascii() else _SPLIT).split(chunk)
        if strict != pieces and not (any(mark in chunk for mark in _STRICT_MARKS)
                                     or "." in pieces[2:-1:2]):
            value = _WHOLE  # split otherwise in a text that holds a URL, a mention...
        elif len(strict) == 3:  # one word, perhaps with punctuation around it
            word = strict[1]
            found = self._fast.get(word) or self._fast_entry(word)
            surface = self._surface_cache.get(word) or self._surface(word)
            if surface.removable:
                value = _WHOLE
            elif found is _NEIGHBOURS or found is _PHRASE or surface.pairing is not None:
                value = _MARKED
            else:
                value = _unmarked(strict[0] + found + strict[2])
        else:
            words = strict[1::2]
            found_words = [self._fast.get(w) or self._fast_entry(w) for w in words]
            surfaces = [self._surface_cache.get(w) or self._surface(w) for w in words]
            if _NEIGHBOURS in found_words or _PHRASE in found_words or any(
                    s.pairing is not None for s in surfaces):
                value = _WHOLE
            else:
                strict[1::2] = found_words
                value = _unmarked("".join(strict))
        if len(self._chunks) > CACHE_SIZE:
            self._chunks.clear()
        self._chunks[chunk] = value
        return value

    # -- the chunk path ----------------------------------------------------------------------------
    #
    # A text is split on its spaces into chunks, each looked up whole (``_chunk_entry``). Most
    # chunks are a word that changes, or not, on its own; a chunk that holds one word that
    # needs more (it reads its neighbours, may start a multi-word form, or writes a word of
    # one) is marked, and the passes below resolve those words from the neighbouring chunks,
    # as ``_pass`` (``normalize``) and ``_process`` (``explain``) do over the tokenizer's
    # split, which they stand for. What they do not take (a removal, a chunk that must be
    # split with the rest of the text) goes the full path.

    def _chunk_quick(self, chunks: list[str], values: list[str],
                     changed: dict[int, tuple[str, _Meta, int, _Chunk]] | None = None
                     ) -> tuple[str, bool, AbstractSet[int]] | None:
        """``_pass`` over the chunks: the new text, whether a new pass could read it
        otherwise, and the chunks merged into the multi-word form of a chunk before them;
        ``None`` when ``_pass`` takes its full path (a multi-word form that reads its
        neighbours, a word removed): then ``_chunk_process`` does. ``values`` changes
        (a merged chunk's value is empty), and so does ``changed`` when given
        (``explain``): the changes of the words that read their neighbours and of the
        multi-word forms, as ``_chunk_changes`` takes them (the other chunks' changes are
        their own, cached)."""
        last_chunk = len(chunks) - 1
        shapes = self._chunk_shapes
        shape_of = self._chunk_shape
        quick = self._quick
        boundaries = self._boundaries
        contextual: list[int] = []  # the words that read their neighbours
        unsure: list[tuple[int, _Decision]] = []  # ... of those, what a new pass may change
        own: list[tuple[int, _Pairing]] = []  # outputs that may pair with a neighbour
        phrases: list[tuple[int, int, _Phrase]] = []  # multi-word forms: first, last chunk
        merged: AbstractSet[int] = _NO_CHUNKS  # (a set made when a multi-word form merges)
        k = -1
        for _ in range(values.count(_MARKED)):
            k = values.index(_MARKED, k + 1)
            if merged and k in merged:
                continue
            shape = shapes.get(chunks[k]) or shape_of(chunks[k])
            opens = shape.opens
            if opens is None and not shape.complex:  # its replacement may pair (the usual)
                values[k] = shape.alone
                own.append((k, shape.pairing))
                continue
            if opens is not None and k < last_chunk and (
                    (shapes.get(chunks[k + 1]) or shape_of(chunks[k + 1])).first
                    or self._next_word(chunks, k + 1).lower()) in opens:
                # the next word may continue a multi-word form
                found = self._chunk_phrase(chunks, k, self._phrases[shape.first])
                if found is None:
                    return None
                last, key = found
                if last > k:
                    phrase = self._chunk_phrase_edit(chunks, k, last, key)
                    if phrase is None:
                        return None
                    output = phrase.output
                    values[k] = shape.prefix + output + self._chunk_shape_at(chunks, last).suffix
                    merged = {*merged, *range(k + 1, last + 1)}  # (emptied after the loop)
                    if changed is not None:
                        changed[k] = (output, phrase.meta, last, shape)
                    own.append((k, self._pairing_of(output)))
                    phrases.append((k, last, phrase))
                    continue
            if not shape.complex:
                values[k] = shape.alone
                if shape.pairing is not None:
                    own.append((k, shape.pairing))
                continue
            if shape.removable:
                return None
            surface: _Surface = shape.surface  # type: ignore[assignment]
            word = shape.word
            if shape.width == 1:  # the usual case: the tokens next to it
                reads = shape.reads
                before = reads[PREV]
                if before:  # (a side it does not read needs no look-up)
                    nearest = shape.near_before
                    if nearest is None:
                        nearest = (shapes.get(chunks[k - 1]) or shape_of(chunks[k - 1])).tail \
                            if k else boundaries[0]
                        if nearest is None:  # (an empty chunk: spaces in a row)
                            nearest = self._chunk_side(chunks, k, -1, 1)[0]
                    before &= nearest
                after = reads[NEXT]
                if after:
                    nearest = shape.near_after
                    if nearest is None:
                        nearest = (shapes.get(chunks[k + 1]) or shape_of(chunks[k + 1])).head \
                            if k < last_chunk else boundaries[1]
                        if nearest is None:
                            nearest = self._chunk_side(chunks, k, 1, 1)[0]
                    after &= nearest
                decided = shape.usual if not (before or after) else \
                    quick.get((word, before, after)) or self._decided(word, surface,
                                                                      (before, after))
            else:
                masks = self._chunk_window(chunks, k, shape)
                decided = quick.get((word, *masks)) or self._decided(word, surface, masks)
            if decided is None:
                return None  # a removal
            output = decided.output
            values[k] = shape.prefix + output + shape.suffix if shape.prefix or \
                shape.suffix else output
            if changed is not None and decided.meta is not None:
                changed[k] = (output, decided.meta, k, shape)
            if decided.pairing is not None:  # checked with its neighbours' outputs below
                own.append((k, decided.pairing))
            contextual.append(k)
            if decided.by_context or decided.unsettled:
                unsure.append((k, decided))
        unstable = False
        for k, decided in unsure:
            if decided.unsettled or (len(contextual) > 1 and self._near_another(
                    chunks, contextual, k, decided.changed)):
                unstable = True
                break
        for k, last, phrase in phrases:  # (as _chunk_process decides)
            if unstable:
                break
            unstable = not phrase.settled or self._near_another(
                chunks, contextual, k, phrase.otherwise, last)
        if not unstable and own:
            unstable = self._chunks_may_form_phrase(chunks, values, own, {}, merged)
        if merged:
            for inner in merged:
                values[inner] = ""
            return " ".join(v for j, v in enumerate(values) if j not in merged), unstable, merged
        return " ".join(values), unstable, merged

    def _chunk_process(self, text: str, chunks: list[str], values: list[str],
                       explain: bool = True) -> tuple[str, bool, tuple[Change, ...]] | None:
        """``_process`` over the chunks (``_pass``'s full path, and ``explain``'s): the new
        text, whether a new pass could read it otherwise, and the changes (only when
        explaining); ``None`` for what it does not take (a removal, a multi-word form over
        spacing it cannot see). ``values`` changes."""
        last_chunk = len(chunks) - 1
        shapes = self._chunk_shapes
        shape_of = self._chunk_shape
        pending: list[tuple[int, _Chunk, _Surface]] = []  # resolved in context (_process's)
        # the marked words that change: output, change, last chunk covered, chunk shape
        changed: dict[int, tuple[str, _Meta, int, _Chunk]] = {}
        for k in _positions(values, _MARKED):
            shape = shapes.get(chunks[k]) or shape_of(chunks[k])
            surface: _Surface = shape.surface  # type: ignore[assignment]  # (one word)
            if not surface.complex and (surface.next_words is None or k == last_chunk
                                                 or self._following(chunks, k).lower()
                                                 not in surface.next_words):
                if surface.replacement is None:
                    values[k] = chunks[k]
                else:
                    changed[k] = (surface.replacement, surface.meta, k, shape)
                    values[k] = shape.prefix + surface.replacement + shape.suffix
                continue
            pending.append((k, shape, surface))
            values[k] = chunks[k]
        # who may read a change otherwise in a new pass: the words that read their neighbours,
        # and the multi-word forms that start here (they may read their neighbours too)
        readers = [k for k, _, surface in pending if surface.complex]
        starts = [k for k, _, surface in pending if not surface.complex]
        unstable = False
        skip_until = -1
        merged: set[int] = set()
        for k, shape, surface in pending:
            if k <= skip_until:
                continue
            word = shape.word
            last = k
            if surface.next_words is not None and k < last_chunk and \
                    self._following(chunks, k).lower() in surface.next_words:
                found = self._chunk_phrase(chunks, k, self._phrases[word.lower()])
                if found is None:
                    return None
                last, key = found
            skip_until = last
            if last == k:  # a word alone: the decision of _chunk_quick, cached
                if surface.info.chooser is not None:
                    masks = self._neighbour_masks(chunks, k, shape, surface.info)
                    decided = self._quick.get((word, *masks)) or self._decided(word, surface,
                                                                              masks)
                    if decided is None:
                        return None  # a removal
                    if decided.by_context and not unstable:  # as _may_differ decides
                        unstable = decided.unsettled or self._near_another(
                            chunks, readers, k, decided.changed) or self._near_another(
                            chunks, starts, k)
                    if decided.meta is not None:
                        changed[k] = (decided.output, decided.meta, k, shape)
                        values[k] = shape.prefix + decided.output + shape.suffix
                    continue
                edit = self._edit(word, surface, surface.info, -1, last)
            else:  # a multi-word form
                info = self._word_info(key)
                chosen = -1 if info.chooser is None else \
                    self._choose(key, info, self._chunk_masks(chunks, k, last, info))
                edit = self._edit(word, None, info, chosen, last)
            if edit is None:
                continue
            if isinstance(edit, _Meta):  # the word's own change, as out of context
                output = surface.replacement or word
                changed[k] = (output, edit, k, shape)
                values[k] = shape.prefix + output + shape.suffix
                continue
            if not unstable and edit.step in ("context", "particles", "laughter"):
                # as _may_differ decides
                unstable = (edit.result is not None
                            and not self._settled(edit.result.text)) \
                    or self._near_another(chunks, readers + starts, k, last=last)
            if edit.removed:
                return None
            result = edit.result
            assert result is not None
            replacement = match_case(word, result.text)
            if replacement == word and last == k:
                continue
            if not unstable and last > k:  # as _may_differ decides
                # a multi-word form reads to its neighbours as its output, not as its words
                unstable = not self._settled(result.text, paired=True, read=(key,)) or \
                    self._near_another(chunks, readers, k, self._read_otherwise(
                        [self._chunk_shape_at(chunks, j).word for j in range(k, last + 1)],
                        result.text), last) or self._near_another(chunks, starts, k, last=last)
            changed[k] = (replacement, _edit_meta(edit, result), last, shape)
            values[k] = shape.prefix + replacement + self._chunk_shape_at(chunks, last).suffix
            for inner in range(k + 1, last + 1):
                changed.pop(inner, None)
                merged.add(inner)
        changes = self._chunk_changes(text, chunks, values, changed, merged) if explain else ()
        if not unstable and changed:
            unstable = self._chunks_may_form_phrase(
                chunks, values, ((k, self._output_pairing(found[0], found[3].surface))
                                 for k, found in changed.items() if found[0] != found[3].word),
                changed, merged)
        if merged:
            values = [value for k, value in enumerate(values) if k not in merged]
        return " ".join(values), unstable, changes

    def _chunk_changes(self, text: str, chunks: list[str], values: list[str],
                       changed: dict[int, tuple[str, _Meta, int, _Chunk]],
                       merged: Collection[int]) -> tuple[Change, ...]:
        """The changes of the chunk path: the marked words' (``changed``: output, change,
        last chunk covered, shape), and the others' own."""
        changes = []
        edits = self._edits
        make = tuple.__new__
        start = 0
        for k, chunk in enumerate(chunks):
            # (a word's change changes its chunk; only a multi-word form's may leave it)
            if values[k] != chunk or (merged and k in changed):
                found = changed.get(k)
                if found is not None:
                    output, meta, last, shape = found
                    first = start + len(shape.prefix)
                    end = first + len(shape.word) if last == k else start + len(
                        " ".join(chunks[k:last + 1])) - len(
                        self._chunk_shape_at(chunks, last).suffix)
                    changes.append(make(Change, (first, end, text[first:end], output, *meta)))
                elif k not in merged:
                    for begin, end, rest in edits.get(chunk) or self._edits_of(chunk):
                        span = (start + begin, start + end)
                        # (tuples joined: a third quicker than unpacking into a new one)
                        changes.append(make(Change, span + rest))
            start += len(chunk) + 1
        return tuple(changes)

    def _edits_of(self, chunk: str) -> _ChunkEdits:
        """The changes the words of a chunk make on their own, their offsets in the chunk
        and the rest of their fields (cached): what ``_chunk_changes`` makes ``Change``
        records of."""
        found = []
        start = 0
        for index, piece in enumerate(self._split(chunk)):
            if index % 2:
                surface = self._surface_cache.get(piece) or self._surface(piece)
                if surface.replacement is not None:
                    found.append((start, start + len(piece),
                                  (piece, surface.replacement, *surface.meta)))
            start += len(piece)
        edits = tuple(found)
        if len(self._edits) > CACHE_SIZE:
            self._edits.clear()
        self._edits[chunk] = edits
        return edits

    def _chunk_phrase_edit(self, chunks: list[str], k: int, last: int, key: str
                           ) -> _Phrase | None:
        """The multi-word form ``key`` of chunks k to ``last`` as ``_chunk_process`` makes it
        (cached by its words as written); ``None`` for one it takes alone (it reads its
        neighbours, is removed, or stays as it is)."""
        written = tuple(self._chunk_shape_at(chunks, j).word for j in range(k, last + 1))
        if written in self._phrase_edits:
            return self._phrase_edits[written]
        info = self._word_info(key)
        edit = self._edit(written[0], None, info, -1, last) if info.chooser is None else None
        if isinstance(edit, _Edit) and not edit.removed and edit.result is not None:
            result = edit.result
            found: _Phrase | None = _Phrase(
                match_case(written[0], result.text), _edit_meta(edit, result),
                self._settled(result.text, paired=True, read=(key,)),
                self._read_otherwise(written, result.text))
        else:
            found = None
        if len(self._phrase_edits) > CACHE_SIZE:
            self._phrase_edits.clear()
        self._phrase_edits[written] = found
        return found

    def _read_otherwise(self, words: Sequence[str], output: str) -> int:
        """The mask bits on which neighbours read the output of a multi-word form otherwise
        than its words (see ``_changed_bits``)."""
        masks = self._word_masks
        written, read = (tuple(m for word in text for m in masks.get(word) or self._masks_of(word))
                         for text in (words, output.split()))
        if len(written) != len(read):
            return -1
        return reduce(or_, map(xor, written, read), 0)

    def _chunk_shape_at(self, chunks: list[str], k: int) -> _Chunk:
        return self._chunk_shapes.get(chunks[k]) or self._chunk_shape(chunks[k])

    def _chunk_phrase(self, chunks: list[str], k: int, phrases: list[tuple[str, ...]]
                      ) -> tuple[int, str] | None:
        """The last chunk and the key of the multi-word form that starts at the word of chunk
        k, as ``_resolve_in_context`` finds it (``(k, word)`` if none); ``None`` when a
        chunk it must read holds no word or several (the words are then not the chunks)."""
        first = self._chunk_shape_at(chunks, k)
        for words in phrases:
            previous = first
            for offset in range(1, len(words)):
                if k + offset >= len(chunks):
                    break
                shape = self._chunk_shape_at(chunks, k + offset)
                if shape.words != 1:
                    return None
                if shape.word.lower() != words[offset] or \
                        not _inline_space(previous.suffix + " " + shape.prefix):
                    break
                previous = shape
            else:
                return k + len(words) - 1, " ".join(words)
        return k, first.word.lower()

    def _following(self, chunks: list[str], k: int) -> str:
        """``_next_word``, quicker when the next chunk holds a word."""
        shape = self._chunk_shapes.get(chunks[k + 1]) or self._chunk_shape(chunks[k + 1])
        return shape.pieces[1] if shape.words else self._next_word(chunks, k + 1)

    def _next_word(self, chunks: list[str], k: int) -> str:
        """The word after the one of chunk k ("" at the end of the text)."""
        for position in range(k + 1, len(chunks)):
            shape = self._chunk_shapes.get(chunks[position]) or self._chunk_shape(
                chunks[position])
            if shape.words:
                return shape.pieces[1]
        return ""

    def _neighbour_masks(self, chunks: list[str], k: int, shape: _Chunk, info: _WordInfo
                         ) -> tuple[int, ...]:
        """``_chunk_masks`` for the word of chunk k (``shape``) alone."""
        if info.width != 1:
            return self._chunk_masks(chunks, k, k, info)
        # the usual case: a word between two chunks, their tokens next to it
        reads = info.chooser.reads  # type: ignore[union-attr]
        shapes = self._chunk_shapes
        before = shape.before or ((shapes.get(chunks[k - 1])
                                   or self._chunk_shape(chunks[k - 1])).masks if k else ())
        after = shape.after or ((shapes.get(chunks[k + 1]) or self._chunk_shape(
            chunks[k + 1])).masks if k + 1 < len(chunks) else ())
        return ((before[-1] if before else self._chunk_side(chunks, k, -1, 1)[0]) & reads[PREV],
                (after[0] if after else self._chunk_side(chunks, k, 1, 1)[0]) & reads[NEXT])

    def _chunk_masks(self, chunks: list[str], k: int, last: int, info: _WordInfo
                     ) -> tuple[int, ...]:
        """``_masks`` for the word (or multi-word form) of chunks k to ``last``."""
        return _read(info, self._chunk_side(chunks, k, -1, info.width),
                     self._chunk_side(chunks, last, 1, info.width))

    def _chunk_window(self, chunks: list[str], k: int, shape: _Chunk) -> tuple[int, ...]:
        """``_chunk_masks`` for the word of chunk k (``shape``), whose contexts read
        ``WINDOW`` tokens a side, in one go (the quick pass meets many such words)."""
        shapes = self._chunk_shapes
        start, end = self._boundaries
        tokens = shape.before
        position = k
        while len(tokens) < WINDOW and position:
            position -= 1
            tokens = (shapes.get(chunks[position]) or self._chunk_shape(chunks[position])
                      ).masks + tokens
        nearest = tokens[-1] if tokens else start
        left = 0 if len(tokens) >= WINDOW else start  # (the text's start is in the window)
        for mask in tokens[-WINDOW:]:
            left |= mask
        before = nearest
        tokens = shape.after
        position = k
        last = len(chunks) - 1
        while len(tokens) < WINDOW and position < last:
            position += 1
            tokens += (shapes.get(chunks[position]) or self._chunk_shape(chunks[position])
                       ).masks
        nearest = tokens[0] if tokens else end
        right = 0 if len(tokens) >= WINDOW else end
        for mask in tokens[:WINDOW]:
            right |= mask
        reads = shape.reads
        return before & reads[PREV], nearest & reads[NEXT], left & reads[LEFT], \
            right & reads[RIGHT]

    def _chunk_shape(self, chunk: str) -> _Chunk:
        """What the chunk path needs to know of a chunk (cached)."""
        pieces = self._split(chunk)  # strictly if the chunk itself asks for it (_chunk_entry)
        masks: list[int] = []
        for index, piece in enumerate(pieces):
            if index % 2:
                masks += self._word_masks.get(piece) or self._masks_of(piece)
            elif piece:
                found = self._separator_masks.get(piece)
                masks += self._separator_masks_of(piece) if found is None else found
        if len(pieces) == 3:
            prefix, word, suffix = pieces
            before = self._separator_masks.get(prefix) or self._separator_masks_of(prefix) \
                if prefix else ()
            after = self._separator_masks.get(suffix) or self._separator_masks_of(suffix) \
                if suffix else ()
            surface = self._surface_cache.get(word) or self._surface(word)
            own = surface.replacement
            info = surface.info
            shape = _Chunk(tuple(pieces), tuple(masks), 1, word.lower(), surface, word, prefix,
                           suffix, before, after, chunk if own is None else prefix + own + suffix,
                           surface.pairing,
                           surface.next_words, surface.complex, surface.removable, info.width,
                           info.chooser.reads if info.chooser is not None else (),
                           before[-1] if before else None, after[0] if after else None,
                           masks[0], masks[-1],
                           self._decided(word, surface, (0, 0)) if info.width == 1
                           and surface.complex and not surface.removable else None)
        else:
            shape = _Chunk(tuple(pieces), tuple(masks), len(pieces) // 2,
                           pieces[1].lower() if len(pieces) > 1 else "",
                           head=masks[0] if masks else None, tail=masks[-1] if masks else None)
        if len(self._chunk_shapes) > CACHE_SIZE:
            self._chunk_shapes.clear()
        self._chunk_shapes[chunk] = shape
        return shape

    def _parts_of(self, chunks: list[str]) -> list[str]:
        """The tokenizer's split of a text of chunks that need no split with the rest."""
        shapes = self._chunk_shapes
        parts = [""]
        for chunk in chunks:
            pieces = (shapes.get(chunk) or self._chunk_shape(chunk)).pieces
            parts[-1] += pieces[0]
            parts += pieces[1:]
            parts[-1] += " "
        parts[-1] = parts[-1][:-1]
        return parts

    def _chunk_side(self, chunks: list[str], k: int, direction: int, width: int
                    ) -> tuple[int, int]:
        """``_side`` for the word of chunk ``k``, which holds no other word: the tokens of
        its own prefix (suffix), then of the chunks before (after) it."""
        shapes = self._chunk_shapes
        shape = shapes.get(chunks[k]) or self._chunk_shape(chunks[k])
        if direction < 0:
            found = shape.before
            position = k - 1
            while len(found) < width and position >= 0:
                found = (shapes.get(chunks[position])
                         or self._chunk_shape(chunks[position])).masks + found
                position -= 1
            tokens = found[:-width - 1:-1]  # the nearest first
        else:
            found = shape.after
            position = k + 1
            while len(found) < width and position < len(chunks):
                found += (shapes.get(chunks[position])
                          or self._chunk_shape(chunks[position])).masks
                position += 1
            tokens = found[:width]
        boundary = self._boundaries[direction > 0]
        if len(tokens) < width:
            return (tokens[0] if tokens else boundary), reduce(or_, tokens, boundary)
        return tokens[0], reduce(or_, tokens)

    def _near_another(self, chunks: list[str], others: list[int], k: int, changed: int = -1,
                      last: int = -1) -> bool:
        """Whether the word of another of the chunks ``others`` is within ``WINDOW + 1``
        words of the one of chunk k (or of the multi-word form of chunks k to ``last``), as
        ``_quick_contexts`` and ``_may_differ`` count, and reads one of the mask bits
        ``changed`` (see ``_changed_bits``): the words that may read the word of chunk k
        otherwise in a new pass."""
        shapes = self._chunk_shapes
        last = max(k, last)
        for other in others:
            if k <= other <= last:
                continue
            shape = shapes.get(chunks[other]) or self._chunk_shape(chunks[other])
            chooser = shape.surface.info.chooser if shape.surface is not None else None
            if changed != -1 and (chooser is None or not chooser.reads_any & changed):
                continue
            words = 0  # between the two words, and the farther one
            near = k if other < k else last
            for position in range(min(other, near) + 1, max(other, near) + 1):
                words += (shapes.get(chunks[position])
                          or self._chunk_shape(chunks[position])).words
                if words > WINDOW + 1:
                    break
            else:
                return True
        return False

    def _chunks_may_form_phrase(self, chunks: list[str], values: list[str],
                                written: Iterable[tuple[int, _Pairing]],
                                outputs: Mapping[int, tuple[Any, ...]], merged: Collection[int]
                                ) -> bool:
        """``_may_form_phrase`` over the chunks, for the marked words that changed (chunk, and
        how its output may pair: ``_pairing``): no other may write a word of a multi-word
        form (see ``_chunk_entry``). The other words' outputs are read from ``values`` and
        ``outputs`` (see ``_neighbour_word``); a word merged into a multi-word form has none."""
        ends_of = self._ends.get
        # (the usual case, a neighbour with words and no other output, read at once)
        plain = not outputs and not merged
        last = len(values) - 1
        for k, pairing in written:
            if pairing is None:
                continue
            if pairing is True:
                return True
            firsts, seconds = pairing
            if firsts is not None:
                ends = ends_of(values[k - 1]) if plain and k else None
                if (ends[1] if ends else self._neighbour_word(
                        chunks, values, outputs, merged, k, -1)) in firsts:
                    return True
            if seconds is not None:
                ends = ends_of(values[k + 1]) if plain and k < last else None
                if (ends[0] if ends else self._neighbour_word(
                        chunks, values, outputs, merged, k, 1)) in seconds:
                    return True
        return False

    def _output_pairing(self, output: str, surface: _Surface | None) -> _Pairing:
        """How the output of a word (as written: ``surface``) may pair with its neighbours:
        that of its own replacement, else ``_pairing``."""
        if surface is not None and output == surface.replacement:
            return surface.pairing
        return self._pairing_of(output)

    def _pairing_of(self, output: str) -> _Pairing:
        """``_pairing``, cached."""
        pairing = self._pairings.get(output, False)  # (False: not seen yet)
        return self._pairing(output) if pairing is False else pairing

    def _pairing(self, output: str) -> _Pairing:
        """How an output may write a word of a multi-word form, for ``_may_form_phrase``
        (cached): ``None`` never, ``True`` whatever its neighbours, else the words that, as
        the last of the word before (first of the word after), would pair with it."""
        found: _Pairing = None
        if self._is_risky(output):
            tokens = output.lower().split()
            pairs = self._phrase_pairs
            if (len(tokens) > 1 and any(w in self._contextual_words for w in tokens)) or \
                    any(pair in pairs for pair in pairwise(tokens)):
                found = True
            elif pairs:  # (a risky output has words)
                firsts = frozenset(a for a, b in pairs if b == tokens[0])
                seconds = frozenset(b for a, b in pairs if a == tokens[-1])
                if firsts or seconds:
                    found = (firsts or None, seconds or None)
        if len(self._pairings) > CACHE_SIZE:
            self._pairings.clear()
        self._pairings[output] = found
        return found

    def _neighbour_word(self, chunks: list[str], values: list[str],
                        outputs: Mapping[int, tuple[Any, ...]], merged: Collection[int], k: int,
                        direction: int) -> str:
        """In lower case, the last word of the output before (``direction`` -1) the word of
        chunk k, or the first after it ("" if none, or merged into a multi-word form): read
        from ``outputs`` (by chunk, the output first: ``_chunk_process``'s changes), else
        from ``values``."""
        position = k + direction
        ends_of = self._ends.get
        while 0 <= position < len(chunks):
            if position in merged:
                return ""
            found = outputs.get(position)
            value = values[position] if found is None else found[0]
            ends = ends_of(value)
            if ends is None:
                ends = self._ends_of(value)
            if ends:
                return ends[direction < 0]
            position += direction
        return ""

    def _ends_of(self, output: str) -> tuple[str, ...]:
        """The first and the last word of an output in lower case, or none (cached)."""
        words = (_SPLIT_ASCII if output.isascii() else _SPLIT).split(output)[1::2]
        ends = (words[0].lower(), words[-1].lower()) if words else ()
        if len(self._ends) > CACHE_SIZE:
            self._ends.clear()
        self._ends[output] = ends
        return ends

    def _may_form_phrase(self, words: list[str], replaced: list[str]) -> bool:
        """Whether a replacement wrote a word of a multi-word form, which a new pass
        might now complete (``sm sama`` -> ``sama sama`` -> ``sama-sama``)."""
        for k, (new, old) in enumerate(zip(replaced, words, strict=True)):
            if new == old or not new:
                continue
            pairing = self._output_pairing(new, self._surface(old))
            if pairing is None:
                continue
            if pairing is True:
                return True
            firsts, seconds = pairing
            before = replaced[k - 1].lower().split()[-1:] if k else []
            after = replaced[k + 1].lower().split()[:1] if k + 1 < len(replaced) else []
            if (firsts is not None and before and before[0] in firsts) or (
                    seconds is not None and after and after[0] in seconds):
                return True
        return False

    def _is_risky(self, output: str) -> bool:
        """Whether an output could pair with a neighbour into a multi-word form, or holds
        several words of which one reads its neighbours (checked once per output)."""
        written = output.lower().split()
        if len(written) > 1 and any(w in self._contextual_words for w in written):
            return True
        return any(w in self._pair_words for w in written)

    def _quick_contexts(self, parts: list[str], words: list[str], replaced: list[str]
                        ) -> tuple[list[str], bool, bool] | None:
        """Resolve words that read one neighbour a side from a cache of decisions keyed by
        the word and those two neighbours: their outputs, whether a new pass could read
        them otherwise, and whether one may pair with a neighbour into a multi-word form;
        ``None`` when a word needs the full path."""
        out = list(replaced)
        marked = [k for k, value in enumerate(replaced) if value is _NEIGHBOURS]
        surfaces = self._surface_cache
        quick = self._quick
        unstable = risky = False
        last_word = len(words) - 1
        surface_of = self._surface  # the caches are cleared apart: fall back when one misses
        word_masks = self._word_masks
        masks_of = self._masks_of
        for k in marked:
            word = words[k]
            surface = surfaces.get(word) or surface_of(word)
            if surface.removable or (surface.next_words is not None and k < last_word
                                     and words[k + 1].lower() in surface.next_words):
                return None  # a removal or a multi-word form: the full path
            index = 2 * k + 1
            info = surface.info
            if info.width == 1:
                # the usual case, a word between two words and single spaces, inline
                reads = info.chooser.reads  # type: ignore[union-attr]
                key: tuple[str | int, ...] = (
                    word,
                    (word_masks.get(words[k - 1]) or masks_of(words[k - 1]))[-1] & reads[PREV]
                    if k and parts[index - 1] == " "
                    else self._side(parts, index, -1, 1)[0] & reads[PREV],
                    (word_masks.get(words[k + 1]) or masks_of(words[k + 1]))[0] & reads[NEXT]
                    if k < last_word and parts[index + 1] == " "
                    else self._side(parts, index, 1, 1)[0] & reads[NEXT])
            else:
                key = (word, *self._masks(parts, index, index, info))
            decided = quick.get(key)
            if decided is None:
                decided = self._decided(word, surface, key[1:])  # type: ignore[arg-type]
                if decided is None:
                    return None
            out[k] = decided.output
            risky = risky or decided.risky
            if not unstable:
                unstable = decided.unsettled or (decided.by_context and any(
                    other != k and abs(other - k) <= WINDOW + 1 for other in marked))
        return out, unstable, risky

    def _decided(self, word: str, surface: _Surface, masks: tuple[int, ...]
                 ) -> _Decision | None:
        """What a word that reads its neighbours becomes between neighbours with these masks
        (cached); ``None`` for a removal (the full path). The word must start no multi-word
        form with the word after it."""
        chosen = self._choose(word.lower(), surface.info, masks)
        edit = self._edit(word, surface, surface.info, chosen, 0)
        if edit is None:
            decided = _Decision(word, False, False, False, None)
        elif isinstance(edit, _Meta):
            output = surface.replacement or word
            decided = _Decision(output, False, self._is_risky(output), False, edit,
                                pairing=surface.pairing)
        elif edit.removed or edit.result is None:
            return None
        else:  # a sense chosen by context: a new pass may read it otherwise
            result = edit.result
            output = match_case(word, result.text)
            meta = _edit_meta(edit, result)
            decided = _Decision(output, edit.step == "context", self._is_risky(output),
                                not self._settled(output, paired=True)
                                and not self._stays(output, surface.info, masks),
                                None if output == word else meta,
                                self._changed_bits(word, output),
                                None if output == word else self._pairing_of(output))
        if len(self._quick) > CONTEXT_CACHE_SIZE:
            self._quick.clear()
        self._quick[(word, *masks)] = decided
        return decided

    def _stays(self, output: str, info: _WordInfo, masks: tuple[int, ...]) -> bool:
        """Whether a new pass leaves the output of a word (``info``) chosen by context between
        these masks as it is, although it reads its neighbours (``sing`` -> ``yang``): the
        output decides between the same masks by bits the word read too, and none of its
        own contexts holds there."""
        if " " in output:
            return False
        lower = output.lower()
        found = self._surface(output)
        own = found.info.chooser
        if own is None or found.replacement is not None or found.removable or any(
                bits & ~read for bits, read in zip(own.reads, info.chooser.reads,  # type: ignore[union-attr]
                                                   strict=True)):
            return False
        return self._choose(lower, found.info, masks) == -1

    def _phrase_starts(self, words: list[str], replaced: list[str]) -> list[str]:
        """Resolve the ``_PHRASE`` marks: ``_NEIGHBOURS`` when the next word may continue
        a multi-word form, else the word's own replacement."""
        out = list(replaced)
        last = len(words) - 1
        for k, value in enumerate(replaced):
            if value is _PHRASE:
                surface = self._surface_cache.get(words[k]) or self._surface(words[k])
                assert surface.next_words is not None
                if k < last and words[k + 1].lower() in surface.next_words:
                    out[k] = _NEIGHBOURS
                else:
                    out[k] = surface.replacement or words[k]
        return out

    def _changed_bits(self, word: str, output: str) -> int:
        """The mask bits on which neighbours see ``output`` otherwise than ``word`` (-1 when
        it has another number of tokens): only a neighbour that reads one of them may
        decide otherwise in a new pass."""
        masks = self._word_masks
        before = masks.get(word) or self._masks_of(word)
        after = masks.get(output) or self._masks_of(output)
        if len(before) != len(after):
            return -1
        return reduce(or_, map(xor, before, after), 0)

    def _settled(self, output: str, paired: bool = False, read: Iterable[str] = ()) -> bool:
        """Whether a new pass leaves the words of an output as they are on their own: none
        changes, reads its neighbours or may start a multi-word form (``lagi`` -> ``sedang``
        is settled; ``sing`` -> ``yang``, which reads its neighbours, is not).

        With ``paired`` (the caller checks how the output pairs with its neighbours, see
        ``_pairing``, and the output of one word reads to its neighbours as that word did),
        a word that may start a multi-word form but stays as it is on its own is settled
        too: it starts one only with a word it pairs with. So is an output of one word that
        reads its neighbours whose senses the word that wrote it has read already
        (``read``: ``_word_info`` takes the senses of the forms a word becomes)."""
        words = output.split()
        for word in words:
            found = self._fast.get(word) or self._fast_entry(word)
            if found == word:
                continue
            surface = self._surface(word)
            if surface.replacement is not None or surface.removable or not paired:
                return False
            if found is _NEIGHBOURS and not (len(words) == 1 and word.lower() in read):
                return False
        return True

    def _fast_entry(self, word: str) -> str:
        """A word's replacement out of context, itself, or a mark (cached):
        ``_NEIGHBOURS`` when it needs them, ``_PHRASE`` when it may start a multi-word form."""
        surface = self._surface(word)
        value = _NEIGHBOURS if surface.complex else _PHRASE if surface.next_words is not None \
            else surface.replacement if surface.replacement is not None else word
        if len(self._fast) > CACHE_SIZE:
            self._fast.clear()
            self._risky_words.clear()
        if surface.pairing is not None:
            self._risky_words.add(word)
        self._fast[word] = value
        return value

    def explain(self, text: str) -> Explanation:
        """The normalized text and the list of changes that lead to it."""
        source = text if text.__class__ is str else _check_text(text)
        explained, outputs = self._run(source)
        text, changes = explained.text, explained.changes
        lowered = text.lower()
        capitals = lowered != text
        if capitals and changes and source.lower() == source:  # as in normalize
            text, outputs, capitals = lowered, None, False
            changes = tuple(c._replace(replacement=c.replacement.lower()) for c in changes)
        if self._join_reduplications:
            found = self._reduplications(text, outputs, capitals)
            if found:  # as in normalize: the joined word is a new neighbour to read
                changes = compose(changes, found, source, text) if changes else found
                text = apply_changes(text, found)
                again = self.explain(text)
                if again.changes:
                    changes = compose(changes, again.changes, source, text)
                    text = again.text
        if text is explained.text:
            return explained
        return Explanation(source, text, changes)

    def _reduplications(self, text: str, outputs: list[str] | None, capitals: bool
                        ) -> tuple[Change, ...]:
        """Changes joining the reduplications written apart in ``text``, if any. Only words
        between single spaces count (``orang, orang`` is a list); the same word in other case
        counts (``Orang orang``), if the text has ``capitals``.

        Most texts hold no word twice in a row, and this runs on every text: ``outputs``,
        the outputs of its chunks when the chunk path made it, are its words unless one
        holds a space; they are cached strings, whose hashes are known, and a set tells
        quickest that none comes twice. The new strings of a split are compared with their
        neighbours instead (hashing them costs more)."""
        if outputs is not None and text.count(" ") < len(outputs):
            if not capitals and len({*outputs}) == len(outputs):
                return ()
            words = outputs
        else:
            words = text.split(" ")
        if not _twice_in_a_row(text.lower().split(" ") if capitals else words):
            return ()
        starts = list(accumulate((len(w) + 1 for w in words), initial=0))
        changes = []
        for index in spaced_pairs(words, self._reduplicable):
            first, second = words[index], words[index + 1]
            start, end = starts[index], starts[index + 1] + len(second)
            changes.append(Change(start, end, f"{first} {second}", f"{first}-{second}",
                                  "spaced_reduplication", "", "reduplication",
                                  ("spaced_reduplication",)))
        return tuple(changes)

    def _reduplicable(self, word: str) -> bool:
        """An Indonesian word that may reduplicate: not a particle, a negation, a function
        word or English."""
        return len(word) >= MIN_REDUPLICATED and word.isalpha() and word in self._attested \
            and word not in self._english and word not in self._particles \
            and word not in NEGATIONS and word not in self._function_words \
            and f"{word}-{word}" not in self._senses

    def normalize_batch(self, texts: Iterable[str]) -> list[str]:
        """Normalize many texts (the word cache is shared between them)."""
        return [self.normalize(t) for t in texts]

    def normalize_tokens(self, tokens: Sequence[str]) -> list[str]:
        """One output per input token; a token merged into its neighbour gives ``""``.

        For token-aligned evaluation (MultiLexNorm): a multi-word form spread
        over several tokens (``ga pa pa``) is replaced in the first and empties
        the others; one token may become several words (``gpp``).
        """
        if isinstance(tokens, str):
            raise TypeError("normalize_tokens takes a list of tokens; use normalize() for text")
        items = [_check_text(t) for t in tokens]
        parts, owner = [""], {}
        for index, token in enumerate(items):
            if word_kind(token) == WORD and " " not in token:
                if len(parts) % 2 == 0:
                    parts.append(" ")
                owner[len(parts)] = index
                parts.append(token)
            else:
                if len(parts) % 2 == 0:
                    parts.append("")
                parts[-1] += f" {token} "
        if len(parts) % 2 == 0:
            parts.append("")
        out, edits, _ = self._process(parts)
        outputs = list(items)
        for index, edit in edits.items():
            outputs[owner[index]] = out[index]
            if isinstance(edit, _Edit):  # a multi-word form empties the tokens it merged
                for merged in range(index + 2, edit.last + 1, 2):
                    outputs[owner[merged]] = ""
        if self.config.spaced_reduplication:
            for index in spaced_pairs(outputs, self._reduplicable):
                outputs[index] = f"{outputs[index]}-{outputs[index + 1]}"
                outputs[index + 1] = ""
        if all(_no_capitals(t) for t in items):
            outputs = [o.lower() for o in outputs]
        return outputs

    def __repr__(self) -> str:
        changed = {k: v for k, v in self.config.as_dict().items()
                   if v != getattr(NormalizerConfig(), k)}
        options = "".join(f", {k}={v!r}" for k, v in changed.items())
        return f"Normalizer({self.lexicon!r}{options})"

    def __getstate__(self) -> dict[str, Any]:
        return {"config": self.config, "lexicon": self.lexicon}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.config = state["config"]
        self.lexicon = state["lexicon"]
        self._build()

    # -- setting up ------------------------------------------------------------------------------

    def _build(self) -> None:
        config = self.config
        senses = self.lexicon.senses(include_proposed=config.include_proposed) \
            if config.lexicon else {}
        self._senses: dict[str, tuple[_Sense, ...]] = {
            key: tuple(_Sense(parse_context(e.context) if e.context else None, e) for e in group)
            for key, group in senses.items()
        }
        phrases: dict[str, list[tuple[str, ...]]] = {}
        for key in self._senses:
            words = tuple(key.split(" "))
            if len(words) > 1:
                phrases.setdefault(words[0], []).append(words)
        self._phrases = {k: sorted(v, key=len, reverse=True) for k, v in phrases.items()}
        # a replacement that writes one of these pairs may complete a multi-word form
        # ("sm sama" -> "sama sama" -> "sama-sama")
        self._phrase_pairs = frozenset(pair for options in phrases.values() for p in options
                                       for pair in pairwise(p))
        self._pair_words = frozenset(w for pair in self._phrase_pairs for w in pair)
        self._ends: dict[str, tuple[str, ...]] = {}  # see _ends_of
        self._risky_words: set[str] = set()  # words whose own replacement is risky
        # ... and a word that a rule wrote inside several ("lagikalo" -> "lagi kalau") reads
        # its neighbours only on the next pass
        self._contextual_words = frozenset(
            key for key, group in self._senses.items() if any(s.context for s in group))
        # What the normalizer writes counts as known, so that its output stays as
        # it is; colloquial spellings only when normalizing to the colloquial level.
        targets: set[str] = set()
        for group in senses.values():
            for entry in group:
                targets.update(entry.formal.lower().split())
                if config.level == "colloquial":
                    targets.update(entry.target("colloquial").lower().split())
        self._join_reduplications = config.spaced_reduplication
        # words the lexicons only ever write as function words (prepositions, pronouns,
        # conjunctions...): written twice, they are a stutter, not a reduplication
        classes: dict[str, set[str]] = {}
        for group in senses.values():
            for entry in group:
                if entry.pos and " " not in entry.formal:
                    classes.setdefault(entry.formal.lower(), set()).add(entry.pos)
        self._function_words = frozenset(
            word for word, tags in classes.items() if tags <= FUNCTION_CLASSES)
        self._particles = frozenset(
            e.formal.lower() for group in senses.values() for e in group
            if e.category == "particle")
        keep = {key for key, group in senses.items() if any(e.category == "keep" for e in group)}
        self._lexicon_words = frozenset(targets | keep | self._particles)
        # spaCy's word list has some colloquial words (banget, bikin): a form the lexicon
        # rewrites is not a formal word, nor a root of one
        rewritten = {key for key, group in senses.items()
                     if any(e.is_default and e.changes_form for e in group)}
        self._attested = (indonesian_words() | targets) - rewritten
        self._rewritten = frozenset(rewritten)
        self._known_words = self._attested | keep | self._particles
        # English for '@en' and for leaving English words to themselves: not also Indonesian
        indonesian: set[str] = set(indonesian_words())
        for key, group in senses.items():
            for entry in group:
                if entry.region != "english":
                    indonesian.add(key)
                    indonesian.update(entry.formal.lower().split())
        self._english = english_words() - indonesian - self._particles
        self._lemmas = indonesian_lemmas()
        self._conditions = ConditionIndex(
            (s.context for group in self._senses.values() for s in group if s.context),
            self._in_class, CACHE_SIZE)
        self._rules = [RULES[name] for name in config.enabled_rules() if name in RULES
                       and not (config.level == "colloquial" and name in REGISTER_RULES)]
        self._cache: dict[str, _WordInfo] = {}
        self._surface_cache: dict[str, _Surface] = {}
        self._fast: dict[str, str] = {}
        self._chunks: dict[str, str] = {}  # chunks between spaces (see _chunk_entry)
        self._chunk_shapes: dict[str, _Chunk] = {}
        self._pairings: dict[str, _Pairing] = {}
        self._phrase_edits: dict[tuple[str, ...], _Phrase | None] = {}
        self._edits: dict[str, _ChunkEdits] = {}
        # a decision: the output, whether it was a sense chosen by context, and whether
        # it may pair with its neighbours into something a new pass reads otherwise
        self._quick: dict[tuple[str | int, ...], _Decision] = {}
        # the sense chosen, keyed by the form and the masks of its neighbours (the bits it reads)
        self._decisions: dict[tuple[str | int, ...], int] = {}
        self._word_masks: dict[str, tuple[int, ...]] = {}
        self._separator_masks: dict[str, tuple[int, ...]] = {}
        self._boundaries = (self._conditions.mask(START), self._conditions.mask(END))
        self._resolve_cache: dict[tuple[str, frozenset[str], str], Resolved | None] = {}
        self._known_cache: dict[str, bool] = {}

    # -- the word level --------------------------------------------------------------------------

    def known(self, word: str) -> bool:
        """A formal or English word, a kept form, or a regular affixed form of a known root."""
        cached = self._known_cache.get(word)
        if cached is not None:
            return cached
        if word in self._known_words or word in self._english:
            result = True
        elif len(word) > MAX_RULE_WORD or self.locative(word) is not None:
            result = False
        elif "-" in word:
            parts = [p for p in word.split("-") if p]
            result = bool(parts) and all(self.known(p) for p in parts)
        else:
            # a regular form of a known root, unless part of it is a form the lexicon
            # rewrites ("jamannya" is "jaman" + "-nya", not "jam" + "-an" + "-nya")
            stems = analyses(word)
            result = stems.isdisjoint(self._rewritten) and any(
                stem != word and stem in self._attested for stem in stems)
        if len(self._known_cache) > CACHE_SIZE:
            self._known_cache.clear()
        self._known_cache[word] = result
        return result

    def attested(self, word: str) -> bool:
        """Listed in a word list or as a lexicon target (not merely regular)."""
        return word in self._attested

    def common(self, word: str) -> bool:
        """A known word or lexicon form that is common in written Indonesian."""
        return (word in self._lexicon_words or word in self._attested or word in self._senses) \
            and word not in self._english and word_frequency(word) >= COMMON_WORD

    def frequency(self, word: str) -> float:
        """How often a word occurs in written Indonesian (wordfreq)."""
        return word_frequency(word)

    def seen(self, word: str) -> bool:
        """Listed, or at least found in wordfreq's Indonesian list: a word people write."""
        return word in self._attested or word_frequency(word) > 0.0

    def lemma(self, word: str) -> str | None:
        """The lemma of a listed inflected form."""
        return self._lemmas.get(word)

    def resolve(self, word: str, exclude: frozenset[str] = frozenset(),
                level: str = "formal") -> Resolved | None:
        """A word's form out of context through lexicon and rules (``None``: unchanged)."""
        key = (word, exclude, level)
        if key in self._resolve_cache:
            return self._resolve_cache[key]
        result = self._resolve_uncached(word, exclude, level)
        if len(self._resolve_cache) > CACHE_SIZE:
            self._resolve_cache.clear()
        self._resolve_cache[key] = result
        return result

    def root(self, word: str, exclude: frozenset[str]) -> Resolved | None:
        """The formal root of a colloquial root, for the affix rules."""
        if word in self._senses:
            resolved = self.resolve(word, exclude)
            if resolved is None:
                return Resolved(word, "", ()) if self.attested(word) else None
            text = resolved.text
            return Resolved(self._lemmas.get(text, text), resolved.entry, resolved.trace)
        if self.attested(word):
            return Resolved(word, "", ())
        resolved = self.resolve(word, exclude)
        if resolved is None or " " in resolved.text:
            return None
        return Resolved(self._lemmas.get(resolved.text, resolved.text), resolved.entry,
                        resolved.trace)

    def _lexicon_default(self, word: str, level: str) -> tuple[bool, Resolved | None]:
        """(listed, resolution) for a lexicon form; the resolution is None when it stays."""
        group = self._senses.get(word)
        if group is None:
            return False, None
        for sense in group:
            entry = sense.entry
            if entry.category == "keep":
                return True, None
        for sense in group:
            if sense.context is None:
                entry = sense.entry
                if not entry.changes_form:
                    return True, None
                return True, Resolved(entry.target(level), entry.id, ("lexicon",))
        return True, None

    def _resolve_uncached(self, word: str, exclude: frozenset[str],
                          level: str) -> Resolved | None:
        listed, resolved = self._lexicon_default(word, level)
        if listed:
            return resolved
        if self.known(word) or (self.config.laughter and is_laughter(word)):
            return None
        if len(exclude) >= MAX_CHAIN or " " in word or len(word) > MAX_RULE_WORD:
            return None
        for rule in self._rules:
            if rule.name in exclude or (level == "colloquial" and rule.name in REGISTER_RULES):
                continue
            excluded: frozenset[str] | None = None  # (made for the first candidate)
            via_lexicon = rule.name not in RESPELLING_RULES
            for candidate in rule.candidates(word, self):
                text = candidate.text
                if rule.name == "repeated_letters" and len(text) < 3 and \
                        text not in self._lexicon_words:
                    continue  # "uuuu" is no "u" (-> kamu) nor "uu", "kkk" no "k"
                if not via_lexicon and text not in self._attested and \
                        text not in self._senses and " " not in text:
                    continue  # a respelling lands on a listed word (see _accept): most do not
                if excluded is None:
                    excluded = exclude | {rule.name}
                accepted = self._accept(candidate, excluded, level, via_lexicon=via_lexicon)
                if accepted is None or accepted.text == word:
                    continue
                trace = (rule.name, *candidate.trace, *accepted.trace)
                # an entry vouches for the part a composing rule took apart ("jaman" ->
                # "zaman" in "jamannya"); otherwise the result must be clearly commoner
                if (rule.name in COMPOSING_RULES and "lexicon" in trace) or \
                        self._clearly_commoner(accepted.text, word):
                    return Resolved(accepted.text, candidate.entry or accepted.entry, trace)
        return None

    def _clearly_commoner(self, result: str, word: str) -> bool:
        """A rule changes a word only into a clearly commoner one.

        A colloquial spelling is much rarer in written Indonesian than its
        standard form (``bener`` against ``benar``); a real word that merely looks
        like one is not (``paket`` is no colloquial ``pakat``, ``resi`` no
        ``rasi``). Frequencies come from wordfreq's Indonesian list; a word never
        seen there, or with a digit (``anak2``, ``s4y4``), may change.
        """
        if any(ch.isdigit() for ch in word):
            return True
        seen = word_frequency(word)
        return seen == 0.0 or word_frequency(result) >= seen * COMMONER

    def category(self, entry_id: str) -> str:
        """The category of a lexicon entry (for rules that trust only some kinds)."""
        return self._category(entry_id)

    def locative(self, word: str) -> tuple[str, str] | None:
        """``("di", "rumah")`` for a preposition written onto a noun (``dirumah``).

        The passive prefix di- takes verbs, which also take meN- (``dimakan``,
        ``memakan``); a word after di- or ke- that takes no meN- is a place or a
        thing, and the preposition belongs apart (``di rumah``, ``ke pasar``).
        """
        if not word.startswith(("di", "ke")):  # (most words: asked of every new one)
            return None
        for preposition in ("di", "ke"):
            rest = word[len(preposition):]
            if not word.startswith(preposition) or len(rest) < 3 or word in self._attested:
                continue
            if rest in self._english or rest in self._senses or not (
                    rest in self._attested or word_frequency(rest) >= LOCATIVE_FREQUENCY):
                continue  # the noun must be a formal word as written ("keran" is no "ke ran")
            if self.seen(men(rest)):  # a verb: passive di-, colloquial ke- ("dikumpul")
                return None
            if word_frequency(word) * LOCATIVE_RATIO > word_frequency(rest):
                return None  # a word of its own, about as common ("kelereng", "ketan")
            return preposition, rest
        return None

    def _accept(self, candidate: Candidate, exclude: frozenset[str], level: str,
                via_lexicon: bool = True) -> Resolved | None:
        """A candidate's final form when it is acceptable, else ``None``.

        Without ``via_lexicon`` the candidate must itself be a known word: a sound
        change does not lead into another informal form (``udang`` is no ``hudang``).
        """
        text = candidate.text
        if candidate.entry and via_lexicon and "-" in text:
            return Resolved(text, "", ())  # a reduplication an entry vouches for: "cumi-cuminya"
        if " " in text:  # several words: each known, or at least common ("di dapur")
            return Resolved(text, "", ()) if all(
                self.known(w) or word_frequency(w) >= LOCATIVE_FREQUENCY for w in text.split()
            ) else None
        listed, resolved = self._lexicon_default(text, level)
        if listed:
            if resolved is not None and not via_lexicon:
                return None
            return resolved or Resolved(text, "", ())
        if not via_lexicon:  # a respelling must land on a listed word, not a merely regular one
            return Resolved(text, "", ()) if text in self._attested else None
        if self.known(text):
            return Resolved(text, "", ())
        return self.resolve(text, exclude, level)

    def _word_info(self, word: str) -> _WordInfo:
        """Everything about a lower-case word (or multi-word form) out of context."""
        info = self._cache.get(word)
        if info is not None:
            return info
        level = self.config.level
        result = self.resolve(word, frozenset(), level)
        formal = result if level == "formal" else self.resolve(word, frozenset(), "formal")
        form = formal.text.lower() if formal is not None else word
        # the word's own senses, then those of the form it becomes: normalizing the output
        # again must not pick a sense that this pass did not consider
        group = self._senses.get(word, ())
        contextual = tuple(s for s in group if s.context is not None) if group else ()
        # (and at the colloquial level those of the output, which a new pass reads: in this
        # order, which decides between senses whose contexts both hold)
        output = result.text.lower() if result is not None else word
        if form != word or output != word:  # (most words seen first stay as they are)
            for written in dict.fromkeys((form, output)):
                if written != word:
                    contextual += tuple(s for s in self._senses.get(written, ())
                                        if s.context is not None)
        role = ""
        if group and any(s.entry.category == "keep" for s in group):
            role = "keep"
        elif (result.text if result else word) in self._particles:
            role = "particle"
        elif self.config.laughter and is_laughter(word):
            role = "laughter"
        category = ""
        if result is not None:
            step = result.trace[0] if result.trace else "lexicon"
            category = RULES[step].category if step in RULES else self._category(result.entry)
        width, chooser = 0, None
        if contextual:
            contexts = [s.context for s in contextual if s.context is not None]
            width = max(c.width for c in contexts)
            chooser = self._conditions.chooser(contexts)
        info = _WordInfo(result, form, contextual, category, role, width, chooser)
        if len(self._cache) > CACHE_SIZE:
            self._cache.clear()
        self._cache[word] = info
        return info

    def _category(self, entry_id: str) -> str:
        entry = self.lexicon.get(entry_id)
        return entry.category if entry is not None else ""

    # -- the text level --------------------------------------------------------------------------
    #
    # A text is handled as ``parts``: separators and words alternating, starting and ending
    # with a separator (``["", "Gk", " ", "tau", "!"]``). Only words change; separators hold
    # spaces, punctuation and everything the tokenizer protects (URLs, mentions, emoji...).
    # Most words need nothing but a cached look-up by their exact spelling; the few that
    # depend on their neighbours (senses with contexts, multi-word forms, removals) are
    # handled after that.

    def _run(self, text: str, split: bool = False
             ) -> tuple[Explanation, list[str] | None]:
        """``explain`` before the whole-text steps, and the outputs of the text's chunks
        when the chunk path alone made it (as ``_normalize_words``); with ``split``, over
        the tokenizer's split alone (the reference the chunk path must agree with: the
        tests compare them)."""
        source = text
        current: tuple[Change, ...] = ()
        look_up = self._chunks.get
        outputs = None
        for _ in range(MAX_PASSES):
            chunks = text.split(" ")  # as in normalize
            values: list[str] = [_WHOLE] if split else \
                list(map(look_up, chunks))  # type: ignore[arg-type]
            try:
                joined = " ".join(values)
            except TypeError:  # a chunk seen for the first time (None)
                values = self._fill(chunks, values)
                joined = " ".join(values)
            whole = _WHOLE in joined
            step: tuple[str, bool, tuple[Change, ...]] | None = None
            outputs = values
            if _MARK_CHAR not in joined:  # every chunk on its own
                step = joined, False, self._chunk_changes(text, chunks, values, {}, ())
            elif not whole:  # as in normalize: the quick pass, else the chunks processed
                changed: dict[int, tuple[str, _Meta, int, _Chunk]] = {}
                quick = self._chunk_quick(chunks, values, changed)
                if quick is not None:
                    new_text, unstable, merged = quick
                    step = (new_text, unstable,
                            self._chunk_changes(text, chunks, values, changed, merged))
                    if merged:
                        outputs = None
                else:
                    outputs = None
                    values = list(map(look_up, chunks))  # type: ignore[arg-type]
                    step = None if None in values else \
                        self._chunk_process(text, chunks, values)
            else:
                outputs = None
            if step is None:  # the full path, over the tokenizer's split
                parts = self._split(text) if whole else self._parts_of(chunks)
                out, edits, unstable = self._process(parts)
                found = _changes(parts, out, edits)
                new_text = "".join(out)
            else:
                new_text, unstable, found = step
            if not found:
                break
            current = found if not current else compose(current, found, source, text)
            text = new_text
            if not unstable:
                break
        return tuple.__new__(Explanation, (source, text, current)), outputs

    def _split(self, text: str) -> list[str]:
        found = _one_word(text)
        if found:
            return found
        # what may hold a URL, an e-mail address, a mention, a hashtag or an emoticon with
        # letters needs the full tokenizer (plain substring tests: the fastest check there is)
        if "@" in text or "#" in text or "_" in text or ":" in text or ";" in text \
                or "=" in text or "/" in text:  # (the same as _STRICT_MARKS)
            return self._split_tokens(text)
        parts: list[str] = (_SPLIT_ASCII if text.isascii() else _SPLIT).split(text)
        if "." in text and "." in parts[2:-1:2]:  # word.word: perhaps a domain
            return self._split_tokens(text)
        return parts

    def _split_tokens(self, text: str) -> list[str]:
        """``parts`` for text that may hold URLs, mentions, emoticons...: those go whole
        into separators, and the text between them is split as usual."""
        parts = [""]
        cursor = 0
        split = (_SPLIT_ASCII if text.isascii() else _SPLIT).split
        pattern = special_pattern(text)
        for match in pattern.finditer(text) if pattern is not None else ():
            if match.lastgroup == "dotted" and not is_web_address(match.group()):
                continue  # "dll.dsb", "2.500": plain words and punctuation
            gap: list[str] = split(text[cursor:match.start()])
            parts[-1] += gap[0]
            parts += gap[1:]
            parts[-1] += match.group()
            cursor = match.end()
        gap = split(text[cursor:])
        parts[-1] += gap[0]
        parts += gap[1:]
        return parts

    def _surface(self, word: str) -> _Surface:
        """What a word written exactly so becomes out of context (cached)."""
        found = self._surface_cache.get(word)
        if found is not None:
            return found
        lower = word.lower()
        # a number stays, and contexts see it as itself ("@num")
        info = self._word_info(lower) if _LETTER.search(word) else \
            _WordInfo(None, lower, (), "", "")
        config = self.config
        result = info.result
        replacement = match_case(word, result.text) if result is not None else None
        removable = (info.role == "particle" and config.drop_particles) or (
            info.role == "laughter" and config.drop_laughter)
        phrases = self._phrases.get(lower)
        own = None if replacement == word else replacement
        found = _Surface(own, info, bool(info.senses) or removable, removable,
                         frozenset(p[1] for p in phrases) if phrases else None,
                         _meta(result, info.category))
        if own is not None:  # (completed once cached: a word of the output may be this one)
            self._surface_cache[word] = found
            found.pairing = self._pairing_of(own) if self._settled(
                own, paired=True, read=(info.formal, own.lower())) else True
        if len(self._surface_cache) > CACHE_SIZE:
            self._surface_cache.clear()
        self._surface_cache[word] = found
        return found

    def _process(self, parts: list[str], explain: bool = True
                 ) -> tuple[list[str], dict[int, _Edit | _Meta], bool]:
        """The output parts, the edits by word index, and whether a new pass could differ.

        Without ``explain``, edits of plain words are only marked (the hot path).
        """
        out = list(parts)
        edits: dict[int, _Edit | _Meta] = {}
        pending = []
        cache = self._surface_cache
        surface = self._surface
        size = len(parts)
        for index in range(1, size, 2):
            word = parts[index]
            found = cache.get(word) or surface(word)
            if found.complex or (found.next_words is not None and index + 2 < size
                                 and parts[index + 2].lower() in found.next_words):
                pending.append(index)
            elif found.replacement is not None:
                out[index] = found.replacement
                edits[index] = found.meta if explain else _MARK
        unstable = self._resolve_pending(parts, out, edits, pending)
        if not unstable and edits:
            unstable = self._may_form_phrase(parts[1::2], out[1::2])
        return out, edits, unstable

    def _resolve_pending(self, parts: list[str], out: list[str],
                         edits: dict[int, _Edit | _Meta], pending: Iterable[int]) -> bool:
        """Resolve the words that need their neighbours, in place; True if a pass could differ."""
        unstable = False
        skip_until = 0
        for index in pending:
            if index <= skip_until:
                continue
            last, edit = self._resolve_in_context(parts, index)
            skip_until = last
            if edit is None:
                continue
            if isinstance(edit, _Meta):  # the word's own change, as out of context
                out[index] = self._surface(parts[index]).replacement or parts[index]
                edits[index] = edit
                continue
            if not unstable and (edit.step in ("context", "particles", "laughter")
                                 or last > index):
                unstable = self._may_differ(edit, index, pending)
            replacement = "" if edit.removed else match_case(parts[index], edit.result.text) \
                if edit.result is not None else parts[index]
            if replacement == " ".join(parts[index:last + 1:2]) and last == index:
                continue
            out[index] = replacement
            for merged in range(index + 1, last + 1):
                out[merged] = ""
                edits.pop(merged, None)
            if edit.removed:
                edit = self._swallow_space(parts, out, index, edit)
            edits[index] = edit
        return unstable

    def _may_differ(self, edit: _Edit, index: int, pending: Iterable[int]) -> bool:
        """Whether a second pass could read this change differently: it is near another
        word that reads its neighbours (a multi-word form reads to them as its output,
        not as its words), or what it wrote is not settled (``_settled``)."""
        if edit.result is not None and not self._settled(edit.result.text):
            return True
        reach = 2 * WINDOW + 2
        return any(index - reach <= other < index or edit.last < other <= edit.last + reach
                   for other in pending)

    def _resolve_in_context(self, parts: list[str], index: int
                            ) -> tuple[int, _Edit | _Meta | None]:
        """Resolve a word that depends on its neighbours; returns the last part it covers."""
        word = parts[index]
        last, key = index, word.lower()
        phrases = self._phrases.get(key)
        if phrases is not None:
            for words in phrases:
                end = index + 2 * (len(words) - 1)
                if end < len(parts) and all(
                    parts[index + 2 * k].lower() == words[k]
                    and _inline_space(parts[index + 2 * k - 1]) for k in range(1, len(words))
                ):
                    last, key = end, " ".join(words)
                    break
        surface = None
        if last == index:
            surface = self._surface_cache.get(word) or self._surface(word)
            info = surface.info
        else:
            info = self._word_info(key)
        chosen = -1 if info.chooser is None else \
            self._choose(key, info, self._masks(parts, index, last, info))
        return last, self._edit(word, surface, info, chosen, last)

    def _edit(self, word: str, surface: _Surface | None, info: _WordInfo, chosen: int,
              last: int) -> _Edit | _Meta | None:
        """What a word (with its ``surface``) or a multi-word form (``info``, up to part
        ``last``) becomes, given the sense its neighbours chose (-1: none)."""
        result, step, category = info.result, "", info.category
        if info.chooser is not None:
            if chosen >= 0:
                entry = info.senses[chosen].entry
                target = entry.target(self.config.level)
                trace = (*(result.trace[:-1] if result else ()), "lexicon")
                result = Resolved(target, entry.id, trace)
                step, category = "context", entry.category
            elif surface is not None and not surface.removable:
                return surface.meta if surface.replacement is not None else None
        role = "particle" if result is not None and result.text in self._particles \
            else info.role
        config = self.config
        if (role == "particle" and config.drop_particles) or (
                role == "laughter" and config.drop_laughter):
            removal = "particles" if role == "particle" else "laughter"
            return _Edit(last, result, removal,
                         "particle" if role == "particle" else "interjection", True)
        if result is None or (surface is not None and result.text == word):
            return None
        return _Edit(last, result, step, category)

    def _masks(self, parts: list[str], index: int, last: int, info: _WordInfo
               ) -> tuple[int, ...]:
        """The masks of the neighbours of the form at ``index..last`` that its senses read:
        the nearest token a side, and for wider contexts the windows (see ``Chooser``)."""
        return _read(info, self._side(parts, index, -1, info.width),
                     self._side(parts, last, 1, info.width))

    def _side(self, parts: list[str], index: int, direction: int, width: int
              ) -> tuple[int, int]:
        """The mask of the nearest token on one side of a word, and the union of the masks of
        the ``width`` nearest and of the text's boundary when there are fewer.

        Tokens are as contexts see them: words in their formal spelling, word by word
        (``gpp``: ``tidak apa-apa``), and the tokens of separators (punctuation, emoji...).
        """
        nearest = window = count = 0
        position = index + direction
        size = len(parts)
        while 0 <= position < size:
            part = parts[position]
            if position % 2:
                masks = self._word_masks.get(part) or self._masks_of(part)
            elif part and part != " ":
                found = self._separator_masks.get(part)
                masks = self._separator_masks_of(part) if found is None else found
            else:
                position += direction
                continue
            for mask in masks if direction > 0 else reversed(masks):
                if not count:
                    nearest = mask
                window |= mask
                count += 1
                if count == width:
                    return nearest, window
            position += direction
        boundary = self._boundaries[direction > 0]
        return (nearest if count else boundary), window | boundary

    def _masks_of(self, word: str) -> tuple[int, ...]:
        """The masks of a word's formal form, token by token (cached): as a new pass reads
        its output, each word of it in its formal spelling (the same at the formal level;
        at the colloquial level ``gudlak`` reads as ``good luck``, which a new pass reads,
        not as its formal ``semoga beruntung``)."""
        surface = self._surface_cache.get(word) or self._surface(word)
        formal = surface.info.formal
        output = surface.replacement
        if output is not None and output.lower() != formal:
            formal = " ".join(self._surface(w).info.formal for w in output.split())
        masks = tuple(map(self._conditions.mask, formal.split(" ")))
        if len(self._word_masks) > CACHE_SIZE:
            self._word_masks.clear()
        self._word_masks[word] = masks
        return masks

    def _separator_masks_of(self, separator: str) -> tuple[int, ...]:
        """The masks of a separator's tokens (cached); empty for white space."""
        masks = tuple(self._conditions.mask(t.text.lower()) for t in tokenize(separator)
                      if t.kind != SPACE)
        if len(self._separator_masks) > CACHE_SIZE:
            self._separator_masks.clear()
        self._separator_masks[separator] = masks
        return masks

    def _choose(self, key: str, info: _WordInfo, masks: tuple[int, ...]) -> int:
        """The index of the sense the neighbours' masks choose, or -1 (cached)."""
        decision: tuple[str | int, ...] = (key, *masks)
        chosen = self._decisions.get(decision)
        if chosen is None:
            assert info.chooser is not None
            chosen = info.chooser.choose(masks if len(masks) == 4 else (*masks, 0, 0))
            if len(self._decisions) > CONTEXT_CACHE_SIZE:
                self._decisions.clear()
            self._decisions[decision] = chosen
        return chosen

    def _swallow_space(self, parts: list[str], out: list[str], index: int,
                       edit: _Edit) -> _Edit:
        """A removed word takes one neighbouring space with it, so none is doubled."""
        before, after = index - 1, edit.last + 1
        if index > 1 and out[before][-1:].isspace():
            out[before] = out[before][:-1]
            return edit._replace(lead=1)
        if after < len(parts) and out[after][:1].isspace():
            out[after] = out[after][1:]
            return edit._replace(trail=1)
        return edit

    def _in_class(self, name: str, token: str) -> bool:
        if name == "@en":
            return token in self._english
        if token.isalpha():  # neither a number nor punctuation (most tokens: tested first)
            return False
        if name == "@num":
            return _DIGITS.fullmatch(token) is not None
        if name == "@punct":
            return token not in ("^", "$") and _LETTER_OR_DIGIT.search(token) is None
        return False


def _twice_in_a_row(words: list[str]) -> bool:
    """Whether a word comes twice in a row (C loops; no set first: hashing new strings costs
    more than comparing neighbours, which mostly differ in their length)."""
    return any(map(eq, words, words[1:]))


def _one_word(text: str) -> list[str]:
    """``parts`` of a text of letters only (one word, whatever tokenizer), else ``[]``: the
    quick way for most new chunks. (``xD`` and the like are emoticons.)"""
    return ["", text, ""] if text.isalpha() and text[0] not in "xX" else []


def _unmarked(output: str) -> str:
    """A chunk's output, or ``_WHOLE`` if it reads like a mark (control characters)."""
    return _WHOLE if output in (_MARKED, _WHOLE) else output


def _positions(values: list[str], mark: str) -> list[int]:
    """Where the mark is in the values (C loops: marks are few, values many)."""
    found: list[int] = []
    position = -1
    for _ in range(values.count(mark)):
        position = values.index(mark, position + 1)
        found.append(position)
    return found


def _interleave(parts: list[str], words: list[str]) -> list[str]:
    out = list(parts)
    out[1::2] = words
    return out


def _inline_space(separator: str) -> bool:
    return separator == " " or _INLINE_SPACE.fullmatch(separator) is not None


def _edit_meta(edit: _Edit, result: Resolved) -> _Meta:
    """What the change an edit makes records besides its span and text."""
    trace = result.trace
    return _Meta(edit.step or (trace[0] if trace else "lexicon"), result.entry, edit.category,
                 trace)


def _meta(result: Resolved | None, category: str) -> _Meta:
    trace = result.trace if result is not None else ()
    return _Meta(trace[0] if trace else "lexicon", result.entry if result else "", category,
                 trace)


def _changes(parts: list[str], out: list[str], edits: dict[int, _Edit | _Meta]
             ) -> tuple[Change, ...]:
    """Change records, with offsets in the text that ``parts`` make up."""
    changes = []
    starts = list(accumulate(map(len, parts), initial=0))
    for index in sorted(edits):
        edit = edits[index]
        if isinstance(edit, _Meta):  # a word changed on its own: the common case
            changes.append(Change(starts[index], starts[index + 1], parts[index], out[index],
                                  *edit))
            continue
        last = edit.last
        original = "".join(parts[index:last + 1])
        start, end = starts[index] - edit.lead, starts[last + 1] + edit.trail
        if edit.lead:
            original = parts[index - 1][-edit.lead:] + original
        if edit.trail:
            original += parts[last + 1][:edit.trail]
        result = edit.result
        trace = result.trace if result is not None else ()
        step = edit.step or (trace[0] if trace else "lexicon")
        if edit.removed:
            trace = (*trace, edit.step)
        changes.append(Change(start, end, original, out[index], step,
                              result.entry if result is not None else "", edit.category,
                              trace))
    return tuple(changes)


def compose(first: Sequence[Change], second: Sequence[Change], text0: str,
            text1: str) -> tuple[Change, ...]:
    """Changes from ``text0`` to the result of two passes.

    ``first`` turns ``text0`` into ``text1``; ``second`` turns ``text1`` into
    the final text. Changes that overlap merge into one over the original
    span, so the result still replays on ``text0`` with :func:`apply_changes`.
    """
    placed: list[tuple[int, int, Change]] = []  # span in text1, and the change
    offset = 0
    for change in sorted(first, key=lambda c: c.start):
        start1 = change.start + offset
        placed.append((start1, start1 + len(change.replacement), change))
        offset += len(change.replacement) - (change.end - change.start)

    def linear(pos: int, is_end: bool) -> int:
        """A text1 position outside every first change, in text0.

        A removal (empty replacement) sitting exactly at ``pos`` lies before
        a span that starts there and after a span that ends there.
        """
        shift = 0
        for start1, end1, change in placed:
            if end1 > pos or (is_end and start1 == end1 == pos):
                break
            shift = change.end - end1
        return pos + shift

    items = [(s1, e1, c, True) for s1, e1, c in placed]
    items += [(c.start, c.end, c, False) for c in second]
    items.sort(key=lambda item: (item[0], item[1]))
    groups: list[list[tuple[int, int, Change, bool]]] = []
    group_end = -1
    for item in items:
        if groups and item[0] < group_end:
            groups[-1].append(item)
            group_end = max(group_end, item[1])
        else:
            groups.append([item])
            group_end = item[1]
    out: list[Change] = []
    for group in groups:
        if len(group) == 1 and group[0][3]:  # a first change that the second pass left alone
            out.append(group[0][2])
            continue
        lo, hi = min(i[0] for i in group), max(i[1] for i in group)
        firsts = [i for i in group if i[3]]
        seconds = sorted((i[2] for i in group if not i[3]), key=lambda c: c.start)
        start = next((i[2].start for i in firsts if i[0] == lo), None)
        end = next((i[2].end for i in firsts if i[1] == hi), None)
        start = linear(lo, is_end=False) if start is None else start
        end = linear(hi, is_end=True) if end is None else end
        pieces, cursor = [], lo
        for change in seconds:
            pieces += [text1[cursor:change.start], change.replacement]
            cursor = change.end
        pieces.append(text1[cursor:hi])
        changes = [i[2] for i in firsts] + seconds
        lead, last = changes[0], changes[-1]
        out.append(Change(start, end, text0[start:end], "".join(pieces), lead.step,
                          last.entry or lead.entry, lead.category,
                          tuple(t for c in changes for t in c.trace)))
    return tuple(c for c in out if c.original != c.replacement)


def _read(info: _WordInfo, before: tuple[int, int], after: tuple[int, int]
          ) -> tuple[int, ...]:
    """Of the masks of a form's two sides (the nearest token, and the window), the bits its
    senses read (see ``Chooser``)."""
    assert info.chooser is not None
    reads = info.chooser.reads
    if info.width == 1:
        return before[0] & reads[PREV], after[0] & reads[NEXT]
    return before[0] & reads[PREV], after[0] & reads[NEXT], before[1] & reads[2], \
        after[1] & reads[3]


def _no_capitals(text: str) -> bool:
    """Written without capitals: the output keeps to that (``i'm`` -> ``i am``, not ``I am``)."""
    return text.lower() == text


def _check_text(text: object) -> str:
    if isinstance(text, str):
        return text
    kind = type(text).__name__
    hint = " (decode bytes first, e.g. data.decode('utf-8'))" if isinstance(
        text, bytes | bytearray) else ""
    raise TypeError(f"nusalingo normalizes text (str), not {kind}{hint}")


def _as_lexicon(source: LexiconSource) -> Lexicon:
    if source is None:
        return load_lexicon()
    if isinstance(source, Lexicon):
        return source
    if isinstance(source, str | os.PathLike):
        return load_lexicon(source)
    return load_lexicon(*[Path(p) for p in source])


_SHARED: dict[tuple[tuple[str, Any], ...], Normalizer] = {}
_SHARED_LOCK = threading.Lock()


def shared_normalizer(**options: Any) -> Normalizer:
    """One normalizer of the shipped lexicons per set of options, built once per process."""
    key = tuple(sorted(options.items()))
    with _SHARED_LOCK:
        if key not in _SHARED:
            _SHARED[key] = Normalizer(**options)
        return _SHARED[key]


def normalizer_for(normalizer: Normalizer | None, options: Mapping[str, Any]) -> Normalizer:
    """The normalizer an adapter call asked for: the one given, or a shared one with options."""
    if normalizer is None:
        return shared_normalizer(**options)
    if options:
        raise TypeError("give either a normalizer or options, not both")
    return normalizer

