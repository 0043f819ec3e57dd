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

#: What may follow the reduplication: a suffix and a clitic (``main2an``, ``hati2nya``).
_TAIL = r"(?P<tail>(?:an|kan|i)?(?:nya|ku|mu|lah|kah|pun)?)"
_PATTERN = regex.compile(rf"(?P<base>\p{{L}}{{2,}}+)[2²]{_TAIL}")
_HYPHENATED = regex.compile(rf"(?P<base>\p{{L}}{{2,}}+)-(?P=base){_TAIL}")
_PREFIXES = ("ber", "ter", "di", "se", "ke", "per")


def repeated_part(base: str, resolver: Resolver) -> str:
    """The part of ``base`` that repeats: the root after a prefix, else all of it.

    ``bermain`` repeats ``main``; ``menari`` (from ``tari``) repeats ``nari``.
    """
    lemma = resolver.lemma(base)
    if lemma is not None and lemma != base and len(lemma) < len(base):
        if base.endswith(lemma):
            return lemma
        if base.startswith("me") and not base.startswith(_PREFIXES):
            return base[2:]
    for prefix in _PREFIXES:  # "ditanya" repeats "tanya" even when no table lists it
        rest = base[len(prefix):]
        if base.startswith(prefix) and len(rest) >= 3 and resolver.attested(rest):
            return rest
    return base


@rule("digit_reduplication", "reduplication")
def digit_reduplication(word: str, resolver: Resolver) -> Iterator[Candidate]:
    """Write out reduplication marked with a 2, and normalize a reduplicated colloquial base.

    ``malem-malem`` -> ``malam-malam``: a hyphenated reduplication of a base that
    the lexicon or the rules normalize gets the base's formal form twice.
    """
    match = _PATTERN.fullmatch(word) or _HYPHENATED.fullmatch(word)
    if match is None:
        return
    base, tail = match["base"], match["tail"]
    entry, trace = "", tuple[str, ...]()
    suffixed = tail[:1] in ("a", "k", "i")  # -an, -kan, -i make another word: "main-mainan"
    whole = resolver.resolve(f"{base}2", frozenset({"digit_reduplication"})) \
        if tail and not suffixed else None
    if whole is not None:  # an entry for the reduplication itself: "cumi2" + "nya"
        yield Candidate(whole.text + tail, whole.entry, whole.trace)
        return
    if not resolver.known(base):
        exclude = frozenset({"digit_reduplication"})
        # before a suffix the base is a root: "main2an" is "main-mainan", not "bermain..."
        resolved = resolver.root(base, exclude) if suffixed else resolver.resolve(base, exclude)
        if resolved is None or " " in resolved.text:
            return
        base, entry, trace = resolved
    yield Candidate(f"{base}-{repeated_part(base, resolver)}{tail}", entry, trace)
