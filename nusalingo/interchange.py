"""Import lexicons from the formats people already have, and export for spreadsheets.

Formats:

- ``tsv``, ``csv``, ``xlsx``: nusalingo's own columns (a subset is enough to import);
- ``cil``: the Colloquial Indonesian Lexicon CSV,
  ``slang,formal,In-dictionary,context,category1,category2,category3``, its
  categories in Indonesian (``abreviasi``, ``elongasi``, ``afiksasi``...);
- ``pairs``: a plain two-column informal/formal list (tab or comma, header optional).

Imported rows become ``proposed`` with ``source`` set, through the store, and
rows that an existing entry already covers are reported, not doubled.

>>> guess_format("kamus.xlsx"), guess_format("pairs.txt")
('xlsx', 'pairs')
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from nusalingo.entry import Entry, form_key
from nusalingo.errors import NusalingoError
from nusalingo.schema import CATEGORIES, COLUMNS
from nusalingo.store import EDITABLE, LexiconStore
from nusalingo.validation import row_problems

FORMATS = ("tsv", "csv", "xlsx", "cil", "pairs")
CIL_COLUMNS = ("slang", "formal", "In-dictionary", "context", "category1", "category2",
               "category3")

#: Indonesian category names of the Colloquial Indonesian Lexicon, to ours.
CIL_CATEGORIES = {
    "abreviasi": "abbreviation",
    "akronim": "acronym",
    "afiksasi": "affixation",
    "elongasi": "repeated-letters",
    "reduplikasi": "reduplication",
    "naturalisasi": "loanword",
    "monoftongisasi": "sound-change",
    "anaptiksis": "sound-change",
    "metatesis": "sound-change",
    "zeroisasi": "clipping",
    "kontraksi": "clipping",
    "homofon": "spelling",
    "disemvokalisasi": "disemvoweling",
    "pelesapan": "clipping",
    "walikan": "reversal",
}

#: Characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class ImportReport:
    """What an import did: rows added, and rows skipped with the reason and line."""

    added: list[Entry] = field(default_factory=list)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)  # line, form, reason

    def summary(self) -> str:
        """A short human-readable account."""
        lines = [f"added {len(self.added)} proposed entries, skipped {len(self.skipped)} rows"]
        lines += [f"  line {ln}: {form!r}: {why}" for ln, form, why in self.skipped]
        return "\n".join(lines)


def guess_format(path: str | Path) -> str:
    """The format implied by a file name; ``pairs`` for ``.txt``."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix in ("tsv", "csv", "xlsx"):
        return suffix
    if suffix == "txt":
        return "pairs"
    raise NusalingoError(
        f"Cannot tell the format of {path} from its extension [E301]; "
        f"give --format, one of: {', '.join(FORMATS)}."
    )


def read_rows(path: str | Path, fmt: str | None = None) -> list[tuple[int, dict[str, str]]]:
    """Rows of a file to import, as (line number, lexicon fields), before any checks."""
    path = Path(path)
    fmt = fmt or guess_format(path)
    if fmt not in FORMATS:
        raise NusalingoError(f"Unknown format {fmt!r} [E302]; use one of: {', '.join(FORMATS)}.")
    if fmt == "xlsx":
        table = _xlsx_rows(path)
    else:
        text = _read_text(path)
        if fmt == "pairs":
            delimiter = "\t" if "\t" in text.split("\n", 1)[0] else ","
        else:
            delimiter = "\t" if fmt == "tsv" else ","
        table = [(i, r) for i, r in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter),
                                              start=1)]
    table = [(n, [_unescape(c) for c in cells]) for n, cells in table if any(cells)]
    if not table:
        return []
    if fmt == "pairs":
        return _pairs(path, table)
    header = [c.strip() for c in table[0][1]]
    if fmt == "cil":
        return _cil(path, header, table[1:])
    unknown = [c for c in header if c not in COLUMNS]
    if unknown or "informal" not in header or "formal" not in header:
        raise NusalingoError(
            f"{path}:1: the header must name lexicon columns, at least informal and formal "
            f"[E303]; unknown: {', '.join(unknown) or '-'}. For a CIL file use --format cil, "
            f"for a two-column list --format pairs."
        )
    out = []
    for number, cells in table[1:]:
        row = {h: c.strip() for h, c in zip(header, cells, strict=False)}
        out.append((number, {k: v for k, v in row.items() if k in EDITABLE}))
    return out


