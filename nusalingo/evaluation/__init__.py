"""Measure normalization the way the field does, and learn entries from gold data.

- :mod:`~nusalingo.evaluation.formats` reads the three kinds of gold data
  (token-aligned, parallel sentences, word pairs) and tells them apart;
- :mod:`~nusalingo.evaluation.scoring` computes the measures (ERR, accuracy,
  precision and recall; BLEU and chrF with sacrebleu; exact match by tag),
  the MFR baseline and the breakdown by step, category and entry;
- :mod:`~nusalingo.evaluation.evaluate` runs a normalizer over gold data and
  builds the report, :mod:`~nusalingo.evaluation.report` shows it;
- :mod:`~nusalingo.evaluation.learn` proposes lexicon entries from the same
  kinds of data;
- :mod:`~nusalingo.evaluation.commands` adds ``nusalingo evaluate`` and
  ``nusalingo learn`` to the command line.

This is an adapter: it uses the core's public API and sacrebleu, and the core
never imports it.

>>> from nusalingo.evaluation import score_tokens
>>> score_tokens(["gk", "aku"], ["tidak", "aku"], ["tidak", "aku"]).err
100.0
"""

from __future__ import annotations

from nusalingo.evaluation.categories import guess_category
from nusalingo.evaluation.evaluate import evaluate_pairs, evaluate_sentences, evaluate_tokens
from nusalingo.evaluation.formats import (
    KINDS,
    GoldDataError,
    SentencePair,
    TokenSentence,
    WordPair,
    detect_kind,
    read_pairs,
    read_sentences,
    read_tokens,
    sentence_files,
)
from nusalingo.evaluation.learn import (
    LearnReport,
    Proposal,
    Sighting,
    learn_entries,
    propose,
    sightings_from_pairs,
    sightings_from_sentences,
    sightings_from_tokens,
)
from nusalingo.evaluation.scoring import (
    Breakdown,
    MostFrequentReplacement,
    TokenScores,
    corpus_scores,
    pair_accuracy,
    score_tokens,
    token_outcome,
)

__all__ = [
    "KINDS",
    "Breakdown",
    "GoldDataError",
    "LearnReport",
    "MostFrequentReplacement",
    "Proposal",
    "SentencePair",
    "Sighting",
    "TokenScores",
    "TokenSentence",
    "WordPair",
    "corpus_scores",
    "detect_kind",
    "evaluate_pairs",
    "evaluate_sentences",
    "evaluate_tokens",
    "guess_category",
    "learn_entries",
    "pair_accuracy",
    "propose",
    "read_pairs",
    "read_sentences",
    "read_tokens",
    "score_tokens",
    "sentence_files",
    "sightings_from_pairs",
    "sightings_from_sentences",
    "sightings_from_tokens",
    "token_outcome",
]
