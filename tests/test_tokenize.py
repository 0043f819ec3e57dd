"""The tokenizer keeps offsets, covers the text exactly, and protects what must not change."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nusalingo.tokenize import tokenize


@pytest.mark.parametrize(("text", "kind"), [
    ("https://t.co/AbC", "url"), ("www.kompas.com", "url"), ("tokopedia.com/promo", "url"),
    ("budi@contoh.co.id", "email"), ("@budi_s", "mention"), ("#gabut", "hashtag"),
    ("😂", "emoji"), ("👍🏽", "emoji"), ("🇮🇩", "emoji"), (":)", "emoticon"), (":v", "emoticon"),
    ("^_^", "emoticon"), ("12345", "number"), ("anak2nya", "word"), ("do'a", "word"),
    ("anak-anak", "word"), ("!!!", "punct"),
])
def test_kinds(text: str, kind: str) -> None:
    tokens = [t for t in tokenize(f"x {text} y") if t.kind != "space"]
    assert [(t.kind, t.text) for t in tokens[1:-1]] == [(kind, text)]


def test_offsets_and_trailing_punctuation_of_urls() -> None:
    text = "lihat https://t.co/x. ok"
    url = next(t for t in tokenize(text) if t.kind == "url")
    assert (url.text, text[url.start:url.end]) == ("https://t.co/x", "https://t.co/x")


def test_dotted_words_that_are_not_domains_split() -> None:
    kinds = [(t.kind, t.text) for t in tokenize("dll.dsb 2.500") if t.kind != "space"]
    assert ("url", "dll.dsb") not in kinds
    assert ("number", "2") in kinds


@given(st.text())
def test_tokens_cover_any_text_exactly(text: str) -> None:
    tokens = tokenize(text)
    assert "".join(t.text for t in tokens) == text
    assert all(text[t.start:t.end] == t.text for t in tokens)


@pytest.mark.parametrize("text", ["a" * 100_000, "1" * 10_000, "-" * 100_000, "a." * 30_000,
                                  "a.a@" * 10_000, "http://" + "." * 50_000, ":" * 50_000])
def test_adversarial_inputs_tokenize(text: str) -> None:
    tokens = tokenize(text)
    assert "".join(t.text for t in tokens) == text
