"""Paths to test data, and running the real command line, for every test module."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
LEXICONS = ROOT / "lexicons"


def run_cli(*args: str, input: str | None = None, cwd: Path | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``python -m nusalingo`` in a subprocess, as a user would run the command."""
    return subprocess.run(
        [sys.executable, "-m", "nusalingo", *args],
        input=input, capture_output=True, text=True, cwd=cwd, timeout=timeout, check=False,
    )
