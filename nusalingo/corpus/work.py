"""The work on one chunk of documents, in this process or in a worker process.

A worker process gets the normalizer once, when it starts (the pool's
initializer), and then only chunks of texts; it sends back the normalized
texts, the counts for the summary and, when asked, every change. A worker
ignores Ctrl-C: the main process decides what an interruption means (see
:mod:`nusalingo.corpus.run`).

>>> from nusalingo import Normalizer
>>> result = normalize_chunk(Normalizer(), ["gk tau", None, "makan"], explain=False)
>>> result.texts, result.tokens, result.changed
(['tidak tahu', None, 'makan'], 3, 1)
"""

from __future__ import annotations

import signal
from typing import NamedTuple

from nusalingo.normalize import Change, Normalizer


class ChunkResult(NamedTuple):
    """What a chunk of documents became.

    ``tokens`` counts the input's whitespace-separated tokens; ``changed`` the
    documents whose text changed; ``changes`` (with ``explain``) the changes of
    each document, in order.
    """

    texts: list[str | None]
    tokens: int
    changed: int
    changes: list[tuple[Change, ...]] | None


def normalize_chunk(normalizer: Normalizer, texts: list[str | None], explain: bool
                    ) -> ChunkResult:
    """Normalize a chunk; missing documents (``None``) stay missing."""
    tokens = sum(len(t.split()) for t in texts if t is not None)
    if not explain:
        normalize = normalizer.normalize
        out = [normalize(t) if t is not None else None for t in texts]
        changed = sum(1 for a, b in zip(texts, out, strict=True) if a != b)
        return ChunkResult(out, tokens, changed, None)
    outputs: list[str | None] = []
    changes: list[tuple[Change, ...]] = []
    for text in texts:
        if text is None:
            outputs.append(None)
            changes.append(())
            continue
        explanation = normalizer.explain(text)
        outputs.append(explanation.text)
        changes.append(explanation.changes)
    changed = sum(1 for a, b in zip(texts, outputs, strict=True) if a != b)
    return ChunkResult(outputs, tokens, changed, changes)


class _Worker:
    """The normalizer of this worker process, set once by :func:`start_worker`."""

    normalizer: Normalizer | None = None


def start_worker(normalizer: Normalizer) -> None:
    """Pool initializer: keep the normalizer for every chunk; leave signals to the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _Worker.normalizer = normalizer


def work(texts: list[str | None], explain: bool) -> ChunkResult:
    """Normalize one chunk in a worker process (after :func:`start_worker`)."""
    normalizer = _Worker.normalizer
    if normalizer is None:
        raise RuntimeError("work() runs in a worker process started by start_worker()")
    return normalize_chunk(normalizer, texts, explain)
