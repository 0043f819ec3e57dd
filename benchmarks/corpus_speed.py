"""Corpus throughput and memory: the command with 1 and 2 workers, Dask, in-process, side by side.

    python benchmarks/corpus_speed.py [--documents 1000000] [--rounds 2] [--seed 7]

The corpus is generated: the informal example sentences of the shipped
lexicons, recombined with a fixed seed into new documents of 3 to 30 tokens,
with mentions, URLs, emoji, stretched letters and digit reduplication mixed
in; written as plain text (and as Parquet, for Dask), streamed to disk.

Measured in each round, one after the other, so that a change in the
machine's load weighs on all of them alike (other jobs may share its cores):

- ``in-process``: a fresh ``Normalizer.normalize`` looped over the same lines
  in this process (the file read line by line), the ceiling for one core;
- ``two processes, no pipeline``: two such loops at once in two processes, each
  over every other line: what two processes get from this machine at that
  moment (the ceiling for two workers: other jobs may take part of the cores);
- ``command, 1 worker`` and ``command, 2 workers``: ``nusalingo normalize
  FILE -o OUT --workers N`` in a subprocess; its processing time from its
  summary line, and its wall time, start-up (imports, lexicons) included;
- ``dask, 2 workers``: ``nusalingo.dask.normalize_column`` on the Parquet copy
  (a partition per row group of 100,000 documents), ``to_parquet``, on a
  ``LocalCluster`` of two worker processes started beforehand.

Peak memory: the largest summed resident memory of the command's process
tree (sampled every 50 ms with psutil), for the corpus and for one twice its
size, with 1 and 2 workers: it should not grow with the input. (The
normalizer's own word and context caches grow with what it has seen, up to
their bound of 200,000 entries each; a million documents fill them.)

Every run uses a snapshot of the shipped lexicons taken at the start.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil

from nusalingo import Normalizer, load_lexicon, shipped_lexicon_dir

EXTRAS = ["@budi_s", "https://t.co/AbC12", "😂", "🙏🏽", ":)", "#promo", "wkwkwk", "bangeeet",
          "anak2", "123", "?", "!!", ","]


def documents(sentences: list[str], count: int, seed: int) -> Iterator[str]:
    """``count`` informal documents of 3 to 30 tokens."""
    rng = random.Random(seed)
    words = [w for s in sentences for w in s.split()]
    for _ in range(count):
        line = rng.choice(sentences).split()[:20] + rng.sample(words, rng.randint(0, 8))
        if rng.random() < 0.3:
            line.insert(rng.randrange(len(line) + 1), rng.choice(EXTRAS))
        yield " ".join(line[:30])


def write_corpus(path: Path, sentences: list[str], count: int, seed: int) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for text in documents(sentences, count, seed):
            handle.write(text + "\n")


def write_parquet(source: Path, path: Path, row_group: int = 100_000) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("text", pa.string())])
    with pq.ParquetWriter(path, schema) as writer, open(source, encoding="utf-8") as handle:
        batch: list[str] = []
        for line in handle:
            batch.append(line.rstrip("\n"))
            if len(batch) == row_group:
                writer.write_table(pa.table({"text": batch}, schema=schema))
                batch = []
        if batch:
            writer.write_table(pa.table({"text": batch}, schema=schema))


def load() -> float:
    """The machine's one-minute load average: how busy other jobs keep its cores."""
    return float(Path("/proc/loadavg").read_text().split()[0])


def in_process(path: Path, lexicons: Path) -> dict[str, float]:
    """A fresh normalizer over the file's lines, read one by one: wall and CPU seconds."""
    normalizer = Normalizer(lexicons)
    before, began, cpu = load(), time.perf_counter(), time.process_time()
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            normalizer.normalize(line.rstrip("\n"))
    return {"seconds": time.perf_counter() - began, "cpu": time.process_time() - cpu,
            "load": before}


def ceiling(path: Path, lexicons: Path) -> dict[str, float]:
    """Two independent processes, each a fresh normalizer over every other line, at once:
    what two processes can do on this machine at this moment, with no pipeline at all."""
    code = ("import sys\nfrom nusalingo import Normalizer\n"
            "n = Normalizer(sys.argv[3])\nlines = open(sys.argv[1], encoding='utf-8')\n"
            "start = int(sys.argv[2])\nsys.stdout.write('ready\\n')\nsys.stdout.flush()\n"
            "sys.stdin.readline()\n"
            "for i, line in enumerate(lines):\n"
            "    if i % 2 == start:\n        n.normalize(line.rstrip('\\n'))\n")
    processes = [subprocess.Popen([sys.executable, "-c", code, str(path), str(k),
                                   str(lexicons)], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True) for k in (0, 1)]
    for process in processes:  # both built their normalizer: start them together
        assert process.stdout is not None and process.stdout.readline() == "ready\n"
    before, began = load(), time.perf_counter()
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    for process in processes:
        process.communicate()
    return {"seconds": time.perf_counter() - began, "load": before}


