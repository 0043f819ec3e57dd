"""One corpus run: read in chunks, normalize (in worker processes or here), write, account.

:func:`normalize_file` is the whole of ``nusalingo normalize`` but its
printing. How it keeps its promises:

- **Flat memory.** The reader yields chunks; at most ``2 x workers`` chunks
  are on their way at any time, whatever the input's size.
- **Input order.** Chunks are handed to the workers and their results taken
  back in the order they were read.
- **One normalizer a worker.** Each worker process gets the normalizer once,
  pickled as its pool initializer's argument, and then only texts.
- **No half-written output.** Output and changes files are written to
  temporary files in their folders and renamed at the very end
  (:mod:`.atomic`). Ctrl-C, a termination signal, a worker that dies or a
  fatal input error removes them and raises an error saying that nothing was
  written. (A ``kill -9`` of the main process cannot be caught: it leaves the
  hidden ``.NAME.*.part`` file.)

>>> import shutil, tempfile
>>> from nusalingo import Normalizer
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "chat.txt").write_text("gk tau\\ngw udh makan\\n", encoding="utf-8")
>>> summary = normalize_file(folder / "chat.txt", folder / "formal.txt", normalizer=Normalizer())
>>> (folder / "formal.txt").read_text(encoding="utf-8")
'tidak tahu\\nsaya sudah makan\\n'
>>> summary.documents, summary.tokens, summary.changed
(2, 5, 2)
>>> shutil.rmtree(folder)
"""

from __future__ import annotations

import contextlib
import io
import json
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Generator, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack
from pathlib import Path
from types import FrameType
from typing import IO

from nusalingo.corpus.atomic import AtomicFile
from nusalingo.corpus.formats import (
    EXTENSIONS,
    TABULAR,
    Chunk,
    Columns,
    Reader,
    detect_format,
    open_reader,
    open_writer,
)
from nusalingo.corpus.problems import BadInputError, Problems
from nusalingo.corpus.progress import Progress
from nusalingo.corpus.summary import Summary
from nusalingo.corpus.work import ChunkResult, normalize_chunk, pack, start_worker, unpack, work
from nusalingo.errors import NusalingoError
from nusalingo.normalize import Normalizer

#: Documents a chunk holds, by default: enough to make handing it to a worker cheap.
CHUNK_SIZE = 1000
#: Chunks on their way per worker: enough to keep every worker busy, and memory flat.
IN_FLIGHT = 2


class RunInterruptedError(NusalingoError):
    """The run was stopped (Ctrl-C, a termination signal); nothing was written.

    ``exit_status`` is the shell's for that signal: 130 for Ctrl-C, 143 for SIGTERM.
    """

    def __init__(self, message: str, exit_status: int = 130) -> None:
        super().__init__(message)
        self.exit_status = exit_status


class WorkerDiedError(NusalingoError):
    """A worker process stopped unexpectedly (killed, out of memory); nothing was written.

    The pool's own thread may be left waiting for the rest of a result the
    worker never finished sending, so a command ends its process at once
    after reporting this (see ``nusalingo normalize``).
    """


class OutputClosedError(NusalingoError):
    """Standard output was closed by its reader (``| head``): the run stops there."""


class _Terminated(BaseException):
    """Raised in the main thread by the SIGTERM handler during a run."""


def check_options(fmt: str, *, column: str | None, output_column: str | None, replace: bool,
                  explain: bool, workers: int, chunk_size: int, column_flag: str = "--column"
                  ) -> None:
    """Refuse options that do not fit together, or the input's format."""
    if workers < 1:
        raise NusalingoError(f"--workers must be 1 or more, got {workers}; the machine has "
                             f"{os.cpu_count()} cores")
    if chunk_size < 1:
        raise NusalingoError(f"--chunk-size must be 1 or more, got {chunk_size}")
    if replace and output_column is not None:
        raise NusalingoError("--replace writes the normalized text over the column itself; "
                             "drop --output-column, or drop --replace")
    if fmt not in TABULAR:
        given = [name for name, value in ((column_flag, column),
                                          ("--output-column", output_column),
                                          ("--replace", replace)) if value]
        if given:
            raise NusalingoError(f"{given[0]} is for CSV, TSV, JSON Lines and Parquet; plain "
                                 f"text has one document a line (or pass --format)")
    elif explain:
        raise NusalingoError(f"--explain writes JSON lines for plain text; for {fmt} input, "
                             f"pass --changes FILE to get every change next to the output")


