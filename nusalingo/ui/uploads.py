"""Reading an uploaded corpus: plain text, CSV or JSON Lines, with errors that name the line.

- ``.txt``: one text per non-empty line;
- ``.csv``: a header row and a ``text`` column (or a single column of any name);
- ``.jsonl``: one JSON value per line, a string or an object with a ``text`` field.

>>> corpus = read_corpus("chat.jsonl", b'{"text": "gk tau"}\\n"udh makan?"\\n', max_bytes=1000)
>>> corpus.texts
('gk tau', 'udh makan?')
>>> try:
...     read_corpus("chat.jsonl", b'{"text": "gk tau"}\\n{oops\\n', max_bytes=1000)
... except CorpusError as exc:
...     print(str(exc)[:40])
chat.jsonl, line 2: not valid JSON (Expe
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePath

from nusalingo.errors import NusalingoError
from nusalingo.tokenize import WORD, tokenize

FORMATS = ("txt", "csv", "jsonl")
TEXT_COLUMN = "text"


class CorpusError(NusalingoError):
    """An upload that cannot be read; the message names the file, the line and the fix."""


@dataclass(frozen=True)
class Corpus:
    """Texts from one upload, with their word counts (lower case)."""

    name: str
    texts: tuple[str, ...]
    counts: Counter[str] = field(repr=False, compare=False, default_factory=Counter)

    @classmethod
    def of(cls, name: str, texts: tuple[str, ...]) -> Corpus:
        """Count the words once, when the corpus is loaded."""
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(t.text.lower() for t in tokenize(text) if t.kind == WORD)
        return cls(name, texts, counts)

    @property
    def tokens(self) -> int:
        """How many words the corpus has."""
        return sum(self.counts.values())


def read_corpus(name: str, data: bytes, *, max_bytes: int) -> Corpus:
    """Parse an upload, or raise :class:`CorpusError` saying where and what to do."""
    if len(data) > max_bytes:
        raise CorpusError(
            f"{name} is {len(data) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB. "
            f"Upload a sample, split the file, or ask the admin to raise NUSALINGO_MAX_UPLOAD_MB.")
    suffix = PurePath(name).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise CorpusError(f"{name}: unknown file type {suffix or '(none)'!r}; "
                          f"upload a .txt, .csv or .jsonl file.")
    text = _decode(name, data)
    if suffix == "txt":
        texts = tuple(line.strip() for line in text.splitlines() if line.strip())
    elif suffix == "csv":
        texts = _csv(name, text)
    else:
        texts = _jsonl(name, text)
    if not texts:
        raise CorpusError(f"{name} has no text in it; check that it is the right file.")
    return Corpus.of(name, texts)


def _decode(name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise CorpusError(
            f"{name}, line {line}: not valid UTF-8 (byte 0x{data[exc.start]:02x}). "
            f"Save the file as UTF-8 and upload it again.") from None


def _csv(name: str, text: str) -> tuple[str, ...]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            return ()
        lowered = [h.strip().lower() for h in header]
        if TEXT_COLUMN in lowered:
            column = lowered.index(TEXT_COLUMN)
        elif len(header) == 1:
            column = 0
        else:
            raise CorpusError(
                f"{name}, line 1: no '{TEXT_COLUMN}' column in the header "
                f"({', '.join(header)}). Name the column with the texts '{TEXT_COLUMN}'.")
        texts = []
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise CorpusError(
                    f"{name}, line {reader.line_num}: {len(row)} cells, but the header has "
                    f"{len(header)}. Quote cells that contain commas, like \"gk, tau\".")
            if row[column].strip():
                texts.append(row[column].strip())
    except csv.Error as exc:
        raise CorpusError(f"{name}, line {reader.line_num}: {exc}. Check the quotes on that "
                          f"line.") from None
    return tuple(texts)


def _jsonl(name: str, text: str) -> tuple[str, ...]:
    texts = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusError(
                f"{name}, line {number}: not valid JSON ({exc.msg}, column {exc.colno}). "
                f'Each line must be one JSON object such as {{"text": "gk tau"}}.') from None
        if isinstance(value, dict):
            value = value.get(TEXT_COLUMN)
            if not isinstance(value, str):
                raise CorpusError(
                    f"{name}, line {number}: no '{TEXT_COLUMN}' field with a string. "
                    f'Write each line as {{"text": "..."}}.')
        if not isinstance(value, str):
            raise CorpusError(f"{name}, line {number}: expected a string or an object with "
                              f"'{TEXT_COLUMN}', got {type(value).__name__}.")
        if value.strip():
            texts.append(value.strip())
    return tuple(texts)
