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

>>> from nusalingo import Normalizer
>>> n = Normalizer()
>>> n.normalize("Gk tau deh, gw udh ngerjain tugasnya")
'Tidak tahu deh, saya sudah mengerjakan tugasnya'
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import regex

from nusalingo.casing import match_case
from nusalingo.config import NormalizerConfig, check_options
from nusalingo.context import Context, parse_context
from nusalingo.entry import Entry
from nusalingo.lexicon import Lexicon, load_lexicon
from nusalingo.morphology import is_regular_form
from nusalingo.rules import RULES, Candidate, Resolved
from nusalingo.rules.laughter import is_laughter
from nusalingo.tokenize import SPACE, WORD, Token, tokenize, word_kind
from nusalingo.wordlists import (
    english_words,
    indonesian_lemmas,
    indonesian_words,
    word_frequency,
)

#: Rules that change register (colloquial morphology and sounds), not spelling:
#: they do not run at ``level="colloquial"``.
REGISTER_RULES = frozenset({"colloquial_affixes", "sound_changes"})
#: How many rules may chain on one word (``bangeeetnya``: letters, then clitics).
MAX_CHAIN = 2
#: Passes over a text at most; a second runs only when a context could now read differently.
MAX_PASSES = 3
#: Memoized words per normalizer; beyond this the cache is cleared and refilled.
CACHE_SIZE = 200_000
_LETTER_OR_DIGIT = regex.compile(r"[\p{L}\p{N}]")
_DIGITS = regex.compile(r"[\d.,:/]*\d[\d.,:/]*")

LexiconSource = Lexicon | str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None


@dataclass(frozen=True, slots=True)
class Change:
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
        return {
            "start": self.start, "end": self.end, "original": self.original,
            "replacement": self.replacement, "step": self.step, "entry": self.entry,
            "category": self.category, "trace": list(self.trace),
        }


@dataclass(frozen=True, slots=True)
class Explanation:
    """A normalized text and the changes that lead to it from ``source``."""

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


class _WordInfo(NamedTuple):
    """What a word becomes out of context, and what could change that."""

    result: Resolved | None      # at the configured level; None when unchanged
    formal: str                  # lower-case formal form, as contexts see the word
    senses: tuple[_Sense, ...]   # contextual senses of the resolved form
    category: str
    role: str                    # "", "keep", "particle" or "laughter"


