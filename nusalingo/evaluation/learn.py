"""Propose lexicon entries from token-aligned, parallel or word-pair data.

Every place where a form is seen in the data is a *sighting*: what the form
became there (its gold form), or that it stayed, with the sentence around it,
and what the normalizer made of it there. For parallel sentences the words
are aligned first (:mod:`align`), which finds one-to-one replacements, one
word written as several (``gatau`` -> ``tidak tahu``) and several merged into
one. For each form the data decides, as the MFR baseline would, between its
most frequent formal form and leaving it as it is (a ``keep`` entry), and a
proposal is made where the normalizer does otherwise, at least ``min_count``
times.

Proposals skip forms the lexicon stack lists (any entry of the form; with
``overrides`` only where the stack's default already says the same), forms an
earlier run proposed and mappings a reviewer rejected. They never form a
chain with the stack or with each other (a form that some entry writes, or a
target that some entry rewrites), so the learned file validates when stacked
after the lexicons it was learned against. The entries are written through
:class:`~nusalingo.store.LexiconStore` as ``proposed``, author
``nusalingo-learn``, source ``learn:<file>``, with the counts in the note and
an example sentence, for a linguist to review in the editor.

>>> sightings = list(sightings_from_pairs([WordPair("gk", "tidak"), WordPair("gk", "tidak")]))
>>> [(p.informal, p.formal, p.changed, p.category) for p in propose(sightings).proposals]
[('gk', 'tidak', 2, 'colloquial-word')]
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from nusalingo.context import ContextSyntaxError, parse_context
from nusalingo.entry import Entry, form_key, resolve_senses
from nusalingo.errors import LexiconFormatError, NusalingoError, Problem
from nusalingo.evaluation.align import align, words
from nusalingo.evaluation.categories import guess_category
from nusalingo.evaluation.formats import SentencePair, TokenSentence, WordPair
from nusalingo.lexicon import Lexicon
from nusalingo.normalize import Normalizer
from nusalingo.store import LexiconStore
from nusalingo.tokenize import EMAIL, MENTION, SPACE, URL, WORD, Token, tokenize, word_kind
from nusalingo.tsv import LexiconFile, id_parts, read_file
from nusalingo.validation import ACTIVE_STATUSES, stack_problems
from nusalingo.wordlists import english_words, indonesian_words

AUTHOR = "nusalingo-learn"
#: Longest multi-word form or target learned.
MAX_WORDS = 3
#: A category is left as it is by convention when the data leaves at least this many of its
#: forms, and this many times as many as it changes as the lexicon does.
CONVENTION_MIN_FORMS = 5
CONVENTION_RATIO = 2
#: Words on each side of the form in a token-aligned example.
EXAMPLE_WORDS = 8
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85]")
#: Examples come from real posts: user names, e-mail addresses and links are masked.
_MASKS = {MENTION: "@user", EMAIL: "user@example.com", URL: "https://example.com"}


@dataclass(frozen=True, slots=True)
class Sighting:
    """A form seen once: its gold form (``None`` when the data has no counterpart)."""

    form: str
    target: str | None
    example: str = ""
    example_formal: str = ""
    file: str = ""
    output: str | None = None  # what the normalizer made of the form there, if it was asked

    @property
    def kept(self) -> bool:
        """The gold form is the form itself."""
        return self.target == self.form

    @property
    def changed(self) -> bool:
        """The gold form is another form."""
        return self.target is not None and self.target != self.form


@dataclass(frozen=True, slots=True)
class Proposal:
    """A proposed entry and the evidence for it."""

    informal: str
    formal: str
    category: str
    seen: int       # sightings of the form
    changed: int    # of which changed (to any form)
    count: int      # of which changed to ``formal``
    example: str = ""
    example_formal: str = ""
    source: str = ""
    region: str = ""
    overrides: str = ""  # ids of the stack's entries of the same form
    colloquial: str = ""  # the form itself where the colloquial level must keep it
    convention: str = ""  # for a form the data never showed: the category it kept

    def fields(self) -> dict[str, str]:
        """The lexicon columns to add, for :meth:`LexiconStore.add_many`."""
        if self.convention:
            note = (f"learned convention: the data leaves {self.count} of {self.seen} forms "
                    f"of category {self.convention} that it shows as they are (changed as "
                    f"the lexicon does: {self.changed}); this form was not in the data")
        elif self.formal == self.informal:
            note = (f"learned: seen {self.seen} times, left as it is {self.count} times, "
                    f"changed {self.changed} times")
        else:
            note = (f"learned: seen {self.seen} times, changed {self.changed} times, "
                    f"{self.count} of them to '{self.formal}'")
        if self.overrides:
            note += f"; overrides {self.overrides}"
        values = {
            "informal": self.informal, "formal": self.formal, "colloquial": self.colloquial,
            "category": self.category, "region": self.region, "note": note, "source": self.source,
        }
        if self.example and self.example_formal:
            values["example"] = self.example
            values["example_formal"] = self.example_formal
        return {k: v for k, v in values.items() if v}


@dataclass
class Proposals:
    """What :func:`propose` found, and how many forms it skipped and why."""

    proposals: list[Proposal] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)


def sightings_from_tokens(sentences: Iterable[TokenSentence],
                          normalizer: Normalizer | None = None) -> Iterator[Sighting]:
    """Each token, and each run of tokens merged into one gold form, as a sighting.

    With a normalizer, each sighting also records what it made of the form in
    its sentence, which tells :func:`propose` where it is already right.
    """
    for sentence in sentences:
        raw = [t.lower() for t in sentence.raw]
        gold = [" ".join(g.lower().split()) for g in sentence.gold]
        outputs = normalizer.normalize_tokens(list(sentence.raw)) if normalizer else None
        index = 0
        while index < len(raw):
            end = index + 1
            while end < len(raw) and gold[end] == "" and gold[index] != "":
                end += 1
            lo, hi = max(0, index - EXAMPLE_WORDS), min(len(raw), end + EXAMPLE_WORDS)
            example = " ".join(sentence.raw[lo:hi])
            example_formal = " ".join(g for g in sentence.gold[lo:hi] if g)
            output = _joined(outputs[index:end]) if outputs is not None else None
            if end - index <= MAX_WORDS and gold[index]:
                yield Sighting(" ".join(raw[index:end]), gold[index], example, example_formal,
                               sentence.file, output)
            index = end


def sightings_from_sentences(pairs: Iterable[SentencePair],
                             normalizer: Normalizer | None = None) -> Iterator[Sighting]:
    """Words of aligned sentence pairs: kept, replaced (1-to-1, 1-to-n, n-to-1) or unmatched."""
    for pair in pairs:
        tokens = [t for t in tokenize(pair.informal) if t.kind != SPACE]
        source = [t.text.lower() for t in tokens]
        target = [w.lower() for w in words(pair.formal)]
        outputs = _word_outputs(normalizer, pair.informal, tokens) if normalizer else None
        for block in align(source, target):
            src = source[slice(*block.source)]
            tgt = target[slice(*block.target)]
            output = _joined(outputs[slice(*block.source)]) if outputs is not None else None
            if block.kind == "equal":
                yield Sighting(src[0], src[0], pair.informal, pair.formal, pair.file, output)
            elif block.kind == "replace" and (len(src) == 1 or len(tgt) == 1) \
                    and len(src) <= MAX_WORDS and len(tgt) <= MAX_WORDS:
                yield Sighting(" ".join(src), " ".join(tgt), pair.informal, pair.formal,
                               pair.file, output)
            else:
                yield from (Sighting(w, None, file=pair.file) for w in src)


def sightings_from_pairs(pairs: Iterable[WordPair],
                         normalizer: Normalizer | None = None) -> Iterator[Sighting]:
    """Each word pair as a sighting (word lists have no example sentences)."""
    for pair in pairs:
        output = _joined([normalizer.normalize(pair.informal)]) if normalizer else None
        yield Sighting(form_key(pair.informal), form_key(pair.formal), file=pair.file,
                       output=output)


def _joined(outputs: Sequence[str]) -> str:
    """Output words as compared with a target: lower case, tokenized, single spaces."""
    return " ".join(w.lower() for o in outputs if o for w in words(o))


def _word_outputs(normalizer: Normalizer, text: str, tokens: Sequence[Token]) -> list[str]:
    """What each token of ``text`` became: a change's replacement goes to its first token."""
    outputs = [t.text for t in tokens]
    for change in normalizer.explain(text).changes:
        covered = [i for i, t in enumerate(tokens) if t.start < change.end and t.end > change.start]
        for rank, index in enumerate(covered):
            outputs[index] = change.replacement if rank == 0 else ""
    return outputs


