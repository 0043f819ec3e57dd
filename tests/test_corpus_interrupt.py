"""An interrupted or crashed run leaves no half-written output, and says so.

Each test starts the real command on a big generated input, waits until it is
writing (its temporary file has data), then interrupts it for real: SIGINT as
Ctrl-C sends it, SIGTERM, or SIGKILL to a worker process.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from support import DATA

from nusalingo import Normalizer
from nusalingo.corpus import BadInputError, normalize_file

LEXICON = str(DATA / "corpus" / "lexicon.tsv")
WORDS = ["gk", "tau", "gw", "udh", "makan", "bgt", "brg", "bgs", "yg", "krn", "sampe",
         "makasih", "cpt", "rumah", "wkwk", "anak2", "bangeeet", ",", "?"]


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 600,000 lines: a run of many seconds."""
    path = tmp_path_factory.mktemp("big") / "big.txt"
    rng = random.Random(5)
    with open(path, "w", encoding="utf-8") as handle:
        for n in range(600_000):
            handle.write(f"{' '.join(rng.choices(WORDS, k=8))} {n}\n")
    return path


def start(big: Path, out: Path, *extra: str) -> subprocess.Popen[str]:
    """Start the command, and return once it is writing its temporary output."""
    process = subprocess.Popen(
        [sys.executable, "-m", "nusalingo", "normalize", str(big), "-o", str(out),
         "--lexicon", LEXICON, *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        parts = list(out.parent.glob(f".{out.name}.*.part"))
        if parts and parts[0].exists() and parts[0].stat().st_size > 0:
            return process
        assert process.poll() is None, process.communicate()
        time.sleep(0.02)
    process.kill()
    raise AssertionError("the command never started writing")


def left_behind(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def workers_of(pid: int) -> list[psutil.Process]:
    """The worker processes: they start from a fork server, a child of the command."""
    return [p for p in psutil.Process(pid).children(recursive=True) if p.ppid() != pid]


@pytest.mark.slow
@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_leaves_no_output(big: Path, tmp_path: Path, workers: str) -> None:
    out = tmp_path / "formal.txt"
    process = start(big, out, "--workers", workers)
    children = psutil.Process(process.pid).children(recursive=True)
    assert len(workers_of(process.pid)) == (0 if workers == "1" else 2)
    process.send_signal(signal.SIGINT)
    _, errors = process.communicate(timeout=120)
    assert process.returncode == 130, errors
    assert "interrupted after" in errors
    assert f"nothing was written to {out} ({out} does not exist; no temporary file is left)" \
        in errors
    assert "Traceback" not in errors
    assert left_behind(tmp_path) == []
    psutil.wait_procs(children, timeout=30)
    assert not any(child.is_running() and child.status() != psutil.STATUS_ZOMBIE
                   for child in children)


@pytest.mark.slow
def test_sigterm_keeps_an_existing_output_as_it_was(big: Path, tmp_path: Path) -> None:
    out = tmp_path / "formal.txt"
    out.write_text("the previous run's output\n", encoding="utf-8")
    process = start(big, out, "--workers", "2")
    process.send_signal(signal.SIGTERM)
    _, errors = process.communicate(timeout=120)
    assert process.returncode == 143, errors
    assert f"({out} was left as it was; no temporary file is left)" in errors
    assert out.read_text(encoding="utf-8") == "the previous run's output\n"
    assert left_behind(tmp_path) == ["formal.txt"]


@pytest.mark.slow
def test_a_worker_that_dies_fails_the_run_cleanly(big: Path, tmp_path: Path) -> None:
    out = tmp_path / "formal.txt"
    changes = tmp_path / "changes.jsonl"
    process = start(big, out, "--workers", "2", "--changes", str(changes))
    worker = workers_of(process.pid)[0]
    worker.kill()  # a crash the main process did not ask for: out of memory, a segfault...
    _, errors = process.communicate(timeout=120)
    assert process.returncode == 1, errors
    assert "a worker process stopped unexpectedly" in errors
    assert f"nothing was written to {out} or {changes}" in errors
    assert left_behind(tmp_path) == []


def test_bad_input_late_in_the_file_leaves_no_output(tmp_path: Path) -> None:
    source = tmp_path / "chat.txt"
    source.write_bytes(b"gk tau\n" * 50_000 + b"\xff\n")
    out = tmp_path / "formal.txt"
    with pytest.raises(BadInputError, match="line 50001 is not valid UTF-8"):
        normalize_file(source, out, normalizer=Normalizer(LEXICON), chunk_size=100)
    assert left_behind(tmp_path) == ["chat.txt"]
