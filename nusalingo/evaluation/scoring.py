"""The measures the field uses, computed from raw, gold and output forms.

Token level (MultiLexNorm), per token, with ``raw``, ``gold`` and ``output``:

============  ==================  =========================
gold          output              outcome
============  ==================  =========================
= raw         = raw               ``kept`` (true negative)
= raw         != raw              ``unwanted`` (FP)
!= raw        = gold              ``right`` (TP)
!= raw        = raw               ``missed`` (FN)
!= raw        neither             ``wrong`` (FN, changed wrongly)
============  ==================  =========================

ERR, the error reduction rate against leaving every token as it is, is
``(TP - FP) / (TP + FN)``: the share of the tokens that need normalizing that
the system fixes, less the tokens it breaks. Precision is ``TP`` over every
token the system changed, recall ``TP`` over every token that should change.
All figures are percentages; a figure with an empty denominator is ``None``.

>>> scores = score_tokens(["gk", "tau", "aku", "yg"], ["tidak", "tahu", "aku", "yang"],
...                       ["tidak", "tau", "saya", "yang"])
>>> (scores.tp, scores.fp, scores.fn), round(scores.err, 2)
((2, 1, 1), 33.33)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from nusalingo.casing import match_case

KEPT, UNWANTED, RIGHT, MISSED, WRONG = "kept", "unwanted", "right", "missed", "wrong"
OUTCOMES = (RIGHT, WRONG, UNWANTED, MISSED, KEPT)


def canonical(form: str, ignore_case: bool = False) -> str:
    """A form as compared: single spaces, and lower case when case is ignored."""
    text = " ".join(form.split())
    return text.lower() if ignore_case else text


def token_outcome(raw: str, gold: str, output: str, ignore_case: bool = False) -> str:
    """One of ``right``, ``wrong``, ``unwanted``, ``missed``, ``kept`` (see the table above).

    >>> token_outcome("gk", "tidak", "gk"), token_outcome("Aku", "aku", "aku", ignore_case=True)
    ('missed', 'kept')
    """
    r, g, o = (canonical(x, ignore_case) for x in (raw, gold, output))
    if g == r:
        return KEPT if o == r else UNWANTED
    if o == g:
        return RIGHT
    return MISSED if o == r else WRONG


def percent(part: int | float, whole: int | float) -> float | None:
    """``100 * part / whole``, or ``None`` when ``whole`` is 0."""
    return 100.0 * part / whole if whole else None


@dataclass(frozen=True, slots=True)
class TokenScores:
    """Counts of token outcomes and the figures computed from them."""

    right: int = 0
    wrong: int = 0
    unwanted: int = 0
    missed: int = 0
    kept: int = 0

    @property
    def tokens(self) -> int:
        """Every token scored."""
        return self.right + self.wrong + self.unwanted + self.missed + self.kept

    @property
    def tp(self) -> int:
        """Tokens that should change and became exactly their gold form."""
        return self.right

    @property
    def fp(self) -> int:
        """Tokens that should have stayed but were changed."""
        return self.unwanted

    @property
    def fn(self) -> int:
        """Tokens that should change and did not become their gold form."""
        return self.wrong + self.missed

    @property
    def should_change(self) -> int:
        """Tokens whose gold form differs from the raw one."""
        return self.tp + self.fn

    @property
    def changed(self) -> int:
        """Tokens the system changed."""
        return self.right + self.wrong + self.unwanted

    @property
    def accuracy(self) -> float | None:
        """Share of tokens whose output is their gold form."""
        return percent(self.right + self.kept, self.tokens)

    @property
    def err(self) -> float | None:
        """Error reduction rate, ``(TP - FP) / (TP + FN)``."""
        return percent(self.tp - self.fp, self.should_change)

    @property
    def precision(self) -> float | None:
        """Share of the system's changes that give the gold form."""
        return percent(self.tp, self.changed)

    @property
    def recall(self) -> float | None:
        """Share of the tokens that should change that got their gold form."""
        return percent(self.tp, self.should_change)

    def as_dict(self) -> dict[str, Any]:
        """The figures and the counts behind them, JSON-ready."""
        return {
            "err": _round(self.err), "accuracy": _round(self.accuracy),
            "precision": _round(self.precision), "recall": _round(self.recall),
            "counts": {"tokens": self.tokens, "should_change": self.should_change,
                       "changed": self.changed, "tp": self.tp, "fp": self.fp, "fn": self.fn,
                       **{name: getattr(self, name) for name in OUTCOMES}},
        }


def score_tokens(raws: Sequence[str], golds: Sequence[str], outputs: Sequence[str],
                 ignore_case: bool = False) -> TokenScores:
    """Score flat, aligned sequences of raw, gold and output tokens."""
    if not len(raws) == len(golds) == len(outputs):
        raise ValueError(f"{len(raws)} raw, {len(golds)} gold and {len(outputs)} output tokens; "
                         f"the three must be aligned")
    counts = Counter(token_outcome(r, g, o, ignore_case)
                     for r, g, o in zip(raws, golds, outputs, strict=True))
    return TokenScores(**{name: counts[name] for name in OUTCOMES})


