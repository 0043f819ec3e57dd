"""Evaluating a real normalizer on the fixtures, against figures worked out by hand.

The normalizer runs on the fixture lexicon with every rule switched off, so
its output is the lexicon's alone: see test_evaluation_scoring.py for the
token table behind the figures.
"""

from __future__ import annotations

import json

import pytest
from sacrebleu import corpus_bleu
from support import DATA

from nusalingo import Normalizer
from nusalingo.config import RULE_ORDER
from nusalingo.evaluation import (
    evaluate_pairs,
    evaluate_sentences,
    evaluate_tokens,
    read_pairs,
    read_sentences,
    read_tokens,
)
from nusalingo.evaluation.report import render, to_json

TOY = DATA / "evaluation"


@pytest.fixture(scope="module")
def normalizer() -> Normalizer:
    return Normalizer(TOY / "lexicon.tsv", **dict.fromkeys(RULE_ORDER, False))


def test_tokens_report(normalizer: Normalizer) -> None:
    report = evaluate_tokens(normalizer, read_tokens(TOY / "toy.norm"),
                             read_tokens(TOY / "toy_train.norm"), errors=10)
    assert report["err"] == pytest.approx(66.67)
    assert report["accuracy"] == pytest.approx(77.78)
    assert (report["precision"], report["recall"]) == (75.0, 75.0)
    assert report["counts"]["tp"] == 9
    assert report["ignoring_case"]["err"] == 75.0
    baselines = report["baselines"]
    assert baselines["leave_as_is"]["err"] == 0.0
    # MFR from toy_train.norm: gk -> tidak right, Gk -> Tidak (wrong, case), dr -> dari
    # twice wrong, everything else unseen: TP 1, FP 0, 12 to change
    assert baselines["mfr"]["err"] == pytest.approx(100 / 12, abs=0.01)
    assert baselines["mfr"]["ignoring_case"]["err"] == pytest.approx(200 / 12, abs=0.01)


def test_tokens_breakdown_by_step_category_and_entry(normalizer: Normalizer) -> None:
    report = evaluate_tokens(normalizer, read_tokens(TOY / "toy.norm"))
    assert report["by_step"]["lexicon"] == {"changes": 11, "right": 8, "wrong": 2,
                                            "unwanted": 1, "net": 7}
    assert report["by_step"]["context"] == {"changes": 1, "right": 1, "wrong": 0,
                                            "unwanted": 0, "net": 1}
    assert report["by_category"]["colloquial-word"]["unwanted"] == 1
    assert set(report["by_entry"]) == {"ev-2", "ev-7", "ev-8"}
    assert report["by_entry"]["ev-2"] == {"changes": 2, "right": 1, "wrong": 1,
                                          "unwanted": 0, "net": 1}
    assert report["missed"] == {"sound-change": 1}
    assert report["baselines"]["mfr"] is None


def test_token_errors_show_input_gold_output_and_what_fired(normalizer: Normalizer) -> None:
    report = evaluate_tokens(normalizer, read_tokens(TOY / "toy.norm"), errors=10)
    errors = {e["input"]: e for e in report["errors"]}
    assert set(errors) == {"tau", "cuma", "dr", "Gk"}
    assert errors["cuma"]["gold"] == "cuma"
    assert errors["cuma"]["output"] == "hanya"
    assert (errors["cuma"]["entry"], errors["cuma"]["lexicon"]) == ("ev-7", "lexicon.tsv")
    assert errors["cuma"]["line"] == 5
    assert errors["tau"]["step"] == "" and errors["tau"]["output"] == "tau"
    assert len(evaluate_tokens(normalizer, read_tokens(TOY / "toy.norm"),
                               errors=2)["errors"]) == 2


def test_sentences_report(normalizer: Normalizer) -> None:
    pairs = read_sentences(TOY / "toy.inf", TOY / "toy.for")
    report = evaluate_sentences(normalizer, pairs, errors=5)
    expected = ["saya tidak tau", "aku hanya mau makan", "ke dokter gigi sangat"]
    references = [p.formal for p in pairs]
    assert report["bleu"] == pytest.approx(corpus_bleu(expected, [references]).score, abs=0.01)
    copy = corpus_bleu([p.informal for p in pairs], [references]).score
    assert report["baselines"]["copy_input"]["bleu"] == pytest.approx(copy, abs=0.01)
    assert report["signature"]["bleu"].startswith("nrefs:1|")
    assert report["signature"]["chrf"].startswith("nrefs:1|")
    # gw, gk, dr (context) and bgt right; cuma unwanted; tau missed; '.' added in gold
    assert report["words"] == {"right": 4, "wrong": 0, "unwanted": 1, "missed": 1,
                               "added_in_gold": 1}
    assert report["by_step"]["context"]["right"] == 1
    assert [(e["input"], e["gold"], e["output"]) for e in report["errors"]] == [
        ("tau", "tahu", "tau"), ("cuma", "cuma", "hanya")]


def test_sentences_fixed_by_the_lexicon_score_full_bleu(normalizer: Normalizer) -> None:
    pairs = read_sentences(TOY / "toy.inf", TOY / "toy.for")[2:]
    assert evaluate_sentences(normalizer, pairs)["bleu"] == 100.0


def test_pairs_report(normalizer: Normalizer) -> None:
    report = evaluate_pairs(normalizer, read_pairs(TOY / "toy.csv"),
                            read_pairs(TOY / "toy_train.csv"), errors=5)
    # gk, yg, cuma, gpp right; tau missed; bgt -> sangat where gold is banget
    assert report["accuracy"] == pytest.approx(66.67)
    assert report["by_tag"]["sound-alter"] == {"accuracy": 50.0, "right": 1, "total": 2}
    assert report["by_tag"]["shorten"]["accuracy"] == 100.0
    assert report["baselines"]["copy_input"]["accuracy"] == 0.0
    assert report["baselines"]["mfr"]["accuracy"] == pytest.approx(33.33)
    assert report["by_step"]["lexicon"]["wrong"] == 1
    assert {(e["input"], e["output"]) for e in report["errors"]} == {("tau", "tau"),
                                                                     ("bgt", "sangat")}


def test_report_renders_and_serializes(normalizer: Normalizer,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    report = evaluate_tokens(normalizer, read_tokens(TOY / "toy.norm"),
                             read_tokens(TOY / "toy_train.norm"), errors=3)
    assert json.loads(to_json(report))["err"] == report["err"]
    render(report)
    shown = capsys.readouterr().out
    assert "66.67" in shown and "MFR" in shown and "ev-7" in shown
