"""The ``nusalingo`` command: a thin layer over the library.

Each command parses its options, calls the library, and prints; errors from
the library are shown as one clear message with exit status 1 (2 for wrong
usage), never as a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from nusalingo.config import SWITCHES
from nusalingo.errors import LexiconFormatError, NusalingoError

app = typer.Typer(
    name="nusalingo",
    help="Normalize colloquial Indonesian and curate the lexicons behind it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
lexicon_app = typer.Typer(help="Validate, edit, review, import and export lexicon files.",
                          no_args_is_help=True)
app.add_typer(lexicon_app, name="lexicon")

F = TypeVar("F", bound=Callable[..., Any])


def friendly(func: F) -> F:
    """Turn nusalingo's errors into a message on stderr and exit status 1."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except LexiconFormatError as exc:
            typer.echo(f"error: the lexicon has problems:\n{exc}", err=True)
            raise typer.Exit(1) from None
        except (NusalingoError, OSError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


PathArg = Annotated[Path, typer.Argument(help="A lexicon file (.tsv).")]
Author = Annotated[str, typer.Option("--author", help="Your name; every change is attributed.")]


@lexicon_app.command("validate")
@friendly
def validate_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Lexicon files or folders, in stack order.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print problems as JSON lines.")] = False,
    warnings: Annotated[bool, typer.Option(help="Also show warnings.")] = True,
) -> None:
    """Check lexicon files; exit 0 when valid, 1 when any error is found."""
    from nusalingo.validation import expand_paths, validate_paths

    for path in paths:
        if not path.exists():
            raise NusalingoError(f"{path}: no such file or folder")
    files = expand_paths(paths)
    if not files:
        raise NusalingoError(f"no lexicon files (*.tsv) in {', '.join(map(str, paths))}")
    problems = validate_paths(files)
    shown = [p for p in problems if warnings or p.severity == "error"]
    errors = sum(1 for p in problems if p.severity == "error")
    for problem in shown:
        typer.echo(json.dumps(problem.as_dict(), ensure_ascii=False) if as_json else str(problem))
    summary = (f"{len(files)} file(s) checked: {errors} error(s), "
               f"{len(problems) - errors} warning(s)")
    typer.echo(summary, err=as_json)
    if errors:
        raise typer.Exit(1)


@lexicon_app.command("add")
@friendly
def add_cmd(
    path: PathArg,
    informal: Annotated[str, typer.Option(help="The informal form.")],
    formal: Annotated[str, typer.Option(help="Its formal Indonesian form.")],
    category: Annotated[str, typer.Option(help="Kind of change, e.g. disemvoweling.")],
    author: Author,
    colloquial: str = "",
    context: str = "",
    pos: str = "",
    region: str = "",
    register: str = "",
    example: str = "",
    example_formal: str = "",
    note: str = "",
    source: str = "",
) -> None:
    """Add a proposed entry and print its id."""
    from nusalingo.store import LexiconStore

    fields = {k: v for k, v in {
        "informal": informal, "formal": formal, "category": category, "colloquial": colloquial,
        "context": context, "pos": pos, "region": region, "register": register,
        "example": example, "example_formal": example_formal, "note": note, "source": source,
    }.items() if v}
    entry = LexiconStore(path).add(author=author, **fields)
    typer.echo(entry.id)


@lexicon_app.command("edit")
@friendly
def edit_cmd(
    path: PathArg,
    entry_id: Annotated[str, typer.Argument(metavar="ID")],
    author: Author,
    version: Annotated[int, typer.Option(help="The version you are editing (see history).")],
    set_: Annotated[list[str], typer.Option("--set", help="FIELD=VALUE, repeatable.")],
) -> None:
    """Change fields of an entry; refused if it changed since VERSION."""
    from nusalingo.store import LexiconStore

    changes = {}
    for item in set_:
        field, sep, value = item.partition("=")
        if not sep:
            raise NusalingoError(f"--set needs FIELD=VALUE, got {item!r}")
        changes[field.strip()] = value
    entry = LexiconStore(path).edit(entry_id, author=author, expected_version=version,
                                    changes=changes)
    typer.echo(f"{entry.id} now at version {entry.version} ({entry.status})")


@lexicon_app.command("verify")
@friendly
def verify_cmd(
    path: PathArg,
    entry_ids: Annotated[list[str], typer.Argument(metavar="ID...")],
    reviewer: Annotated[str, typer.Option(help="Your name; not the entry's author.")],
    note: str = "",
) -> None:
    """Mark entries verified."""
    from nusalingo.store import LexiconStore

    store = LexiconStore(path)
    for entry_id in entry_ids:
        entry = store.verify(entry_id, reviewer=reviewer, note=note)
        typer.echo(f"{entry.id} verified by {reviewer} (version {entry.version})")