def import_file(path: str | Path, store: LexiconStore, *, author: str, fmt: str | None = None,
                source: str | None = None, default_category: str = "spelling",
                existing: Iterable[Entry] = ()) -> ImportReport:
    """Import rows into a lexicon as proposed entries, skipping what is covered.

    ``existing`` adds entries of other lexicons (e.g. the shipped stack) that
    also count as covering a form, besides the target file's own.
    """
    if default_category not in CATEGORIES:
        raise NusalingoError(f"Unknown default category {default_category!r} [E304].")
    source = source or f"import:{Path(path).name}"
    report = ImportReport()
    known = {(e.key, form_key(e.formal)): e for e in [*existing, *store.entries()]}
    defaults = {e.key: e for e in [*existing, *store.entries()]
                if e.is_default and e.status != "rejected"}
    accepted: list[dict[str, str]] = []
    for number, row in read_rows(path, fmt):
        row.setdefault("category", "")
        if not row["category"]:
            row["category"] = default_category
        row["source"] = row.get("source") or source
        informal, formal = row.get("informal", ""), row.get("formal", "")
        key = (form_key(informal), form_key(formal))
        if key in known:
            report.skipped.append((number, informal, f"already in the lexicon as {known[key].id}"))
            continue
        if form_key(informal) in defaults and not row.get("context"):
            other = defaults[form_key(informal)]
            report.skipped.append((number, informal,
                f"{other.id} already gives it the default sense {other.formal!r}; "
                "add this sense with a context in the editor"))
            continue
        problems = [p for p in row_problems(
            {**dict.fromkeys(COLUMNS, ""), **row, "id": "x-1", "status": "proposed",
             "author": author, "created": "2026-01-01", "version": "1"}) if p.severity == "error"]
        if problems:
            report.skipped.append((number, informal, "; ".join(
                f"{p.column}: {p.message}" for p in problems)))
            continue
        known[key] = Entry.from_row(row)
        if not row.get("context"):
            defaults[form_key(informal)] = known[key]
        accepted.append(row)
    if accepted:
        report.added = store.add_many(accepted, author=author, action="import",
                                      note=f"imported from {Path(path).name}")
    return report


def export_entries(entries: Sequence[Entry], path: str | Path, fmt: str | None = None) -> int:
    """Write entries for a spreadsheet or another tool; returns the number of rows.

    Cells that a spreadsheet would run as a formula are made inert.
    """
    path = Path(path)
    fmt = fmt or guess_format(path)
    if fmt == "cil":
        header = list(CIL_COLUMNS)
        reverse: dict[str, str] = {}
        for indonesian, ours in CIL_CATEGORIES.items():
            reverse.setdefault(ours, indonesian)
        rows = [[e.informal, e.formal, "", e.example, reverse.get(e.category, e.category), "", ""]
                for e in entries]
    elif fmt == "pairs":
        header, rows = [], [[e.informal, e.formal] for e in entries]
    else:
        header = list(COLUMNS)
        rows = [[e.to_row()[c] for c in COLUMNS] for e in entries]
    if fmt == "xlsx":
        _write_xlsx(path, header, rows)
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="\t" if fmt in ("tsv", "pairs") else ",",
                            lineterminator="\n")
        if header:
            writer.writerow(header)
        writer.writerows([[_escape(c) for c in row] for row in rows])
        from nusalingo.tsv import atomic_write_text

        atomic_write_text(path, buffer.getvalue())
    return len(rows)


def _pairs(path: Path, table: list[tuple[int, list[str]]]) -> list[tuple[int, dict[str, str]]]:
    first = [c.strip().lower() for c in table[0][1]]
    if first[:2] in (["informal", "formal"], ["slang", "formal"], ["informal", "baku"]):
        table = table[1:]
    out = []
    for number, cells in table:
        if len(cells) < 2:
            raise NusalingoError(
                f"{path}:{number}: expected two columns (informal, formal), found {len(cells)} "
                f"in {cells!r} [E305]. Separate them with a tab or a comma."
            )
        out.append((number, {"informal": cells[0].strip(), "formal": cells[1].strip()}))
    return out


def _cil(path: Path, header: list[str], table: list[tuple[int, list[str]]]
         ) -> list[tuple[int, dict[str, str]]]:
    missing = [c for c in ("slang", "formal") if c not in header]
    if missing:
        raise NusalingoError(
            f"{path}:1: not a Colloquial Indonesian Lexicon file: no column "
            f"{', '.join(missing)} [E306]; expected {','.join(CIL_COLUMNS)}."
        )
    out = []
    for number, cells in table:
        row = dict(zip(header, (c.strip() for c in cells), strict=False))
        labels = [row.get(f"category{i}", "").lower() for i in (1, 2, 3)]
        labels = [label for label in labels if label]
        mapped = [CIL_CATEGORIES[label] for label in labels if label in CIL_CATEGORIES]
        notes = []
        if labels and not mapped:
            notes.append(f"CIL categories {', '.join(labels)} not mapped")
        if row.get("context"):
            notes.append(f"seen in: {row['context']}")
        if row.get("In-dictionary") == "1":
            notes.append("CIL marks the form as a dictionary word")
        out.append((number, {
            "informal": row.get("slang", ""), "formal": row.get("formal", ""),
            "category": mapped[0] if mapped else "", "note": "; ".join(notes),
        }))
    return out


def _xlsx_rows(path: Path) -> list[tuple[int, list[str]]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a bad file
        raise NusalingoError(f"{path}: not a readable XLSX workbook ({exc}) [E307].") from exc
    sheet = book.worksheets[0]
    rows = [(number, ["" if v is None else str(v) for v in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)]
    book.close()
    return rows


def _write_xlsx(path: Path, header: list[str], rows: list[list[str]]) -> None:
    import os
    import tempfile

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for values in ([header] if header else []) + rows:
        sheet.append(values)
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a string, never a formula, whatever it starts with
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        book.save(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise NusalingoError(
            f"{path}:{line}: invalid UTF-8 (byte {data[exc.start]:#04x}) [E308]; "
            f"re-save the file as UTF-8."
        ) from exc


def _escape(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def _unescape(cell: str) -> str:
    if cell.startswith("'") and cell[1:].startswith(FORMULA_START):
        return cell[1:]
    return cell
