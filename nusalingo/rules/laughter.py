"""Laughter (``wkwk``, ``hahaha``, ``awokawok``): recognised, kept by default.

Laughter is not an error to correct: the normalizer keeps it, and protects it
from the other rules (``hahahaaa`` is not a stretched word), or removes it
with ``drop_laughter=True``. The patterns are data, in ``data/laughter.txt``.

>>> [is_laughter(w) for w in ("wkwkwk", "hahaha", "awokawok", "hati", "aha")]
[True, True, True, False, False]
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import regex

PATTERNS = Path(__file__).resolve().parents[1] / "data" / "laughter.txt"
MAX_LENGTH = 200


@cache
def _pattern() -> regex.Pattern[str]:
    lines = PATTERNS.read_text(encoding="utf-8").splitlines()
    parts = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    return regex.compile("|".join(f"(?:{p})" for p in parts))


def is_laughter(word: str) -> bool:
    """Whether a lower-case word is laughter (at least four letters of it)."""
    if len(word) < 4 or len(word) > MAX_LENGTH:
        return len(word) > MAX_LENGTH and _pattern().fullmatch(word[:MAX_LENGTH]) is not None
    return _pattern().fullmatch(word) is not None
