"""The entry being written on the Entry page: its fields, where it comes from, its version.

Other pages start drafts here (open an entry from Browse, propose a word
from the Playground or the Corpus page) and then switch to the Entry page.
The fields live in kept widget keys, so an unsaved draft survives reruns and
visits to other pages until it is saved or discarded.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from nusalingo.entry import Entry
from nusalingo.store import EDITABLE
from nusalingo.ui.state import go, kept

FIELDS = EDITABLE
_ID, _FILE, _VERSION, _BASE = "entry.id", "entry.file", "entry.version", "entry.base"
CONFLICT = "entry.conflict"
NOTICE = "entry.notice"


def field_key(name: str) -> str:
    """The widget key of a field of the Entry form."""
    return f"entry.f.{name}"


def ensure() -> None:
    """Start an empty draft when there is none (first visit)."""
    if _BASE not in st.session_state:
        start(None, "")
    for name in FIELDS:
        kept(field_key(name), "")


def start(entry: Entry | None, file: str, **prefill: str) -> None:
    """Put an entry (or a new one, ``entry=None``, with ``prefill``) into the form."""
    values = {name: (getattr(entry, name) if entry else prefill.get(name, "")) for name in FIELDS}
    for name, value in values.items():
        st.session_state[kept(field_key(name))] = str(value)
    st.session_state[_ID] = entry.id if entry else ""
    st.session_state[_FILE] = file
    st.session_state[_VERSION] = entry.version if entry else 0
    st.session_state[_BASE] = values if entry else dict.fromkeys(FIELDS, "")
    st.session_state.pop(CONFLICT, None)


def open_entry(entry: Entry, file: str) -> None:
    """Edit ``entry`` on the Entry page (from a callback)."""
    start(entry, file)
    go("entry")


def propose(**prefill: str) -> None:
    """Start a new proposed entry with some fields filled in, on the Entry page."""
    start(None, "", **prefill)
    go("entry")


def values() -> dict[str, str]:
    """The form's current values, stripped of surrounding spaces only where harmless."""
    return {name: str(st.session_state.get(field_key(name), "") or "") for name in FIELDS}


def editing() -> tuple[str, str, int]:
    """(entry id, file name, version it was read at); id is "" for a new entry."""
    return (str(st.session_state.get(_ID, "")), str(st.session_state.get(_FILE, "")),
            int(st.session_state.get(_VERSION, 0)))


def base() -> dict[str, str]:
    """The values the draft started from."""
    value: dict[str, str] = st.session_state.get(_BASE, dict.fromkeys(FIELDS, ""))
    return value


def has_draft() -> bool:
    """Whether the form has been started in this session."""
    return _BASE in st.session_state


def dirty() -> bool:
    """Whether the form differs from what it started from."""
    return values() != base()


def rebase(entry: Entry) -> None:
    """After a merge: keep the user's values but build on ``entry``'s version."""
    st.session_state[_VERSION] = entry.version
    st.session_state[_BASE] = {name: str(getattr(entry, name)) for name in FIELDS}


def summary(fields: dict[str, Any]) -> str:
    """``gk -> tidak`` for the sidebar."""
    informal, formal = fields.get("informal") or "…", fields.get("formal") or "…"
    return f"{informal} → {formal}"
