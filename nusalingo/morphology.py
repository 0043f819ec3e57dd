"""Formal Indonesian affixation: building regular forms and recognising them.

The rules need two things: to build the formal form of a colloquial verb
(``kerja`` + ``-kan`` with the meN- prefix is ``mengerjakan``), and to tell
whether a word is a regular affixed form of a known root, which counts as a
known formal word even when no word list has it.

>>> men("kerja"), men("tunggu"), men("cari"), men("pukul"), men("lihat"), men("cek")
('mengerja', 'menunggu', 'mencari', 'memukul', 'melihat', 'mengecek')
>>> {"beli", "belikan"} <= analyses("dibelikannya")
True
"""

from __future__ import annotations

from collections.abc import Callable

VOWELS = frozenset("aeiou")
#: Clusters after which the root's first consonant is kept: memprotes, mentraktir.
_CLUSTER = ("pr", "pl", "tr", "kr", "kl", "sk", "sp", "st", "sl", "sw", "sy")
CLITICS = ("nya", "lah", "kah", "pun", "tah", "ku", "mu")
SUFFIXES = ("kan", "an", "i")


def syllables(word: str) -> int:
    """A rough syllable count: vowel groups, ``ai``/``au``/``oi`` counting once."""
    count, previous = 0, ""
    for ch in word:
        if ch in VOWELS and not (previous in VOWELS and previous + ch in ("ai", "au", "oi")):
            count += 1
        previous = ch
    return count


def men(root: str) -> str:
    """The meN- form of a root, with the nasal assimilation of standard Indonesian."""
    if syllables(root) <= 1:
        return "menge" + root
    first = root[:1]
    if root.startswith(_CLUSTER):
        nasal = {"p": "mem", "t": "men", "k": "meng", "s": "men"}[first]
        return nasal + root
    if first in VOWELS or first in "gh" or root.startswith("kh"):
        return "meng" + root
    if first == "k":
        return "meng" + root[1:]
    if first in "bfv":
        return "mem" + root
    if first == "p":
        return "mem" + root[1:]
    if first in "cdjz" or root.startswith("sy"):
        return "men" + root
    if first == "t":
        return "men" + root[1:]
    if first == "s":
        return "meny" + root[1:]
    return "me" + root


def pen(root: str) -> str:
    """The peN- form of a root (``pen`` + ``tulis`` = ``penulis``)."""
    return "pe" + men(root)[2:]


def analyses(word: str) -> set[str]:
    """Every root that a regular affixed form could come from (including ``word`` itself).

    Over-generates on purpose; callers keep the candidates that are known roots.
    (Loops over tuples, not generators: it runs for every word seen for the first time.)
    """
    found: set[str] = set()
    for stem in _without_clitic(word):
        for bare in _without_suffix(stem):
            found.add(bare)
            if bare.startswith(_PREFIX_STARTS):
                found |= _without_prefix(bare)
        # ke-an, pe-an, per-an, ber-an, se-nya are confixes: the prefix needs the suffix
        if stem.endswith("an") and len(stem) > 5:
            inner = stem[:-2]
            for prefix in ("ke", "per", "ber", "se"):
                if inner.startswith(prefix):
                    found.add(inner[len(prefix):])
            if inner.startswith("pe"):
                found |= _unpen(inner)
    return {f for f in found if len(f) >= 2}


def is_regular_form(word: str, is_root: Callable[[str], bool]) -> bool:
    """Whether ``word`` is a known root plus regular formal affixes."""
    return any(root != word and is_root(root) for root in analyses(word))


def _without_clitic(word: str) -> tuple[str, ...]:
    if not word.endswith(CLITICS):
        return (word,)
    return (word, *(word[: -len(clitic)] for clitic in CLITICS
                    if word.endswith(clitic) and len(word) - len(clitic) >= 3))


def _without_suffix(word: str) -> tuple[str, ...]:
    if not word.endswith(SUFFIXES):
        return (word,)
    # (no formal word ends in -ii: "pagii" is a stretched "pagi")
    return (word, *(word[: -len(suffix)] for suffix in SUFFIXES
                    if word.endswith(suffix) and len(word) - len(suffix) >= 3
                    and not (suffix == "i" and word[-len(suffix) - 1] == "i")))


_PREFIXES = ("memper", "diper", "di", "ter", "ber", "be", "bel", "se")
#: How every prefix starts (meN- too): a word that starts otherwise has none.
_PREFIX_STARTS = ("me", "di", "te", "be", "se")


def _without_prefix(word: str) -> set[str]:
    out: set[str] = set()
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            out.add(word[len(prefix):])
    out |= _unmen(word)
    return out


def _unmen(word: str) -> set[str]:
    """Roots that meN- could have produced ``word`` from."""
    if not word.startswith("me") or len(word) < 5:
        return set()
    rest = word[2:]
    out: set[str] = set()
    if rest.startswith("nge"):
        out.add(rest[3:])
    if rest.startswith("ng"):
        out |= {rest[2:], "k" + rest[2:]}
    elif rest.startswith("ny"):
        out |= {"s" + rest[2:], "ny" + rest[2:]}
    elif rest.startswith("m"):
        out |= {rest[1:], "p" + rest[1:]}
    elif rest.startswith("n"):
        out |= {rest[1:], "t" + rest[1:]}
    else:
        out.add(rest)
    return out


def _unpen(word: str) -> set[str]:
    return {root for root in _unmen("me" + word[2:]) if word.startswith("pe")}
