"""Review queue: accept, reject with a reason, skip, edit; authors cannot verify their own."""

from __future__ import annotations

from pathlib import Path

import pytest
import test_ui_app as ui
from streamlit.testing.v1 import AppTest

from nusalingo import LexiconStore


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return ui.copy_lexicons(tmp_path)


def current(at: AppTest) -> str:
    return ui.plain(at.subheader[0].value)


def test_accept(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = ui.start(folder, monkeypatch, page="review", user="rizal")
    progress = at.get("progress")[0].proto.text
    assert "0 reviewed in this session, 3 proposed left" in progress
    assert current(at) == "gue → saya"  # the oldest proposal first
    at.button(key="review.accept").click().run()
    entry = LexiconStore(folder / "team.tsv").get("team-1")
    assert (entry.status, entry.reviewer, entry.version) == ("verified", "rizal", 2)
    assert LexiconStore(folder / "team.tsv").history("team-1")[-1].action == "verify"
    assert "Verified team-1: gue → saya." in ui.texts(at)
    assert "1 reviewed in this session, 2 proposed left" in at.get("progress")[0].proto.text
    assert current(at) == "santuy → santai"


def test_reject_needs_a_reason(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = ui.start(folder, monkeypatch, page="review", user="rizal")
    at.button(key="review.reject").click().run()
    assert "Give a reason for the rejection" in ui.texts(at)
    assert LexiconStore(folder / "team.tsv").get("team-1").status == "proposed"
    at.text_input(key="review.reason").input("gue is already covered by gw's colloquial form")
    at.button(key="review.reject").click().run()
    entry = LexiconStore(folder / "team.tsv").get("team-1")
    assert (entry.status, entry.reviewer) == ("rejected", "rizal")
    assert entry.review_note == "gue is already covered by gw's colloquial form"
    assert at.text_input(key="review.reason").value == ""


def test_the_author_cannot_verify_their_own_entry(folder: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    at = ui.start(folder, monkeypatch, page="review", user="dewi")
    assert current(at) == "gue → saya"  # written by dewi
    assert at.button(key="review.accept").disabled
    assert at.button(key="review.reject").disabled
    assert "dewi wrote team-1; another reviewer must verify or reject it." in ui.texts(at)
    at.button(key="review.skip").click().run()
    assert current(at) == "santuy → santai"  # also dewi's
    at.button(key="review.skip").click().run()
    assert current(at) == "cmn → hanya"  # citra's: dewi may review it
    assert not at.button(key="review.accept").disabled


def test_skip_puts_an_entry_at_the_end(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = ui.start(folder, monkeypatch, page="review", user="rizal")
    at.button(key="review.skip").click().run()
    assert current(at) == "santuy → santai"
    at.button(key="review.skip").click().run()
    at.button(key="review.skip").click().run()
    assert current(at) == "gue → saya"
    assert "(skipped before)" in ui.texts(at)


def test_edit_opens_the_entry_page(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = ui.start(folder, monkeypatch, page="review", user="rizal")
    at.button(key="review.edit").click().run()
    assert ui.title(at) == "Edit team-1"
    assert at.text_input(key="entry.f.informal").value == "gue"


def test_every_action_has_a_keyboard_shortcut(folder: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    at = ui.start(folder, monkeypatch, page="review", user="rizal")
    shortcuts = {key: at.button(key=f"review.{key}").proto.shortcut
                 for key in ("accept", "reject", "edit", "skip")}
    assert shortcuts == {"accept": "a", "reject": "x", "edit": "e", "skip": "s"}


def test_a_change_since_opening_is_a_conflict(folder: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    at = ui.start(folder, monkeypatch, page="review", user="rizal")
    LexiconStore(folder / "team.tsv").edit("team-1", {"formal": "aku"}, author="dewi",
                                          expected_version=1)
    at.button(key="review.accept").click().run()
    assert "team-1 was changed by dewi" in ui.texts(at)
    diff = ui.table(at, "you saw")
    row = diff[diff["field"] == "formal"].iloc[0]
    assert (row["you saw"], row["now on disk"]) == ("saya", "aku")
    assert LexiconStore(folder / "team.tsv").get("team-1").status == "proposed"
    assert current(at) == "gue → aku"  # the queue shows what is on disk now


def test_contexts_from_a_loaded_corpus(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = ui.start(folder, monkeypatch, page="corpus", user="rizal")
    chat = (ui.UI_DATA / "corpus" / "chat.txt").read_bytes()
    at.get("file_uploader")[0].set_value(("chat.txt", chat, "text/plain"))
    at.run()
    ui.goto(at, "review")
    at.button(key="review.skip").click().run()  # gue is not in the corpus; santuy is
    assert current(at) == "santuy → santai"
    contexts = ui.table(at, "left")
    assert list(contexts["form"]) == ["santuy"]
    assert list(contexts["right"]) == ["aja bro"]


def test_lexicon_text_is_never_markup(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    LexiconStore(folder / "core.tsv").add(author="eko", informal="<b>gk</b>", formal="tidak",
                                          category="spelling")
    at = ui.start(folder, monkeypatch, page="review", user="rizal")
    for _ in range(3):  # the newest proposal comes last
        at.button(key="review.skip").click().run()
    assert current(at) == "<b>gk</b> → tidak"  # as read ...
    raw = str(at.subheader[0].value)
    assert "<b>" not in raw and "\\<b\\>" in raw  # ... and as sent: escaped, not bold
    assert all(not m.proto.allow_html for m in at.markdown)
