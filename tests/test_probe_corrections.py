"""Corrections: a safe log of verdicts, training data, and proposed lexicon entries."""

from __future__ import annotations

import json
import multiprocessing
import shutil
from pathlib import Path
from typing import Any

import pytest
from support import DATA

from nusalingo import LexiconStore, load_lexicon
from nusalingo.probe.corrections import (
    CorrectionsError,
    CorrectionsLog,
    as_jsonl,
    failed_items,
    informal_words,
    load_items,
    progress,
    propose_entry,
    proposed_entry,
)

CHOICE = {"id": "t-1/choice", "suite": "meaning", "test": "choice", "model": "m",
          "prompt": 'Dalam kalimat "makanannya gak enak", apa arti kata "gak"?\n1. sudah\n2. tidak',
          "text": "makanannya gak enak", "source": "makanannya tidak enak", "answer": "sudah",
          "expected": "tidak", "outcome": "fail", "informal": "gak", "formal": "tidak",
          "category": "clipping", "entries": ["t-1"], "context": "makanannya gak enak",
          "changes": []}
VARIANT = {"id": "s-1/inv/heavy/1", "suite": "invariance", "test": "intensity", "model": "m",
           "prompt": "Pelayanannya ramah bgt, mantul.", "text": "Pelayanannya ramah bgt, mantul.",
           "source": "Pelayanannya sangat ramah, mantap betul.", "answer": "negatif",
           "base_answer": "positif", "outcome": "fail", "informal": "", "formal": "",
           "category": "", "entries": ["t-7"], "context": "",
           "changes": [{"start": 13, "end": 25, "original": "sangat ramah",
                        "replacement": "ramah bgt", "step": "lexicon", "entry": "t-7",
                        "category": "disemvoweling"},
                       {"start": 27, "end": 39, "original": "mantap betul",
                        "replacement": "mantul", "step": "lexicon", "entry": "",
                        "category": "acronym"}]}
PASSED = {**CHOICE, "id": "t-2/choice", "outcome": "pass"}
UNUSABLE = {**CHOICE, "id": "t-3/choice", "outcome": "unusable", "answer": None}


def _items(tmp_path: Path) -> Path:
    path = tmp_path / "items.jsonl"
    path.write_text("".join(json.dumps(i) + "\n" for i in (CHOICE, VARIANT, PASSED, UNUSABLE)),
                    encoding="utf-8")
    return path


def test_failed_items_and_pending_only(tmp_path: Path) -> None:
    items = _items(tmp_path)
    log = CorrectionsLog(tmp_path / "corrections.jsonl")
    assert [i["id"] for i in failed_items(items)] == ["t-1/choice", "s-1/inv/heavy/1",
                                                      "t-3/choice"]
    assert [i["id"] for i in failed_items(items, include_unusable=False, suite="meaning")] == \
        ["t-1/choice"]
    log.record(CHOICE, who="dewi", verdict="wrong", correction="tidak")
    assert [i["id"] for i in failed_items(items, log=log, pending_only=True)] == \
        ["s-1/inv/heavy/1", "t-3/choice"]
    log.record(UNUSABLE, who="rizal", verdict="right")
    assert progress(failed_items(items), log) == {"items": 3, "judged": 2, "right": 1,
                                                  "wrong": 1, "pending": 1}


