"""``nusalingo normalize`` on corpus files, in a subprocess as a user runs it."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import random
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from support import DATA, run_cli

from nusalingo import Normalizer

CORPUS = DATA / "corpus"
LEXICON = str(CORPUS / "lexicon.tsv")
WORDS = ["gk", "tau", "gw", "udh", "makan", "bgt", "brg", "bgs", "yg", "krn", "sampe",
         "makasih", "cpt", "rumah", "wkwk", "anak2", "bangeeet", ",", "?", "😂"]


def generated(path: Path, lines: int, seed: int = 3) -> list[str]:
    """A corpus of informal lines, each numbered so that its place can be checked."""
    rng = random.Random(seed)
    texts = [f"{' '.join(rng.choices(WORDS, k=rng.randint(1, 12)))} no{n}"
             for n in range(lines)]
    path.write_text("".join(f"{t}\n" for t in texts), encoding="utf-8")
    return texts


@pytest.fixture(scope="module")
def normalizer() -> Normalizer:
    return Normalizer(LEXICON)


def test_summary_goes_to_stderr_and_quiet_silences_it() -> None:
    result = run_cli("normalize", "--lexicon", LEXICON, input="gk tau\nudh\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "tidak tahu\nsudah\n"
    assert "normalized 2 documents (3 tokens)" in result.stderr
    assert "changes: 2 documents changed" in result.stderr
    assert "errors: none" in result.stderr
    assert "tokens/s" not in result.stderr  # no progress bar in a pipe
    quiet = run_cli("normalize", "--lexicon", LEXICON, "--quiet", input="gk tau\n")
    assert quiet.stdout == "tidak tahu\n"
    assert quiet.stderr == ""


def test_problems_are_reported_even_when_quiet() -> None:
    result = run_cli("normalize", str(CORPUS / "undecodable.txt"), "--lexicon", LEXICON,
                     "--errors", "skip", "-q")
    assert result.returncode == 0
    assert result.stderr == "errors: 2 undecodable line(s) skipped (line 2, 4)\n"


def test_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    source = tmp_path / "chat.txt"
    generated(source, 3000)
    command = [sys.executable, "-m", "nusalingo", "normalize", str(source), "-o",
               str(tmp_path / "out.txt"), "--lexicon", LEXICON, "--chunk-size", "100"]

    def on_terminal(*extra: str) -> str:
        main, secondary = pty.openpty()
        fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
        process = subprocess.Popen([*command, *extra], stderr=secondary,
                                   stdout=subprocess.DEVNULL)
        os.close(secondary)
        seen = b""
        while True:
            try:
                data = os.read(main, 65536)
            except OSError:  # the terminal closed with the process
                break
            if not data:
                break
            seen += data
        assert process.wait(timeout=120) == 0
        os.close(main)
        return seen.decode("utf-8", "replace")

    shown = on_terminal()
    assert "docs/s" in shown and "tokens/s" in shown and "%|" in shown
    assert "normalized 3,000 documents" in shown
    assert on_terminal("--quiet") == ""
    piped = subprocess.run(command, capture_output=True, text=True, check=True)
    assert "tokens/s" not in piped.stderr and "%|" not in piped.stderr
    assert "normalized 3,000 documents" in piped.stderr


def test_two_workers_keep_the_input_order(tmp_path: Path, normalizer: Normalizer) -> None:
    source = tmp_path / "chat.txt"
    texts = generated(source, 4000)
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    first = run_cli("normalize", str(source), "-o", str(one), "--lexicon", LEXICON,
                    "--chunk-size", "37")
    second = run_cli("normalize", str(source), "-o", str(two), "--lexicon", LEXICON,
                     "--chunk-size", "37", "--workers", "2")
    assert first.returncode == 0 and second.returncode == 0, second.stderr
    expected = [normalizer.normalize(t) for t in texts]
    assert one.read_text(encoding="utf-8").splitlines() == expected
    assert two.read_text(encoding="utf-8").splitlines() == expected
    assert "normalized 4,000 documents" in second.stderr


def test_workers_with_csv_and_changes(tmp_path: Path, normalizer: Normalizer) -> None:
    texts = generated(tmp_path / "plain.txt", 500)
    source = tmp_path / "in.csv"
    source.write_text("no,text\n" + "".join(f'{n},"{t}"\n' for n, t in enumerate(texts)),
                      encoding="utf-8")
    out, changes = tmp_path / "out.csv", tmp_path / "changes.jsonl"
    result = run_cli("normalize", str(source), "-o", str(out), "--column", "text",
                     "--changes", str(changes), "--workers", "2", "--chunk-size", "9",
                     "--lexicon", LEXICON)
    assert result.returncode == 0, result.stderr
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "no,text,text_normalized"
    assert [r.split(",", 1)[0] for r in rows[1:]] == [str(n) for n in range(500)]
    records = [json.loads(line) for line in changes.read_text(encoding="utf-8").splitlines()]
    expected = sum(len(normalizer.explain(t).changes) for t in texts)
    assert len(records) == expected
    assert f"changes: {expected:,} in" in result.stderr
    assert records == sorted(records, key=lambda r: (r["document"], r["start"]))


def test_explain_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "explained.jsonl"
    result = run_cli("normalize", str(CORPUS / "chat.txt"), "--explain", "-o", str(out),
                     "--lexicon", LEXICON)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert records[0]["text"].startswith("tidak tahu deh")
    assert result.stdout == ""


def test_parquet_from_the_command_line(tmp_path: Path) -> None:
    source = tmp_path / "chat.parquet"
    pq.write_table(pa.table({"teks": ["gk tau", None, "brg bgs"]}), source)
    out = tmp_path / "formal.parquet"
    result = run_cli("normalize", str(source), "-o", str(out), "--lexicon", LEXICON,
                     "--workers", "2", "--chunk-size", "1")
    assert result.returncode == 0, result.stderr
    assert pq.read_table(out).column("teks_normalized").to_pylist() == [
        "tidak tahu", None, "barang bagus"]
    refused = run_cli("normalize", str(source), "--lexicon", LEXICON)
    assert refused.returncode == 1
    assert "Parquet output needs a file: pass -o PATH" in refused.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["reviews.csv", "--field", "text"], "csv has columns, not fields: pass --column text"),
    (["chats.jsonl", "--column", "text"], "JSON Lines has fields, not columns: pass --field"),
    (["reviews.csv", "--column", "text", "--replace", "--output-column", "x"],
     "drop --output-column, or drop --replace"),
    (["chat.txt", "--workers", "0"], "--workers must be 1 or more"),
    (["chat.txt", "--field", "text"], "--field is for CSV, TSV, JSON Lines and Parquet"),
    (["reviews.csv", "--column", "teks"], "no column 'teks'; the columns are 'id', 'text', "
                                          "'rating'"),
    (["reviews_bad.csv", "--column", "text"], "line 3: 4 field(s) where the header has 3"),
    (["chat.txt", "--errors", "ignore"], "--errors must be one of strict, replace, skip"),
])
def test_user_mistakes_are_one_clear_line(args: list[str], message: str) -> None:
    result = run_cli("normalize", str(CORPUS / args[0]), *args[1:], "--lexicon", LEXICON)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_closed_pipe_stops_quietly(tmp_path: Path) -> None:
    source = tmp_path / "chat.txt"
    generated(source, 50_000)
    process = subprocess.Popen(
        [sys.executable, "-m", "nusalingo", "normalize", str(source), "--lexicon", LEXICON],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # like `| head -1`
    errors = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0
    assert first.decode().endswith("no0\n")
    assert "Traceback" not in errors
