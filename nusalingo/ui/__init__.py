"""The Streamlit editor. ``app.py`` calls :func:`main`; nothing else imports this package."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from nusalingo.lexicon import Lexicon, load_lexicon, shipped_lexicon_dir
from nusalingo.stats import lexicon_stats

LEXICON_ENV = "NUSALINGO_LEXICONS"


def lexicon_dir() -> Path:
    """The folder being edited: ``$NUSALINGO_LEXICONS`` or the shipped lexicons."""
    return Path(os.environ.get(LEXICON_ENV) or shipped_lexicon_dir())


@st.cache_resource(show_spinner=False)
def _load(folder: str, stamp: tuple[tuple[str, float], ...]) -> Lexicon:
    return load_lexicon(folder, strict=False)


def current_lexicon() -> Lexicon:
    """The lexicon as on disk now (cached until a file changes)."""
    folder = lexicon_dir()
    stamp = tuple((p.name, p.stat().st_mtime) for p in sorted(folder.glob("*.tsv")))
    return _load(str(folder), stamp)


def overview_page() -> None:
    """Counts and a searchable table of the lexicon."""
    st.title("nusalingo lexicons")
    lexicon = current_lexicon()
    totals = lexicon_stats(lexicon)["totals"]
    st.caption(f"{lexicon_dir()}: {totals['senses']} senses of {totals['forms']} forms, "
               f"{totals['verified_senses']} verified")
    query = st.text_input("Search informal or formal form", key="overview_query")
    frame = lexicon.to_dataframe()
    if query:
        mask = frame["informal"].str.contains(query, case=False, regex=False) | frame[
            "formal"].str.contains(query, case=False, regex=False)
        frame = frame[mask]
    st.dataframe(frame, hide_index=True, use_container_width=True)


def main() -> None:
    """Route to the pages."""
    st.set_page_config(page_title="nusalingo", layout="wide")
    page = st.navigation([st.Page(overview_page, title="Lexicon", url_path="lexicon")])
    page.run()
