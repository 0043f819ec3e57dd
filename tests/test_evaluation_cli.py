"""``nusalingo evaluate`` and ``nusalingo learn`` as a user runs them, in a subprocess."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import DATA, ROOT, run_cli

from nusalingo.config import RULE_ORDER

TOY = DATA / "evaluation"
LEXICON = str(TOY / "lexicon.tsv")
#: Only the fixture lexicon acts, so the figures are the hand-computed ones.
LEXICON_ONLY = ["--lexicon", LEXICON, *[a for r in RULE_ORDER for a in ("--disable", r)]]


def test_evaluate_tokens_json() -> None:
    result = run_cli("evaluate", str(TOY / "toy.norm"), "--train", str(TOY / "toy_train.norm"),
                     "--json", *LEXICON_ONLY)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["kind"] == "tokens"
    assert report["err"] == pytest.approx(66.67)
    assert report["ignoring_case"]["err"] == 75.0
    assert report["baselines"]["leave_as_is"]["err"] == 0.0
    assert report["baselines"]["mfr"]["err"] == pytest.approx(8.33)
    assert report["by_step"]["lexicon"]["net"] == 7
    assert report["by_category"]["disemvoweling"]["right"] >= 1
    assert report["normalizer"]["options"]["sound_changes"] is False


def test_evaluate_tokens_table_with_errors() -> None:
    result = run_cli("evaluate", str(TOY / "toy.norm"), "--train", str(TOY / "toy_train.norm"),
                     "--errors", "3", *LEXICON_ONLY)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "66.67" in out and "leave as is" in out and "MFR" in out
    assert "changes by step" in out and "changes by category" in out
    assert "most frequent errors (3)" in out
    assert "ev-7" in out and "hanya" in out


def test_evaluate_sentences_json() -> None:
    result = run_cli("evaluate", str(TOY / "toy.for"), str(TOY / "toy.inf"), "--json",
                     *LEXICON_ONLY)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["kind"] == "sentences"
    assert report["files"][0].endswith("toy.inf")  # put in order by the extensions
    assert report["bleu"] > report["baselines"]["copy_input"]["bleu"]
    assert report["signature"]["bleu"].startswith("nrefs:1|case:mixed")
    assert report["words"]["right"] == 4


def test_evaluate_pairs_json() -> None:
    result = run_cli("evaluate", str(TOY / "toy.csv"), "--train", str(TOY / "toy_train.csv"),
                     "--json", *LEXICON_ONLY)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["accuracy"] == pytest.approx(66.67)
    assert report["by_tag"]["shorten"]["accuracy"] == 100.0
    assert report["baselines"]["copy_input"]["accuracy"] == 0.0
    assert report["baselines"]["mfr"]["accuracy"] == pytest.approx(33.33)


@pytest.mark.parametrize(("args", "message"), [
    (["broken_tab.norm"], "broken_tab.norm:2: expected raw<TAB>gold"),
    (["short.inf", "short.for"], "must be line-aligned"),
    (["bad_header.csv"], "bad_header.csv:1:"),
    (["toy.norm", "--kind", "words"], "--kind must be one of tokens, sentences, pairs"),
    (["toy.norm", "--errors", "-1"], "--errors must be 0 or more"),
    (["toy.inf", "toy.for", "--train", "toy_train.norm"], "drop --train"),
    (["nothing.norm"], "nothing.norm: no such file"),
    (["toy.norm", "--disable", "spelling"], "--disable 'spelling': no such step"),
])
def test_evaluate_bad_input_is_a_clear_error(args: list[str], message: str) -> None:
    files = [str(TOY / a) if a.endswith((".norm", ".inf", ".for", ".csv")) else a
             for a in args]
    result = run_cli("evaluate", *files, "--lexicon", LEXICON)
    assert result.returncode == 1, result.stdout
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_learn_then_evaluate_with_the_learned_layer(tmp_path: Path) -> None:
    output = tmp_path / "learned.tsv"
    learned = run_cli("learn", str(TOY / "learn.norm"), "-o", str(output), "--lexicon", LEXICON)
    assert learned.returncode == 0, learned.stderr
    assert f"wrote 4 proposed entries to {output}" in learned.stdout
    assert "2 would make a chain" in learned.stdout
    valid = run_cli("lexicon", "validate", LEXICON, str(output))
    assert valid.returncode == 0, valid.stdout + valid.stderr
    scores = []
    for extra in ([], ["--lexicon", str(output), "--include-proposed"]):
        result = run_cli("evaluate", str(TOY / "learn.norm"), "--json", "--lexicon", LEXICON,
                         *extra)
        assert result.returncode == 0, result.stderr
        scores.append(json.loads(result.stdout)["err"])
    assert scores[1] > scores[0]


def test_learn_from_parallel_sentences_with_overrides(tmp_path: Path) -> None:
    output = tmp_path / "learned.tsv"
    result = run_cli("learn", str(TOY / "learn.inf"), str(TOY / "learn.for"), "-o", str(output),
                     "--lexicon", LEXICON, "--overrides", "--min-count", "2")
    assert result.returncode == 0, result.stderr
    assert "wrote 1 proposed entries" in result.stdout
    rows = output.read_text(encoding="utf-8").splitlines()
    assert rows[1].split("\t")[1:3] == ["jg", "juga"]


def test_learn_refuses_an_output_that_is_not_tsv(tmp_path: Path) -> None:
    result = run_cli("learn", str(TOY / "learn.norm"), "-o", str(tmp_path / "learned.csv"),
                     "--lexicon", LEXICON)
    assert result.returncode == 1
    assert "ends in .tsv" in result.stderr
    assert "Traceback" not in result.stderr


def _matches(documented: object, actual: object) -> bool:
    """The documented JSON equals the actual one, where it is not shortened to '…'."""
    if documented == "…":
        return True
    if isinstance(documented, dict):
        return isinstance(actual, dict) and all(
            key == "…" or (key in actual and _matches(value, actual[key]))
            for key, value in documented.items())
    if isinstance(documented, list):
        return isinstance(actual, list) and len(documented) == len(actual) and all(
            _matches(d, a) for d, a in zip(documented, actual, strict=True))
    return documented == actual


def test_json_example_in_the_docs_is_what_the_command_prints() -> None:
    doc = (ROOT / "docs" / "evaluation.md").read_text(encoding="utf-8")
    example = doc.split("shortened where it says `…`):\n\n```json\n", 1)[1].split("```", 1)[0]
    result = run_cli("evaluate", "tests/data/evaluation/toy.norm", "--train",
                     "tests/data/evaluation/toy_train.norm", "--lexicon",
                     "tests/data/evaluation/lexicon.tsv", "--disable", "sound_changes",
                     "--errors", "1", "--json", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert _matches(json.loads(example), json.loads(result.stdout))
