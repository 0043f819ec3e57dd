"""The editor's speed on a large lexicon, against its budgets, in one process and one run.

    python benchmarks/editor_speed.py [--entries 50000] [--files 5] [--profile]

A lexicon of ``--entries`` generated entries (valid rows: unique informal
forms built from formal words of the word list, a mix of statuses, authors
and regions) is written to a temporary folder as ``--files`` files plus a
small ``team.tsv``. The app then runs in Streamlit's AppTest, which executes
the script as the server does (less the browser's drawing), and these are
timed, each the median of ``--repeat`` runs:

- first page load of the first session after the server started (every
  cache empty: files read and parsed, the table and the search index built);
- first page load of a later session (caches warm: what every other user and
  every page switch costs);
- a search of each kind (substring, regular expression, similar spelling), and
  the first similarity search, which builds the spelling index;
- a save of a new entry (the store's write, then the page's rerun), into
  ``team.tsv`` and, for contrast, an edit in one of the large files;
- the Entry page's checks (duplicates, variants, the normalizer's output).

Each figure is also given as a ratio to its budget (first load and search
1 s, save 0.5 s). ``--profile`` prints where the time goes in the core
functions the editor calls: reading files, validating them, and the store's
write of a large file.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
BUDGETS = {"load": 1.0, "search": 1.0, "save": 0.5}


def generate(folder: Path, entries: int, files: int, seed: int = 7) -> None:
    """Write ``entries`` valid entries over ``files`` files, plus a small ``team.tsv``."""
    from nusalingo.schema import CATEGORIES, COLUMNS, REGIONS
    from nusalingo.wordlists import indonesian_words

    rng = random.Random(seed)
    words = sorted(w for w in indonesian_words() if w.isalpha() and 3 <= len(w) <= 12)
    known = set(words)
    categories = [c for c in CATEGORIES if c not in ("keep", "particle")]
    people = ["ana", "budi", "citra", "dewi", "eko", "fitri", "gita"]
    seen: set[str] = set()
    folder.mkdir(parents=True, exist_ok=True)
    per_file = entries // files
    for number in range(files):
        lines = ["\t".join(COLUMNS)]
        for index in range(1, per_file + 1):
            while True:
                formal = rng.choice(words)
                bones = "".join(ch for ch in formal if ch not in "aeiou")[:6]
                informal = bones + "".join(rng.choice("qxzvkj") for _ in range(rng.randint(1, 3)))
                if informal not in seen and informal not in known:
                    break
            seen.add(informal)
            status = rng.choice(["verified", "verified", "verified", "proposed", "rejected"])
            author = rng.choice(people)
            reviewer = rng.choice([p for p in people if p != author]) if status != "proposed" \
                else ""
            row = dict.fromkeys(COLUMNS, "")
            row.update(
                id=f"gen{number}-{index}", informal=informal, formal=formal,
                category=rng.choice(categories), region=rng.choice(["", "", "", *REGIONS]),
                frequency=str(rng.randint(1, 5)), example=f"{informal} aja",
                example_formal=f"{formal} saja", source="nusalingo", status=status,
                author=author, created=f"2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                reviewer=reviewer, reviewed="2026-10-01" if reviewer else "",
                review_note="not used" if status == "rejected" else "", version="1")
            lines.append("\t".join(row[c] for c in COLUMNS))
        (folder / f"gen{number}.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    from nusalingo import LexiconStore

    team = LexiconStore(folder / "team.tsv")
    team.add_many([{"informal": f"tim{n}q", "formal": "tim", "category": "typo"}
                   for n in range(1, 51)], author="ana")


def timed(func: Callable[[], object], repeat: int) -> float:
    """Median seconds of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(folder: Path, repeat: int) -> list[tuple[str, str, float]]:
    """(what, budget name, seconds) for each measurement."""
    from streamlit.testing.v1 import AppTest

    from nusalingo import LexiconStore

    os.environ["NUSALINGO_LEXICONS"] = str(folder)
    warm_up = Path(tempfile.mkdtemp()) / "w"  # import everything once on a tiny folder
    generate(warm_up, 50, 1)
    os.environ["NUSALINGO_LEXICONS"] = str(warm_up)
    AppTest.from_file(APP, default_timeout=600).run()
    os.environ["NUSALINGO_LEXICONS"] = str(folder)

    results: list[tuple[str, str, float]] = []
    start = time.perf_counter()
    first = AppTest.from_file(APP, default_timeout=600).run()
    results.append(("first page load, first session (caches empty)", "load",
                    time.perf_counter() - start))
    assert not first.exception, first.exception
    results.append(("first page load, later session (caches warm)", "load",
                    timed(lambda: AppTest.from_file(APP, default_timeout=600).run(), repeat)))

    at = AppTest.from_file(APP, default_timeout=600).run()
    at.sidebar.text_input(key="session.name").input("bench").run()
    at.radio(key="browse.mode").set_value("similar spelling")
    start = time.perf_counter()
    at.text_input(key="browse.query").input("bgtq").run()
    results.append(("first similarity search (builds the spelling index)", "search",
                    time.perf_counter() - start))
    for mode, query in (("substring", "kaj"), ("regex", r"^b.*q$"),
                        ("similar spelling", "bngt")):
        at.radio(key="browse.mode").set_value(mode)

        def search(q: str = query) -> None:
            at.text_input(key="browse.query").input(q + " ").run()
            at.text_input(key="browse.query").input(q).run()
        results.append((f"search, {mode} ({query!r})", "search", timed(search, repeat) / 2))
        assert not at.exception, at.exception

    at.session_state["session.goto"] = "entry"
    at.run()
    counter = iter(range(1, 10_000))

    def fill_and_save() -> float:
        n = next(counter)
        at.text_input(key="entry.f.informal").input(f"bnch{n}q")
        at.text_input(key="entry.f.formal").input("bangku")
        at.selectbox(key="entry.f.category").set_value("typo").run()
        start = time.perf_counter()
        at.button(key="entry.save").click().run()
        return time.perf_counter() - start

    fill_and_save()  # the first save builds the normalizer for the Entry page's checks
    saves = [fill_and_save() for _ in range(repeat)]
    assert not at.exception, at.exception
    results.append(("save a new entry into team.tsv, store write and page rerun", "save",
                    statistics.median(saves)))

    team = LexiconStore(folder / "team.tsv")
    results.append(("save: the store's write alone (team.tsv, 50 entries)", "save", timed(
        lambda: team.add(author="bench", informal=f"x{next(counter)}q", formal="tim",
                         category="typo"), repeat)))
    big = LexiconStore(folder / "gen0.tsv")
    versions = {"v": big.get("gen0-1").version}

    def edit_big() -> None:
        entry = big.edit("gen0-1", {"note": f"n{next(counter)}"}, author="bench",
                         expected_version=versions["v"])
        versions["v"] = entry.version
    size = len(big.entries())
    results.append((f"save: the store's write alone (gen0.tsv, {size:,} entries)", "save",
                    timed(edit_big, repeat)))

    def checks() -> None:
        at.text_input(key="entry.f.informal").input(f"bngt{next(counter)}")
        at.text_input(key="entry.f.formal").input("bangku")
        at.text_area(key="entry.f.example").input("bngt dong").run()
    results.append(("Entry page checks while typing (duplicates, variants, normalizer)",
                    "search", timed(checks, repeat)))
    return results


