"""Reduplication written with a digit: ``anak2`` -> ``anak-anak``.

The digit repeats the base; with a prefix only the root repeats (``bermain2``
-> ``bermain-main``, ``menari2`` -> ``menari-nari``), and a suffix or clitic
after the digit follows the whole (``main2an`` -> ``main-mainan``,
``hati2nya`` -> ``hati-hatinya``). The base is normalized first, so
``temen2`` gives ``teman-teman``.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from nusalingo.rules import Candidate, Resolver, rule

_PATTERN = regex.compile(r"(?P<base>\p{L}{2,}+)[2²](?P<tail>\p{L}*+)")
_PREFIXES = ("ber", "ter", "di", "se", "ke", "per")


def repeated_part(base: str, resolver: Resolver) -> str:
    """The part of ``base`` that repeats: the root after a prefix, else all of it.

    ``bermain`` repeats ``main``; ``menari`` (from ``tari``) repeats ``nari``.
    """
    lemma = resolver.lemma(base)
    if lemma is None or lemma == base or len(lemma) >= len(base):
        return base
    if base.endswith(lemma):
        return lemma
    if base.startswith("me") and not base.startswith(_PREFIXES):
        return base[2:]
    return base


@rule("digit_reduplication", "reduplication")
def digit_reduplication(word: str, resolver: Resolver) -> Iterator[Candidate]:
    """Write out reduplication marked with a 2."""
    match = _PATTERN.fullmatch(word)
    if match is None:
        return
    base, tail = match["base"], match["tail"]
    entry, trace = "", tuple[str, ...]()
    if not resolver.known(base):
        resolved = resolver.resolve(base, frozenset({"digit_reduplication"}))
        if resolved is None or " " in resolved.text:
            return
        base, entry, trace = resolved
    yield Candidate(f"{base}-{repeated_part(base, resolver)}{tail}", entry, trace)
