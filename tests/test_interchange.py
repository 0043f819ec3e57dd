"""Import from the formats people have; export that spreadsheets cannot turn into formulas."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from support import DATA, run_cli

from nusalingo import NusalingoError, load_lexicon
from nusalingo.interchange import export_entries, import_file, read_rows
from nusalingo.store import LexiconStore
from nusalingo.validation import validate_paths

IMPORTS = DATA / "import"


def test_cil_import_maps_categories_and_reports_what_it_skips(mini: Path) -> None:
    store = LexiconStore(mini)
    report = import_file(IMPORTS / "cil.csv", store, author="dewi", fmt="cil")
    added = {e.informal: e for e in report.added}
    assert set(added) == {"bangettt", "ngerjain", "anak2", "ortu", "yoi"}
    assert added["bangettt"].category == "repeated-letters"
    assert added["ngerjain"].category == "affixation"
    assert added["anak2"].category == "reduplication"
    assert added["yoi"].category == "spelling"  # unmapped: default category, and a note
    assert "gabungan" in added["yoi"].note
    assert all(e.status == "proposed" and e.source == "import:cil.csv" for e in report.added)
    skipped = {line: why for line, _, why in report.skipped}
    assert "mini-1" in skipped[2]  # gk -> tidak already exists
    assert "mini-1" in skipped[7] or "already" in skipped[7]  # duplicate in the same file
    assert "informal" in skipped[8]  # empty form
    assert "itself" in skipped[9]  # sapi -> sapi
    assert [r.action for r in store.history()] == ["import"] * 5
    assert [p for p in validate_paths([mini]) if p.severity == "error"] == []


def test_importing_twice_adds_nothing_the_second_time(mini: Path) -> None:
    store = LexiconStore(mini)
    first = import_file(IMPORTS / "pairs.txt", store, author="dewi")
    second = import_file(IMPORTS / "pairs.txt", store, author="dewi")
    assert len(first.added) == 2
    assert second.added == []
    assert len(second.skipped) == 2


def test_pairs_with_header_and_a_formula_cell(mini: Path) -> None:
    report = import_file(IMPORTS / "pairs.tsv", LexiconStore(mini), author="dewi")
    assert {e.informal for e in report.added} == {"btw", "wkt", "=cmd", "sy"}


def test_malformed_pairs_name_the_line() -> None:
    with pytest.raises(NusalingoError, match=r"bad_pairs.txt:3"):
        read_rows(IMPORTS / "bad_pairs.txt", "pairs")


def test_unknown_extension_asks_for_format(tmp_path: Path) -> None:
    path = tmp_path / "kamus.dat"
    path.write_text("gk,tidak\n")
    with pytest.raises(NusalingoError, match="--format"):
        read_rows(path)


def test_csv_export_is_formula_safe_and_round_trips(tmp_path: Path) -> None:
    entries = [e.replace(note="=HYPERLINK(\"http://x\")") if e.id == "mini-1" else e
               for e in load_lexicon(DATA / "valid" / "mini.tsv", strict=False)]
    out = tmp_path / "out.csv"
    assert export_entries(entries, out) == len(entries)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[0]["note"] == "'=HYPERLINK(\"http://x\")"
    back = dict(read_rows(out))
    assert back[2]["note"] == "=HYPERLINK(\"http://x\")"


def test_xlsx_export_stores_formula_like_text_as_text(tmp_path: Path) -> None:
    entries = [e.replace(note="=1+1") for e in load_lexicon(DATA / "valid" / "mini.tsv")]
    out = tmp_path / "out.xlsx"
    export_entries(entries, out)
    sheet = openpyxl.load_workbook(out).worksheets[0]
    cell = sheet.cell(row=2, column=13)
    assert (cell.value, cell.data_type) == ("=1+1", "s")
    assert read_rows(out)[0][1]["informal"] == entries[0].informal


def test_cli_import_and_export(mini: Path, tmp_path: Path) -> None:
    result = run_cli("lexicon", "import", str(IMPORTS / "cil.csv"), "--format", "cil",
                     "--into", str(mini), "--author", "dewi")
    assert result.returncode == 0, result.stderr
    assert "added 5 proposed entries" in result.stdout
    assert "line 2" in result.stdout
    out = tmp_path / "cil_out.csv"
    result = run_cli("lexicon", "export", str(mini), "-o", str(out), "--format", "cil",
                     "--status", "proposed")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {"ngerjain", "gw"} <= {r["slang"] for r in rows}
    assert {r["category1"] for r in rows if r["slang"] == "ngerjain"} == {"afiksasi"}
