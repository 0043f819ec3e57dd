"""A linguist's verdicts on a model's answers, kept safely and turned into training data.

The editor's **Model check** page, the command line and notebooks share these
functions:

- :func:`load_items` and :func:`failed_items` read a run's ``items.jsonl``
  (what :func:`~nusalingo.probe.report.write_report` wrote) and keep the
  failed and unusable items, optionally only those nobody judged yet;
- :class:`CorrectionsLog` appends each verdict (who, when, which item,
  ``right`` or ``wrong``, the correct answer) to a JSON-lines file, under a
  file lock, one whole line per write, flushed to disk: several people can
  judge at once and a crash loses at most the line being written;
- :meth:`CorrectionsLog.export_chat` and :meth:`CorrectionsLog.export_instructions`
  write the latest verdict per item as chat fine-tuning lines
  (``{"messages": [...]}``) or instruction/response pairs;
- :func:`proposed_entry` and :func:`propose_entry` turn an informal word the
  model misread into a ``proposed`` lexicon entry, through
  :class:`~nusalingo.store.LexiconStore`, with the item as its example.

>>> import tempfile, pathlib
>>> log = CorrectionsLog(pathlib.Path(tempfile.mkdtemp()) / "corrections.jsonl")
>>> item = {"id": "core-1/choice", "prompt": "Apa arti 'gak'?", "answer": "sudah",
...         "expected": "tidak", "outcome": "fail"}
>>> log.record(item, who="dewi", verdict="wrong", correction="tidak").verdict
'wrong'
>>> [pair["response"] for pair in log.instruction_pairs()]
['tidak']
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import filelock

from nusalingo.entry import Entry, form_key
from nusalingo.errors import NusalingoError
from nusalingo.lexicon import Lexicon
from nusalingo.store import LexiconStore
from nusalingo.tsv import atomic_write_text

RIGHT, WRONG = "right", "wrong"
VERDICTS = (RIGHT, WRONG)
#: What a chat export says to the model unless told otherwise.
SYSTEM_PROMPT = ("Kamu memahami bahasa Indonesia informal (bahasa gaul, chat) sebaik bahasa "
                 "Indonesia baku.")
#: Fields of an item kept in the log, enough to rebuild the training example.
ITEM_FIELDS = ("id", "suite", "test", "model", "prompt", "text", "source", "answer",
               "base_answer", "expected", "outcome", "informal", "formal", "category",
               "entries", "options", "context", "changes")


class CorrectionsError(NusalingoError):
    """A verdict that cannot be recorded, or a file that cannot be read (with its line)."""


@dataclass(frozen=True, slots=True)
class Correction:
    """One verdict on one item: who, when, the item, ``right`` or ``wrong``, the correction."""

    who: str
    when: str
    item_id: str
    verdict: str
    correction: str = ""
    note: str = ""
    item: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """One line of the log."""
        return {"who": self.who, "when": self.when, "item_id": self.item_id,
                "verdict": self.verdict, "correction": self.correction, "note": self.note,
                "item": dict(self.item)}

    @property
    def response(self) -> str:
        """The answer to learn: the correction, or the model's own answer judged right."""
        if self.correction:
            return self.correction
        answer = self.item.get("answer")
        return str(answer) if self.verdict == RIGHT and answer is not None else ""


