"""Normalize a text column of a Dask DataFrame, on one machine or on a cluster.

The normalizer goes to the workers once, not once per partition: with a
``distributed`` client (the one given, or the current default client) it is
scattered to every worker (``client.scatter(normalizer, broadcast=True)``),
and each partition's task refers to it by key; without one (Dask's local
schedulers) it is a single ``dask.delayed`` object in the graph, computed
once. Its key is random, so Dask never pickles the normalizer just to name it.

Results keep the partitions and the index; missing values stay missing; the
column's dtype is kept (``string[pyarrow]`` stays so).

>>> import dask.dataframe as dd
>>> import pandas as pd
>>> frame = dd.from_pandas(pd.DataFrame({"teks": ["gk tau", None, "gw udh makan"]}),
...                        npartitions=2)
>>> normalize_column(frame, "teks").compute()["teks_normalized"].tolist()
['tidak tahu', <NA>, 'saya sudah makan']
>>> explain_column(frame, "teks").compute()[["row", "original", "replacement"]].values.tolist()
[[0, 'gk', 'tidak'], [0, 'tau', 'tahu'], [2, 'gw', 'saya'], [2, 'udh', 'sudah']]
"""

from __future__ import annotations

import math
import uuid
from typing import Any, cast

import dask.dataframe as dd
import pandas as pd
from dask.delayed import delayed

from nusalingo.errors import NusalingoError
from nusalingo.normalize import Normalizer, normalizer_for
from nusalingo.pandas_accessor import CHANGE_COLUMNS, change_rows

#: The new column's name is the text column's name with this suffix, by default.
SUFFIX = "_normalized"


def ship(normalizer: Normalizer, client: Any = None) -> Any:
    """The normalizer as the workers will get it: once each, whatever the partitions.

    With a ``distributed`` client (given, or the default one), a future of the
    normalizer scattered to every worker; else a delayed object with a random
    key. Pass the result to ``map_partitions`` in place of the normalizer.
    """
    if client is None:
        client = _default_client()
    if client is not None:
        return client.scatter(normalizer, broadcast=True, hash=False)
    return delayed(normalizer, name=f"nusalingo-normalizer-{uuid.uuid4().hex}",
                        traverse=False)


def normalize_series(series: dd.Series, *, normalizer: Normalizer | None = None,
                     client: Any = None, **options: Any) -> dd.Series:
    """A Dask Series of normalized text, on the same partitions and index."""
    _check_text(series._meta, series.name)
    shipped = ship(normalizer_for(normalizer, options), client)
    result = series.map_partitions(  # type: ignore[no-untyped-call]
        _normalize_partition, shipped, meta=series._meta)
    return cast(dd.Series, result)


def normalize_column(frame: dd.DataFrame, column: str, *, output_column: str | None = None,
                     replace: bool = False, normalizer: Normalizer | None = None,
                     client: Any = None, **options: Any) -> dd.DataFrame:
    """The frame with the column's normalized text in a new column (by default
    ``<column>_normalized``), or over the column itself with ``replace``."""
    if column not in frame.columns:
        raise NusalingoError(f"no column {column!r}; the columns are "
                             f"{', '.join(map(repr, frame.columns))}")
    if replace and output_column is not None:
        raise NusalingoError("give output_column or replace=True, not both")
    target = column if replace else output_column or f"{column}{SUFFIX}"
    if not replace and target in frame.columns:
        raise NusalingoError(f"there is already a column {target!r}; pass another "
                             f"output_column, or replace=True")
    normalized = normalize_series(frame[column], normalizer=normalizer, client=client,
                                  **options)
    return cast(dd.DataFrame, frame.assign(**{target: normalized}))


def explain_column(frame: dd.DataFrame, column: str, *, normalizer: Normalizer | None = None,
                   client: Any = None, **options: Any) -> dd.DataFrame:
    """One row per change: the row's index label, span, original, replacement, step,
    entry and category (the shape of ``Series.nusa.explain()``)."""
    if column not in frame.columns:
        raise NusalingoError(f"no column {column!r}; the columns are "
                             f"{', '.join(map(repr, frame.columns))}")
    series: dd.Series = frame[column]
    _check_text(series._meta, column)
    shipped = ship(normalizer_for(normalizer, options), client)
    meta = _changes_frame([], frame._meta.index.dtype)
    result = series.map_partitions(  # type: ignore[no-untyped-call]
        _explain_partition, shipped, meta=meta)
    return cast(dd.DataFrame, result)


def _normalize_partition(part: pd.Series, normalizer: Normalizer) -> pd.Series:
    normalize = normalizer.normalize
    values = [normalize(v) if isinstance(v, str) else _missing(v) for v in part]
    return pd.Series(values, index=part.index, name=part.name, dtype=part.dtype)


def _explain_partition(part: pd.Series, normalizer: Normalizer) -> pd.DataFrame:
    return _changes_frame(change_rows(part, normalizer, _missing), part.index.dtype)


def _changes_frame(rows: list[tuple[Any, ...]], index_dtype: Any) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
    return frame.astype({"row": index_dtype, "start": "int64", "end": "int64",
                         **dict.fromkeys(CHANGE_COLUMNS[3:], "string")})


def _default_client() -> Any:
    """The current ``distributed`` client, or ``None`` (local schedulers)."""
    try:
        from distributed import default_client
    except ImportError:
        return None
    try:
        return default_client()  # type: ignore[no-untyped-call]
    except ValueError:
        return None


def _check_text(meta: pd.Series, name: Any) -> None:
    if not (pd.api.types.is_string_dtype(meta.dtype)
            or pd.api.types.is_object_dtype(meta.dtype)):
        raise TypeError(f"column {name!r} has dtype {meta.dtype}, not text; convert it "
                        f"with .astype('string') if it holds text")


def _missing(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return value
    raise TypeError(f"found a {type(value).__name__} value {value!r} in a text column; "
                    f"only text and missing values can be normalized")
