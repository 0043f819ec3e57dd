"""Looking at a corpus: keyword in context, and words that no entry covers yet.

>>> hits = concordance(["gw udh makan", "Udh belum?"], "udh", width=10)
>>> [(h["left"], h["form"], h["right"]) for h in hits]
[('gw', 'udh', 'makan'), ('', 'Udh', 'belum?')]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

import regex

from nusalingo.rules import Resolved
from nusalingo.rules.laughter import is_laughter

_LETTER = regex.compile(r"\p{L}")


def concordance(texts: Iterable[str], form: str, *, width: int = 40,
                limit: int = 200) -> list[dict[str, object]]:
    """Each occurrence of ``form`` as a whole word (any case), with its left and right context."""
    form = " ".join(form.split())
    if not form:
        return []
    words = [regex.escape(w) for w in form.split(" ")]
    pattern = regex.compile(r"(?<![\p{L}\p{M}\p{N}])" + r"\s+".join(words)
                            + r"(?![\p{L}\p{M}\p{N}])", regex.IGNORECASE)
    hits: list[dict[str, object]] = []
    for number, text in enumerate(texts, start=1):
        for match in pattern.finditer(text):
            left = text[max(0, match.start() - width):match.start()]
            right = text[match.end():match.end() + width]
            hits.append({"text": number, "left": " ".join(left.split()),
                         "form": match.group(), "right": " ".join(right.split())})
            if len(hits) >= limit:
                return hits
    return hits


@dataclass(frozen=True, slots=True)
class Candidate:
    """A frequent word without an entry, and what the rules would make of it."""

    word: str
    count: int
    suggestion: str
    steps: str


def candidates(counts: Counter[str], covered: Collection[str], known: Callable[[str], bool],
               resolve: Callable[[str], Resolved | None], *,
               limit: int = 30) -> list[Candidate]:
    """The most frequent words that no entry covers and that are not known formal words.

    ``covered`` holds every form with an entry (any status: a rejected one
    need not be proposed again); ``known`` and ``resolve`` come from a
    :class:`~nusalingo.normalize.Normalizer`.
    """
    out: list[Candidate] = []
    for word, count in counts.most_common():
        if len(out) >= limit:
            break
        if len(word) < 2 or word in covered or not _LETTER.search(word) or is_laughter(word):
            continue
        if known(word):
            continue
        resolved = resolve(word)
        out.append(Candidate(word, count, resolved.text if resolved else "",
                             " → ".join(resolved.trace) if resolved else ""))
    return out
