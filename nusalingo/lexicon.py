"""A stack of lexicon files, read-only, with lookup by informal form.

``load_lexicon()`` is the one way in: with no arguments it loads the shipped
lexicons (after a normal or an editable install alike), otherwise the files
and folders given, in order, later ones overriding earlier ones form by form.

>>> lex = load_lexicon()
>>> lex.lookup("GK")[0].formal
'tidak'
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nusalingo.entry import Entry, form_key, resolve_senses
from nusalingo.errors import LexiconFormatError, NusalingoError, Problem
from nusalingo.schema import COLUMNS
from nusalingo.tsv import LexiconFile, read_file
from nusalingo.validation import expand_paths, stack_problems

if TYPE_CHECKING:
    import pandas as pd

VERIFIED = frozenset({"verified"})
VERIFIED_AND_PROPOSED = frozenset({"verified", "proposed"})


def shipped_lexicon_dir() -> Path:
    """The folder of the shipped lexicons.

    A wheel carries them inside the package (``nusalingo/_lexicons``); a source
    checkout or an editable install uses ``lexicons/`` beside the package.
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / "_lexicons", here.parent / "lexicons"):
        if any(candidate.glob("*.tsv")):
            return candidate
    raise NusalingoError(
        f"The shipped lexicons were not found in {here / '_lexicons'} or "
        f"{here.parent / 'lexicons'} [E091]. Reinstall nusalingo, or pass lexicon paths."
    )


class Lexicon:
    """An immutable stack of lexicon files.

    Iterating gives every entry of every file, whatever its status; lookups
    give the senses in effect (verified, optionally proposed), after later
    files have overridden earlier ones.
    """

    def __init__(self, files: Sequence[LexiconFile], problems: Sequence[Problem] = ()) -> None:
        self._files = tuple(files)
        self._problems = tuple(problems)
        self._entries = tuple(e for f in self._files for e in f.entries)
        self._by_id = {e.id: e for e in self._entries}
        self._origin = {e.id: f.name for f in self._files for e in f.entries}
        self._senses = {
            statuses: resolve_senses((f.entries for f in self._files), statuses)
            for statuses in (VERIFIED, VERIFIED_AND_PROPOSED)
        }

    @property
    def files(self) -> tuple[LexiconFile, ...]:
        """The layers, in stack order."""
        return self._files

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Problems found when loading with ``strict=False``."""
        return self._problems

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._entries)

    def __repr__(self) -> str:
        names = ", ".join(f.name for f in self._files)
        return f"<Lexicon {len(self)} entries from {names or 'memory'}>"

    def get(self, entry_id: str) -> Entry | None:
        """The entry with this id, or ``None``."""
        return self._by_id.get(entry_id)

    def origin(self, entry_id: str) -> str:
        """The name of the file an entry comes from."""
        return self._origin.get(entry_id, "")

    def senses(self, *, include_proposed: bool = False) -> dict[str, tuple[Entry, ...]]:
        """Every form (lower case) with its senses in effect. Do not modify the result."""
        return self._senses[VERIFIED_AND_PROPOSED if include_proposed else VERIFIED]

    def lookup(self, form: str, *, include_proposed: bool = False) -> tuple[Entry, ...]:
        """The senses in effect for an informal form, ignoring case; empty if none."""
        return self.senses(include_proposed=include_proposed).get(form_key(form), ())

    def to_dataframe(self) -> pd.DataFrame:
        """All entries as a DataFrame, one row per entry, plus the ``lexicon`` it comes from."""
        import pandas as pd

        rows = [{**e.to_row(), "lexicon": self.origin(e.id)} for e in self._entries]
        frame = pd.DataFrame(rows, columns=[*COLUMNS, "lexicon"])
        return frame.astype({"version": "int64"})

    @classmethod
    def from_dataframe(cls, frame: pd.DataFrame, name: str = "dataframe.tsv") -> Lexicon:
        """A one-layer lexicon from a DataFrame with the lexicon columns (validated)."""
        missing = [c for c in ("informal", "formal") if c not in frame.columns]
        if missing:
            raise NusalingoError(
                f"The DataFrame lacks the column(s) {', '.join(missing)} [E092]; "
                f"it has: {', '.join(map(str, frame.columns))}."
            )
        records: list[dict[str, Any]] = frame.to_dict("records")  # type: ignore[assignment]
        return cls.from_entries((Entry.from_row(r) for r in records), name=name)

    @classmethod
    def from_entries(cls, entries: Iterable[Entry], name: str = "memory.tsv") -> Lexicon:
        """A one-layer lexicon from entries in memory (validated like a file)."""
        items = tuple(entries)
        layer = LexiconFile(
            Path(name),
            items,
            tuple(e.to_row() for e in items),
            tuple(range(2, len(items) + 2)),
        )
        problems = stack_problems([layer])
        _raise_on_errors(problems)
        return cls([layer], problems)


def load_lexicon(*paths: str | os.PathLike[str], strict: bool = True) -> Lexicon:
    """Load lexicon files and folders in order; no paths means the shipped lexicons.

    With ``strict`` (the default) any validation error raises
    :class:`~nusalingo.errors.LexiconFormatError` listing the problems; with
    ``strict=False`` the lexicon loads what it can and keeps them in
    ``.problems`` (the editor does this, to let people repair a file).
    """
    chosen = expand_paths([Path(p) for p in paths] or [shipped_lexicon_dir()])
    if not chosen:
        raise NusalingoError(f"No lexicon files (*.tsv) in {', '.join(map(str, paths))} [E093].")
    files = [read_file(p) for p in chosen]
    problems = stack_problems(files)
    if strict:
        _raise_on_errors(problems)
    return Lexicon(files, problems)


def _raise_on_errors(problems: Sequence[Problem]) -> None:
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise LexiconFormatError(errors)
