"""Behavioural tests of a model on informal Indonesian, in the manner of CheckList.

Three suites, built from formal sentences (a file with labels) or from the
lexicon's examples:

- **invariance**: the model's answer on an informal variant
  (:func:`~nusalingo.probe.variants.informalize`) must equal its answer on
  the formal sentence;
- **directional**: an informal negation (``gak``, ``kagak``, ``ndak``) put
  before the sentence's predicate must change a sentiment label, while an
  intensifier (``enak banget``) or a particle (``sih``, ``dong``) must not. The
  formal ``tidak`` and ``sangat`` run alongside as controls, so a model that
  misses ``gak`` but gets ``tidak`` is told apart from one that misses both;
- **meaning**: an informal word in its example sentence, and the model must
  pick the formal meaning among distractors (``choice``), or rewrite the
  sentence in formal Indonesian, judged by whether the formal form appears
  (``paraphrase``; chrF against the formal rewrite is kept as a score).

A :class:`Case` is one test item; :func:`run_cases` asks a model (any
adapter of :mod:`nusalingo.probe.models`) and gives a :class:`Result` per
case: ``pass``, ``fail``, or ``unusable`` when the model gave no answer that
can be judged. Answers are deduplicated, so a formal sentence shared by many
cases is asked once.

>>> from nusalingo.probe.models import as_model
>>> model = as_model(lambda t: "negatif" if "tidak" in t.lower() else "positif")
>>> sentence = Sentence(id="s1", text="Makanannya enak.", label="positif", predicate="enak")
>>> results = run_cases(model, directional_cases([sentence], negations=("gak",),
...                                                intensifiers=(), particles=()))
>>> [(r.case.test, r.case.informal, r.outcome) for r in results]
[('negation', 'gak', 'fail'), ('negation', 'tidak', 'pass')]
"""

from __future__ import annotations

import dataclasses
import json
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nusalingo.casing import match_case
from nusalingo.entry import Entry, form_key
from nusalingo.errors import NusalingoError
from nusalingo.lexicon import Lexicon, load_lexicon
from nusalingo.normalize import Change
from nusalingo.probe.models import CLASSIFIER, Answer, Model, ModelError, cosine
from nusalingo.probe.variants import Informalizer, default_informalizer

INVARIANCE, DIRECTIONAL, MEANING = "invariance", "directional", "meaning"
SUITES = (INVARIANCE, DIRECTIONAL, MEANING)
PASS, FAIL, UNUSABLE = "pass", "fail", "unusable"
#: Expectations: the answer equals the formal one, differs from it, or is ``expected``.
SAME, DIFFERENT, ANSWER = "same", "different", "answer"

#: Informal negations the issue names, all mapped to ``tidak`` by the shipped lexicons.
NEGATIONS = ("gak", "kagak", "ndak")
#: Intensifiers, after the predicate as people say them.
INTENSIFIERS = ("banget", "bgt")
PARTICLES = ("sih", "dong", "ya")

CHOICE_PROMPT = (
    'Dalam kalimat "{context}", apa arti kata "{informal}" dalam bahasa Indonesia baku?\n'
    "{options}\nJawab hanya dengan nomor pilihan yang benar."
)
PARAPHRASE_PROMPT = (
    "Tulis ulang kalimat berikut dalam bahasa Indonesia baku. Jawab hanya dengan "
    "kalimatnya.\n{text}"
)


class SuiteError(NusalingoError):
    """A sentence or probe file that cannot be read, with its file and line."""


