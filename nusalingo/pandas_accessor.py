"""The ``.nusa`` accessor on pandas Series of text.

Importing this module registers it::

    import nusalingo.pandas_accessor  # noqa: F401
    df["formal"] = df["text"].nusa.normalize()
    changes = df["text"].nusa.explain()

Like ``.str``, it is thin and stateless: results keep the Series' index,
missing values stay missing, and a Series that is not text raises
``AttributeError`` naming its dtype. Options go to the call
(``s.nusa.normalize(level="colloquial")``) or a ready normalizer
(``s.nusa.normalize(normalizer=my_normalizer)``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pandas as pd

from nusalingo.normalize import Normalizer, normalizer_for

CHANGE_COLUMNS = ["row", "start", "end", "original", "replacement", "step", "entry",
                  "category"]


@pd.api.extensions.register_series_accessor("nusa")
class NusaAccessor:
    """Normalize a Series of informal Indonesian text."""

    def __init__(self, series: pd.Series) -> None:
        if not (pd.api.types.is_string_dtype(series.dtype)
                or pd.api.types.is_object_dtype(series.dtype)):
            raise AttributeError(
                f"the .nusa accessor works on text, but this Series has dtype {series.dtype}; "
                f"convert it with .astype('string') if it holds text"
            )
        self._series = series

    def normalize(self, normalizer: Normalizer | None = None, **options: Any) -> pd.Series:
        """A Series of normalized text on the same index; missing values stay missing."""
        engine = normalizer_for(normalizer, options)
        values = [engine.normalize(v) if isinstance(v, str) else _missing(v)
                  for v in self._series]
        return pd.Series(values, index=self._series.index, name=self._series.name,
                         dtype=self._series.dtype)

    def explain(self, normalizer: Normalizer | None = None, **options: Any) -> pd.DataFrame:
        """One row per change: the Series' row label, span, original, replacement, step, entry."""
        rows = change_rows(self._series, normalizer_for(normalizer, options), _missing)
        return pd.DataFrame(rows, columns=CHANGE_COLUMNS)


def change_rows(series: pd.Series, normalizer: Normalizer,
                missing: Callable[[Any], Any]) -> list[tuple[Any, ...]]:
    """One row of :data:`CHANGE_COLUMNS` per change of each text of ``series``; ``missing``
    is given every value that is not text (it raises for what is not missing). Shared with
    :mod:`nusalingo.dask`, whose partitions are such Series."""
    rows = []
    for label, value in series.items():
        if not isinstance(value, str):
            missing(value)
            continue
        for change in normalizer.explain(value).changes:
            rows.append((label, change.start, change.end, change.original,
                         change.replacement, change.step, change.entry, change.category))
    return rows


def _missing(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return value
    raise TypeError(f"the .nusa accessor found a {type(value).__name__} value {value!r}; "
                    f"only text and missing values can be normalized")
