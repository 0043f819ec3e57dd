"""Reading and writing lexicon files, byte for byte as the format says.

Reading never raises on a broken file: it returns what it could parse plus a
list of :class:`~nusalingo.errors.Problem` pinned to lines, so that the
validator can report everything at once and the editor can still open a file
to repair it. Writing is atomic: a temporary file in the same folder is
flushed to disk and renamed over the old one, so a crash leaves the old file
or the new one, never a torn one.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "mini.tsv"
>>> write_entries(path, [Entry(id="x-1", informal="gk", formal="tidak",
...     category="disemvoweling", author="ana", created="2026-11-26")])
>>> read_file(path).entries[0].formal
'tidak'
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import regex

from nusalingo.entry import Entry
from nusalingo.errors import Problem
from nusalingo.schema import COLUMNS

BOM = b"\xef\xbb\xbf"
_ID = regex.compile(r"(?P<prefix>[a-z][a-z0-9_]*)-(?P<number>[1-9][0-9]*)")


@dataclass(frozen=True)
class LexiconFile:
    """A parsed lexicon file: its rows, the entries built from them, and format problems.

    ``rows`` keep the raw strings (for the validator), ``lines`` the 1-based
    line number of each entry in the file.
    """

    path: Path
    entries: tuple[Entry, ...] = ()
    rows: tuple[dict[str, str], ...] = ()
    lines: tuple[int, ...] = ()
    problems: tuple[Problem, ...] = ()
    header: tuple[str, ...] = field(default=COLUMNS)

    @property
    def name(self) -> str:
        """The file name, as problems and explanations show it."""
        return self.path.name


def id_parts(entry_id: str) -> tuple[str, int] | None:
    """Split ``core-12`` into ``("core", 12)``; ``None`` when malformed."""
    match = _ID.fullmatch(entry_id)
    if match is None:
        return None
    return match["prefix"], int(match["number"])


def sort_key(entry: Entry) -> tuple[str, int, str]:
    """Rows are kept in id order so one edit is one changed line in a diff."""
    parts = id_parts(entry.id)
    return (parts[0], parts[1], "") if parts else ("~", 0, entry.id)


def read_file(path: str | Path) -> LexiconFile:
    """Parse one lexicon file, collecting format problems instead of raising."""
    path = Path(path)
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return LexiconFile(path, problems=(_problem(name, 0, "", "", "E090",
            f"cannot read the file: {exc.strerror or exc}", "check the path and its permissions"),))
    problems: list[Problem] = []
    if data.startswith(BOM):
        problems.append(_problem(name, 1, "", "", "E100", "the file starts with a byte-order mark",
            "save it as UTF-8 without BOM ('UTF-8' rather than 'UTF-8 with BOM')"))
        data = data[len(BOM):]
    text = _decode(data, name, problems)
    if text.endswith("\n"):
        text = text[:-1]
    if not text:
        problems.append(_problem(name, 0, "", "", "E098", "the file is empty",
            f"start it with the header row: {' '.join(COLUMNS)} (tab-separated)"))
        return LexiconFile(path, problems=tuple(problems))
    lines = text.split("\n")
    header = tuple(cell.removesuffix("\r") for cell in lines[0].split("\t"))
    problems += _header_problems(name, header)
    known = [c for c in header if c in COLUMNS]
    if len(known) != len(set(known)):
        return LexiconFile(path, problems=tuple(problems), header=header)
    entries, rows, numbers = [], [], []
    canonical = header == COLUMNS
    for number, raw_line in enumerate(lines[1:], start=2):
        line = raw_line.removesuffix("\r")
        cells = line.split("\t")
        if line == "":
            problems.append(_problem(name, number, "", "", "E097", "empty line",
                "delete the line; every line is one entry"))
            continue
        if len(cells) != len(header):
            problems.append(_problem(name, number, "", _clip(line), "E103",
                f"the line has {len(cells)} cells, the header {len(header)}",
                "a value contains a tab or a line break, or a cell is missing or extra; "
                "check the line in a text editor"))
            continue
        if canonical:  # the usual case: the store's own column order, built positionally
            row = dict(zip(COLUMNS, cells, strict=True))
            version = cells[-1]
            entries.append(Entry(*cells[:-1],  # type: ignore[arg-type,misc]  # str fields
                                 version=int(version) if version.isdigit() else 0))
        else:
            row = {col: cell for col, cell in zip(header, cells, strict=True) if col in COLUMNS}
            entries.append(Entry.from_row(row))
        rows.append(row)
        numbers.append(number)
    return LexiconFile(path, tuple(entries), tuple(rows), tuple(numbers), tuple(problems), header)


def write_entries(path: str | Path, entries: Iterable[Entry]) -> None:
    """Write entries in canonical column and row order, atomically."""
    ordered = sorted(entries, key=sort_key)
    lines = ["\t".join(COLUMNS)]
    lines += ["\t".join(e.to_row().values()) for e in ordered]  # to_row is in column order
    atomic_write_text(Path(path), "\n".join(lines) + "\n")


def atomic_write_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that readers see the old or the new file, whole."""
    path = Path(path)
    folder = path.parent
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _decode(data: bytes, name: str, problems: list[Problem]) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Report each undecodable line, then carry on with replacement characters.
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = raw[exc.start:exc.end]
            problems.append(_problem(name, number, "", bad.hex(" "), "E099",
                f"invalid UTF-8 at byte {exc.start + 1} of the line",
                "re-save the file as UTF-8 (in a spreadsheet: 'Unicode (UTF-8)', tab-separated)"))
    return data.decode("utf-8", errors="replace")


def _header_problems(name: str, header: Sequence[str]) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for cell in header:
        if cell in seen:
            problems.append(_problem(name, 1, cell, cell, "E102", "the column appears twice",
                "delete one of the two columns"))
        seen.add(cell)
        if cell not in COLUMNS:
            problems.append(_problem(name, 1, cell, cell, "E102", "unknown column",
                f"rename or delete it; the columns are: {', '.join(COLUMNS)}"))
    for column in COLUMNS:
        if column not in seen:
            problems.append(_problem(name, 1, column, "", "E101", "missing column",
                "add the column to the header (an empty column is fine for optional ones)"))
    return problems


def _problem(file: str, line: int, column: str, value: str, code: str, message: str,
             hint: str) -> Problem:
    return Problem(file, line, column, value, code, message, hint)


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