def normalize_file(source: str | os.PathLike[str] | None,
                   output: str | os.PathLike[str] | None = None, *,
                   normalizer: Normalizer | None = None, format: str | None = None,
                   column: str | None = None, output_column: str | None = None,
                   replace: bool = False, changes: str | os.PathLike[str] | None = None,
                   workers: int = 1, chunk_size: int = CHUNK_SIZE, errors: str = "strict",
                   on_bad_row: str = "fail", explain: bool = False, progress: bool = False,
                   stdin: IO[bytes] | None = None, stdout: IO[str] | None = None) -> Summary:
    """Normalize a corpus file into ``output`` in the same format, and account for it.

    ``source`` ``None`` reads standard input (or ``stdin``); ``output``
    ``None`` writes to standard output (or ``stdout``), which Parquet cannot.
    ``column`` names the text column (the field of JSON Lines). ``changes``
    is a JSON Lines file for every change (document, line, span, original,
    replacement, step, entry, category). ``explain`` writes, for plain text,
    each line's explanation as JSON instead of its text. ``errors`` and
    ``on_bad_row`` are the bad-input policies of :mod:`.problems`.
    ``workers`` above 1 normalizes in that many processes, in input order;
    they start from a fresh interpreter, which imports the calling script's
    main module: in a script, call this under ``if __name__ == "__main__":``.

    Raises :class:`RunInterruptedError` on Ctrl-C, and a
    :class:`~nusalingo.errors.NusalingoError` on bad input or options; in
    both cases nothing was written to ``output`` or ``changes``.
    """
    path = Path(source) if source is not None else None
    target = Path(output) if output is not None else None
    changes_path = Path(changes) if changes is not None else None
    fmt = detect_format(path, format)
    check_options(fmt, column=column, output_column=output_column, replace=replace,
                  explain=explain, workers=workers, chunk_size=chunk_size)
    if path is not None and not path.is_file():
        raise NusalingoError(f"{path}: no such file" if not path.exists()
                             else f"{path} is not a file")
    for written in (target, changes_path):
        if written is not None and path is not None and written.exists() \
                and written.resolve() == path.resolve():
            raise NusalingoError(f"{written} is the input: write to another file, so that "
                                 f"the input is kept")
    if target is not None and changes_path is not None and target.resolve() == \
            changes_path.resolve():
        raise NusalingoError("-o and --changes name the same file; give two names")
    if target is not None and not explain and \
            EXTENSIONS.get(target.suffix.lower(), fmt) != fmt:
        raise NusalingoError(f"-o {target}: the output is written as {fmt}, like the input; "
                             f"give it a name that says so (e.g. {target.stem}.{fmt})")
    if fmt == "parquet" and target is None:
        raise NusalingoError("Parquet output needs a file: pass -o PATH")
    normalizer = normalizer if normalizer is not None else Normalizer()
    problems = Problems(str(path) if path else "standard input", errors, on_bad_row)
    summary = Summary(output=str(target) if target else "standard output")
    began = time.perf_counter()
    with _signals():
        try:
            _run(path, target, changes_path, fmt, normalizer, problems, summary,
                 Columns(column, output_column, replace), workers, chunk_size, explain,
                 progress, stdin, stdout)
        except (KeyboardInterrupt, _Terminated) as exc:
            raise RunInterruptedError(
                f"interrupted after {summary.documents:,} documents: "
                f"{_nothing_written(target, changes_path)}",
                143 if isinstance(exc, _Terminated) else 130) from None
        except BrokenProcessPool:
            raise WorkerDiedError(
                f"a worker process stopped unexpectedly (killed, or out of memory?) after "
                f"{summary.documents:,} documents: {_nothing_written(target, changes_path)}; "
                f"try fewer --workers or a smaller --chunk-size") from None
        except OutputClosedError:
            raise
        except NusalingoError as exc:
            kind = BadInputError if isinstance(exc, BadInputError) else NusalingoError
            raise kind(f"{exc}\n{_nothing_written(target, changes_path)}") from None
        except BaseException:
            print(f"nusalingo: {_nothing_written(target, changes_path)}", file=sys.stderr)
            raise
    summary.seconds = time.perf_counter() - began
    summary.errors = problems.count
    summary.problems = problems.describe()
    return summary


