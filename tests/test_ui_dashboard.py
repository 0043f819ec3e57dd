"""Dashboard: counts by facet, review progress from the history files, file checks."""

from __future__ import annotations

from pathlib import Path

import pytest
import test_ui_app as ui

from nusalingo.ui.dashboard import activity
from nusalingo.ui.data import Snapshot


def test_counts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = ui.start(ui.copy_lexicons(tmp_path), monkeypatch, page="dashboard")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Senses": "26", "Forms": "25", "Verified": "22", "Proposed": "3",
                       "Rejected": "1"}
    assert "23 of 26 entries reviewed" in at.get("progress")[0].proto.text
    assert len(at.get("vega_lite_chart")) == 6  # four facets, and progress in two charts


def test_review_progress_over_time(tmp_path: Path) -> None:
    folder = ui.copy_lexicons(tmp_path)
    table = activity(Snapshot.of(folder).history())
    assert list(table.index) == [
        "2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05", "2026-11-06", "2026-11-07",
        "2026-11-09"]
    assert list(table["added"]) == [2, 1, 1, 2, 0, 0, 0]
    assert list(table["reviewed so far"]) == [0, 0, 0, 0, 1, 2, 3]


def test_check_the_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = ui.copy_lexicons(tmp_path)
    core = folder / "core.tsv"
    core.write_text(core.read_text(encoding="utf-8").replace("\tdisemvoweling\t", "\tdisemvowel\t",
                                                            1), encoding="utf-8")
    at = ui.start(folder, monkeypatch, page="dashboard")
    at.button(key="dashboard.check").click().run()
    problems = ui.table(at, "what to do")
    row = problems[problems["code"] == "E104"].iloc[0]
    assert (row["file"].endswith("core.tsv"), row["line"], row["value"]) == (
        True, 2, "disemvowel")
