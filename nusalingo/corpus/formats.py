"""Corpus files: documents read in chunks, and written back in the same format.

Five formats, chosen by the file's extension or by name:

========  ==========================================  ================================
format    a document is                               the normalized text goes
========  ==========================================  ================================
txt       a line                                      in place of the line
csv/tsv   the ``column`` of a row (header required)   into a new column, or in place
jsonl     the ``column`` (field) of a JSON object     into a new field, or in place
parquet   the ``column`` of a row (a text column)     into a new column, or in place
========  ==========================================  ================================

A reader never holds more than one chunk of documents: text formats are read
line by line (each line decoded on its own, so one bad byte costs one line,
see :mod:`nusalingo.corpus.problems`), Parquet batch by batch with pyarrow.
Every document keeps the line it starts on (its row for Parquet), for error
messages and the changes file. A missing value (JSON ``null``, a Parquet null)
passes through as ``None``.

>>> detect_format(Path("ulasan.csv"), None), detect_format(None, None)
('csv', 'txt')
>>> Columns(None, None).output_name("teks")
'teks_normalized'
"""

from __future__ import annotations

import csv
import json
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from nusalingo.corpus.problems import BadInputError, Problems
from nusalingo.errors import NusalingoError
from nusalingo.normalize import Change

FORMATS = ("txt", "csv", "tsv", "jsonl", "parquet")
#: Formats that name their text column (``--column`` or, for JSON Lines, ``--field``).
TABULAR = ("csv", "tsv", "jsonl", "parquet")
EXTENSIONS = {".txt": "txt", ".text": "txt", ".csv": "csv", ".tsv": "tsv", ".tab": "tsv",
              ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".pq": "parquet"}
#: Extensions of files that are none of the formats, with what to do instead.
NOT_SUPPORTED = {
    ".json": "if it holds one JSON object a line, pass --format jsonl",
    ".gz": "decompress it first, e.g. zcat FILE | nusalingo normalize --format csv",
    ".bz2": "decompress it first",
    ".xz": "decompress it first",
    ".zst": "decompress it first",
    ".zip": "unzip it first",
    ".xlsx": "save the sheet as CSV first",
}
#: The new column's name is the text column's name with this suffix, by default.
SUFFIX = "_normalized"
#: Rows a Parquet row group holds at most in the output.
ROW_GROUP = 65_536
_DELIMITERS = {"csv": ",", "tsv": "\t"}


