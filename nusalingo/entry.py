"""One sense of an informal form: a row of a lexicon file.

Entries are immutable (named tuples: a change makes a new entry with
``entry.replace(...)``), which is what lets a ``Lexicon`` and a ``Normalizer``
be shared between threads and processes without copies; a tuple is also what
makes reading a 50,000-row lexicon quick.

>>> e = Entry(id="core-1", informal="gk", formal="tidak", category="disemvoweling")
>>> e.key, e.words
('gk', ('gk',))
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from typing import Any, NamedTuple

from nusalingo.schema import COLUMNS, SELF_MAPPING_CATEGORIES


def form_key(text: str) -> str:
    """The key under which a form is looked up: lower case, single spaces."""
    return " ".join(text.lower().split())


class Entry(NamedTuple):
    """A lexicon row. Field names are the column names of the file format."""

    id: str = ""
    informal: str = ""
    formal: str = ""
    colloquial: str = ""
    category: str = ""
    context: str = ""
    pos: str = ""
    region: str = ""
    register: str = ""
    frequency: str = ""
    example: str = ""
    example_formal: str = ""
    note: str = ""
    source: str = ""
    status: str = "proposed"
    author: str = ""
    created: str = ""
    reviewer: str = ""
    reviewed: str = ""
    review_note: str = ""
    version: int = 1

    @property
    def key(self) -> str:
        """The informal form as it is looked up: lower case, single spaces."""
        return form_key(self.informal)

    @property
    def words(self) -> tuple[str, ...]:
        """The informal form's words, lower case."""
        return tuple(self.key.split(" "))

    @property
    def is_default(self) -> bool:
        """A sense without a context is the form's default sense."""
        return not self.context

    @property
    def changes_form(self) -> bool:
        """False for rows that only protect or name a form (``keep``, a particle's own spelling)."""
        return not (
            self.category in SELF_MAPPING_CATEGORIES and form_key(self.formal) == self.key
        )

    def target(self, level: str) -> str:
        """The replacement at a register level: ``formal`` or ``colloquial``."""
        if level == "colloquial" and self.colloquial:
            return self.colloquial
        return self.formal

    def to_row(self) -> dict[str, str]:
        """The row as written to disk, every value a string."""
        return dict(zip(COLUMNS, map(str, self), strict=True))

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Entry:
        """Build an entry from a mapping of column names to values.

        Unknown keys are ignored and a version that is not a number becomes 0,
        which the validator reports; parsing itself never fails, so a broken
        file can still be opened and repaired.
        """
        values = {name: _text(row.get(name, "")) for name in COLUMNS if name != "version"}
        raw_version = _text(row.get("version", "1")) or "1"
        version = int(raw_version) if raw_version.isdigit() else 0
        return cls(**values, version=version)

    def replace(self, **changes: Any) -> Entry:
        """A copy with some fields changed."""
        return self._replace(**changes)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):  # a missing value from a DataFrame
        return ""
    return str(value)


def resolve_senses(
    layers: Iterable[Iterable[Entry]], statuses: Collection[str]
) -> dict[str, tuple[Entry, ...]]:
    """Merge lexicon layers: for each form, the senses of the last layer that has any.

    Only senses whose status is in ``statuses`` count, so a later layer's
    proposed sense does not hide an earlier verified one unless proposed
    senses are in use.

    >>> core = [Entry(id="c-1", informal="gw", formal="saya", status="verified")]
    >>> team = [Entry(id="t-1", informal="gw", formal="aku", status="verified")]
    >>> resolve_senses([core, team], {"verified"})["gw"][0].formal
    'aku'
    """
    merged: dict[str, tuple[Entry, ...]] = {}
    for layer in layers:
        groups: dict[str, list[Entry]] = {}
        for entry in layer:
            if entry.status in statuses and entry.key:
                groups.setdefault(entry.key, []).append(entry)
        merged.update({key: tuple(senses) for key, senses in groups.items()})
    return merged
