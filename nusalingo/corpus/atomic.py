"""An output file that appears whole at the end of a run, or not at all.

The run writes to a hidden temporary file in the target's folder (so the
final rename stays on one file system and is atomic), and renames it over the
target only when everything is written. Any exception, Ctrl-C included, on the
way removes the temporary file: an interrupted run leaves no half-written
output, and an existing file of that name stays as it was.

>>> import shutil, tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> with AtomicFile(folder / "hasil.txt") as out:
...     _ = out.open_text().write("tidak tahu\\n")
...     out.commit()
>>> (folder / "hasil.txt").read_text(encoding="utf-8"), sorted(p.name for p in folder.iterdir())
('tidak tahu\\n', ['hasil.txt'])
>>> shutil.rmtree(folder)
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from types import TracebackType
from typing import IO

from nusalingo.errors import NusalingoError


class AtomicFile:
    """A target path and the temporary file that becomes it on :meth:`commit`."""

    def __init__(self, path: Path) -> None:
        if path.is_dir():
            raise NusalingoError(f"{path} is a folder; give a file name to write to")
        if not path.parent.is_dir():
            raise NusalingoError(f"{path}: the folder {path.parent} does not exist; "
                                 f"create it first")
        self.path = path
        self.existed = path.exists()
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        os.close(fd)
        self.temp = Path(temp)
        self.stream: IO[str] | None = None
        self.done = False

    def open_text(self) -> IO[str]:
        """The temporary file, open for UTF-8 text (no newline translation)."""
        self.stream = open(self.temp, "w", encoding="utf-8", newline="",  # noqa: SIM115
                           buffering=1 << 20)
        return self.stream

    def commit(self) -> None:
        """Flush the temporary file to disk and rename it over the target."""
        if self.stream is not None:
            self.stream.close()
        fd = os.open(self.temp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        mode = self.path.stat().st_mode & 0o777 if self.existed else 0o644
        os.chmod(self.temp, mode)
        os.replace(self.temp, self.path)
        self.done = True
        with contextlib.suppress(OSError):  # make the rename itself durable
            folder = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)

    def discard(self) -> None:
        """Remove the temporary file; the target is left as it was."""
        if self.stream is not None:
            with contextlib.suppress(OSError):
                self.stream.close()
        self.temp.unlink(missing_ok=True)

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if not self.done:
            self.discard()