def propose(sightings: Iterable[Sighting], lexicon: Lexicon | None = None,
            normalizer: Normalizer | None = None, min_count: int = 1, *,
            overrides: bool = False, previous: Iterable[Entry] = ()) -> Proposals:
    """Entries worth proposing, best attested first, free of chains with ``lexicon``.

    For each form the data decides between its most frequent formal form and
    leaving it as it is (a ``keep`` entry), whichever it shows more often, at
    least ``min_count`` times. Nothing is proposed where ``normalizer`` (built
    on ``lexicon``) already does what the data says, for a form that
    ``previous`` entries (an earlier run's output) already propose, or for a
    form and target a reviewer rejected. Forms that ``lexicon`` lists are
    skipped too, unless ``overrides`` is set: then the data's choice is
    proposed where it disagrees with the lexicon, for a layer that overrides it.
    """
    if min_count < 1:
        raise NusalingoError(f"--min-count must be 1 or more, got {min_count}")
    seen: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    targets: dict[str, Counter[str]] = defaultdict(Counter)
    first: dict[tuple[str, str], Sighting] = {}
    misses: Counter[tuple[str, str]] = Counter()   # the normalizer's output was not the target
    observed: set[str] = set()                     # forms whose outputs are known
    hits: Counter[str] = Counter()                 # changes the normalizer made right
    for sighting in sightings:
        seen[sighting.form] += 1
        if sighting.target is None:
            continue
        if sighting.kept:
            kept[sighting.form] += 1
        else:
            targets[sighting.form][sighting.target] += 1
        first.setdefault((sighting.form, sighting.target), sighting)
        if sighting.output is not None:
            observed.add(sighting.form)
            misses[(sighting.form, sighting.target)] += sighting.output != sighting.target
            hits[sighting.form] += sighting.changed and sighting.output == sighting.target
    previous = tuple(previous)
    guard = _ChainGuard(lexicon, previous)
    result = Proposals()
    candidates = []
    for form in seen:
        best, count = min(targets[form].items(), key=lambda kv: (-kv[1], kv[0]),
                          default=(form, 0))
        if count > kept[form]:
            candidates.append((form, best, count))
        elif kept[form] > count:
            candidates.append((form, form, kept[form]))
        else:
            result.skipped["kept as often as changed" if count else "never aligned"] += 1
    for form, target, count in sorted(candidates, key=lambda c: (-c[2], c[0], c[1])):
        if form in observed:
            # a form the data always leaves, which the stack changes in some context the
            # data never showed (and never rightly): the data's keep wins there too
            already = not misses[(form, target)] and not (
                overrides and target == form and not hits[form] and guard.changes(form))
        elif normalizer is not None:
            resolved = normalizer.resolve(form)
            already = (resolved.text if resolved is not None else form) == target
        else:  # nothing to compare with: propose changes only
            already = target == form
        reason = "already normalized so" if already and count >= min_count else \
            _skip_reason(form, target, count, min_count, guard, overrides)
        if reason:
            result.skipped[reason] += 1
            continue
        colloquial = _colloquial_for(form, target, guard)
        guard.accept(form, target, colloquial)
        example = first[(form, target)]
        keep = target == form
        result.proposals.append(Proposal(
            form, target, "keep" if keep else guess_category(form, target), seen[form],
            sum(targets[form].values()), count, _clean(example.example),
            _clean(example.example_formal), f"learn:{Path(example.file).name}" if example.file
            else "learn", _region(target), guard.overridden(form), colloquial))
    if overrides:
        result.proposals += _conventions(candidates, seen, guard, result.skipped)
    return result


