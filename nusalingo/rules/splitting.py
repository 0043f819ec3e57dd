"""Two words written as one: ``akutuh`` -> ``aku tuh``, ``matahati`` -> ``mata hati``.

Chats drop spaces. An unknown word that is two common known words put
together is written apart; the split whose rarer half is commonest wins, and
the normalizer's frequency check keeps real words whole.
"""

from __future__ import annotations

from collections.abc import Iterator

from nusalingo.rules import Candidate, Resolver, rule

MIN_PART = 3  # shorter halves make false splits ("in di", "tes is")
MAX_LENGTH = 24


@rule("word_split", "spelling")
def word_split(word: str, resolver: Resolver) -> Iterator[Candidate]:
    """Put back a space between two words written together."""
    if len(word) > MAX_LENGTH or not word.isalpha():
        return
    splits = []
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        left, right = word[:cut], word[cut:]
        if resolver.common(left) and resolver.common(right):
            splits.append((min(resolver.frequency(left), resolver.frequency(right)), cut))
    for _, cut in sorted(splits, reverse=True)[:1]:
        halves = []
        entry, trace = "", tuple[str, ...]()
        for half in (word[:cut], word[cut:]):  # each half through the lexicon: "kalo gitu"
            resolved = resolver.resolve(half, frozenset({"word_split"}))
            if resolved is None:
                halves.append(half)
            else:
                halves.append(resolved.text)
                entry, trace = entry or resolved.entry, trace or resolved.trace
        yield Candidate(" ".join(halves), entry, trace)
