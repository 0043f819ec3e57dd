"""History: every recorded change with who, when, before and after; restore an old version."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from nusalingo.store import HistoryRecord
from nusalingo.ui import actions
from nusalingo.ui.permissions import why_not_restore
from nusalingo.ui.state import AppContext, context, kept
from nusalingo.ui.widgets import (
    changed_fields,
    diff_frame,
    error,
    md_escape,
    success,
    table_height,
)

ENTRY = "history.entry"
NOTICE = "history.notice"
ACTIONS = ("add", "edit", "verify", "reject", "delete", "restore", "import")
#: Rows sent to the browser at most.
SHOWN = 2000


def records_frame(records: Sequence[tuple[str, HistoryRecord]]) -> pd.DataFrame:
    """Changes newest first: time, user, action, entry, file, version, changed fields, note."""
    rows = [(r.time, r.user, r.action, r.id, file, r.version,
             ", ".join(changed_fields(r.before, r.after)) if r.before and r.after else "",
             r.note, number)
            for number, (file, r) in enumerate(records)]
    frame = pd.DataFrame(rows, columns=["time", "user", "action", "id", "lexicon", "version",
                                        "changed", "note", "record"])
    return frame.iloc[::-1].reset_index(drop=True)


def describe(record: HistoryRecord) -> str:
    """``version 2: gk → tidak (edit by dewi, 2026-11-26T10:00:00Z)``."""
    after = record.after or {}
    return (f"version {record.version}: {after.get('informal', '')} → {after.get('formal', '')} "
            f"({record.action} by {record.user}, {record.time})")


def _restore(ctx: AppContext, file: str, entry_id: str, version: int) -> None:
    found = ctx.snapshot.get(entry_id)
    outcome = actions.restore(ctx.snapshot.store(file), ctx.user, entry_id, version,
                              found[0] if found else None, team=ctx.team)
    st.session_state[NOTICE] = (outcome.ok, outcome.message)


def page() -> None:
    """The History page."""
    ctx = context()
    st.title("History")
    records = ctx.snapshot.history()
    notice = st.session_state.pop(NOTICE, None)
    if notice:
        (success if notice[0] else error)(notice[1])
    frame = records_frame(records)
    filters = st.columns([2, 2, 2])
    wanted_id = filters[0].text_input("Entry id", key=kept(ENTRY, ""),
                                      placeholder="e.g. team-3")
    users = filters[1].multiselect("Who", sorted(frame["user"].unique()),
                                   key=kept("history.users", []))
    kinds = filters[2].multiselect("What", [a for a in ACTIONS if a in set(frame["action"])],
                                   key=kept("history.actions", []))
    shown = frame
    if wanted_id.strip():
        shown = shown[shown["id"] == wanted_id.strip()]
    if users:
        shown = shown[shown["user"].isin(users)]
    if kinds:
        shown = shown[shown["action"].isin(kinds)]
    st.caption(f"{len(shown):,} of {len(frame):,} recorded changes, newest first. Click a row "
               f"to see it before and after.")
    shown = shown.head(SHOWN)
    event = st.dataframe(shown.drop(columns=["record"]), key="history.table",
                         on_select="rerun", selection_mode="single-row", hide_index=True,
                         width="stretch", height=table_height(len(shown)))
    rows = event.selection.rows if event is not None else []
    if rows:
        _, record = records[int(shown.iloc[rows[0]]["record"])]
        st.subheader(md_escape(f"{record.action} of {record.id} by {record.user} at {record.time}"))
        st.dataframe(diff_frame(record.before, record.after), hide_index=True,
                     width="stretch", key="history.diff")
        if not wanted_id.strip():
            wanted_id = record.id
    if wanted_id.strip():
        _restore_box(ctx, records, wanted_id.strip())


def _restore_box(ctx: AppContext, records: Sequence[tuple[str, HistoryRecord]],
                 entry_id: str) -> None:
    versions = {r.version: (file, r) for file, r in records if r.id == entry_id and r.after}
    if not versions:
        st.caption(f"No recorded version of {md_escape(entry_id)} to restore.")
        return
    found = ctx.snapshot.get(entry_id)
    current = found[0] if found else None
    st.subheader(f"Restore {md_escape(entry_id)}")
    st.caption(md_escape(f"Now: version {current.version} ({current.status})" if current
                         else "Now: deleted"))
    choices = [v for v in sorted(versions, reverse=True)
               if current is None or v != current.version]
    if not choices:
        st.caption("Only the current version is recorded; there is nothing to go back to.")
        return
    version = st.selectbox("Version", choices, key=f"history.version.{entry_id}",
                           format_func=lambda v: describe(versions[v][1]))
    file, record = versions[version]
    st.dataframe(diff_frame(current.to_row() if current else None, record.after,
                            labels=("now", f"version {version}")),
                 hide_index=True, width="stretch", key="history.restore_diff")
    reason = why_not_restore(ctx.user, current, team=ctx.team)
    st.button(f"Restore version {version}", key="history.restore", type="primary",
              disabled=bool(reason), on_click=_restore, args=(ctx, file, entry_id, version),
              icon=":material/restore:")
    if reason:
        st.caption(f":orange[{md_escape(reason)}]")
