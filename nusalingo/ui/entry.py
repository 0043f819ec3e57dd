"""Entry: write a new entry or change one, with problems shown beside each field as you type.

Before anything is saved the page shows what the validator would say about
each field, entries that already cover the form (and spelling variants of the
same word), formal words the word lists do not know, and what the normalizer
makes of the example now. Saving goes through the store; when someone else
saved the entry in the meantime, both versions are shown with a way to merge.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from nusalingo.entry import Entry, form_key
from nusalingo.errors import Problem
from nusalingo.schema import CATEGORIES, FREQUENCIES, POS_TAGS, REGIONS, REGISTERS
from nusalingo.store import now
from nusalingo.tokenize import WORD, tokenize
from nusalingo.ui import actions, drafts
from nusalingo.ui.data import TABLE_COLUMNS, Snapshot
from nusalingo.ui.permissions import why_not_add, why_not_edit
from nusalingo.ui.settings import TEAM_FILE
from nusalingo.ui.state import AppContext, context, kept
from nusalingo.ui.widgets import (
    diff_frame,
    error,
    field_errors,
    info,
    md_escape,
    problems_frame,
    success,
    warning,
)
from nusalingo.validation import row_problems

PROBLEMS = "entry.problems"
TARGET = "entry.target"
CHOICES: Mapping[str, Mapping[str, str]] = {
    "category": CATEGORIES, "pos": POS_TAGS, "region": REGIONS, "register": REGISTERS,
    "frequency": dict.fromkeys(FREQUENCIES, ""),
}
LABELS = {
    "informal": "Informal form", "formal": "Formal form", "colloquial": "Colloquial spelling",
    "category": "Category", "context": "Context", "pos": "Part of speech", "region": "Region",
    "register": "Register", "frequency": "Frequency (1 rare – 5 usual)", "example": "Example",
    "example_formal": "Formal rewrite of the example", "note": "Note for reviewers",
    "source": "Source",
}
HELP = {
    "informal": "As people write it, lower case: gk, ga pa pa.",
    "formal": "Standard Indonesian (KBBI spelling).",
    "colloquial": "The standard spelling of the colloquial word, e.g. enggak for gk.",
    "context": "Conditions that select this sense, e.g. next=sih|dong; see lexicons/README.md.",
    "source": "nusalingo for your own entries, import:<file> for imported ones.",
}
#: Similarity score from which two informal forms count as spelling variants.
VARIANT_SCORE = 80.0


def draft_row(values: Mapping[str, str], existing: Entry | None, author: str) -> dict[str, str]:
    """The draft as a full row, the store's fields filled in as a save would."""
    row = dict(values)
    if existing is not None:
        kept_fields = ("id", "status", "author", "created", "reviewer", "reviewed",
                       "review_note")
        row.update({k: str(getattr(existing, k)) for k in kept_fields})
        row["version"] = str(existing.version + 1)
    else:
        row.update(id="new-1", status="proposed", author=author or "you", created=now(),
                   version="1")
    return row


def duplicates(frame: pd.DataFrame, informal: str, entry_id: str) -> pd.DataFrame:
    """Entries of the same form (any case), other than the one being edited."""
    key = form_key(informal)
    return frame[(frame["key"] == key) & (frame["id"] != entry_id)]


def variants(frame: pd.DataFrame, similar: Sequence[tuple[str, float]], informal: str,
             formal: str, entry_id: str) -> pd.DataFrame:
    """Entries spelled like this one that map to the same formal form."""
    close = {form for form, score in similar if score >= VARIANT_SCORE}
    key = form_key(informal)
    mask = frame["key"].isin(close) & (frame["key"] != key) & (frame["id"] != entry_id) \
        & (frame["formal"].str.lower() == form_key(formal))
    return frame[mask]


def unknown_formal_words(formal: str, known: Callable[[str], bool]) -> list[str]:
    """Words of the formal form that are not known formal words."""
    words = [t.text.lower() for t in tokenize(formal) if t.kind == WORD]
    return [w for w in words if not known(w)]


