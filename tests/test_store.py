"""The store: every write locked, version-checked, atomic and recorded."""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from nusalingo.errors import (
    ConflictError,
    EntryNotFoundError,
    LexiconFormatError,
    NusalingoError,
    ReviewPermissionError,
)
from nusalingo.store import LexiconStore
from nusalingo.tsv import read_file
from nusalingo.validation import validate_paths


def errors(path: Path) -> list[str]:
    return [str(p) for p in validate_paths([path]) if p.severity == "error"]


def test_add_assigns_next_id_and_records_history(mini: Path) -> None:
    store = LexiconStore(mini)
    entry = store.add(informal="udh", formal="sudah", category="clipping", author="dewi")
    assert entry.id == "mini-11"
    assert (entry.status, entry.version, entry.author) == ("proposed", 1, "dewi")
    assert store.get("mini-11").formal == "sudah"
    (record,) = store.history("mini-11")
    assert (record.action, record.user, record.before) == ("add", "dewi", None)
    assert record.after is not None and record.after["formal"] == "sudah"
    assert errors(mini) == []


def test_one_edit_changes_one_line(mini: Path) -> None:
    before = mini.read_text().splitlines()
    LexiconStore(mini).edit("mini-2", author="dewi", expected_version=1, note="relative pronoun")
    after = mini.read_text().splitlines()
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert changed == [2]


def test_stale_edit_is_a_conflict_showing_both_versions(mini: Path) -> None:
    store = LexiconStore(mini)
    store.edit("mini-1", author="dewi", expected_version=1, note="first")
    with pytest.raises(ConflictError) as info:
        store.edit("mini-1", author="eko", expected_version=1, note="second")
    err = info.value
    assert err.changed_by == "dewi"
    assert err.current is not None and err.current["note"] == "first"
    assert err.attempted is None or err.attempted.get("note", "") != "first"
    assert "dewi" in str(err) and "version 2" in str(err)
    assert store.get("mini-1").note == "first"  # nothing lost, nothing overwritten


def test_substantive_edit_of_verified_entry_needs_review_again(mini: Path) -> None:
    store = LexiconStore(mini)
    edited = store.edit("mini-7", author="dewi", expected_version=1, formal="amat")
    assert (edited.status, edited.reviewer) == ("proposed", "")
    noted = store.edit("mini-2", author="dewi", expected_version=1, note="typo fix")
    assert noted.status == "verified"


def test_author_cannot_review_own_entry(mini: Path) -> None:
    store = LexiconStore(mini)
    entry = store.add(informal="udh", formal="sudah", category="clipping", author="dewi")
    with pytest.raises(ReviewPermissionError):
        store.verify(entry.id, reviewer="dewi")
    with pytest.raises(ReviewPermissionError):
        store.reject(entry.id, reviewer="dewi", reason="no")
    assert store.verify(entry.id, reviewer="eko").status == "verified"


def test_reject_needs_a_reason(mini: Path) -> None:
    store = LexiconStore(mini)
    with pytest.raises(NusalingoError, match="reason"):
        store.reject("mini-9", reviewer="eko", reason=" ")
    rejected = store.reject("mini-9", reviewer="eko", reason="gw is Betawi: keep saya")
    assert (rejected.status, rejected.review_note) == ("rejected", "gw is Betawi: keep saya")


def test_invalid_change_is_refused_and_nothing_written(mini: Path) -> None:
    store = LexiconStore(mini)
    text = mini.read_text()
    with pytest.raises(LexiconFormatError, match="E104"):
        store.add(informal="udh", formal="sudah", category="abrev", author="dewi")
    with pytest.raises(LexiconFormatError, match="E131"):
        store.add(informal="YG", formal="yang", category="spelling", author="dewi")
    with pytest.raises(LexiconFormatError, match="E140"):
        store.add(informal="yng", formal="yg", category="typo", author="dewi")
    with pytest.raises(NusalingoError, match="author"):
        store.add(informal="udh", formal="sudah", category="clipping", author="")
    assert mini.read_text() == text
    assert store.history() == []


def test_deleted_ids_are_never_reused(mini: Path) -> None:
    store = LexiconStore(mini)
    new = store.add(informal="udh", formal="sudah", category="clipping", author="dewi")
    store.delete(new.id, author="dewi", expected_version=1)
    with pytest.raises(EntryNotFoundError):
        store.get(new.id)
    again = store.add(informal="udh", formal="sudah", category="clipping", author="dewi")
    assert again.id != new.id
    assert again.id == "mini-12"


