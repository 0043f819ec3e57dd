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
from operator import ne
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
    present: list[str] = texts if None not in texts else [  # type: ignore[assignment]
        t for t in texts if t is not None]
    tokens = sum(map(len, map(str.split, present)))  # C loops: this runs for every document
    if not explain:
        normalize = normalizer.normalize
        out: list[str | None] = list(map(normalize, present)) if present is texts else [
            normalize(t) if t is not None else None for t in texts]
        changed = sum(map(ne, texts, out))
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


#: Joins a chunk's texts into one string between processes (ASCII record separator).
SEPARATOR = "\x1e"
Packed = str | list[str | None]


def pack(texts: list[str | None]) -> Packed:
    """The texts as one string, when they can be: a list of many small strings costs the
    sending process far more to pickle than one string of the same text, and with a fast
    normalizer that process is what limits the speed of several workers. Texts with a
    missing one or with the separator in them go as they are."""
    if not texts or None in texts:
        return texts
    joined = SEPARATOR.join(texts)  # type: ignore[arg-type]
    return joined if joined.count(SEPARATOR) == len(texts) - 1 else texts


def unpack(packed: Packed) -> list[str | None]:
    """The texts :func:`pack` was given."""
    if isinstance(packed, str):
        texts: list[str | None] = list(packed.split(SEPARATOR))
        return texts
    return packed


def work(texts: Packed, explain: bool) -> ChunkResult:
    """Normalize one (packed) chunk in a worker process (after :func:`start_worker`); the
    normalized texts come back packed too."""
    normalizer = _Worker.normalizer
    if normalizer is None:
        raise RuntimeError("work() runs in a worker process started by start_worker()")
    result = normalize_chunk(normalizer, unpack(texts), explain)
    return result._replace(texts=pack(result.texts))  # type: ignore[arg-type]