def draft_problems(values: Mapping[str, str], existing: Entry | None,
                   author: str) -> list[Problem]:
    """What the validator says about the draft, field by field, before any save."""
    row = draft_row(values, existing, author)
    return [p for p in row_problems(row) if p.column in drafts.FIELDS]


def _last_save_problems(values: Mapping[str, str]) -> list[Problem]:
    """Problems the last save ran into, for the fields the user has not changed since."""
    stored = st.session_state.get(PROBLEMS)
    if not stored:
        return []
    at_save, problems = stored
    return [p for p in problems
            if p.column in drafts.FIELDS and values.get(p.column) == at_save.get(p.column)]


def _by_column(problems: Sequence[Problem]) -> dict[str, list[Problem]]:
    out: dict[str, list[Problem]] = {}
    for problem in problems:
        out.setdefault(problem.column, []).append(problem)
    return out


def _field(name: str, column: Any, problems: Mapping[str, list[Problem]]) -> None:
    key = drafts.field_key(name)
    with column:
        if name in CHOICES:
            options = ["", *CHOICES[name]]
            current = str(st.session_state.get(key, ""))
            if current not in options:
                options.append(current)
            described = CHOICES[name]
            st.selectbox(LABELS[name], options, key=key,
                         format_func=lambda v: f"{v} — {described[v]}" if described.get(v)
                         else (v or "—"))
        elif name in ("example", "example_formal", "note"):
            st.text_area(LABELS[name], key=key, height=68, help=HELP.get(name))
        else:
            st.text_input(LABELS[name], key=key, help=HELP.get(name))
        field_errors(problems.get(name, []))


def _clear_notice() -> None:
    st.session_state.pop(drafts.NOTICE, None)
    st.session_state.pop(PROBLEMS, None)


def _new_blank() -> None:
    _clear_notice()
    drafts.start(None, "")


def _reload(entry: Entry, file: str) -> None:
    _clear_notice()
    drafts.start(entry, file)


def _after_save(outcome: actions.Outcome, file: str, *, new: bool) -> None:
    """Show the outcome next run; on success start afresh (new) or from the saved version."""
    st.session_state[drafts.NOTICE] = (outcome.ok, outcome.message)
    st.session_state[PROBLEMS] = (drafts.values(), list(outcome.problems))
    if outcome.ok and outcome.entry is not None:
        if new:
            drafts.start(None, "")
        else:
            drafts.start(outcome.entry, file)
        st.session_state[drafts.NOTICE] = (True, outcome.message)
    elif outcome.conflict is not None:
        exc = outcome.conflict
        st.session_state[drafts.CONFLICT] = {
            "id": exc.entry_id, "file": file, "expected": exc.expected_version,
            "current": exc.current, "message": outcome.message,
        }


def _save(ctx: AppContext) -> None:
    entry_id, file, version = drafts.editing()
    values = drafts.values()
    if not entry_id:
        target = str(st.session_state.get(TARGET) or ctx.settings.default_target(
            ctx.snapshot.names))
        outcome = actions.add(ctx.snapshot.store(target), ctx.user, values, team=ctx.team)
        _after_save(outcome, target, new=True)
        return
    found = ctx.snapshot.get(entry_id)
    if found is None:
        st.session_state[drafts.NOTICE] = (False, f"{entry_id} is no longer in {file}; "
                                                  f"save your version as a new entry instead.")
        return
    entry, origin = found
    outcome = actions.edit(ctx.snapshot.store(origin), ctx.user, entry, values, version,
                           team=ctx.team)
    _after_save(outcome, origin, new=False)


def _save_as_new(ctx: AppContext, file: str) -> None:
    outcome = actions.add(ctx.snapshot.store(file), ctx.user, drafts.values(), team=ctx.team)
    _after_save(outcome, file, new=True)