def test_restore_is_itself_a_recorded_change(mini: Path) -> None:
    store = LexiconStore(mini)
    store.edit("mini-2", author="dewi", expected_version=1, note="one")
    store.edit("mini-2", author="eko", expected_version=2, note="two")
    restored = store.restore("mini-2", 2, author="fajar")
    assert (restored.note, restored.version) == ("one", 4)
    assert [r.action for r in store.history("mini-2")] == ["edit", "edit", "restore"]
    deleted = store.delete("mini-2", author="fajar", expected_version=4)
    back = store.restore("mini-2", deleted.version, author="fajar")
    assert (back.id, back.note, back.version) == ("mini-2", "one", 5)


def test_edit_of_deleted_entry_is_a_conflict_naming_who_deleted(mini: Path) -> None:
    store = LexiconStore(mini)
    store.delete("mini-2", author="dewi", expected_version=1)
    with pytest.raises(ConflictError, match="deleted") as info:
        store.edit("mini-2", author="eko", expected_version=1, note="x")
    assert info.value.changed_by == "dewi"


def test_store_refuses_to_rewrite_a_file_with_unparsable_lines(tmp_path: Path) -> None:
    path = tmp_path / "broken.tsv"
    good = (Path(__file__).parent / "data" / "valid" / "mini.tsv").read_text()
    path.write_text(good + "a line\twith too few cells\n")
    with pytest.raises(LexiconFormatError, match="E103"):
        LexiconStore(path).add(informal="udh", formal="sudah", category="clipping", author="x")
    assert path.read_text().endswith("a line\twith too few cells\n")


def test_new_file_is_created_with_a_prefix_from_its_name(tmp_path: Path) -> None:
    store = LexiconStore(tmp_path / "Tim Saya.tsv")
    entry = store.add(informal="udh", formal="sudah", category="clipping", author="x")
    assert entry.id == "tim_saya-1"
    assert errors(store.path) == []


def test_torn_history_line_is_skipped(mini: Path) -> None:
    store = LexiconStore(mini)
    store.add(informal="udh", formal="sudah", category="clipping", author="dewi")
    with open(store.history_path, "a", encoding="utf-8") as handle:
        handle.write('{"time": "2026-11-26T00:00:00Z", "user": "x", "act')
    assert len(store.history()) == 1


def _editor(path: str, worker: int, edits: int, ids: list[str]) -> None:
    store = LexiconStore(path, lock_timeout=60)
    for i in range(edits):
        entry_id = ids[(worker + i) % len(ids)]
        while True:
            entry = store.get(entry_id)  # read
            try:  # modify and write, on the version read
                store.edit(entry_id, author=f"w{worker}", expected_version=entry.version,
                           note=f"{entry.note}{worker}.{i};")
                break
            except ConflictError:
                continue  # somebody else saved first: re-read and retry


def test_concurrent_read_modify_write_loses_nothing(mini: Path) -> None:
    workers, edits = 4, 12
    ids = ["mini-1", "mini-2", "mini-3"]
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_editor, args=(str(mini), w, edits, ids)) for w in range(workers)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(120)
        assert proc.exitcode == 0
    store = LexiconStore(mini)
    tokens = [t for e in store.entries() for t in re.findall(r"\d+\.\d+", e.note)]
    assert sorted(tokens) == sorted(f"{w}.{i}" for w in range(workers) for i in range(edits))
    assert len([r for r in store.history() if r.action == "edit"]) == workers * edits
    assert sum(store.get(i).version - 1 for i in ids) == workers * edits
    assert errors(mini) == []


WRITER = textwrap.dedent("""
    import sys
    from nusalingo.store import LexiconStore
    store = LexiconStore(sys.argv[1])
    print("ready", flush=True)
    i = 0
    while True:
        i += 1
        entry = store.add(informal=f"kata{i}x{sys.argv[2]}", formal="kata", category="typo",
                          author="writer", note="x" * 2000)
        store.edit(entry.id, author="writer", expected_version=1, note="y" * 3000)
""")


@pytest.mark.parametrize("delay", [0.15, 0.4, 0.7])
def test_writer_killed_mid_write_leaves_a_valid_file(mini: Path, delay: float) -> None:
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(mini), str(delay)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    time.sleep(delay)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    parsed = read_file(mini)
    assert parsed.problems == ()
    assert errors(mini) == []
    assert len(parsed.entries) > 10  # the writer had written something
    store = LexiconStore(mini)  # and the next writer carries on, lock and temp files cleared
    store.add(informal="sesudah", formal="setelah", category="colloquial-word", author="z")
    assert not list(mini.parent.glob(".mini.tsv.*.tmp"))
    assert errors(mini) == []
