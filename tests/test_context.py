"""Context conditions compiled to bit tests choose as the conditions themselves do."""

from __future__ import annotations

import random

import regex
from hypothesis import given
from hypothesis import strategies as st

from nusalingo import Normalizer
from nusalingo.context import (
    END,
    LEFT,
    NEXT,
    PREV,
    RIGHT,
    START,
    ConditionIndex,
    literal_words,
    parse_context,
)


def test_compiled_contexts_choose_as_the_conditions_do() -> None:
    """Every context of the shipped lexicons, between random neighbours drawn from the words
    the contexts name, English and Indonesian words, numbers, punctuation and the text ends."""
    normalizer = Normalizer()
    groups = [[s.context for s in senses if s.context is not None]
              for senses in normalizer._senses.values()]
    groups = [g for g in groups if g]
    in_class = normalizer._in_class
    index = ConditionIndex((c for g in groups for c in g), in_class, cache_size=1000)
    pool = sorted({w for g in groups for c in g for w in c.literal_words()})
    pool += ["the", "you", "saya", "tidak", "12", "2.500", "?", ",", "!!", "😂", START, END,
             "teman-temannya", "x" * 70]
    rng = random.Random(7)
    pool += [f"{w}-{w}" for w in rng.sample(pool, 30)]  # reduplications read as their base
    for _ in range(20_000):
        contexts = rng.choice(groups)
        left = rng.sample(pool, rng.randint(0, 3))
        right = rng.sample(pool, rng.randint(0, 3))
        expected = next((i for i, c in enumerate(contexts) if c.matches(left, right, in_class)),
                        -1)
        masks = [0, 0, 0, 0]
        masks[PREV] = index.mask(left[0] if left else START)
        masks[NEXT] = index.mask(right[0] if right else END)
        masks[LEFT] = index.window(left, START)
        masks[RIGHT] = index.window(right, END)
        assert index.chooser(contexts).choose(masks) == expected, (contexts, left, right)


def test_conditions_with_one_test_share_a_bit() -> None:
    contexts = [parse_context("prev=ke|di"), parse_context("next!=ke|di;around=@en")]
    index = ConditionIndex(contexts, lambda name, token: token == "the", cache_size=10)
    first, second = (index.chooser([c]) for c in contexts)
    assert first.reads[PREV] == second.reads[NEXT]
    assert index.chooser(contexts).choose([index.mask("ke"), index.mask("ke"), 0, 0]) == 0
    assert index.chooser(contexts).choose([index.mask("x"), index.mask("x"), 0,
                                           index.mask("the")]) == 1


def test_a_reduplication_passes_the_word_lists_of_its_base() -> None:
    context = parse_context("prev=orang")
    index = ConditionIndex([context], lambda name, token: False, cache_size=10)
    assert index.mask("orang-orang") == index.mask("orang") != 0
    assert index.mask("orang-orangan") == 0  # not a full reduplication
    assert context.matches(["orang-orang"], [], lambda name, token: False)


LISTING_PATTERNS = ("(saya|aku|kamu)(nya|mu|ku)?", "(a|an|ana)", "(teman-teman|anak)",
                    "(sa|saya)(ya)?")


@given(st.lists(st.sampled_from(["sa", "ya", "a", "n", "aku", "ku", "mu", "nya", "kamu",
                                 "teman", "-", "anak", "na"]), max_size=4).map("".join))
def test_a_pattern_that_lists_words_is_tested_as_its_table(token: str) -> None:
    """A pattern that only lists words (and perhaps endings) is looked up in a table, not
    run: the table holds exactly the strings the pattern matches whole."""
    for pattern in LISTING_PATTERNS:
        listed = literal_words(pattern)
        assert listed is not None
        assert (token in listed) == (regex.fullmatch(pattern, token) is not None), pattern


def test_other_patterns_stay_regular_expressions() -> None:
    for pattern in ("[a-z]+", "(a|b)+", "(a|b)c", "(?i)(a|b)", "(a.b|c)", "(ab|c)(d|e)"):
        assert literal_words(pattern) is None, pattern
