"""Small pieces several pages show: escaped text, entry tables, problems, version diffs.

Text from users and lexicons is never rendered as HTML. Where it goes into
Markdown (for colour), every punctuation character is backslash-escaped so
that it cannot become a link, an image, a directive or LaTeX; tables go
through ``st.dataframe``, which shows text as text.

>>> print(md_escape("[klik](x) *tebal* :red[x]"))
\\[klik\\]\\(x\\) \\*tebal\\* \\:red\\[x\\]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd
import regex
import streamlit as st

from nusalingo.errors import Problem
from nusalingo.schema import COLUMNS

_MARKDOWN_SPECIAL = regex.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:&=\"'^%@/])")


def md_escape(text: str, *, lines: bool = False) -> str:
    """Text made inert for ``st.markdown``; line breaks become spaces, or kept with ``lines``."""
    parts = [_MARKDOWN_SPECIAL.sub(r"\\\1", line) for line in str(text).splitlines()]
    return ("  \n" if lines else " ").join(parts)


def error(text: str) -> None:
    """An error box whose text (which may quote user data) is shown as plain text."""
    st.error(md_escape(text, lines=True))


def warning(text: str) -> None:
    """A warning box with plain text."""
    st.warning(md_escape(text, lines=True))


def success(text: str) -> None:
    """A success box with plain text."""
    st.success(md_escape(text, lines=True))


def info(text: str) -> None:
    """An information box with plain text."""
    st.info(md_escape(text, lines=True))


def table_height(rows: int, most: int = 420) -> int:
    """Pixels for a table of ``rows`` rows and its header, at most ``most`` (then it scrolls)."""
    return min(most, 35 * (rows + 1) + 3)


def entry_frame(row: Mapping[str, object], columns: Sequence[str] = COLUMNS) -> pd.DataFrame:
    """One entry as a two-column table (field, value), empty fields left out."""
    items = [(c, str(row.get(c, ""))) for c in columns if str(row.get(c, "")) != ""]
    return pd.DataFrame(items, columns=["field", "value"])


def show_entry(row: Mapping[str, object], key: str) -> None:
    """An entry as a compact table."""
    st.dataframe(entry_frame(row), hide_index=True, width="stretch", key=key)


def diff_frame(before: Mapping[str, object] | None, after: Mapping[str, object] | None,
               labels: tuple[str, str] = ("before", "after"),
               only_changed: bool = True) -> pd.DataFrame:
    """Field by field, two versions of an entry side by side."""
    old, new = before or {}, after or {}
    rows = []
    for column in COLUMNS:
        a, b = str(old.get(column, "")), str(new.get(column, ""))
        if a != b or (not only_changed and (a or b)):
            rows.append((column, a, b))
    return pd.DataFrame(rows, columns=["field", *labels])


def changed_fields(before: Mapping[str, object] | None,
                   after: Mapping[str, object] | None) -> list[str]:
    """The columns that differ between two versions (``version`` left out)."""
    old, new = before or {}, after or {}
    return [c for c in COLUMNS if c != "version" and str(old.get(c, "")) != str(new.get(c, ""))]


def problems_frame(problems: Iterable[Problem]) -> pd.DataFrame:
    """Problems as a table with file, line, column, value, message and hint."""
    return pd.DataFrame(
        [(p.severity, p.file, p.line or "", p.column, p.value, p.code, p.message, p.hint)
         for p in problems],
        columns=["severity", "file", "line", "column", "value", "code", "problem", "what to do"])


def field_errors(problems: Iterable[Problem]) -> None:
    """Problems of one field, in red, right under it."""
    for problem in problems:
        hint = f" — {problem.hint}" if problem.hint else ""
        st.markdown(f":red[{md_escape(problem.message + hint)}]")
