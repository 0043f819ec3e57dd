"""Formal Indonesian in, realistic informal variants out: the normalizer run backwards.

A model that reads chat Indonesian should understand ``gw udh ngerjain`` as well
as ``saya sudah mengerjakan``. To test that, :func:`informalize` writes a formal
sentence the way people chat, with two sources of edits:

- the lexicon in reverse: each formal word's informal spellings (``tidak`` ->
  ``gak``, ``ga``, ``gk``...), picked with a weight that grows with the entry's
  ``frequency`` column, so ``gak`` comes up far more often than ``tdk``;
- the rules in reverse, for words no entry lists: colloquial affixes
  (``mengerjakan`` -> ``ngerjain``, ``dibelikan`` -> ``dibeliin``), digit
  reduplication (``anak-anak`` -> ``anak2``), sound and vowel changes
  (``sampai`` -> ``sampe``, ``benar`` -> ``bener``), left-out vowels
  (``sekarang`` -> ``skrg``), digits for letters (alay), stretched letters
  (``banget`` -> ``bangeeet``) and discourse particles (``ya``, ``sih``).
  A respelling that no Indonesian text attests (wordfreq) is not used, except
  for the productive patterns (``-in``, ``nge-``, stretched letters) and, at
  heavy intensity, left-out vowels and digits.

Every edit is a :class:`~nusalingo.normalize.Change`: its span in the formal
text, the replacement, the step (``lexicon`` or the rule), the entry id and the
category, so :func:`~nusalingo.normalize.apply_changes` replays it and a report
can say which entry or rule a model stumbled on. The same seed gives the same
variant, in any process.

The default mix is the chat Indonesian of Jakarta and the internet: regional
words (Javanese ``ora``, Sundanese ``teu``...) come only when the ``regional``
category is asked for.

>>> from nusalingo import Entry, Lexicon
>>> def verified(n, informal, formal, category, frequency):
...     return Entry(id=f"t-{n}", informal=informal, formal=formal, category=category,
...                  frequency=frequency, status="verified", author="ana",
...                  created="2026-11-26", reviewer="budi", reviewed="2026-11-26")
>>> lexicon = Lexicon.from_entries([verified(1, "gak", "tidak", "clipping", "5"),
...     verified(2, "tdk", "tidak", "disemvoweling", "4"),
...     verified(3, "gw", "saya", "disemvoweling", "5")])
>>> v = Informalizer(lexicon).informalize("Saya tidak tahu.", intensity="heavy", seed=4)
>>> v.text
'Gw gak tau.'
>>> [(c.original, c.replacement, c.step, c.entry, c.category) for c in v.changes]
... # doctest: +NORMALIZE_WHITESPACE
[('Saya', 'Gw', 'lexicon', 't-3', 'disemvoweling'),
 ('tidak', 'gak', 'lexicon', 't-1', 'clipping'),
 ('tahu', 'tau', 'sound_changes', '', 'sound-change')]
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
import threading
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import regex

from nusalingo.casing import match_case
from nusalingo.entry import Entry, form_key
from nusalingo.errors import NusalingoError
from nusalingo.lexicon import Lexicon, load_lexicon
from nusalingo.morphology import men, syllables
from nusalingo.normalize import Change, apply_changes
from nusalingo.schema import CATEGORIES
from nusalingo.tokenize import PUNCT, SPACE, WORD, Token, tokenize
from nusalingo.wordlists import (
    english_words,
    indonesian_lemmas,
    indonesian_words,
    word_frequency,
)

T = TypeVar("T")
DATA = Path(__file__).resolve().parent / "data"
PARTICLES_FILE = DATA / "particles.tsv"

#: Named intensities and the number each stands for (see :class:`Intensity`).
PRESETS: Mapping[str, float] = {"light": 0.25, "medium": 0.5, "heavy": 0.9}
#: Categories informalize() can produce; ``keep`` is not a change.
VARIANT_CATEGORIES = tuple(c for c in CATEGORIES if c != "keep")
#: Regions whose words belong to the default mix (Jakarta chat and English loans).
COMMON_REGIONS = frozenset({"", "betawi", "english"})
#: Categories left out of the default mix: other languages, and styles (alay digits,
#: walikan) that few writers use; ask for them by name.
NOT_DEFAULT = frozenset({"regional", "letter-number", "reversal"})
#: Registers never used unless asked for by category: a variant must not insult.
UNSAFE_REGISTERS = frozenset({"vulgar", "offensive"})
#: The frequency given to an entry whose ``frequency`` cell is empty.
DEFAULT_FREQUENCY = 2
#: Frequencies that productive patterns get (they are realistic but unattested).
PRODUCTIVE = {"suffix_in": 3, "nge": 3, "bare_root": 3, "reduplication": 4,
              "stretch": 3, "letter_number": 1, "disemvowel_unattested": 1}

_VOWEL_RUN = regex.compile(r"[aiueo]")
_REDUPLICATED = regex.compile(r"(?P<a>\p{Ll}{2,})-(?P<b>\p{Ll}{2,})")
_ALAY = str.maketrans({"a": "4", "e": "3", "i": "1", "o": "0"})
_SENTENCE_END = frozenset(".!?")
#: Longer words are not stretched: people stretch short words (``bangeeet``, ``yaaa``).
MAX_STRETCHED = 6


class Option(NamedTuple):
    """One informal way to write a formal word or phrase.

    ``step`` is ``lexicon`` or the name of the reversed rule; ``entry`` the
    lexicon entry's id (empty for a rule); ``frequency`` 1 (rare) to 5 (usual).
    """

    informal: str
    step: str
    category: str
    frequency: int
    entry: str = ""


@dataclass(frozen=True, slots=True)
class Intensity:
    """How informal a variant gets.

    Attributes:
        name: ``light``, ``medium``, ``heavy`` or the number as text.
        rate: the chance that a word with informal options is changed.
        min_frequency: options rarer than this (1-5) are not used.
        particles: the chance that a particle is added to a sentence.
        stretch: the chance that a sentence's last word gets stretched letters.
    """

    name: str
    rate: float
    min_frequency: int
    particles: float
    stretch: float

    @classmethod
    def of(cls, value: str | float | Intensity) -> Intensity:
        """``light`` (a few common words), ``medium``, ``heavy``, or a number from 0 to 1.

        >>> Intensity.of("light").min_frequency, Intensity.of(0.9).min_frequency
        (4, 1)
        """
        if isinstance(value, Intensity):
            return value
        if isinstance(value, str):
            if value not in PRESETS:
                raise NusalingoError(
                    f"intensity {value!r} is not one of {', '.join(PRESETS)}; give one of "
                    f"them or a number from 0 (formal) to 1 (as informal as it gets)")
            return cls._from_number(PRESETS[value], value)
        if isinstance(value, bool) or not isinstance(value, int | float) \
                or not 0 <= value <= 1 or math.isnan(value):
            raise NusalingoError(
                f"intensity must be light, medium, heavy or a number from 0 to 1, got {value!r}")
        return cls._from_number(float(value), f"{float(value):g}")

    @classmethod
    def _from_number(cls, x: float, name: str) -> Intensity:
        return cls(name=name, rate=x, min_frequency=min(5, max(1, 5 - round(4 * x))),
                   particles=round(max(0.0, x - 0.25) * 0.9, 3),
                   stretch=round(max(0.0, x - 0.3) * 0.5, 3))


@dataclass(frozen=True, slots=True)
class Variant:
    """An informal variant of a formal text, and every edit that made it.

    ``str(variant)`` is the variant text; ``changes`` replay on ``source``
    with :func:`~nusalingo.normalize.apply_changes`.
    """

    source: str
    text: str
    changes: tuple[Change, ...]
    intensity: str
    seed: int
    categories: tuple[str, ...] = field(default=())

    def __str__(self) -> str:
        return self.text

    @property
    def changed(self) -> bool:
        """Whether any edit was made."""
        return bool(self.changes)

    @property
    def entries(self) -> tuple[str, ...]:
        """The ids of the lexicon entries used, in text order."""
        return tuple(c.entry for c in self.changes if c.entry)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {"source": self.source, "text": self.text, "intensity": self.intensity,
                "seed": self.seed, "categories": list(self.categories),
                "changes": [c.as_dict() for c in self.changes]}


class Informalizer:
    """Writes formal Indonesian informally, from a lexicon stack and the reversed rules.

    Build one per lexicon stack and share it: it is read-only after
    construction (its per-word memo only fills in) and safe across threads.
    ``include_proposed`` also uses proposed entries, to try them out.
    """

    def __init__(self, lexicon: Lexicon | None = None, *, include_proposed: bool = False) -> None:
        self.lexicon = lexicon if lexicon is not None else load_lexicon()
        words: dict[str, list[tuple[Option, str]]] = {}
        phrases: dict[str, list[tuple[tuple[str, ...], Option, str]]] = {}
        for senses in self.lexicon.senses(include_proposed=include_proposed).values():
            for entry in senses:
                if not _reversible(entry):
                    continue
                option = Option(entry.informal, "lexicon", entry.category,
                                _frequency(entry), entry.id)
                target = tuple(form_key(entry.formal).split(" "))
                if len(target) == 1:
                    words.setdefault(target[0], []).append((option, entry.region))
                else:
                    phrases.setdefault(target[0], []).append((target, option, entry.region))
        self._words = {k: tuple(sorted(v)) for k, v in words.items()}
        self._phrases = {k: tuple(sorted(v, key=lambda p: (-len(p[0]), p[1])))
                         for k, v in phrases.items()}
        self._particles = _particles(self.lexicon)
        self._rules: dict[str, tuple[Option, ...]] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"<Informalizer of {self.lexicon!r}>"

    # -- public API ------------------------------------------------------------------------------

    def options(self, word: str, categories: Collection[str] | None = None) -> tuple[Option, ...]:
        """Every informal option for a formal word, lexicon entries first.

        >>> [o.informal for o in Informalizer(Lexicon.from_entries([])).options("mengerjakan")]
        ['ngerjain']
        """
        key = word.lower()
        allowed = _check_categories(categories)
        regional = allowed is not None and "regional" in allowed
        found = [o for o, region in self._words.get(key, ())
                 if _wanted(o, region, allowed, regional)]
        seen = {o.informal for o in found}
        found += [o for o in self._rule_options(key) if o.informal not in seen
                  and (o.category in allowed if allowed is not None
                       else o.category not in NOT_DEFAULT)]
        return tuple(found)

    def informalize(self, text: str, intensity: str | float | Intensity = "medium",
                    categories: Iterable[str] | None = None, seed: int = 0) -> Variant:
        """An informal variant of ``text``; see :func:`informalize`."""
        if not isinstance(text, str):
            raise TypeError(f"informalize takes a str, got {type(text).__name__}")
        level = Intensity.of(intensity)
        allowed = _check_categories(categories)
        rng = random.Random(f"{seed}\x00{text}")
        tokens = tokenize(text)
        changes: list[Change] = []
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.kind != WORD or not _eligible(tokens, index):
                index += 1
                continue
            phrase = self._phrase_at(tokens, index, allowed)
            if phrase is not None:
                last, phrase_options = phrase
                change = self._pick(text, tokens[index].start, tokens[last].end,
                                    phrase_options, level, rng)
                if change is not None:
                    changes.append(change)
                    index = last + 1
                    continue
            choices = self.options(token.text, allowed)
            change = self._pick(text, token.start, token.end, choices, level, rng)
            if change is not None and change.replacement.lower() in _postposed() \
                    and index + 2 < len(tokens) and tokens[index + 1].text == " " \
                    and tokens[index + 2].kind == WORD:
                change = _postpose(text, change, tokens[index + 2])
                index += 2
            if change is not None:
                changes.append(change)
            index += 1
        changes = self._stretch(text, tokens, changes, level, allowed, rng)
        changes += self._particle(text, tokens, changes, level, allowed, rng)
        changes.sort(key=lambda c: (c.start, c.end))
        return Variant(text, apply_changes(text, changes), tuple(changes), level.name, seed,
                       tuple(sorted(allowed)) if allowed is not None else ())

    def variants(self, text: str, count: int, intensity: str | float | Intensity = "medium",
                 categories: Iterable[str] | None = None, seed: int = 0) -> list[Variant]:
        """Up to ``count`` distinct variants that differ from ``text`` (seeds ``seed``, ...)."""
        chosen = None if categories is None else tuple(categories)
        found: dict[str, Variant] = {}
        for offset in range(count * 4):
            variant = self.informalize(text, intensity, chosen, seed + offset)
            if variant.changed and variant.text not in found:
                found[variant.text] = variant
                if len(found) == count:
                    break
        return list(found.values())

    # -- choosing --------------------------------------------------------------------------------

    def _pick(self, text: str, start: int, end: int, choices: Sequence[Option],
              level: Intensity, rng: random.Random) -> Change | None:
        usable = [o for o in choices if o.frequency >= level.min_frequency]
        # two draws per candidate word, whether or not it has usable options, so that the
        # choice for one word does not depend on which categories were asked for
        draw, pick = rng.random(), rng.random()
        if not usable or draw >= level.rate:
            return None
        option = _weighted(usable, [2.0 ** (o.frequency - 1) for o in usable], pick)
        original = text[start:end]
        replacement = match_case(original.split(" ")[0], option.informal)
        return Change(start, end, original, replacement, option.step, option.entry,
                      option.category, (option.step,))

    def _phrase_at(self, tokens: Sequence[Token], index: int,
                   allowed: frozenset[str] | None) -> tuple[int, list[Option]] | None:
        candidates = self._phrases.get(tokens[index].text.lower())
        if not candidates:
            return None
        regional = allowed is not None and "regional" in allowed
        for words, _, _ in candidates:
            last = _match_phrase(tokens, index, words)
            if last is None:
                continue
            options = [o for w, o, region in candidates
                       if w == words and _wanted(o, region, allowed, regional)]
            if options:
                return last, options
        return None

    def _stretch(self, text: str, tokens: Sequence[Token], changes: list[Change],
                 level: Intensity, allowed: frozenset[str] | None,
                 rng: random.Random) -> list[Change]:
        """Stretch the letters of a sentence's last word (``banget`` -> ``bangeeet``)."""
        draw, extra = rng.random(), rng.randint(2, 4)
        if draw >= level.stretch or (allowed is not None and "repeated-letters" not in allowed):
            return changes
        last = _last_word(tokens)
        if last is None:
            return changes
        token = tokens[last]
        done = next((c for c in changes if c.start <= token.start and token.end <= c.end), None)
        head, _, base = (done.replacement if done else token.text).rpartition(" ")
        stretched = stretch(base, extra)
        if stretched is None:
            return changes
        if done is None:
            return [*changes, Change(token.start, token.end, token.text, stretched,
                                     "repeated_letters", "", "repeated-letters",
                                     ("repeated_letters",))]
        stretched = f"{head} {stretched}" if head else stretched
        combined = done._replace(replacement=stretched, trace=(*done.trace, "repeated_letters"))
        return [combined if c is done else c for c in changes]

    def _particle(self, text: str, tokens: Sequence[Token], changes: Sequence[Change],
                  level: Intensity, allowed: frozenset[str] | None,
                  rng: random.Random) -> list[Change]:
        """Add one discourse particle (``ya``, ``sih``, ``dong``...) to the text."""
        draw, pick = rng.random(), rng.random()
        if draw >= level.particles or (allowed is not None and "particle" not in allowed) \
                or not self._particles:
            return []
        words = [i for i, t in enumerate(tokens) if t.kind == WORD]
        if len(words) < 2:
            return []
        particle, position, _, entry = _weighted(self._particles,
                                                 [p[2] for p in self._particles], pick)
        if position == "start":
            at = tokens[words[0]].end
        else:
            last = _last_word(tokens)
            at = tokens[last if last is not None else words[-1]].end
        if any(c.start < at < c.end or c.start == c.end == at for c in changes):
            return []
        return [Change(at, at, "", f" {particle}", "particles", entry, "particle",
                       ("particles",))]

    # -- rules in reverse ------------------------------------------------------------------------

    def _rule_options(self, word: str) -> tuple[Option, ...]:
        cached = self._rules.get(word)
        if cached is not None:
            return cached
        options = _dedupe([*affix_options(word), *reduplication_options(word),
                           *sound_options(word), *disemvowel_options(word),
                           *letter_number_options(word)], word)
        with self._lock:
            self._rules[word] = options
        return options


