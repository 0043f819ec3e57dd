"""Corpus: load texts, read any form in context, and mine frequent words without an entry."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from nusalingo.ui import drafts
from nusalingo.ui.mining import Candidate, candidates, concordance
from nusalingo.ui.state import context, kept
from nusalingo.ui.uploads import FORMATS, Corpus, CorpusError, read_corpus
from nusalingo.ui.widgets import error, md_escape, success

LOADED = "corpus.loaded"
UPLOADER = "corpus.upload"
ERROR = "corpus.error"
#: An example taken from the corpus is kept when it is at most this long.
EXAMPLE_LENGTH = 140


def _example(corpus: Corpus, word: str) -> str:
    for hit in concordance(corpus.texts, word, width=EXAMPLE_LENGTH // 2, limit=20):
        text = corpus.texts[int(str(hit["text"])) - 1]
        if len(text) <= EXAMPLE_LENGTH:
            return text
    return ""


def _propose(corpus: Corpus, candidate: Candidate) -> None:
    drafts.propose(informal=candidate.word, formal=candidate.suggestion,
                   example=_example(corpus, candidate.word),
                   note=f"found {candidate.count} times in {corpus.name}")


def _load(limit_mb: int) -> None:
    uploaded = st.session_state.get(UPLOADER)
    if uploaded is None:
        st.session_state.pop(LOADED, None)
        st.session_state.pop(ERROR, None)
        return
    try:
        corpus = read_corpus(uploaded.name, uploaded.getvalue(), max_bytes=limit_mb * 1_000_000)
    except CorpusError as exc:
        st.session_state[ERROR] = str(exc)
        return
    st.session_state.pop(ERROR, None)
    st.session_state[LOADED] = corpus


def page() -> None:
    """The Corpus page."""
    ctx = context()
    limit = ctx.settings.max_upload_mb
    st.title("Corpus")
    st.file_uploader(
        f"Load a corpus: .txt (one text per line), .csv (a 'text' column) or .jsonl "
        f"(objects with 'text'); at most {limit} MB", type=list(FORMATS), key=UPLOADER,
        max_upload_size=limit, on_change=_load, args=(limit,))
    if st.session_state.get(UPLOADER) is not None and LOADED not in st.session_state \
            and ERROR not in st.session_state:
        _load(limit)
    problem = st.session_state.get(ERROR)
    if problem:
        error(problem)
    corpus: Corpus | None = st.session_state.get(LOADED)
    if corpus is None:
        st.caption("The corpus stays in this session only; nothing is uploaded anywhere else.")
        return
    success(f"{corpus.name}: {len(corpus.texts):,} texts, {corpus.tokens:,} words, "
            f"{len(corpus.counts):,} distinct.")

    st.subheader("Keyword in context")
    form = st.text_input("Form", key=kept("corpus.form", ""), placeholder="e.g. gk")
    if form.strip():
        hits = concordance(corpus.texts, form)
        st.caption(f"{len(hits)} occurrence(s)" + (" (the first 200)" if len(hits) >= 200
                                                   else ""))
        if hits:
            st.dataframe(pd.DataFrame(hits), hide_index=True, width="stretch",
                         key="corpus.kwic", column_config={
                             "left": st.column_config.TextColumn(width="large"),
                             "right": st.column_config.TextColumn(width="large")})

    st.subheader("Frequent words without an entry")
    count = st.slider("How many", 10, 100, key=kept("corpus.limit", 30), step=10)
    normalizer = ctx.snapshot.normalizer(include_proposed=True)
    covered = set(ctx.snapshot.frame()["key"].unique())
    found = candidates(corpus.counts, covered, normalizer.known, normalizer.resolve, limit=count)
    if not found:
        st.caption("Every frequent word is covered by an entry or is a known formal word.")
        return
    st.caption("Not covered by any entry and not a known formal word; the suggestion is what "
               "the rules would make of it. One click starts a proposed entry.")
    header = st.columns([2, 1, 2, 2, 1])
    for column, name in zip(header, ["word", "count", "rules suggest", "by", ""], strict=True):
        column.markdown(f"**{name}**")
    for number, candidate in enumerate(found):
        row = st.columns([2, 1, 2, 2, 1])
        row[0].markdown(md_escape(candidate.word))
        row[1].markdown(str(candidate.count))
        row[2].markdown(md_escape(candidate.suggestion) or "—")
        row[3].markdown(md_escape(candidate.steps) or "—")
        row[4].button("Propose", key=f"corpus.propose.{number}", on_click=_propose,
                      args=(corpus, candidate))
