"""Letters stretched for emphasis: ``bangeeet`` -> ``banget``, ``sihhh`` -> ``sih``.

A run of three or more equal letters becomes one or two of them, and so does
a doubled last letter (``kakk``); ``saat``, ``maaf`` and ``taat`` are known
words and never reach a rule.

>>> [c.text for c in stretched_spellings("bangeeet")]
['banget', 'bangeet']
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import regex

from nusalingo.rules import Candidate, Resolver, rule

_RUN = regex.compile(r"(\p{L})\1++")
MAX_RUNS = 6


def stretched_spellings(word: str) -> Iterator[Candidate]:
    """Every spelling with stretched runs shortened, shortest runs first."""
    runs = [m for m in _RUN.finditer(word) if len(m.group()) >= 3 or m.end() == len(word)]
    if not runs or len(runs) > MAX_RUNS:
        return
    options = [(1, 2) for _ in runs]
    seen = {word}
    for lengths in itertools.product(*options):
        pieces, last = [], 0
        for match, length in zip(runs, lengths, strict=True):
            pieces.append(word[last:match.start()] + match.group(1) * length)
            last = match.end()
        candidate = "".join(pieces) + word[last:]
        if candidate not in seen:
            seen.add(candidate)
            yield Candidate(candidate)


@rule("repeated_letters", "repeated-letters")
def repeated_letters(word: str, resolver: Resolver) -> Iterator[Candidate]:
    """Shorten letters repeated for emphasis."""
    del resolver
    yield from stretched_spellings(word)
