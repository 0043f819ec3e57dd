"""Errors that nusalingo raises, each with a code and a hint on what to do.

Every error names what went wrong, shows the offending value, and says how
to fix it, in the manner of spaCy's coded errors. The codes are stable so that
users can search for them.

>>> err = LexiconFormatError([Problem("a.tsv", 3, "category", "abrev", "E104",
...     "unknown category", "use one of: abbreviation, ...")])
>>> print(err)  # doctest: +NORMALIZE_WHITESPACE
a.tsv:3: column 'category': unknown category (value 'abrev') [E104]
  -> use one of: abbreviation, ...
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


class NusalingoError(Exception):
    """Base class of every error nusalingo raises on purpose."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in a lexicon file, pinned to file, line and column.

    ``line`` is 1-based and counts the header as line 1; 0 means the problem
    concerns the whole file. ``severity`` is ``"error"`` or ``"warning"``.
    """

    file: str
    line: int
    column: str
    value: str
    code: str
    message: str
    hint: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        col = f" column '{self.column}':" if self.column else ""
        value = f" (value {self.value!r})" if self.value != "" else ""
        tag = "" if self.severity == "error" else f" {self.severity}"
        text = f"{where}:{col} {self.message}{value} [{self.code}{tag}]"
        if self.hint:
            text += f"\n  -> {self.hint}"
        return text

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view, for ``--json`` output and the editor."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "value": self.value,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
            "severity": self.severity,
        }


class LexiconFormatError(NusalingoError, ValueError):
    """A lexicon file could not be loaded because it has errors.

    ``problems`` holds every problem found, so a caller can show them all at
    once instead of making the user fix one and rerun.
    """

    max_shown = 20

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(self._render())

    def _render(self) -> str:
        shown = [str(p) for p in self.problems[: self.max_shown]]
        more = len(self.problems) - len(shown)
        if more > 0:
            shown.append(
                f"... and {more} more; run 'nusalingo lexicon validate' to see them all"
            )
        return "\n".join(shown)


class ConflictError(NusalingoError):
    """An entry changed on disk since the caller read it.

    Carries both versions so that a user interface can show them side by side
    and offer to merge or retry; nothing has been written.
    """

    def __init__(
        self,
        entry_id: str,
        expected_version: int,
        current: Mapping[str, str] | None,
        attempted: Mapping[str, str] | None,
        changed_by: str = "",
        changed_at: str = "",
    ) -> None:
        self.entry_id = entry_id
        self.expected_version = expected_version
        self.current = dict(current) if current is not None else None
        self.attempted = dict(attempted) if attempted is not None else None
        self.changed_by = changed_by
        self.changed_at = changed_at
        if current is None:
            what = f"entry {entry_id} was deleted"
        else:
            what = (
                f"entry {entry_id} is at version {current.get('version')}, "
                f"you edited version {expected_version}"
            )
        who = f" by {changed_by}" if changed_by else ""
        when = f" at {changed_at}" if changed_at else ""
        diff = ""
        if current is not None and attempted is not None:
            lines = [
                f"  {key}: theirs {current.get(key, '')!r} / yours {attempted.get(key, '')!r}"
                for key in sorted(set(current) | set(attempted))
                if key != "version" and current.get(key, "") != attempted.get(key, "")
            ]
            if lines:
                diff = "\nDifferences:\n" + "\n".join(lines)
        super().__init__(
            f"Conflict [E201]: {what}; it was changed{who}{when}. Nothing was saved. "
            f"Reload the entry, merge your changes into the current version and save again."
            f"{diff}"
        )


class EntryNotFoundError(NusalingoError, KeyError):
    """No entry with the given id exists in the lexicon file."""

    def __init__(self, entry_id: str, path: str) -> None:
        self.entry_id = entry_id
        self.path = path
        super().__init__(
            f"No entry with id {entry_id!r} in {path} [E202]. "
            f"Check the id with 'nusalingo lexicon history {path}' or search in the editor."
        )

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return str(self.args[0])


class ReviewPermissionError(NusalingoError, PermissionError):
    """Someone tried to review an entry they authored, or lacks the role to."""


class LockTimeoutError(NusalingoError, TimeoutError):
    """Another process held the lexicon's lock for too long."""
