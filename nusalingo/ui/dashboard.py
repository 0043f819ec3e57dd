"""Dashboard: counts by status, category, region and contributor; reviews over time."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from nusalingo.stats import lexicon_stats
from nusalingo.store import HistoryRecord
from nusalingo.ui.state import context
from nusalingo.ui.widgets import problems_frame, success

#: Bars shown at most in one chart.
TOP = 25


def activity(records: Sequence[tuple[str, HistoryRecord]]) -> pd.DataFrame:
    """Per day (``2026-11-26``): entries added, verified and rejected, and reviews so far."""
    rows = [(r.time[:10], r.action) for _, r in records]
    frame = pd.DataFrame(rows, columns=["day", "action"])
    if frame.empty:
        return pd.DataFrame(columns=["added", "verified", "rejected", "reviewed so far"])
    table = pd.crosstab(frame["day"], frame["action"])
    for action in ("add", "verify", "reject"):
        if action not in table.columns:
            table[action] = 0
    table = table.rename(columns={"add": "added", "verify": "verified", "reject": "rejected"})
    out = table[["added", "verified", "rejected"]].sort_index()
    out["reviewed so far"] = (out["verified"] + out["rejected"]).cumsum()
    return out


def _bars(title: str, counts: dict[str, int], column: object) -> None:
    with column:  # type: ignore[attr-defined]
        st.markdown(f"**{title}**")
        series = pd.Series(counts, name="entries").head(TOP)
        st.bar_chart(series, horizontal=True, height=max(160, 24 * len(series)))


def page() -> None:
    """The Dashboard page."""
    ctx = context()
    st.title("Dashboard")
    stats = lexicon_stats(ctx.snapshot.entries())
    totals, statuses = stats["totals"], stats["status"]
    metrics = st.columns(5)
    metrics[0].metric("Senses", f"{totals['senses']:,}")
    metrics[1].metric("Forms", f"{totals['forms']:,}")
    metrics[2].metric("Verified", f"{statuses.get('verified', 0):,}")
    metrics[3].metric("Proposed", f"{statuses.get('proposed', 0):,}")
    metrics[4].metric("Rejected", f"{statuses.get('rejected', 0):,}")
    reviewed = statuses.get("verified", 0) + statuses.get("rejected", 0)
    st.progress(reviewed / totals["senses"] if totals["senses"] else 0.0,
                text=f"{reviewed:,} of {totals['senses']:,} entries reviewed")
    first, second = st.columns(2)
    _bars("By status", stats["status"], first)
    _bars("By contributor", stats["author"], second)
    first, second = st.columns(2)
    _bars("By category", stats["category"], first)
    _bars("By region", stats["region"], second)

    st.subheader("Review progress over time")
    progress = activity(ctx.snapshot.history())
    if progress.empty:
        st.caption("No recorded changes yet: the history files fill as people use the editor "
                   "or the command line.")
    else:
        cumulative = progress[["reviewed so far"]].set_axis(pd.to_datetime(progress.index))
        st.line_chart(cumulative, y_label="entries reviewed")
        st.markdown("**Changes per day**")
        st.bar_chart(progress[["added", "verified", "rejected"]], x_label="", y_label="entries")

    st.subheader("Checks")
    if st.button("Check every file for problems", key="dashboard.check"):
        problems = ctx.snapshot.problems()
        if problems:
            st.dataframe(problems_frame(problems), hide_index=True, width="stretch",
                         key="dashboard.problems")
        else:
            success("No problems found.")
