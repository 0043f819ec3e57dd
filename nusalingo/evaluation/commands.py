"""The ``nusalingo evaluate`` and ``nusalingo learn`` commands.

They reuse the normalizer switches of :mod:`nusalingo.cli` (``--lexicon``,
``--level``, ``--disable``, ``--include-proposed``...), so a linguist can
measure any lexicon stack and any options, a change before it is verified
included. The work is done by :func:`run_evaluate` and :func:`run_learn`;
:func:`register` only declares the options. Heavy imports stay inside the
functions, so ``nusalingo --help`` stays fast.

The command functions are defined inside :func:`register`, which
``nusalingo.cli`` calls once it is complete: importing this module first
(as the doctest collector does) then never runs into a circular import.
"""

# No ``from __future__ import annotations`` here: typer reads the annotations of
# the functions defined in ``register`` at run time, and they name locals.

from pathlib import Path
from typing import Annotated, Any

import typer

from nusalingo.errors import NusalingoError

Files = Annotated[list[Path], typer.Argument(
    metavar="FILE...",
    help="Gold data: a token file (raw<TAB>gold), an informal and a formal file "
         "(dev.inf dev.for), or a CSV of word pairs.")]
Kind = Annotated[str | None, typer.Option(
    help="tokens, sentences or pairs (default: detected from the files).")]
Train = Annotated[Path | None, typer.Option(
    help="Training data of the same kind, for the MFR baseline (tokens and pairs).")]
AsJson = Annotated[bool, typer.Option("--json", help="Print the report as JSON.")]
Errors = Annotated[int, typer.Option(
    help="List the N most frequent errors, with the entry or rule that fired.")]
Output = Annotated[Path, typer.Option(
    "-o", "--output",
    help="The lexicon file to write the proposed entries to (created, or added to).")]
MinCount = Annotated[int, typer.Option(
    help="Propose a form only when it was changed to the same form this often.")]
Author = Annotated[str, typer.Option(help="Author of the proposed entries.")]
Overrides = Annotated[bool, typer.Option(
    help="Also propose the data's choice for forms the lexicons list but normalize "
         "otherwise (a layer that overrides them).")]


def run_evaluate(files: list[Path], *, kind: str | None, train: Path | None, errors: int,
                 lexicons: list[Path] | None, options: dict[str, Any]) -> dict[str, Any]:
    """Read the gold data, build the normalizer, and return the report."""
    from nusalingo.cli import build_normalizer
    from nusalingo.evaluation.evaluate import (
        evaluate_pairs,
        evaluate_sentences,
        evaluate_tokens,
    )
    from nusalingo.evaluation.formats import (
        SENTENCES,
        TOKENS,
        read_pairs,
        read_sentences,
        read_tokens,
        sentence_files,
    )

    if errors < 0:
        raise NusalingoError(f"--errors must be 0 or more, got {errors}")
    kind = check_kind(kind, files)
    names = [str(f) for f in files]
    if kind == TOKENS:
        gold = [s for f in files for s in read_tokens(f)]
        training = read_tokens(train) if train else None
        return evaluate_tokens(build_normalizer(lexicons, options), gold, training, errors,
                               names)
    if kind == SENTENCES:
        if train is not None:
            raise NusalingoError(
                "--train gives the MFR baseline of token files and word pairs; parallel "
                "sentences are compared with copying the input instead: drop --train")
        informal, formal = sentence_files(files)
        pairs = read_sentences(informal, formal)
        return evaluate_sentences(build_normalizer(lexicons, options), pairs, errors,
                                  [str(informal), str(formal)])
    words = [p for f in files for p in read_pairs(f)]
    training_pairs = read_pairs(train) if train else None
    return evaluate_pairs(build_normalizer(lexicons, options), words, training_pairs, errors,
                          names)


def run_learn(files: list[Path], output: Path, *, kind: str | None,
              lexicons: list[Path] | None, min_count: int, author: str,
              overrides: bool = False) -> str:
    """Learn entries from the files into ``output``; return the summary line."""
    from nusalingo.evaluation.formats import (
        SENTENCES,
        TOKENS,
        read_pairs,
        read_sentences,
        read_tokens,
        sentence_files,
    )
    from nusalingo.evaluation.learn import (
        Sighting,
        learn_entries,
        sightings_from_pairs,
        sightings_from_sentences,
        sightings_from_tokens,
    )
    from nusalingo.lexicon import load_lexicon
    from nusalingo.normalize import Normalizer

    kind = check_kind(kind, files)
    if output.suffix.lower() != ".tsv":
        raise NusalingoError(f"-o {output}: a lexicon file ends in .tsv; e.g. -o learned.tsv")
    if not output.parent.is_dir():
        raise NusalingoError(f"-o {output}: the folder {output.parent} does not exist; "
                             f"create it first")
    sightings: list[Sighting]
    if kind == TOKENS:
        data: list[Any] = [s for f in files for s in read_tokens(f)]
    elif kind == SENTENCES:
        data = read_sentences(*sentence_files(files))
    else:
        data = [p for f in files for p in read_pairs(f)]
    stack = load_lexicon(*lexicons) if lexicons else load_lexicon()
    normalizer = Normalizer(stack)
    if kind == TOKENS:
        sightings = list(sightings_from_tokens(data, normalizer))
    elif kind == SENTENCES:
        sightings = list(sightings_from_sentences(data, normalizer))
    else:
        sightings = list(sightings_from_pairs(data, normalizer))
    report = learn_entries(sightings, output, stack, normalizer=normalizer, min_count=min_count,
                   overrides=overrides, author=author)
    return report.summary()


def check_kind(kind: str | None, files: list[Path]) -> str:
    """The kind given with ``--kind`` (checked), or the kind detected from the files."""
    from nusalingo.evaluation.formats import KINDS, detect_kind

    if kind is None:
        return detect_kind(files)
    if kind not in KINDS:
        raise NusalingoError(f"--kind must be one of {', '.join(KINDS)}, got {kind!r}")
    return kind


def register(app: typer.Typer) -> None:
    """Add ``evaluate`` and ``learn`` to the ``nusalingo`` command."""
    from nusalingo.cli import (
        Disable,
        DropLaughter,
        DropParticles,
        Level,
        Lexicons,
        Proposed,
        friendly,
        normalizer_options,
    )

    @app.command("evaluate")
    @friendly
    def evaluate_cmd(
        files: Files,
        train: Train = None,
        as_json: AsJson = False,
        kind: Kind = None,
        errors: Errors = 0,
        level: Level = "formal",
        lexicon: Lexicons = None,
        disable: Disable = None,
        include_proposed: Proposed = False,
        drop_particles: DropParticles = False,
        drop_laughter: DropLaughter = False,
    ) -> None:
        """Score the normalizer on gold data, next to the baselines, with its errors."""
        from nusalingo.evaluation.report import render, to_json

        options = normalizer_options(level, include_proposed, disable, drop_particles,
                                     drop_laughter)
        report = run_evaluate(files, kind=kind, train=train, errors=errors, lexicons=lexicon,
                              options=options)
        if as_json:
            typer.echo(to_json(report))
        else:
            render(report)

    @app.command("learn")
    @friendly
    def learn_cmd(
        files: Files,
        output: Output,
        lexicon: Lexicons = None,
        min_count: MinCount = 1,
        kind: Kind = None,
        author: Author = "nusalingo-learn",
        overrides: Overrides = False,
    ) -> None:
        """Propose lexicon entries (status proposed) from token-aligned, parallel or pair data."""
        typer.echo(run_learn(files, output, kind=kind, lexicons=lexicon, min_count=min_count,
                             author=author, overrides=overrides))