def test_bad_items_files(tmp_path: Path) -> None:
    with pytest.raises(CorrectionsError, match="no such file"):
        load_items(tmp_path / "missing.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(CHOICE) + "\n{oops\n", encoding="utf-8")
    with pytest.raises(CorrectionsError, match=r"bad.jsonl:2: not JSON"):
        load_items(bad)
    bad.write_text('{"text": "bukan item"}\n', encoding="utf-8")
    with pytest.raises(CorrectionsError, match=r"bad.jsonl:1: not an item"):
        load_items(bad)


def test_verdicts_are_checked(tmp_path: Path) -> None:
    log = CorrectionsLog(tmp_path / "c.jsonl")
    with pytest.raises(CorrectionsError, match="needs the correct answer"):
        log.record(CHOICE, who="dewi", verdict="wrong")
    with pytest.raises(CorrectionsError, match="'right' or 'wrong'"):
        log.record(CHOICE, who="dewi", verdict="maybe", correction="x")
    with pytest.raises(CorrectionsError, match="name of who"):
        log.record(CHOICE, who=" ", verdict="right")
    with pytest.raises(CorrectionsError, match="no id"):
        log.record({"answer": "x"}, who="dewi", verdict="right")
    assert log.records() == []


def test_the_latest_verdict_wins_and_exports(tmp_path: Path) -> None:
    log = CorrectionsLog(tmp_path / "c.jsonl")
    log.record(CHOICE, who="dewi", verdict="right")
    log.record(CHOICE, who="rizal", verdict="wrong", correction="tidak", note="gak = tidak")
    log.record(VARIANT, who="dewi", verdict="wrong", correction="positif")
    log.record(PASSED, who="dewi", verdict="right")
    records = log.records()
    assert [r.who for r in records] == ["dewi", "rizal", "dewi", "dewi"]
    assert records[1].item["prompt"] == CHOICE["prompt"] and records[1].when.endswith("Z")
    latest = log.latest()
    assert latest["t-1/choice"].verdict == "wrong" and latest["t-1/choice"].note == "gak = tidak"

    chat = tmp_path / "chat.jsonl"
    assert log.export_chat(chat) == 3
    rows = [json.loads(line) for line in chat.read_text(encoding="utf-8").splitlines()]
    assert [m["role"] for m in rows[0]["messages"]] == ["system", "user", "assistant"]
    assert rows[0]["messages"][1]["content"] == CHOICE["prompt"]
    assert rows[0]["messages"][2]["content"] == "tidak"
    assert rows[2]["messages"][2]["content"] == "sudah"   # judged right: the model's answer
    pairs = tmp_path / "pairs.jsonl"
    assert log.export_instructions(pairs, include_right=False) == 2
    first = json.loads(pairs.read_text(encoding="utf-8").splitlines()[1])
    assert first == {"instruction": VARIANT["prompt"], "response": "positif",
                     "item_id": VARIANT["id"]}
    assert log.chat_examples(system=None)[0]["messages"][0]["role"] == "user"
    assert as_jsonl(log.chat_examples()) == chat.read_text(encoding="utf-8")


def test_a_torn_last_line_is_skipped(tmp_path: Path) -> None:
    log = CorrectionsLog(tmp_path / "c.jsonl")
    log.record(CHOICE, who="dewi", verdict="wrong", correction="tidak")
    with open(log.path, "a", encoding="utf-8") as handle:
        handle.write('{"who": "rizal", "when": "2026')
    assert len(log.records()) == 1


def _append(args: tuple[str, int]) -> None:
    path, worker = args
    log = CorrectionsLog(path)
    for n in range(25):
        log.record({**CHOICE, "id": f"w{worker}-{n}", "prompt": "x" * 5000}, who=f"w{worker}",
                   verdict="wrong", correction="tidak")


def test_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        pool.map(_append, [(str(path), w) for w in range(4)])
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 100
    assert all(json.loads(line)["correction"] == "tidak" for line in lines)
    assert len(CorrectionsLog(path).latest()) == 100


def test_informal_words_of_an_item() -> None:
    assert informal_words(CHOICE) == [{"informal": "gak", "formal": "tidak",
                                       "category": "clipping", "entry": "t-1"}]
    words = informal_words(VARIANT)
    assert [(w["informal"], w["formal"]) for w in words] == \
        [("ramah bgt", "sangat ramah"), ("mantul", "mantap betul")]


def test_propose_an_entry_in_one_click(tmp_path: Path) -> None:
    target = tmp_path / "team.tsv"
    shutil.copy(DATA / "probe" / "lexicon.tsv", tmp_path / "base.tsv")
    stack = load_lexicon(tmp_path / "base.tsv")
    word = informal_words(VARIANT)[1]
    fields = proposed_entry(VARIANT, word)
    assert fields["informal"] == "mantul" and fields["formal"] == "mantap betul"
    assert fields["category"] == "acronym" and fields["example"] == VARIANT["text"]
    assert fields["example_formal"] == VARIANT["source"]
    entry = propose_entry(target, VARIANT, word, author="dewi", lexicon=stack)
    assert (entry.id, entry.status, entry.author) == ("team-1", "proposed", "dewi")
    assert LexiconStore(target).history(entry.id)[0].action == "add"
    loaded = load_lexicon(tmp_path / "base.tsv", target)
    assert loaded.lookup("mantul", include_proposed=True)[0].formal == "mantap betul"
    with pytest.raises(CorrectionsError, match="already entry t-1"):
        propose_entry(target, CHOICE, author="dewi", lexicon=stack)
    with pytest.raises(CorrectionsError, match="no informal word"):
        proposed_entry({"id": "x", "changes": []})


def test_propose_guesses_a_missing_category(tmp_path: Path) -> None:
    item: dict[str, Any] = {**CHOICE, "informal": "tdk", "formal": "tidak", "category": "formal"}
    assert proposed_entry(item)["category"] == "disemvoweling"
