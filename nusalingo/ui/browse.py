"""Browse: find entries by substring, regular expression or similar spelling, and open one."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import pandas as pd
import streamlit as st

from nusalingo.schema import CATEGORIES, REGIONS, REGISTERS, STATUSES
from nusalingo.stats import UNSET
from nusalingo.ui import drafts
from nusalingo.ui.data import TABLE_COLUMNS
from nusalingo.ui.search import SearchError, SearchIndex, regex_matches
from nusalingo.ui.state import context, kept
from nusalingo.ui.widgets import error, md_escape, show_entry, table_height

MODES = ("substring", "regex", "similar spelling")
#: Rows sent to the browser at most; the count above the table says how many matched.
SHOWN = 1000
SEARCHED = ("informal", "formal", "colloquial")
FACETS = ("status", "category", "region", "register", "author")


def search(frame: pd.DataFrame, index: Callable[[], SearchIndex], query: str,
           mode: str) -> pd.DataFrame:
    """Rows matching ``query`` in informal, formal or colloquial form; similarity adds a score.

    ``index`` gives the similarity index; it is built only when a similarity search needs it.

    Raises :class:`~nusalingo.ui.search.SearchError` for a bad regular expression.
    """
    query = query.strip()
    if not query:
        return frame
    if mode == "substring":
        needle = query.lower()
        mask = pd.Series(False, index=frame.index)
        for column in SEARCHED:
            mask |= frame[column].str.lower().str.contains(needle, regex=False)
        return frame[mask | (frame["id"] == query)]
    if mode == "regex":
        values = set().union(*(frame[c].unique() for c in SEARCHED)) - {""}
        found = regex_matches(query, values)
        mask = pd.Series(False, index=frame.index)
        for column in SEARCHED:
            mask |= frame[column].isin(found)
        return frame[mask]
    scores = dict(index().similar(query))
    best = pd.concat([frame[c].str.lower().map(scores) for c in SEARCHED], axis=1).max(axis=1)
    hits = best.notna() & (best > 0)
    result = frame[hits].assign(score=best[hits])
    return result.sort_values(["score", "informal"], ascending=[False, True])


def facet_values(frame: pd.DataFrame, facet: str) -> list[str]:
    """The values a filter offers: the documented ones, plus any in the data."""
    documented: Mapping[str, str] = {"status": STATUSES, "category": CATEGORIES,
                                     "region": REGIONS, "register": REGISTERS}.get(facet, {})
    present = {v or UNSET for v in frame[facet].unique()}
    return [*documented, *sorted(present - set(documented))]


def apply_filters(frame: pd.DataFrame, chosen: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """Keep rows whose facets have one of the chosen values (an empty choice keeps all)."""
    mask = pd.Series(True, index=frame.index)
    for facet, values in chosen.items():
        if values:
            wanted = {"" if v == UNSET else v for v in values}
            mask &= frame[facet].isin(wanted)
    return frame[mask]


def _open(entry_id: str) -> None:
    found = context().snapshot.get(entry_id)
    if found is not None:
        drafts.open_entry(*found)


def page() -> None:
    """The Browse page."""
    ctx = context()
    st.title("Browse the lexicon")
    frame = ctx.snapshot.frame()
    left, right = st.columns([3, 2])
    query = left.text_input("Search informal, formal and colloquial forms (or an id)",
                            key=kept("browse.query", ""),
                            placeholder="bgt · ^ng.*in$ · bangettt")
    mode = right.radio("Match", MODES, key=kept("browse.mode", MODES[0]), horizontal=True,
                       help="substring: anywhere in the form; regex: a Python regular "
                            "expression; similar spelling: bgt, bngt and bangettt find banget")
    columns = st.columns(len(FACETS))
    chosen = {
        facet: column.multiselect(facet.capitalize(), facet_values(frame, facet),
                                  key=kept(f"browse.filter.{facet}", []))
        for facet, column in zip(FACETS, columns, strict=True)
    }
    try:
        result = apply_filters(search(frame, ctx.snapshot.index, query, mode), chosen)
    except SearchError as exc:
        error(str(exc))
        return
    shown = result.head(SHOWN)
    note = f" (the first {SHOWN} shown; narrow the search to see others)" \
        if len(result) > SHOWN else ""
    st.caption(f"{len(result):,} of {len(frame):,} entries{note}. Click a column header to sort, "
               f"a row to see it.")
    columns_shown = [*(["score"] if "score" in shown.columns else []), *TABLE_COLUMNS]
    event = st.dataframe(
        shown[columns_shown], key="browse.table", on_select="rerun",
        selection_mode="single-row", hide_index=True, width="stretch",
        height=table_height(len(shown), 560),
        column_config={"score": st.column_config.ProgressColumn(
            "similarity", min_value=0, max_value=100, format="%.0f")},
    )
    rows = event.selection.rows if event is not None else []
    if not rows:
        return
    entry_id = str(shown.iloc[rows[0]]["id"])
    found = ctx.snapshot.get(entry_id)
    if found is None:
        return
    entry, file = found
    st.subheader(md_escape(f"{entry.id} in {file}"))
    show_entry(entry.to_row(), key="browse.detail")
    st.button("Open in the editor", key="browse.open", on_click=_open, args=(entry_id,),
              type="primary", icon=":material/edit:")