# -- the reversed rules, each a pure function: formal word -> options ------------------------------


def affix_options(word: str) -> list[Option]:
    """Colloquial affixes for a formal affixed word whose root is a known word.

    meN- forms are confirmed by the lemma table (so ``mereka`` is not ``me`` + ``reka``).

    >>> [o.informal for o in affix_options("mengerjakan")]
    ['ngerjain']
    >>> [o.informal for o in [*affix_options("dibelikan"), *affix_options("mencari")]]
    ['dibeliin', 'nyari']
    """
    out: list[Option] = []
    lemma = indonesian_lemmas().get(word)
    for stem, suffix in _suffixes(word):
        tail = "in" if suffix else ""
        if stem.startswith("me") and lemma:
            root = lemma if men(lemma) == stem else None
            for form, kind in _colloquial_nasal(root) if root else ():
                out.append(_affix(form + tail, kind, suffix))
        elif stem.startswith("di") and suffix and _is_root(stem[2:]):
            out.append(_affix(stem + tail, "suffix_in", suffix))
        elif stem.startswith("ter") and not suffix and lemma == stem[3:]:
            form = "ke" + stem[3:]
            if word_frequency(form) > 0:
                out.append(Option(form, "colloquial_affixes", "affixation", _attested(form)))
        elif suffix == "kan" and _is_root(stem) and len(stem) >= 4 \
                and not stem.startswith("me"):
            # bare root + -kan only: a bare -i is too often part of the word (tetapi, mulai)
            out.append(_affix(stem + tail, "suffix_in", suffix))
    return [o for o in out if o.informal != word]


