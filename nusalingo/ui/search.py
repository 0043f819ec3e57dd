"""Finding entries: by substring, by regular expression, and by spelling similarity.

Informal spellings of one word differ in vowels left out (``bgt``), letters
stretched (``bangettt``) and small slips (``bnget``), so similarity compares
two keys besides the plain form: the form with repeated letters collapsed,
and its consonant *skeleton* (first letter kept, later vowels dropped). A
query whose skeleton is a subsequence of a form's skeleton (``bgt`` in
``bngt``) also counts, since that is how abbreviations are made.

>>> skeleton("bangettt"), skeleton("bgt"), skeleton("Banget")
('bngt', 'bgt', 'bngt')
>>> index = SearchIndex.from_forms(["banget", "bisa", "sangat", "tidak"])
>>> [form for form, _ in index.similar("bgt")]
['banget']
>>> [form for form, _ in index.similar("bangettt")]
['banget']
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import regex
from rapidfuzz import fuzz, process

# stdlib re for these three: they run on every form of the lexicon, and re is faster here
_REPEATS = re.compile(r"(.)\1+")
_NOT_ALNUM = re.compile(r"[^\w ]|_")
_NO_VOWELS = str.maketrans("", "", "aeiou")  # a word's later vowels go; its first letter stays
#: Scores (0-100) below this are not shown.
MIN_SCORE = 75.0
#: The time a regular expression may take over the whole lexicon, in seconds.
REGEX_BUDGET = 2.0


def collapse(form: str) -> str:
    """Lower case, repeated letters once, punctuation out: ``Bangeeet!`` -> ``banget``."""
    lowered = form.lower()
    if not lowered.replace(" ", "").isalnum():  # most forms are plain words: skip the regex
        lowered = _NOT_ALNUM.sub("", lowered)
    collapsed: str = _REPEATS.sub(r"\1", lowered)
    return collapsed


def skeleton(form: str) -> str:
    """The consonant skeleton: ``banget`` -> ``bngt`` (the first letter of a word stays)."""
    return keys(form)[1]


def keys(form: str) -> tuple[str, str]:
    """Both similarity keys of a form, ``(collapse(form), skeleton(form))``, in one go."""
    collapsed = collapse(form)
    bones = " ".join(w[:1] + w[1:].translate(_NO_VOWELS) for w in collapsed.split(" "))
    return collapsed, bones


def _is_subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(ch in letters for ch in short)


@dataclass(frozen=True)
class SearchIndex:
    """The distinct forms of a lexicon with their similarity keys, built once and shared."""

    forms: tuple[str, ...]
    collapsed: tuple[str, ...]
    skeletons: tuple[str, ...]
    _by_first: Mapping[str, tuple[int, ...]] = field(repr=False)

    @classmethod
    def from_forms(cls, forms: Iterable[str]) -> SearchIndex:
        """Index forms (lower-cased, each once)."""
        return cls.from_keys({f: keys(f) for f in {f.lower() for f in forms if f}})

    @classmethod
    def from_keys(cls, computed: Mapping[str, tuple[str, str]]) -> SearchIndex:
        """Index forms whose keys were computed already (one layer at a time)."""
        ordered = sorted(computed)
        skeletons = tuple(computed[f][1] for f in ordered)
        by_first: dict[str, list[int]] = {}
        for number, skel in enumerate(skeletons):
            if skel:
                by_first.setdefault(skel[0], []).append(number)
        return cls(tuple(ordered), tuple(computed[f][0] for f in ordered), skeletons,
                   {k: tuple(v) for k, v in by_first.items()})

    def similar(self, query: str, limit: int = 200) -> list[tuple[str, float]]:
        """Forms spelled like ``query``, best first, with a score from 0 to 100."""
        wanted, bones = keys(query)
        if not wanted:
            return []
        scores: dict[int, float] = {}

        def keep(number: int, score: float) -> None:
            if score > scores.get(number, 0.0):
                scores[number] = score

        for _, score, number in process.extract(wanted, self.collapsed, scorer=fuzz.ratio,
                                                score_cutoff=MIN_SCORE, limit=None):
            keep(number, score)
        if bones:
            for _, score, number in process.extract(bones, self.skeletons, scorer=fuzz.ratio,
                                                    score_cutoff=MIN_SCORE, limit=None):
                keep(number, 0.95 * score)
        if len(bones) >= 2:
            for number in self._by_first.get(bones[0], ()):
                candidate = self.skeletons[number]
                if len(bones) < len(candidate) <= len(bones) + 3 and \
                        _is_subsequence(bones, candidate):
                    keep(number, 85.0 - 2 * (len(candidate) - len(bones)))
        kept = {n: s for n, s in scores.items() if s >= MIN_SCORE}
        ranked = sorted(kept.items(), key=lambda item: (-item[1], self.forms[item[0]]))
        return [(self.forms[n], round(s, 1)) for n, s in ranked[:limit]]


class SearchError(ValueError):
    """A query that cannot run, with a message for the user."""


def regex_matches(pattern: str, values: Iterable[str],
                  budget: float = REGEX_BUDGET) -> set[str]:
    """The values in which ``pattern`` is found (case-insensitive), within a time budget.

    >>> sorted(regex_matches(r"^b.*t$", ["banget", "bisa", "bgt"]))
    ['banget', 'bgt']
    """
    try:
        compiled = regex.compile(pattern, regex.IGNORECASE)
    except regex.error as exc:
        raise SearchError(f"The regular expression {pattern!r} does not parse: {exc}. "
                          "Fix it, or switch the search to 'substring'.") from None
    deadline = time.monotonic() + budget
    found = set()
    try:
        for value in values:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            if compiled.search(value, timeout=remaining):
                found.add(value)
    except TimeoutError:
        raise SearchError(f"The regular expression {pattern!r} took longer than {budget:g} s "
                          "over the lexicon; make it more specific (anchor it with ^ or $, "
                          "avoid nested repeats).") from None
    return found