class CorrectionsLog:
    """The append-only log of verdicts, a JSON-lines file (created on first write).

    Safe for several writers in several processes: each append holds a file
    lock and writes one complete line. A line torn by a crash is skipped
    when reading; nothing else is.
    """

    def __init__(self, path: str | os.PathLike[str], *, lock_timeout: float = 10.0) -> None:
        self.path = Path(path)
        self._lock = filelock.FileLock(str(self.path.with_name(f".{self.path.name}.lock")),
                                       timeout=lock_timeout)

    def record(self, item: Mapping[str, Any], *, who: str, verdict: str, correction: str = "",
               note: str = "") -> Correction:
        """Append a verdict on an item (a line of ``items.jsonl``) and return it.

        A ``wrong`` verdict needs the correct answer; a ``right`` one may leave
        it empty (the model's answer is then the one to learn).
        """
        if not who or not who.strip():
            raise CorrectionsError("a verdict needs the name of who gives it (who=...)")
        if verdict not in VERDICTS:
            raise CorrectionsError(f"verdict must be 'right' or 'wrong', got {verdict!r}")
        correction = correction.strip()
        if verdict == WRONG and not correction:
            raise CorrectionsError("a 'wrong' verdict needs the correct answer: write it in "
                                   "the correction")
        item_id = str(item.get("id", "")).strip()
        if not item_id:
            raise CorrectionsError("the item has no id; pass a line of items.jsonl")
        entry = Correction(who.strip(), _now(), item_id, verdict, correction, note.strip(),
                           {k: item[k] for k in ITEM_FIELDS if k in item})
        line = json.dumps(entry.as_dict(), ensure_ascii=False) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, open(self.path, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        return entry

    def records(self) -> list[Correction]:
        """Every verdict, oldest first."""
        if not self.path.exists():
            return []
        out = []
        with open(self.path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                try:
                    data = json.loads(line)
                    out.append(Correction(data["who"], data["when"], data["item_id"],
                                          data["verdict"], data.get("correction", ""),
                                          data.get("note", ""), data.get("item", {})))
                except (ValueError, KeyError, TypeError):
                    continue   # a line torn by a crash mid-append
        return out

    def latest(self) -> dict[str, Correction]:
        """The last verdict on each item: a linguist may change their mind."""
        return {c.item_id: c for c in self.records()}

    def chat_examples(self, *, system: str | None = SYSTEM_PROMPT,
                      include_right: bool = True) -> list[dict[str, Any]]:
        """Training examples in the chat fine-tuning format, one per judged item."""
        out = []
        for correction in self._usable(include_right):
            messages = [{"role": "system", "content": system}] if system else []
            messages += [{"role": "user", "content": _prompt(correction)},
                         {"role": "assistant", "content": correction.response}]
            out.append({"messages": messages})
        return out

    def instruction_pairs(self, *, include_right: bool = True) -> list[dict[str, str]]:
        """Training examples as instruction/response pairs, one per judged item."""
        return [{"instruction": _prompt(c), "response": c.response, "item_id": c.item_id}
                for c in self._usable(include_right)]

    def export_chat(self, path: str | os.PathLike[str], *, system: str | None = SYSTEM_PROMPT,
                    include_right: bool = True) -> int:
        """Write the chat examples as JSON lines (atomically); return how many."""
        return _write_lines(path, self.chat_examples(system=system, include_right=include_right))

    def export_instructions(self, path: str | os.PathLike[str], *,
                            include_right: bool = True) -> int:
        """Write the instruction/response pairs as JSON lines (atomically); return how many."""
        return _write_lines(path, self.instruction_pairs(include_right=include_right))

    def _usable(self, include_right: bool) -> list[Correction]:
        return [c for c in self.latest().values()
                if c.response and _prompt(c) and (include_right or c.verdict == WRONG)]


def as_jsonl(rows: Iterable[Mapping[str, Any]]) -> str:
    """Rows as JSON-lines text (for a download button, or a file).

    >>> as_jsonl([{"instruction": "gk?", "response": "tidak"}])
    '{"instruction": "gk?", "response": "tidak"}\\n'
    """
    return "".join(json.dumps(dict(r), ensure_ascii=False) + "\n" for r in rows)


def progress(items: Iterable[Mapping[str, Any]], log: CorrectionsLog) -> dict[str, int]:
    """How far the review of these items is: how many, judged, right, wrong, pending."""
    ids = [str(i.get("id")) for i in items]
    latest = log.latest()
    verdicts = [latest[i].verdict for i in ids if i in latest]
    return {"items": len(ids), "judged": len(verdicts),
            RIGHT: verdicts.count(RIGHT), WRONG: verdicts.count(WRONG),
            "pending": len(ids) - len(verdicts)}


def load_items(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """The items of a run (``items.jsonl``), each a dict; a bad line is an error naming it."""
    path = Path(path)
    if not path.exists():
        raise CorrectionsError(f"{path}: no such file; give the items.jsonl of a probe run "
                               f"(nusalingo probe run ... -o FOLDER writes FOLDER/items.jsonl)")
    items = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except ValueError as exc:
                raise CorrectionsError(f"{path}:{number}: not JSON ({exc}); the file must hold "
                                       f"one JSON object a line") from exc
            if not isinstance(item, dict) or "id" not in item or "outcome" not in item:
                raise CorrectionsError(f"{path}:{number}: not an item of a probe run (an "
                                       f"object with 'id' and 'outcome'): {line[:60]!r}")
            items.append(item)
    return items


def failed_items(items: str | os.PathLike[str] | Iterable[Mapping[str, Any]], *,
                 log: CorrectionsLog | None = None, include_unusable: bool = True,
                 pending_only: bool = False, suite: str | None = None
                 ) -> list[dict[str, Any]]:
    """The items a linguist should look at: failed (and unusable) ones, of one suite if
    given; with ``pending_only``, only those the log has no verdict on yet."""
    rows = load_items(items) if isinstance(items, str | os.PathLike) else [dict(i) for i in items]
    outcomes = {"fail", "unusable"} if include_unusable else {"fail"}
    judged = set(log.latest()) if log is not None and pending_only else set()
    return [r for r in rows if r.get("outcome") in outcomes and r["id"] not in judged
            and (suite is None or r.get("suite") == suite)]


def informal_words(item: Mapping[str, Any]) -> list[dict[str, str]]:
    """The informal words of an item that a lexicon entry could cover: the form under test
    (meaning, directional) and every edit of an informal variant, as
    ``{"informal", "formal", "category", "entry"}``."""
    found: dict[tuple[str, str], dict[str, str]] = {}
    if item.get("informal") and item.get("formal") and item.get("informal") != item.get("formal"):
        key = (form_key(item["informal"]), form_key(item["formal"]))
        found[key] = {"informal": key[0], "formal": key[1],
                      "category": str(item.get("category", "")),
                      "entry": (item.get("entries") or [""])[0]}
    for change in item.get("changes", []) or []:
        informal = form_key(str(change.get("replacement", "")))
        formal = form_key(str(change.get("original", "")))
        if change.get("step") == "directional":
            continue  # the phrase a directional test inserted: its word is the form under test
        if informal and formal and informal != formal:
            found.setdefault((informal, formal), {"informal": informal, "formal": formal,
                                                  "category": str(change.get("category", "")),
                                                  "entry": str(change.get("entry", ""))})
    return list(found.values())


def proposed_entry(item: Mapping[str, Any], word: Mapping[str, str] | None = None, *,
                   source: str = "probe") -> dict[str, str]:
    """The fields of a proposed lexicon entry for an informal word a model misread.

    ``word`` is one of :func:`informal_words` (the first when not given). The
    item's informal text and its formal source become the entry's example.
    """
    words = informal_words(item)
    chosen = word if word is not None else (words[0] if words else None)
    if chosen is None:
        raise CorrectionsError(f"item {item.get('id')!r} has no informal word to propose")
    category = chosen.get("category") or ""
    from nusalingo.schema import CATEGORIES

    if category not in CATEGORIES or category == "keep":
        from nusalingo.evaluation.categories import guess_category

        category = guess_category(chosen["informal"], chosen["formal"])
    fields = {"informal": chosen["informal"], "formal": chosen["formal"], "category": category,
              "source": source,
              "note": f"a model misread it (probe item {item.get('id')}, "
                      f"model {item.get('model') or 'unknown'})"}
    example = str(item.get("context") or item.get("text") or "")
    formal_example = str(item.get("source") or "")
    if example and formal_example and form_key(example) != form_key(formal_example):
        fields.update(example=example, example_formal=formal_example)
    return fields


def propose_entry(store: LexiconStore | str | os.PathLike[str], item: Mapping[str, Any],
                  word: Mapping[str, str] | None = None, *, author: str,
                  lexicon: Lexicon | None = None, source: str = "probe") -> Entry:
    """Add the proposed entry of :func:`proposed_entry` to a lexicon file (one click).

    Refused when ``lexicon`` (the stack in use) already maps the form to that
    formal form: then the model needs training data, not a new entry.
    """
    fields = proposed_entry(item, word, source=source)
    if lexicon is not None:
        for entry in lexicon.lookup(fields["informal"], include_proposed=True):
            if form_key(entry.formal) == form_key(fields["formal"]):
                raise CorrectionsError(
                    f"{fields['informal']!r} -> {fields['formal']!r} is already entry "
                    f"{entry.id} ({entry.status}); export the corrections as training data "
                    f"instead")
    target = store if isinstance(store, LexiconStore) else LexiconStore(store)
    return target.add(author=author, **fields)


def _prompt(correction: Correction) -> str:
    item = correction.item
    return str(item.get("prompt") or item.get("text") or "")


def _write_lines(path: str | os.PathLike[str], rows: Sequence[Mapping[str, Any]]) -> int:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(target, as_jsonl(rows))
    return len(rows)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


__all__ = [
    "ITEM_FIELDS",
    "RIGHT",
    "SYSTEM_PROMPT",
    "VERDICTS",
    "WRONG",
    "Correction",
    "CorrectionsError",
    "CorrectionsLog",
    "as_jsonl",
    "failed_items",
    "informal_words",
    "load_items",
    "propose_entry",
    "proposed_entry",
]
