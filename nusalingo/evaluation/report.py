"""Show an evaluation report as readable tables, or as JSON.

The report is the dict that :mod:`nusalingo.evaluation.evaluate` returns;
:func:`render` prints it with rich (scores next to the baselines, then the
breakdown by step, category and losing entries, the kinds of missed words and
the listed errors), :func:`to_json` writes it as it is.

>>> print(fmt(33.333), fmt(None))
33.33 n/a
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

#: Entries shown in the table of entries that lose (all of them are in the JSON).
ENTRY_ROWS = 15


def fmt(value: float | None) -> str:
    """A figure with two decimals, ``n/a`` when undefined."""
    return "n/a" if value is None else f"{value:.2f}"


def to_json(report: Mapping[str, Any]) -> str:
    """The report as indented JSON (UTF-8 text, not escaped)."""
    return json.dumps(report, ensure_ascii=False, indent=2)


def render(report: Mapping[str, Any], console: Console | None = None) -> None:
    """Print the report's tables."""
    console = console or Console()
    kind = report["kind"]
    paths = report["normalizer"]["lexicons"]
    names = [Path(p).name for p in paths]
    lexicons = ", ".join(names if len(set(names)) == len(names) else paths)
    console.print(f"[bold]{kind}[/bold]: {', '.join(report['files'])}")
    console.print(f"lexicons: {lexicons}")
    changed = _changed_options(report["normalizer"]["options"])
    if changed:
        console.print(f"options: {changed}")
    if kind == "tokens":
        _tokens(report, console)
    elif kind == "sentences":
        _sentences(report, console)
    else:
        _pairs(report, console)
    _breakdown(report, console)
    _errors(report, console)


def _tokens(report: Mapping[str, Any], console: Console) -> None:
    counts = report["counts"]
    console.print(f"{report['sentences']} sentences, {counts['tokens']} tokens, "
                  f"{counts['should_change']} to normalize")
    table = Table(title="token-level scores (%)", show_edge=False)
    table.add_column("system")
    for name in ("ERR", "accuracy", "precision", "recall"):
        table.add_column(name, justify="right")
    for label, ignore_case in (("", False), (" (ignoring case)", True)):
        rows = [("nusalingo", report), ("leave as is", report["baselines"]["leave_as_is"])]
        if report["baselines"].get("mfr"):
            rows.append(("MFR", report["baselines"]["mfr"]))
        for name, figures in rows:
            shown = figures["ignoring_case"] if ignore_case else figures
            table.add_row(name + label, *(fmt(shown[k]) for k in
                                          ("err", "accuracy", "precision", "recall")))
    console.print(table)
    if not report["baselines"].get("mfr"):
        console.print("MFR baseline: give --train FILE (token-aligned training data)")
    console.print(f"TP {counts['tp']}  FP {counts['fp']}  FN {counts['fn']} "
                  f"(of which changed wrongly {counts['wrong']})  "
                  f"ERR = (TP - FP) / (TP + FN)")


def _sentences(report: Mapping[str, Any], console: Console) -> None:
    console.print(f"{report['sentences']} sentence pairs")
    table = Table(title="corpus scores (sacrebleu)", show_edge=False)
    table.add_column("system")
    table.add_column("BLEU", justify="right")
    table.add_column("chrF", justify="right")
    table.add_row("nusalingo", fmt(report["bleu"]), fmt(report["chrf"]))
    copy = report["baselines"]["copy_input"]
    table.add_row("copy input", fmt(copy["bleu"]), fmt(copy["chrf"]))
    console.print(table)
    console.print(f"BLEU {report['signature']['bleu']}")
    console.print(f"chrF {report['signature']['chrf']}")
    w = report["words"]
    console.print(f"changes judged against the aligned gold: {w['right']} right, "
                  f"{w['wrong']} wrong, {w['unwanted']} unwanted; {w['missed']} missed, "
                  f"{w['added_in_gold']} words added in gold")


def _pairs(report: Mapping[str, Any], console: Console) -> None:
    console.print(f"{report['pairs']} word pairs")
    baselines = report["baselines"]
    table = Table(title="exact match (%)", show_edge=False)
    table.add_column("tag")
    table.add_column("pairs", justify="right")
    table.add_column("nusalingo", justify="right")
    table.add_column("copy input", justify="right")
    if baselines.get("mfr"):
        table.add_column("MFR", justify="right")
    for tag, row in report["by_tag"].items():
        cells = [tag or "(untagged)", str(row["total"]), fmt(row["accuracy"]),
                 fmt(baselines["copy_input"]["by_tag"][tag]["accuracy"])]
        if baselines.get("mfr"):
            cells.append(fmt(baselines["mfr"]["by_tag"][tag]["accuracy"]))
        table.add_row(*cells)
    cells = ["all", str(report["total"]), fmt(report["accuracy"]),
             fmt(baselines["copy_input"]["accuracy"])]
    if baselines.get("mfr"):
        cells.append(fmt(baselines["mfr"]["accuracy"]))
    table.add_row(*cells, style="bold")
    console.print(table)
    console.print(f"ignoring case: {fmt(report['ignoring_case']['accuracy'])}")


def _breakdown(report: Mapping[str, Any], console: Console) -> None:
    for key, title in (("by_step", "changes by step"), ("by_category", "changes by category")):
        _gain_table(report[key], title, console)
    entries = dict(list(report["by_entry"].items())[:ENTRY_ROWS])
    if entries:
        _gain_table(entries, f"entries losing most ({len(entries)} of "
                             f"{len(report['by_entry'])})", console)
    if report["missed"]:
        table = Table(title="missed, by kind (guessed)", show_edge=False)
        table.add_column("kind")
        table.add_column("count", justify="right")
        for kind, count in report["missed"].items():
            table.add_row(kind, str(count))
        console.print(table)


def _gain_table(rows: Mapping[str, Mapping[str, int]], title: str, console: Console) -> None:
    if not rows:
        return
    table = Table(title=title, show_edge=False)
    table.add_column("name")
    for column in ("changes", "right", "wrong", "unwanted", "net"):
        table.add_column(column, justify="right")
    for name, row in rows.items():
        table.add_row(name, *(str(row[c]) for c in ("changes", "right", "wrong", "unwanted",
                                                      "net")))
    console.print(table)


def _errors(report: Mapping[str, Any], console: Console) -> None:
    items = report.get("errors") or []
    if not items:
        return
    table = Table(title=f"most frequent errors ({len(items)})", show_edge=False)
    for column in ("count", "input", "gold", "output", "fired", "where"):
        table.add_column(column, justify="right" if column == "count" else "left")
    for item in items:
        fired = item["step"] or "(nothing)"
        if item["entry"]:
            fired += f" {item['entry']} ({item['lexicon']})"
        where = f"{Path(item['file']).name}:{item['line']}"
        table.add_row(str(item["count"]), item["input"], item["gold"] or "(empty)",
                      item["output"] or "(empty)", fired, where)
    console.print(table)


def _changed_options(options: Mapping[str, Any]) -> str:
    from nusalingo.config import NormalizerConfig

    default = NormalizerConfig().as_dict()
    return ", ".join(f"{k}={v}" for k, v in options.items() if default.get(k) != v)
