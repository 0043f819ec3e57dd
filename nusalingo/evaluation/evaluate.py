"""Run a normalizer over gold data and measure it, next to the baselines.

One function per kind of gold data; each returns the whole report as a
JSON-ready dict, which ``nusalingo evaluate --json`` prints as it is and
:mod:`nusalingo.evaluation.report` renders as tables. The main figure sits at
the top level (``err``, ``bleu`` or ``accuracy``), the baselines computed in
the same run beside it under ``baselines``, then the breakdown of the
normalizer's changes by step, category and entry (``by_step``,
``by_category``, ``by_entry``), the kinds of words it missed (``missed``),
and with ``errors=N`` the N most frequent errors.

>>> from nusalingo import Lexicon, Normalizer
>>> from nusalingo.entry import Entry
>>> lexicon = Lexicon.from_entries([Entry(id="t-1", informal="gk", formal="tidak",
...     category="disemvoweling", status="verified", author="a", created="2026-11-26",
...     reviewer="b", reviewed="2026-11-26")])
>>> normalizer = Normalizer(lexicon, sound_changes=False)
>>> report = evaluate_tokens(normalizer, [TokenSentence(("gk", "tau"), ("tidak", "tahu"))])
>>> report["err"], report["baselines"]["leave_as_is"]["err"]
(50.0, 0.0)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from nusalingo.evaluation.align import align, target_spans, words
from nusalingo.evaluation.categories import guess_category
from nusalingo.evaluation.formats import SentencePair, TokenSentence, WordPair
from nusalingo.evaluation.scoring import (
    MISSED,
    RIGHT,
    UNWANTED,
    WRONG,
    Breakdown,
    MostFrequentReplacement,
    canonical,
    corpus_scores,
    pair_accuracy,
    score_tokens,
    token_outcome,
)
from nusalingo.normalize import Change, Normalizer
from nusalingo.tokenize import SPACE, WORD, tokenize

#: Words around an erroneous token shown as its context.
CONTEXT_WORDS = 4


class ErrorList:
    """Errors counted by (input, gold, output, step, entry), first occurrence kept."""

    def __init__(self, normalizer: Normalizer) -> None:
        self._lexicon = normalizer.lexicon
        self._items: dict[tuple[str, str, str, str, str], dict[str, Any]] = {}

    def add(self, input_: str, gold: str, output: str, change: Change | None, file: str,
            line: int, context: str = "") -> None:
        """Record one error; a repeat only raises its count."""
        step = change.step if change else ""
        entry = change.entry if change else ""
        key = (input_, gold, output, step, entry)
        item = self._items.get(key)
        if item is not None:
            item["count"] += 1
            return
        self._items[key] = {
            "input": input_, "gold": gold, "output": output, "step": step, "entry": entry,
            "category": change.category if change else "",
            "lexicon": self._lexicon.origin(entry) if entry else "",
            "trace": list(change.trace) if change else [],
            "count": 1, "file": file, "line": line, "context": context,
        }

    def top(self, limit: int) -> list[dict[str, Any]]:
        """The ``limit`` most frequent errors, ties in order of first occurrence."""
        ranked = sorted(enumerate(self._items.values()), key=lambda x: (-x[1]["count"], x[0]))
        return [item for _, item in ranked[:limit]]


def describe(normalizer: Normalizer) -> dict[str, Any]:
    """The lexicon stack and options a report was made with."""
    return {"lexicons": [str(f.path) for f in normalizer.lexicon.files],
            "options": normalizer.config.as_dict()}


def evaluate_tokens(normalizer: Normalizer, sentences: Sequence[TokenSentence],
                    train: Sequence[TokenSentence] | None = None, errors: int = 0,
                    files: Sequence[str] = ()) -> dict[str, Any]:
    """Token-level scores (ERR, accuracy, precision, recall) and the two baselines."""
    raws = [t for s in sentences for t in s.raw]
    golds = [t for s in sentences for t in s.gold]
    outputs: list[str] = []
    breakdown, error_list = Breakdown(), ErrorList(normalizer)
    for sentence in sentences:
        out = normalizer.normalize_tokens(list(sentence.raw))
        outputs += out
        changes = _token_changes(normalizer, sentence.raw, out)
        for index, (raw, gold, output) in enumerate(zip(sentence.raw, sentence.gold, out,
                                                        strict=True)):
            outcome = token_outcome(raw, gold, output)
            change = changes[index]
            if outcome in (RIGHT, WRONG, UNWANTED):
                breakdown.add_change(change.step if change else "?",
                                     change.category if change else "",
                                     change.entry if change else "", outcome)
            elif outcome == MISSED:
                breakdown.add_miss(guess_category(raw, gold) if gold else "merge")
            if outcome in (WRONG, UNWANTED, MISSED):
                lo, hi = max(0, index - CONTEXT_WORDS), index + CONTEXT_WORDS + 1
                error_list.add(raw, gold, output, change, sentence.file, sentence.line + index,
                               " ".join(sentence.raw[lo:hi]))
    report: dict[str, Any] = {
        "kind": "tokens", "files": list(files), "normalizer": describe(normalizer),
        "sentences": len(sentences),
        **_token_figures(raws, golds, outputs),
    }
    baselines: dict[str, Any] = {"leave_as_is": _token_figures(raws, golds, raws), "mfr": None}
    if train is not None:
        mfr = MostFrequentReplacement.train(
            (r, g) for s in train for r, g in zip(s.raw, s.gold, strict=True))
        baselines["mfr"] = {**_token_figures(raws, golds, [mfr(t) for t in raws]),
                            "train": sorted({s.file for s in train})}
    report["baselines"] = baselines
    report.update(breakdown.as_dict())
    report["errors"] = error_list.top(errors)
    return report


def evaluate_sentences(normalizer: Normalizer, pairs: Sequence[SentencePair], errors: int = 0,
                       files: Sequence[str] = ()) -> dict[str, Any]:
    """Corpus BLEU and chrF next to copying the input, and a word-level breakdown."""
    informal = [p.informal for p in pairs]
    references = [p.formal for p in pairs]
    breakdown, error_list = Breakdown(), ErrorList(normalizer)
    hypotheses = []
    counts = {RIGHT: 0, WRONG: 0, UNWANTED: 0, MISSED: 0, "added_in_gold": 0}
    for pair in pairs:
        explanation = normalizer.explain(pair.informal)
        hypotheses.append(explanation.text)
        _judge_sentence(pair, explanation.changes, breakdown, error_list, counts)
    report: dict[str, Any] = {
        "kind": "sentences", "files": list(files), "normalizer": describe(normalizer),
        "sentences": len(pairs),
        **corpus_scores(hypotheses, references),
        "words": counts,
    }
    copy = corpus_scores(informal, references)
    report["baselines"] = {"copy_input": {"bleu": copy["bleu"], "chrf": copy["chrf"]}}
    report.update(breakdown.as_dict())
    report["errors"] = error_list.top(errors)
    return report


def evaluate_pairs(normalizer: Normalizer, pairs: Sequence[WordPair],
                   train: Sequence[WordPair] | None = None, errors: int = 0,
                   files: Sequence[str] = ()) -> dict[str, Any]:
    """Exact-match accuracy of single forms, overall and by tag, next to the baselines."""
    golds = [p.formal for p in pairs]
    tags = [p.tag for p in pairs]
    outputs = []
    breakdown, error_list = Breakdown(), ErrorList(normalizer)
    for pair in pairs:
        explanation = normalizer.explain(pair.informal)
        outputs.append(explanation.text)
        change = explanation.changes[0] if explanation.changes else None
        outcome = token_outcome(pair.informal, pair.formal, explanation.text)
        if outcome in (RIGHT, WRONG, UNWANTED):
            breakdown.add_change(change.step if change else "?",
                                 change.category if change else "",
                                 change.entry if change else "", outcome)
        elif outcome == MISSED:
            breakdown.add_miss(guess_category(pair.informal, pair.formal))
        if outcome in (WRONG, UNWANTED, MISSED):
            error_list.add(pair.informal, pair.formal, explanation.text, change, pair.file,
                           pair.line, pair.tag)
    scores = pair_accuracy(golds, outputs, tags)
    report: dict[str, Any] = {
        "kind": "pairs", "files": list(files), "normalizer": describe(normalizer),
        "pairs": len(pairs), **scores,
        "ignoring_case": {"accuracy": pair_accuracy(golds, outputs, tags, True)["accuracy"]},
    }
    copy = pair_accuracy(golds, [p.informal for p in pairs], tags)
    baselines: dict[str, Any] = {"copy_input": copy, "mfr": None}
    if train is not None:
        mfr = MostFrequentReplacement.train((p.informal, p.formal) for p in train)
        baselines["mfr"] = {**pair_accuracy(golds, [mfr(p.informal) for p in pairs], tags),
                            "train": sorted({p.file for p in train})}
    report["baselines"] = baselines
    report.update(breakdown.as_dict())
    report["errors"] = error_list.top(errors)
    return report


def _token_figures(raws: Sequence[str], golds: Sequence[str],
                   outputs: Sequence[str]) -> dict[str, Any]:
    exact = score_tokens(raws, golds, outputs).as_dict()
    exact["ignoring_case"] = score_tokens(raws, golds, outputs, ignore_case=True).as_dict()
    return exact


def _token_changes(normalizer: Normalizer, raw: Sequence[str],
                   outputs: Sequence[str]) -> list[Change | None]:
    """For each changed token, the change that explains it (``None`` for unchanged ones).

    The tokens are explained joined by single spaces, which is how they were
    written; a token that this explanation does not cover (the two views can
    differ at the edges of a multi-word form) is explained on its own.
    """
    found: list[Change | None] = [None] * len(raw)
    if all(o == r for o, r in zip(outputs, raw, strict=True)):
        return found
    explanation = normalizer.explain(" ".join(raw))
    start = 0
    for index, token in enumerate(raw):
        end = start + len(token)
        if outputs[index] != token:
            found[index] = next((c for c in explanation.changes
                                 if c.start < end and c.end > start), None)
            if found[index] is None:
                alone = normalizer.explain(token).changes
                found[index] = alone[0] if alone else None
        start = end + 1
    return found


def _judge_sentence(pair: SentencePair, changes: Iterable[Change], breakdown: Breakdown,
                    error_list: ErrorList, counts: dict[str, int]) -> None:
    """Align the input with the gold rewrite and judge each change and each missed word."""
    tokens = [t for t in tokenize(pair.informal) if t.kind != SPACE]
    source = [t.text for t in tokens]
    gold = words(pair.formal)
    blocks = align(source, gold)
    spans = target_spans(blocks, len(source))
    touched: set[int] = set()
    for change in changes:
        covered = [i for i, t in enumerate(tokens) if t.start < change.end and t.end > change.start]
        if not covered:
            continue
        touched.update(covered)
        lo = min(spans[i][0] for i in covered)
        hi = max(spans[i][1] for i in covered)
        gold_text = " ".join(gold[lo:hi])
        original = " ".join(source[i] for i in covered)
        replacement = " ".join(words(change.replacement))
        key = canonical(gold_text, ignore_case=True)
        if key == canonical(replacement, ignore_case=True):
            verdict = RIGHT
        elif key == canonical(original, ignore_case=True):
            verdict = UNWANTED
        else:
            verdict = WRONG
        counts[verdict] += 1
        breakdown.add_change(change.step, change.category, change.entry, verdict)
        if verdict != RIGHT:
            error_list.add(original, gold_text, replacement, change, pair.file, pair.line,
                           pair.informal)
    for block in blocks:
        if block.kind == "insert":
            counts["added_in_gold"] += 1
            continue
        indices = range(*block.source)
        if block.kind == "equal" or touched.intersection(indices):
            continue
        original = " ".join(source[i] for i in indices)
        gold_text = " ".join(gold[slice(*block.target)])
        if all(tokens[i].kind != WORD for i in indices):
            kind = "punctuation"
        elif block.kind == "delete":
            kind = "dropped in gold"
        else:
            kind = guess_category(original, gold_text)
        counts[MISSED] += 1
        breakdown.add_miss(kind)
        if kind != "punctuation":  # never the normalizer's business: counted, not listed
            error_list.add(original, gold_text, original, None, pair.file, pair.line,
                           pair.informal)
