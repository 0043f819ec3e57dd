"""The measures, checked against cases worked out by hand.

The token table of ``tests/data/evaluation/toy.norm`` against the fixture
lexicon with every rule switched off (so only the lexicon acts):

==========  ==========  ==============  =========  ==========================
raw         gold        output          outcome    why
==========  ==========  ==============  =========  ==========================
gw          saya        saya            right      ev-1
gk          tidak       tidak           right      ev-2
tau         tahu        tau             missed     no entry, rules off
yg          yang        yang            right      ev-3
cuma        cuma        hanya           unwanted   ev-7, gold keeps it
aku         aku         aku             kept
bgt         sangat      sangat          right      ev-4
kok         kok         kok             kept
gpp         tidak ...   tidak apa-apa   right      ev-5
dr          dokter      dari            wrong      ev-8, no ``ke`` before it
Gk          tidak       Tidak           wrong      case (right ignoring case)
ga          tidak ...   tidak apa-apa   right      ev-6, three tokens
pa          (merged)    (merged)        right
pa          (merged)    (merged)        right
kok         kok         kok             kept
ke          ke          ke              kept
dr          dokter      dokter          right      ev-9, context prev=ke
gigi        gigi        gigi            kept
==========  ==========  ==============  =========  ==========================

TP = 9, FP = 1, FN = 2 wrong + 1 missed = 3, 18 tokens, 12 to change, 12 changed.
ERR = (9 - 1) / 12 = 66.67; accuracy = (9 + 5) / 18 = 77.78;
precision = 9 / 12 = 75; recall = 9 / 12 = 75. Ignoring case ``Gk`` is right:
ERR = (10 - 1) / 12 = 75; accuracy = 15 / 18 = 83.33; precision = recall = 83.33.
"""

from __future__ import annotations

import pytest
from support import DATA

from nusalingo.evaluation import (
    Breakdown,
    MostFrequentReplacement,
    corpus_scores,
    guess_category,
    pair_accuracy,
    read_tokens,
    score_tokens,
    token_outcome,
)
from nusalingo.evaluation.align import align, words

TOY = DATA / "evaluation"
OUTPUT = ["saya", "tidak", "tau", "yang", "hanya", "aku",
          "sangat", "kok", "tidak apa-apa", "dari", "Tidak",
          "tidak apa-apa", "", "", "kok",
          "ke", "dokter", "gigi"]


def _flat() -> tuple[list[str], list[str]]:
    sentences = read_tokens(TOY / "toy.norm")
    return [t for s in sentences for t in s.raw], [t for s in sentences for t in s.gold]


def test_hand_computed_token_scores() -> None:
    raws, golds = _flat()
    scores = score_tokens(raws, golds, OUTPUT)
    assert (scores.tp, scores.fp, scores.fn) == (9, 1, 3)
    assert (scores.tokens, scores.should_change, scores.changed) == (18, 12, 12)
    assert scores.err == pytest.approx(100 * 8 / 12)
    assert scores.accuracy == pytest.approx(100 * 14 / 18)
    assert scores.precision == pytest.approx(75.0)
    assert scores.recall == pytest.approx(75.0)


def test_hand_computed_token_scores_ignoring_case() -> None:
    raws, golds = _flat()
    scores = score_tokens(raws, golds, OUTPUT, ignore_case=True)
    assert (scores.tp, scores.fp, scores.fn) == (10, 1, 2)
    assert scores.err == pytest.approx(75.0)
    assert scores.accuracy == pytest.approx(100 * 15 / 18)
    assert scores.precision == pytest.approx(100 * 10 / 12)


def test_leaving_everything_as_it_is_scores_zero_err() -> None:
    raws, golds = _flat()
    scores = score_tokens(raws, golds, raws)
    assert scores.err == 0.0
    assert scores.precision is None  # nothing changed: undefined, not 0 or 100
    assert scores.accuracy == pytest.approx(100 * 6 / 18)


def test_breaking_more_than_fixing_gives_negative_err() -> None:
    scores = score_tokens(["gk", "aku", "kamu"], ["tidak", "aku", "kamu"],
                          ["tidak", "saya", "anda"])
    assert scores.err == pytest.approx(100 * (1 - 2) / 1)


@pytest.mark.parametrize(("raw", "gold", "output", "outcome"), [
    ("gk", "tidak", "tidak", "right"),
    ("gk", "tidak", "enggak", "wrong"),
    ("gk", "tidak", "gk", "missed"),
    ("aku", "aku", "saya", "unwanted"),
    ("aku", "aku", "aku", "kept"),
    ("pa", "", "", "right"),
    ("gpp", "tidak  apa-apa", "tidak apa-apa", "right"),
])
def test_token_outcomes(raw: str, gold: str, output: str, outcome: str) -> None:
    assert token_outcome(raw, gold, output) == outcome