def command(path: Path, out: Path, workers: int, lexicons: Path) -> dict[str, float]:
    """Run the command: its processing time (from its summary), wall time, peak memory
    and CPU seconds of its process tree, and the busiest process's CPU seconds."""
    argv = [sys.executable, "-m", "nusalingo", "normalize", str(path), "-o", str(out),
            "--workers", str(workers), "--lexicon", str(lexicons)]
    before, began = load(), time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True)
    seen = _watch(process.pid)
    _, errors = process.communicate()
    wall = time.perf_counter() - began
    if process.returncode:
        raise SystemExit(f"{' '.join(argv)} failed:\n{errors}")
    match = re.search(r"in ([\d,.]+) s", errors)
    assert match, errors
    return {"seconds": float(match.group(1).replace(",", "")), "wall": wall,
            "peak_rss": seen["peak_rss"], "cpu": sum(seen["cpu"].values()),
            "cpu_max": max(seen["cpu"].values()), "load": before}


def _watch(pid: int) -> dict[str, Any]:
    """Sample a process and its descendants every 50 ms until it ends: the peak of their
    summed resident memory, and each one's latest CPU seconds."""
    seen: dict[str, Any] = {"peak_rss": 0, "cpu": {pid: 0.0}}
    try:
        root = psutil.Process(pid)
        while root.is_running() and root.status() != psutil.STATUS_ZOMBIE:
            total = 0
            for proc in [root, *root.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):  # it may just have ended
                    total += proc.memory_info().rss
                    times = proc.cpu_times()
                    seen["cpu"][proc.pid] = times.user + times.system
            seen["peak_rss"] = max(seen["peak_rss"], total)
            time.sleep(0.05)
    except psutil.Error:
        pass
    return seen


def dask_run(parquet: Path, out: Path, lexicons: Path) -> dict[str, float]:
    """Dask on a fresh two-process LocalCluster; its start-up is not timed."""
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    from nusalingo.dask import normalize_column

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster, Client(cluster) as client:
        before, began = load(), time.perf_counter()
        frame = dd.read_parquet(parquet, split_row_groups=True)  # a partition a row group
        normalized = normalize_column(frame, "text", normalizer=Normalizer(lexicons),
                                      client=client)
        client.compute(normalized.to_parquet(out, compute=False, write_index=False)).result()
        return {"seconds": time.perf_counter() - began, "load": before}


class _Unchanged(Normalizer):
    """A normalizer that returns every text as it is: what is left is the pipeline's cost."""

    def normalize(self, text: str) -> str:
        return text


def pipeline_overhead(path: Path, lexicons: Path, count: int) -> dict[str, float]:
    """Microseconds a document that ``normalize_file`` adds to a bare loop, both with a
    normalizer that changes nothing: reading, decoding, counting tokens, writing.
    CPU time of this process, best of three, so that other jobs weigh little."""
    from nusalingo.corpus import normalize_file

    unchanged = _Unchanged(lexicons)
    bare, piped = [], []
    for _ in range(3):
        began = time.process_time()
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                unchanged.normalize(line.rstrip("\n"))
        bare.append(time.process_time() - began)
        began = time.process_time()
        normalize_file(path, path.with_name("overhead.txt"), normalizer=unchanged)
        piped.append(time.process_time() - began)
    return {"bare_us": min(bare) / count * 1e6, "pipeline_us": min(piped) / count * 1e6}


