"""Who may do what: contributors propose, reviewers review others' entries, admins do all.

Each check returns ``None`` when the action is allowed, or the reason it is
not, in words the page shows beside the disabled button.

>>> dewi = User("dewi", "contributor")
>>> why_not_review(dewi, Entry(id="t-1", author="budi"))
'Reviewing needs the reviewer or admin role; dewi is a contributor.'
>>> why_not_review(User("budi", "reviewer"), Entry(id="t-1", author="budi"))
'budi wrote t-1; another reviewer must verify or reject it.'
"""

from __future__ import annotations

from dataclasses import dataclass

from nusalingo.entry import Entry

CONTRIBUTOR, REVIEWER, ADMIN = "contributor", "reviewer", "admin"
ROLES = (CONTRIBUTOR, REVIEWER, ADMIN)
ROLE_HELP = {
    CONTRIBUTOR: "propose entries and edit their own proposals",
    REVIEWER: "also verify, reject and edit anyone's entries (not their own reviews)",
    ADMIN: "everything, including restoring deleted entries",
}


@dataclass(frozen=True, slots=True)
class User:
    """The person using this session: the name written to the history, and their role."""

    name: str
    role: str
    how: str = "local"  # "local", "password" or "oidc"

    @property
    def reviews(self) -> bool:
        """May review entries (not their own)."""
        return self.role in (REVIEWER, ADMIN)


def nobody_reason(team: bool) -> str:
    """Why an anonymous session cannot write."""
    if team:
        return "Sign in (in the sidebar) to make changes; every change is recorded with its author."
    return "Enter your name in the sidebar first: every change is recorded with who made it."


def why_not_add(user: User | None, *, team: bool = False) -> str | None:
    """May this user propose new entries?"""
    return nobody_reason(team) if user is None else None


def why_not_edit(user: User | None, entry: Entry, *, team: bool = False) -> str | None:
    """May this user change an existing entry?"""
    if user is None:
        return nobody_reason(team)
    if user.role in (REVIEWER, ADMIN):
        return None
    if entry.author != user.name:
        return (f"{entry.id} was written by {entry.author}; a contributor edits only their own "
                f"proposals. Ask a reviewer, or propose a new sense.")
    if entry.status != "proposed":
        return (f"{entry.id} is {entry.status}; only a reviewer or admin changes reviewed "
                f"entries.")
    return None


def why_not_review(user: User | None, entry: Entry, *, team: bool = False) -> str | None:
    """May this user verify or reject this entry?"""
    if user is None:
        return nobody_reason(team)
    if not user.reviews:
        return f"Reviewing needs the reviewer or admin role; {user.name} is a {user.role}."
    if entry.author == user.name:
        return f"{user.name} wrote {entry.id}; another reviewer must verify or reject it."
    return None


def why_not_restore(user: User | None, entry: Entry | None, *, team: bool = False) -> str | None:
    """May this user bring an entry back to an earlier version (``entry`` None: deleted)?"""
    if user is None:
        return nobody_reason(team)
    if entry is None:
        return None if user.role == ADMIN else \
            f"Restoring a deleted entry needs the admin role; {user.name} is a {user.role}."
    return why_not_edit(user, entry, team=team)
