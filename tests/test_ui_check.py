"""Model check: judge a probe run's failed items, correct them, propose entries, export.

The run is ``tests/data/ui/check/items.jsonl``, written by the real ``nusalingo
probe run`` on the naive model next to it (see the README there); each test
works on a copy, so the corrections log is written beside the copy.
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest
import test_ui_app as ui
import test_ui_auth as auth
from streamlit.runtime.media_file_storage import MediaFileKind
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from nusalingo import LexiconStore
from nusalingo.probe.corrections import SYSTEM_PROMPT, CorrectionsLog, load_items

RUN = ui.UI_DATA / "check" / "items.jsonl"
NEGATION = "c-4/inv/heavy/1"       # "Gue gak sk nunggu lama.": the model says positif
CHOICE = "meaning-3/choice"        # what "gak" means: the model picks "sangat"
MAGER = "meaning-4/paraphrase"     # "mager", which the fixture lexicon already has


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return ui.copy_lexicons(tmp_path)


@pytest.fixture
def run(tmp_path: Path) -> Path:
    path = tmp_path / "laporan" / "items.jsonl"
    path.parent.mkdir()
    shutil.copy(RUN, path)
    return path


def open_run(at: AppTest, items: Path) -> AppTest:
    ui.goto(at, "check")
    at.text_input(key="check.items").input(str(items)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def choose(at: AppTest, item_id: str) -> AppTest:
    return at.selectbox(key="check.item").set_value(item_id).run()


def log_lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def item(item_id: str) -> dict[str, object]:
    return next(i for i in load_items(RUN) if i["id"] == item_id)


def served_url(text: str, file_name: str) -> str:
    """Where AppTest's in-memory media store serves a download of exactly ``text``.

    A download's URL names its file by a hash of the bytes, MIME type and file
    name, so equal URLs mean the button carries these bytes.
    """
    storage = MemoryMediaFileStorage("/mock/media")   # the store AppTest gives each run
    file_id = storage.load_and_get_id(text.encode("utf-8"), "application/jsonl",
                                      MediaFileKind.DOWNLOADABLE, file_name)
    return storage.get_url(file_id)


def test_loading_a_run_shows_the_failed_items(folder: Path, run: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_run(ui.start(folder, monkeypatch), run)
    assert ui.title(at) == "Model check"
    assert metrics(at) == {"Failed or unusable": "21", "Judged": "0", "Right": "0",
                           "Wrong": "0", "Pending": "21"}
    table = ui.table(at, "outcome")
    assert len(table) == 21 and set(table["outcome"]) == {"fail", "unusable"}
    assert f"41 items in {run}; verdicts go to {run.parent / 'corrections.jsonl'}." \
        in ui.texts(at)
    choose(at, NEGATION)
    shown = ui.texts(at)
    assert "Formal source: Saya tidak suka menunggu lama." in shown
    assert "What the model saw: Gue gak sk nunggu lama." in shown
    assert "Model's answer: positif" in shown and "Expected: negatif" in shown
    assert "Its answer on the formal source: negatif" in shown
    assert at.code[0].value == "Gue gak sk nunggu lama."
    words = at.selectbox(key=f"check.word.{NEGATION}")
    assert words.options == [
        "gue → saya (colloquial-word)", "gak → tidak (clipping)",
        "sk → suka (disemvoweling)", "nunggu → menunggu (affixation)"]
    choose(at, "c-3/inv/heavy/1")
    assert "Unusable answer: ValueError: pertanyaan belum bisa dijawab" in ui.texts(at)
    at.selectbox(key="check.suite").set_value("meaning").run()
    assert list(ui.table(at, "outcome")["id"]) == [CHOICE, "meaning-3/paraphrase", MAGER]
    assert metrics(at)["Failed or unusable"] == "3"


def test_a_verdict_with_a_correction_is_appended_to_the_log(
        folder: Path, run: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_run(ui.start(folder, monkeypatch, user="dewi"), run)
    choose(at, NEGATION)
    at.radio(key=f"check.verdict.{NEGATION}").set_value("wrong")
    at.text_area(key=f"check.correction.{NEGATION}").input("negatif")
    at.text_input(key=f"check.note.{NEGATION}").input("gak is a negation")
    at.button(key="check.save").click().run()
    [line] = log_lines(run.parent / "corrections.jsonl")
    assert (line["who"], line["item_id"], line["verdict"], line["correction"], line["note"]) \
        == ("dewi", NEGATION, "wrong", "negatif", "gak is a negation")
    assert datetime.fromisoformat(str(line["when"]).replace("Z", "+00:00")).tzinfo is not None
    assert line["item"]["prompt"] == "Gue gak sk nunggu lama."  # type: ignore[index]
    assert f"Saved: {NEGATION} judged wrong by dewi" in ui.texts(at)
    assert metrics(at)["Judged"] == "1" and metrics(at)["Wrong"] == "1"
    assert at.selectbox(key="check.item").value == "c-1/dir/negation/gak"  # on to the next
    # a colleague's verdict, saved in another session, shows at the next run
    CorrectionsLog(run.parent / "corrections.jsonl").record(item(CHOICE), who="rizal",
                                                            verdict="wrong", correction="2")
    at.checkbox(key="check.pending").check().run()
    assert metrics(at)["Judged"] == "2" and metrics(at)["Pending"] == "19"
    ids = list(ui.table(at, "outcome")["id"])
    assert len(ids) == 19 and NEGATION not in ids and CHOICE not in ids


def test_a_wrong_verdict_without_a_correction_is_refused(
        folder: Path, run: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_run(ui.start(folder, monkeypatch, user="dewi"), run)
    choose(at, NEGATION)
    at.button(key="check.save").click().run()
    assert "choose whether the model's answer is right or wrong first" in ui.texts(at)
    at.radio(key=f"check.verdict.{NEGATION}").set_value("wrong")
    at.button(key="check.save").click().run()
    assert f"Nothing saved for {NEGATION}: a 'wrong' verdict needs the correct answer" \
        in ui.texts(at)
    assert not (run.parent / "corrections.jsonl").exists()
    assert metrics(at)["Judged"] == "0"


def test_proposing_an_entry_writes_it_to_the_team_lexicon(
        folder: Path, run: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_run(ui.start(folder, monkeypatch, user="dewi"), run)
    choose(at, CHOICE)
    assert at.button(key="check.propose").label == "Propose in team.tsv"
    at.button(key="check.propose").click().run()
    assert "Proposed team-7: gak → tidak in team.tsv" in ui.texts(at)
    store = LexiconStore(folder / "team.tsv")
    entry = store.get("team-7")
    assert (entry.informal, entry.formal, entry.status, entry.author, entry.source) == \
        ("gak", "tidak", "proposed", "dewi", "probe")
    assert (entry.example, entry.example_formal) == ("filmnya gak seru", "filmnya tidak seru")
    assert CHOICE in entry.note
    [record] = store.history("team-7")
    assert (record.action, record.user) == ("add", "dewi")
    # the stack already maps mager to its meaning: training data is needed, not an entry
    choose(at, MAGER)
    before = (folder / "team.tsv").read_bytes()
    at.button(key="check.propose").click().run()
    assert "mager → malas bergerak was not proposed: 'mager' -> 'malas bergerak' is already " \
           "entry core-12" in ui.texts(at)
    assert (folder / "team.tsv").read_bytes() == before


def test_an_anonymous_user_cannot_write_and_is_told_why(
        folder: Path, run: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_run(ui.start(folder, monkeypatch), run)
    assert at.button(key="check.save").disabled
    assert at.button(key="check.propose").disabled
    assert ui.texts(at).count("Enter your name in the sidebar first") == 2
    assert not (run.parent / "corrections.jsonl").exists()


def test_in_team_mode_a_signed_in_contributor_may_judge(
        tmp_path: Path, folder: Path, run: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    accounts = auth.write_accounts(tmp_path / "accounts.toml")
    at = open_run(ui.start(folder, monkeypatch, env={"NUSALINGO_AUTH": str(accounts)}), run)
    assert at.button(key="check.save").disabled
    assert "Sign in (in the sidebar) to make changes" in ui.texts(at)
    auth.sign_in(at, "dewi", auth.PASSWORDS["dewi"])   # a contributor
    choose(at, CHOICE)
    assert not at.button(key="check.save").disabled
    at.radio(key=f"check.verdict.{CHOICE}").set_value("wrong")
    at.text_area(key=f"check.correction.{CHOICE}").input("2")
    at.button(key="check.save").click().run()
    assert log_lines(run.parent / "corrections.jsonl")[0]["who"] == "dewi"


def test_a_malformed_items_file_is_reported_with_its_line(
        folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "rusak.jsonl"
    first = RUN.read_text(encoding="utf-8").splitlines()[0]
    bad.write_text(first + "\n{bukan json\n", encoding="utf-8")
    at = open_run(ui.start(folder, monkeypatch, user="dewi"), bad)
    assert f"{bad}:2: not JSON" in ui.plain(at.error[0].value)
    assert not at.metric
    at.text_input(key="check.items").input(str(tmp_path / "hilang.jsonl")).run()
    assert "hilang.jsonl: no such file" in ui.plain(at.error[0].value)
    at.text_input(key="check.items").input(str(tmp_path)).run()
    assert "must be a JSON-lines file ending in .jsonl" in ui.plain(at.error[0].value)
    assert not at.exception


def test_the_export_buttons_carry_the_training_data(
        folder: Path, run: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = CorrectionsLog(run.parent / "corrections.jsonl")
    log.record(item(NEGATION), who="dewi", verdict="wrong", correction="negatif")
    log.record(item("c-1/dir/negation/gak"), who="rizal", verdict="right",
               note="the test expected a flip, but the sentence reads fine")
    at = open_run(ui.start(folder, monkeypatch, user="dewi"), run)
    chat = at.download_button(key="check.export_chat")
    pairs = at.download_button(key="check.export_pairs")
    negation_prompt = "Gue gak sk nunggu lama."
    gak_prompt = "Saya sudah makan di rumah teman dan masakannya gak enak."
    expected_pairs = (
        json.dumps({"instruction": negation_prompt, "response": "negatif",
                    "item_id": NEGATION}, ensure_ascii=False) + "\n"
        + json.dumps({"instruction": gak_prompt, "response": "positif",
                      "item_id": "c-1/dir/negation/gak"}, ensure_ascii=False) + "\n")
    expected_chat = "".join(
        json.dumps({"messages": [{"role": "system", "content": SYSTEM_PROMPT},
                                 {"role": "user", "content": prompt},
                                 {"role": "assistant", "content": answer}]},
                   ensure_ascii=False) + "\n"
        for prompt, answer in ((negation_prompt, "negatif"), (gak_prompt, "positif")))
    assert pairs.proto.url == served_url(expected_pairs, "corrections.instructions.jsonl")
    assert chat.proto.url == served_url(expected_chat, "corrections.chat.jsonl")
    at.checkbox(key="check.only_wrong").check().run()
    only_wrong = expected_pairs.splitlines(keepends=True)[0]
    pairs = at.download_button(key="check.export_pairs")
    assert pairs.proto.url != served_url(expected_pairs, "corrections.instructions.jsonl")
    assert pairs.proto.url == served_url(only_wrong, "corrections.instructions.jsonl")
    assert "1 example(s)" in ui.texts(at)