def reduplication_options(word: str) -> list[Option]:
    """Reduplication with a digit: ``anak-anak`` -> ``anak2``, ``bermain-main`` -> ``bermain2``.

    >>> [o.informal for o in reduplication_options("hati-hatinya")]
    ['hati2nya']
    """
    match = _REDUPLICATED.fullmatch(word)
    if match is None:
        return []
    first, second = match["a"], match["b"]
    for size in range(len(first), 1, -1):
        part = first[-size:]
        if second.startswith(part):
            return [Option(f"{first}2{second[size:]}", "digit_reduplication", "reduplication",
                           PRODUCTIVE["reduplication"])]
    return []


#: Formal sound -> how it is said, with the category of the change (the sound_changes rule
#: read backwards). Only single changes, and only to forms that Indonesian text attests.
_SOUNDS: tuple[tuple[regex.Pattern[str], str, str], ...] = (
    (regex.compile(r"ai$"), "e", "sound-change"),                       # sampai -> sampe
    (regex.compile(r"au$"), "o", "sound-change"),                       # kalau -> kalo
    (regex.compile(r"(?<=[aiueo])h(?=[aiueo])"), "", "sound-change"),   # tahu -> tau
    (regex.compile(r"^h(?=[aiueo])"), "", "sound-change"),              # habis -> abis
    (regex.compile(r"a(?=[^aiueo]+$)"), "e", "vowel-change"),           # benar -> bener
    (regex.compile(r"i(?=[^aiueo]+$)"), "e", "vowel-change"),           # kemarin -> kemaren
)
#: A respelling must be at least this common (wordfreq, about Zipf 3) to be used.
MIN_SOUND_FREQUENCY = 1e-6


