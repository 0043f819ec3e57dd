"""The normalizer with the shipped lexicons: gold cases, must-not-change cases, properties."""

from __future__ import annotations

import json
import os
import pickle
import random
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import DATA

import nusalingo
from nusalingo import Normalizer, apply_changes

CASES = DATA / "normalize"
GOLD = json.loads((CASES / "gold.json").read_text(encoding="utf-8"))["cases"]
GOLD_OPTIONS = json.loads((CASES / "gold_options.json").read_text(encoding="utf-8"))["cases"]
UNCHANGED = json.loads((CASES / "unchanged.json").read_text(encoding="utf-8"))["cases"]
FAILURES = json.loads((CASES / "known_failures.json").read_text(encoding="utf-8"))["cases"]


@pytest.fixture(scope="module")
def normalizer() -> Normalizer:
    return Normalizer()


@pytest.mark.parametrize("case", GOLD, ids=[c["input"] for c in GOLD])
def test_gold(normalizer: Normalizer, case: dict[str, str]) -> None:
    assert normalizer.normalize(case["input"]) == case["expected"]


@pytest.mark.parametrize("case", GOLD_OPTIONS, ids=[c["input"] for c in GOLD_OPTIONS])
def test_gold_with_options(case: dict[str, Any]) -> None:
    normalizer = Normalizer(**case["options"])
    output = normalizer.normalize(case["input"])
    assert output == case["expected"], case["why"]
    assert normalizer.normalize(output) == output


@pytest.mark.parametrize("text", UNCHANGED, ids=range(len(UNCHANGED)))
def test_must_not_change(normalizer: Normalizer, text: str) -> None:
    explanation = normalizer.explain(text)
    assert explanation.text == text, explanation.changes


@pytest.mark.parametrize("case", [pytest.param(c, marks=pytest.mark.xfail(reason=c["why"],
                                                                          strict=True))
                                  for c in FAILURES], ids=[c["input"] for c in FAILURES])
def test_known_failures(normalizer: Normalizer, case: dict[str, str]) -> None:
    assert normalizer.normalize(case["input"]) == case["expected"]


def test_module_functions_and_levels() -> None:
    assert nusalingo.normalize("gk tau") == "tidak tahu"
    assert nusalingo.normalize("gk tau", level="colloquial") == "enggak tau"
    assert nusalingo.normalize("bgt", level="colloquial") == "banget"
    explanation = nusalingo.explain("gw bangeeet")
    assert explanation.text == "saya sangat"
    first, second = explanation.changes
    assert (first.start, first.end, first.original, first.replacement, first.step) == (
        0, 2, "gw", "saya", "lexicon")
    assert first.entry and first.category
    assert (second.step, second.trace) == ("repeated_letters", ("repeated_letters", "lexicon"))


def test_explanations_name_their_entries(normalizer: Normalizer) -> None:
    for change in normalizer.explain("gk tau, gw udh makan").changes:
        entry = normalizer.lexicon.get(change.entry)
        assert entry is not None
        assert entry.key == change.original.lower()


def test_context_picks_the_sense(normalizer: Normalizer) -> None:
    assert normalizer.normalize("see u tomorrow") == "see you tomorrow"
    assert normalizer.normalize("makasih u") == "terima kasih kamu"


def test_multi_word_forms_both_ways(normalizer: Normalizer) -> None:
    assert normalizer.normalize("gpp") == "tidak apa-apa"
    explanation = normalizer.explain("ga pa pa kok")
    assert explanation.text == "tidak apa-apa kok"
    assert [(c.start, c.end) for c in explanation.changes] == [(0, 8)]


