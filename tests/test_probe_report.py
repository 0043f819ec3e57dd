"""Reports: JSON, JSON lines with every item, and a self-contained HTML page."""

from __future__ import annotations

import base64
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from nusalingo.normalize import Change
from nusalingo.probe.report import bar_chart, summarize, write_report
from nusalingo.probe.suites import FAIL, PASS, UNUSABLE, Case, Result


def _result(n: int, outcome: str, *, intensity: str = "", entry: str = "",
            category: str = "clipping", text: str = "Gw gak tau.", error: str = "") -> Result:
    changes = (Change(0, 5, "tidak", "gak", "lexicon", entry, category),) if entry else ()
    case = Case(id=f"c-{n}", suite="invariance", test="intensity", source="Saya tidak tahu.",
                text=text, expect="same", intensity=intensity, changes=changes,
                entries=(entry,) if entry else ())
    answer = None if outcome == UNUSABLE else ("negatif" if outcome == FAIL else "positif")
    return Result(case, outcome, answer, text, "positif", error, model="m")


@pytest.fixture
def results() -> list[Result]:
    return [
        _result(1, FAIL, intensity="heavy", entry="core-1"),
        _result(2, FAIL, intensity="heavy", entry="core-1"),
        _result(3, PASS, intensity="light", entry="core-1"),
        _result(4, PASS, intensity="light", entry="core-3", category="disemvoweling"),
        _result(5, FAIL, intensity="medium", entry="core-3", category="disemvoweling"),
        _result(6, UNUSABLE, intensity="medium", error="HTTP 500 after 4 retries"),
        _result(7, UNUSABLE, intensity="medium", error="HTTP 500 after 4 retries"),
        _result(8, FAIL, intensity="heavy", entry="core-9",
                text='<script>alert("x")</script> & <b>gw</b>'),
    ]


def test_summary_counts(results: list[Result]) -> None:
    report = summarize(results, model={"name": "m", "kind": "classifier"})
    assert (report["items"], report["pass"], report["fail"], report["unusable"]) == (8, 2, 4, 2)
    assert report["failure_rate"] == round(4 / 6, 4)     # unusable answers left out
    assert report["unusable_rate"] == 0.25
    assert list(report["by_intensity"]) == ["light", "medium", "heavy"]
    assert report["by_intensity"]["heavy"] == {"items": 3, "pass": 0, "fail": 3,
                                               "unusable": 0, "failure_rate": 1.0}
    assert report["by_intensity"]["medium"]["failure_rate"] == 1.0
    assert report["by_category"]["clipping"]["fail"] == 3
    # most failures first, then the highest rate
    assert [e["entry"] for e in report["by_entry"]] == ["core-1", "core-9", "core-3"]
    first = report["by_entry"][0]
    assert (first["informal"], first["formal"], first["fail"], first["items"]) == \
        ("gak", "tidak", 2, 3)
    assert [x["id"] for x in first["examples"]] == ["c-1", "c-2"]
    assert report["unusable_reasons"] == {"HTTP 500 after 4 retries": 2}


def test_empty_run() -> None:
    report = summarize([])
    assert report["items"] == 0 and report["failure_rate"] is None


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.sources: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.sources += [v or "" for k, v in attrs if k in ("src", "href")]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_written_files(results: list[Result], tmp_path: Path) -> None:
    files = write_report(results, tmp_path / "out", model={"name": "m <x>", "kind": "classifier"},
                         settings={"seed": 0})
    report = json.loads(files.json.read_text(encoding="utf-8"))
    assert report["items_file"] == "items.jsonl" and report["fail"] == 4
    lines = files.items.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [f"c-{n}" for n in range(1, 9)]
    assert json.loads(lines[0])["changes"][0]["entry"] == "core-1"

    html = files.html.read_text(encoding="utf-8")
    parser = _Collector()
    parser.feed(html)
    assert "script" not in parser.tags and "b" not in parser.tags   # every text escaped
    assert '<script>alert("x")</script> & <b>gw</b>' in "".join(parser.text)
    assert "m <x>" in "".join(parser.text)
    images = [s for s in parser.sources if s.startswith("data:image/png;base64,")]
    assert len(images) == 4            # category, intensity, entry, test
    assert all(s.startswith("data:") for s in parser.sources)   # nothing fetched
    png = base64.b64decode(images[0].split(",", 1)[1])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert re.search(r"HTTP 500 after 4 retries</td>\s*<td class=\"n\">2", html)


def test_bar_chart_is_empty_without_data() -> None:
    assert bar_chart({}, "nothing") == ""
    assert bar_chart({"a": {"failure_rate": None, "pass": 0, "fail": 0}}, "none") == ""
