"""Per-session state: who is working, what the run sees, widget values kept across pages.

Streamlit forgets a widget's value when its page is not shown, so a draft
typed on one page would be lost on a visit to another. Keys registered with
:func:`kept` are written back at the start of every run, which keeps them
(the documented way to keep widget state across pages). Every key carries
its page's prefix (``entry.f.informal``, ``browse.query``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from nusalingo.ui.data import Snapshot
from nusalingo.ui.permissions import User
from nusalingo.ui.settings import Settings

_KEPT = "session.kept"
_GOTO = "session.goto"
_CONTEXT = "session.context"
_USER = "session.user"


@dataclass(frozen=True)
class AppContext:
    """What every page needs for one run: settings, the files on disk, the user."""

    settings: Settings
    snapshot: Snapshot
    user: User | None
    team: bool


def kept(key: str, default: Any = None) -> str:
    """Register a widget key whose value survives page switches; seed its default."""
    registered: set[str] = st.session_state.setdefault(_KEPT, set())
    registered.add(key)
    if key not in st.session_state and default is not None:
        st.session_state[key] = default
    return key


def keep_widget_state() -> None:
    """Write kept values back so that Streamlit does not drop them (call first in a run)."""
    for key in st.session_state.get(_KEPT, set()):
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def go(page: str) -> None:
    """Show ``page`` next (from a callback; the router switches at the start of the run)."""
    st.session_state[_GOTO] = page


def pop_goto() -> str | None:
    """The page asked for by :func:`go`, once."""
    page: str | None = st.session_state.pop(_GOTO, None)
    return page


def set_context(context: AppContext) -> None:
    """Called by the router at the start of each run."""
    st.session_state[_CONTEXT] = context


def context() -> AppContext:
    """The current run's context (the router sets it before any page runs)."""
    value: AppContext = st.session_state[_CONTEXT]
    return value


def signed_in_user() -> User | None:
    """The user signed in with a password in this session (team mode)."""
    user: User | None = st.session_state.get(_USER)
    return user


def set_signed_in_user(user: User | None) -> None:
    """Remember (or forget) the user signed in with a password."""
    if user is None:
        st.session_state.pop(_USER, None)
    else:
        st.session_state[_USER] = user
