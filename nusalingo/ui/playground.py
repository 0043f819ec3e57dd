"""Playground: paste text, see the normalized text with every change labelled.

Changes are shown with their entry or rule in colour (Markdown with every
character of the text escaped, never HTML) and in a table. A word that
nothing changed is one click from a new proposed entry.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from nusalingo.normalize import Explanation, Normalizer
from nusalingo.tokenize import WORD, tokenize
from nusalingo.ui import drafts
from nusalingo.ui.state import context, kept
from nusalingo.ui.widgets import md_escape

TEXT = "playground.text"
PICK = "playground.pick"
SAMPLE = "gk tau deh, gw udh ngerjain tugasnya bangeeet lama"
#: Texts longer than this are cut, to keep the page quick.
MAX_CHARS = 20_000


def label(change_step: str, entry: str) -> str:
    """How a change is labelled: the rule, and the entry it used."""
    return f"{change_step} · {entry}" if entry and change_step != "lexicon" else (
        entry or change_step)


def highlighted(explanation: Explanation) -> str:
    """The output as Markdown: unchanged text plain, each change coloured and labelled."""
    parts, last = [], 0
    source = explanation.source
    for change in sorted(explanation.changes, key=lambda c: c.start):
        parts.append(md_escape(source[last:change.start]))
        new = md_escape(change.replacement) if change.replacement else "∅"
        parts.append(f":green-background[{new}]"
                     f":gray[:small[ ({md_escape(label(change.step, change.entry))})]]")
        last = change.end
    parts.append(md_escape(source[last:]))
    return "".join(parts)


def changes_frame(explanation: Explanation) -> pd.DataFrame:
    """The changes as a table: span, original, replacement, step, entry, category, trace."""
    return pd.DataFrame(
        [(c.start, c.end, c.original, c.replacement, c.step, c.entry, c.category,
          " → ".join(c.trace)) for c in explanation.changes],
        columns=["start", "end", "original", "replacement", "step", "entry", "category",
                 "trace"])


def unchanged_words(explanation: Explanation, normalizer: Normalizer) -> list[str]:
    """Words nothing changed, unknown ones first, each once (lower case)."""
    spans = [(c.start, c.end) for c in explanation.changes]
    seen: dict[str, bool] = {}
    for token in tokenize(explanation.source):
        if token.kind != WORD or any(s <= token.start < e for s, e in spans):
            continue
        word = token.text.lower()
        if word not in seen:
            seen[word] = normalizer.known(word)
    return sorted(seen, key=lambda w: seen[w])  # stable: unknown words first


def _propose(text: str) -> None:
    word = st.session_state.get(PICK)
    st.session_state[PICK] = None
    if not word:
        return
    resolved = context().snapshot.normalizer(include_proposed=True).resolve(word)
    example = next((line.strip() for line in text.splitlines()
                    if word in line.lower() and len(line.strip()) <= 140), "")
    drafts.propose(informal=word, formal=resolved.text if resolved else "", example=example)


def page() -> None:
    """The Playground page."""
    ctx = context()
    st.title("Playground")
    text = st.text_area("Informal text", key=kept(TEXT, SAMPLE), height=120,
                        max_chars=MAX_CHARS)
    options = st.columns(3)
    level = options[0].radio("Level", ["formal", "colloquial"], horizontal=True,
                             key=kept("playground.level", "formal"))
    proposed = options[1].toggle("Use proposed entries", key=kept("playground.proposed", True))
    particles = options[2].toggle("Drop particles", key=kept("playground.particles", False))
    if not text.strip():
        st.caption("Type or paste some text above.")
        return
    normalizer = ctx.snapshot.normalizer(include_proposed=proposed, level=level,
                                         drop_particles=particles)
    explanation = normalizer.explain(text)
    st.subheader("Normalized")
    st.markdown(highlighted(explanation))
    st.caption(f"{len(explanation.changes)} change(s); each is labelled with the entry or rule "
               f"that made it.")
    if explanation.changes:
        st.dataframe(changes_frame(explanation), hide_index=True, width="stretch",
                     key="playground.changes")
    words = unchanged_words(explanation, normalizer)
    if words:
        st.pills("Left unchanged — click one to propose an entry for it", words,
                 key=PICK, on_change=_propose, args=(text,), format_func=md_escape)