def sound_options(word: str) -> list[Option]:
    """Sound and vowel changes as spoken, when Indonesian text attests the result
    and it is not itself a standard or English word.

    >>> sorted(o.informal for o in sound_options("sampai")), sound_options("mana")
    (['sampe'], [])
    """
    if not word.isalpha():
        return []
    out: list[Option] = []
    for pattern, replacement, category in _SOUNDS:
        for match in pattern.finditer(word):
            form = word[:match.start()] + replacement + word[match.end():]
            if form != word and word_frequency(form) >= MIN_SOUND_FREQUENCY \
                    and not _is_root(form) and form not in english_words():
                out.append(Option(form, "sound_changes", category, _attested(form)))
    return out


def disemvowel_options(word: str) -> list[Option]:
    """Vowels left out after the first letter (``sekarang`` -> ``skrg`` is in the lexicon;
    this finds the rest): attested forms at their frequency, others as rare.

    >>> [o.informal for o in disemvowel_options("jangan")]
    ['jngn']
    """
    if len(word) < 4 or not word.isalpha():
        return []
    form = word[0] + _VOWEL_RUN.sub("", word[1:])
    if len(form) < 2 or form == word:
        return []
    attested = word_frequency(form) > 0
    if not attested and (len(word) > 8 or word.endswith("nya")):
        return []   # nobody writes "bntnny" for "bantuannya"
    return [Option(form, "disemvowel", "disemvoweling",
                   _attested(form) if attested else PRODUCTIVE["disemvowel_unattested"])]


