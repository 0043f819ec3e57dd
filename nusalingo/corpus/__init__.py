"""Corpus preprocessing at scale: normalize files of millions of documents.

``nusalingo normalize`` (:mod:`.commands`) and :func:`normalize_file` read
plain text, CSV, TSV, JSON Lines or Parquet (:mod:`.formats`) in chunks,
normalize them in one or more processes (:mod:`.run`, :mod:`.work`), and
write the same format with the normalized text added, whole or not at all
(:mod:`.atomic`); bad input follows the user's policies (:mod:`.problems`),
and a run ends with a summary (:mod:`.summary`) after a progress bar on a
terminal (:mod:`.progress`). For a Dask DataFrame, see :mod:`nusalingo.dask`.

>>> from nusalingo.corpus import FORMATS
>>> FORMATS
('txt', 'csv', 'tsv', 'jsonl', 'parquet')
"""

from __future__ import annotations

from nusalingo.corpus.formats import FORMATS
from nusalingo.corpus.problems import BadInputError
from nusalingo.corpus.run import RunInterruptedError, WorkerDiedError, normalize_file
from nusalingo.corpus.summary import Summary

__all__ = ["FORMATS", "BadInputError", "RunInterruptedError", "Summary", "WorkerDiedError",
           "normalize_file"]