def _save_merged(ctx: AppContext, theirs: Entry, file: str, fields: Sequence[str]) -> None:
    mine = drafts.values()
    merged = {
        name: (mine[name] if st.session_state.get(f"entry.merge.{name}", "yours") == "yours"
               else str(getattr(theirs, name)))
        for name in drafts.FIELDS
    }
    for name in drafts.FIELDS:
        st.session_state[drafts.field_key(name)] = merged[name]
    drafts.rebase(theirs)
    st.session_state.pop(drafts.CONFLICT, None)
    outcome = actions.edit(ctx.snapshot.store(file), ctx.user, theirs, merged, theirs.version,
                           team=ctx.team)
    _after_save(outcome, file, new=False)


def _conflict_panel(ctx: AppContext) -> bool:
    """Show a pending conflict; True when one is shown."""
    conflict = st.session_state.get(drafts.CONFLICT)
    if not conflict:
        return False
    error(conflict["message"])
    file = conflict["file"]
    current = conflict["current"]
    if current is None:
        left, right = st.columns(2)
        left.button("Save mine as a new entry", key="entry.conflict_new", type="primary",
                    on_click=_save_as_new, args=(ctx, file))
        right.button("Discard mine", key="entry.conflict_discard", on_click=_new_blank)
        return True
    theirs = Entry.from_row(current)
    mine = drafts.values()
    differing = [n for n in drafts.FIELDS if mine[n] != str(getattr(theirs, n))]
    st.markdown(f"**Both versions** (theirs: version {theirs.version} on disk, "
                f"{md_escape(theirs.status)}; yours: unsaved)")
    table = diff_frame(current, {**current, **mine}, labels=("theirs (on disk)", "yours"))
    st.dataframe(table, hide_index=True, width="stretch", key="entry.conflict_table")
    if differing:
        st.markdown("Choose, field by field, which value to keep:")
        for name in differing:
            st.radio(f"{LABELS[name]}", ["yours", "theirs"], key=f"entry.merge.{name}",
                     horizontal=True)
    left, right = st.columns(2)
    left.button("Save the merged version", key="entry.conflict_merge", type="primary",
                on_click=_save_merged, args=(ctx, theirs, file, differing),
                icon=":material/merge:")
    right.button("Discard mine and load theirs", key="entry.conflict_theirs",
                 on_click=_reload, args=(theirs, file))
    return True


def _checks(snapshot: Snapshot, values: Mapping[str, str], entry_id: str) -> None:
    """Warnings about duplicates, unknown formal words and the example's normalization."""
    informal, formal = values["informal"].strip(), values["formal"].strip()
    frame = snapshot.frame()
    if informal:
        same = duplicates(frame, informal, entry_id)
        if len(same):
            warning(f"'{informal}' already has {len(same)} sense(s). A further sense in the same "
                    f"file needs a context that tells it apart; an exact duplicate will be "
                    f"rejected in review.")
            st.dataframe(same[list(TABLE_COLUMNS)], hide_index=True, width="stretch",
                         key="entry.duplicates")
        if formal:
            near = variants(frame, snapshot.index().similar(informal, limit=100), informal,
                            formal, entry_id)
            if len(near):
                info(f"Spelling variants of the same word already map to '{formal}': "
                     f"{', '.join(near['informal'].head(12))}. Fine if this spelling is common "
                     f"too; give it a frequency.")
    if formal and form_key(formal) != form_key(informal):
        senses = snapshot.lexicon().lookup(formal, include_proposed=True)
        rewritten = [e for e in senses if e.is_default and e.changes_form]
        if rewritten:
            target = rewritten[0]
            warning(f"'{formal}' is itself rewritten to '{target.formal}' ({target.id}): map "
                    f"straight to '{target.formal}', or the save will be refused as a chain.")
    if formal and values["category"] != "keep":
        normalizer = snapshot.normalizer(include_proposed=True)
        unknown = unknown_formal_words(formal, normalizer.known)
        if unknown:
            warning(f"Not a known formal word: {', '.join(unknown)}. Check the KBBI spelling; "
                    f"if it is right, say so in the note.")
    example = values["example"].strip()
    if example:
        normalizer = snapshot.normalizer(include_proposed=True)
        now_gives = normalizer.normalize(example)
        rewrite = values["example_formal"].strip()
        st.markdown(f"**The normalizer now gives:** {md_escape(now_gives)}")
        if rewrite and now_gives != rewrite:
            st.caption("It differs from the formal rewrite above: this entry (once used), "
                       "or another entry or rule, may change that.")