def letter_number_options(word: str) -> list[Option]:
    """Digits for vowels (alay): ``saya`` -> ``s4y4``. Always rare.

    >>> [o.informal for o in letter_number_options("benar")]
    ['b3n4r']
    """
    if len(word) < 3 or not word.isalpha() or not _VOWEL_RUN.search(word):
        return []
    return [Option(word.translate(_ALAY), "letter_number", "letter-number",
                   PRODUCTIVE["letter_number"])]


def stretch(word: str, extra: int) -> str | None:
    """A word with its last vowel (or, after it, its last letter) repeated ``extra`` times.

    >>> stretch("banget", 2), stretch("ya", 3), stretch("sih", 2), stretch("bekerja", 2)
    ('bangeeet', 'yaaaa', 'sihhh', None)
    """
    letters = [i for i, ch in enumerate(word) if ch.isalpha()]
    if not letters or extra < 1 or len(word) > MAX_STRETCHED:
        return None
    vowels = [i for i in letters if word[i].lower() in "aiueo"]
    if not vowels or len(letters) != len(word):
        return None
    # a short word ending in h, k, g, n or m stretches that: sih -> sihhh, dong -> donggg
    at = len(word) - 1 if word[-1].lower() in "hkgnm" and len(word) <= 4 else vowels[-1]
    return word[:at + 1] + word[at] * extra + word[at + 1:]


