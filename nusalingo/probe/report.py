"""What a probe run found: a JSON report, every item as JSON lines, and one HTML page.

:func:`summarize` counts outcomes overall, by suite and test, by category of
edit, by intensity, and by lexicon entry (the informal words the model gets
wrong most often), with examples. Failure rates leave unusable answers out
(``fail / (pass + fail)``); those are counted on their own, with their
reasons. :func:`write_report` writes ``report.json``, ``items.jsonl`` and
``report.html``: a self-contained page (charts are PNG images inside it, all
text is escaped) that opens anywhere without a network.

>>> from nusalingo.probe.suites import Case, Result
>>> case = Case(id="s1", suite="invariance", test="intensity", source="Saya tidak tahu.",
...             text="Gw gak tau.", expect="same", intensity="medium")
>>> summarize([Result(case, "fail", "negatif", "Gw gak tau.", "positif")])["by_intensity"]
{'medium': {'items': 1, 'pass': 0, 'fail': 1, 'unusable': 0, 'failure_rate': 1.0}}
"""

from __future__ import annotations

import base64
import io
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from nusalingo.errors import NusalingoError
from nusalingo.probe.suites import FAIL, PASS, UNUSABLE, Result
from nusalingo.tsv import atomic_write_text

TEMPLATE = Path(__file__).resolve().parent / "templates" / "report.html.j2"
#: Examples kept per group (entry, outcome) in the report.
EXAMPLES = 3
#: Entries shown in the chart of the words misunderstood most.
CHART_ENTRIES = 20


@dataclass(frozen=True, slots=True)
class ReportFiles:
    """The files :func:`write_report` wrote."""

    json: Path
    items: Path
    html: Path


def summarize(results: Sequence[Result], *, model: Mapping[str, Any] | None = None,
              settings: Mapping[str, Any] | None = None, examples: int = EXAMPLES
              ) -> dict[str, Any]:
    """The report of a run, as a JSON-ready dict."""
    from nusalingo import __version__

    by_suite: dict[str, list[Result]] = {}
    by_test: dict[str, list[Result]] = {}
    by_category: dict[str, list[Result]] = {}
    by_intensity: dict[str, list[Result]] = {}
    by_entry: dict[str, list[Result]] = {}
    for result in results:
        case = result.case
        by_suite.setdefault(case.suite, []).append(result)
        by_test.setdefault(f"{case.suite}/{case.test}", []).append(result)
        for category in case.categories():
            by_category.setdefault(category, []).append(result)
        if case.intensity:
            by_intensity.setdefault(case.intensity, []).append(result)
        for entry in dict.fromkeys(case.entries):
            by_entry.setdefault(entry, []).append(result)
    entries = [{"entry": entry, **_forms(entry, group), **_group(group),
                "examples": [_example(r) for r in group if r.outcome == FAIL][:examples]}
               for entry, group in by_entry.items()]
    entries.sort(key=lambda e: (-e["fail"], -(e["failure_rate"] or 0), e["entry"]))
    reasons = Counter(r.error or "no reason given" for r in results if r.outcome == UNUSABLE)
    return {
        "nusalingo": __version__,
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "model": dict(model or {}),
        "settings": dict(settings or {}),
        **_group(results),
        "unusable_rate": _rate(sum(r.outcome == UNUSABLE for r in results), len(results)),
        "by_suite": {k: _group(v) for k, v in sorted(by_suite.items())},
        "by_test": {k: _group(v) for k, v in sorted(by_test.items())},
        "by_category": {k: _group(v) for k, v in sorted(by_category.items())},
        "by_intensity": {k: _group(v) for k, v in sorted(by_intensity.items(),
                                                           key=lambda kv: _intensity_order(kv[0]))},
        "by_entry": entries,
        "unusable_reasons": dict(reasons.most_common()),
        "examples": {
            FAIL: [_example(r) for r in results if r.outcome == FAIL][:examples * 5],
            UNUSABLE: [_example(r) for r in results if r.outcome == UNUSABLE][:examples * 5],
        },
    }


