"""Clitics around a stem that is normalized on its own: ``temennya`` -> ``temannya``.

The enclitics -nya, -ku, -mu, -lah, -kah, -pun (and -tah) are taken off, the
stem goes through the lexicon and the other rules, and the clitic goes back on.
"""

from __future__ import annotations

from collections.abc import Iterator

from nusalingo.morphology import CLITICS
from nusalingo.rules import Candidate, Resolver, rule

MIN_STEM = 2


@rule("clitics", "affixation")
def clitics(word: str, resolver: Resolver) -> Iterator[Candidate]:
    """Normalize the stem under a clitic, and restore the -nya written as -ya after -n.

    ``bantuanya`` is ``bantuan`` + ``-nya`` with the two n's run together.
    """
    stem = word[:-2]
    if word.endswith("nya") and len(stem) > MIN_STEM + 1 and resolver.known(stem):
        yield Candidate(stem + "nya")
    for clitic in CLITICS:
        stem = word[: -len(clitic)]
        if not word.endswith(clitic) or len(stem) < MIN_STEM:
            continue
        # the stem's own last letter is no stretched one: "cobaanya" is not "coba-a-nya"
        resolved = resolver.resolve(stem, frozenset({"clitics", "repeated_letters"}))
        if resolved is not None and resolved.text != stem:  # "ortunya" -> "orang tuanya"
            yield Candidate(resolved.text + clitic, resolved.entry, resolved.trace)
