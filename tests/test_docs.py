"""The lexicon README documents every allowed value, and its counts are current."""

from __future__ import annotations

import pytest
from support import LEXICONS

from nusalingo import load_lexicon
from nusalingo.schema import CATEGORIES, COLUMNS, POS_TAGS, REGIONS, REGISTERS, STATUSES
from nusalingo.stats import lexicon_stats, stats_markdown

README = (LEXICONS / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("value", [*COLUMNS, *CATEGORIES, *STATUSES, *REGISTERS, *REGIONS,
                                   *POS_TAGS])
def test_every_column_and_value_is_documented(value: str) -> None:
    assert f"`{value}`" in README


def test_counts_in_readme_are_generated_from_the_files() -> None:
    block = README.split("<!-- stats:start -->\n", 1)[1].split("\n<!-- stats:end -->", 1)[0]
    assert block == stats_markdown(lexicon_stats(load_lexicon())), (
        "run: nusalingo lexicon stats lexicons/ --write-readme lexicons/README.md")


def test_every_shipped_file_has_its_origin_and_licence() -> None:
    sources = (LEXICONS / "SOURCES.md").read_text(encoding="utf-8")
    for path in sorted(LEXICONS.glob("*.tsv")):
        row = next((line for line in sources.splitlines() if line.startswith(f"| `{path.name}`")),
                   None)
        assert row is not None, f"{path.name} is not in lexicons/SOURCES.md"
        assert row.rstrip().endswith("| MIT |")
