"""The core never depends on the adapters' heavy libraries."""

from __future__ import annotations

import subprocess
import sys

CORE = ["nusalingo", "nusalingo.lexicon", "nusalingo.store", "nusalingo.validation",
        "nusalingo.interchange", "nusalingo.stats", "nusalingo.context", "nusalingo.tsv"]
HEAVY = ["streamlit", "spacy", "pandas", "dask", "typer"]


def test_core_imports_no_heavy_library() -> None:
    code = (f"import sys\nfor m in {CORE!r}: __import__(m)\n"
            f"print([m for m in {HEAVY!r} if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