def page() -> None:
    """The Entry page."""
    ctx = context()
    drafts.ensure()
    entry_id, file, version = drafts.editing()
    found = ctx.snapshot.get(entry_id) if entry_id else None
    existing = found[0] if found else None
    title = f"Edit {entry_id}" if entry_id else "New entry"
    st.title(md_escape(title))
    notice = st.session_state.pop(drafts.NOTICE, None)
    if notice:
        (success if notice[0] else error)(notice[1])
    stored = st.session_state.get(PROBLEMS)
    if stored and stored[1]:
        st.dataframe(problems_frame(stored[1]), hide_index=True, width="stretch",
                     key="entry.save_problems")
    in_conflict = _conflict_panel(ctx)

    top = st.columns([3, 1, 1])
    if entry_id:
        if existing is None:
            top[0].warning(f"{md_escape(entry_id)} is no longer in {md_escape(file)}: it was "
                           f"deleted or moved. You can save your version as a new entry.")
        else:
            where = md_escape(f"In {file}, version {version} ({existing.status}, by "
                              f"{existing.author}).")
            top[0].caption(f"{where} Changing the informal, formal, colloquial, "
                           f"category or context of a reviewed entry sends it back to review.")
        if existing is not None:
            top[2].button("Discard changes", key="entry.discard", on_click=_reload,
                          args=(existing, found[1] if found else file),
                          disabled=not drafts.dirty())
    else:
        names = ctx.snapshot.names
        default = ctx.settings.default_target(names)
        options = list(dict.fromkeys([*names, default, TEAM_FILE]))
        kept(TARGET, default)
        if st.session_state.get(TARGET) not in options:
            st.session_state[TARGET] = default
        top[0].selectbox("Save new entries to", options, key=TARGET,
                         format_func=lambda n: n if n in names else f"{n} (new file)",
                         help="A team usually keeps its proposals in its own file (team.tsv), "
                              "loaded after the shipped ones; see docs/editor.md.")
    top[1].button("New blank entry", key="entry.blank", on_click=_new_blank)

    values = drafts.values()
    author = ctx.user.name if ctx.user else ""
    blocking = draft_problems(values, existing, author)
    shown = blocking
    if not entry_id and not drafts.dirty():  # a blank form: no need to shout "required" yet
        shown = [p for p in blocking if p.code != "E110"]
    problems = _by_column([*shown, *_last_save_problems(values)])
    left, right = st.columns(2)
    for name in ("informal", "formal", "colloquial", "category", "context"):
        _field(name, left, problems)
    for name in ("pos", "region", "register", "frequency", "source"):
        _field(name, right, problems)
    for name in ("example", "example_formal", "note"):
        _field(name, st.container(), problems)

    _checks(ctx.snapshot, values, entry_id)

    errors = [p for p in blocking if p.severity == "error"]
    orphan = bool(entry_id) and existing is None
    if existing is not None:
        reason = why_not_edit(ctx.user, existing, team=ctx.team)
    else:
        reason = why_not_add(ctx.user, team=ctx.team)
    unchanged = existing is not None and not drafts.dirty()
    disabled = bool(reason) or bool(errors) or in_conflict or unchanged
    if orphan:
        st.button("Save as a new entry", key="entry.save_new_copy", type="primary",
                  disabled=disabled, on_click=_save_as_new, args=(ctx, file))
    else:
        st.button("Save changes" if entry_id else "Save new entry", key="entry.save",
                  type="primary", disabled=disabled, on_click=_save, args=(ctx,),
                  shortcut="Ctrl+S", icon=":material/save:")
    if reason:
        st.caption(f":orange[{md_escape(reason)}]")
    elif errors and len(shown) < len(blocking):
        st.caption("Fill in the informal form, the formal form and the category to save.")
    elif errors:
        st.caption(f":orange[Fix the {len(errors)} problem(s) marked in red to save.]")
    elif in_conflict:
        st.caption(":orange[Resolve the conflict above first.]")
