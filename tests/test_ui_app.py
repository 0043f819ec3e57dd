"""The editor's router, settings and shared behaviour, through Streamlit's AppTest.

The helpers here are used by every ``test_ui_*`` module: they copy the
fixture lexicon folder (``tests/data/ui/lexicons``) to a temporary folder,
point the app at it and start it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from support import DATA, ROOT

from nusalingo import LexiconStore
from nusalingo.ui.settings import Settings

UI_DATA = DATA / "ui"
APP = str(ROOT / "app.py")
TIMEOUT = 120


def copy_lexicons(tmp_path: Path) -> Path:
    """A private copy of the fixture lexicon folder."""
    folder = tmp_path / "lexicons"
    shutil.copytree(UI_DATA / "lexicons", folder)
    return folder


def start(folder: Path, monkeypatch: pytest.MonkeyPatch, *, page: str = "",
          user: str = "", env: dict[str, str] | None = None) -> AppTest:
    """Run the app on ``folder``; optionally sign in a local user and open a page."""
    monkeypatch.setenv("NUSALINGO_LEXICONS", str(folder))
    for name in ("NUSALINGO_AUTH", "NUSALINGO_TARGET", "NUSALINGO_MAX_UPLOAD_MB"):
        monkeypatch.delenv(name, raising=False)
    for name, value in (env or {}).items():
        monkeypatch.setenv(name, value)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception, [e.value for e in at.exception]
    if user:
        at.sidebar.text_input(key="session.name").input(user)
        at.run()
    if page:
        goto(at, page)
    return at


def goto(at: AppTest, page: str) -> AppTest:
    """Open a page as the sidebar link would."""
    at.session_state["session.goto"] = page
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def plain(markdown: object) -> str:
    """Markdown as the reader sees it: bold markers and escaping backslashes removed."""
    return re.sub(r"\\(.)", r"\1", re.sub(r"(?<!\\)\*\*", "", str(markdown)))


def texts(at: AppTest) -> str:
    """Every piece of text the page shows (markdown, captions, alerts, titles), as read."""
    parts = [e.value for kind in ("title", "subheader", "markdown", "caption", "error",
                                  "warning", "info", "success") for e in getattr(at, kind)]
    return "\n".join(plain(p) for p in parts)


def table(at: AppTest, column: str) -> pd.DataFrame:
    """The first table on the page that has ``column`` (display tables carry no key)."""
    for frame in at.dataframe:
        value = frame.value
        if column in value.columns:
            return value
    raise AssertionError(f"no table with a {column!r} column on the page")


def title(at: AppTest) -> str:
    """The page's title, as read."""
    return plain(at.title[0].value)


# -- the router --------------------------------------------------------------------------------


def test_every_page_opens_without_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = start(copy_lexicons(tmp_path), monkeypatch)
    assert title(at) == "Browse the lexicon"
    expected = {"entry": "New entry", "review": "Review queue", "playground": "Playground",
                "corpus": "Corpus", "dashboard": "Dashboard", "history": "History",
                "check": "Model check", "browse": "Browse the lexicon"}
    for page, heading in expected.items():
        assert title(goto(at, page)) == heading


def test_the_folder_comes_from_the_environment(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    folder = copy_lexicons(tmp_path)
    at = start(folder, monkeypatch)
    assert f"Lexicon folder: {folder} (2 files)" in texts(at)
    assert "26 of 26 entries" in texts(at)


def test_a_missing_folder_is_a_message_not_a_traceback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NUSALINGO_LEXICONS", str(tmp_path / "nowhere"))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert "does not exist" in plain(at.error[0].value)
    assert "--lexicons DIR" in plain(at.error[0].value)


def test_an_unreadable_line_is_reported_in_the_sidebar(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = copy_lexicons(tmp_path)
    with open(folder / "core.tsv", "a", encoding="utf-8") as handle:
        handle.write("core-99\tonly three\tcells\n")
    at = start(folder, monkeypatch)
    warning = plain(at.sidebar.warning[0].value)
    assert "core.tsv" in warning and "line 22" in warning


def test_a_draft_survives_visits_to_other_pages(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    at = start(copy_lexicons(tmp_path), monkeypatch, page="entry", user="dewi")
    at.text_input(key="entry.f.informal").input("mksh")
    at.text_input(key="entry.f.formal").input("terima kasih").run()
    for page in ("browse", "dashboard", "history", "entry"):
        goto(at, page)
    assert at.text_input(key="entry.f.informal").value == "mksh"
    assert at.text_input(key="entry.f.formal").value == "terima kasih"
    links = [plain(link.value) for link in at.sidebar.get("page_link")]
    assert "Unsaved draft: mksh → terima kasih" in links


def test_settings_precedence() -> None:
    env = {"NUSALINGO_LEXICONS": "/from/env", "NUSALINGO_TARGET": "kamus"}
    assert Settings.from_environment([], env).lexicon_dir == Path("/from/env")
    chosen = Settings.from_environment(["--lexicons", "/from/arg", "--target", "x.tsv"], env)
    assert chosen.lexicon_dir == Path("/from/arg") and chosen.target == "x.tsv"
    assert Settings.from_environment([], env).default_target(["core.tsv"]) == "kamus.tsv"


def test_a_bad_upload_limit_is_explained() -> None:
    with pytest.raises(Exception, match="NUSALINGO_MAX_UPLOAD_MB='lots' is not a whole number"):
        Settings.from_environment([], {"NUSALINGO_MAX_UPLOAD_MB": "lots"})


def test_store_fixture_is_valid(tmp_path: Path) -> None:
    folder = copy_lexicons(tmp_path)
    assert len(LexiconStore(folder / "team.tsv").history()) == 10
