"""The ``nusalingo`` spaCy pipeline component.

Installing nusalingo registers the factory (entry point ``spacy_factories``),
so this just works::

    nlp = spacy.blank("id")
    nlp.add_pipe("nusalingo")
    doc = nlp("gk tau deh")
    doc._.formal, [t._.formal for t in doc], doc._.formal_changes

Settings live in the component's config (``level``, ``include_proposed``,
``set_norm`` and every rule switch); lexicons are data, so they arrive through
``initialize(lexicons=...)`` or ``from_disk`` and travel with ``nlp.to_disk``.
The component writes its own extension attributes and leaves ``token.norm_``
alone unless ``set_norm`` is true.
"""

from __future__ import annotations

import inspect
import json
import shutil
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from nusalingo.config import OPTION_NAMES, NormalizerConfig
from nusalingo.errors import NusalingoError
from nusalingo.lexicon import load_lexicon
from nusalingo.normalize import Change, Normalizer

DEFAULT_CONFIG: dict[str, Any] = {
    "set_norm": False,
    **{name: getattr(NormalizerConfig(), name) for name in OPTION_NAMES},
}

for _target, _name in ((Doc, "formal"), (Doc, "formal_changes"), (Token, "formal")):
    if not _target.has_extension(_name):
        _target.set_extension(_name, default=None)


class NusalingoComponent:
    """Sets ``doc._.formal``, ``token._.formal`` and ``doc._.formal_changes``."""

    def __init__(self, name: str = "nusalingo", *, set_norm: bool = False,
                 **options: Any) -> None:
        self.name = name
        self.set_norm = set_norm
        self.config = NormalizerConfig().replace(**options)
        self._lexicon_paths: list[Path] = []
        self._normalizer: Normalizer | None = None

    @property
    def normalizer(self) -> Normalizer:
        """The normalizer, on the shipped lexicons unless initialized with others."""
        if self._normalizer is None:
            paths = self._lexicon_paths or None
            self._normalizer = Normalizer(paths, config=self.config)
        return self._normalizer

    def initialize(self, get_examples: Callable[[], Iterable[Any]] | None = None, *,
                   nlp: Language | None = None,
                   lexicons: Sequence[str | Path] | None = None) -> None:
        """Choose the lexicon files (in stack order); the shipped ones when none are given."""
        del get_examples, nlp
        self._lexicon_paths = [Path(p) for p in lexicons or ()]
        self._normalizer = None
        _ = self.normalizer  # load now: a bad file fails here, not at the first document

    def __call__(self, doc: Doc) -> Doc:
        explanation = self.normalizer.explain(doc.text)
        doc._.formal = explanation.text
        doc._.formal_changes = [c.as_dict() for c in explanation.changes]
        for token, formal in zip(doc, _token_forms(doc, explanation.changes), strict=True):
            token._.formal = formal
            if self.set_norm:
                token.norm_ = formal if formal else token.text
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        """Process documents one by one (the normalizer caches words across them)."""
        del batch_size
        for doc in stream:
            yield self(doc)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write the lexicon stack into the pipeline folder."""
        del exclude
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        names = []
        for index, lexicon_file in enumerate(self.normalizer.lexicon.files):
            name = f"{index:02d}-{lexicon_file.path.name}"
            shutil.copyfile(lexicon_file.path, folder / name)
            names.append(name)
        (folder / "lexicons.json").write_text(json.dumps(names, indent=1), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> NusalingoComponent:
        """Load the lexicon stack written by :meth:`to_disk`."""
        del exclude
        folder = Path(path)
        index = folder / "lexicons.json"
        if not index.exists():
            raise NusalingoError(
                f"{folder} holds no nusalingo lexicons (no lexicons.json) [E401]; "
                f"save the pipeline with nlp.to_disk() after adding the component."
            )
        names = json.loads(index.read_text(encoding="utf-8"))
        self._lexicon_paths = [folder / n for n in names]
        self._normalizer = Normalizer(load_lexicon(*self._lexicon_paths), config=self.config)
        return self


def make_nusalingo(nlp: Language, name: str, set_norm: bool, **options: Any
                   ) -> NusalingoComponent:
    """Create the component (spaCy calls this with the config's values).

    spaCy checks a config against the factory's signature, so the signature
    below names every option of :class:`~nusalingo.config.NormalizerConfig`.
    """
    del nlp
    return NusalingoComponent(name, set_norm=set_norm, **options)


make_nusalingo.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
    [inspect.Parameter(n, inspect.Parameter.POSITIONAL_OR_KEYWORD) for n in ("nlp", "name")]
    + [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY,
                         annotation=type(value) if value is not None else Any)
       for n, value in DEFAULT_CONFIG.items()],
    return_annotation=NusalingoComponent,
)
Language.factory("nusalingo", default_config=DEFAULT_CONFIG, func=make_nusalingo)


def _token_forms(doc: Doc, changes: Sequence[Change]) -> list[str]:
    """Each token's formal form: changes starting in it apply to it; tokens a
    change covers after its first token become empty (merged)."""
    forms: list[str] = []
    ordered = sorted(changes, key=lambda c: c.start)
    position = 0
    covered_until = -1
    for token in doc:
        start, end = token.idx, token.idx + len(token.text)
        if end <= covered_until:
            forms.append("")
            continue
        while position < len(ordered) and ordered[position].end <= start:
            position += 1
        text, cursor = [], start
        while position < len(ordered) and ordered[position].start < end:
            change = ordered[position]
            begin = max(change.start, start)
            text += [doc.text[cursor:begin], change.replacement if change.start >= start else ""]
            cursor = change.end
            covered_until = max(covered_until, change.end)
            position += 1
        text.append(doc.text[cursor:end] if cursor < end else "")
        forms.append("".join(text))
    return forms