# -- the default informalizer and the public function -------------------------------------------

_DEFAULT: list[Informalizer] = []
_DEFAULT_LOCK = threading.Lock()


def default_informalizer() -> Informalizer:
    """The informalizer of the shipped lexicons, built once per process."""
    with _DEFAULT_LOCK:
        if not _DEFAULT:
            _DEFAULT.append(Informalizer())
        return _DEFAULT[0]


def informalize(text: str, intensity: str | float | Intensity = "medium",
                categories: Iterable[str] | None = None, seed: int = 0) -> Variant:
    """An informal variant of formal Indonesian text, with every edit tagged.

    ``intensity``: ``light`` (a few common words), ``medium``, ``heavy``, or a
    number from 0 to 1. ``categories``: only edits of these lexicon categories
    (``affixation``, ``disemvoweling``, ``particle``...); ``None`` for the
    default mix. The same ``seed`` gives the same variant. Uses the shipped
    lexicons; :class:`Informalizer` takes another stack.

    >>> v = informalize("Saya sudah mengerjakan tugasnya.", intensity="heavy", seed=2)
    >>> v.text != v.source, v == informalize(v.source, intensity="heavy", seed=2)
    (True, True)
    """
    return default_informalizer().informalize(text, intensity, categories, seed)


def informalize_text(text: str, intensity: str | float | Intensity = "medium",
                     categories: Iterable[str] | None = None, seed: int = 0) -> str:
    """Just the text of :func:`informalize`.

    >>> informalize_text("Saya tidak tahu.", seed=3) == informalize("Saya tidak tahu.", seed=3).text
    True
    """
    return informalize(text, intensity, categories, seed).text