@lexicon_app.command("reject")
@friendly
def reject_cmd(
    path: PathArg,
    entry_id: Annotated[str, typer.Argument(metavar="ID")],
    reviewer: Annotated[str, typer.Option(help="Your name; not the entry's author.")],
    reason: Annotated[str, typer.Option(help="Why, for the author.")],
) -> None:
    """Mark an entry rejected, with a reason."""
    from nusalingo.store import LexiconStore

    entry = LexiconStore(path).reject(entry_id, reviewer=reviewer, reason=reason)
    typer.echo(f"{entry.id} rejected by {reviewer} (version {entry.version})")


@lexicon_app.command("delete")
@friendly
def delete_cmd(
    path: PathArg,
    entry_id: Annotated[str, typer.Argument(metavar="ID")],
    author: Author,
    version: Annotated[int, typer.Option(help="The version you are deleting.")],
) -> None:
    """Delete an entry (recorded in the history; its id is never reused)."""
    from nusalingo.store import LexiconStore

    entry = LexiconStore(path).delete(entry_id, author=author, expected_version=version)
    typer.echo(f"{entry.id} deleted")


@lexicon_app.command("restore")
@friendly
def restore_cmd(
    path: PathArg,
    entry_id: Annotated[str, typer.Argument(metavar="ID")],
    version: Annotated[int, typer.Argument(help="The version to bring back.")],
    author: Author,
) -> None:
    """Restore an entry to an earlier version (itself a recorded change)."""
    from nusalingo.store import LexiconStore

    entry = LexiconStore(path).restore(entry_id, version, author=author)
    typer.echo(f"{entry.id} restored, now at version {entry.version}")


@lexicon_app.command("history")
@friendly
def history_cmd(
    path: PathArg,
    entry_id: Annotated[str | None, typer.Argument(metavar="[ID]")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print records as JSON lines.")] = False,
) -> None:
    """List recorded changes, of the whole file or one entry."""
    from nusalingo.store import LexiconStore

    records = LexiconStore(path).history(entry_id)
    for record in records:
        if as_json:
            typer.echo(json.dumps(record.as_dict(), ensure_ascii=False))
            continue
        before, after = record.before or {}, record.after or {}
        changed = [
            f"{k}: {before.get(k, '')!r} -> {after.get(k, '')!r}"
            for k in after.keys() | before.keys()
            if k != "version" and before.get(k, "") != after.get(k, "")
        ] if record.action not in ("add", "import", "delete") else []
        label = f"{after.get('informal') or before.get('informal')} -> " \
                f"{after.get('formal') or before.get('formal')}"
        typer.echo(f"{record.time}  {record.user:<12} {record.action:<8} {record.id} "
                   f"v{record.version}  {label}")
        for line in sorted(changed):
            typer.echo(f"    {line}")
    if not records and not as_json:
        typer.echo("no recorded changes")


@lexicon_app.command("stats")
@friendly
def stats_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Lexicon files or folders.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print Markdown tables.")] = False,
    write_readme: Annotated[Path | None, typer.Option(
        help="Replace the counts between <!-- stats:start --> and <!-- stats:end --> "
             "in this file.")] = None,
) -> None:
    """Counts by status, category, region, register and author."""
    from nusalingo.lexicon import load_lexicon
    from nusalingo.stats import lexicon_stats, stats_markdown

    lexicon = load_lexicon(*paths, strict=False)
    stats = lexicon_stats(lexicon)
    if write_readme is not None:
        _replace_block(write_readme, "stats", stats_markdown(stats))
        typer.echo(f"updated the counts in {write_readme}")
    elif as_json:
        typer.echo(json.dumps(stats, ensure_ascii=False, indent=2))
    elif markdown:
        typer.echo(stats_markdown(stats))
    else:
        from rich.console import Console
        from rich.table import Table

        console = Console()
        totals = stats["totals"]
        console.print(f"{totals['senses']} senses, {totals['forms']} forms, "
                      f"{totals['verified_senses']} verified senses of "
                      f"{totals['verified_forms']} forms")
        for facet in ("status", "category", "region", "register", "author"):
            table = Table(title=facet, show_edge=False)
            table.add_column(facet)
            table.add_column("senses", justify="right")
            for value, count in stats[facet].items():
                table.add_row(value, str(count))
            console.print(table)


