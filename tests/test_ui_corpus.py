"""Corpus: uploads in three formats, clear errors with the line, size limit, KWIC, mining."""

from __future__ import annotations

from pathlib import Path

import pytest
import test_ui_app as ui
from streamlit.testing.v1 import AppTest

from nusalingo.ui.uploads import CorpusError, read_corpus

CORPUS = ui.UI_DATA / "corpus"


def upload(at: AppTest, name: str, data: bytes | None = None) -> AppTest:
    content = data if data is not None else (CORPUS / name).read_bytes()
    at.get("file_uploader")[0].set_value((name, content, "application/octet-stream"))
    return at.run()


@pytest.fixture
def at(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    return ui.start(ui.copy_lexicons(tmp_path), monkeypatch, page="corpus", user="dewi")


@pytest.mark.parametrize(("name", "texts"), [("chat.txt", 7), ("chat.csv", 3),
                                             ("chat.jsonl", 3)])
def test_upload_each_format(at: AppTest, name: str, texts: int) -> None:
    upload(at, name)
    assert f"{name}: {texts} texts" in ui.texts(at)


@pytest.mark.parametrize(("name", "message"), [
    ("broken.jsonl", "broken.jsonl, line 3: not valid JSON"),
    ("broken.csv", "broken.csv, line 3: 3 cells, but the header has 2"),
])
def test_a_malformed_upload_is_reported_with_its_line(at: AppTest, name: str,
                                                      message: str) -> None:
    upload(at, name)
    assert not at.exception
    assert message in ui.plain(at.error[0].value)


def test_an_upload_above_the_limit_is_refused(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    at = ui.start(ui.copy_lexicons(tmp_path), monkeypatch, page="corpus",
                  env={"NUSALINGO_MAX_UPLOAD_MB": "1"})
    assert "at most 1 MB" in at.get("file_uploader")[0].label
    upload(at, "big.txt", b"gk tau deh\n" * 200_000)
    message = ui.plain(at.error[0].value)
    assert "big.txt is 2.2 MB; the limit is 1 MB" in message
    assert "NUSALINGO_MAX_UPLOAD_MB" in message


def test_other_upload_problems() -> None:
    with pytest.raises(CorpusError, match=r"chat\.docx: unknown file type 'docx'"):
        read_corpus("chat.docx", b"x", max_bytes=100)
    with pytest.raises(CorpusError, match=r"chat.txt, line 2: not valid UTF-8 \(byte 0xff\)"):
        read_corpus("chat.txt", b"gk tau\n\xff\n", max_bytes=100)
    with pytest.raises(CorpusError, match="no 'text' column in the header"):
        read_corpus("chat.csv", b"a,b\n1,2\n", max_bytes=100)
    with pytest.raises(CorpusError, match="line 1: no 'text' field"):
        read_corpus("chat.jsonl", b'{"body": "gk"}\n', max_bytes=100)
    with pytest.raises(CorpusError, match="has no text in it"):
        read_corpus("chat.txt", b"\n\n", max_bytes=100)


def test_keyword_in_context(at: AppTest) -> None:
    upload(at, "chat.txt")
    at.text_input(key="corpus.form").input("gabut").run()
    kwic = ui.table(at, "left")
    assert len(kwic) == 4
    assert list(kwic["form"]) == ["gabut"] * 4
    first = kwic.iloc[0]
    assert (first["left"], first["right"]) == ("macet bgt hari ini,", "di jalan")


def test_candidates_and_one_click_to_a_proposal(at: AppTest) -> None:
    upload(at, "chat.txt")
    words = [str(m.value) for m in at.markdown]
    # gabut (4 times) and mksh (3) have no entry and are not formal words
    assert words.index("gabut") < words.index("mksh")
    for covered in ("bgt", "udh", "gk", "makan", "hari"):
        assert covered not in words
    at.button(key="corpus.propose.0").click().run()
    assert ui.title(at) == "New entry"
    assert at.text_input(key="entry.f.informal").value == "gabut"
    assert at.text_area(key="entry.f.note").value == "found 4 times in chat.txt"
    assert at.text_area(key="entry.f.example").value == "macet bgt hari ini, gabut di jalan"
