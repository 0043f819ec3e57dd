"""The Streamlit editor. ``app.py`` calls :func:`main`; nothing else imports this package.

:func:`main` reads the settings, shows who is signed in, looks at the lexicon
folder, and routes with ``st.navigation`` to the pages, one module each.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from nusalingo.errors import NusalingoError
from nusalingo.ui import drafts, signin
from nusalingo.ui.auth import load_config
from nusalingo.ui.browse import page as browse_page
from nusalingo.ui.check import page as check_page
from nusalingo.ui.corpus import page as corpus_page
from nusalingo.ui.dashboard import page as dashboard_page
from nusalingo.ui.data import Snapshot
from nusalingo.ui.entry import page as entry_page
from nusalingo.ui.history import page as history_page
from nusalingo.ui.playground import page as playground_page
from nusalingo.ui.review import page as review_page
from nusalingo.ui.settings import environment_settings
from nusalingo.ui.state import AppContext, keep_widget_state, pop_goto, set_context
from nusalingo.ui.widgets import error, md_escape, warning

#: url path -> (title, icon, page function); the first is the default page.
PAGES = {
    "browse": ("Browse", ":material/search:", browse_page),
    "entry": ("Entry", ":material/edit_note:", entry_page),
    "review": ("Review queue", ":material/fact_check:", review_page),
    "playground": ("Playground", ":material/text_fields:", playground_page),
    "corpus": ("Corpus", ":material/library_books:", corpus_page),
    "dashboard": ("Dashboard", ":material/bar_chart:", dashboard_page),
    "history": ("History", ":material/history:", history_page),
    "check": ("Model check", ":material/psychology:", check_page),
}


def main() -> None:
    """Route to the pages (``streamlit run app.py [-- --lexicons DIR]``)."""
    st.set_page_config(page_title="nusalingo editor", page_icon=":material/translate:",
                       layout="wide")
    keep_widget_state()
    try:
        settings = environment_settings()
        settings.check()
        config = load_config(settings.auth_file, signin.secrets())
    except NusalingoError as exc:
        error(str(exc))
        st.stop()
    user = signin.sidebar(config)
    snapshot = Snapshot.of(settings.lexicon_dir)
    set_context(AppContext(settings, snapshot, user, team=config is not None))
    pages = {
        path: st.Page(func, title=title, icon=icon, url_path=path, default=path == "browse")
        for path, (title, icon, func) in PAGES.items()
    }
    navigation = st.navigation(list(pages.values()))
    target = pop_goto()
    if target in pages:
        st.switch_page(pages[target])
    _sidebar_status(snapshot, pages["entry"])
    navigation.run()


def _sidebar_status(snapshot: Snapshot, entry_page_link: st.Page) -> None:
    with st.sidebar:
        st.caption(f"Lexicon folder: {md_escape(str(snapshot.folder))} "
                   f"({len(snapshot.names)} files)")
        unread = snapshot.unread_lines()
        if unread:
            first = unread[0]
            files = sorted({Path(p.file).name for p in unread})
            warning(f"{len(unread)} line(s) could not be read, so the editor cannot save to "
                    f"{', '.join(files)} until they are fixed. {Path(first.file).name} line "
                    f"{first.line}: {first.message}; {first.hint}.")
        if drafts.has_draft() and drafts.dirty():
            label = md_escape(drafts.summary(drafts.values()))
            st.page_link(entry_page_link, label=f"Unsaved draft: {label}",
                         icon=":material/edit:")
