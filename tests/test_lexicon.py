"""Loading lexicon stacks: lookup, layering, DataFrames, and the shipped files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from support import DATA, ROOT

from nusalingo import Entry, Lexicon, LexiconFormatError, load_lexicon

VALID = DATA / "valid"


def test_lookup_ignores_case_and_sees_only_verified_by_default() -> None:
    lex = load_lexicon(VALID / "mini.tsv")
    assert [e.formal for e in lex.lookup("GK")] == ["tidak"]
    assert lex.lookup("gw") == ()  # proposed
    assert [e.formal for e in lex.lookup("gw", include_proposed=True)] == ["saya"]
    assert lex.lookup("anjir", include_proposed=True) == ()  # rejected never counts
    assert {e.formal for e in lex.lookup("dr")} == {"dari", "dokter"}
    assert [e.formal for e in lex.lookup("Ga  Pa pa")] == ["tidak apa-apa"]


def test_later_layer_overrides_form_by_form_and_extends() -> None:
    lex = load_lexicon(VALID / "mini.tsv", VALID / "team.tsv")
    assert [e.formal for e in lex.lookup("gw")] == ["aku"]  # overridden
    assert [e.formal for e in lex.lookup("mager")] == ["malas bergerak"]  # extended
    assert [e.formal for e in lex.lookup("yg")] == ["yang"]  # untouched
    assert lex.origin("team-1") == "team.tsv"
    reversed_order = load_lexicon(VALID / "team.tsv", VALID / "mini.tsv")
    assert [e.formal for e in reversed_order.lookup("gw")] == ["aku"]  # mini's gw is proposed
    assert [e.formal for e in reversed_order.lookup("gw", include_proposed=True)] == ["saya"]


def test_folder_loads_its_files_in_alphabetical_order() -> None:
    lex = load_lexicon(VALID)
    assert [f.name for f in lex.files] == ["mini.tsv", "team.tsv"]


def test_strict_load_raises_with_every_problem_and_lenient_load_keeps_them() -> None:
    broken = DATA / "broken" / "unknown_category.tsv"
    with pytest.raises(LexiconFormatError) as info:
        load_lexicon(broken)
    assert "unknown_category.tsv:3" in str(info.value)
    lex = load_lexicon(broken, strict=False)
    assert [p.code for p in lex.problems] == ["E104"]
    assert len(lex) == 2


def test_dataframe_round_trip() -> None:
    lex = load_lexicon(VALID / "mini.tsv")
    frame = lex.to_dataframe()
    assert list(frame.columns[:3]) == ["id", "informal", "formal"]
    assert frame["version"].dtype == "int64"
    assert set(frame["lexicon"]) == {"mini.tsv"}
    again = Lexicon.from_dataframe(frame)
    assert [e.to_row() for e in again] == [e.to_row() for e in lex]


def test_from_dataframe_validates_and_names_missing_columns() -> None:
    with pytest.raises(Exception, match="informal"):
        Lexicon.from_dataframe(pd.DataFrame({"slang": ["gk"], "formal": ["tidak"]}))
    bad = pd.DataFrame({"id": ["x-1"], "informal": ["gk"], "formal": ["tidak"],
                        "category": ["abrev"], "status": ["proposed"], "author": ["a"],
                        "created": ["2026-11-26"], "version": [1]})
    with pytest.raises(LexiconFormatError, match="E104"):
        Lexicon.from_dataframe(bad)


def test_entries_are_frozen() -> None:
    entry = Entry(id="x-1", informal="gk", formal="tidak")
    with pytest.raises(AttributeError):
        entry.formal = "tak"  # type: ignore[misc]
    assert entry.replace(formal="tak").formal == "tak"


def test_shipped_lexicons_load_from_a_source_checkout() -> None:
    lex = load_lexicon()
    assert len(lex) > 0
    assert lex.files[0].path.parent == ROOT / "lexicons"


def test_shipped_lexicons_load_after_a_normal_install(tmp_path: Path) -> None:
    """Build the wheel and import it from elsewhere: the lexicons must travel inside it."""
    wheel_dir = tmp_path / "wheel"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                    "-q", "-w", str(wheel_dir), str(ROOT)], check=True, timeout=300)
    (wheel,) = wheel_dir.glob("nusalingo-*.whl")
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True, timeout=300)
    code = ("import nusalingo, sys; lex = nusalingo.load_lexicon(); "
            "print(nusalingo.__file__); print(lex.files[0].path); print(len(lex))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=tmp_path, env={"PYTHONPATH": str(target), "PATH": "/usr/bin"},
                            check=True, timeout=120)
    module, first, count = result.stdout.split()
    assert module.startswith(str(target))
    assert "_lexicons" in first
    assert int(count) == len(load_lexicon())