def test_token_aligned_mode(normalizer: Normalizer) -> None:
    tokens = ["ga", "pa", "pa", ",", "gw", "udh", "ngerjain", "@user", "gpp", "anak2"]
    assert normalizer.normalize_tokens(tokens) == [
        "tidak apa-apa", "", "", ",", "saya", "sudah", "mengerjakan", "@user",
        "tidak apa-apa", "anak-anak"]
    with pytest.raises(TypeError):
        normalizer.normalize_tokens("gk tau")  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "expected"), [
    ("orang orang datang", "orang-orang datang"),
    ("Orang orang datang", "Orang-orang datang"),
    ("org org datang", "orang-orang datang"),        # normalized first, then joined
    ("cepat cepat cepat", "cepat cepat cepat"),      # said three times: emphasis
    ("bye bye", "bye bye"), ("ya ya", "ya ya"),      # English, a particle
    ("ga ga", "tidak tidak"),                        # a negation repeated
    ("dri dari", "dari dari"), ("sini sini", "sini sini"),  # function words: a stutter
    ("orang, orang", "orang, orang"),                # a list, not a reduplication
    # contexts read the joined word as its base, and normalizing again changes nothing
    ("orang orang kaya baru", "orang-orang kaya baru"),
    ("mau mau kaya gk", "mau-mau kaya tidak"),
])
def test_spaced_reduplication(normalizer: Normalizer, text: str, expected: str) -> None:
    explanation = normalizer.explain(text)
    assert normalizer.normalize(text) == explanation.text == expected
    assert apply_changes(text, explanation.changes) == expected
    assert normalizer.normalize(expected) == expected
    assert Normalizer(spaced_reduplication=False).normalize("orang orang") == "orang orang"


def test_spaced_reduplication_in_tokens(normalizer: Normalizer) -> None:
    assert normalizer.normalize_tokens(["banyak", "banyak", "orang", "orang", "datang"]) == [
        "banyak-banyak", "", "orang-orang", "", "datang"]
    (change,) = normalizer.explain("baik baik saja").changes
    assert (change.step, change.category, change.original) == (
        "spaced_reduplication", "reduplication", "baik baik")


def test_text_without_capitals_gets_none(normalizer: Normalizer) -> None:
    """Replacements take the case of the text: a lower-case text stays lower case even
    where a dictionary form has capitals (``I``, names)."""
    assert normalizer.normalize("i'm di jkt") == "i am di jakarta"
    assert normalizer.normalize("I'm di jkt") == "I am di Jakarta"
    assert normalizer.normalize_tokens(["i'm", "di", "jkt"]) == ["i am", "di", "jakarta"]
    assert normalizer.normalize_tokens(["I'm", "di", "jkt"]) == ["I am", "di", "Jakarta"]
    explanation = normalizer.explain("i'm di jkt")
    assert [c.replacement for c in explanation.changes] == ["i am", "jakarta"]


def test_proposed_entries_only_on_request(tmp_path: Path) -> None:
    team = tmp_path / "team.tsv"
    store = nusalingo.LexiconStore(team)
    store.add(informal="zzkrm", formal="kirim", category="typo", author="dewi")
    lexicons = [nusalingo.shipped_lexicon_dir(), team]
    assert Normalizer(lexicons).normalize("zzkrm") == "zzkrm"
    assert Normalizer(lexicons, include_proposed=True).normalize("zzkrm") == "kirim"


def test_drop_particles_and_laughter() -> None:
    normalizer = Normalizer(drop_particles=True, drop_laughter=True)
    explanation = normalizer.explain("bagus sih wkwkwk, mau dong")
    assert explanation.text == "bagus, mau"
    assert apply_changes("bagus sih wkwkwk, mau dong", explanation.changes) == explanation.text
    assert {c.step for c in explanation.changes} == {"particles", "laughter"}


@pytest.mark.parametrize("value", [None, b"gk tau", 42, ["gk"]])
def test_non_text_is_a_clear_type_error(normalizer: Normalizer, value: object) -> None:
    with pytest.raises(TypeError, match="text"):
        normalizer.normalize(value)  # type: ignore[arg-type]


def test_unknown_option_fails_loudly() -> None:
    with pytest.raises(TypeError, match="sound_changes"):
        Normalizer(sound_change=False)
    with pytest.raises(ValueError, match="level"):
        Normalizer(level="casual")


