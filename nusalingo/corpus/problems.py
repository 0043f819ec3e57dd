"""What a corpus run does with bad input: undecodable bytes and malformed rows.

Two policies, chosen by the user, decide it, and a tally keeps what happened
for the final summary (how many, and the first line numbers):

- ``errors`` for bytes that are not UTF-8, line by line: ``strict`` stops
  with an error naming the line, ``replace`` keeps the line with U+FFFD in
  place of the bad bytes, ``skip`` leaves the line out;
- ``on_bad_row`` for a CSV row or JSON line that cannot be read: ``fail``
  stops with an error naming the line, ``skip`` leaves the row out.

>>> tally = Problems("chat.txt", errors="replace")
>>> tally.decode(b"gk tau \\xff\\n", 7)
'gk tau \\ufffd\\n'
>>> tally.undecodable, tally.undecodable_lines
(1, [7])
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nusalingo.errors import NusalingoError

ERRORS = ("strict", "replace", "skip")
ON_BAD_ROW = ("skip", "fail")
#: How many line numbers of each kind of problem the summary shows.
FIRST = 5


class BadInputError(NusalingoError):
    """The input has a problem that the chosen policy makes fatal; nothing is written."""


@dataclass(slots=True)
class Problems:
    """The bad-input policies of one run, and the tally of what they met.

    ``source`` names the input in messages (a file name or ``standard input``).
    """

    source: str
    errors: str = "strict"
    on_bad_row: str = "fail"
    undecodable: int = 0
    undecodable_lines: list[int] = field(default_factory=list)
    bad_rows: int = 0
    bad_row_notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.errors not in ERRORS:
            raise NusalingoError(
                f"--errors must be one of {', '.join(ERRORS)}, got {self.errors!r}")
        if self.on_bad_row not in ON_BAD_ROW:
            raise NusalingoError(
                f"--on-bad-row must be one of {', '.join(ON_BAD_ROW)}, got {self.on_bad_row!r}")

    def decode(self, raw: bytes, line: int) -> str | None:
        """The line as text, or ``None`` when it is to be left out (``errors="skip"``)."""
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            if self.errors == "strict":
                raise BadInputError(
                    f"{self.source}: line {line} is not valid UTF-8 (byte "
                    f"{raw[exc.start]:#04x} at column {exc.start + 1}); convert the file to "
                    f"UTF-8, or pass --errors replace (keep the line, bad bytes become \ufffd) "
                    f"or --errors skip (leave such lines out)"
                ) from None
            self.undecodable += 1
            if len(self.undecodable_lines) < FIRST:
                self.undecodable_lines.append(line)
            return None if self.errors == "skip" else raw.decode("utf-8", "replace")

    def bad_row(self, line: int, message: str) -> None:
        """Count a row that cannot be read, or stop on it (``on_bad_row="fail"``)."""
        if self.on_bad_row == "fail":
            raise BadInputError(
                f"{self.source}: line {line}: {message}; fix the row, or pass "
                f"--on-bad-row skip to leave such rows out (they are counted in the summary)")
        self.bad_rows += 1
        if len(self.bad_row_notes) < FIRST:
            self.bad_row_notes.append(f"line {line}: {message}")

    @property
    def count(self) -> int:
        """Every problem met: undecodable lines and bad rows."""
        return self.undecodable + self.bad_rows

    def describe(self) -> list[str]:
        """One line for each kind of problem met, with the first line numbers."""
        out = []
        if self.undecodable:
            done = "replaced" if self.errors == "replace" else "skipped"
            lines = ", ".join(map(str, self.undecodable_lines))
            more = ", ..." if self.undecodable > len(self.undecodable_lines) else ""
            out.append(f"{self.undecodable:,} undecodable line(s) {done} "
                       f"(line {lines}{more})")
        if self.bad_rows:
            notes = "; ".join(self.bad_row_notes)
            more = "; ..." if self.bad_rows > len(self.bad_row_notes) else ""
            out.append(f"{self.bad_rows:,} malformed row(s) skipped ({notes}{more})")
        return out
