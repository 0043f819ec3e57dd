"""Rules for the words that no lexicon entry lists: one module per family.

A rule is a small pure function that proposes candidate spellings for an
unknown word; the normalizer accepts a candidate only when it is a known
word (a lexicon form, a formal word, or a regular affixed form of a formal
root). Rules are registered by name, and that name is the same string in the
configuration, in explanations and in evaluation reports.

>>> sorted(RULES)  # doctest: +NORMALIZE_WHITESPACE
['clitics', 'colloquial_affixes', 'digit_reduplication', 'letter_number',
 'preposition_split', 'repeated_letters', 'sound_changes', 'word_split']
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import NamedTuple, Protocol


class Resolved(NamedTuple):
    """How a word was resolved: its text, the entry used (if any) and the steps taken."""

    text: str
    entry: str
    trace: tuple[str, ...]


class Candidate(NamedTuple):
    """A rule's proposal; ``entry`` and ``trace`` carry what resolved its parts."""

    text: str
    entry: str = ""
    trace: tuple[str, ...] = ()


class Resolver(Protocol):
    """What a rule may ask of the normalizer about words."""

    def known(self, word: str) -> bool:
        """A formal word, a lexicon form, or a regular form of a formal root."""

    def attested(self, word: str) -> bool:
        """Listed as a word (word lists, lexicon targets), not merely regular."""

    def seen(self, word: str) -> bool:
        """Listed, or found in written Indonesian (wordfreq): a word people write."""

    def resolve(self, word: str, exclude: frozenset[str]) -> Resolved | None:
        """The formal form of a word through the lexicon and the other rules."""

    def root(self, word: str, exclude: frozenset[str]) -> Resolved | None:
        """The formal root of a colloquial root (``bener`` -> ``benar``, ``bikin`` -> ``buat``)."""

    def lemma(self, word: str) -> str | None:
        """The lemma of an inflected formal word (``bermain`` -> ``main``), if listed."""

    def common(self, word: str) -> bool:
        """A formal word or lexicon form that is common in written Indonesian."""

    def frequency(self, word: str) -> float:
        """How often the word occurs in written Indonesian (wordfreq)."""

    def category(self, entry_id: str) -> str:
        """The category of a lexicon entry."""

    def locative(self, word: str) -> tuple[str, str] | None:
        """(preposition, noun) for ``dirumah``-like words, else ``None``."""


CandidateFunction = Callable[[str, Resolver], Iterator[Candidate]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered rule: its name, the lexicon category it stands for, its function."""

    name: str
    category: str
    description: str
    candidates: CandidateFunction


RULES: dict[str, Rule] = {}


def rule(name: str, category: str) -> Callable[[CandidateFunction], CandidateFunction]:
    """Register a candidate function under ``name`` (its docstring is its description)."""

    def register(func: CandidateFunction) -> CandidateFunction:
        RULES[name] = Rule(name, category, (func.__doc__ or "").strip().split("\n")[0], func)
        return func

    return register


# Importing the modules registers their rules.
from nusalingo.rules import (  # noqa: E402
    affixes,
    clitics,
    letter_number,
    prepositions,
    reduplication,
    repeated_letters,
    sound_changes,
    splitting,
)

__all__ = [
    "RULES",
    "Candidate",
    "Resolved",
    "Resolver",
    "Rule",
    "affixes",
    "clitics",
    "letter_number",
    "prepositions",
    "reduplication",
    "repeated_letters",
    "rule",
    "sound_changes",
    "splitting",
]
