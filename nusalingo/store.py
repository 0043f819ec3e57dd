"""The one way entries change: locked, version-checked, atomic, recorded.

Every write takes a cross-process lock on the lexicon, re-reads the file,
checks that the entry is still at the version the caller saw, validates the
result, replaces the file atomically and appends a record (who, when, before,
after) to the history file beside it. Two editors saving the same entry
never overwrite each other silently: the second gets a
:class:`~nusalingo.errors.ConflictError` with both versions.

>>> import tempfile, pathlib
>>> store = LexiconStore(pathlib.Path(tempfile.mkdtemp()) / "team.tsv")
>>> e = store.add(informal="gk", formal="tidak", category="disemvoweling", author="ana")
>>> e.id, e.status, e.version
('team-1', 'proposed', 1)
>>> store.verify(e.id, reviewer="budi").status
'verified'
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import filelock

from nusalingo.entry import Entry
from nusalingo.errors import (
    ConflictError,
    EntryNotFoundError,
    LexiconFormatError,
    LockTimeoutError,
    NusalingoError,
    Problem,
    ReviewPermissionError,
)
from nusalingo.schema import COLUMNS
from nusalingo.tsv import LexiconFile, id_parts, read_file, write_entries
from nusalingo.validation import between_rows, row_problems

#: Fields a linguist edits; the others belong to the store and to review.
EDITABLE = (
    "informal", "formal", "colloquial", "category", "context", "pos", "region", "register",
    "frequency", "example", "example_formal", "note", "source",
)
#: Editing one of these on a reviewed entry sends it back to review.
SUBSTANTIVE = ("informal", "formal", "colloquial", "category", "context")

#: Problems that mean some lines could not be parsed: rewriting would lose them.
_UNPARSED = {"E090", "E097", "E098", "E099", "E101", "E102", "E103"}


def now() -> str:
    """The current UTC time as the store writes it."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def history_path_for(path: str | Path) -> Path:
    """``lexicons/core.tsv`` keeps its history in ``lexicons/core.history.jsonl``."""
    path = Path(path)
    return path.with_name(f"{path.stem}.history.jsonl")


@dataclass(frozen=True, slots=True)
class HistoryRecord:
    """One recorded change: who did what to which entry, and when."""

    time: str
    user: str
    action: str
    id: str
    before: dict[str, str] | None
    after: dict[str, str] | None
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The JSON form written to the history file."""
        return {
            "time": self.time, "user": self.user, "action": self.action, "id": self.id,
            "before": self.before, "after": self.after, "note": self.note,
        }

    @property
    def version(self) -> int:
        """The entry's version after the change (before it, for a delete)."""
        row = self.after or self.before or {}
        value = str(row.get("version", "0"))
        return int(value) if value.isdigit() else 0