def test_misaligned_sequences_are_refused() -> None:
    with pytest.raises(ValueError, match="aligned"):
        score_tokens(["a", "b"], ["a"], ["a", "b"])


def test_mfr_takes_the_most_frequent_replacement_and_breaks_ties_deterministically() -> None:
    train = read_tokens(TOY / "toy_train.norm")
    pairs = [(r, g) for s in train for r, g in zip(s.raw, s.gold, strict=True)]
    mfr = MostFrequentReplacement.train(pairs)
    assert mfr("gk") == "tidak"          # 2 against 1
    assert mfr("tau") == "tau"           # 1 against 1: leaving it wins the tie
    assert mfr("cuma") == "cuma"         # kept 2 times, changed once
    assert mfr("dr") == "dari"           # dari/dokter tie: alphabetical
    assert mfr("Gk") == "Tidak"          # matching ignores case, output keeps it
    assert mfr("budi") == "budi"         # unseen
    assert MostFrequentReplacement.train(reversed(pairs)).table == mfr.table


def test_pair_accuracy_by_tag() -> None:
    result = pair_accuracy(["tidak", "yang", "tahu"], ["tidak", "yg", "tahu"],
                           ["disemvoweling", "disemvoweling", "sound-alter"])
    assert result["accuracy"] == pytest.approx(66.67)
    assert result["by_tag"]["disemvoweling"] == {"accuracy": 50.0, "right": 1, "total": 2}
    assert result["by_tag"]["sound-alter"]["accuracy"] == 100.0


def test_corpus_scores_are_sacrebleus_with_signature() -> None:
    perfect = corpus_scores(["saya tidak tahu ."], ["saya tidak tahu ."])
    assert perfect["bleu"] == 100.0
    assert perfect["chrf"] == 100.0
    assert perfect["signature"]["bleu"].startswith("nrefs:1|case:mixed|eff:no|tok:13a")
    assert "chrF" not in perfect["signature"]["bleu"]
    disjoint = corpus_scores(["aku mau makan"], ["dia pergi tidur"])
    assert disjoint["bleu"] == 0.0


def test_breakdown_counts_gains_and_losses() -> None:
    breakdown = Breakdown()
    breakdown.add_change("lexicon", "disemvoweling", "ev-2", "right")
    breakdown.add_change("lexicon", "colloquial-word", "ev-7", "unwanted")
    breakdown.add_change("sound_changes", "sound-change", "", "wrong")
    breakdown.add_miss("clipping")
    breakdown.add_miss("clipping")
    table = breakdown.as_dict()
    assert table["by_step"]["lexicon"] == {"changes": 2, "right": 1, "wrong": 0,
                                           "unwanted": 1, "net": 0}
    assert table["by_step"]["sound_changes"]["wrong"] == 1
    assert list(table["by_entry"]) == ["ev-7"]  # entries with losses only
    assert table["missed"] == {"clipping": 2}
    with pytest.raises(ValueError, match="verdict"):
        breakdown.add_change("lexicon", "", "", "kept")


@pytest.mark.parametrize(("informal", "formal", "category"), [
    ("yg", "yang", "disemvoweling"),
    ("dgn", "dengan", "disemvoweling"),
    ("bangeeet", "banget", "repeated-letters"),
    ("anak2", "anak-anak", "reduplication"),
    ("pura pura", "pura-pura", "reduplication"),
    ("s4y4", "saya", "letter-number"),
    ("gpp", "gak papa", "abbreviation"),
    ("udah", "sudah", "clipping"),
    ("ngerjain", "mengerjakan", "affixation"),
    ("bener", "benar", "vowel-change"),
    ("sampe", "sampai", "sound-change"),
    ("tau", "tahu", "sound-change"),
    ("praktek", "praktik", "vowel-change"),
    ("ijin", "izin", "sound-change"),
    ("bikin", "buat", "colloquial-word"),
])
def test_guessed_categories(informal: str, formal: str, category: str) -> None:
    assert guess_category(informal, formal) == category


def test_alignment_finds_one_to_many_and_splits_off_punctuation() -> None:
    blocks = align(words("gpp kok min"), words("tidak apa-apa kok admin"))
    assert [(b.kind, b.source, b.target) for b in blocks] == [
        ("replace", (0, 1), (0, 2)), ("equal", (1, 2), (2, 3)), ("replace", (2, 3), (3, 4))]
    blocks = align(words("makasih min"), words("terima kasih min ."))
    assert [(b.kind, b.source, b.target) for b in blocks] == [
        ("replace", (0, 1), (0, 2)), ("equal", (1, 2), (2, 3)), ("insert", (2, 2), (3, 4))]
    blocks = align(words("oke min , makasih"), words("oke admin makasih"))
    assert [(b.kind, b.source, b.target) for b in blocks] == [
        ("equal", (0, 1), (0, 1)), ("replace", (1, 2), (1, 2)), ("delete", (2, 3), (2, 2)),
        ("equal", (3, 4), (2, 3))]
