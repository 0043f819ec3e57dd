"""Writes from the editor, each through the store, with every failure turned into a message.

A page calls one of these and shows the :class:`Outcome`: a success, a
conflict (with both versions, for the page to offer a merge), the problems
the change would cause (pinned to fields), or a plain explanation. Nothing
here raises for something a user did; nothing is written when it fails.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

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
from nusalingo.store import LexiconStore
from nusalingo.ui.permissions import (
    User,
    why_not_add,
    why_not_edit,
    why_not_restore,
    why_not_review,
)


@dataclass(frozen=True)
class Outcome:
    """What became of a write."""

    ok: bool
    message: str
    entry: Entry | None = None
    conflict: ConflictError | None = None
    problems: tuple[Problem, ...] = field(default=())


def _run(store: LexiconStore, action: Callable[[], Entry],
         success: Callable[[Entry], str]) -> Outcome:
    try:
        entry = action()
    except ConflictError as exc:
        who = f" by {exc.changed_by}" if exc.changed_by else ""
        when = f" at {exc.changed_at}" if exc.changed_at else ""
        if exc.current is None:
            text = (f"{exc.entry_id} was deleted{who}{when} while you worked on it. "
                    f"Nothing was saved; your version is kept.")
        else:
            text = (f"{exc.entry_id} was changed{who}{when} while you worked on it: you started "
                    f"from version {exc.expected_version}, it is now at version "
                    f"{exc.current.get('version')}. Nothing was saved; your version is kept.")
        return Outcome(False, text, conflict=exc)
    except LexiconFormatError as exc:
        return Outcome(False, "The change would make the lexicon invalid, so nothing was saved. "
                              "Fix the problems listed and save again.",
                       problems=tuple(exc.problems))
    except (ReviewPermissionError, EntryNotFoundError, LockTimeoutError) as exc:
        return Outcome(False, str(exc).strip("'\""))
    except NusalingoError as exc:
        return Outcome(False, str(exc))
    except OSError as exc:
        return Outcome(False, f"Could not write {store.path}: {exc.strerror or exc}. Nothing was "
                              f"changed; check that the folder is writable and try again.")
    return Outcome(True, success(entry), entry)


def _refused(reason: str) -> Outcome:
    return Outcome(False, reason)


def add(store: LexiconStore, user: User | None, fields: Mapping[str, str], *,
        team: bool = False) -> Outcome:
    """Propose a new entry in ``store``'s file."""
    reason = why_not_add(user, team=team)
    if reason or user is None:
        return _refused(reason or "")
    values = {k: v for k, v in fields.items() if v != ""}
    return _run(store, lambda: store.add(author=user.name, **values),
                lambda e: f"Saved {e.id}: {e.informal} → {e.formal} (proposed) in "
                          f"{store.path.name}.")


def edit(store: LexiconStore, user: User | None, entry: Entry, changes: Mapping[str, str],
         expected_version: int, *, team: bool = False) -> Outcome:
    """Change fields of ``entry``, which the user saw at ``expected_version``."""
    reason = why_not_edit(user, entry, team=team)
    if reason or user is None:
        return _refused(reason or "")
    changed = {k: v for k, v in changes.items() if str(getattr(entry, k)) != v}
    if not changed and entry.version == expected_version:
        return Outcome(True, f"{entry.id} has no changes to save.", entry)
    return _run(store, lambda: store.edit(entry.id, changed, author=user.name,
                                          expected_version=expected_version),
                lambda e: f"Saved {e.id} (version {e.version}, {e.status}).")


def verify(store: LexiconStore, user: User | None, entry: Entry, *, note: str = "",
           team: bool = False) -> Outcome:
    """Accept ``entry`` as seen (its version must still be on disk)."""
    reason = why_not_review(user, entry, team=team)
    if reason or user is None:
        return _refused(reason or "")
    return _run(store, lambda: store.verify(entry.id, reviewer=user.name,
                                            expected_version=entry.version, note=note),
                lambda e: f"Verified {e.id}: {e.informal} → {e.formal}.")


def reject(store: LexiconStore, user: User | None, entry: Entry, reason_text: str, *,
           team: bool = False) -> Outcome:
    """Reject ``entry`` as seen, with a reason for its author."""
    reason = why_not_review(user, entry, team=team)
    if reason or user is None:
        return _refused(reason or "")
    if not reason_text.strip():
        return _refused("Give a reason for the rejection: the author reads it.")
    return _run(store, lambda: store.reject(entry.id, reviewer=user.name,
                                            reason=reason_text.strip(),
                                            expected_version=entry.version),
                lambda e: f"Rejected {e.id}: {e.informal} → {e.formal}.")


def restore(store: LexiconStore, user: User | None, entry_id: str, version: int,
            current: Entry | None, *, team: bool = False) -> Outcome:
    """Bring ``entry_id`` back to ``version`` (``current`` as seen now, None if deleted)."""
    reason = why_not_restore(user, current, team=team)
    if reason or user is None:
        return _refused(reason or "")
    expected = current.version if current is not None else None
    return _run(store, lambda: store.restore(entry_id, version, author=user.name,
                                             expected_version=expected),
                lambda e: f"Restored {e.id} to version {version} (now version {e.version}).")
