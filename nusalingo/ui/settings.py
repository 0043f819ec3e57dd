"""Where the editor reads and writes: the lexicon folder, the default file for new entries.

The folder is, in order of precedence, the ``--lexicons DIR`` script argument
(``streamlit run app.py -- --lexicons DIR``), the ``NUSALINGO_LEXICONS``
environment variable, or the shipped lexicons. New entries go to the file
named by ``--target NAME`` or ``NUSALINGO_TARGET``, else ``team.tsv`` when the
folder has one, else the folder's first file; the user can pick another on
the Entry page.

>>> s = Settings.from_environment(["--lexicons", "kamus/"], {})
>>> s.lexicon_dir.name, s.target
('kamus', '')
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from nusalingo.errors import NusalingoError
from nusalingo.lexicon import shipped_lexicon_dir

LEXICONS_ENV = "NUSALINGO_LEXICONS"
TARGET_ENV = "NUSALINGO_TARGET"
UPLOAD_ENV = "NUSALINGO_MAX_UPLOAD_MB"
AUTH_ENV = "NUSALINGO_AUTH"
#: The conventional name of a team's own layer, put after the shipped files.
TEAM_FILE = "team.tsv"
#: Corpus uploads larger than this (in megabytes) are refused with a message.
DEFAULT_MAX_UPLOAD_MB = 20


@dataclass(frozen=True, slots=True)
class Settings:
    """The editor's configuration for one server process."""

    lexicon_dir: Path
    target: str = ""
    max_upload_mb: int = DEFAULT_MAX_UPLOAD_MB
    auth_file: Path | None = None

    @classmethod
    def from_environment(cls, argv: Sequence[str], environ: Mapping[str, str]) -> Settings:
        """Read the script arguments and the environment (arguments win)."""
        parser = argparse.ArgumentParser(add_help=False)
        parser.add_argument("--lexicons")
        parser.add_argument("--target")
        known, _ = parser.parse_known_args(list(argv))
        folder = known.lexicons or environ.get(LEXICONS_ENV) or ""
        raw_limit = environ.get(UPLOAD_ENV, "")
        try:
            limit = int(raw_limit) if raw_limit else DEFAULT_MAX_UPLOAD_MB
        except ValueError:
            raise NusalingoError(
                f"{UPLOAD_ENV}={raw_limit!r} is not a whole number of megabytes; "
                f"set it to e.g. {DEFAULT_MAX_UPLOAD_MB}, or unset it."
            ) from None
        if limit <= 0:
            raise NusalingoError(f"{UPLOAD_ENV} must be at least 1 (got {limit}).")
        auth = environ.get(AUTH_ENV, "")
        return cls(
            lexicon_dir=Path(folder).expanduser() if folder else shipped_lexicon_dir(),
            target=known.target or environ.get(TARGET_ENV, ""),
            max_upload_mb=limit,
            auth_file=Path(auth).expanduser() if auth else None,
        )

    def check(self) -> None:
        """Fail with a clear message when the folder cannot be edited at all."""
        folder = self.lexicon_dir
        if not folder.is_dir():
            raise NusalingoError(
                f"The lexicon folder {folder} does not exist. Pass an existing folder with "
                f"'streamlit run app.py -- --lexicons DIR' or {LEXICONS_ENV}=DIR."
            )
        if not any(folder.glob("*.tsv")):
            raise NusalingoError(
                f"The lexicon folder {folder} has no lexicon files (*.tsv). Create one with "
                f"'nusalingo lexicon add {folder / TEAM_FILE} ...', or choose another folder."
            )
        if self.target and Path(self.target).name != self.target:
            raise NusalingoError(
                f"The target file {self.target!r} must be a file name in {folder}, "
                f"like {TEAM_FILE!r}, not a path."
            )

    def default_target(self, names: Sequence[str]) -> str:
        """The file new entries go to unless the user picks another.

        >>> Settings(Path(".")).default_target(["core.tsv", "team.tsv"])
        'team.tsv'
        >>> Settings(Path(".")).default_target(["kamus.tsv", "slang.tsv"])
        'kamus.tsv'
        """
        if self.target:
            return self.target if self.target.endswith(".tsv") else f"{self.target}.tsv"
        if TEAM_FILE in names:
            return TEAM_FILE
        return names[0] if names else TEAM_FILE


def environment_settings() -> Settings:
    """The settings of this process: script arguments, then the environment."""
    import sys

    return Settings.from_environment(sys.argv[1:], os.environ)
