"""``nusalingo lexicon validate``: each problem of the format named by file, line and column."""

from __future__ import annotations

import json

import pytest
from support import DATA, LEXICONS, run_cli

from nusalingo.tsv import read_file
from nusalingo.validation import row_problems, validate_paths

CASES = json.loads((DATA / "broken" / "cases.json").read_text())


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_broken_fixture_is_reported_at_its_line(name: str) -> None:
    case = CASES[name]
    problems = validate_paths([DATA / "broken" / name])
    hits = [p for p in problems if p.code == case["code"]]
    assert hits, f"{name}: expected {case['code']}, got {[str(p) for p in problems]}"
    assert hits[0].line == case["line"]
    assert hits[0].column == case["column"]
    assert hits[0].file.endswith(name)


def test_cli_exits_1_and_names_file_line_and_value() -> None:
    result = run_cli("lexicon", "validate", str(DATA / "broken" / "unknown_category.tsv"))
    assert result.returncode == 1
    assert "unknown_category.tsv:3" in result.stdout
    assert "'abrev'" in result.stdout
    assert "abbreviation" in result.stdout  # says what to use instead


def test_cli_json_output_is_one_problem_per_line() -> None:
    result = run_cli("lexicon", "validate", "--json", str(DATA / "broken" / "chain.tsv"))
    assert result.returncode == 1
    problems = [json.loads(line) for line in result.stdout.splitlines()]
    assert problems[0]["code"] == "E140"
    assert problems[0]["line"] == 2


def test_valid_fixture_passes() -> None:
    result = run_cli("lexicon", "validate", str(DATA / "valid" / "mini.tsv"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 error(s)" in result.stderr + result.stdout


def test_shipped_lexicons_pass() -> None:
    result = run_cli("lexicon", "validate", str(LEXICONS))
    assert result.returncode == 0, result.stdout[-3000:]


def test_missing_path_is_a_clear_error() -> None:
    result = run_cli("lexicon", "validate", "no/such/file.tsv")
    assert result.returncode == 1
    assert "no such file" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", sorted(CASES))
def test_reader_never_crashes_on_broken_files(name: str) -> None:
    parsed = read_file(DATA / "broken" / name)
    assert len(parsed.entries) == len(parsed.rows) == len(parsed.lines)


def test_row_problems_catch_review_rules() -> None:
    row = {"id": "x-1", "informal": "gk", "formal": "tidak", "category": "disemvoweling",
           "status": "rejected", "author": "ana", "created": "2026-11-26", "version": "1",
           "reviewer": "budi", "reviewed": "2026-11-26"}
    assert [p.code for p in row_problems(row)] == ["E125"]
    assert [p.code for p in row_problems({**row, "review_note": "dup"})] == []


def test_overriding_layer_is_a_warning_not_an_error() -> None:
    problems = validate_paths([DATA / "valid"])
    assert [p.code for p in problems] == ["W150"]
    assert problems[0].severity == "warning"
