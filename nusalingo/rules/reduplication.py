"""Reduplication written with a digit (``anak2`` -> ``anak-anak``) or apart.

The digit repeats the base; with a prefix only the root repeats (``bermain2``
-> ``bermain-main``, ``menari2`` -> ``menari-nari``), and a suffix or clitic
after the digit follows the whole (``main2an`` -> ``main-mainan``,
``hati2nya`` -> ``hati-hatinya``). The base is normalized first, so
``temen2`` gives ``teman-teman``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

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
    if word.isalpha():  # neither a 2 nor a hyphen (most words: the quick test first)
        return
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


def spaced_pairs(words: Sequence[str], reduplicable: Callable[[str], bool]) -> list[int]:
    """Where a word is written twice in a row as a reduplication: ``orang orang``.

    Standard spelling joins a reduplication with a hyphen (``orang-orang``).
    A word said three times or more is repetition for emphasis, not a
    reduplication, and is left alone; ``reduplicable`` says which words may
    reduplicate (Indonesian words, not particles, laughter or English).
    Returns the index of the first word of each pair.

    >>> spaced_pairs(["orang", "orang", "datang", "ya", "ya"], lambda w: w != "ya")
    [0]
    >>> spaced_pairs(["cepat", "cepat", "cepat"], lambda w: True)
    []
    """
    found = []
    lowered = [w.lower() for w in words]
    index = 0
    while index + 1 < len(words):
        word = lowered[index]
        if word and word == lowered[index + 1] \
                and (index == 0 or lowered[index - 1] != word) \
                and (index + 2 == len(words) or lowered[index + 2] != word) \
                and reduplicable(word):
            found.append(index)
            index += 2
        else:
            index += 1
    return found
