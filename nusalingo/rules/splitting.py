"""Two words written as one: ``akutuh`` -> ``aku tuh``, ``matahati`` -> ``mata hati``.

Chats drop spaces. An unknown word that is two common known words put
together is written apart; the split whose rarer half is commonest wins, and
the normalizer's frequency check keeps real words whole. Halves are at least
three letters long, except a negation in front: chats glue the short
spellings of ``tidak``, ``belum`` and ``jangan`` to the next word (``gapake``,
``gabisa``, ``blmtau``), and the lexicon says which spellings those are.
"""

from __future__ import annotations

from collections.abc import Iterator

from nusalingo.rules import Candidate, Resolver, rule

MIN_PART = 3  # shorter halves make false splits ("in di", "tes is")
MAX_LENGTH = 24
#: A written-together word this close in frequency to its rarer half is a word of its own
#: (``matahari`` is no ``mata hari``, whatever the word lists say).
OWN_WORD_RATIO = 10.0
#: Formal negations whose colloquial spellings may be shorter than MIN_PART (or rare),
#: and the longest such spelling looked at ("enggak").
NEGATIONS = frozenset({"tidak", "belum", "jangan", "bukan"})
MAX_NEGATION = 6


@rule("word_split", "spelling")
def word_split(word: str, resolver: Resolver) -> Iterator[Candidate]:
    """Put back a space between two words written together."""
    if len(word) > MAX_LENGTH or not word.isalpha():
        return
    splits = []
    for cut in range(1, len(word) - MIN_PART + 1):
        left, right = word[:cut], word[cut:]
        if not resolver.common(right):
            continue
        common = cut >= MIN_PART and resolver.common(left)
        negation = not common and cut <= MAX_NEGATION and _negation(left, resolver)
        if common or negation:
            rarer = resolver.frequency(right) if negation else \
                min(resolver.frequency(left), resolver.frequency(right))
            if resolver.frequency(word) * OWN_WORD_RATIO <= rarer:
                splits.append((rarer, cut))
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


def _negation(word: str, resolver: Resolver) -> bool:
    """A colloquial spelling of a negation (``ga``, ``gk``, ``blm``), by the lexicon."""
    resolved = resolver.resolve(word, frozenset({"word_split"}))
    return resolved is not None and resolved.text.lower() in NEGATIONS