def write_report(results: Sequence[Result], folder: str | Path, *,
                 model: Mapping[str, Any] | None = None,
                 settings: Mapping[str, Any] | None = None) -> ReportFiles:
    """Write ``report.json``, ``items.jsonl`` and ``report.html`` into ``folder`` (created)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    report = summarize(results, model=model, settings=settings)
    files = ReportFiles(folder / "report.json", folder / "items.jsonl", folder / "report.html")
    atomic_write_text(files.items, "".join(
        json.dumps(r.as_dict(), ensure_ascii=False) + "\n" for r in results))
    report["items_file"] = files.items.name
    atomic_write_text(files.json, json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    atomic_write_text(files.html, render_html(report))
    return files


def render_html(report: Mapping[str, Any]) -> str:
    """The report as one self-contained HTML page, every text escaped."""
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE.parent), autoescape=True,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    entries = [e for e in report["by_entry"] if e["fail"]][:CHART_ENTRIES]
    charts = {
        "category": bar_chart(report["by_category"], "Failure rate by category of edit"),
        "intensity": bar_chart(report["by_intensity"], "Failure rate by intensity", sort=False),
        "entry": bar_chart({f"{e['informal']} → {e['formal']} ({e['entry']})": e for e in entries},
                           "Words misunderstood most (failures, by lexicon entry)",
                           value="fail", sort=False),
        "test": bar_chart(report["by_test"], "Failure rate by test"),
    }
    return environment.get_template(TEMPLATE.name).render(report=report, charts=charts)


def bar_chart(groups: Mapping[str, Mapping[str, Any]], title: str, *, value: str = "failure_rate",
              sort: bool = True) -> str:
    """A horizontal bar chart of one figure per group, as a ``data:`` PNG URL ('' if empty)."""
    rows = [(name, float(g[value] or 0), g) for name, g in groups.items()
            if g.get(value) is not None]
    if not rows:
        return ""
    if sort:
        rows.sort(key=lambda row: -row[1])
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise NusalingoError("the HTML report draws its charts with matplotlib, which is not "
                             "installed: pip install 'nusalingo[probe]'") from exc

    figure = Figure(figsize=(8, 0.6 + 0.32 * len(rows)), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    names = [name for name, _, _ in rows][::-1]
    values = [v for _, v, _ in rows][::-1]
    bars = axes.barh(range(len(rows)), values, color="#c0504d")
    axes.set_yticks(range(len(rows)), names, fontsize=9)
    axes.set_title(title, fontsize=11, loc="left")
    labels = [f"{v:.0%} of {g['pass'] + g['fail']}" if value == "failure_rate" else f"{v:g}"
              for _, v, g in rows][::-1]
    axes.bar_label(bars, labels, padding=3, fontsize=8)
    if value == "failure_rate":
        axes.set_xlim(0, 1.15)
    else:
        axes.set_xlim(0, max(values) * 1.2 or 1)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _group(results: Iterable[Result]) -> dict[str, Any]:
    counts = Counter(r.outcome for r in results)
    judged = counts[PASS] + counts[FAIL]
    return {"items": counts.total(), PASS: counts[PASS], FAIL: counts[FAIL],
            UNUSABLE: counts[UNUSABLE], "failure_rate": _rate(counts[FAIL], judged)}


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _forms(entry: str, group: Sequence[Result]) -> dict[str, str]:
    """The informal and formal forms of an entry, as the cases used it."""
    for result in group:
        case = result.case
        if case.informal and entry in case.entries and len(case.entries) == 1:
            return {"informal": case.informal, "formal": case.formal,
                    "category": case.category}
        for change in case.changes:
            if change.entry == entry:
                return {"informal": change.replacement.strip().lower(),
                        "formal": change.original.lower() or change.replacement.strip().lower(),
                        "category": change.category}
    return {"informal": "", "formal": "", "category": ""}


def _example(result: Result) -> dict[str, Any]:
    case = result.case
    return {"id": case.id, "test": f"{case.suite}/{case.test}", "source": case.source,
            "text": case.text, "expected": case.expected, "answer": result.answer,
            "base_answer": result.base_answer, "error": result.error}


def _intensity_order(name: str) -> tuple[float, str]:
    from nusalingo.probe.variants import PRESETS

    try:
        return (PRESETS[name] if name in PRESETS else float(name), name)
    except ValueError:
        return (2.0, name)


__all__ = ["ReportFiles", "bar_chart", "render_html", "summarize", "write_report"]
