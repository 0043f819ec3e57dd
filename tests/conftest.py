"""Shared fixtures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import DATA


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A private copy of the small valid lexicon, safe to edit."""
    target = tmp_path / "mini.tsv"
    shutil.copy(DATA / "valid" / "mini.tsv", target)
    return target
