"""Entry: add and edit through the store, problems beside fields, warnings, conflicts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import test_ui_app as ui
from streamlit.testing.v1 import AppTest

from nusalingo import LexiconStore


def fill(at: AppTest, **fields: str) -> AppTest:
    for name, value in fields.items():
        key = f"entry.f.{name}"
        if name in ("category", "pos", "region", "register", "frequency"):
            at.selectbox(key=key).set_value(value)
        elif name in ("example", "example_formal", "note"):
            at.text_area(key=key).input(value)
        else:
            at.text_input(key=key).input(value)
    return at.run()


def save(at: AppTest) -> AppTest:
    return at.button(key="entry.save").click().run()


def open_entry(at: AppTest, entry_id: str) -> AppTest:
    ui.goto(at, "browse")
    at.text_input(key="browse.query").input(entry_id).run()
    frame = next(d for d in at.dataframe if d.key == "browse.table").value
    row = list(frame["id"]).index(entry_id)
    at.session_state["browse.table"] = {"selection": {"rows": [row], "columns": []}}
    at.run()
    return at.button(key="browse.open").click().run()


def history(folder: Path, name: str = "team.tsv") -> list[dict[str, object]]:
    path = folder / name.replace(".tsv", ".history.jsonl")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return ui.copy_lexicons(tmp_path)


def test_add_an_entry(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = ui.start(folder, monkeypatch, page="entry", user="dewi")
    assert at.selectbox(key="entry.target").value == "team.tsv"
    fill(at, informal="mksh", formal="terima kasih", category="disemvoweling", pos="X",
         example="mksh ya", example_formal="terima kasih ya")
    save(at)
    assert "Saved team-7: mksh → terima kasih (proposed) in team.tsv" in ui.texts(at)
    entry = LexiconStore(folder / "team.tsv").get("team-7")
    assert (entry.informal, entry.formal, entry.author, entry.status, entry.pos) == (
        "mksh", "terima kasih", "dewi", "proposed", "X")
    last = history(folder)[-1]
    assert (last["action"], last["user"], last["id"]) == ("add", "dewi", "team-7")
    assert at.text_input(key="entry.f.informal").value == ""  # ready for the next one


def test_problems_show_beside_the_field_before_saving(folder: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    at = ui.start(folder, monkeypatch, page="entry", user="dewi")
    assert "required value is empty" not in ui.texts(at)  # a blank form is not scolded
    fill(at, informal="mksh", example="mksh ya", context="next=")
    shown = ui.texts(at)
    assert "required value is empty — fill in the 'formal' column" in shown
    assert "an example needs its formal rewrite" in shown
    assert "context does not parse" in shown
    assert at.button(key="entry.save").disabled
    fill(at, formal="terima kasih", category="disemvoweling", example_formal="terima kasih ya",
         context="")
    assert not at.button(key="entry.save").disabled


def test_warnings_for_duplicates_variants_and_unknown_formal_words(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = ui.start(folder, monkeypatch, page="entry", user="dewi")
    fill(at, informal="GK", formal="tidak", category="disemvoweling")
    assert "'GK' already has 1 sense(s)" in ui.texts(at)
    fill(at, informal="bngett", formal="sangat")
    assert "Spelling variants of the same word already map to 'sangat'" in ui.texts(at)
    assert "banget" in ui.texts(at)
    fill(at, informal="makasi", formal="trimakasih")
    assert "Not a known formal word: trimakasih" in ui.texts(at)
    fill(at, formal="terima kasih")
    assert "Not a known formal word" not in ui.texts(at)


def test_the_normalizer_output_for_the_example(folder: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    at = ui.start(folder, monkeypatch, page="entry", user="dewi")
    fill(at, informal="mksh", formal="terima kasih", category="disemvoweling",
         example="gk tau mksh", example_formal="tidak tahu terima kasih")
    shown = ui.texts(at)
    assert "The normalizer now gives: tidak tahu mksh" in shown
    assert "It differs from the formal rewrite" in shown


def test_edit_an_entry(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = ui.start(folder, monkeypatch, user="dewi")
    open_entry(at, "team-3")
    assert at.button(key="entry.save").disabled  # nothing changed yet
    fill(at, note="santai, dari Jakarta")
    save(at)
    assert "Saved team-3 (version 2, proposed)" in ui.texts(at)
    entry = LexiconStore(folder / "team.tsv").get("team-3")
    assert (entry.note, entry.version) == ("santai, dari Jakarta", 2)
    assert history(folder)[-1]["action"] == "edit"


def test_a_new_file_is_created_for_new_entries(folder: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    at = ui.start(folder, monkeypatch, page="entry", user="dewi",
                  env={"NUSALINGO_TARGET": "kamus"})
    assert at.selectbox(key="entry.target").value == "kamus.tsv"
    fill(at, informal="mksh", formal="terima kasih", category="disemvoweling")
    save(at)
    assert LexiconStore(folder / "kamus.tsv").get("kamus-1").informal == "mksh"


def test_a_change_the_lexicon_would_refuse_is_pinned_to_its_field(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = ui.start(folder, monkeypatch, page="entry", user="dewi")
    # team.tsv has santuy -> santai already: a second sense without a context is ambiguous
    fill(at, informal="santuy", formal="tenang", category="coinage")
    before = (folder / "team.tsv").read_bytes()
    save(at)
    shown = ui.texts(at)
    assert "would make the lexicon invalid, so nothing was saved" in shown
    assert "a second sense of 'santuy' without a context" in shown  # beside the context field
    assert (folder / "team.tsv").read_bytes() == before
    assert at.text_input(key="entry.f.informal").value == "santuy"  # nothing lost
    fill(at, context="prev=sangat")
    assert "a second sense of 'santuy'" not in ui.texts(at).split("Context")[0]


def test_a_target_that_is_itself_rewritten_is_flagged(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = ui.start(folder, monkeypatch, page="entry", user="dewi")
    fill(at, informal="bangettt", formal="banget", category="repeated-letters")
    assert "'banget' is itself rewritten to 'sangat' (core-3)" in ui.texts(at)


def test_conflict_shows_both_versions_and_merges(folder: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    at = ui.start(folder, monkeypatch, user="rizal")
    open_entry(at, "team-3")
    fill(at, note="dipakai anak muda")
    # meanwhile someone else saves the same entry
    LexiconStore(folder / "team.tsv").edit("team-3", {"frequency": "4", "note": "gaul"},
                                          author="citra", expected_version=1)
    save(at)
    shown = ui.texts(at)
    assert "team-3 was changed by citra" in shown
    assert "you started from version 1, it is now at version 2" in shown
    both = ui.table(at, "theirs (on disk)")
    assert set(both["field"]) >= {"note", "frequency"}
    note = both[both["field"] == "note"].iloc[0]
    assert (note["theirs (on disk)"], note["yours"]) == ("gaul", "dipakai anak muda")
    assert LexiconStore(folder / "team.tsv").get("team-3").note == "gaul"  # nothing overwritten
    # keep their frequency and my note
    at.radio(key="entry.merge.frequency").set_value("theirs")
    at.radio(key="entry.merge.note").set_value("yours")
    at.button(key="entry.conflict_merge").click().run()
    entry = LexiconStore(folder / "team.tsv").get("team-3")
    assert (entry.frequency, entry.note, entry.version) == ("4", "dipakai anak muda", 3)
    assert history(folder)[-1]["user"] == "rizal"


def test_conflict_with_a_deleted_entry_saves_mine_as_new(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = ui.start(folder, monkeypatch, user="rizal")
    open_entry(at, "team-4")
    fill(at, note="cuma, hanya")
    LexiconStore(folder / "team.tsv").delete("team-4", author="citra", expected_version=1)
    save(at)
    assert "team-4 was deleted by citra" in ui.texts(at)
    at.button(key="entry.conflict_new").click().run()
    added = LexiconStore(folder / "team.tsv").get("team-7")
    assert (added.informal, added.note, added.author) == ("cmn", "cuma, hanya", "rizal")


def test_without_a_name_nothing_can_be_saved(folder: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    at = ui.start(folder, monkeypatch, page="entry")
    fill(at, informal="mksh", formal="terima kasih", category="disemvoweling")
    assert at.button(key="entry.save").disabled
    assert "Enter your name in the sidebar first" in ui.texts(at)