@dataclass(frozen=True, slots=True)
class Sentence:
    """A formal sentence to test on: its label (if any), and its predicate, the word a
    negation or an intensifier attaches to (``enak`` in ``Makanannya enak.``)."""

    id: str
    text: str
    label: str = ""
    predicate: str = ""
    file: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Case:
    """One test item: what the model sees (``text``), what it is compared with."""

    id: str
    suite: str
    test: str
    source: str                 # the formal text (invariance, directional) or rewrite
    text: str                   # what the model is asked about
    expect: str                 # SAME, DIFFERENT or ANSWER
    expected: str = ""          # the right answer (ANSWER), the gold label otherwise
    intensity: str = ""
    category: str = ""          # the case's own category, when it tests one
    informal: str = ""          # the informal form under test (meaning, negation...)
    formal: str = ""            # its formal form
    options: tuple[str, ...] = ()
    context: str = ""           # the sentence the informal form appears in (meaning)
    changes: tuple[Change, ...] = ()
    entries: tuple[str, ...] = ()

    def categories(self) -> tuple[str, ...]:
        """The categories of the edits this case tests, in order, without repeats."""
        found = [self.category] if self.category else []
        found += [c.category for c in self.changes if c.category]
        return tuple(dict.fromkeys(found))

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {"id": self.id, "suite": self.suite, "test": self.test, "source": self.source,
                "text": self.text, "expect": self.expect, "expected": self.expected,
                "intensity": self.intensity, "category": self.category,
                "categories": list(self.categories()), "informal": self.informal,
                "formal": self.formal, "options": list(self.options), "context": self.context,
                "changes": [c.as_dict() for c in self.changes], "entries": list(self.entries)}


@dataclass(frozen=True, slots=True)
class Result:
    """A case, the model's answers and the outcome (``pass``, ``fail`` or ``unusable``).

    ``prompt`` is exactly what the model was sent; ``base_answer`` its answer on
    the formal text (invariance, directional); ``score`` a similarity or chrF.
    """

    case: Case
    outcome: str
    answer: str | None
    prompt: str
    base_answer: str | None = None
    error: str = ""
    score: float | None = None
    model: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """One line of the items file."""
        return {**self.case.as_dict(), "model": self.model, "prompt": self.prompt,
                "answer": self.answer, "base_answer": self.base_answer,
                "outcome": self.outcome, "error": self.error, "score": self.score,
                **self.extra}


# -- reading sentences -----------------------------------------------------------------------


