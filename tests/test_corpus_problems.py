"""Bad input: undecodable bytes by ``errors``, malformed rows by ``on_bad_row``, counted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import DATA

from nusalingo import Normalizer
from nusalingo.corpus import BadInputError, normalize_file
from nusalingo.corpus.problems import FIRST, Problems
from nusalingo.errors import NusalingoError

CORPUS = DATA / "corpus"


@pytest.fixture(scope="module")
def normalizer() -> Normalizer:
    return Normalizer(CORPUS / "lexicon.tsv")


def test_strict_stops_at_the_first_undecodable_line(normalizer: Normalizer,
                                                    tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    with pytest.raises(BadInputError) as info:
        normalize_file(CORPUS / "undecodable.txt", out, normalizer=normalizer)
    message = str(info.value)
    assert "undecodable.txt: line 2 is not valid UTF-8 (byte 0xff at column 5)" in message
    assert "--errors replace" in message and "--errors skip" in message
    assert "nothing was written" in message
    assert list(tmp_path.iterdir()) == []


def test_replace_keeps_every_line_and_counts_them(normalizer: Normalizer,
                                                  tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    summary = normalize_file(CORPUS / "undecodable.txt", out, normalizer=normalizer,
                             errors="replace")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5
    assert lines[0] == "tidak tahu"
    assert "\ufffd" in lines[1] and lines[1].startswith("barang ")
    assert lines[4] == "sudah sampai"
    assert summary.documents == 5
    assert summary.errors == 2
    assert summary.problems == ["2 undecodable line(s) replaced (line 2, 4)"]
    assert "errors: 2 undecodable line(s) replaced (line 2, 4)" in summary.render()


def test_skip_leaves_the_lines_out(normalizer: Normalizer, tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    summary = normalize_file(CORPUS / "undecodable.txt", out, normalizer=normalizer,
                             errors="skip")
    assert out.read_text(encoding="utf-8").splitlines() == [
        "tidak tahu", normalizer.normalize("makasih"), "sudah sampai"]
    assert summary.documents == 3
    assert summary.problems == ["2 undecodable line(s) skipped (line 2, 4)"]


def test_undecodable_csv_row(normalizer: Normalizer, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    with pytest.raises(BadInputError, match="line 3 is not valid UTF-8"):
        normalize_file(CORPUS / "undecodable.csv", out, normalizer=normalizer, column="text")
    summary = normalize_file(CORPUS / "undecodable.csv", out, normalizer=normalizer,
                             column="text", errors="skip")
    assert out.read_text(encoding="utf-8").splitlines() == [
        "id,text,text_normalized", "1,gk tau,tidak tahu", "3,udh sampe,sudah sampai"]
    assert summary.errors == 1


def test_malformed_csv_rows_fail_with_their_line(normalizer: Normalizer,
                                                 tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    with pytest.raises(BadInputError) as info:
        normalize_file(CORPUS / "reviews_bad.csv", out, normalizer=normalizer, column="text")
    message = str(info.value)
    assert "reviews_bad.csv: line 3: 4 field(s) where the header has 3" in message
    assert "--on-bad-row skip" in message
    assert not out.exists()


def test_malformed_csv_rows_skipped_and_counted(normalizer: Normalizer,
                                                tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    summary = normalize_file(CORPUS / "reviews_bad.csv", out, normalizer=normalizer,
                             column="text", on_bad_row="skip")
    rows = out.read_text(encoding="utf-8").splitlines()
    assert [r.split(",")[0] for r in rows] == ["id", "1", "4"]
    assert summary.documents == 2
    assert summary.errors == 2
    (problem,) = summary.problems
    assert problem.startswith("2 malformed row(s) skipped (line 3: 4 field(s)")
    assert "line 4: not a valid row (',' expected after '\"')" in problem


def test_malformed_json_lines(normalizer: Normalizer, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    with pytest.raises(BadInputError, match=r"chats_bad.jsonl: line 2: not valid JSON"):
        normalize_file(CORPUS / "chats_bad.jsonl", out, normalizer=normalizer, column="text")
    summary = normalize_file(CORPUS / "chats_bad.jsonl", out, normalizer=normalizer,
                             column="text", on_bad_row="skip")
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [1, 6]
    assert records[1]["text_normalized"] == "yang mana"
    (problem,) = summary.problems
    assert problem.startswith("4 malformed row(s) skipped (line 2: not valid JSON")
    assert "line 3: a JSON list where an object was expected" in problem
    assert "line 4: no field 'text' (it has the field(s) 'id')" in problem
    assert "line 5: field 'text' holds 12, not text" in problem


def test_only_the_first_line_numbers_are_kept() -> None:
    tally = Problems("big.txt", errors="replace")
    for line in range(1, 101):
        assert tally.decode(b"\xff", line) == "\ufffd"
    assert tally.undecodable == 100
    assert tally.undecodable_lines == list(range(1, FIRST + 1))
    assert tally.describe() == ["100 undecodable line(s) replaced (line 1, 2, 3, 4, 5, ...)"]


@pytest.mark.parametrize(("options", "message"), [
    ({"errors": "ignore"}, "--errors must be one of strict, replace, skip"),
    ({"on_bad_row": "warn"}, "--on-bad-row must be one of skip, fail"),
    ({"workers": 0}, "--workers must be 1 or more"),
    ({"chunk_size": 0}, "--chunk-size must be 1 or more"),
    ({"column": "text"}, "--column is for CSV, TSV, JSON Lines and Parquet"),
    ({"replace": True}, "--replace is for CSV"),
])
def test_bad_options_are_refused_before_anything_is_read(
        normalizer: Normalizer, tmp_path: Path, options: dict[str, object],
        message: str) -> None:
    with pytest.raises(NusalingoError, match=message):
        normalize_file(CORPUS / "chat.txt", tmp_path / "out.txt", normalizer=normalizer,
                       **options)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_explain_is_for_plain_text(normalizer: Normalizer, tmp_path: Path) -> None:
    with pytest.raises(NusalingoError, match="pass --changes FILE"):
        normalize_file(CORPUS / "reviews.csv", tmp_path / "out.csv", normalizer=normalizer,
                       column="text", explain=True)


def test_missing_input_and_missing_folder(normalizer: Normalizer, tmp_path: Path) -> None:
    with pytest.raises(NusalingoError, match=r"nope\.txt: no such file"):
        normalize_file(tmp_path / "nope.txt", tmp_path / "out.txt", normalizer=normalizer)
    with pytest.raises(NusalingoError, match="does not exist; create it first"):
        normalize_file(CORPUS / "chat.txt", tmp_path / "sub" / "out.txt",
                       normalizer=normalizer)
