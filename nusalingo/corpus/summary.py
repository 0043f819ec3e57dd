"""The account of a corpus run: documents, tokens, changes, problems and time.

>>> summary = Summary(documents=2, tokens=5, changed=1, seconds=0.5, output="hasil.txt")
>>> print(summary.render())
normalized 2 documents (5 tokens) in 0.5 s -> hasil.txt
changes: 1 document changed (pass --changes FILE for each change)
errors: none
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Summary:
    """What a run did. ``changes`` is the number of single changes, counted only when
    they were explained (``--changes``, ``--explain``); ``problems`` the bad input met,
    each line of :meth:`nusalingo.corpus.problems.Problems.describe`."""

    documents: int = 0
    tokens: int = 0
    changed: int = 0
    changes: int | None = None
    errors: int = 0
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    output: str = "standard output"

    def add(self, documents: int, tokens: int, changed: int, changes: int | None) -> None:
        """Count one chunk."""
        self.documents += documents
        self.tokens += tokens
        self.changed += changed
        if changes is not None:
            self.changes = (self.changes or 0) + changes

    @property
    def documents_per_second(self) -> float:
        """Throughput of the run."""
        return self.documents / self.seconds if self.seconds else 0.0

    def render(self) -> str:
        """The lines printed on standard error at the end of a run."""
        rate = f", {self.documents_per_second:,.0f} documents/s" if self.seconds >= 1 else ""
        lines = [f"normalized {self.documents:,} document{_s(self.documents)} "
                 f"({self.tokens:,} token{_s(self.tokens)}) in {self.seconds:,.1f} s{rate} "
                 f"-> {self.output}"]
        if self.changes is None:
            lines.append(f"changes: {self.changed:,} document{_s(self.changed)} changed "
                         f"(pass --changes FILE for each change)")
        else:
            lines.append(f"changes: {self.changes:,} in {self.changed:,} "
                         f"document{_s(self.changed)}")
        lines.append("errors: " + ("; ".join(self.problems) if self.problems else "none"))
        return "\n".join(lines)


def _s(count: int) -> str:
    return "" if count == 1 else "s"
