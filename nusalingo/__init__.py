"""nusalingo: normalize colloquial Indonesian, and curate the lexicons behind it.

>>> from nusalingo import load_lexicon
>>> load_lexicon().lookup("gk")[0].formal
'tidak'
"""

from __future__ import annotations

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
from nusalingo.store import LexiconStore

__version__ = "0.1.0"

__all__ = [
    "ConflictError",
    "Entry",
    "EntryNotFoundError",
    "Lexicon",
    "LexiconFormatError",
    "LexiconStore",
    "NusalingoError",
    "Problem",
    "ReviewPermissionError",
    "__version__",
    "load_lexicon",
    "shipped_lexicon_dir",
]
