"""Corpus files in every format, through ``normalize_file``: what goes in comes out, in order."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import threading
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from support import DATA

from nusalingo import Normalizer
from nusalingo.corpus import normalize_file
from nusalingo.corpus.formats import Columns, detect_format, open_reader
from nusalingo.corpus.problems import Problems
from nusalingo.errors import NusalingoError

CORPUS = DATA / "corpus"


@pytest.fixture(scope="module")
def normalizer() -> Normalizer:
    return Normalizer(CORPUS / "lexicon.tsv")


def test_plain_text_line_by_line(normalizer: Normalizer, tmp_path: Path) -> None:
    out = tmp_path / "formal.txt"
    summary = normalize_file(CORPUS / "chat.txt", out, normalizer=normalizer)
    lines = (CORPUS / "chat.txt").read_text(encoding="utf-8").splitlines()
    assert out.read_text(encoding="utf-8").splitlines() == [normalizer.normalize(t)
                                                            for t in lines]
    assert out.read_text(encoding="utf-8").splitlines()[0].startswith("tidak tahu deh, saya")
    assert summary.documents == 4
    assert summary.tokens == sum(len(t.split()) for t in lines)
    assert summary.changed == 3
    assert summary.errors == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["formal.txt"]


def test_byte_order_mark_and_crlf_are_not_text(normalizer: Normalizer, tmp_path: Path) -> None:
    out = tmp_path / "formal.txt"
    normalize_file(CORPUS / "windows.txt", out, normalizer=normalizer)
    assert out.read_text(encoding="utf-8") == "tidak tahu\nsudah sampai\n"


def test_csv_gets_a_new_column_and_keeps_quoting(normalizer: Normalizer,
                                                 tmp_path: Path) -> None:
    out = tmp_path / "formal.csv"
    summary = normalize_file(CORPUS / "reviews.csv", out, normalizer=normalizer,
                             column="text")
    with open(CORPUS / "reviews.csv", encoding="utf-8", newline="") as handle:
        source = list(csv.DictReader(handle))
    with open(out, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["id", "text", "rating", "text_normalized"]
    assert [r["id"] for r in rows] == ["1", "2", "3", "4"]
    assert [r["text"] for r in rows] == [r["text"] for r in source]  # untouched
    assert [r["text_normalized"] for r in rows] == [normalizer.normalize(r["text"])
                                                    for r in source]
    assert rows[1]["text_normalized"].startswith("tidak sesuai\n")  # a quoted line break
    assert rows[2]["text_normalized"].startswith('yang ini "lumayan" karena')
    assert summary.documents == 4


def test_csv_replace_and_output_column(normalizer: Normalizer, tmp_path: Path) -> None:
    replaced = tmp_path / "replaced.csv"
    normalize_file(CORPUS / "reviews.csv", replaced, normalizer=normalizer, column="text",
                   replace=True)
    frame = pd.read_csv(replaced)
    assert list(frame.columns) == ["id", "text", "rating"]
    assert frame["text"].iloc[3] == "sudah sampai"
    named = tmp_path / "named.csv"
    normalize_file(CORPUS / "reviews.csv", named, normalizer=normalizer, column="text",
                   output_column="formal")
    assert list(pd.read_csv(named).columns) == ["id", "text", "rating", "formal"]


def test_tsv(normalizer: Normalizer, tmp_path: Path) -> None:
    out = tmp_path / "formal.tsv"
    normalize_file(CORPUS / "reviews.tsv", out, normalizer=normalizer, column="text")
    assert out.read_text(encoding="utf-8").splitlines() == [
        "id\ttext\trating\ttext_normalized",
        "1\tbarangnya bgs bgt\t5\t" + normalizer.normalize("barangnya bgs bgt"),
        "2\tgk sesuai gambar\t1\ttidak sesuai gambar",
        '3\t"lumayan" krn murah\t4\t"lumayan" karena murah']  # no quoting in TSV


def test_json_lines_keep_every_field_and_null(normalizer: Normalizer, tmp_path: Path) -> None:
    out = tmp_path / "formal.jsonl"
    summary = normalize_file(CORPUS / "chats.jsonl", out, normalizer=normalizer,
                             column="text")
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [1, 2, 3]  # the blank line is no document
    assert list(records[0]) == ["id", "user", "text", "text_normalized"]
    assert records[0]["text_normalized"] == "saya sudah sampai"
    assert records[1]["text_normalized"] is None
    assert records[2]["text_normalized"] == normalizer.normalize(records[2]["text"])
    assert "\U0001F44D" in out.read_text(encoding="utf-8")  # written as is, not escaped
    assert summary.documents == 3


def _parquet(path: Path, texts: list[str | None], row_group_size: int = 2) -> None:
    table = pa.table({"id": pa.array(range(len(texts)), pa.int64()),
                      "teks": pa.array(texts, pa.string()),
                      "skor": pa.array([0.5] * len(texts), pa.float64())})
    pq.write_table(table, path, row_group_size=row_group_size)


def test_parquet_batch_by_batch(normalizer: Normalizer, tmp_path: Path) -> None:
    texts = ["gk tau", None, "gw udh makan", "", "brg bgs bgt", "makasih"] * 5
    source = tmp_path / "chat.parquet"
    _parquet(source, texts)
    out = tmp_path / "formal.parquet"
    summary = normalize_file(source, out, normalizer=normalizer, column="teks", chunk_size=4)
    table = pq.read_table(out)
    assert table.column_names == ["id", "teks", "skor", "teks_normalized"]
    assert table.column("id").to_pylist() == list(range(len(texts)))
    assert table.column("teks").to_pylist() == texts
    assert table.column("teks_normalized").to_pylist() == [
        None if t is None else normalizer.normalize(t) for t in texts]
    assert summary.documents == len(texts)
    replaced = tmp_path / "replaced.parquet"
    normalize_file(source, replaced, normalizer=normalizer, column="teks", replace=True)
    assert pq.read_table(replaced).column_names == ["id", "teks", "skor"]
    assert pq.read_table(replaced).column("teks").to_pylist()[0] == "tidak tahu"


def test_parquet_written_by_pandas_reads_back_with_its_index(normalizer: Normalizer,
                                                             tmp_path: Path) -> None:
    frame = pd.DataFrame({"teks": ["gk tau", "udh"]}, index=pd.Index([10, 20], name="no"))
    frame.to_parquet(tmp_path / "in.parquet")
    normalize_file(tmp_path / "in.parquet", tmp_path / "out.parquet", normalizer=normalizer,
                   column="teks")
    back = pd.read_parquet(tmp_path / "out.parquet")
    assert back.index.tolist() == [10, 20]
    assert back["teks_normalized"].tolist() == ["tidak tahu", "sudah"]


def test_parquet_text_column_must_hold_text(normalizer: Normalizer, tmp_path: Path) -> None:
    _parquet(tmp_path / "chat.parquet", ["gk"])
    with pytest.raises(NusalingoError, match=r"column 'skor' holds double, not text"):
        normalize_file(tmp_path / "chat.parquet", tmp_path / "out.parquet",
                       normalizer=normalizer, column="skor")
    assert not (tmp_path / "out.parquet").exists()


@pytest.mark.parametrize(("name", "flag"), [("reviews.csv", "column"),
                                            ("chats.jsonl", "field")])
def test_missing_column_names_those_that_exist(normalizer: Normalizer, tmp_path: Path,
                                               name: str, flag: str) -> None:
    with pytest.raises(NusalingoError) as info:
        normalize_file(CORPUS / name, tmp_path / name, normalizer=normalizer, column="teks")
    message = str(info.value)
    assert "no " in message and "'teks'" in message
    assert "'id'" in message and "'text'" in message
    assert f"nothing was written to {tmp_path / name}" in message
    with pytest.raises(NusalingoError, match=f"pass --{flag} NAME"):
        normalize_file(CORPUS / name, tmp_path / name, normalizer=normalizer)
    assert list(tmp_path.iterdir()) == []


def test_missing_parquet_column(normalizer: Normalizer, tmp_path: Path) -> None:
    _parquet(tmp_path / "chat.parquet", ["gk"])
    with pytest.raises(NusalingoError, match=r"no column 'text'; the columns are 'id', "
                                             r"'teks', 'skor'"):
        normalize_file(tmp_path / "chat.parquet", tmp_path / "out.parquet",
                       normalizer=normalizer, column="text")


def test_new_column_must_not_exist_already(normalizer: Normalizer, tmp_path: Path) -> None:
    with pytest.raises(NusalingoError, match="already a column 'rating'"):
        normalize_file(CORPUS / "reviews.csv", tmp_path / "out.csv", normalizer=normalizer,
                       column="text", output_column="rating")


@pytest.mark.parametrize("suffix", [".txt", ".csv", ".tsv", ".jsonl", ".parquet"])
def test_empty_input_gives_empty_output(normalizer: Normalizer, tmp_path: Path,
                                        suffix: str) -> None:
    source = tmp_path / f"empty{suffix}"
    shutil.copy(CORPUS / "empty.txt", source)
    out = tmp_path / f"out{suffix}"
    summary = normalize_file(source, out, normalizer=normalizer, column=None)
    assert out.exists() and out.read_bytes() == b""
    assert summary.documents == 0


def test_csv_with_a_header_only_keeps_the_header(normalizer: Normalizer,
                                                 tmp_path: Path) -> None:
    (tmp_path / "in.csv").write_text("id,text\n", encoding="utf-8")
    normalize_file(tmp_path / "in.csv", tmp_path / "out.csv", normalizer=normalizer,
                   column="text")
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == "id,text,text_normalized\n"


def test_standard_input_and_output_streams(normalizer: Normalizer) -> None:
    out = io.StringIO()
    summary = normalize_file(None, None, normalizer=normalizer,
                             stdin=io.BytesIO(b"gk tau\nudh\n"), stdout=out)
    assert out.getvalue() == "tidak tahu\nsudah\n"
    assert summary.output == "standard output"


def test_changes_file_replays_to_the_output(normalizer: Normalizer, tmp_path: Path) -> None:
    from nusalingo import Change, apply_changes

    out, changes = tmp_path / "out.csv", tmp_path / "changes.jsonl"
    summary = normalize_file(CORPUS / "reviews.csv", out, normalizer=normalizer,
                             column="text", changes=changes)
    records = [json.loads(line) for line in changes.read_text(encoding="utf-8").splitlines()]
    assert set(records[0]) == {"document", "line", "start", "end", "original", "replacement",
                               "step", "entry", "category"}
    assert records[0]["entry"].startswith("corpus-")
    rows = pd.read_csv(out, keep_default_na=False)
    for number, row in enumerate(rows.itertuples(), start=1):
        found = [Change(r["start"], r["end"], r["original"], r["replacement"], r["step"])
                 for r in records if r["document"] == number]
        assert apply_changes(row.text, found) == row.text_normalized
    assert [r["line"] for r in records if r["document"] == 4] == [6, 6]  # after the 2-line row
    assert summary.changes == len(records)


def test_explain_writes_one_json_line_a_document(normalizer: Normalizer,
                                                 tmp_path: Path) -> None:
    out = tmp_path / "explained.jsonl"
    normalize_file(CORPUS / "chat.txt", out, normalizer=normalizer, explain=True)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["line"] for r in records] == [1, 2, 3, 4]
    assert records[0]["source"] == "gk tau deh, gw udh makan"
    assert records[0]["changes"][0]["original"] == "gk"
    assert records[1]["changes"] == []


def test_format_from_extension_or_name() -> None:
    assert detect_format(Path("a.CSV"), None) == "csv"
    assert detect_format(Path("a.ndjson"), None) == "jsonl"
    assert detect_format(Path("a.inf"), None) == "txt"
    assert detect_format(Path("a.txt"), "tsv") == "tsv"
    with pytest.raises(NusalingoError, match="--format jsonl"):
        detect_format(Path("a.json"), None)
    with pytest.raises(NusalingoError, match="--format must be one of"):
        detect_format(None, "xlsx")


def test_output_over_the_input_or_in_another_format_is_refused(normalizer: Normalizer,
                                                               tmp_path: Path) -> None:
    shutil.copy(CORPUS / "chat.txt", tmp_path / "chat.txt")
    with pytest.raises(NusalingoError, match="is the input: write to another file"):
        normalize_file(tmp_path / "chat.txt", tmp_path / "chat.txt", normalizer=normalizer)
    assert (tmp_path / "chat.txt").read_bytes() == (CORPUS / "chat.txt").read_bytes()
    with pytest.raises(NusalingoError, match=r"written as csv, like the input.*out\.csv"):
        normalize_file(CORPUS / "reviews.csv", tmp_path / "out.jsonl", normalizer=normalizer,
                       column="text")


def test_reader_streams_before_the_input_ends() -> None:
    """The first chunk comes out while the input is still open: nothing waits for the end."""
    read_end, write_end = os.pipe()
    writer = os.fdopen(write_end, "wb")
    writer.write(b"gk\n" * 10)
    writer.flush()
    reader = open_reader("txt", os.fdopen(read_end, "rb"), Problems("pipe"), Columns(None), 5)
    chunks = reader.chunks()
    result: list[list[str | None]] = []
    thread = threading.Thread(target=lambda: result.append(next(chunks).texts))
    thread.start()
    thread.join(timeout=30)
    try:
        assert result == [["gk"] * 5]
    finally:
        writer.close()