def main() -> None:
    """Generate the corpus, measure, print Markdown tables and JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--overhead-only", action="store_true",
                        help="Measure only the pipeline's own cost a document (fast).")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="nusalingo-corpus-"))
    try:
        if args.overhead_only:
            lexicons = shipped_lexicon_dir()
            sentences = [e.example for e in load_lexicon(lexicons)
                         if e.example and e.status == "verified"]
            write_corpus(folder / "corpus.txt", sentences, args.documents, args.seed)
            print_overhead(pipeline_overhead(folder / "corpus.txt", lexicons, args.documents))
        else:
            measure(args.documents, args.rounds, args.seed, folder)
    finally:
        shutil.rmtree(folder)


def print_overhead(overhead: dict[str, float]) -> None:
    """One line: what the pipeline adds to each document."""
    bare, piped = overhead["bare_us"], overhead["pipeline_us"]
    print(f"\npipeline cost a document (a normalizer that changes nothing, CPU time): "
          f"bare loop {bare:.2f} us, normalize_file {piped:.2f} us, added {piped - bare:.2f} us")


def measure(count: int, rounds_wanted: int, seed: int, folder: Path) -> None:
    """Write the corpus into ``folder``, run every measurement, print the tables."""
    lexicons = folder / "lexicons"  # a snapshot: every run uses the same lexicons
    shutil.copytree(shipped_lexicon_dir(), lexicons, ignore=shutil.ignore_patterns("*.jsonl"))
    lexicon = load_lexicon(lexicons)
    sentences = [e.example for e in lexicon if e.example and e.status == "verified"]
    full, double = folder / "corpus.txt", folder / "double.txt"
    write_corpus(full, sentences, count, seed)
    write_corpus(double, sentences, 2 * count, seed)  # the same documents, then as many more
    parquet = folder / "corpus.parquet"
    write_parquet(full, parquet)
    print(f"corpus: {count:,} documents, {full.stat().st_size / 1e6:.0f} MB", flush=True)

    one, two = "command, 1 worker", "command, 2 workers"
    steps = {
        "in-process": lambda: in_process(full, lexicons),
        "two processes, no pipeline": lambda: ceiling(full, lexicons),
        one: lambda: command(full, folder / "out1.txt", 1, lexicons),
        two: lambda: command(full, folder / "out2.txt", 2, lexicons),
        "dask, 2 workers": lambda: dask_run(parquet, folder / "dask", lexicons),
    }
    rounds: list[dict[str, dict[str, float]]] = []
    for number in range(rounds_wanted):
        order = list(steps) if number % 2 == 0 else list(reversed(steps))  # cancel drift
        row = {name: steps[name]() for name in order}
        rounds.append(row)
        print(f"round {number + 1}: " + ", ".join(
            f"{k} {v['seconds']:.1f} s (load {v['load']:.1f})" for k, v in row.items()),
            flush=True)
    same = (folder / "out1.txt").read_bytes() == (folder / "out2.txt").read_bytes()
    overhead = pipeline_overhead(full, lexicons, count)
    memory = {(workers, name): command(path, folder / "mem.txt", workers, lexicons)["peak_rss"]
              for workers in (1, 2) for name, path in (("whole", full), ("double", double))}

    print(f"\n{count:,} documents; best of {rounds_wanted} rounds; ratios measured side by "
          f"side in each round, median over rounds\n")
    print("| what | seconds | documents/s | speed vs in-process | speed vs 1 worker |")
    print("|---|---:|---:|---:|---:|")
    for name in steps:
        best = min(r[name]["seconds"] for r in rounds)
        vs_inproc = statistics.median(r["in-process"]["seconds"] / r[name]["seconds"]
                                      for r in rounds)
        vs_one = statistics.median(r[one]["seconds"] / r[name]["seconds"] for r in rounds)
        print(f"| {name} | {best:.1f} | {count / best:,.0f} | {vs_inproc:.2f} | "
              f"{vs_one:.2f} |")
    for name in (one, two):
        wall = min(r[name]["wall"] for r in rounds)
        ratio = statistics.median(r["in-process"]["seconds"] / r[name]["wall"]
                                  for r in rounds)
        print(f"| {name}, wall time with start-up | {wall:.1f} | {count / wall:,.0f} | "
              f"{ratio:.2f} | |")
    print("\nCPU seconds (the machine's other jobs slow every wall time above; CPU time "
          "is what each run itself used):\n")
    print("| round | in-process | 1 worker | 2 workers: all processes | 2 workers: busiest "
          "process | speed-up on two free cores |")
    print("|---|---:|---:|---:|---:|---:|")
    for number, r in enumerate(rounds, start=1):
        bound = max(r[two]["cpu"] / 2, r[two]["cpu_max"])
        print(f"| {number} | {r['in-process']['cpu']:.1f} | {r[one]['cpu']:.1f} | "
              f"{r[two]['cpu']:.1f} | {r[two]['cpu_max']:.1f} | {r[one]['cpu'] / bound:.2f} |")
    print(f"\noutputs of 1 and 2 workers identical: {same}\n")
    print(f"| peak memory (process tree) | {count:,} documents | {2 * count:,} documents | "
          f"ratio |")
    print("|---|---:|---:|---:|")
    for workers in (1, 2):
        small, large = memory[(workers, "whole")], memory[(workers, "double")]
        print(f"| command, {workers} worker{'s' if workers > 1 else ''} | "
              f"{small / 2**20:.0f} MiB | {large / 2**20:.0f} MiB | {large / small:.2f} |")
    print_overhead(overhead)
    print(json.dumps({"documents": count, "rounds": rounds, "overhead": overhead,
                      "memory": {f"{w}:{n}": v for (w, n), v in memory.items()}}))


if __name__ == "__main__":
    main()
