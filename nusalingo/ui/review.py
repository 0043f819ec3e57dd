"""Review queue: one proposed entry at a time; accept, reject, edit or skip, by keyboard too.

Shortcuts: ``A`` accept, ``X`` reject (after typing a reason), ``E`` edit,
``S`` skip. They do nothing while the cursor is in a text box, so typing a
reason never triggers one. The author of an entry cannot verify it: the
buttons say so, and the store refuses it anyway.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import streamlit as st

from nusalingo.entry import Entry
from nusalingo.ui import actions, drafts
from nusalingo.ui.mining import concordance
from nusalingo.ui.permissions import why_not_edit, why_not_review
from nusalingo.ui.state import AppContext, context
from nusalingo.ui.widgets import diff_frame, error, md_escape, show_entry, success

SKIPPED = "review.skipped"
DONE = "review.done"
NOTICE = "review.notice"
CONFLICT = "review.conflict"
REASON = "review.reason"
SHORTCUTS = {"accept": "A", "reject": "X", "edit": "E", "skip": "S"}
#: Corpus lines shown for the entry under review.
CONTEXTS = 5


def queue(entries: Iterable[tuple[Entry, str]], skipped: Sequence[str]) -> list[tuple[Entry, str]]:
    """Proposed entries, oldest first; skipped ones go to the end."""
    proposed = [(e, f) for e, f in entries if e.status == "proposed"]
    proposed.sort(key=lambda item: (item[0].id in skipped, item[0].created, item[0].id))
    return proposed


def _with_files(ctx: AppContext) -> Iterable[tuple[Entry, str]]:
    for lexicon_file in ctx.snapshot.files:
        for entry in lexicon_file.entries:
            yield entry, lexicon_file.name


def _record(outcome: actions.Outcome, entry: Entry) -> None:
    st.session_state[NOTICE] = (outcome.ok, outcome.message)
    if outcome.ok:
        st.session_state.setdefault(DONE, []).append(entry.id)
        st.session_state[REASON] = ""
        st.session_state.pop(CONFLICT, None)
    elif outcome.conflict is not None:
        st.session_state[CONFLICT] = (entry.to_row(), outcome.conflict.current)


def _accept(ctx: AppContext, entry: Entry, file: str) -> None:
    _record(actions.verify(ctx.snapshot.store(file), ctx.user, entry, team=ctx.team), entry)


def _reject(ctx: AppContext, entry: Entry, file: str) -> None:
    reason = str(st.session_state.get(REASON, ""))
    outcome = actions.reject(ctx.snapshot.store(file), ctx.user, entry, reason, team=ctx.team)
    _record(outcome, entry)


def _skip(entry: Entry) -> None:
    skipped: list[str] = st.session_state.setdefault(SKIPPED, [])
    if entry.id in skipped:
        skipped.remove(entry.id)
    skipped.append(entry.id)
    st.session_state.pop(NOTICE, None)
    st.session_state.pop(CONFLICT, None)


def _unskip() -> None:
    st.session_state[SKIPPED] = []


def page() -> None:
    """The Review queue page."""
    ctx = context()
    st.title("Review queue")
    skipped: list[str] = st.session_state.get(SKIPPED, [])
    done: list[str] = st.session_state.get(DONE, [])
    items = queue(_with_files(ctx), skipped)
    notice = st.session_state.pop(NOTICE, None)
    if notice:
        (success if notice[0] else error)(notice[1])
    conflict = st.session_state.get(CONFLICT)
    if conflict:
        seen, current = conflict
        st.markdown("What changed since you opened it:")
        st.dataframe(diff_frame(seen, current, labels=("you saw", "now on disk")),
                     hide_index=True, width="stretch", key="review.conflict_table")
        st.caption("The queue below shows the entry as it is now; review it again.")
    total = len(items) + len(done)
    st.progress(len(done) / total if total else 1.0,
                text=f"{len(done)} reviewed in this session, {len(items)} proposed left"
                     + (f" ({len(skipped)} skipped, at the end)" if skipped else ""))
    if not items:
        st.success("Nothing left to review. Well done.")
        return
    entry, file = items[0]
    reviewed_skipped = entry.id in skipped
    st.subheader(md_escape(f"{entry.informal} → {entry.formal}"))
    st.caption(md_escape(f"{entry.id} in {file}, {entry.category or 'no category'}, proposed "
                         f"by {entry.author} on {entry.created}"
                         + (" (skipped before)" if reviewed_skipped else "")))
    left, right = st.columns([3, 2])
    with left:
        if entry.example:
            st.markdown(f"**Example:** {md_escape(entry.example)}  \n"
                        f"**Formal:** {md_escape(entry.example_formal)}")
            normalizer = ctx.snapshot.normalizer(include_proposed=True)
            st.markdown(f"**The normalizer, with proposed entries, gives:** "
                        f"{md_escape(normalizer.normalize(entry.example))}")
        else:
            st.caption("No example given.")
        corpus = st.session_state.get("corpus.loaded")
        if corpus is not None:
            hits = concordance(corpus.texts, entry.informal, limit=CONTEXTS)
            st.markdown(f"**In the corpus {md_escape(corpus.name)}:** "
                        f"{len(hits)} shown" if hits else
                        f"**Not found in the corpus {md_escape(corpus.name)}.**")
            if hits:
                st.dataframe(hits, hide_index=True, width="stretch", key="review.contexts")
        else:
            st.caption("Load a corpus on the Corpus page to see this form in context.")
    with right:
        show_entry(entry.to_row(), key="review.entry")

    why = why_not_review(ctx.user, entry, team=ctx.team)
    why_edit = why_not_edit(ctx.user, entry, team=ctx.team)
    st.text_input("Reason (needed to reject; the author reads it)", key=REASON,
                  placeholder="e.g. duplicate of core-12; the usual spelling is ...")
    buttons = st.columns(4)
    buttons[0].button("Accept", key="review.accept", type="primary", disabled=bool(why),
                      on_click=_accept, args=(ctx, entry, file), shortcut=SHORTCUTS["accept"],
                      icon=":material/check:")
    buttons[1].button("Reject", key="review.reject", disabled=bool(why), on_click=_reject,
                      args=(ctx, entry, file), shortcut=SHORTCUTS["reject"],
                      icon=":material/close:")
    buttons[2].button("Edit", key="review.edit", disabled=bool(why_edit),
                      on_click=drafts.open_entry, args=(entry, file), shortcut=SHORTCUTS["edit"],
                      icon=":material/edit:")
    buttons[3].button("Skip", key="review.skip", on_click=_skip, args=(entry,),
                      shortcut=SHORTCUTS["skip"], icon=":material/skip_next:")
    if why:
        st.caption(f":orange[{md_escape(why)}]")
    if skipped:
        st.button("Put skipped entries back in order", key="review.unskip", on_click=_unskip)
