"""The output file appears whole at the end, or not at all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nusalingo.corpus.atomic import AtomicFile
from nusalingo.errors import NusalingoError


def test_an_error_on_the_way_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "hasil.txt"
    target.write_text("lama\n", encoding="utf-8")
    with pytest.raises(RuntimeError), AtomicFile(target) as out:
        out.open_text().write("baru, setengah")
        assert out.temp.parent == tmp_path and out.temp.name.startswith(".hasil.txt.")
        raise RuntimeError("crash")
    assert target.read_text(encoding="utf-8") == "lama\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hasil.txt"]


def test_commit_replaces_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "hasil.txt"
    target.write_text("lama\n", encoding="utf-8")
    os.chmod(target, 0o640)
    with AtomicFile(target) as out:
        out.open_text().write("baru\n")
        assert target.read_text(encoding="utf-8") == "lama\n"  # not yet
        out.commit()
    assert target.read_text(encoding="utf-8") == "baru\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hasil.txt"]


def test_leaving_without_commit_writes_nothing(tmp_path: Path) -> None:
    with AtomicFile(tmp_path / "hasil.txt") as out:
        out.open_text().write("baru\n")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_or_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NusalingoError, match="is a folder; give a file name"):
        AtomicFile(tmp_path)
    with pytest.raises(NusalingoError, match="does not exist; create it first"):
        AtomicFile(tmp_path / "tidak-ada" / "hasil.txt")
