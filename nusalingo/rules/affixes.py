"""Colloquial affixes rewritten as formal ones.

- nasal prefixes ``N-``/``nge-``: ``nyari`` -> ``mencari``, ``ngecek`` -> ``mengecek``;
- the suffix ``-in``: ``-kan`` or ``-i`` (``ngerjain`` -> ``mengerjakan``,
  ``bacain`` -> ``bacakan``, ``dibeliin`` -> ``dibelikan``);
- ``ke-`` for the accidental passive: ``kebawa`` -> ``terbawa``,
  ``kepikiran`` -> ``terpikirkan``;
- ``di-`` with a colloquial root: ``dipake`` -> ``dipakai``.

Forms listed in a word list are preferred over forms that are merely regular,
so ``nyari`` gives ``mencari`` (listed) rather than ``menyari``.
"""

from __future__ import annotations

from collections.abc import Iterator

from nusalingo.morphology import VOWELS, men
from nusalingo.rules import Candidate, Resolved, Resolver, rule

SELF = frozenset({"colloquial_affixes"})
#: Formal prefixes that colloquial text keeps, in front of a root it does not.
FORMAL_PREFIXES = ("ber", "ter", "per", "se")
#: Entries that only respell a word: safe to reuse under a formal prefix.
SPELLINGS = frozenset({"spelling", "typo", "vowel-change", "sound-change", "disemvoweling",
                       "repeated-letters"})


def nasal_roots(stem: str) -> list[str]:
    """Roots a colloquial nasal-prefixed stem may come from, likeliest first."""
    if stem.startswith("ng") and len(stem) > 3:
        rest = stem[2:]
        roots = ["k" + rest, rest] if rest[0] in VOWELS else [rest] if rest[0] in "lr" else []
        if stem.startswith("nge") and len(stem) > 4:
            roots.append(stem[3:])  # nge- before a one-syllable or any root: ngecek, ngelamar
        return roots
    if stem.startswith("ny") and len(stem) > 3:
        rest = stem[2:]
        return ["c" + rest, "s" + rest] if rest[0] in VOWELS else []
    if stem[:1] == "m" and len(stem) > 3 and stem[1] in VOWELS:
        return ["p" + stem[1:]]
    if stem[:1] == "n" and len(stem) > 3 and stem[1] in VOWELS:
        return ["t" + stem[1:]]
    return []


def _suffixed(base: str, has_in: bool, resolver: Resolver, bare: bool = False,
              prefix: str = "") -> list[str]:
    """``-in`` as ``-kan`` or ``-i`` (or, after a prefix, nothing), listed forms first.

    A bare root with ``-in`` is an imperative or a bare passive (``bacain`` ->
    ``bacakan``), which always keeps a suffix. Word lists hold few imperatives
    and passives; where the active verb is listed (``meributkan``), its
    ``di-`` and bare forms are as regular (``diributkan``, ``ributkan``).
    """
    if not has_in:
        return [prefix + base]
    options = [base + "kan", base + "i"] + ([] if bare else [base])
    listed = [prefix + o for o in options if resolver.attested(prefix + o)]
    if not listed and (bare or prefix == "di"):
        listed = [prefix + o for o in options if o != base and resolver.attested(men(o))]
    return listed or [prefix + o for o in options if resolver.seen(prefix + o)]


def _root(word: str, resolver: Resolver) -> Resolved | None:
    return resolver.root(word, SELF)


@rule("colloquial_affixes", "affixation")
def colloquial_affixes(word: str, resolver: Resolver) -> Iterator[Candidate]:
    """Rewrite colloquial prefixes and the suffix -in as formal affixes."""
    has_in = word.endswith("in") and len(word) > 5
    stem = word[:-2] if has_in else word
    proposals: list[tuple[bool, Candidate]] = []

    def propose(forms: list[str], root: Resolved, vouched: bool = False) -> None:
        for form in forms:  # only forms people write: no "rajinkan", "mengundan"
            if form != word and (vouched or resolver.seen(form)):
                proposals.append(
                    (resolver.attested(form), Candidate(form, root.entry, root.trace)))

    if stem.startswith("di") and len(stem) > 4:
        root = _root(stem[2:], resolver)
        if root is not None and (has_in or root.text != stem[2:]):
            propose(_suffixed(root.text, has_in, resolver, prefix="di"), root, vouched=has_in)
    elif not has_in and stem.startswith(FORMAL_PREFIXES):
        # a formal prefix on a colloquial or misspelled root: "beraktifitas"
        prefix = next(p for p in FORMAL_PREFIXES if stem.startswith(p))
        root = _root(stem[len(prefix):], resolver)
        if root is not None and root.text != stem[len(prefix):] and (
                not root.entry or resolver.category(root.entry) in SPELLINGS):
            propose([prefix + root.text], root)  # not "sekam" from "se" + regional "kam"
    elif stem.startswith("ke") and len(stem) > 4:
        inner, confix = (stem[2:-2], True) if stem.endswith("an") else (stem[2:], False)
        root = _root(inner, resolver)
        if root is not None:
            forms = [f"ter{root.text}kan", f"ter{root.text}"] if confix else [f"ter{root.text}"]
            propose([f for f in forms if resolver.attested(f)] or forms, root)
    else:
        for candidate in nasal_roots(stem):
            root = _root(candidate, resolver)
            if root is not None:
                propose(_suffixed(men(root.text), has_in, resolver), root)
        if has_in and not proposals:
            root = _root(stem, resolver)
            if root is not None:
                propose(_suffixed(root.text, has_in, resolver, bare=True), root, vouched=True)
    # listed forms first, then the order of proposal
    for _, proposal in sorted(proposals, key=lambda item: not item[0]):
        yield proposal