def detect_format(path: Path | None, fmt: str | None) -> str:
    """The format named by ``fmt``, else the one of the file's extension (plain text
    for an extension none of the formats has, and for standard input)."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise NusalingoError(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")
        return fmt
    if path is None:
        return "txt"
    suffix = path.suffix.lower()
    if suffix in NOT_SUPPORTED:
        raise NusalingoError(f"{path}: {suffix} files are not a corpus format nusalingo "
                             f"reads ({', '.join(FORMATS)}); {NOT_SUPPORTED[suffix]}")
    return EXTENSIONS.get(suffix, "txt")


@dataclass(frozen=True, slots=True)
class Columns:
    """Which column (a field, in JSON Lines) holds the text, and where its normalized
    text goes: a new column (``output``, by default the name with ``_normalized``)
    or, with ``replace``, the column itself."""

    source: str | None
    output: str | None = None
    replace: bool = False

    def output_name(self, source: str) -> str:
        """The column the normalized text is written to."""
        if self.replace:
            return source
        return self.output or f"{source}{SUFFIX}"


@dataclass(slots=True)
class Chunk:
    """Up to ``chunk_size`` documents, in input order.

    ``lines``: where each document starts (1-based line; row for Parquet).
    ``rows``: what the writer needs besides the texts (CSV rows, JSON objects,
    a pyarrow record batch). ``position``: how far the input is read (bytes,
    or rows for Parquet), for the progress bar.
    """

    texts: list[str | None]
    lines: list[int]
    rows: Any
    position: int


#: How much plain text is read and decoded at once.
BATCH_BYTES = 1 << 20


def _line_text(raw_line: str) -> str:
    """A decoded line without its line ending."""
    return raw_line.rstrip("\n").removesuffix("\r")


class _Lines:
    """The decoded lines of a binary stream, line numbers and bytes read kept.

    Lines that the ``errors`` policy skips are not yielded; a UTF-8 byte order
    mark at the start is dropped.
    """

    def __init__(self, stream: IO[bytes], problems: Problems) -> None:
        self.stream = stream
        self.problems = problems
        self.line = 0
        self.position = 0

    def __iter__(self) -> Iterator[str]:
        decode = self.problems.decode
        for raw in self.stream:
            self.line += 1
            self.position += len(raw)
            if self.line == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]  # noqa: PLW2901 - the byte order mark is not text
            text = decode(raw, self.line)
            if text is not None:
                yield text


class Reader(ABC):
    """The documents of one input, chunk by chunk."""

    #: What :attr:`Chunk.position` and :attr:`size` count: bytes, or rows.
    unit = "B"

    def __init__(self, problems: Problems, columns: Columns, chunk_size: int,
                 size: int | None) -> None:
        self.problems = problems
        self.columns = columns
        self.chunk_size = chunk_size
        self.size = size  # bytes (rows for Parquet) in all, when known
        self.owned: IO[bytes] | None = None  # a file the reader opened, closed by close()

    @abstractmethod
    def chunks(self) -> Iterator[Chunk]:
        """The documents, ``chunk_size`` at a time."""

    def close(self) -> None:
        """Close the file the reader opened (standard input stays open)."""
        if self.owned is not None:
            self.owned.close()


class TextReader(Reader):
    """Plain text: one document a line, the line ending left out."""

    def __init__(self, stream: IO[bytes], problems: Problems, columns: Columns,
                 chunk_size: int, size: int | None) -> None:
        super().__init__(problems, columns, chunk_size, size)
        self.lines = _Lines(stream, problems)

    def chunks(self) -> Iterator[Chunk]:
        texts: list[str | None] = []
        lines: list[int] = []
        size = self.chunk_size
        for batch_texts, batch_lines in self._batches():
            texts += batch_texts
            lines += batch_lines
            while len(texts) >= size:
                yield Chunk(texts[:size], lines[:size], None, self.lines.position)
                texts, lines = texts[size:], lines[size:]
        if texts:
            yield Chunk(texts, lines, None, self.lines.position)

    def _batches(self) -> Iterator[tuple[list[str | None], list[int]]]:
        """The lines, up to a megabyte at a time, each batch decoded at once.

        Decoding and splitting a block in one call each is several times
        faster than line by line, and with several workers reading is what the
        main process spends its time on. A read takes what the input has ready
        (a pipe's first lines go on at once) and keeps a line it cut in half for
        the next. A batch with bytes that are not UTF-8 goes line by line, so
        that the problem is reported at its line.
        """
        source = self.lines
        stream = source.stream
        read = getattr(stream, "read1", stream.read)
        pending = b""
        while True:
            data = read(BATCH_BYTES)
            if data:
                data = pending + data
                cut = data.rfind(b"\n") + 1
                pending, block = data[cut:], data[:cut]
                if not block:
                    continue
            elif pending:
                pending, block = b"", pending  # a last line without a line break
            else:
                return
            first = source.line + 1
            source.position += len(block)
            if first == 1 and block.startswith(b"\xef\xbb\xbf"):
                block = block[3:]  # the byte order mark is not text
            try:
                text = block.decode("utf-8")
            except UnicodeDecodeError:
                raws = block.split(b"\n")
                raws = [raw + b"\n" for raw in raws[:-1]] + ([raws[-1]] if raws[-1] else [])
                source.line += len(raws)
                decoded = [(number, source.problems.decode(raw, number))
                           for number, raw in enumerate(raws, first)]
                yield ([_line_text(t) for _, t in decoded if t is not None],
                       [number for number, t in decoded if t is not None])
                continue
            texts: list[str | None] = list(text.split("\n"))
            if text.endswith("\n"):
                texts.pop()
            if "\r" in text:
                texts = [t.removesuffix("\r") for t in texts]  # type: ignore[union-attr]
            source.line += len(texts)
            yield texts, list(range(first, first + len(texts)))


class CsvReader(Reader):
    """CSV or TSV with a header row; a row whose fields do not match it is a bad row.

    CSV has the usual quoting (a quoted field may hold commas, quotes and line
    breaks). TSV has none, like the lexicon files: a cell is everything between
    two tabs, quotes included.
    """

    def __init__(self, stream: IO[bytes], problems: Problems, columns: Columns,
                 chunk_size: int, size: int | None, delimiter: str) -> None:
        super().__init__(problems, columns, chunk_size, size)
        self.delimiter = delimiter
        self.lines = _Lines(stream, problems)
        self.dialect: dict[str, Any] = {"delimiter": delimiter, "strict": True}
        if delimiter == "\t":
            self.dialect.update(quoting=csv.QUOTE_NONE, quotechar=None)
        self._rows = csv.reader(self.lines, **self.dialect)
        self.header: list[str] | None = None
        self.index = 0
        first = next(self._numbered(), None)
        if first is None:
            return  # empty input: empty output
        self.header = first[1]
        self.index = _column_index(self.header, columns, problems.source, "column")

    def _numbered(self) -> Iterator[tuple[int, list[str]]]:
        """Rows with the line each starts on; unreadable rows go to the bad-row policy."""
        while True:
            start = self.lines.line + 1
            try:
                row = next(self._rows)
            except StopIteration:
                return
            except csv.Error as exc:
                if self.header is None:
                    raise BadInputError(f"{self.problems.source}: line {start}: the header "
                                        f"row is not valid CSV ({exc}); fix it") from None
                self.problems.bad_row(start, f"not a valid row ({exc})")
                continue
            if row:  # a blank line is no row
                yield start, row

    def chunks(self) -> Iterator[Chunk]:
        if self.header is None:
            return
        width, index = len(self.header), self.index
        rows: list[list[str]] = []
        lines: list[int] = []
        for line, row in self._numbered():
            if len(row) != width:
                self.problems.bad_row(line, f"{len(row)} field(s) where the header has "
                                            f"{width}")
                continue
            rows.append(row)
            lines.append(line)
            if len(rows) >= self.chunk_size:
                yield Chunk([r[index] for r in rows], lines, rows, self.lines.position)
                rows, lines = [], []
        if rows:
            yield Chunk([r[index] for r in rows], lines, rows, self.lines.position)


class JsonLinesReader(Reader):
    """JSON Lines: one object a line; blank lines are skipped."""

    def __init__(self, stream: IO[bytes], problems: Problems, columns: Columns,
                 chunk_size: int, size: int | None) -> None:
        super().__init__(problems, columns, chunk_size, size)
        self.lines = _Lines(stream, problems)
        self.field: str | None = None

    def _first(self, record: dict[str, Any]) -> str:
        """The text field, checked against the first object."""
        field = self.columns.source
        if field is None:
            if len(record) != 1:
                raise NusalingoError(
                    f"{self.problems.source}: which field holds the text? The objects have "
                    f"{_names(record)}: pass --field NAME")
            field = next(iter(record))
        if field not in record:
            raise NusalingoError(
                f"{self.problems.source}: no field {field!r} in the first object; it has "
                f"{_names(record)}")
        out = self.columns.output_name(field)
        if not self.columns.replace and out in record:
            raise NusalingoError(
                f"{self.problems.source}: the objects already have a field {out!r}; name "
                f"the new one with --output-column NAME, or pass --replace")
        return field

    def chunks(self) -> Iterator[Chunk]:
        source, problems = self.lines, self.problems
        replace = self.columns.replace
        out = ""
        records: list[dict[str, Any]] = []
        texts: list[str | None] = []
        lines: list[int] = []
        for text in source:
            if not text.strip():
                continue
            line = source.line
            try:
                record = json.loads(text)
            except json.JSONDecodeError as exc:
                problems.bad_row(line, f"not valid JSON ({exc.msg} at column {exc.colno})")
                continue
            if not isinstance(record, dict):
                problems.bad_row(line, f"a JSON {type(record).__name__} where an object "
                                       f"was expected")
                continue
            if self.field is None:
                self.field = self._first(record)
                out = self.columns.output_name(self.field)
            value = record.get(self.field, _MISSING)
            if value is _MISSING:
                problems.bad_row(line, f"no field {self.field!r} (it has {_names(record)})")
                continue
            if value is not None and not isinstance(value, str):
                problems.bad_row(line, f"field {self.field!r} holds "
                                       f"{json.dumps(value, ensure_ascii=False)[:40]}, not text")
                continue
            if not replace and out in record:
                problems.bad_row(line, f"the object already has a field {out!r}")
                continue
            records.append(record)
            texts.append(value)
            lines.append(line)
            if len(records) >= self.chunk_size:
                yield Chunk(texts, lines, records, source.position)
                records, texts, lines = [], [], []
        if records:
            yield Chunk(texts, lines, records, source.position)


class ParquetReader(Reader):
    """Parquet, read batch by batch (a row group at most in memory)."""

    unit = "rows"

    def __init__(self, path: Path, problems: Problems, columns: Columns,
                 chunk_size: int) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.file = None
        self.schema: Any = None
        self.index = 0
        super().__init__(problems, columns, chunk_size, 0)
        if path.stat().st_size == 0:
            return  # empty input: empty output
        try:
            self.file = pq.ParquetFile(path)
        except (pa.ArrowInvalid, OSError) as exc:
            raise NusalingoError(f"{path}: not a Parquet file ({exc}); check the file, or "
                                 f"pass --format for its real format") from None
        self.schema = self.file.schema_arrow
        self.size = self.file.metadata.num_rows
        self.index = _column_index(self.schema.names, columns, problems.source, "column")
        kind = self.schema.field(self.index).type
        if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)
                or pa.types.is_string_view(kind)):
            raise NusalingoError(
                f"{path}: column {self.schema.names[self.index]!r} holds {kind}, not text; "
                f"choose the text column with --column NAME")

    def chunks(self) -> Iterator[Chunk]:
        if self.file is None:
            return
        row = 0
        for batch in self.file.iter_batches(batch_size=self.chunk_size):
            count = batch.num_rows
            yield Chunk(batch.column(self.index).to_pylist(),
                        list(range(row + 1, row + count + 1)), batch, row + count)
            row += count


_MISSING = object()


def _names(record: dict[str, Any] | Sequence[str]) -> str:
    names = list(record)
    shown = ", ".join(map(repr, names[:20])) + (", ..." if len(names) > 20 else "")
    return f"the field(s) {shown}" if isinstance(record, dict) else shown


def _column_index(names: Sequence[str], columns: Columns, source: str, what: str) -> int:
    """The index of the text column in ``names``, with a clear error when it is not there."""
    name = columns.source
    listed = ", ".join(map(repr, names))
    if name is None:
        if len(names) != 1:
            raise NusalingoError(f"{source}: which {what} holds the text? The {what}s are "
                                 f"{listed}: pass --{what} NAME")
        name = names[0]
    if name not in names:
        raise NusalingoError(f"{source}: no {what} {name!r}; the {what}s are {listed}")
    if list(names).count(name) > 1:
        raise NusalingoError(f"{source}: two {what}s are named {name!r}; rename one")
    out = columns.output_name(name)
    if not columns.replace and out in names:
        raise NusalingoError(f"{source}: there is already a {what} {out!r}; name the new "
                             f"one with --output-column NAME, or pass --replace")
    return list(names).index(name)


def open_reader(fmt: str, source: Path | IO[bytes], problems: Problems, columns: Columns,
                chunk_size: int) -> Reader:
    """The reader of ``fmt`` on a file path or an open binary stream (standard input)."""
    if fmt == "parquet":
        if not isinstance(source, Path):
            raise NusalingoError("Parquet cannot be read from standard input: give the "
                                 "file's path")
        return ParquetReader(source, problems, columns, chunk_size)
    if not isinstance(source, Path):
        return _text_reader(fmt, source, problems, columns, chunk_size, None)
    stream = open(source, "rb", buffering=1 << 20)  # noqa: SIM115 - the reader closes it
    try:
        reader = _text_reader(fmt, stream, problems, columns, chunk_size,
                              source.stat().st_size)
    except BaseException:
        stream.close()
        raise
    reader.owned = stream
    return reader


def _text_reader(fmt: str, stream: IO[bytes], problems: Problems, columns: Columns,
                 chunk_size: int, size: int | None) -> Reader:
    if fmt in _DELIMITERS:
        return CsvReader(stream, problems, columns, chunk_size, size, _DELIMITERS[fmt])
    if fmt == "jsonl":
        return JsonLinesReader(stream, problems, columns, chunk_size, size)
    return TextReader(stream, problems, columns, chunk_size, size)


# -- writers -------------------------------------------------------------------------------------

Changes = list[tuple[Change, ...]] | None


class Writer(ABC):
    """Writes chunks of normalized documents in the input's format."""

    @abstractmethod
    def write(self, chunk: Chunk, texts: list[str | None], changes: Changes) -> None:
        """Write a chunk: its documents' normalized ``texts`` (and their changes)."""

    def close(self) -> None:  # noqa: B027 - most writers have nothing to finish
        """Finish the output (Parquet writes its footer); the stream is not closed."""


class TextWriter(Writer):
    """Plain text, one document a line."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, chunk: Chunk, texts: list[str | None], changes: Changes) -> None:
        self.stream.write("".join(f"{t}\n" for t in texts))


class ExplainWriter(Writer):
    """JSON lines, one a document: its line, source, text and changes (``--explain``)."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, chunk: Chunk, texts: list[str | None], changes: Changes) -> None:
        assert changes is not None, "--explain needs the changes"
        self.stream.write("".join(
            json.dumps({"line": line, "source": source, "text": text,
                        "changes": [c.as_dict() for c in found]}, ensure_ascii=False) + "\n"
            for line, source, text, found in zip(chunk.lines, chunk.texts, texts, changes,
                                                 strict=True)))


class CsvWriter(Writer):
    """CSV or TSV: the reader's header and rows, the normalized column added or replaced."""

    def __init__(self, stream: IO[str], reader: CsvReader) -> None:
        self.writer = csv.writer(stream, lineterminator="\n", **reader.dialect)
        self.index = reader.index
        self.replace = reader.columns.replace
        if reader.header is not None:
            out = reader.columns.output_name(reader.header[self.index])
            self.writer.writerow(reader.header if self.replace else [*reader.header, out])

    def write(self, chunk: Chunk, texts: list[str | None], changes: Changes) -> None:
        rows: list[list[str | None]] = chunk.rows
        if self.replace:
            for row, text in zip(rows, texts, strict=True):
                row[self.index] = text
        else:
            for row, text in zip(rows, texts, strict=True):
                row.append(text)
        self.writer.writerows(rows)


class JsonLinesWriter(Writer):
    """JSON Lines: each object with the normalized field added (last) or replaced."""

    def __init__(self, stream: IO[str], reader: JsonLinesReader) -> None:
        self.stream = stream
        self.reader = reader

    def write(self, chunk: Chunk, texts: list[str | None], changes: Changes) -> None:
        field = self.reader.field
        assert field is not None
        out = self.reader.columns.output_name(field)
        records: list[dict[str, Any]] = chunk.rows
        for record, text in zip(records, texts, strict=True):
            record[out] = text
        self.stream.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))