class LexiconStore:
    """Safe concurrent edits of one lexicon file.

    Safe to use from several processes and threads at once: the lock is a
    file lock, and the store keeps no cached copy of the entries.
    """

    def __init__(self, path: str | os.PathLike[str], *, lock_timeout: float = 10.0) -> None:
        self.path = Path(path)
        self.history_path = history_path_for(self.path)
        self.lock_timeout = lock_timeout
        self._lock = filelock.FileLock(
            str(self.path.with_name(f".{self.path.name}.lock")), timeout=lock_timeout
        )

    # -- reading ---------------------------------------------------------------------------------

    def read(self) -> LexiconFile:
        """The file as it is now (no lock needed: the file is always replaced whole)."""
        if not self.path.exists():
            return LexiconFile(self.path)
        return read_file(self.path)

    def entries(self) -> tuple[Entry, ...]:
        """All entries of the file, in file order."""
        return self.read().entries

    def get(self, entry_id: str) -> Entry:
        """The entry with this id, as it is on disk now."""
        for entry in self.entries():
            if entry.id == entry_id:
                return entry
        raise EntryNotFoundError(entry_id, str(self.path))

    def history(self, entry_id: str | None = None) -> list[HistoryRecord]:
        """Recorded changes, oldest first; of one entry when ``entry_id`` is given.

        A last line torn by a crash is skipped; nothing else is.
        """
        return [r for r in self._history_records() if entry_id is None or r.id == entry_id]

    # -- writing ---------------------------------------------------------------------------------

    def add(self, *, author: str, **fields: str) -> Entry:
        """Add a new entry (status ``proposed`` unless given) and return it with its id."""
        return self.add_many([fields], author=author)[0]

    def add_many(
        self, rows: Sequence[Mapping[str, str]], *, author: str, action: str = "add", note: str = ""
    ) -> list[Entry]:
        """Add several entries in one write (an import); each gets its own history record."""
        _require_name(author, "author")
        with self._locked() as current:
            entries = list(current.entries)
            prefix = self._prefix(entries)
            number = self._max_number(entries, prefix)
            stamp = now()
            added: list[Entry] = []
            for fields in rows:
                unknown = set(fields) - set(EDITABLE) - {"status"}
                if unknown:
                    raise NusalingoError(
                        f"Cannot set {', '.join(sorted(unknown))} when adding [E203]; "
                        f"the store sets id, author, dates and version. "
                        f"Settable: {', '.join(EDITABLE)}."
                    )
                number += 1
                entry = Entry.from_row({
                    **{k: str(v).strip() for k, v in fields.items()},
                    "id": f"{prefix}-{number}", "author": author, "created": stamp,
                    "status": fields.get("status", "proposed"), "version": "1",
                })
                if entry.status != "proposed":
                    raise NusalingoError(
                        "New entries start as 'proposed' [E204]; verify them with "
                        "'nusalingo lexicon verify' (by someone other than the author)."
                    )
                added.append(entry)
            self._commit(current, entries + added,
                         [HistoryRecord(stamp, author, action, e.id, None, e.to_row(), note)
                          for e in added], changed=[e.id for e in added])
        return added

    def edit(self, entry_id: str, changes: Mapping[str, str] | None = None, *, author: str,
             expected_version: int, keep_status: bool = False, **fields: str) -> Entry:
        """Change fields (``changes`` and/or keywords) of an entry seen at ``expected_version``.

        Changing the mapping of a verified or rejected entry (informal, formal,
        colloquial, category or context) sends it back to ``proposed``, since
        its review no longer applies; ``keep_status=True`` keeps it.
        """
        _require_name(author, "author")
        changes = {**(changes or {}), **fields}
        bad = set(changes) - set(EDITABLE)
        if bad:
            raise NusalingoError(
                f"Cannot edit {', '.join(sorted(bad))} [E203]; use verify or reject for review "
                f"fields. Editable: {', '.join(EDITABLE)}."
            )

        def change(entry: Entry) -> Entry:
            updated = entry.replace(**{k: str(v).strip() for k, v in changes.items()})
            substantive = any(getattr(updated, f) != getattr(entry, f) for f in SUBSTANTIVE)
            if substantive and entry.status != "proposed" and not keep_status:
                updated = updated.replace(status="proposed", reviewer="", reviewed="",
                                          review_note="")
            return updated

        return self._update(entry_id, expected_version, author, "edit", change)

    def verify(self, entry_id: str, *, reviewer: str, expected_version: int | None = None,
               note: str = "") -> Entry:
        """Mark an entry verified. The reviewer may not be its author."""
        return self._review(entry_id, reviewer, expected_version, "verified", note)

    def reject(self, entry_id: str, *, reviewer: str, reason: str,
               expected_version: int | None = None) -> Entry:
        """Mark an entry rejected, with a reason. The reviewer may not be its author."""
        if not reason.strip():
            raise NusalingoError("A rejection needs a reason [E205]: say why, for the author.")
        return self._review(entry_id, reviewer, expected_version, "rejected", reason)

    def delete(self, entry_id: str, *, author: str, expected_version: int) -> Entry:
        """Remove an entry; its id is never given out again. Returns the removed entry."""
        _require_name(author, "author")
        with self._locked() as current:
            entry = self._checked(current, entry_id, expected_version, None)
            kept = [e for e in current.entries if e.id != entry_id]
            self._commit(current, kept,
                         [HistoryRecord(now(), author, "delete", entry_id, entry.to_row(), None)],
                         changed=[])
        return entry

    def restore(self, entry_id: str, version: int, *, author: str,
                expected_version: int | None = None) -> Entry:
        """Bring an entry back to how it was at ``version``, as a new recorded change.

        Works for deleted entries too; the restored entry keeps its id.
        """
        _require_name(author, "author")
        past = next(
            (r.after for r in self.history(entry_id) if r.after and r.version == version), None
        )
        if past is None:
            raise NusalingoError(
                f"No version {version} of {entry_id} in {self.history_path} [E206]; "
                f"'nusalingo lexicon history {self.path} {entry_id}' lists the versions."
            )
        with self._locked() as current:
            existing = next((e for e in current.entries if e.id == entry_id), None)
            if existing is not None and expected_version is not None \
                    and existing.version != expected_version:
                raise self._conflict(existing, expected_version, past)
            base = existing.version if existing is not None else max(
                (r.version for r in self.history(entry_id)), default=0)
            restored = Entry.from_row({**past, "version": str(base + 1)})
            others = [e for e in current.entries if e.id != entry_id]
            self._commit(current, [*others, restored],
                         [HistoryRecord(now(), author, "restore", entry_id,
                                        existing.to_row() if existing else None,
                                        restored.to_row(), f"restored version {version}")],
                         changed=[entry_id])
        return restored

    # -- internals -------------------------------------------------------------------------------

    def _review(self, entry_id: str, reviewer: str, expected_version: int | None, status: str,
                note: str) -> Entry:
        _require_name(reviewer, "reviewer")

        def change(entry: Entry) -> Entry:
            if entry.author == reviewer:
                raise ReviewPermissionError(
                    f"{reviewer} wrote entry {entry_id} and cannot review it [E207]; "
                    "ask another reviewer."
                )
            return entry.replace(status=status, reviewer=reviewer, reviewed=now(),
                                 review_note=note.strip())

        action = "verify" if status == "verified" else "reject"
        return self._update(entry_id, expected_version, reviewer, action, change, note)

    def _update(self, entry_id: str, expected_version: int | None, user: str, action: str,
                change: Callable[[Entry], Entry], note: str = "") -> Entry:
        with self._locked() as current:
            entry = self._checked(current, entry_id, expected_version, None)
            updated = change(entry)
            updated = updated.replace(version=entry.version + 1)
            entries = [updated if e.id == entry_id else e for e in current.entries]
            self._commit(current, entries,
                         [HistoryRecord(now(), user, action, entry_id, entry.to_row(),
                                        updated.to_row(), note)],
                         changed=[entry_id])
        return updated

    def _checked(self, current: LexiconFile, entry_id: str, expected_version: int | None,
                 attempted: Mapping[str, str] | None) -> Entry:
        entry = next((e for e in current.entries if e.id == entry_id), None)
        if entry is None:
            deleted = [r for r in self.history(entry_id) if r.action == "delete"]
            if deleted and expected_version is not None:
                last = deleted[-1]
                raise ConflictError(entry_id, expected_version, None, attempted,
                                    last.user, last.time)
            raise EntryNotFoundError(entry_id, str(self.path))
        if expected_version is not None and entry.version != expected_version:
            raise self._conflict(entry, expected_version, attempted)
        return entry

    def _conflict(self, entry: Entry, expected_version: int,
                  attempted: Mapping[str, str] | None) -> ConflictError:
        last = next((r for r in reversed(self.history(entry.id))), None)
        return ConflictError(entry.id, expected_version, entry.to_row(), attempted,
                             last.user if last else "", last.time if last else "")

    @contextmanager
    def _locked(self) -> Iterator[LexiconFile]:
        try:
            self._lock.acquire()
        except filelock.Timeout as exc:
            raise LockTimeoutError(
                f"{self.path} stayed locked for {self.lock_timeout} s [E208]: another save is "
                f"running or hung. Try again; if it persists, check for a stuck process."
            ) from exc
        try:
            for stale in self.path.parent.glob(f".{self.path.name}.*.tmp"):
                stale.unlink(missing_ok=True)  # left by a writer that died; we hold the lock
            current = self.read()
            unparsed = [p for p in current.problems if p.code in _UNPARSED]
            if unparsed and self.path.exists():
                raise LexiconFormatError(unparsed)
            yield current
        finally:
            self._lock.release()

    def _commit(self, before: LexiconFile, entries: list[Entry], records: list[HistoryRecord],
                changed: Iterable[str]) -> None:
        """Validate what this change introduces, then write the file and the history."""
        self._reject_new_problems(before, entries, set(changed))
        write_entries(self.path, entries)
        self._append_history(records)

    def _reject_new_problems(self, before: LexiconFile, entries: list[Entry],
                             changed: set[str]) -> None:
        def signature(p: Problem) -> tuple[str, str, str, str]:
            return (p.code, p.column, p.value, p.message)

        # rows on their own: only the changed ones; between rows: the whole file, before and
        # after, so that only what this change introduces is refused
        touched = [e for e in entries if e.id in changed]
        after = LexiconFile(self.path, tuple(entries), (), tuple(range(2, len(entries) + 2)))
        found = [p for p in between_rows([after], warnings=False) if p.severity == "error"]
        # the file as it was is checked only when needed, to spare a large file a second pass
        old = {signature(p) for p in between_rows([before], warnings=False)} \
            if found and before.entries else set()
        ids_by_line = {line: e.id for e, line in zip(after.entries, after.lines, strict=True)}
        new = [
            # point at the entry, not at a line of a file not yet written
            dataclasses.replace(p, line=0, file=f"{self.path.name} ({ids_by_line.get(p.line)})")
            for p in found if signature(p) not in old
        ]
        new = [dataclasses.replace(p, file=f"{self.path.name} ({e.id})")
               for e in touched for p in row_problems(e.to_row(), self.path.name, 0)
               if p.severity == "error"] + new
        if new:
            raise LexiconFormatError(_unique(new))

    def _append_history(self, records: Sequence[HistoryRecord]) -> None:
        if not records:
            return
        text = "".join(json.dumps(r.as_dict(), ensure_ascii=False) + "\n" for r in records)
        with open(self.history_path, "a", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())

    def _history_records(self) -> list[HistoryRecord]:
        if not self.history_path.exists():
            return []
        records = []
        with open(self.history_path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                try:
                    data = json.loads(line)
                    records.append(HistoryRecord(
                        data["time"], data["user"], data["action"], data["id"],
                        data.get("before"), data.get("after"), data.get("note", "")))
                except (ValueError, KeyError, TypeError):
                    continue  # a line torn by a crash mid-append
        return records

    def _prefix(self, entries: Sequence[Entry]) -> str:
        prefixes = Counter(p[0] for e in entries if (p := id_parts(e.id)))
        if prefixes:
            return prefixes.most_common(1)[0][0]
        stem = re.sub(r"[^a-z0-9_]", "_", self.path.stem.lower()).strip("_") or "lex"
        return stem if stem[0].isalpha() else f"x{stem}"

    def _max_number(self, entries: Sequence[Entry], prefix: str) -> int:
        """The highest number ever given out with this prefix, deleted entries included."""
        numbers = [p[1] for e in entries if (p := id_parts(e.id)) and p[0] == prefix]
        if self.history_path.exists():
            pattern = re.compile(rf'"id": "{re.escape(prefix)}-(\d+)"')
            text = self.history_path.read_text(encoding="utf-8", errors="replace")
            numbers += [int(n) for n in pattern.findall(text)]
        return max(numbers, default=0)


def _require_name(name: str, role: str) -> None:
    if not name or not name.strip() or name != name.strip() or "\t" in name or "\n" in name:
        raise NusalingoError(
            f"A {role} name is required [E209] (got {name!r}): every change is attributed."
        )


def _unique(problems: Sequence[Problem]) -> list[Problem]:
    seen: set[tuple[str, str, str, str]] = set()
    out = []
    for p in problems:
        key = (p.code, p.column, p.value, p.message)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


__all__ = ["COLUMNS", "HistoryRecord", "LexiconStore", "history_path_for", "now"]
