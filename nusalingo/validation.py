"""Checks that keep lexicons loadable, unambiguous and order-independent.

Two levels: :func:`row_problems` looks at one row on its own (used by the
store before every write and by the editor beside each field), and
:func:`stack_problems` at a stack of files (duplicate ids, senses that no
context tells apart, chains and cycles). Every problem names file, line,
column and value, and says what to do.

>>> from nusalingo.entry import Entry
>>> rows = [{"id": "x-1", "informal": "yg ", "formal": "yang"}]
>>> [p.code for p in row_problems(rows[0], "a.tsv", 2)][:2]
['E111', 'E110']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

import regex

from nusalingo.context import ContextSyntaxError, parse_context
from nusalingo.entry import Entry, form_key, resolve_senses
from nusalingo.errors import Problem
from nusalingo.schema import (
    CATEGORIES,
    COLUMNS,
    FREQUENCIES,
    POS_TAGS,
    REGIONS,
    REGISTERS,
    REQUIRED,
    SELF_MAPPING_CATEGORIES,
    STATUSES,
)
from nusalingo.tsv import LexiconFile, id_parts, read_file, sort_key

_CONTROL = regex.compile(r"[\p{Cc}\p{Zl}\p{Zp}]")

#: Statuses whose senses the normalizer may use, in any configuration.
ACTIVE_STATUSES = frozenset({"verified", "proposed"})

_CONTROLLED = {
    "category": (CATEGORIES, "E104"),
    "status": (STATUSES, "E105"),
    "register": (REGISTERS, "E106"),
    "region": (REGIONS, "E107"),
    "pos": (POS_TAGS, "E108"),
}


def row_problems(row: Mapping[str, str], file: str = "", line: int = 0) -> list[Problem]:
    """Problems of a single row, given as a mapping of column names to strings."""
    out: list[Problem] = []

    def add(column: str, code: str, message: str, hint: str, value: str | None = None) -> None:
        shown = row.get(column, "") if value is None else value
        out.append(Problem(file, line, column, shown, code, message, hint))

    for column in COLUMNS:
        value = row.get(column, "")
        if value != value.strip():
            add(column, "E111", "leading or trailing space", "remove the spaces around the value")
        if _has_control(value):
            add(column, "E112", "a tab, line break or control character in the value",
                "remove it; a value is one line of plain text")
        if column in REQUIRED and not value.strip():
            add(column, "E110", "required value is empty", f"fill in the '{column}' column")

    for column, (allowed, code) in _CONTROLLED.items():
        value = row.get(column, "")
        if value and value not in allowed:
            add(column, code, f"unknown {column}", f"use one of: {', '.join(allowed)}")
    frequency = row.get("frequency", "")
    if frequency and frequency not in FREQUENCIES:
        add("frequency", "E109", "frequency must be a whole number from 1 to 5",
            "use 1 (rare) to 5 (the usual spelling), or leave it empty")

    entry_id = row.get("id", "")
    if entry_id and id_parts(entry_id) is None:
        add("id", "E114", "malformed id", "use <prefix>-<number>, e.g. core-17")
    version = row.get("version", "")
    if version and not (version.isdigit() and int(version) > 0):
        add("version", "E115", "version must be a positive whole number",
            "start new rows at 1; the store raises it on every change")
    for column in ("created", "reviewed"):
        value = row.get(column, "")
        if value and not _is_timestamp(value):
            add(column, "E116", "not an ISO 8601 date or time",
                "write e.g. 2026-11-26 or 2026-11-26T09:30:00Z")

    informal = row.get("informal", "")
    if informal and "  " in informal.strip():
        add("informal", "E113", "several spaces in a row", "separate words by one space")
    if informal.strip() and not any(ch.isalnum() for ch in informal):
        add("informal", "E113", "the form has no letter or digit",
            "punctuation and emoji are never normalized; delete the row")
    if row.get("example") and not row.get("example_formal"):
        add("example_formal", "E117", "an example needs its formal rewrite",
            "write the formal rewrite of the example, or clear the example")

    category = row.get("category", "")
    formal = row.get("formal", "")
    same = bool(informal.strip()) and form_key(formal) == form_key(informal)
    if same and category not in SELF_MAPPING_CATEGORIES:
        add("formal", "E120", "the entry maps a form to itself",
            "use category 'keep' to protect a form, or write the formal form")
    if category == "keep" and formal and not same:
        add("formal", "E121", "a 'keep' entry must have formal equal to informal",
            "copy the informal form into 'formal', or pick another category")

    context = row.get("context", "")
    if context:
        try:
            parse_context(context)
        except ContextSyntaxError as exc:
            add("context", "E122", f"context does not parse: {exc}",
                "see 'Context conditions' in lexicons/README.md")

    status = row.get("status", "")
    if status in ("verified", "rejected"):
        if not row.get("reviewer"):
            add("reviewer", "E123", f"a {status} entry needs its reviewer",
                "review it with 'nusalingo lexicon verify' or 'reject', or set status to proposed")
        elif row.get("reviewer") == row.get("author"):
            add("reviewer", "E124", "the reviewer is the author",
                "someone other than the author must review the entry")
        if row.get("reviewer") and not row.get("reviewed"):
            add("reviewed", "E123", "a reviewed entry needs the review date",
                "fill in 'reviewed', e.g. 2026-11-26")
    if status == "rejected" and not row.get("review_note"):
        add("review_note", "E125", "a rejected entry needs a reason",
            "say in 'review_note' why it was rejected")
    return out


def file_problems(lexicon_file: LexiconFile) -> list[Problem]:
    """Format problems, row problems and within-file problems of one parsed file."""
    name = str(lexicon_file.path)
    problems = list(lexicon_file.problems)
    for row, line in zip(lexicon_file.rows, lexicon_file.lines, strict=True):
        problems += row_problems(row, name, line)
    problems += _within_file(lexicon_file)
    return problems


def stack_problems(files: Sequence[LexiconFile]) -> list[Problem]:
    """Every problem of a stack of files, each file checked alone and all of them together."""
    problems: list[Problem] = []
    for lexicon_file in files:
        problems += file_problems(lexicon_file)
    problems += _duplicate_ids(files)
    problems += _chains(files)
    problems += _overrides(files)
    return problems


def between_rows(files: Sequence[LexiconFile], *, warnings: bool = True) -> list[Problem]:
    """The problems between rows of a stack (duplicates, ambiguity, chains), without
    checking each row on its own: what the store re-checks after every change."""
    problems: list[Problem] = []
    for lexicon_file in files:
        problems += _within_file(lexicon_file)
    problems += _duplicate_ids(files) + _chains(files)
    return problems + _overrides(files) if warnings else problems


def validate_paths(paths: Iterable[str | Path]) -> list[Problem]:
    """Read and check files and folders (their ``*.tsv`` files), in stack order."""
    return stack_problems([read_file(p) for p in expand_paths(paths)])


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; folders become their ``*.tsv`` files in alphabetical order."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out += sorted(path.glob("*.tsv"))
        else:
            out.append(path)
    return out


def _within_file(lexicon_file: LexiconFile) -> list[Problem]:
    name = str(lexicon_file.path)
    problems: list[Problem] = []
    spellings: dict[str, tuple[str, int]] = {}
    senses: dict[str, list[tuple[Entry, int]]] = defaultdict(list)
    previous: Entry | None = None
    for entry, line in zip(lexicon_file.entries, lexicon_file.lines, strict=True):
        if previous is not None and sort_key(entry) < sort_key(previous):
            problems.append(Problem(name, line, "id", entry.id, "W151",
                "rows are not in id order", "the store rewrites them in order on the next save",
                severity="warning"))
        previous = entry
        if not entry.key:
            continue
        spelled = " ".join(entry.informal.split())
        first = spellings.setdefault(entry.key, (spelled, line))
        if first[0] != spelled:
            problems.append(Problem(name, line, "informal", entry.informal, "E131",
                f"the same form in another case as line {first[1]} ({first[0]!r})",
                "matching ignores case: keep one spelling, in lower case unless it is a name"))
        if entry.status in ACTIVE_STATUSES:
            senses[entry.key].append((entry, line))
    for group in senses.values():
        if len(group) < 2:
            continue
        defaults = [(e, ln) for e, ln in group if e.is_default]
        for entry, line in defaults[1:]:
            problems.append(Problem(name, line, "context", "", "E132",
                f"a second sense of {entry.informal!r} without a context "
                f"(line {defaults[0][1]} is the default)",
                "give this sense a context, or reject one of the two"))
        contexts: dict[str, int] = {}
        for entry, line in group:
            if not entry.context:
                continue
            if entry.context in contexts:
                problems.append(Problem(name, line, "context", entry.context, "E133",
                    f"the same context as line {contexts[entry.context]} for {entry.informal!r}",
                    "change one of the contexts so that the senses can be told apart"))
            contexts.setdefault(entry.context, line)
        if any(e.category == "keep" for e, _ in group):
            entry, line = next((e, ln) for e, ln in group if e.category != "keep")
            problems.append(Problem(name, line, "category", entry.category, "E134",
                f"{entry.informal!r} is both kept unchanged and changed",
                "delete the 'keep' row or this sense"))
    return problems


def _duplicate_ids(files: Sequence[LexiconFile]) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, tuple[str, int]] = {}
    for lexicon_file in files:
        for entry, line in zip(lexicon_file.entries, lexicon_file.lines, strict=True):
            if not entry.id:
                continue
            if entry.id in seen:
                where = seen[entry.id]
                problems.append(Problem(str(lexicon_file.path), line, "id", entry.id, "E130",
                    f"duplicate id, first used at {where[0]}:{where[1]}",
                    "ids are never reused: give this row a new id (the store assigns one)"))
            else:
                seen[entry.id] = (str(lexicon_file.path), line)
    return problems


def _chains(files: Sequence[LexiconFile]) -> list[Problem]:
    """Targets that are themselves rewritten, at either register level."""
    senses = resolve_senses([f.entries for f in files], ACTIVE_STATUSES)
    where = {
        entry.id: (str(f.path), line)
        for f in files
        for entry, line in zip(f.entries, f.lines, strict=True)
    }
    defaults = [(key, d) for key, group in senses.items()
                if (d := _default(group)) is not None and d.changes_form]
    rewrites: dict[str, dict[str, str]] = {"formal": {}, "colloquial": {}}
    for key, default in defaults:
        for level, table in rewrites.items():
            target = form_key(default.target(level))
            if target != key:
                table[key] = target
    longest = max((len(k.split(" ")) for k in rewrites["formal"]), default=1)
    problems: list[Problem] = []
    for group in senses.values():
        for entry in group:
            if not entry.changes_form:
                continue
            file, line = where.get(entry.id, ("", 0))
            for level, column in (("formal", "formal"), ("colloquial", "colloquial")):
                if level == "colloquial" and not entry.colloquial:
                    continue
                hit = _rewritten_part(form_key(entry.target(level)), rewrites[level], longest)
                if hit is None:
                    continue
                part, goes_to = hit
                cycle = form_key(goes_to) == entry.key or entry.key in goes_to.split(" ")
                kind = "cycle" if cycle else "chain"
                problems.append(Problem(file, line, column, entry.target(level), "E140",
                    f"{kind}: {entry.informal!r} -> {part!r}, but {part!r} -> {goes_to!r}"
                    + (" at the colloquial level" if level == "colloquial" else ""),
                    f"map {entry.informal!r} straight to the final form, or change the entry "
                    f"for {part!r}"))
            for word in sorted(_context_words(entry.context)):
                if word in rewrites["formal"]:
                    problems.append(Problem(file, line, "context", entry.context, "E141",
                        f"the context names {word!r}, an informal form "
                        f"(-> {rewrites['formal'][word]!r})",
                        f"contexts see neighbours in formal form: write "
                        f"{rewrites['formal'][word]!r}"))
    return problems


def _overrides(files: Sequence[LexiconFile]) -> list[Problem]:
    """Forms defined in more than one file: allowed, but worth a look."""
    owner: dict[str, str] = {}
    problems: list[Problem] = []
    for lexicon_file in files:
        keys_here: dict[str, int] = {}
        for entry, line in zip(lexicon_file.entries, lexicon_file.lines, strict=True):
            if entry.status in ACTIVE_STATUSES and entry.key:
                keys_here.setdefault(entry.key, line)
        for key, line in keys_here.items():
            if key in owner and owner[key] != str(lexicon_file.path):
                problems.append(Problem(str(lexicon_file.path), line, "informal", key, "W150",
                    f"overrides the senses of {key!r} in {owner[key]}",
                    "fine for a team layer; in one shipped stack, keep a form in one file",
                    severity="warning"))
            owner[key] = str(lexicon_file.path)
    return problems


def _default(group: Sequence[Entry]) -> Entry | None:
    return next((e for e in group if e.is_default), None)


def _rewritten_part(
    target: str, rewrites: Mapping[str, str], longest: int
) -> tuple[str, str] | None:
    words = target.split(" ")
    for size in range(min(longest, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            part = " ".join(words[start:start + size])
            if part in rewrites:
                return part, rewrites[part]
    return None


def _context_words(context: str) -> frozenset[str]:
    if not context:
        return frozenset()
    try:
        return parse_context(context).literal_words()
    except ContextSyntaxError:  # reported by row_problems
        return frozenset()


def _has_control(value: str) -> bool:
    return _CONTROL.search(value) is not None


def _is_timestamp(value: str) -> bool:
    try:
        if "T" in value:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
        else:
            date.fromisoformat(value)
    except ValueError:
        return False
    return True
