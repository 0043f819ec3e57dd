"""The work on a chunk, and how a chunk travels between processes."""

from __future__ import annotations

import pytest

from nusalingo import Normalizer
from nusalingo.corpus.work import SEPARATOR, normalize_chunk, pack, unpack


@pytest.mark.parametrize("texts", [
    ["gk tau", "makan", ""], [""], ["", ""], [],
    ["gk tau", None],                      # a missing document: sent as a list
    [f"a{SEPARATOR}b", "c"],               # the separator inside a text: sent as a list
])
def test_packed_texts_come_back_as_they_were(texts: list[str | None]) -> None:
    packed = pack(texts)
    assert unpack(packed) == texts
    assert isinstance(packed, str) == (bool(texts) and None not in texts and not any(
        SEPARATOR in t for t in texts if t is not None))


def test_normalize_chunk_keeps_missing_documents_and_counts() -> None:
    result = normalize_chunk(Normalizer(), ["gk tau", None, "makan"], explain=True)
    assert result.texts == ["tidak tahu", None, "makan"]
    assert (result.tokens, result.changed) == (3, 1)
    assert result.changes is not None and len(result.changes) == 3 and result.changes[1] == ()