# -- helpers -------------------------------------------------------------------------------------


def _reversible(entry: Entry) -> bool:
    """An entry that can stand in for its formal form anywhere: it changes the form, has no
    context condition, and is not meant for one direction only."""
    return entry.changes_form and not entry.context and entry.category != "keep"


def _wanted(option: Option, region: str, allowed: frozenset[str] | None,
            regional: bool) -> bool:
    if allowed is not None and option.category not in allowed:
        return False
    if allowed is None and option.category in NOT_DEFAULT:
        return False
    if option.category == "regional" or region not in COMMON_REGIONS:
        return regional
    return True


def _frequency(entry: Entry) -> int:
    if entry.register in UNSAFE_REGISTERS:
        return 0   # never chosen: min_frequency is at least 1
    return int(entry.frequency) if entry.frequency.isdigit() else DEFAULT_FREQUENCY


def _check_categories(categories: Iterable[str] | None) -> frozenset[str] | None:
    if categories is None:
        return None
    if isinstance(categories, str):
        categories = [categories]
    chosen = frozenset(categories)
    unknown = sorted(chosen - set(VARIANT_CATEGORIES))
    if unknown:
        raise NusalingoError(
            f"unknown categor{'y' if len(unknown) == 1 else 'ies'} {', '.join(map(repr, unknown))}"
            f"; use the lexicon categories: {', '.join(VARIANT_CATEGORIES)}")
    return chosen


def _weighted(items: Sequence[T], weights: Sequence[float], draw: float) -> T:
    """The item that a uniform ``draw`` in [0, 1) picks, each with its weight."""
    bounds = list(itertools.accumulate(weights))
    return items[min(bisect.bisect_right(bounds, draw * bounds[-1]), len(items) - 1)]


def _eligible(tokens: Sequence[Token], index: int) -> bool:
    """A word that may change: not an acronym, not a name inside a sentence."""
    word = tokens[index].text
    letters = [ch for ch in word if ch.isalpha()]
    if not letters or (len(letters) > 1 and all(ch.isupper() for ch in letters)):
        return False
    if not word[0].isupper():
        return True
    previous = next((t for t in reversed(tokens[:index]) if t.kind != SPACE), None)
    return previous is None or (previous.kind == PUNCT and previous.text[-1] in _SENTENCE_END)


def _match_phrase(tokens: Sequence[Token], index: int, words: Sequence[str]) -> int | None:
    position = index
    for number, word in enumerate(words):
        if number:
            if position + 2 >= len(tokens) or tokens[position + 1].text != " ":
                return None
            position += 2
        token = tokens[position] if position < len(tokens) else None
        if token is None or token.kind != WORD or token.text.lower() != word:
            return None
    return position