def read_sentences(path: str | Path) -> list[Sentence]:
    """Formal sentences from a TSV file (header with ``text`` and optionally ``id``,
    ``label``, ``predicate``) or a JSON-lines file with the same keys.

    Lines starting with ``#`` are comments. A predicate must occur in its sentence.
    """
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SuiteError(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from exc
    rows = _json_rows(path, raw) if path.suffix.lower() in (".jsonl", ".json") \
        else _tsv_rows(path, raw)
    sentences: list[Sentence] = []
    seen: set[str] = set()
    for line, row in rows:
        text = str(row.get("text", "")).strip()
        if not text:
            raise SuiteError(f"{path}:{line}: the text is empty; every row needs a sentence")
        ident = str(row.get("id") or f"{path.stem}-{line}")
        if ident in seen:
            raise SuiteError(f"{path}:{line}: id {ident!r} is used twice; give each row its own")
        seen.add(ident)
        predicate = str(row.get("predicate", "") or "").strip()
        if predicate and _find_word(text, predicate) is None:
            raise SuiteError(f"{path}:{line}: predicate {predicate!r} is not a word of "
                             f"{text!r}; write the word as it appears in the sentence")
        sentences.append(Sentence(ident, text, str(row.get("label", "") or "").strip(),
                                  predicate, str(path), line))
    if not sentences:
        raise SuiteError(f"{path}: no sentences; a header line 'text<TAB>label<TAB>predicate' "
                         f"and one sentence a line are expected")
    return sentences


def _tsv_rows(path: Path, raw: str, required: str = "text") -> list[tuple[int, dict[str, str]]]:
    lines = [(n, line.rstrip("\r")) for n, line in enumerate(raw.split("\n"), start=1)]
    lines = [(n, line) for n, line in lines if line.strip() and not line.startswith("#")]
    if not lines:
        return []
    header = lines[0][1].split("\t")
    if required not in header:
        raise SuiteError(f"{path}:{lines[0][0]}: the header {lines[0][1]!r} has no "
                         f"{required!r} column; the first line names the columns")
    rows = []
    for number, line in lines[1:]:
        cells = line.split("\t")
        if len(cells) != len(header):
            raise SuiteError(f"{path}:{number}: {len(cells)} cells for {len(header)} columns "
                             f"in {line!r}; separate the columns with one tab each")
        rows.append((number, dict(zip(header, cells, strict=True))))
    return rows


def _json_rows(path: Path, raw: str) -> list[tuple[int, dict[str, Any]]]:
    rows = []
    for number, line in enumerate(raw.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SuiteError(f"{path}:{number}: not a JSON object ({exc.msg}): "
                             f"{line[:60]!r}") from exc
        if not isinstance(row, dict):
            raise SuiteError(f"{path}:{number}: expected a JSON object, got {line[:60]!r}")
        rows.append((number, row))
    return rows


# -- building cases --------------------------------------------------------------------------


def invariance_cases(sentences: Sequence[Sentence], *,
                     informalizer: Informalizer | None = None,
                     intensities: Sequence[str | float] = ("light", "medium", "heavy"),
                     categories: Sequence[str] = (), category_intensity: str | float = "heavy",
                     variants: int = 1, seed: int = 0) -> list[Case]:
    """Informal variants of each sentence: ``variants`` at each intensity (the default
    mix of edits), and ``variants`` for each category in ``categories`` alone.

    A sentence with nothing to change at some setting gives no case there.
    """
    informalizer = informalizer or default_informalizer()
    settings: list[tuple[str | float, tuple[str, ...] | None]] = \
        [(i, None) for i in intensities] + [(category_intensity, (c,)) for c in categories]
    cases = []
    for sentence in sentences:
        for intensity, chosen in settings:
            found = informalizer.variants(sentence.text, variants, intensity, chosen, seed)
            for number, variant in enumerate(found, start=1):
                label = chosen[0] if chosen else ""
                cases.append(Case(
                    id=f"{sentence.id}/inv/{label or variant.intensity}/{number}",
                    suite=INVARIANCE, test="category" if chosen else "intensity",
                    source=sentence.text, text=variant.text, expect=SAME,
                    expected=sentence.label, intensity=variant.intensity, category=label,
                    changes=variant.changes, entries=variant.entries))
    return cases


def directional_cases(sentences: Sequence[Sentence], *, lexicon: Lexicon | None = None,
                      negations: Sequence[str] = NEGATIONS,
                      intensifiers: Sequence[str] = INTENSIFIERS,
                      particles: Sequence[str] = PARTICLES, controls: bool = True) -> list[Case]:
    """Negations must change the label; intensifiers and particles must not.

    Each informal form must be in the lexicon with the formal form it stands for
    (``tidak``, ``sangat``, or the particle itself), so that every case names its
    entry. With ``controls``, the formal ``tidak`` and ``sangat`` are tested too.
    Negations and intensifiers need the sentence's predicate; particles do not.
    """
    lexicon = lexicon if lexicon is not None else _shipped()
    forms = [("negation", f, "tidak", DIFFERENT) for f in negations]
    forms += [("intensifier", f, "sangat", SAME) for f in intensifiers]
    entries = {form: _entry_for(lexicon, form, formal) for _, form, formal, _ in forms}
    particle_entries = {p: _particle_entry(lexicon, p) for p in particles}
    if controls:
        forms += [("negation", "tidak", "tidak", DIFFERENT)] if negations else []
        forms += [("intensifier", "sangat", "sangat", SAME)] if intensifiers else []
    cases = []
    for sentence in sentences:
        for test, form, formal, expect in forms:
            if not sentence.predicate:
                continue
            entry = entries.get(form)
            change = _negate(sentence, form) if test == "negation" else _intensify(sentence, form)
            cases.append(_directional(sentence, test, form, formal, expect, change, entry))
        for particle in particles:
            entry = particle_entries[particle]
            cases.append(_directional(sentence, "particle", particle, particle, SAME,
                                      _add_particle(sentence.text, particle), entry))
    return cases


def meaning_cases(*, lexicon: Lexicon | None = None, count: int | None = 50,
                  distractors: int = 3, seed: int = 0, paraphrase: bool = True,
                  categories: Iterable[str] | None = None) -> list[Case]:
    """Meaning probes from the lexicon's examples: a ``choice`` case (the formal meaning
    among ``distractors`` other formal words of the same part of speech) and, with
    ``paraphrase``, a ``paraphrase`` case per entry. ``count`` entries are sampled
    (deterministically for ``seed``); ``None`` takes every entry with an example.
    """
    lexicon = lexicon if lexicon is not None else _shipped()
    wanted = frozenset(categories) if categories is not None else None
    pool = sorted({e.id: e for senses in lexicon.senses().values() for e in senses
                   if e.example and e.example_formal and e.changes_form
                   and e.category not in ("keep", "particle", "interjection")
                   and e.register not in ("vulgar", "offensive")
                   and (wanted is None or e.category in wanted)}.values(),
                  key=lambda e: e.id)
    rng = random.Random(seed)
    chosen = pool if count is None or count >= len(pool) else rng.sample(pool, count)
    by_pos: dict[str, list[str]] = {}
    for senses in lexicon.senses().values():
        for entry in senses:
            if entry.changes_form and entry.category != "keep":
                by_pos.setdefault(entry.pos, []).append(form_key(entry.formal))
    pools = {pos: sorted(set(forms)) for pos, forms in by_pos.items()}
    everything = sorted({f for forms in pools.values() for f in forms})
    cases = []
    for entry in chosen:
        meanings = {form_key(e.formal) for e in lexicon.lookup(entry.informal)}
        candidates = [f for f in pools.get(entry.pos, everything) if f not in meanings]
        if len(candidates) < distractors:
            candidates = [f for f in everything if f not in meanings]
        options = [form_key(entry.formal), *rng.sample(candidates, distractors)]
        rng.shuffle(options)
        choice = Case(id=f"{entry.id}/choice", suite=MEANING, test="choice",
                      source=entry.example_formal, text=entry.example, expect=ANSWER,
                      expected=form_key(entry.formal), informal=entry.informal,
                      formal=form_key(entry.formal), category=entry.category,
                      options=tuple(options), context=entry.example, entries=(entry.id,))
        cases.append(choice)
        if paraphrase:
            cases.append(dataclasses.replace(choice, id=f"{entry.id}/paraphrase",
                                             test="paraphrase", options=()))
    return cases


def read_meaning_cases(path: str | Path, *, lexicon: Lexicon | None = None,
                       distractors: int = 3, seed: int = 0,
                       paraphrase: bool = True) -> list[Case]:
    """Meaning probes from a file: a TSV (or JSON lines) with ``informal``, ``formal`` and
    optionally ``context`` (an informal sentence with the word), ``context_formal`` (its
    formal rewrite) and ``distractors`` (``|``-separated). Missing distractors are drawn
    from the lexicon's formal forms."""
    path = Path(path)
    raw = path.read_text(encoding="utf-8")
    rows = _json_rows(path, raw) if path.suffix.lower() in (".jsonl", ".json") \
        else _tsv_rows(path, raw, required="informal")
    rng = random.Random(seed)
    pool: list[str] | None = None
    cases = []
    for line, row in rows:
        informal = form_key(str(row.get("informal", "")))
        formal = form_key(str(row.get("formal", "")))
        if not informal or not formal:
            raise SuiteError(f"{path}:{line}: a meaning probe needs 'informal' and 'formal'")
        given = [form_key(d) for d in str(row.get("distractors", "") or "").split("|")
                 if d.strip()]
        if formal in given:
            raise SuiteError(f"{path}:{line}: the formal form {formal!r} is also a distractor")
        if len(given) < distractors:
            if pool is None:
                stack = lexicon if lexicon is not None else _shipped()
                pool = sorted({form_key(e.formal) for e in stack if e.changes_form})
            spare = [f for f in pool if f != formal and f not in given]
            given += rng.sample(spare, min(len(spare), distractors - len(given)))
        options = [formal, *given]
        rng.shuffle(options)
        context = str(row.get("context", "") or "").strip() or informal
        context_formal = str(row.get("context_formal", "") or "").strip()
        ident = f"{path.stem}-{line}"
        choice = Case(id=f"{ident}/choice", suite=MEANING, test="choice",
                      source=context_formal or formal, text=context, expect=ANSWER,
                      expected=formal, informal=informal, formal=formal,
                      options=tuple(options), context=context)
        cases.append(choice)
        if paraphrase:
            cases.append(dataclasses.replace(choice, id=f"{ident}/paraphrase",
                                             test="paraphrase", options=()))
    return cases


# -- running ---------------------------------------------------------------------------------


def run_cases(model: Model, cases: Sequence[Case], *, prompt: str = "{text}",
              labels: Iterable[str] | None = None, choice_prompt: str = CHOICE_PROMPT,
              paraphrase_prompt: str = PARAPHRASE_PROMPT, batch_size: int = 64) -> list[Result]:
    """Ask the model about every case and judge its answers.

    ``prompt`` turns a sentence into what a generator is sent (a classification
    instruction for a chat model, with ``{text}``); ``labels`` are the labels its
    answer is read as (the one label that occurs in the reply), for a generator
    used as a classifier. An embedding model answers ``choice`` cases by cosine
    similarity; ``paraphrase`` cases need a generator.
    """
    if "{text}" not in prompt:
        raise ModelError(f"the prompt must contain {{text}}, got {prompt!r}")
    readable = frozenset(labels) if labels is not None else None
    asker = _Asker(model, batch_size, readable)
    results: list[Result | None] = [None] * len(cases)
    label_cases = [i for i, c in enumerate(cases) if c.suite in (INVARIANCE, DIRECTIONAL)]
    if label_cases:
        _require_answers(model, "invariance and directional tests")
        texts = {p for i in label_cases for p in (prompt.format(text=cases[i].source),
                                                  prompt.format(text=cases[i].text))}
        asker.ask(sorted(texts))
        for i in label_cases:
            results[i] = _judge_label(cases[i], asker, prompt, model.name)
    choices = [i for i, c in enumerate(cases) if c.test == "choice"]
    if choices and model.can_embed and not model.can_answer:
        for i, result in zip(choices, _embedding_choices(model, [cases[i] for i in choices],
                                                        batch_size), strict=True):
            results[i] = result
    elif choices:
        _require_answers(model, "meaning probes")
        prompts = {i: _choice_prompt(cases[i], choice_prompt) for i in choices}
        asker.ask(sorted(set(prompts.values())), free=True)
        for i in choices:
            results[i] = _judge_choice(cases[i], asker.get(prompts[i]), prompts[i], model.name)
    paraphrases = [i for i, c in enumerate(cases) if c.test == "paraphrase"]
    if paraphrases:
        if model.kind == CLASSIFIER or not model.can_answer:
            raise ModelError(f"{model.name} cannot write text; paraphrase probes need a "
                             f"generator (a chat model); leave them out with paraphrase=False")
        prompts = {i: paraphrase_prompt.format(text=cases[i].text) for i in paraphrases}
        asker.ask(sorted(set(prompts.values())), free=True)
        for i in paraphrases:
            results[i] = _judge_paraphrase(cases[i], asker.get(prompts[i]), prompts[i],
                                           model.name)
    missing = [cases[i].id for i, r in enumerate(results) if r is None]
    if missing:
        raise ModelError(f"cases of an unknown suite or test: {', '.join(missing[:5])}")
    return [r for r in results if r is not None]


def run_suites(model: Model, sentences: Sequence[Sentence] = (), *,
               suites: Sequence[str] = SUITES, lexicon: Lexicon | None = None,
               informalizer: Informalizer | None = None,
               intensities: Sequence[str | float] = ("light", "medium", "heavy"),
               categories: Sequence[str] = (), variants: int = 1, seed: int = 0,
               meaning_count: int | None = 50, meaning_file: str | Path | None = None,
               prompt: str = "{text}", labels: Iterable[str] | None = None) -> list[Result]:
    """Build the chosen suites and run them: what ``nusalingo probe run`` does.

    Meaning probes come from ``meaning_file`` when given, else from the lexicon's
    examples (``meaning_count`` of them).
    """
    unknown = [s for s in suites if s not in SUITES]
    if unknown:
        raise ModelError(f"unknown suite(s) {', '.join(unknown)}; choose from "
                         f"{', '.join(SUITES)}")
    if informalizer is None and lexicon is not None:
        informalizer = Informalizer(lexicon)
    cases: list[Case] = []
    if INVARIANCE in suites and sentences:
        cases += invariance_cases(sentences, informalizer=informalizer, intensities=intensities,
                                  categories=categories, variants=variants, seed=seed)
    if DIRECTIONAL in suites and sentences:
        cases += directional_cases(sentences, lexicon=lexicon)
    if MEANING in suites:
        paraphrase = model.can_answer and model.kind != CLASSIFIER
        cases += read_meaning_cases(meaning_file, lexicon=lexicon, seed=seed,
                                    paraphrase=paraphrase) if meaning_file is not None \
            else meaning_cases(lexicon=lexicon, count=meaning_count, seed=seed,
                               paraphrase=paraphrase)
    return run_cases(model, cases, prompt=prompt, labels=labels)


# -- judging ---------------------------------------------------------------------------------


class _Asker:
    """Asks the model each distinct text once and remembers the answers."""

    def __init__(self, model: Model, batch_size: int, labels: frozenset[str] | None) -> None:
        self.model = model
        self.batch_size = batch_size
        self.labels = labels
        self.answers: dict[str, Answer] = {}

    def ask(self, texts: Sequence[str], free: bool = False) -> None:
        todo = [t for t in texts if t not in self.answers]
        for start in range(0, len(todo), self.batch_size):
            batch = todo[start:start + self.batch_size]
            answers = self.model.answer(batch)
            if len(answers) != len(batch):
                raise ModelError(f"{self.model.name} gave {len(answers)} answers for "
                                 f"{len(batch)} texts")
            for text, answer in zip(batch, answers, strict=True):
                self.answers[text] = answer if free else self._read_label(answer)

    def get(self, text: str) -> Answer:
        return self.answers[text]

    def _read_label(self, answer: Answer) -> Answer:
        if self.labels is None or answer.text is None:
            return answer
        found = [label for label in sorted(self.labels)
                 if re.search(rf"(?<!\w){re.escape(label)}(?!\w)", answer.text, re.IGNORECASE)]
        if len(found) != 1:
            what = "no label" if not found else f"several labels ({', '.join(found)})"
            return Answer.unusable(f"{what} in the reply {answer.text[:60]!r}")
        return Answer(found[0], cached=answer.cached)


def _judge_label(case: Case, asker: _Asker, prompt: str, model: str) -> Result:
    base = asker.get(prompt.format(text=case.source))
    sent = prompt.format(text=case.text)
    answer = asker.get(sent)
    if not base.usable or not answer.usable:
        error = answer.error or f"on the formal text: {base.error}"
        return Result(case, UNUSABLE, answer.text, sent, base.text, error, model=model)
    same = answer.text == base.text
    ok = same if case.expect == SAME else not same
    return Result(case, PASS if ok else FAIL, answer.text, sent, base.text, model=model)


def _choice_prompt(case: Case, template: str) -> str:
    options = "\n".join(f"{n}. {o}" for n, o in enumerate(case.options, start=1))
    return template.format(context=case.context or case.text, informal=case.informal,
                           options=options)


def _judge_choice(case: Case, answer: Answer, prompt: str, model: str) -> Result:
    if not answer.usable or answer.text is None:
        return Result(case, UNUSABLE, None, prompt, error=answer.error, model=model)
    chosen = read_choice(answer.text, case.options)
    if chosen is None:
        return Result(case, UNUSABLE, answer.text, prompt, model=model,
                      error=f"no option number or option in the reply {answer.text[:60]!r}")
    return Result(case, PASS if chosen == case.expected else FAIL, chosen, prompt, model=model,
                  extra={"reply": answer.text})


def read_choice(reply: str, options: Sequence[str]) -> str | None:
    """The option a reply picks: its number (``2``, ``2.``, ``(2)``), or the one option
    whose text it contains.

    >>> read_choice("Jawaban: 2", ["akan", "tidak", "sudah"])
    'tidak'
    >>> read_choice("artinya tidak", ["akan", "tidak"])
    'tidak'

    """
    numbers = [int(n) for n in re.findall(r"(?<![\d.])(\d{1,2})(?![\d])", reply)]
    picked = {n for n in numbers if 1 <= n <= len(options)}
    if len(picked) == 1:
        return options[picked.pop() - 1]
    named = [o for o in options if _find_word(reply, o) is not None]
    return named[0] if len(named) == 1 else None


def _judge_paraphrase(case: Case, answer: Answer, prompt: str, model: str) -> Result:
    if not answer.usable or answer.text is None:
        return Result(case, UNUSABLE, None, prompt, error=answer.error, model=model)
    from sacrebleu import CHRF

    score = CHRF().sentence_score(answer.text, [case.source]).score
    found = _find_word(answer.text, case.formal) is not None
    return Result(case, PASS if found else FAIL, answer.text, prompt, score=round(score, 2),
                  model=model)


def _embedding_choices(model: Model, cases: Sequence[Case], batch_size: int) -> list[Result]:
    """Pick, for each case, the option whose formal sentence is nearest the informal one.

    Each option is put in the formal rewrite in place of the formal form, when the
    rewrite has it; otherwise the bare words are compared.
    """
    texts: list[str] = []
    layout = []
    for case in cases:
        sentences = [_substitute(case.source, case.formal, o) for o in case.options]
        if any(s is None for s in sentences):
            query, candidates = case.informal, list(case.options)
        else:
            query, candidates = case.context or case.text, [s for s in sentences if s]
        layout.append((len(texts), len(candidates), query, candidates))
        texts += [query, *candidates]
    unique = sorted(set(texts))
    vectors: dict[str, Any] = {}
    for start in range(0, len(unique), batch_size):
        batch = unique[start:start + batch_size]
        vectors.update(zip(batch, model.embed(batch), strict=True))
    results = []
    for case, (_, _, query, candidates) in zip(cases, layout, strict=True):
        prompt = f"{query}\n" + "\n".join(candidates)
        if vectors.get(query) is None or any(vectors.get(c) is None for c in candidates):
            results.append(Result(case, UNUSABLE, None, prompt, error="no embedding",
                                  model=model.name))
            continue
        scores = [cosine(vectors[query], vectors[c]) for c in candidates]
        best = max(range(len(scores)), key=scores.__getitem__)
        chosen = case.options[best]
        margin = scores[case.options.index(case.expected)] - max(
            s for n, s in enumerate(scores) if case.options[n] != case.expected)
        results.append(Result(case, PASS if chosen == case.expected else FAIL, chosen, prompt,
                              score=round(margin, 4), model=model.name))
    return results


def _require_answers(model: Model, what: str) -> None:
    if not model.can_answer:
        raise ModelError(f"{model.name} ({model.kind}) gives no answers; {what} need a "
                         f"classifier or a chat model")


# -- editing sentences -----------------------------------------------------------------------


def _directional(sentence: Sentence, test: str, form: str, formal: str, expect: str,
                 change: Change, entry: Entry | None) -> Case:
    from nusalingo.normalize import apply_changes

    tagged = change._replace(entry=entry.id if entry else "",
                             category=entry.category if entry else "formal")
    text = apply_changes(sentence.text, [tagged])
    return Case(id=f"{sentence.id}/dir/{test}/{form}", suite=DIRECTIONAL, test=test,
                source=sentence.text, text=text, expect=expect, expected=sentence.label,
                informal=form, formal=formal, category=tagged.category,
                changes=(tagged,), entries=(tagged.entry,) if tagged.entry else ())


def _negate(sentence: Sentence, form: str) -> Change:
    start, end = _find_word(sentence.text, sentence.predicate) or (0, 0)
    word = sentence.text[start:end]
    if start == 0 and word[:1].isupper():   # "Enak sekali." -> "Gak enak sekali."
        return Change(0, end, word, f"{match_case(word, form)} {word[:1].lower()}{word[1:]}",
                      "directional")
    return Change(start, end, word, f"{form} {word}", "directional")


def _intensify(sentence: Sentence, form: str) -> Change:
    start, end = _find_word(sentence.text, sentence.predicate) or (0, 0)
    word = sentence.text[start:end]
    if form == "sangat":    # the formal intensifier comes first
        if start == 0 and word[:1].isupper():
            return Change(0, end, word, f"Sangat {word[:1].lower()}{word[1:]}", "directional")
        return Change(start, end, word, f"sangat {word}", "directional")
    return Change(start, end, word, f"{word} {form}", "directional")


def _add_particle(text: str, particle: str) -> Change:
    end = len(text.rstrip())
    at = end
    while at > 0 and not text[at - 1].isalnum():
        at -= 1
    return Change(at, at, "", f" {particle}", "directional")


def _find_word(text: str, word: str) -> tuple[int, int] | None:
    match = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE)
    return (match.start(), match.end()) if match else None


def _substitute(text: str, formal: str, option: str) -> str | None:
    span = _find_word(text, formal)
    if span is None:
        return None
    return text[:span[0]] + match_case(text[span[0]:span[1]], option) + text[span[1]:]


def _entry_for(lexicon: Lexicon, form: str, formal: str) -> Entry:
    for entry in lexicon.lookup(form):
        if form_key(entry.formal) == formal and not entry.context:
            return entry
    raise SuiteError(f"the lexicon does not map {form!r} to {formal!r}, so a test with it would "
                     f"name no entry; add the entry, or leave {form!r} out")


def _particle_entry(lexicon: Lexicon, particle: str) -> Entry | None:
    return next((e for e in lexicon.lookup(particle) if e.category == "particle"), None)


_SHIPPED: list[Lexicon] = []


def _shipped() -> Lexicon:
    if not _SHIPPED:
        _SHIPPED.append(default_informalizer().lexicon)
    return _SHIPPED[0]


def load_lexicon_or_shipped(*paths: str | Path) -> Lexicon:
    """The lexicon stack of ``paths``, or the shipped lexicons when none are given."""
    return load_lexicon(*paths) if paths else _shipped()


__all__ = [
    "ANSWER",
    "DIFFERENT",
    "DIRECTIONAL",
    "FAIL",
    "INVARIANCE",
    "MEANING",
    "PASS",
    "SAME",
    "SUITES",
    "UNUSABLE",
    "Case",
    "Result",
    "Sentence",
    "SuiteError",
    "directional_cases",
    "invariance_cases",
    "load_lexicon_or_shipped",
    "meaning_cases",
    "read_choice",
    "read_meaning_cases",
    "read_sentences",
    "run_cases",
    "run_suites",
]
