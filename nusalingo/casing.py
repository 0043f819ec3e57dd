"""Give a replacement the case pattern of the word it replaces.

Lexicon targets are stored in their dictionary case (lower case, or a name's
own capitals); the source decides how they are written in the output.

>>> match_case("Gak", "tidak"), match_case("GAK", "tidak"), match_case("gak", "tidak")
('Tidak', 'TIDAK', 'tidak')
>>> match_case("Gpp", "tidak apa-apa"), match_case("jkt", "Jakarta")
('Tidak apa-apa', 'Jakarta')
"""

from __future__ import annotations


def case_pattern(source: str) -> str:
    """``upper``, ``title`` or ``lower``: how the source word is written.

    A single capital letter counts as title case (``W`` for ``gw`` at the
    start of a sentence), mixed case as lower case (``gAk`` is noise).
    """
    letters = [ch for ch in source if ch.isalpha()]
    if not letters:
        return "lower"
    if len(letters) > 1 and all(ch.isupper() for ch in letters):
        return "upper"
    if letters[0].isupper() and not any(ch.isupper() for ch in letters[1:]):
        return "title"
    return "lower"


def match_case(source: str, target: str) -> str:
    """``target`` written in the case pattern of ``source``."""
    pattern = case_pattern(source)
    if pattern == "upper":
        return target.upper()
    if pattern == "title":
        return target[:1].upper() + target[1:]
    return target
