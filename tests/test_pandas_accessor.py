"""The .nusa accessor: same index, missing values stay missing, text only."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import nusalingo.pandas_accessor  # noqa: F401


def test_normalize_keeps_index_and_missing_values() -> None:
    series = pd.Series(["gk tau", None, "gw udh", np.nan], index=[10, 3, 7, 1], name="teks")
    result = series.nusa.normalize()
    assert list(result.index) == [10, 3, 7, 1]
    assert result.name == "teks"
    assert result[10] == "tidak tahu" and result[7] == "saya sudah"
    assert pd.isna(result[3]) and pd.isna(result[1])


def test_string_dtype_and_options() -> None:
    series = pd.Series(["gk bgt", pd.NA], dtype="string")
    result = series.nusa.normalize(level="colloquial")
    assert result.dtype == "string"
    assert result[0] == "enggak banget" and result[1] is pd.NA


def test_explain_is_a_long_frame_with_row_labels() -> None:
    series = pd.Series(["gk tau", "makan", "gw"], index=["a", "b", "c"])
    frame = series.nusa.explain()
    assert list(frame.columns) == ["row", "start", "end", "original", "replacement", "step",
                                   "entry", "category"]
    assert list(frame["row"]) == ["a", "a", "c"]
    assert list(frame["replacement"]) == ["tidak", "tahu", "saya"]


def test_non_text_series_raises_attribute_error_naming_dtype() -> None:
    with pytest.raises(AttributeError, match="int64"):
        pd.Series([1, 2, 3]).nusa  # noqa: B018


def test_mixed_object_series_names_the_bad_value() -> None:
    with pytest.raises(TypeError, match="42"):
        pd.Series(["gk", 42]).nusa.normalize()
