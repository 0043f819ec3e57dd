"""nusalingo: normalize colloquial Indonesian, and curate the lexicons behind it.

>>> from nusalingo import load_lexicon
>>> load_lexicon().lookup("gk")[0].formal
'tidak'
"""

from __future__ import annotations

from typing import Any

from nusalingo.config import NormalizerConfig
from nusalingo.entry import Entry
from nusalingo.errors import (
    ConflictError,
    EntryNotFoundError,
    LexiconFormatError,
    NusalingoError,
    Problem,
    ReviewPermissionError,
)
from nusalingo.lexicon import Lexicon, load_lexicon, shipped_lexicon_dir
from nusalingo.normalize import (
    Change,
    Explanation,
    Normalizer,
    apply_changes,
    shared_normalizer,
)
from nusalingo.store import LexiconStore

__version__ = "0.1.0"

def normalize(text: str, **options: Any) -> str:
    """Normalize informal Indonesian with the shipped lexicons.

    >>> normalize("gk tau")
    'tidak tahu'
    >>> normalize("gk tau", level="colloquial")
    'enggak tau'
    """
    return shared_normalizer(**options).normalize(text)


def explain(text: str, **options: Any) -> Explanation:
    """The normalized text and its list of changes (see :class:`Change`).

    >>> [(c.original, c.replacement, c.step) for c in explain("bangeeet").changes]
    [('bangeeet', 'sangat', 'repeated_letters')]
    """
    return shared_normalizer(**options).explain(text)


__all__ = [
    "Change",
    "ConflictError",
    "Entry",
    "EntryNotFoundError",
    "Explanation",
    "Lexicon",
    "LexiconFormatError",
    "LexiconStore",
    "Normalizer",
    "NormalizerConfig",
    "NusalingoError",
    "Problem",
    "ReviewPermissionError",
    "__version__",
    "apply_changes",
    "explain",
    "load_lexicon",
    "normalize",
    "shipped_lexicon_dir",
]
