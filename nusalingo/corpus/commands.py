"""The ``nusalingo normalize`` command: a corpus file (or standard input) in, normalized out.

It declares the options and prints; :func:`nusalingo.corpus.run.normalize_file`
does the work. With no FILE it reads standard input, and plain text goes to
standard output unless ``-o`` names a file, so ``nusalingo normalize < chat.txt``
and ``--explain`` work as they always did. The command is defined inside
:func:`register`, which ``nusalingo.cli`` calls once it is complete, so that
importing this module first never runs into a circular import.
"""

# No ``from __future__ import annotations``: typer reads the annotations of the
# function defined in ``register`` at run time.

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from nusalingo.errors import NusalingoError

File = Annotated[Path | None, typer.Argument(
    help="The corpus: plain text (one document a line), .csv, .tsv, .jsonl or .parquet. "
         "Standard input if absent.")]
Output = Annotated[Path | None, typer.Option(
    "-o", "--output", help="The file to write, in the input's format (written whole at the "
                           "end, or not at all). Standard output if absent (not for Parquet).")]
Format = Annotated[str | None, typer.Option(
    "--format", help="txt, csv, tsv, jsonl or parquet (default: from the extension; "
                     "txt for standard input).")]
Column = Annotated[str | None, typer.Option(
    help="CSV, TSV, Parquet: the column that holds the text (needed when there are several).")]
Field = Annotated[str | None, typer.Option(
    help="JSON Lines: the field that holds the text (needed when there are several).")]
OutputColumn = Annotated[str | None, typer.Option(
    help="Name of the new column (field) for the normalized text (default: NAME_normalized).")]
Replace = Annotated[bool, typer.Option(
    "--replace", help="Write the normalized text over the text column instead.")]
ChangesFile = Annotated[Path | None, typer.Option(
    "--changes", help="Also write every change as JSON lines: document, line, span, "
                      "original, replacement, step, entry.")]
Workers = Annotated[int, typer.Option(
    help="Worker processes; the output keeps the input's order.")]
ChunkSize = Annotated[int, typer.Option(help="Documents handed to a worker at a time.")]
Errors = Annotated[str, typer.Option(
    "--errors", help="Bytes that are not UTF-8, line by line: strict (stop), replace "
                     "(keep the line; bad bytes become U+FFFD) or skip (leave the line out).")]
OnBadRow = Annotated[str, typer.Option(
    help="A malformed CSV row or JSON line: fail (stop) or skip (leave it out); either way "
         "its line is reported.")]
Quiet = Annotated[bool, typer.Option(
    "--quiet", "-q", help="No progress bar and no summary (problems are still reported).")]
Explain = Annotated[bool, typer.Option(
    "--explain", help="Plain text: write JSON lines with each line's changes.")]


def register(app: typer.Typer) -> None:
    """Add ``normalize`` to the ``nusalingo`` command."""
    from nusalingo.cli import (
        Disable,
        DropLaughter,
        DropParticles,
        Level,
        Lexicons,
        Proposed,
        build_normalizer,
        friendly,
        normalizer_options,
    )

    @app.command("normalize")
    @friendly
    def normalize_cmd(
        file: File = None,
        output: Output = None,
        fmt: Format = None,
        column: Column = None,
        field: Field = None,
        output_column: OutputColumn = None,
        replace: Replace = False,
        changes: ChangesFile = None,
        workers: Workers = 1,
        chunk_size: ChunkSize = 1000,
        errors: Errors = "strict",
        on_bad_row: OnBadRow = "fail",
        quiet: Quiet = False,
        explain: Explain = False,
        level: Level = "formal",
        lexicon: Lexicons = None,
        disable: Disable = None,
        include_proposed: Proposed = False,
        drop_particles: DropParticles = False,
        drop_laughter: DropLaughter = False,
    ) -> None:
        """Normalize a corpus: plain text line by line, or a column of CSV, TSV, JSON Lines
        or Parquet, in chunks, in one or more processes."""
        from nusalingo.corpus.formats import detect_format
        from nusalingo.corpus.problems import Problems
        from nusalingo.corpus.progress import wanted
        from nusalingo.corpus.run import (
            OutputClosedError,
            RunInterruptedError,
            WorkerDiedError,
            check_options,
            normalize_file,
        )

        kind = detect_format(file, fmt)
        text_column = _text_column(kind, column, field)
        check_options(kind, column=text_column, output_column=output_column, replace=replace,
                      explain=explain, workers=workers, chunk_size=chunk_size,
                      column_flag="--field" if field is not None else "--column")
        Problems("", errors, on_bad_row)  # checks the policies before the lexicons load
        options = normalizer_options(level, include_proposed, disable, drop_particles,
                                     drop_laughter)
        normalizer = build_normalizer(lexicon, options)
        try:
            summary = normalize_file(
                file, output, normalizer=normalizer, format=kind, column=text_column,
                output_column=output_column, replace=replace, changes=changes,
                workers=workers, chunk_size=chunk_size, errors=errors, on_bad_row=on_bad_row,
                explain=explain, progress=wanted(quiet))
        except RunInterruptedError as exc:
            typer.echo(f"nusalingo: {exc}", err=True)
            raise typer.Exit(exc.exit_status) from None
        except WorkerDiedError as exc:  # the pool's thread may never end: end the process
            typer.echo(f"error: {exc}", err=True)
            sys.stderr.flush()
            os._exit(1)
        except OutputClosedError:  # `nusalingo normalize big.txt | head`: stop quietly
            _silence_stdout()
            raise typer.Exit(0) from None
        if not quiet:
            typer.echo(summary.render(), err=True)
        elif summary.problems:
            typer.echo("errors: " + "; ".join(summary.problems), err=True)


def _text_column(kind: str, column: str | None, field: str | None) -> str | None:
    """``--column`` for tables, ``--field`` for JSON Lines; a mix-up is an error."""
    if field is not None and column is not None:
        raise NusalingoError("give --column (CSV, TSV, Parquet) or --field (JSON Lines), "
                             "not both")
    if kind == "jsonl" and column is not None:
        raise NusalingoError(f"JSON Lines has fields, not columns: pass --field {column}")
    if kind in ("csv", "tsv", "parquet") and field is not None:
        raise NusalingoError(f"{kind} has columns, not fields: pass --column {field}")
    return field if field is not None else column


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that Python's last flush cannot fail."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