def _conventions(decisions: Iterable[tuple[str, str, int]], seen: Collection[str],
                 guard: _ChainGuard, skipped: Counter[str]) -> list[Proposal]:
    """Keep entries for the unseen forms of categories that the data leaves as they are.

    Annotation conventions differ: code-mixed data keeps English words that a
    formal-Indonesian lexicon translates, or regional words. Counted over
    forms (not tokens), for each category of the stack's default senses: how
    many forms the data changes as the lexicon does, and how many it leaves.
    Where it leaves clearly more (at least :data:`CONVENTION_MIN_FORMS`, and
    :data:`CONVENTION_RATIO` times as many), the forms the data never shows
    whose changing senses are all of that category are proposed as ``keep``
    entries, one by one, for a linguist to accept or reject with the rest.
    """
    agree: Counter[str] = Counter()
    left: Counter[str] = Counter()
    for form, target, _ in decisions:
        default = guard.defaults.get(form)
        if default is None or not default.changes_form:
            continue
        if target == form:
            left[default.category] += 1
        elif target == form_key(default.formal):
            agree[default.category] += 1
    kept_categories = {c for c, n in left.items()
                       if n >= CONVENTION_MIN_FORMS and n >= CONVENTION_RATIO * agree[c]}
    proposals = []
    for form, senses in sorted(guard.senses.items()):
        # every sense that changes the form is of one kept category (a context sense too:
        # "reply" -> "balas" between Indonesian words)
        categories = {e.category for e in senses
                      if e.changes_form and form_key(e.formal) != form}
        if len(categories) != 1 or form in seen:
            continue
        (category,) = categories
        if category not in kept_categories:
            continue
        if guard.blocked(form, form) or not _all_words(form):
            skipped["convention: proposed or rejected before"] += 1
            continue
        guard.accept(form, form)
        proposals.append(Proposal(form, form, "keep", left[category] + agree[category],
                                  agree[category], left[category], source="learn:convention",
                                  overrides=guard.overridden(form), convention=category))
    return proposals


