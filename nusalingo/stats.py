"""Counts of a lexicon stack, for the command line, the dashboard and the README.

>>> from nusalingo.entry import Entry
>>> counts = lexicon_stats([Entry(informal="gk", formal="tidak", category="disemvoweling",
...     status="verified")])
>>> counts["category"]["disemvoweling"], counts["totals"]["senses"]
(1, 1)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from nusalingo.entry import Entry

FACETS = ("status", "category", "region", "register", "author")
UNSET = "(none)"


def lexicon_stats(entries: Iterable[Entry]) -> dict[str, Any]:
    """Counts by facet, plus totals of senses and distinct forms (all and verified)."""
    items = list(entries)
    verified = [e for e in items if e.status == "verified"]
    facets: dict[str, Any] = {
        facet: dict(Counter(getattr(e, facet) or _unset(facet) for e in items).most_common())
        for facet in FACETS
    }
    facets["totals"] = {
        "senses": len(items),
        "forms": len({e.key for e in items}),
        "verified_senses": len(verified),
        "verified_forms": len({e.key for e in verified}),
        "with_example": sum(1 for e in items if e.example and e.example_formal),
    }
    return facets


def stats_markdown(stats: dict[str, Any]) -> str:
    """The counts as Markdown tables, as ``lexicons/README.md`` shows them."""
    totals = stats["totals"]
    lines = [
        f"{totals['senses']} senses of {totals['forms']} forms; "
        f"{totals['verified_senses']} verified senses of {totals['verified_forms']} forms; "
        f"{totals['with_example']} with an example and its formal rewrite.",
    ]
    for facet in ("status", "category", "region", "register"):
        lines += ["", f"| {facet} | senses |", "|---|---:|"]
        lines += [f"| {value} | {count} |" for value, count in stats[facet].items()]
    return "\n".join(lines)


def _unset(facet: str) -> str:
    return "neutral" if facet == "register" else UNSET
