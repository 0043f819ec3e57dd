"""Browse: substring, regular expression and similar-spelling search, filters, opening an entry."""

from __future__ import annotations

from pathlib import Path

import pytest
import test_ui_app as ui
from streamlit.testing.v1 import AppTest


def table_ids(at: AppTest) -> list[str]:
    frame = next(d for d in at.dataframe if d.key == "browse.table").value
    return list(frame["id"])


def search(at: AppTest, query: str, mode: str = "substring") -> AppTest:
    at.radio(key="browse.mode").set_value(mode)
    at.text_input(key="browse.query").input(query)
    return at.run()


@pytest.fixture
def at(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    return ui.start(ui.copy_lexicons(tmp_path), monkeypatch)


def test_substring_search_looks_at_informal_formal_and_colloquial(at: AppTest) -> None:
    search(at, "sangat")
    assert set(table_ids(at)) == {"core-3", "core-4", "core-5", "team-2"}
    search(at, "GUE")  # case does not matter; gw has the colloquial spelling gue
    assert set(table_ids(at)) == {"core-7", "team-1"}


@pytest.mark.parametrize("query", ["bgt", "bngt", "bangettt"])
def test_similar_spelling_finds_banget(at: AppTest, query: str) -> None:
    search(at, query, "similar spelling")
    ids = table_ids(at)
    assert "core-3" in ids  # banget
    frame = next(d for d in at.dataframe if d.key == "browse.table").value
    assert list(frame["score"]) == sorted(frame["score"], reverse=True)


def test_regex_search_and_a_broken_pattern(at: AppTest) -> None:
    search(at, r"^b.*t$", "regex")
    # banget, bgt, bngt; and bgtt, whose colloquial spelling is banget
    assert set(table_ids(at)) == {"core-3", "core-4", "core-5", "team-2"}
    search(at, r"(unclosed", "regex")
    assert "does not parse" in ui.plain(at.error[0].value)
    assert not any(d.key == "browse.table" for d in at.dataframe)


def test_filters_combine(at: AppTest) -> None:
    at.multiselect(key="browse.filter.status").set_value(["proposed"])
    at.multiselect(key="browse.filter.author").set_value(["dewi"]).run()
    assert set(table_ids(at)) == {"team-1", "team-3"}
    at.multiselect(key="browse.filter.author").set_value([])
    at.multiselect(key="browse.filter.status").set_value([])
    at.multiselect(key="browse.filter.region").set_value(["(none)"]).run()
    assert "core-7" not in table_ids(at) and "core-1" in table_ids(at)


def test_the_search_is_kept_across_pages(at: AppTest) -> None:
    search(at, "gk")
    ui.goto(at, "dashboard")
    ui.goto(at, "browse")
    assert at.text_input(key="browse.query").value == "gk"
    assert table_ids(at) == ["core-1"]


def test_open_a_selected_entry_in_the_editor(at: AppTest) -> None:
    search(at, "santuy")
    at.session_state["browse.table"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    assert "team-3 in team.tsv" in ui.texts(at)
    at.button(key="browse.open").click().run()
    assert ui.title(at) == "Edit team-3"
    assert at.text_input(key="entry.f.informal").value == "santuy"
    assert at.text_input(key="entry.f.formal").value == "santai"