@cache
def _postposed() -> frozenset[str]:
    lines = (DATA / "postposed.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _postpose(text: str, change: Change, following: Token) -> Change:
    """``sangat enak`` -> ``enak banget``: the intensifier goes after the next word."""
    moved = following.text
    if moved.islower():
        moved = match_case(change.original, moved)
    intensifier = change.replacement.lower() if change.original[:1].isupper() \
        and not change.original.isupper() else change.replacement
    return change._replace(end=following.end, original=text[change.start:following.end],
                           replacement=f"{moved} {intensifier}")


def _last_word(tokens: Sequence[Token]) -> int | None:
    """The last word of the text (before its closing punctuation)."""
    for index in range(len(tokens) - 1, -1, -1):
        if tokens[index].kind == WORD:
            return index
    return None


def _particles(lexicon: Lexicon) -> tuple[tuple[str, str, int, str], ...]:
    rows = []
    lines = PARTICLES_FILE.read_text(encoding="utf-8").splitlines()
    body = [line for line in lines if line and not line.startswith("#")]
    for number, line in enumerate(body[1:], start=2):
        cells = line.split("\t")
        if len(cells) != 3 or cells[1] not in ("start", "end") or not cells[2].isdigit():
            raise NusalingoError(f"{PARTICLES_FILE}: row {number} is not 'particle<TAB>start|end"
                                 f"<TAB>weight': {line!r}")
        entry = next((e.id for e in lexicon.lookup(cells[0]) if e.category == "particle"), "")
        rows.append((cells[0], cells[1], int(cells[2]), entry))
    return tuple(rows)


def _suffixes(word: str) -> list[tuple[str, str]]:
    out = [(word, "")]
    for suffix in ("kan", "i"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            out.append((word[:-len(suffix)], suffix))
    return out


def _colloquial_nasal(root: str) -> list[tuple[str, str]]:
    """The colloquial nasal forms of a root: ``kerja`` -> ``ngerja``, ``cari`` -> ``nyari``."""
    formal = men(root)
    if syllables(root) <= 1:
        return [("nge" + root, "nge")]
    first = root[0]
    if first in "ktps" and not formal.startswith(("meng" + first, "mem" + first, "men" + first)):
        return [(formal[2:], "nasal")]          # ngerja, nulis, mukul, nyapu
    if first in "aiueo":
        return [("ng" + root, "nasal")]         # ngambil
    if first == "c":
        return [("ny" + root[1:], "nasal")]     # nyari
    return [("nge" + root, "nge"), (root, "bare_root")]   # ngebantu, bantu


def _affix(form: str, kind: str, suffix: str) -> Option:
    attested = word_frequency(form) > 0
    if kind == "nasal":
        kind = "suffix_in" if suffix else "nge"
    frequency = _attested(form) if attested else PRODUCTIVE[kind]
    if not attested and not suffix and kind in ("nge", "bare_root"):
        frequency = 2   # without -in the bare or nge- form is less certain to be read right
    return Option(form, "colloquial_affixes", "affixation", frequency)


def _attested(form: str) -> int:
    """A frequency (1-5) from how often Indonesian text has the form (wordfreq's Zipf scale)."""
    zipf = math.log10(word_frequency(form) * 1e9) if word_frequency(form) > 0 else 0.0
    return 5 if zipf >= 4.5 else 4 if zipf >= 4 else 3 if zipf >= 3.5 else 2


def _is_root(word: str) -> bool:
    return word in indonesian_words()


def _dedupe(options: Iterable[Option], word: str) -> tuple[Option, ...]:
    seen = {word}
    out = []
    for option in options:
        if option.informal not in seen:
            seen.add(option.informal)
            out.append(option)
    return tuple(out)


__all__ = [
    "PRESETS",
    "VARIANT_CATEGORIES",
    "Informalizer",
    "Intensity",
    "Option",
    "Variant",
    "affix_options",
    "default_informalizer",
    "disemvowel_options",
    "informalize",
    "informalize_text",
    "letter_number_options",
    "reduplication_options",
    "sound_options",
    "stretch",
]
