"""The progress bar of a corpus run: documents and tokens per second, on a terminal only.

The bar goes to standard error, and only when standard error is a terminal
and the user did not ask for ``--quiet``: a pipe or a log file gets nothing
of it (the final summary is written either way, see :mod:`.summary`).
The bar advances with the input read (bytes, or rows for Parquet), so it
shows how much is left; its label gives documents, documents per second and
tokens per second.

>>> bar = Progress(None, "B", enabled=False)
>>> bar.update(120, documents=3, tokens=12)
>>> bar.close()
"""

from __future__ import annotations

import sys
import time
from typing import IO, Any


def wanted(quiet: bool, stream: IO[str] | None = None) -> bool:
    """Whether to draw a bar: not with ``--quiet``, and only on a terminal."""
    target = stream if stream is not None else sys.stderr
    return not quiet and target.isatty()


class Progress:
    """A tqdm bar over the input, labelled with the run's rates; nothing when disabled."""

    def __init__(self, total: int | None, unit: str, *, enabled: bool,
                 stream: IO[str] | None = None) -> None:
        self.bar: Any = None
        self.began = time.perf_counter()
        self.position = 0
        if not enabled:
            return
        from tqdm import tqdm

        known = bool(total)
        layout = ("{percentage:3.0f}%|{bar}| {desc} [{elapsed}<{remaining}]" if known
                  else "{desc} [{elapsed}]")
        self.bar = tqdm(total=total if known else None, unit=unit, unit_scale=True,
                        unit_divisor=1024 if unit == "B" else 1000, leave=False,
                        file=stream if stream is not None else sys.stderr,
                        dynamic_ncols=True, bar_format=layout, mininterval=0.2)

    def update(self, position: int, documents: int, tokens: int) -> None:
        """The input is read up to ``position``; so many documents and tokens are done."""
        if self.bar is None:
            return
        seconds = max(time.perf_counter() - self.began, 1e-9)
        self.bar.set_description_str(
            f"{documents:,} docs, {documents / seconds:,.0f} docs/s, "
            f"{tokens / seconds:,.0f} tokens/s", refresh=False)
        self.bar.update(position - self.position)
        self.position = position

    def close(self) -> None:
        """Show the final figures once (however fast the run), then take the bar away."""
        if self.bar is not None:
            self.bar.refresh()
            self.bar.close()
            self.bar = None