def write_proposals(path: str | Path, proposals: Sequence[Proposal],
                    lexicon: Lexicon | None = None, author: str = AUTHOR) -> list[Entry]:
    """Add the proposals to the lexicon file ``path`` (created if missing) through the store.

    The file must be able to stand after ``lexicon`` in a stack: its ids may
    not clash, and the stack with it must validate (checked before writing).
    """
    path = Path(path)
    store = LexiconStore(path)
    existing = store.read()
    if path.exists():
        broken = [p for p in existing.problems if p.severity == "error"]
        if broken:
            raise LexiconFormatError(broken)
    layers = list(lexicon.files) if lexicon is not None else []
    layers = [f for f in layers if f.path.resolve() != path.resolve()]
    prefix = _prefix_for(path, existing)
    for layer in layers:
        clash = next((e.id for e in layer.entries
                      if (parts := id_parts(e.id)) and parts[0] == prefix), None)
        if clash:
            raise NusalingoError(
                f"{path}: its ids would start with '{prefix}-', as {clash} in {layer.path} "
                f"does; write the learned entries to a file with another name, "
                f"e.g. learned.tsv")
    if not proposals:
        return []
    _check_stack(path, layers, existing, proposals, prefix)
    return store.add_many([p.fields() for p in proposals], author=author,
                          note="proposed by nusalingo learn")


@dataclass
class LearnReport:
    """What :func:`learn_entries` wrote, and what it skipped."""

    output: Path
    proposals: list[Proposal]
    skipped: Counter[str]
    entries: list[Entry]

    def summary(self) -> str:
        """One line for the command line."""
        skipped = ", ".join(f"{n} {why}" for why, n in sorted(
            self.skipped.items(), key=lambda kv: (-kv[1], kv[0])))
        conventions = Counter(p.convention for p in self.proposals if p.convention)
        kept = ", ".join(f"{n} {c}" for c, n in sorted(conventions.items()))
        return (f"wrote {len(self.entries)} proposed entries to {self.output}"
                + (f" ({sum(conventions.values())} of them keep forms of categories the data "
                   f"leaves as they are: {kept})" if conventions else "")
                + (f"; skipped forms: {skipped}" if skipped else ""))


