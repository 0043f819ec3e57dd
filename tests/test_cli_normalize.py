"""``nusalingo normalize`` in a subprocess, as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

from support import DATA, run_cli


def test_stdin_to_stdout_line_by_line() -> None:
    result = run_cli("normalize", input="Gk tau deh\n\nbangeeet :)\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Tidak tahu deh\n\nsangat :)\n"


def test_file_with_explain_writes_json_lines(tmp_path: Path) -> None:
    source = tmp_path / "in.txt"
    source.write_text("gw udh\nmakan\n", encoding="utf-8")
    result = run_cli("normalize", str(source), "--explain")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records[0]["text"] == "saya sudah"
    assert records[0]["changes"][0]["entry"]
    assert records[1]["changes"] == []


def test_level_lexicon_and_switches() -> None:
    result = run_cli("normalize", "--level", "colloquial", input="gk bgt\n")
    assert result.stdout == "enggak banget\n"
    result = run_cli("normalize", "--lexicon", str(DATA / "valid" / "mini.tsv"),
                     "--disable", "repeated_letters", input="gk bangeeet\n")
    assert result.stdout == "tidak bangeeet\n"


def test_bad_option_and_bad_bytes_are_clear_errors(tmp_path: Path) -> None:
    result = run_cli("normalize", "--disable", "nope", input="gk\n")
    assert result.returncode == 1 and "no such step" in result.stderr
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"gk tau\n\xff\xfe oops\n")
    result = run_cli("normalize", str(bad))
    assert result.returncode == 1
    assert "line 2" in result.stderr and "Traceback" not in result.stderr