@lexicon_app.command("import")
@friendly
def import_cmd(
    source_file: Annotated[Path, typer.Argument(metavar="FILE", help="The file to import.")],
    into: Annotated[Path, typer.Option("--into", help="The lexicon file to add to.")],
    author: Author,
    fmt: Annotated[str | None, typer.Option("--format",
        help="tsv, csv, xlsx, cil (Colloquial Indonesian Lexicon) or pairs.")] = None,
    source: Annotated[str | None, typer.Option(help="Value for the source column.")] = None,
    default_category: str = "spelling",
    also: Annotated[list[Path] | None, typer.Option(
        "--against", help="Other lexicons whose entries count as already covered.")] = None,
) -> None:
    """Import rows as proposed entries; rows already covered are reported, not doubled."""
    from nusalingo.interchange import import_file
    from nusalingo.lexicon import load_lexicon
    from nusalingo.store import LexiconStore

    existing = list(load_lexicon(*also, strict=False)) if also else []
    report = import_file(source_file, LexiconStore(into), author=author, fmt=fmt, source=source,
                         default_category=default_category, existing=existing)
    typer.echo(report.summary())


@lexicon_app.command("export")
@friendly
def export_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Lexicon files or folders.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The file to write.")],
    fmt: Annotated[str | None, typer.Option("--format",
        help="tsv, csv, xlsx, cil or pairs (default: from the extension).")] = None,
    status: Annotated[list[str] | None, typer.Option(help="Only these statuses.")] = None,
) -> None:
    """Export entries for a spreadsheet or another tool (formula-safe)."""
    from nusalingo.interchange import export_entries
    from nusalingo.lexicon import load_lexicon

    entries = [e for e in load_lexicon(*paths, strict=False)
               if not status or e.status in status]
    count = export_entries(entries, output, fmt)
    typer.echo(f"wrote {count} entries to {output}")


def normalizer_options(level: str, include_proposed: bool, disable: list[str] | None,
                       drop_particles: bool, drop_laughter: bool) -> dict[str, Any]:
    """Normalizer options from the shared command-line switches, checked."""
    from nusalingo.config import LEVELS

    if level not in LEVELS:
        raise NusalingoError(f"--level must be one of {', '.join(LEVELS)}, got {level!r}")
    options: dict[str, Any] = {"level": level, "include_proposed": include_proposed,
                               "drop_particles": drop_particles, "drop_laughter": drop_laughter}
    for name in disable or ():
        if name not in SWITCHES:
            raise NusalingoError(
                f"--disable {name!r}: no such step; steps are: {', '.join(SWITCHES)}")
        options[name] = False
    return options


Level = Annotated[str, typer.Option(help="formal (gak -> tidak) or colloquial (gk -> enggak).")]
Lexicons = Annotated[list[Path] | None, typer.Option(
    "--lexicon", help="Lexicon file or folder; repeat to stack (default: the shipped ones).")]
Disable = Annotated[list[str] | None, typer.Option(
    help=f"Switch a step off: {', '.join(SWITCHES)}. Repeatable.")]
Proposed = Annotated[bool, typer.Option(help="Also use proposed entries.")]
DropParticles = Annotated[bool, typer.Option(help="Remove particles (sih, dong, deh...).")]
DropLaughter = Annotated[bool, typer.Option(help="Remove laughter (wkwk, haha...).")]


def build_normalizer(lexicons: list[Path] | None, options: dict[str, Any]) -> Any:
    """A Normalizer on the given lexicon stack (or the shipped one)."""
    from nusalingo.normalize import Normalizer

    return Normalizer([str(p) for p in lexicons] if lexicons else None, **options)


def _replace_block(path: Path, name: str, body: str) -> None:
    from nusalingo.tsv import atomic_write_text

    text = path.read_text(encoding="utf-8")
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    if start not in text or end not in text:
        raise NusalingoError(f"{path} has no {start} ... {end} block to replace")
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    atomic_write_text(path, f"{head}{start}\n{body}\n{end}{tail}")


def main() -> None:
    """Entry point of the ``nusalingo`` command."""
    app(prog_name="nusalingo")


# -- commands that live in other modules ----------------------------------------------------------
# Each module keeps its heavy imports inside its functions, so `nusalingo --help` stays fast.
from nusalingo.evaluation.commands import register as _register_evaluation  # noqa: E402

_register_evaluation(app)
from nusalingo.corpus.commands import register as _register_corpus  # noqa: E402

_register_corpus(app)
from nusalingo.probe.commands import register as _register_probe  # noqa: E402

_register_probe(app)
