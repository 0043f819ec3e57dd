"""A tokenizer for chat and social-media text that keeps character offsets.

Tokens cover the text exactly, whitespace included, so that joining their
texts gives the input back and a change to one word leaves everything around
it as it was. URLs, e-mail addresses, @mentions, #hashtags, numbers, emoji and
emoticons are tokens of their own kinds, which the normalizer never changes.

Every pattern is linear: alternatives start with distinct characters or are
possessive, and there are no nested quantifiers that can backtrack.

>>> [(t.kind, t.text) for t in tokenize("Gk tau :) cek https://t.co/x @budi anak2nya")
...  if t.kind != "space"]  # doctest: +NORMALIZE_WHITESPACE
[('word', 'Gk'), ('word', 'tau'), ('emoticon', ':)'), ('word', 'cek'),
 ('url', 'https://t.co/x'), ('mention', '@budi'), ('word', 'anak2nya')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import NamedTuple

import regex

WORD, NUMBER, URL, EMAIL, MENTION, HASHTAG = "word", "number", "url", "email", "mention", "hashtag"
EMOJI, EMOTICON, PUNCT, SPACE, OTHER = "emoji", "emoticon", "punct", "space", "other"

#: Kinds the normalizer may change; every other kind passes through untouched.
CHANGEABLE = frozenset({WORD})

_ALNUM = r"[\p{L}\p{M}\p{N}]"
#: Top-level domains that make ``word.word`` a web address rather than two words.
TLDS = frozenset({
    "com", "id", "net", "org", "io", "ly", "me", "info", "biz", "xyz", "app", "dev", "gg", "tv",
    "co", "my", "sg", "edu", "gov", "be", "to", "link",
})
_URL_END = r"""[^\s<>"'.,!?;:)\]}]"""
#: A word: letters, marks and digits, with inner hyphens and apostrophes (``anak2``, ``do'a``).
WORD_PATTERN = rf"{_ALNUM}++(?:['’\-]{_ALNUM}++)*+"
_EMOJI_UNIT = r"\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier})*+"
_ALTERNATIVES = [
    r"(?P<space>\s++)",
    rf"""(?P<url>(?:https?://|www\.)(?:[^\s<>"']*{_URL_END})?)""",
    r"(?P<email>(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)++)",
    r"(?P<mention>@\w++)",
    r"(?P<hashtag>\#\w++)",
    rf"(?P<emoji>(?:{_EMOJI_UNIT})(?:\u200D{_EMOJI_UNIT})*+|\p{{Regional_Indicator}}{{2}})",
    r"(?P<emoticon>(?<!\w)(?:[:;=][-'^]?[)(\]\[DPpOo3/\\|*vV]++|<3++|\^[_.-]?\^"
    r"|-_++-|[Tt]_[Tt]|[xX][Dd]++(?!\w)))",
    rf"""(?P<dotted>(?<![\w.@])(?:{_ALNUM}++\.)++{_ALNUM}++(?:/(?:[^\s<>"']*{_URL_END})?)?)""",
    rf"(?P<word>{WORD_PATTERN})",
    r"(?P<punct>(?P<mark>[^\s\p{L}\p{M}\p{N}])(?P=mark)*+)",
]
#: The full pattern; ``_PLAIN`` lacks the ``dotted`` alternative, for re-splitting
#: a dotted run that turned out not to be a web address (``dll.``, ``2.500``).
TOKEN_RE = regex.compile("|".join(_ALTERNATIVES), regex.V0)
_PLAIN = regex.compile("|".join(a for a in _ALTERNATIVES if "dotted" not in a), regex.V0)
#: The kinds that hold word characters but are not words, with a character that any
#: text holding one must contain (a quick test before the scan).
_SPECIAL_KINDS = {"url": "/w", "email": "@", "mention": "@", "hashtag": "#",
                  "emoticon": ":;=<^_-xX", "dotted": "."}


def special_pattern(text: str) -> re.Pattern[str] | regex.Pattern[str] | None:
    """A pattern for the special tokens ``text`` may hold, or ``None`` when it holds none.

    Only the kinds whose telltale character occurs take part, and ASCII text
    gets the standard library's faster engine: the scan stays cheap on the
    chat lines that hold one emoticon or one mention.
    """
    kinds = tuple(kind for kind, marks in _SPECIAL_KINDS.items()
                  if any(mark in text for mark in marks))
    return _special(kinds, text.isascii()) if kinds else None


@cache
def _special(kinds: tuple[str, ...], ascii_only: bool) -> re.Pattern[str] | regex.Pattern[str]:
    chosen = [a for a in _ALTERNATIVES if any(f"<{k}>" in a for k in kinds)]
    if ascii_only:
        return re.compile("|".join(a.replace(_ALNUM, "[A-Za-z0-9]") for a in chosen), re.ASCII)
    return regex.compile("|".join(chosen), regex.V0)
_HAS_LETTER = regex.compile(r"\p{L}")
_KINDS = frozenset({SPACE, URL, EMAIL, MENTION, HASHTAG, EMOJI, EMOTICON, WORD})


class Token(NamedTuple):
    """A piece of the input: its kind, its text and its character span."""

    kind: str
    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Split text into tokens that cover it exactly, in order."""
    tokens: list[Token] = []
    _scan(TOKEN_RE, text, 0, len(text), tokens)
    return tokens


def _scan(pattern: regex.Pattern[str], text: str, pos: int, endpos: int,
          tokens: list[Token]) -> None:
    append = tokens.append
    for match in pattern.finditer(text, pos, endpos):
        kind = match.lastgroup or OTHER
        if kind == "mark":
            kind = PUNCT
        if kind == "dotted":
            if not is_web_address(match.group()):
                _scan(_PLAIN, text, match.start(), match.end(), tokens)
                continue
            kind = URL
        elif kind == WORD and _HAS_LETTER.search(match.group()) is None:
            kind = NUMBER
        append(Token(kind, match.group(), match.start(), match.end()))


def scan(text: str) -> Iterator[tuple[str, str]]:
    """(kind, text) of each token, without offsets: the normalizer's faster view.

    Numbers come out as words here; callers that care use :func:`tokenize`.
    """
    for match in TOKEN_RE.finditer(text):
        kind = match.lastgroup
        if kind == "dotted":
            piece = match.group()
            if is_web_address(piece):
                yield URL, piece
            else:
                for inner in _PLAIN.finditer(text, match.start(), match.end()):
                    yield (WORD if inner.lastgroup == WORD else PUNCT), inner.group()
        else:
            yield (kind if kind in _KINDS else PUNCT), match.group()


def is_web_address(dotted: str) -> bool:
    """Whether ``word.word...`` ends in a top-level domain (``tokopedia.com``)."""
    return dotted.split("/", 1)[0].rsplit(".", 1)[-1].lower() in TLDS


def word_kind(text: str) -> str:
    """The kind of a single pre-split token (for token-aligned input)."""
    tokens = tokenize(text)
    if len(tokens) == 1:
        return tokens[0].kind
    return WORD if any(t.kind == WORD for t in tokens) else OTHER