def learn_entries(sightings: Iterable[Sighting], output: str | Path, lexicon: Lexicon, *,
          normalizer: Normalizer | None = None, min_count: int = 1, overrides: bool = False,
          author: str = AUTHOR) -> LearnReport:
    """Propose entries from sightings and add them to ``output``, to stack after ``lexicon``.

    Entries already in ``output`` (from an earlier run, reviewed or not) are
    not proposed again, so running again adds only what is new.
    """
    output = Path(output)
    layers = Lexicon([f for f in lexicon.files if f.path.resolve() != output.resolve()])
    previous = read_file(output).entries if output.exists() else ()
    found = propose(sightings, layers, normalizer, min_count, overrides=overrides,
                    previous=previous)
    entries = write_proposals(output, found.proposals, layers, author)
    return LearnReport(output, found.proposals, found.skipped, entries)


LEVELS = ("formal", "colloquial")


class _ChainGuard:
    """What the stack lists, and what keeps learned entries from forming chains.

    Chains are checked at each register level on its own, as the validator
    does: a form that only some entry's colloquial spelling writes (``ntn``
    -> colloquial ``nonton``) can still be learned for the formal level, with
    the form itself as its colloquial target, so the colloquial level keeps it.
    """

    def __init__(self, lexicon: Lexicon | None, previous: Sequence[Entry] = ()) -> None:
        self.listed: dict[str, list[str]] = defaultdict(list)   # form -> ids in the stack
        self.refused: set[tuple[str, str]] = {(e.key, form_key(e.formal)) for e in previous}
        self.proposed: set[str] = {e.key for e in previous}
        self.defaults: dict[str, Entry] = {}  # form -> the stack's default sense
        self.senses: dict[str, tuple[Entry, ...]] = {}  # form -> its senses in effect
        self.target_words: dict[str, set[str]] = {level: set() for level in LEVELS}
        self.target_texts: dict[str, list[str]] = {level: [] for level in LEVELS}
        self.rewritten: dict[str, set[str]] = {level: set() for level in LEVELS}
        layers = [f.entries for f in lexicon.files] if lexicon is not None else []
        for layer in layers:
            for entry in layer:
                self.listed[entry.key].append(entry.id)
                if entry.status == "rejected":
                    self.refused.add((entry.key, form_key(entry.formal)))
        # what the validator checks chains against: the senses in effect, the new file last
        for key, group in resolve_senses([*layers, previous], ACTIVE_STATUSES).items():
            for entry in group:
                self._add_target("formal", form_key(entry.formal))
                if entry.colloquial:
                    self._add_target("colloquial", form_key(entry.colloquial))
                if entry.context:
                    with contextlib.suppress(ContextSyntaxError):
                        self.target_words["formal"] |= parse_context(entry.context).literal_words()
            self.senses[key] = group
            default = next((e for e in group if e.is_default), None)
            if default is not None:
                self.defaults[key] = default
                for level in LEVELS:
                    if default.changes_form and form_key(default.target(level)) != key:
                        self.rewritten[level].add(key)

    def _add_target(self, level: str, target: str) -> None:
        self.target_words[level].update(target.split(" "))
        if " " in target:
            self.target_texts[level].append(f" {target} ")

    def changes(self, form: str) -> bool:
        """Some sense in effect (a default or one for a context) changes ``form``."""
        return any(e.changes_form and form_key(e.formal) != form
                   for e in self.senses.get(form, ()))

    def default_target(self, form: str) -> str | None:
        """What the stack's default sense of ``form`` writes at the formal level."""
        default = self.defaults.get(form)
        return form_key(default.formal) if default is not None else None

    def accept(self, form: str, target: str, colloquial: str = "") -> None:
        """Record an accepted proposal (a later layer: it replaces the form's senses)."""
        self.proposed.add(form)
        for level, written in (("formal", target), ("colloquial", colloquial or target)):
            if written == form:
                self.rewritten[level].discard(form)
            else:
                self.rewritten[level].add(form)
                self._add_target(level, written)

    def blocked(self, form: str, target: str) -> bool:
        """Proposed already (in the output file), or this very mapping was rejected."""
        return form in self.proposed or (form, target) in self.refused

    def overridden(self, form: str) -> str:
        """The ids of the stack's entries of this form, for the note."""
        return " ".join(self.listed.get(form, ()))

    def chains(self, form: str, target: str, level: str) -> bool:
        """Rewriting ``form`` to ``target`` at ``level`` would make a chain there."""
        return self._form_is_target(form, level) or self._target_is_rewritten(target, level)

    def _form_is_target(self, form: str, level: str) -> bool:
        """Some entry writes this form at ``level``."""
        if " " not in form:
            return form in self.target_words[level]
        return any(f" {form} " in text for text in self.target_texts[level])

    def _target_is_rewritten(self, target: str, level: str) -> bool:
        """Some entry rewrites a word or phrase of this target at ``level``."""
        parts = target.split(" ")
        return any(" ".join(parts[a:b]) in self.rewritten[level]
                   for a in range(len(parts)) for b in range(a + 1, len(parts) + 1))


