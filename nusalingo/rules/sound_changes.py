"""Sounds written as spoken: ``sampe`` -> ``sampai``, ``bener`` -> ``benar``, ``tau`` -> ``tahu``.

Each change is a small substitution; a word gets every single change and
every pair of changes as candidates, and the normalizer keeps the first that
is a known word.

>>> [c.text for c in respellings("kalo")][:1]
['kalau']
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import regex

from nusalingo.rules import Candidate, Resolver, rule

Change = Callable[[str], list[str]]


def _sub_all(pattern: str, replacement: str) -> Change:
    compiled = regex.compile(pattern)
    expand = "\\" in replacement  # (a replacement without a group is used as it is)

    def change(word: str) -> list[str]:
        return [word[: m.start()] + (m.expand(replacement) if expand else replacement)
                + word[m.end():] for m in compiled.finditer(word, overlapped=True)]

    return change


#: The substitutions, each from the colloquial sound to the formal spelling: pattern,
#: replacement, and a string every match holds ("" if none), tested before the scan: most
#: words hold none of the rarer spellings, and the test is much quicker (these changes run
#: on every word seen for the first time, and again on each of its single changes).
SUBSTITUTIONS: tuple[tuple[str, str, str], ...] = (
    (r"e$", "ai", "e"),                    # sampe -> sampai, pake -> pakai
    (r"o$", "au", "o"),                    # kalo -> kalau, pulo -> pulau
    (r"e(?=[^aeiou]+$)", "a", "e"),        # bener -> benar, temen -> teman, dapet -> dapat
    (r"e(?=[^aeiou]+$)", "i", "e"),        # kemaren -> kemarin
    (r"(?<=[aeiou])(?=[aeiou])", "h", ""),  # tau -> tahu, liat -> lihat
    (r"^(?=[aeiou])", "h", ""),            # abis -> habis, ilang -> hilang
    (r"oe", "u", "oe"),                    # old spelling: soedah -> sudah
    (r"dj", "j", "dj"),                    # djalan -> jalan
    (r"tj", "c", "tj"),                    # tjinta -> cinta
    (r"ph", "f", "ph"),                    # photo -> foto
    (r"^[^aeiou](?=[^aeiouy])", r"\g<0>e", ""),  # dropped schwa: trjadi, slalu, kmana
)
#: Each substitution as a function of a word, after the string it needs.
CHANGES: tuple[tuple[str, Change], ...] = tuple(
    (needs, _sub_all(pattern, replacement)) for pattern, replacement, needs in SUBSTITUTIONS)


def respellings(word: str) -> Iterator[Candidate]:
    """Every single change, then every pair of changes, without repeats."""
    seen = {word}
    singles: list[str] = []
    for needs, change in CHANGES:
        if needs in word:
            for result in change(word):
                if result not in seen:
                    seen.add(result)
                    singles.append(result)
                    yield Candidate(result)
    for first in singles:
        for needs, change in CHANGES:
            if needs in first:
                for result in change(first):
                    if result not in seen:
                        seen.add(result)
                        yield Candidate(result)


#: Shorter words are too often something else; three letters only when the word is
#: written at all (``tau`` is, ``ure`` is not).
MIN_LENGTH = 3


@rule("sound_changes", "sound-change")
def sound_changes(word: str, resolver: Resolver) -> Iterator[Candidate]:
    """Respell colloquial sounds in their standard spelling."""
    if len(word) < MIN_LENGTH or word.endswith("y"):  # -y ends names and English, not Indonesian
        return
    if len(word) == MIN_LENGTH and resolver.frequency(word) == 0.0:
        return
    yield from respellings(word)