class _Unit(NamedTuple):
    """A non-space token, or a multi-word form matched as one."""

    kind: str
    text: str
    start: int
    end: int
    first: int  # index of the first token (or input token) it covers
    last: int


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
        return self._run(_check_text(text)).text

    def explain(self, text: str) -> Explanation:
        """The normalized text and the list of changes that lead to it."""
        return self._run(_check_text(text))

    def normalize_batch(self, texts: Iterable[str]) -> list[str]:
        """Normalize many texts (the word cache is shared between them)."""
        return [self._run(_check_text(t)).text for t in texts]

    def normalize_tokens(self, tokens: Sequence[str]) -> list[str]:
        """One output per input token; a token merged into its neighbour gives ``""``.

        For token-aligned evaluation (MultiLexNorm): a multi-word form spread
        over several tokens (``ga pa pa``) is replaced in the first and empties
        the others; one token may become several words (``gpp``).
        """
        if isinstance(tokens, str):
            raise TypeError("normalize_tokens takes a list of tokens; use normalize() for text")
        items = [_check_text(t) for t in tokens]
        units = [_Unit(word_kind(t), t, 0, len(t), i, i) for i, t in enumerate(items)]
        units = self._match_phrases(units, adjacent=lambda a, b: True)
        outputs = list(items)
        for unit, replacement, _change in self._resolve_units(units):
            if replacement is None:
                continue
            outputs[unit.first] = replacement
            for index in range(unit.first + 1, unit.last + 1):
                outputs[index] = ""
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
        # What the normalizer writes counts as known, so that its output stays as
        # it is; colloquial spellings only when normalizing to the colloquial level.
        targets: set[str] = set()
        for group in senses.values():
            for entry in group:
                targets.update(entry.formal.lower().split())
                if config.level == "colloquial":
                    targets.update(entry.target("colloquial").lower().split())
        self._particles = frozenset(
            e.formal.lower() for group in senses.values() for e in group
            if e.category == "particle")
        keep = {key for key, group in senses.items() if any(e.category == "keep" for e in group)}
        self._attested = indonesian_words() | targets
        self._known_words = self._attested | keep | self._particles
        self._english = english_words() - self._known_words - set(self._senses)
        self._lemmas = indonesian_lemmas()
        self._rules = [RULES[name] for name in config.enabled_rules() if name in RULES
                       and not (config.level == "colloquial" and name in REGISTER_RULES)]
        self._cache: dict[str, _WordInfo] = {}
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
        elif "-" in word:
            parts = [p for p in word.split("-") if p]
            result = bool(parts) and all(self.known(p) for p in parts)
        else:
            result = is_regular_form(word, self._attested.__contains__)
        if len(self._known_cache) > CACHE_SIZE:
            self._known_cache.clear()
        self._known_cache[word] = result
        return result

    def attested(self, word: str) -> bool:
        """Listed in a word list or as a lexicon target (not merely regular)."""
        return word in self._attested

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
                return True, Resolved(entry.target(level).lower(), entry.id, ("lexicon",))
        return True, None

    def _resolve_uncached(self, word: str, exclude: frozenset[str],
                          level: str) -> Resolved | None:
        listed, resolved = self._lexicon_default(word, level)
        if listed:
            return resolved
        if self.known(word) or (self.config.laughter and is_laughter(word)):
            return None
        if len(exclude) >= MAX_CHAIN or " " in word:
            return None
        for rule in self._rules:
            if rule.name in exclude or (level == "colloquial" and rule.name in REGISTER_RULES):
                continue
            for candidate in rule.candidates(word, self):
                accepted = self._accept(candidate, exclude | {rule.name}, level)
                if accepted is not None and accepted.text != word and \
                        self._not_rarer(accepted.text, word):
                    return Resolved(accepted.text, candidate.entry or accepted.entry,
                                    (rule.name, *candidate.trace, *accepted.trace))
        return None

    def _not_rarer(self, result: str, word: str) -> bool:
        """A rule may not turn a word into a rarer one (``paket`` is no colloquial ``pakat``).

        Frequencies come from wordfreq's Indonesian list; words with a digit
        (``anak2``, ``s4y4``) are never words of their own.
        """
        if any(ch.isdigit() for ch in word):
            return True
        return word_frequency(result) >= word_frequency(word)

    def _accept(self, candidate: Candidate, exclude: frozenset[str],
                level: str) -> Resolved | None:
        text = candidate.text
        if " " in text:
            return Resolved(text, "", ()) if all(self.known(w) for w in text.split()) else None
        listed, resolved = self._lexicon_default(text, level)
        if listed:
            return resolved or Resolved(text, "", ())
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
        form = formal.text if formal is not None else word
        # the word's own senses; a word that rules turned into a listed form takes that form's
        group = self._senses.get(word) or self._senses.get(form) or ()
        contextual = tuple(s for s in group if s.context is not None)
        role = ""
        if any(s.entry.category == "keep" for s in group):
            role = "keep"
        elif (result.text if result else word) in self._particles:
            role = "particle"
        elif self.config.laughter and is_laughter(word):
            role = "laughter"
        category = ""
        if result is not None:
            step = result.trace[0] if result.trace else "lexicon"
            category = RULES[step].category if step in RULES else self._category(result.entry)
        info = _WordInfo(result, form, contextual, category, role)
        if len(self._cache) > CACHE_SIZE:
            self._cache.clear()
        self._cache[word] = info
        return info

    def _category(self, entry_id: str) -> str:
        entry = self.lexicon.get(entry_id)
        return entry.category if entry is not None else ""

    # -- the text level --------------------------------------------------------------------------

    def _run(self, text: str) -> Explanation:
        source = text
        current: tuple[Change, ...] = ()
        for _ in range(MAX_PASSES):
            new_text, new_changes, unstable = self._pass(text)
            if not new_changes:
                break
            current = new_changes if not current else compose(current, new_changes, source,
                                                              text)
            text = new_text
            if not unstable:
                break
        return Explanation(source, text, current)

    def _pass(self, text: str) -> tuple[str, tuple[Change, ...], bool]:
        tokens = tokenize(text)
        units = [_Unit(t.kind, t.text, t.start, t.end, i, i)
                 for i, t in enumerate(tokens) if t.kind != SPACE]
        units = self._match_phrases(
            units, adjacent=lambda a, b: _only_space_between(tokens, a.last, b.first))
        changes: list[Change] = []
        unstable = False
        for unit, replacement, found in self._resolve_units(units):
            if replacement is None or found is None:
                continue
            change = _swallow_space(found, tokens, unit, text) if replacement == "" else found
            changes.append(change)
            unstable = unstable or change.step == "context" or change.replacement == ""
        if not changes:
            return text, (), False
        return apply_changes(text, changes), tuple(changes), unstable

    def _match_phrases(self, units: list[_Unit], adjacent: Any) -> list[_Unit]:
        if not self._phrases:
            return units
        out: list[_Unit] = []
        i = 0
        while i < len(units):
            unit = units[i]
            options = self._phrases.get(unit.text.lower()) if unit.kind == WORD else None
            matched = None
            for words in options or ():
                end = i + len(words)
                if end <= len(units) and all(
                    units[i + k].kind == WORD and units[i + k].text.lower() == words[k]
                    and (k == 0 or adjacent(units[i + k - 1], units[i + k]))
                    for k in range(len(words))
                ):
                    matched = end
                    break
            if matched is None:
                out.append(unit)
                i += 1
                continue
            parts = units[i:matched]
            text = " ".join(p.text for p in parts)
            out.append(_Unit(WORD, text, parts[0].start, parts[-1].end, parts[0].first,
                             parts[-1].last))
            i = matched
        return out

    def _resolve_units(
        self, units: list[_Unit]
    ) -> Iterable[tuple[_Unit, str | None, Change | None]]:
        """Each unit with its replacement (None: unchanged) and the change record."""
        infos = [self._word_info(" ".join(u.text.lower().split())) if u.kind == WORD else None
                 for u in units]
        views = [info.formal if info is not None else u.text.lower()
                 for u, info in zip(units, infos, strict=True)]
        config = self.config
        for index, (unit, info) in enumerate(zip(units, infos, strict=True)):
            if info is None:
                yield unit, None, None
                continue
            result, step, category = info.result, "", info.category
            if info.senses:
                left = views[max(0, index - 3):index][::-1]
                right = views[index + 1:index + 4]
                for sense in info.senses:
                    assert sense.context is not None
                    if sense.context.matches(left, right, self._in_class):
                        entry = sense.entry
                        trace = (*(result.trace[:-1] if result else ()), "lexicon")
                        target = entry.target(config.level).lower()
                        result = None if target == info.formal and result is None else \
                            Resolved(target, entry.id, trace)
                        step, category = "context", entry.category
                        break
            role = info.role
            if result is not None and result.text in self._particles:
                role = "particle"
            if (role == "particle" and config.drop_particles) or (
                    role == "laughter" and config.drop_laughter):
                removal_step = "particles" if role == "particle" else "laughter"
                yield unit, "", Change(unit.start, unit.end, unit.text, "", removal_step,
                                       result.entry if result else "",
                                       "particle" if role == "particle" else "interjection",
                                       (*(result.trace if result else ()), removal_step))
                continue
            if result is None:
                yield unit, None, None
                continue
            replacement = match_case(unit.text, result.text)
            if replacement == unit.text:
                yield unit, None, None
                continue
            first = result.trace[0] if result.trace else "lexicon"
            yield unit, replacement, Change(
                unit.start, unit.end, unit.text, replacement, step or first, result.entry,
                category, result.trace)

    def _in_class(self, name: str, token: str) -> bool:
        if name == "@en":
            return token in self._english
        if name == "@num":
            return _DIGITS.fullmatch(token) is not None
        if name == "@punct":
            return token not in ("^", "$") and _LETTER_OR_DIGIT.search(token) is None
        return False


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
    for item in items:
        if groups and item[0] < max(i[1] for i in groups[-1]):
            groups[-1].append(item)
        else:
            groups.append([item])
    out: list[Change] = []
    for group in groups:
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


def _only_space_between(tokens: Sequence[Token], last: int, first: int) -> bool:
    return all(tokens[i].kind == SPACE and "\n" not in tokens[i].text
               for i in range(last + 1, first)) and first - last <= 2


def _swallow_space(change: Change, tokens: Sequence[Token], unit: _Unit, text: str) -> Change:
    """Widen a removal to one neighbouring space so no double space is left."""
    before = tokens[unit.first - 1] if unit.first > 0 else None
    after = tokens[unit.last + 1] if unit.last + 1 < len(tokens) else None
    if before is not None and before.kind == SPACE and unit.first > 1:
        start, end = before.start, change.end
    elif after is not None and after.kind == SPACE:
        start, end = change.start, after.end
    else:
        return change
    return Change(start, end, text[start:end], "", change.step, change.entry, change.category,
                  change.trace)


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