def _skip_reason(form: str, target: str, count: int, min_count: int, guard: _ChainGuard,
                 overrides: bool) -> str:
    if count < min_count:
        return "seen too rarely"
    if not _all_words(form) or not _all_words(target) or len(target.split(" ")) > MAX_WORDS:
        return "not words"
    if guard.blocked(form, target):
        return "proposed or rejected before"
    if form in guard.listed and (not overrides or (
            guard.default_target(form) == target and not guard.changes(form))):
        return "in the lexicons" + ("" if overrides else " (see --overrides)")
    if target != form and guard.chains(form, target, "formal"):
        return "would make a chain"
    return ""


def _colloquial_for(form: str, target: str, guard: _ChainGuard) -> str:
    """The colloquial column of a learned entry: what that level should write.

    The data shows the formal level only. The colloquial level keeps what the
    stack wrote there (the form itself for a form it did not list is the
    learned target), and the form itself where anything else would chain.
    """
    if target == form:
        return ""
    default = guard.defaults.get(form)
    written = target
    if default is not None:
        written = form_key(default.target("colloquial")) if default.changes_form else form
    if written != form and guard.chains(form, written, "colloquial"):
        written = form
    return "" if written == target else written


def _all_words(text: str) -> bool:
    return all(word_kind(w) == WORD and all(t.kind == WORD for t in tokenize(w))
               for w in text.split(" "))


def _region(target: str) -> str:
    """``english`` when the formal form is English (code-mixed data normalizes English too)."""
    parts = target.split(" ")
    english, indonesian = english_words(), indonesian_words()
    return "english" if all(p in english and p not in indonesian for p in parts) else ""


def _clean(text: str) -> str:
    """One line of text for an example cell, with user names, addresses and links masked."""
    text = _CONTROL.sub(" ", unicodedata.normalize("NFC", text))
    masked = [_MASKS.get(t.kind, t.text) for t in tokenize(text)]
    return " ".join("".join(masked).split())


def _prefix_for(path: Path, existing: LexiconFile) -> str:
    """The id prefix the store will use for this file (as :class:`LexiconStore` picks it)."""
    prefixes = Counter(p[0] for e in existing.entries if (p := id_parts(e.id)))
    if prefixes:
        return prefixes.most_common(1)[0][0]
    stem = re.sub(r"[^a-z0-9_]", "_", path.stem.lower()).strip("_") or "lex"
    return stem if stem[0].isalpha() else f"x{stem}"


def _check_stack(path: Path, layers: Sequence[LexiconFile], existing: LexiconFile,
                 proposals: Sequence[Proposal], prefix: str) -> None:
    """Fail before writing if the stack with the new entries would not validate."""
    numbers = [p[1] for e in existing.entries if (p := id_parts(e.id)) and p[0] == prefix]
    start = max(numbers, default=0)
    new = [Entry.from_row({**p.fields(), "id": f"{prefix}-{start + i}", "status": "proposed",
                           "author": AUTHOR, "created": "2026-01-01", "version": "1"})
           for i, p in enumerate(proposals, start=1)]
    entries = (*existing.entries, *new)
    layer = LexiconFile(path, entries, tuple(e.to_row() for e in entries),
                        tuple(range(2, len(entries) + 2)))
    old = LexiconFile(path, existing.entries, existing.rows, existing.lines)
    before = {_signature(p) for p in stack_problems([*layers, old])}
    after = [p for p in stack_problems([*layers, layer])
             if p.severity == "error" and _signature(p) not in before]
    if after:
        raise LexiconFormatError(after)


def _signature(problem: Problem) -> tuple[str, str, str, str]:
    return (problem.code, problem.column, problem.value, problem.message)