class ParquetWriter(Writer):
    """Parquet: the input's schema, the normalized column added (last) or replaced.

    Chunks are gathered into row groups of up to :data:`ROW_GROUP` rows.
    """

    def __init__(self, path: Path, reader: ParquetReader) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.pa = pa
        self.index = reader.index
        self.replace = reader.columns.replace
        self.pending: list[Any] = []
        self.rows = 0
        self.writer = None
        if reader.schema is None:
            return  # empty input: empty output
        schema = reader.schema
        if self.replace:
            self.type = schema.field(self.index).type
        else:
            self.type = pa.string()
            name = reader.columns.output_name(schema.names[self.index])
            schema = schema.append(pa.field(name, self.type))
        self.schema = schema
        self.writer = pq.ParquetWriter(path, schema)

    def write(self, chunk: Chunk, texts: list[str | None], changes: Changes) -> None:
        column = self.pa.array(texts, type=self.type)
        batch = chunk.rows
        arrays = list(batch.columns)
        if self.replace:
            arrays[self.index] = column
        else:
            arrays.append(column)
        self.pending.append(self.pa.RecordBatch.from_arrays(arrays, schema=self.schema))
        self.rows += batch.num_rows
        if self.rows >= ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        if self.pending and self.writer is not None:
            self.writer.write_table(self.pa.Table.from_batches(self.pending, self.schema))
        self.pending, self.rows = [], 0

    def close(self) -> None:
        self._flush()
        if self.writer is not None:
            self.writer.close()


def open_writer(reader: Reader, target: Path | IO[str], *, explain: bool) -> Writer:
    """The writer for the reader's format, on an output path (Parquet) or a text stream."""
    if isinstance(reader, ParquetReader):
        if not isinstance(target, Path):
            raise NusalingoError("Parquet output needs a file: pass -o PATH")
        return ParquetWriter(target, reader)
    if isinstance(target, Path):
        raise TypeError(f"the {type(reader).__name__} writes to a text stream, not a path")
    stream = target
    if explain:
        return ExplainWriter(stream)
    if isinstance(reader, CsvReader):
        return CsvWriter(stream, reader)
    if isinstance(reader, JsonLinesReader):
        return JsonLinesWriter(stream, reader)
    return TextWriter(stream)
