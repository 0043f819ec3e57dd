"""Guess which kind of change leads from a formal form to an informal one.

Learned entries need a category, and the evaluation groups the words the
normalizer missed by kind, so that linguists see which kinds of entries are
lacking. The guess looks only at the two spellings, with simple checks tried
from the most to the least specific; a reviewer corrects it in the editor.

>>> [guess_category(i, f) for i, f in [("yg", "yang"), ("bangeeet", "banget"),
...     ("anak2", "anak-anak"), ("udah", "sudah"), ("bener", "benar"), ("bikin", "buat")]]
['disemvoweling', 'repeated-letters', 'reduplication', 'clipping', 'vowel-change', \
'colloquial-word']
"""

from __future__ import annotations

import difflib
import itertools

import regex

from nusalingo.rules.letter_number import spellings
from nusalingo.wordlists import english_words, indonesian_words

VOWELS = frozenset("aiueo")
_RUN = regex.compile(r"(.)\1+")
#: Spelling variants this similar (difflib's ratio) count as the same word.
SIMILAR = 0.75


def guess_category(informal: str, formal: str) -> str:
    """A category of ``lexicons/README.md`` for the change ``formal`` -> ``informal``."""
    i, f = informal.lower().strip(), formal.lower().strip()
    if not i or not f or i == f:
        return "spelling"
    if _RUN.sub(r"\1", i) == _RUN.sub(r"\1", f) and regex.search(r"(.)\1\1", i):
        return "repeated-letters"
    if _is_reduplication(i, f):
        return "reduplication"
    if any(ch.isdigit() for ch in i) and any(c.text == f for c in spellings(i)):
        return "letter-number"
    words = f.split()
    if " " not in i and len(words) > 1:
        initials = "".join(w[0] for w in words)
        return "abbreviation" if i == initials or _is_subsequence(i, f.replace(" ", "")) \
            else "colloquial-word"
    if " " in i or " " in f:
        return "spelling" if _similar(i, f) else "colloquial-word"
    if _is_subsequence(i, f) and _vowels(i) < _vowels(f) \
            and not f.startswith(i) and not f.endswith(i):
        return "disemvoweling"
    if f.startswith(i) or f.endswith(i):
        return "clipping"
    if _is_affixation(i, f):
        return "affixation"
    if len(i) == len(f):
        differing = [(a, b) for a, b in zip(i, f, strict=True) if a != b]
        if differing and all(a in VOWELS and b in VOWELS for a, b in differing):
            return "vowel-change"
    if _is_sound_change(i, f):
        return "sound-change"
    if i in english_words() and i not in indonesian_words() and f not in english_words():
        return "loanword"
    if _similar(i, f):
        return "spelling"
    return "colloquial-word"


def _is_reduplication(i: str, f: str) -> bool:
    if "-" not in f:
        return False
    base = f.split("-", 1)[0]
    return bool(base) and (i in (f.replace("-", ""), f.replace("-", " "))
                           or i.startswith((base + "2", f"{base} {base}")))


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def _vowels(word: str) -> int:
    return sum(ch in VOWELS for ch in word)


def _is_affixation(i: str, f: str) -> bool:
    suffix = i.endswith("in") and (f.endswith(("kan", "i")) and not f.endswith("in"))
    prefix = i.startswith(("nge", "ng", "ny")) and f.startswith(("me", "pe"))
    passive = i.startswith("ke") and f.startswith("ter") and i[2:] == f[3:]
    return suffix or prefix or passive


def _is_sound_change(i: str, f: str) -> bool:
    """Diphthongs spoken as single vowels (sampai -> sampe), a dropped h (tahu -> tau)."""
    variants = {f.replace("ai", "e"), f.replace("au", "o"), f.replace("h", ""),
                f.replace("ai", "e").replace("h", ""), f.replace("au", "o").replace("h", "")}
    if i in variants:
        return True
    # one consonant spoken differently (pake/pakai aside): same length, one difference
    if len(i) == len(f):
        differing = [(a, b) for a, b in zip(i, f, strict=True) if a != b]
        return len(differing) == 1 and not set(itertools.chain(*differing)) <= VOWELS
    return False


def _similar(i: str, f: str) -> bool:
    return difflib.SequenceMatcher(None, i, f, autojunk=False).ratio() >= SIMILAR
