"""Playground: normalized text with labelled changes, no HTML, one click to a new entry."""

from __future__ import annotations

from pathlib import Path

import pytest
import test_ui_app as ui
from streamlit.testing.v1 import AppTest

from nusalingo import Normalizer, apply_changes, load_lexicon
from nusalingo.ui.playground import highlighted


@pytest.fixture
def at(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    return ui.start(ui.copy_lexicons(tmp_path), monkeypatch, page="playground", user="dewi")


def type_text(at: AppTest, text: str) -> AppTest:
    return at.text_area(key="playground.text").input(text).run()


def test_changes_are_highlighted_and_labelled(at: AppTest) -> None:
    type_text(at, "gk tau, gw udh bangeeet capek")
    shown = next(str(m.value) for m in at.markdown if "green-background" in str(m.value))
    assert ":green-background[tidak]:gray[:small[ (core\\-1)]]" in shown
    assert "(repeated\\_letters · core\\-3)" in shown
    changes = ui.table(at, "replacement")
    assert list(changes["original"]) == ["gk", "tau", "gw", "udh", "bangeeet"]
    assert list(changes["entry"]) == ["core-1", "core-8", "core-7", "core-6", "core-3"]
    assert "5 change(s)" in ui.texts(at)


def test_user_text_is_never_markup(at: AppTest) -> None:
    type_text(at, "<b>gk</b> [klik](http://x.id) :red[udh] $x$")
    shown = next(str(m.value) for m in at.markdown if "green-background" in str(m.value))
    assert "<b>" not in shown and "](http" not in shown and " :red[" not in shown
    assert "\\<b\\>" in shown and "\\[klik\\]" in shown and "\\$x\\$" in shown
    assert all(not m.proto.allow_html for m in at.markdown)


def test_highlighting_spells_out_the_output() -> None:
    normalizer = Normalizer(load_lexicon(ui.UI_DATA / "lexicons"))
    explanation = normalizer.explain("Gk tau... gw udh makan")
    plain = ui.plain(highlighted(explanation))
    for change in explanation.changes:
        assert change.replacement in plain
    assert apply_changes(explanation.source, explanation.changes) == explanation.text


def test_an_unchanged_word_is_one_click_from_an_entry(at: AppTest) -> None:
    type_text(at, "mksh udh nemenin")
    pills = at.get("button_group")[0]
    assert pills.options[0] == "mksh"  # unknown words first
    pills.set_value("mksh").run()
    assert ui.title(at) == "New entry"
    assert at.text_input(key="entry.f.informal").value == "mksh"
    assert at.text_area(key="entry.f.example").value == "mksh udh nemenin"
    ui.goto(at, "playground")
    assert at.text_area(key="playground.text").value == "mksh udh nemenin"  # kept


def test_options_change_the_output(at: AppTest) -> None:
    type_text(at, "gk tau sih")
    at.toggle(key="playground.particles").set_value(True).run()
    changes = ui.table(at, "replacement")
    assert " sih" in list(changes["original"])  # the space before it goes too
    at.radio(key="playground.level").set_value("colloquial").run()
    changes = ui.table(at, "replacement")
    assert changes[changes["original"] == "gk"]["replacement"].iloc[0] == "enggak"
