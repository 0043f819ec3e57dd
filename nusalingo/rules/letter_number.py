"""Digits written for letters (alay): ``s4y4`` -> ``saya``, ``b3nar`` -> ``benar``.

>>> sorted(c.text for c in spellings("b3l1"))
['beli', 'bell']
>>> list(spellings("eg713315489kr"))  # more digits than letters: a code
[]
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from nusalingo.rules import Candidate, Resolver, rule

#: What each digit stands for; ``2`` is left to reduplication.
DIGITS = {"4": "a", "3": "e", "1": "il", "0": "o", "5": "s", "7": "t", "9": "g", "6": "gb",
          "8": "b"}
MAX_VARIANTS = 16


def spellings(word: str) -> Iterator[Candidate]:
    """Every reading of the digits in a word that also has letters."""
    if word.isalpha() or not any(ch in DIGITS for ch in word):
        return  # no digit (most words: the quick test first)
    alphabetic = sum(ch.isalpha() for ch in word)
    if alphabetic < 2 or alphabetic < len(word) - alphabetic:
        return  # "3x" is three times, not "ex"; "tbs000020314169" is a code, not a spelling
    options = [DIGITS.get(ch, ch) if ch in DIGITS else ch for ch in word]
    for count, letters in enumerate(itertools.product(*options)):
        if count >= MAX_VARIANTS:
            return
        yield Candidate("".join(letters))


@rule("letter_number", "letter-number")
def letter_number(word: str, resolver: Resolver) -> Iterator[Candidate]:
    """Read digits as the letters they look like."""
    del resolver
    yield from spellings(word)