@pytest.mark.parametrize("text", ["", "😂😂😂", "\ud800 lone surrogate", "ctrl\x00\x07chars",
                                  "Ελληνικά и русский", "a" * 1_000_000])
def test_odd_text_never_crashes(normalizer: Normalizer, text: str) -> None:
    assert isinstance(normalizer.normalize(text), str)


def test_adversarial_inputs_finish() -> None:
    """Pathological inputs run in a subprocess that would hang on catastrophic backtracking."""
    code = textwrap.dedent("""
        from nusalingo import Normalizer
        n = Normalizer()
        for text in ["e" * 100_000, "a" * 100_000, "1" * 10_000, "-" * 100_000,
                     "anak2" * 20_000, "wk" * 50_000, "a.a." * 20_000, ("gk " * 50_000)]:
            assert len(n.normalize(text)) > 0
        print("done")
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.stdout.strip() == "done", result.stderr[-2000:]


def test_pickles_and_shares_between_threads(normalizer: Normalizer) -> None:
    texts = [case["input"] for case in GOLD] * 20
    expected = [normalizer.normalize(t) for t in texts]
    clone = pickle.loads(pickle.dumps(normalizer))
    assert [clone.normalize(t) for t in texts] == expected
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(Normalizer.normalize, [clone] * len(texts), texts)) == expected
    assert normalizer.normalize_batch(texts) == expected


WORD_POOL = [
    "gk", "Gak", "GAK", "gw", "udh", "bangeeet", "anak2", "hati2nya", "ngerjain", "temennya",
    "ga", "pa", "gpp", "yg", "sm", "lo", "u", "wkwkwk", "sih", "deh", "kan", "lagi", "yang",
    "saya", "tidak", "paket", "see", "you", "the", "s4y4", "kalo", "sampe", "bener2", "ya",
    "https://t.co/x", "@budi", "#tag", "😂", ":)", "123", ",", ".", "!", "?", "\n", "dr", "kak",
    "Jakarta", "budi@x.co.id", "tokopedia.com", "abis", "buat", "pas", "kaya", "no",
    "sm", "sama", "call", "r", "thx", "doang", "kerja", "pulang", "mau", "ready",
    "orang", "org", "Orang", "baik",
]
WORDS = st.sampled_from(WORD_POOL)
TEXTS = st.lists(st.tuples(WORDS, st.sampled_from([" ", "", "  ", ", "])), max_size=14).map(
    lambda pairs: "".join(w + s for w, s in pairs))


@settings(max_examples=int(os.environ.get("NUSALINGO_EXAMPLES", "300")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_changes_replay_and_normalizing_twice_changes_nothing(text: str) -> None:
    normalizer = _shared()
    explanation = normalizer.explain(text)
    assert apply_changes(text, explanation.changes) == explanation.text
    assert normalizer.normalize(text) == explanation.text
    assert normalizer.normalize(explanation.text) == explanation.text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_text_replays_and_is_idempotent(text: str) -> None:
    normalizer = _shared()
    explanation = normalizer.explain(text)
    assert apply_changes(text, explanation.changes) == explanation.text
    assert normalizer.normalize(explanation.text) == explanation.text


_SHARED: list[Normalizer] = []


def _shared() -> Normalizer:
    if not _SHARED:
        _SHARED.append(Normalizer())
    return _SHARED[0]


def test_warm_caches_give_the_same_answers_as_the_explained_path() -> None:
    """Many generated texts through one normalizer: its caches fill as they go, and the fast
    path (normalize), the explained path and a second normalization must agree on each."""
    rng = random.Random(20261126)
    normalizer = Normalizer()
    for _ in range(4000):
        text = "".join(rng.choice(WORD_POOL) + rng.choice([" ", "", "  ", ", "])
                       for _ in range(rng.randint(0, 12)))
        explained = normalizer.explain(text).text
        assert normalizer.normalize(text) == explained, text
        assert normalizer.normalize(explained) == explained, text


def _chunk_path_pool() -> list[str]:
    """Words that make the chunk path work: parts of multi-word forms, forms that read their
    neighbours and the words their contexts name, forms written as one of those."""
    normalizer = _shared()
    senses = normalizer.lexicon.senses()
    pool = sorted(normalizer._pair_words | normalizer._contextual_words)
    pool += sorted({w for group in normalizer._senses.values() for s in group if s.context
                    for w in s.context.literal_words()})[:300]
    pool += sorted(k for k, group in senses.items() if " " not in k and any(
        set(e.formal.lower().split()) & (normalizer._pair_words | normalizer._contextual_words)
        for e in group))
    return pool + WORD_POOL + ["xD", "<3", "a.b", "dll.", "\x00", "\x01", "\x02", "\x03"]


CHUNK_TEXTS = st.lists(st.tuples(st.sampled_from(_chunk_path_pool()), st.sampled_from(
    [" "] * 8 + ["", "  ", ", ", "\t", "?", " (", ". "])), max_size=14).map(
    lambda pairs: "".join(w + s for w, s in pairs))


@settings(max_examples=int(os.environ.get("NUSALINGO_EXAMPLES", "300")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(CHUNK_TEXTS)
def test_the_chunk_path_agrees_with_the_tokenizers_split(text: str) -> None:
    """normalize and explain look text up chunk by chunk between spaces; the same over the
    tokenizer's split alone is the reference."""
    normalizer = _shared()
    words, outputs = normalizer._normalize_words(text)
    assert words == normalizer._normalize_split(text)
    assert outputs is None or " ".join(outputs) == words  # what the whole-text steps read
    explained, outputs = normalizer._run(text)
    assert explained == normalizer._run(text, split=True)[0]
    assert outputs is None or " ".join(outputs) == explained.text
    assert normalizer.normalize(text) == normalizer.explain(text).text


OPTION_SETS = {"default": {}, "drop": {"drop_particles": True, "drop_laughter": True},
               "colloquial": {"level": "colloquial"}}
_BY_OPTIONS: dict[str, Normalizer] = {}


def _with_options(name: str) -> Normalizer:
    if name not in _BY_OPTIONS:
        _BY_OPTIONS[name] = Normalizer(**OPTION_SETS[name])
    return _BY_OPTIONS[name]


def _interplay_pool() -> list[str]:
    """Forms whose output several words make, particles and laughter, English forms and the
    words contexts name: what changes how a word reads to its neighbours."""
    normalizer = _shared()
    senses = normalizer.lexicon.senses()
    pool = sorted(k for k, group in senses.items() if " " not in k and any(
        " " in e.formal or " " in e.target("colloquial") for e in group))
    pool += sorted(k for k, group in senses.items() if " " not in k and any(
        e.category in ("particle", "interjection") or e.region == "english" for e in group))
    pool += sorted({w for key in senses if " " in key for w in key.split()})
    pool += sorted(key for key in senses if " " in key)  # multi-word forms, whole
    return pool + _chunk_path_pool()


INTERPLAY_TEXTS = st.lists(st.tuples(st.sampled_from(_interplay_pool()), st.sampled_from(
    [" "] * 10 + [", ", "  ", "?", ". "])), max_size=10).map(
    lambda pairs: "".join(w + s for w, s in pairs))


@pytest.mark.parametrize("options", sorted(OPTION_SETS))
@settings(max_examples=int(os.environ.get("NUSALINGO_EXAMPLES", "300")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=INTERPLAY_TEXTS)
def test_outputs_that_read_otherwise_are_normalized_again(options: str, text: str) -> None:
    """A replacement of several words, a particle in an output, a colloquial output or a
    multi-word form changes what its neighbours read: the output must still be a fixed
    point, with every option set."""
    normalizer = _with_options(options)
    explanation = normalizer.explain(text)
    assert apply_changes(text, explanation.changes) == explanation.text
    assert normalizer.normalize(text) == explanation.text
    assert normalizer.normalize(explanation.text) == explanation.text