def profile(folder: Path) -> None:
    """Where the core spends the time the editor waits for."""
    from nusalingo import LexiconStore
    from nusalingo.tsv import read_file
    from nusalingo.validation import stack_problems

    path = folder / "gen0.tsv"
    store = LexiconStore(path)
    version = store.get("gen0-2").version
    for title, call in (
        ("read_file(gen0.tsv)", lambda: read_file(path)),
        ("stack_problems([gen0.tsv])", lambda: stack_problems([read_file(path)])),
        ("LexiconStore(gen0.tsv).edit", lambda: store.edit(
            "gen0-2", {"note": "profiled"}, author="bench", expected_version=version)),
    ):
        profiler = cProfile.Profile()
        profiler.enable()
        call()
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(12)
        print(f"\n### {title}\n```")
        print("\n".join(line for line in out.getvalue().splitlines()[4:] if line.strip()))
        print("```")


def main() -> int:
    """Generate, measure, print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--files", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="nusalingo-bench-")) / "lexicons"
    start = time.perf_counter()
    generate(folder, args.entries, args.files)
    print(f"generated {args.entries:,} entries in {args.files} files (+ team.tsv) in "
          f"{time.perf_counter() - start:.1f} s at {folder}", file=sys.stderr)
    results = measure(folder, args.repeat)
    print(f"\n{args.entries:,} entries in {args.files} files plus team.tsv; median of "
          f"{args.repeat} runs (the first load: one run).\n")
    print("| what | seconds | budget | ratio to budget |")
    print("|---|---:|---:|---:|")
    for what, budget, seconds in results:
        limit = BUDGETS[budget]
        print(f"| {what} | {seconds:.3f} | {limit:g} | {seconds / limit:.2f} |")
    if args.profile:
        profile(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
