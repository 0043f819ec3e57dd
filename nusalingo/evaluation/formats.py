"""Reading the three kinds of gold data, and telling which kind a file holds.

- **tokens**: the MultiLexNorm format, ``raw<TAB>gold`` per line and a blank
  line between sentences; a token merged into the one before it has an empty
  gold, a token split in two has a space inside its gold.
- **sentences**: two line-aligned files, the informal one and its formal
  rewrite (``dev.inf`` and ``dev.for``).
- **pairs**: a CSV of single forms with their formal form and optionally a
  tag, with a header row: ``informal,formal[,tag]``, or IndoCollex's
  ``no,transformed,original-for,transformation``.

Every reader names the file, the line and the value of anything it cannot
read, and says what to do; none of them guesses past a broken line.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "mini.norm"
>>> _ = path.write_text("gk\\ttidak\\ntau\\ttahu\\n\\nyg\\tyang\\n", encoding="utf-8")
>>> [s.raw for s in read_tokens(path)]
[('gk', 'tau'), ('yg',)]
>>> detect_kind([path])
'tokens'
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from nusalingo.errors import NusalingoError

TOKENS, SENTENCES, PAIRS = "tokens", "sentences", "pairs"
KINDS = (TOKENS, SENTENCES, PAIRS)

#: Header names accepted for each column of a pairs CSV (IndoCollex's first).
PAIR_COLUMNS = {
    "informal": ("transformed", "informal"),
    "formal": ("original-for", "formal"),
    "tag": ("transformation", "tag"),
}
INFORMAL_SUFFIXES = (".inf", ".informal")
FORMAL_SUFFIXES = (".for", ".formal")


class GoldDataError(NusalingoError, ValueError):
    """A gold file that cannot be read: the message names file, line and value."""


@dataclass(frozen=True, slots=True)
class TokenSentence:
    """One sentence of a token-aligned file: its raw tokens and their gold forms."""

    raw: tuple[str, ...]
    gold: tuple[str, ...]
    file: str = ""
    line: int = 0  # the line of its first token


@dataclass(frozen=True, slots=True)
class SentencePair:
    """An informal sentence and its formal rewrite (``line`` is the same in both files)."""

    informal: str
    formal: str
    file: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class WordPair:
    """A single informal form, its formal form and its tag (``""`` when untagged)."""

    informal: str
    formal: str
    tag: str = ""
    file: str = ""
    line: int = 0


def read_lines(path: str | Path) -> list[str]:
    """The lines of a UTF-8 text file, without their line ends (a BOM is dropped).

    Lines are split on ``\\n`` only, so that a stray Unicode line separator
    inside a tweet does not shift the alignment of two files.
    """
    path = Path(path)
    if not path.is_file():
        hint = "it is a folder; give a file" if path.is_dir() else "check the path"
        raise GoldDataError(f"{path}: no such file ({hint})")
    data = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    raw_lines = data.split(b"\n")
    if raw_lines and raw_lines[-1] == b"":
        raw_lines.pop()
    lines = []
    for number, raw in enumerate(raw_lines, start=1):
        try:
            lines.append(raw.decode("utf-8").removesuffix("\r"))
        except UnicodeDecodeError as exc:
            raise GoldDataError(
                f"{path}:{number}: not valid UTF-8 at byte {exc.start + 1} "
                f"(value {raw[exc.start:exc.end].hex(' ')}); convert the file to UTF-8"
            ) from None
    return lines


def read_tokens(path: str | Path) -> list[TokenSentence]:
    """Sentences of a MultiLexNorm file: ``raw<TAB>gold`` lines, blank lines between."""
    name = str(path)
    sentences: list[TokenSentence] = []
    raw: list[str] = []
    gold: list[str] = []
    first = 0

    def flush() -> None:
        if raw:
            sentences.append(TokenSentence(tuple(raw), tuple(gold), name, first))
        raw.clear()
        gold.clear()

    for number, line in enumerate(read_lines(path), start=1):
        if not line.strip():
            flush()
            continue
        cells = line.split("\t")
        if len(cells) != 2:
            what = "no tab" if len(cells) == 1 else f"{len(cells) - 1} tabs"
            raise GoldDataError(
                f"{name}:{number}: expected raw<TAB>gold, found {what} (value {line!r}); "
                f"write one token a line, its gold form after one tab, and a blank line "
                f"between sentences"
            )
        if not cells[0].strip():
            raise GoldDataError(
                f"{name}:{number}: the raw token is empty (value {line!r}); "
                f"every line needs a token before the tab"
            )
        if not raw:
            first = number
        raw.append(cells[0].strip())
        gold.append(" ".join(cells[1].split()))
    flush()
    if not sentences:
        raise GoldDataError(f"{name}: no tokens found; expected raw<TAB>gold lines")
    return sentences


def read_sentences(informal: str | Path, formal: str | Path) -> list[SentencePair]:
    """Line-aligned sentence pairs from an informal file and its formal rewrite."""
    left, right = read_lines(informal), read_lines(formal)
    if len(left) != len(right):
        raise GoldDataError(
            f"{informal} has {len(left)} lines but {formal} has {len(right)}; the two files "
            f"must be line-aligned (line N of one is the rewrite of line N of the other)"
        )
    if not left:
        raise GoldDataError(f"{informal}: the file is empty")
    return [SentencePair(a, b, str(informal), number)
            for number, (a, b) in enumerate(zip(left, right, strict=True), start=1)]


def read_pairs(path: str | Path) -> list[WordPair]:
    """Word pairs from a CSV with a header naming the informal and formal columns."""
    name = str(path)
    text = "\n".join(read_lines(path))
    reader = csv.reader(io.StringIO(text))
    try:
        header = [cell.strip().lower() for cell in next(reader)]
    except StopIteration:
        raise GoldDataError(f"{name}: the file is empty") from None
    columns: dict[str, int] = {}
    for role, names in PAIR_COLUMNS.items():
        for candidate in names:
            if candidate in header:
                columns[role] = header.index(candidate)
                break
    if "informal" not in columns or "formal" not in columns:
        raise GoldDataError(
            f"{name}:1: the header {','.join(header)!r} names no informal and formal column; "
            f"start the file with 'informal,formal,tag' (tag optional) or IndoCollex's "
            f"'no,transformed,original-for,transformation'"
        )
    pairs = []
    for cells in reader:
        number = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            raise GoldDataError(
                f"{name}:{number}: {len(cells)} cells where the header has {len(header)} "
                f"(value {','.join(cells)!r}); quote values that contain a comma"
            )
        informal = " ".join(cells[columns["informal"]].split())
        formal = " ".join(cells[columns["formal"]].split())
        if not informal or not formal:
            empty = "informal" if not informal else "formal"
            raise GoldDataError(
                f"{name}:{number}: the {empty} form is empty (value {','.join(cells)!r}); "
                f"fill it in or delete the line"
            )
        tag = cells[columns["tag"]].strip() if "tag" in columns else ""
        pairs.append(WordPair(informal, formal, tag, name, number))
    if not pairs:
        raise GoldDataError(f"{name}: no pairs below the header")
    return pairs


def detect_kind(paths: Sequence[str | Path]) -> str:
    """``tokens``, ``sentences`` or ``pairs``, from the files' names and first lines."""
    files = [Path(p) for p in paths]
    if not files:
        raise GoldDataError("no gold files given")
    suffixes = {p.suffix.lower() for p in files}
    if len(files) == 2 and suffixes & {*INFORMAL_SUFFIXES} and suffixes & {*FORMAL_SUFFIXES}:
        return SENTENCES
    if ".csv" in suffixes:
        if suffixes != {".csv"}:
            raise GoldDataError(
                f"{', '.join(map(str, files))}: a mix of CSV and other files; "
                f"evaluate one kind of gold data at a time")
        return PAIRS
    if all(_first_line_has_tab(p) for p in files):
        return TOKENS
    if len(files) == 2:
        return SENTENCES
    raise GoldDataError(
        f"cannot tell what kind of gold data {', '.join(map(str, files))} holds; "
        f"give --kind tokens (raw<TAB>gold lines), --kind sentences (an informal and a "
        f"formal file) or --kind pairs (a CSV)"
    )


def sentence_files(paths: Sequence[str | Path]) -> tuple[Path, Path]:
    """The informal and the formal file, by their extensions or else in the order given."""
    files = [Path(p) for p in paths]
    if len(files) != 2:
        raise GoldDataError(
            f"parallel sentences need two files, the informal one and the formal one "
            f"(e.g. dev.inf dev.for); got {len(files)}: {', '.join(map(str, files)) or 'none'}"
        )
    first, second = files
    if first.suffix.lower() in FORMAL_SUFFIXES and second.suffix.lower() in INFORMAL_SUFFIXES:
        return second, first
    return first, second


def _first_line_has_tab(path: Path) -> bool:
    for line in read_lines(path):
        if line.strip():
            return "\t" in line
    return False