def _run(path: Path | None, target: Path | None, changes_path: Path | None, fmt: str,
         normalizer: Normalizer, problems: Problems, summary: Summary, columns: Columns,
         workers: int, chunk_size: int, explain: bool, progress: bool,
         stdin: IO[bytes] | None, stdout: IO[str] | None) -> None:
    with ExitStack() as stack:
        reader = open_reader(fmt, path if path is not None else stdin or sys.stdin.buffer,
                             problems, columns, chunk_size)
        stack.callback(reader.close)
        out_file = stack.enter_context(AtomicFile(target)) if target else None
        changes_file = stack.enter_context(AtomicFile(changes_path)) if changes_path else None
        stream: IO[str] | Path
        if out_file is None:
            stream = stdout if stdout is not None else _stdout(stack)
        elif fmt == "parquet" and not explain:
            stream = out_file.temp
        else:
            stream = out_file.open_text()
        writer = open_writer(reader, stream, explain=explain)
        changes_stream = changes_file.open_text() if changes_file else None
        bar = Progress(reader.size, reader.unit, enabled=progress)
        stack.callback(bar.close)
        explaining = explain or changes_stream is not None
        results = _in_process(reader, normalizer, explaining) if workers == 1 \
            else _in_pool(reader, normalizer, explaining, workers)
        stack.callback(results.close)  # stops the worker processes first, whatever happens
        for chunk, result in results:
            with _pipe(out_file is None):
                writer.write(chunk, result.texts, result.changes)
            if changes_stream is not None and result.changes is not None:
                _write_changes(changes_stream, summary.documents, chunk, result)
            summary.add(len(result.texts), result.tokens, result.changed,
                        sum(map(len, result.changes)) if result.changes is not None else None)
            bar.update(chunk.position, summary.documents, summary.tokens)
        with _pipe(out_file is None):
            writer.close()
            if not isinstance(stream, Path):
                stream.flush()
        bar.close()
        if out_file is not None:
            out_file.commit()
        if changes_file is not None:
            changes_file.commit()


def _stdout(stack: ExitStack) -> IO[str]:
    """Standard output as UTF-8 text without newline translation, flushed at the end."""
    stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="",
                              write_through=False)
    sys.stdout.flush()

    def release() -> None:  # flush, and leave sys.stdout's own buffer open
        with contextlib.suppress(BrokenPipeError):
            stream.flush()
        with contextlib.suppress(BrokenPipeError):
            stream.detach()

    stack.callback(release)
    return stream


def _in_process(reader: Reader, normalizer: Normalizer, explain: bool
                ) -> Generator[tuple[Chunk, ChunkResult], None, None]:
    for chunk in reader.chunks():
        yield chunk, normalize_chunk(normalizer, chunk.texts, explain)


