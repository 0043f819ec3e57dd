"""Replacements take the case pattern of the word they replace."""

from __future__ import annotations

import pytest

from nusalingo.casing import match_case


@pytest.mark.parametrize(("source", "target", "expected"), [
    ("gak", "tidak", "tidak"), ("Gak", "tidak", "Tidak"), ("GAK", "tidak", "TIDAK"),
    ("W", "saya", "Saya"), ("gAk", "tidak", "tidak"), ("Gpp", "tidak apa-apa", "Tidak apa-apa"),
    ("jkt", "Jakarta", "Jakarta"), ("JKT", "Jakarta", "JAKARTA"), ("2day", "today", "today"),
])
def test_match_case(source: str, target: str, expected: str) -> None:
    assert match_case(source, target) == expected
