"""A preposition written together with its noun: ``dirumah`` -> ``di rumah``.

Standard spelling writes the prepositions di and ke apart from the word they
govern, and the prefix di- together with a verb. The normalizer tells them
apart (``Normalizer.locative``): di- before a word that also takes meN- is the
passive prefix (``dimakan``), so it stays. The noun goes through the lexicon
first, so ``dirmh`` gives ``di rumah``.
"""

from __future__ import annotations

from collections.abc import Iterator

from nusalingo.rules import Candidate, Resolver, rule


@rule("preposition_split", "spelling")
def preposition_split(word: str, resolver: Resolver) -> Iterator[Candidate]:
    """Write di and ke apart from a noun."""
    found = resolver.locative(word)
    if found is None:
        return
    preposition, rest = found
    resolved = resolver.resolve(rest, frozenset({"preposition_split"}))
    if resolved is None:
        yield Candidate(f"{preposition} {rest}")
    else:
        yield Candidate(f"{preposition} {resolved.text}", resolved.entry, resolved.trace)
