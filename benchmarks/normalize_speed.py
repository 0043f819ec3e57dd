"""Normalizer throughput next to a floor baseline and a peer, in one process and one run.

    python benchmarks/normalize_speed.py [--tokens 1000000] [--seed 7] [--rounds 3]
                                         [--text FILE]

The corpus is generated: the informal example sentences of the shipped
lexicons, recombined with a fixed seed into new lines, with mentions, URLs,
emoji, stretched letters and digit reduplication mixed in. Lines are produced
lazily, so the corpus is never held in memory.

Reported, each as tokens per second and as a ratio to the floor baseline
measured in the same run:

- floor: ``re`` tokenization, one dict look-up per token (the lexicon's
  default senses), and a join; the least any normalizer must do;
- nusalingo ``Normalizer.normalize`` and ``Normalizer.explain``;
- the peer ``indoNLP.preprocessing.replace_slang``, when installed (on a tenth
  of the corpus: it is slow).

``--text FILE`` times the lines of a file of your own instead (up to ``--tokens``
tokens): real text holds many more words than the generated corpus, and a fresh
normalizer meets each of them for the first time (which costs far more than a word
seen before: the rules run for it once).

Each system is a function called once per line, timed over the same
pre-generated lines. A round gives normalize and explain a fresh normalizer
each (warmed alike on other lines, so each meets the corpus's new words
itself), and the systems take turns block by block, in an order that turns
round from block to block; the ratios reported are the medians of the rounds'
ratios (a shared machine's load moves single runs by a tenth or more).

Memory: peak traced allocation of a fresh normalizer while normalizing a
quarter and a half of the corpus, streamed line by line; the two should be
about the same (flat in the corpus size: only the bounded word caches grow).
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import re
import statistics
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from nusalingo import Normalizer, load_lexicon

EXTRAS = ["@budi_s", "https://t.co/AbC12", "😂", "🙏🏽", ":)", "#promo", "wkwkwk", "bangeeet",
          "anak2", "123", "?", "!!", ","]


def corpus(sentences: list[str], tokens: int, seed: int) -> Iterator[str]:
    """Informal lines of 5 to 25 tokens until about ``tokens`` tokens are produced."""
    rng = random.Random(seed)
    words = [w for s in sentences for w in s.split()]
    produced = 0
    while produced < tokens:
        base = rng.choice(sentences).split()
        line = base + rng.sample(words, rng.randint(0, 10))
        if rng.random() < 0.3:
            line.insert(rng.randrange(len(line) + 1), rng.choice(EXTRAS))
        produced += len(line)
        yield " ".join(line)


def lines_of(path: Path, tokens: int) -> Iterator[str]:
    """The non-empty lines of a text file until about ``tokens`` tokens."""
    produced = 0
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            line = raw.rstrip("\n")
            if line.strip():
                yield line
                produced += line.count(" ") + 1
                if produced >= tokens:
                    return


def run(systems: dict[str, Callable[[str], object]], lines: list[str],
        chunk: int = 200) -> list[dict[str, Any]]:
    """Tokens per second of each system over the corpus (whitespace tokens).

    The systems take turns chunk by chunk, so a change in the machine's load
    during the run weighs on all of them alike; the order turns round from
    chunk to chunk, so that none always runs first (or right after another).
    """
    count = sum(line.count(" ") + 1 for line in lines)
    seconds = dict.fromkeys(systems, 0.0)
    order = list(systems.items())
    gc.collect()
    for turn, start in enumerate(range(0, len(lines), chunk)):
        block = lines[start:start + chunk]
        shift = turn % len(order)
        for name, func in order[shift:] + order[:shift]:
            began = time.perf_counter()
            for line in block:
                func(line)
            seconds[name] += time.perf_counter() - began
    return [{"name": name, "tokens": count, "seconds": round(spent, 3),
             "tokens_per_second": round(count / spent)} for name, spent in seconds.items()]


def peak_memory(func: Callable[[str], object], lines: Callable[[], Iterator[str]]) -> int:
    """Peak traced memory (bytes) while normalizing the lines."""
    gc.collect()
    tracemalloc.start()
    for line in lines():
        func(line)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main() -> None:
    """Run the benchmark and print a table and JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tokens", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--text", type=Path, help="time the lines of this file instead")
    args = parser.parse_args()
    if args.text and not args.text.is_file():
        parser.error(f"--text {args.text}: no such file; give a UTF-8 text file, one text a line")

    lexicon = load_lexicon()
    sentences = [e.example for e in lexicon if e.example and e.status == "verified"]
    table = {key: group[0].formal for key, group in lexicon.senses().items()
             if " " not in key and group[0].is_default}
    token_re = re.compile(r"\w+|[^\w\s]+")

    def floor(text: str) -> str:
        return " ".join(table.get(w.lower(), w) for w in token_re.findall(text))

    # read or generated before any timing
    lines = list(lines_of(args.text, args.tokens) if args.text else
                 corpus(sentences, args.tokens, args.seed))
    warm_up = list(corpus(sentences, 20_000, args.seed + 1))
    rounds = []
    for _ in range(args.rounds):
        normalizer, explainer = Normalizer(lexicon), Normalizer(lexicon)
        for line in warm_up:  # warm the word caches alike
            normalizer.normalize(line)
            explainer.explain(line)
            floor(line)
        rounds.append(run({"floor baseline": floor, "nusalingo normalize": normalizer.normalize,
                           "nusalingo explain": explainer.explain}, lines))
    ratios = [[result["tokens_per_second"] / each[0]["tokens_per_second"] for result in each]
              for each in rounds]
    median = sorted(range(len(rounds)), key=lambda r: ratios[r][1])[len(rounds) // 2]
    results = rounds[median]  # the round of the median normalize ratio, for its figures
    for index, result in enumerate(results):
        result["ratio_to_floor"] = round(statistics.median(r[index] for r in ratios), 3)
        result["ratio_by_round"] = [round(r[index], 3) for r in ratios]
    try:
        from indoNLP.preprocessing import replace_slang
    except ImportError:
        print("indoNLP is not installed: no peer figures (pip install indoNLP)")
    else:  # slow: a tenth of the corpus, next to the floor again for its ratio
        peer = run({"floor baseline": floor, "indoNLP replace_slang": replace_slang},
                   lines[: len(lines) // 10])
        peer[1]["ratio_to_floor"] = round(
            peer[1]["tokens_per_second"] / peer[0]["tokens_per_second"], 3)
        results.append(peer[1])

    total = sum(line.count(" ") + 1 for line in lines)

    def share(part: int) -> Callable[[], Iterator[str]]:
        """The first ``1/part`` of the timed lines, streamed again (not held)."""
        def lines_again() -> Iterator[str]:
            return lines_of(args.text, total // part) if args.text else \
                corpus(sentences, total // part, args.seed)
        return lines_again

    del lines
    memory = {"peak_bytes_quarter": peak_memory(Normalizer(lexicon).normalize, share(4)),
              "peak_bytes_half": peak_memory(Normalizer(lexicon).normalize, share(2))}

    print(f"{'':24}{'tokens/s':>12}{'ratio':>8}  ratio by round")
    for result in results:
        print(f"{result['name']:24}{result['tokens_per_second']:>12,}"
              f"{result['ratio_to_floor']:>8.2f}  "
              f"{' '.join(f'{r:.2f}' for r in result.get('ratio_by_round', []))}")
    print(f"peak memory: {memory['peak_bytes_quarter'] / 1e6:.1f} MB for a quarter of the "
          f"corpus, {memory['peak_bytes_half'] / 1e6:.1f} MB for half")
    print(json.dumps({"results": results, "memory": memory}))


if __name__ == "__main__":
    main()