def _in_pool(reader: Reader, normalizer: Normalizer, explain: bool, workers: int
             ) -> Generator[tuple[Chunk, ChunkResult], None, None]:
    """Results in input order, with at most ``IN_FLIGHT x workers`` chunks on their way.

    Workers start from a fork server (or are spawned where there is none), not
    forked from this process: whatever threads this process runs (a progress
    bar, a notebook's kernel) cannot leave a lock held in them. The normalizer
    is pickled once for each worker, as the initializer's argument.
    """
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload(["nusalingo.corpus.work"])
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=start_worker,
                               initargs=(normalizer,))
    pending: deque[tuple[Chunk, Future[ChunkResult]]] = deque()
    broken = False
    try:
        for chunk in reader.chunks():
            pending.append((chunk, pool.submit(work, pack(chunk.texts), explain)))
            if len(pending) >= IN_FLIGHT * workers:
                done, future = pending.popleft()
                yield done, _result(future, pool)
        while pending:
            done, future = pending.popleft()
            yield done, _result(future, pool)
    except BrokenProcessPool:
        broken = True
        raise
    finally:
        if broken:  # its thread may wait forever on a half-sent result: do not join it
            for process in _workers(pool):
                process.kill()
        pool.shutdown(wait=not broken, cancel_futures=True)


#: How often the main process looks whether a worker died while it waits for a result.
WATCH_SECONDS = 0.5


def _result(future: Future[ChunkResult], pool: ProcessPoolExecutor) -> ChunkResult:
    """A chunk's result, or ``BrokenProcessPool`` as soon as a worker has died.

    The pool notices a dead worker itself, except when the worker died while
    sending a result: the pool's thread then waits for the rest of it, for
    ever. Looking at the workers while waiting catches that too.
    """
    while True:
        try:
            result = future.result(timeout=WATCH_SECONDS)
            return result._replace(texts=unpack(result.texts))
        except TimeoutError:
            if any(p.exitcode is not None for p in _workers(pool)):
                raise BrokenProcessPool("a worker process stopped unexpectedly") from None


def _workers(pool: ProcessPoolExecutor) -> list[multiprocessing.process.BaseProcess]:
    """The pool's worker processes (``ProcessPoolExecutor`` keeps them in ``_processes``)."""
    return list((getattr(pool, "_processes", None) or {}).values())


def _write_changes(stream: IO[str], before: int, chunk: Chunk, result: ChunkResult) -> None:
    """One JSON line a change; ``document`` counts the documents written, from 1."""
    assert result.changes is not None
    lines = []
    for offset, (line, found) in enumerate(zip(chunk.lines, result.changes, strict=True)):
        for change in found:
            lines.append(json.dumps({
                "document": before + offset + 1, "line": line, "start": change.start,
                "end": change.end, "original": change.original,
                "replacement": change.replacement, "step": change.step,
                "entry": change.entry, "category": change.category}, ensure_ascii=False))
    if lines:
        stream.write("\n".join(lines) + "\n")


def _nothing_written(target: Path | None, changes: Path | None) -> str:
    """What an interrupted or failed run left behind, said plainly."""
    if target is None:
        written = "standard output has only the documents before that point"
        if changes is not None:
            written += f"; nothing was written to {changes}"
        return written
    names = " or ".join(str(p) for p in (target, changes) if p is not None)
    state = "was left as it was" if target.exists() else "does not exist"
    return f"nothing was written to {names} ({target} {state}; no temporary file is left)"


@contextlib.contextmanager
def _pipe(to_stdout: bool) -> Iterator[None]:
    """A broken pipe while writing standard output means its reader stopped reading."""
    try:
        yield
    except BrokenPipeError:
        if not to_stdout:
            raise
        raise OutputClosedError("standard output was closed") from None


@contextlib.contextmanager
def _signals() -> Iterator[None]:
    """During a run, a termination signal stops it like Ctrl-C (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        raise _Terminated

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


__all__ = ["CHUNK_SIZE", "BadInputError", "OutputClosedError", "RunInterruptedError",
           "check_options", "normalize_file"]
