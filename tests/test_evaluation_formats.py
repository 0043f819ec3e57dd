"""Reading the three kinds of gold data, and clear errors for broken files."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import DATA

from nusalingo.evaluation import (
    GoldDataError,
    detect_kind,
    read_pairs,
    read_sentences,
    read_tokens,
    sentence_files,
)

TOY = DATA / "evaluation"


def test_token_file_keeps_sentences_merges_and_line_numbers() -> None:
    sentences = read_tokens(TOY / "toy.norm")
    assert len(sentences) == 4
    assert sentences[2].raw == ("ga", "pa", "pa", "kok")
    assert sentences[2].gold == ("tidak apa-apa", "", "", "kok")
    assert [s.line for s in sentences] == [1, 8, 14, 19]


def test_token_file_without_tab_names_file_line_and_value() -> None:
    with pytest.raises(GoldDataError) as info:
        read_tokens(TOY / "broken_tab.norm")
    message = str(info.value)
    assert "broken_tab.norm:2" in message
    assert "'banyak kata tanpa tab'" in message
    assert "raw<TAB>gold" in message


def test_invalid_utf8_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.norm"
    path.write_bytes(b"gk\ttidak\n" + "caf\xe9\tcaf\xe9\n".encode("latin-1"))
    with pytest.raises(GoldDataError, match=r"latin1\.norm:2: not valid UTF-8"):
        read_tokens(path)


def test_sentences_must_be_line_aligned() -> None:
    pairs = read_sentences(TOY / "toy.inf", TOY / "toy.for")
    assert pairs[1].informal == "aku cuma mau makan"
    assert pairs[1].formal == "aku cuma mau makan ."
    assert pairs[1].line == 2
    with pytest.raises(GoldDataError, match=r"has 2 lines but .*short\.for has 1"):
        read_sentences(TOY / "short.inf", TOY / "short.for")


def test_a_unicode_line_separator_inside_a_line_does_not_shift_alignment(
        tmp_path: Path) -> None:
    (tmp_path / "a.inf").write_text("gk\u2028tau\nyg\n", encoding="utf-8")
    (tmp_path / "a.for").write_text("tidak tahu\nyang\n", encoding="utf-8")
    assert len(read_sentences(tmp_path / "a.inf", tmp_path / "a.for")) == 2


def test_pairs_in_indocollex_and_plain_headers() -> None:
    indocollex = read_pairs(TOY / "toy.csv")
    assert (indocollex[0].informal, indocollex[0].formal, indocollex[0].tag) == (
        "gk", "tidak", "disemvoweling")
    assert indocollex[-1].formal == "tidak apa-apa"
    plain = read_pairs(TOY / "toy_train.csv")
    assert [(p.informal, p.formal, p.tag) for p in plain] == [("tau", "tahu", ""),
                                                               ("bgt", "banget", "")]
    with pytest.raises(GoldDataError, match=r"bad_header\.csv:1: .*informal,formal"):
        read_pairs(TOY / "bad_header.csv")


def test_empty_formal_form_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "pairs.csv"
    path.write_text("informal,formal\ngk,tidak\nyg,\n", encoding="utf-8")
    with pytest.raises(GoldDataError, match=r"pairs\.csv:3: the formal form is empty"):
        read_pairs(path)


@pytest.mark.parametrize(("names", "kind"), [
    (["toy.norm"], "tokens"),
    (["toy.norm", "toy_train.norm"], "tokens"),
    (["toy.inf", "toy.for"], "sentences"),
    (["toy.csv"], "pairs"),
])
def test_kind_is_detected(names: list[str], kind: str) -> None:
    assert detect_kind([TOY / n for n in names]) == kind


def test_two_plain_text_files_are_sentences_in_the_order_given(tmp_path: Path) -> None:
    (tmp_path / "informal.txt").write_text("gk tau\n", encoding="utf-8")
    (tmp_path / "formal.txt").write_text("tidak tahu\n", encoding="utf-8")
    files = [tmp_path / "informal.txt", tmp_path / "formal.txt"]
    assert detect_kind(files) == "sentences"
    assert sentence_files(files) == tuple(files)


def test_formal_file_first_is_put_in_order() -> None:
    assert sentence_files([TOY / "toy.for", TOY / "toy.inf"]) == (TOY / "toy.inf",
                                                                  TOY / "toy.for")


def test_undetectable_kind_asks_for_kind(tmp_path: Path) -> None:
    path = tmp_path / "words.txt"
    path.write_text("gk tau\n", encoding="utf-8")
    with pytest.raises(GoldDataError, match="--kind"):
        detect_kind([path])


def test_missing_file_is_named() -> None:
    with pytest.raises(GoldDataError, match=r"nothing\.norm: no such file"):
        read_tokens(TOY / "nothing.norm")
