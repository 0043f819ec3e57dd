"""Word alignment of an informal sentence with its formal rewrite.

Both the evaluation of parallel sentences (which change matched the gold,
which gold replacement was missed) and learning entries from parallel data
need to know which words of the rewrite stand for which words of the
original. A rewrite keeps most words, so difflib's matching of the two word
sequences finds the kept ones; what lies between them is a replacement.
Replacements of as many words as they have counterparts are split into
one-to-one pairs.

>>> [(b.kind, b.source, b.target) for b in align(words("gw gk tau"), words("saya tidak tahu"))]
[('replace', (0, 1), (0, 1)), ('replace', (1, 2), (1, 2)), ('replace', (2, 3), (2, 3))]
>>> [(b.kind, b.source, b.target) for b in align(words("gpp kok"), words("tidak apa-apa kok"))]
[('replace', (0, 1), (0, 2)), ('equal', (1, 2), (2, 3))]
>>> [(b.kind, b.source, b.target) for b in align(words("min kok"), words("admin , kok"))]
[('replace', (0, 1), (0, 1)), ('insert', (1, 1), (1, 2)), ('equal', (1, 2), (2, 3))]
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from nusalingo.tokenize import SPACE, tokenize


@dataclass(frozen=True, slots=True)
class Block:
    """Source words ``[source[0], source[1])`` stand for target words ``[target[0], target[1])``.

    ``kind`` is difflib's: ``equal``, ``replace``, ``delete`` (the source words
    have no counterpart) or ``insert`` (the target words have none).
    """

    kind: str
    source: tuple[int, int]
    target: tuple[int, int]


def words(text: str) -> list[str]:
    """The words, numbers and punctuation marks of a text, in order (no spaces)."""
    return [t.text for t in tokenize(text) if t.kind != SPACE]


def align(source: Sequence[str], target: Sequence[str]) -> list[Block]:
    """Blocks covering both sequences in order; comparison ignores case.

    Punctuation at the edges of a replacement is split off when the other side
    has none there, so that ``min`` -> ``admin ,`` reads as ``min`` -> ``admin``
    and an added comma.
    """
    matcher = difflib.SequenceMatcher(None, [w.lower() for w in source],
                                      [w.lower() for w in target], autojunk=False)
    blocks: list[Block] = []
    for kind, a1, a2, b1, b2 in matcher.get_opcodes():
        if kind != "replace":
            blocks += _blocks(kind, a1, a2, b1, b2)
            continue
        i1, i2, j1, j2 = a1, a2, b1, b2
        head: list[Block] = []
        tail: list[Block] = []
        while i2 - i1 and j2 - j1:
            if _punct(target[j2 - 1]) and not _punct(source[i2 - 1]):
                tail.insert(0, Block("insert", (i2, i2), (j2 - 1, j2)))
                j2 -= 1
            elif _punct(source[i2 - 1]) and not _punct(target[j2 - 1]):
                tail.insert(0, Block("delete", (i2 - 1, i2), (j2, j2)))
                i2 -= 1
            elif _punct(target[j1]) and not _punct(source[i1]):
                head.append(Block("insert", (i1, i1), (j1, j1 + 1)))
                j1 += 1
            elif _punct(source[i1]) and not _punct(target[j1]):
                head.append(Block("delete", (i1, i1 + 1), (j1, j1)))
                i1 += 1
            else:
                break
        middle = "replace" if i2 - i1 and j2 - j1 else "delete" if i2 - i1 else "insert"
        blocks += [*head, *_blocks(middle, i1, i2, j1, j2), *tail]
    return blocks


def _blocks(kind: str, i1: int, i2: int, j1: int, j2: int) -> list[Block]:
    """One block, or one-word blocks when both sides have as many words."""
    if kind == "equal" or (kind == "replace" and i2 - i1 == j2 - j1):
        return [Block(kind, (i1 + k, i1 + k + 1), (j1 + k, j1 + k + 1)) for k in range(i2 - i1)]
    return [Block(kind, (i1, i2), (j1, j2))]


def _punct(word: str) -> bool:
    return not any(ch.isalnum() for ch in word)


def target_spans(blocks: Sequence[Block], length: int) -> list[tuple[int, int]]:
    """For each source word, the span of target words its block stands for."""
    spans = [(0, 0)] * length
    for block in blocks:
        for index in range(*block.source):
            spans[index] = block.target
    return spans
