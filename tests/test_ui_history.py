"""History: every change with who, when, before and after; restoring an earlier version."""

from __future__ import annotations

from pathlib import Path

import pytest
import test_ui_app as ui
from streamlit.testing.v1 import AppTest

from nusalingo import LexiconStore


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return ui.copy_lexicons(tmp_path)


def test_every_change_is_listed_newest_first(folder: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    at = ui.start(folder, monkeypatch, page="history")
    table = ui.table(at, "action")
    assert len(table) == 10
    assert list(table["action"][:2]) == ["edit", "verify"]
    assert table.iloc[0]["changed"] == "frequency"
    assert (table.iloc[0]["user"], table.iloc[0]["id"]) == ("ana", "team-2")


def test_before_and_after_of_a_change(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = ui.start(folder, monkeypatch, page="history")
    at.session_state["history.table"] = {"selection": {"rows": [2], "columns": []}}
    at.run()
    assert "reject of team-6 by budi at 2026-11-07T15:00:00Z" in ui.texts(at)
    diff = ui.table(at, "before")
    status = diff[diff["field"] == "status"].iloc[0]
    assert (status["before"], status["after"]) == ("proposed", "rejected")


def test_filters(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = ui.start(folder, monkeypatch, page="history")
    at.multiselect(key="history.users").set_value(["budi"]).run()
    assert set(ui.table(at, "action")["action"]) == {"verify", "reject"}
    at.multiselect(key="history.users").set_value([])
    at.text_input(key="history.entry").input("team-2").run()
    assert list(ui.table(at, "action")["action"]) == ["edit", "verify", "add"]


def test_restore_an_earlier_version(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = ui.start(folder, monkeypatch, page="history", user="rizal")
    at.text_input(key="history.entry").input("team-2").run()
    assert "Now: version 3 (verified)" in ui.texts(at)
    at.selectbox(key="history.version.team-2").set_value(1).run()
    at.button(key="history.restore").click().run()
    assert "Restored team-2 to version 1 (now version 4)." in ui.texts(at)
    entry = LexiconStore(folder / "team.tsv").get("team-2")
    assert (entry.status, entry.frequency, entry.version) == ("proposed", "", 4)
    last = LexiconStore(folder / "team.tsv").history("team-2")[-1]
    assert (last.action, last.user, last.note) == ("restore", "rizal", "restored version 1")
    assert ui.table(at, "action").iloc[0]["action"] == "restore"


def test_restore_is_refused_without_a_name(folder: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    at: AppTest = ui.start(folder, monkeypatch, page="history")
    at.text_input(key="history.entry").input("team-2").run()
    assert at.button(key="history.restore").disabled
    assert "Enter your name in the sidebar first" in ui.texts(at)