class MostFrequentReplacement:
    """The MFR baseline: each raw token becomes its most frequent gold form in training.

    Tokens never seen in training stay as they are. Ties go to leaving the
    token as it is, then to the alphabetically first form, so the baseline
    does not depend on the order of the training data. Matching ignores case;
    the output takes the case pattern of the raw token.

    >>> mfr = MostFrequentReplacement.train([("gk", "tidak"), ("gk", "tidak"), ("gk", "gak"),
    ...                                      ("aja", "saja"), ("aja", "aja")])
    >>> mfr("Gk"), mfr("aja"), mfr("budi")
    ('Tidak', 'aja', 'budi')
    """

    def __init__(self, table: Mapping[str, str]) -> None:
        self.table = dict(table)

    @classmethod
    def train(cls, pairs: Iterable[tuple[str, str]]) -> MostFrequentReplacement:
        """Learn the table from (raw, gold) token pairs."""
        seen: dict[str, Counter[str]] = defaultdict(Counter)
        for raw, gold in pairs:
            seen[raw.lower()][canonical(gold).lower()] += 1
        table = {}
        for raw, golds in seen.items():
            best = min(golds.items(), key=lambda item: (-item[1], item[0] != raw, item[0]))[0]
            if best != raw:
                table[raw] = best
        return cls(table)

    def __call__(self, token: str) -> str:
        gold = self.table.get(token.lower())
        if gold is None:
            return token
        return gold if not gold else match_case(token, gold)


def corpus_scores(hypotheses: Sequence[str], references: Sequence[str]) -> dict[str, Any]:
    """Corpus BLEU and chrF with sacrebleu's defaults, and sacrebleu's signatures."""
    from sacrebleu import BLEU, CHRF

    bleu, chrf = BLEU(), CHRF()
    bleu_score = bleu.corpus_score(list(hypotheses), [list(references)])
    chrf_score = chrf.corpus_score(list(hypotheses), [list(references)])
    return {
        "bleu": _round(bleu_score.score), "chrf": _round(chrf_score.score),
        "signature": {"bleu": str(bleu.get_signature()), "chrf": str(chrf.get_signature())},
    }


def pair_accuracy(golds: Sequence[str], outputs: Sequence[str], tags: Sequence[str],
                  ignore_case: bool = False) -> dict[str, Any]:
    """Exact-match accuracy overall and by tag.

    >>> pair_accuracy(["tidak", "sudah"], ["tidak", "udah"], ["shorten", "shorten"])["accuracy"]
    50.0
    """
    total: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for gold, output, tag in zip(golds, outputs, tags, strict=True):
        total[tag] += 1
        right[tag] += canonical(gold, ignore_case) == canonical(output, ignore_case)
    return {
        "accuracy": _round(percent(sum(right.values()), sum(total.values()))),
        "right": sum(right.values()), "total": sum(total.values()),
        "by_tag": {tag: {"accuracy": _round(percent(right[tag], total[tag])),
                         "right": right[tag], "total": total[tag]}
                   for tag in sorted(total)},
    }


class Breakdown:
    """Which steps, categories and entries gain or lose, and what kinds of words are missed.

    Each change the normalizer made is ``right`` (gives the gold form),
    ``wrong`` (should change, but to another form) or ``unwanted`` (should
    not have changed). ``net`` is ``right - unwanted``: the change's share of
    ``TP - FP``, the numerator of ERR.

    >>> b = Breakdown()
    >>> b.add_change("lexicon", "disemvoweling", "core-1", "right")
    >>> b.add_change("sound_changes", "sound-change", "", "unwanted")
    >>> b.add_miss("colloquial-word")
    >>> b.as_dict()["by_step"]["lexicon"]["net"], b.as_dict()["missed"]
    (1, {'colloquial-word': 1})
    """

    def __init__(self) -> None:
        self.steps: dict[str, Counter[str]] = defaultdict(Counter)
        self.categories: dict[str, Counter[str]] = defaultdict(Counter)
        self.entries: dict[str, Counter[str]] = defaultdict(Counter)
        self.missed: Counter[str] = Counter()

    def add_change(self, step: str, category: str, entry: str, verdict: str) -> None:
        """Count one changed token (or word) under its step, category and entry."""
        if verdict not in (RIGHT, WRONG, UNWANTED):
            raise ValueError(f"verdict must be right, wrong or unwanted, got {verdict!r}")
        self.steps[step or "?"][verdict] += 1
        self.categories[category or "?"][verdict] += 1
        if entry:
            self.entries[entry][verdict] += 1

    def add_miss(self, kind: str) -> None:
        """Count a word that should have changed but did not, by its (guessed) kind."""
        self.missed[kind] += 1

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready tables, most changes first; entries with losses only, most losses first."""
        return {
            "by_step": _table(self.steps),
            "by_category": _table(self.categories),
            "by_entry": dict(sorted(
                ((k, v) for k, v in _table(self.entries).items() if v[WRONG] or v[UNWANTED]),
                key=lambda kv: (-(kv[1][WRONG] + kv[1][UNWANTED]), kv[1]["net"], kv[0]))),
            "missed": dict(sorted(self.missed.items(), key=lambda kv: (-kv[1], kv[0]))),
        }


def _table(groups: Mapping[str, Counter[str]]) -> dict[str, dict[str, int]]:
    rows = {
        name: {"changes": sum(c[v] for v in (RIGHT, WRONG, UNWANTED)), RIGHT: c[RIGHT],
               WRONG: c[WRONG], UNWANTED: c[UNWANTED], "net": c[RIGHT] - c[UNWANTED]}
        for name, c in groups.items()
    }
    return dict(sorted(rows.items(), key=lambda kv: (-kv[1]["changes"], kv[0])))


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
