"""Run every check the project has: lint, types, and the whole test suite.

The README's test command calls this after installing the package with its
test extra. It installs Debian's chromium for the end-to-end browser test
when it is missing (Playwright cannot download its own browser here), then
runs ruff, mypy and pytest, and stops at the first failing step.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def ensure_chromium() -> None:
    """Install Debian's chromium if no chromium is on the PATH."""
    if shutil.which("chromium") or os.environ.get("NUSALINGO_SKIP_E2E"):
        return
    apt = ["apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium"]
    prefix: list[str] = [] if os.geteuid() == 0 else ["sudo", "-n"]
    if prefix and not shutil.which("sudo"):
        sys.exit("The end-to-end test needs Debian's chromium: run 'apt-get install chromium' "
                 "as root, or set NUSALINGO_SKIP_E2E=1 to skip that one test.")
    print("installing Debian's chromium for the end-to-end test ...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*prefix, "apt-get", "update", "-q"], check=True, env=env)
    subprocess.run([*prefix, *apt], check=True, env=env)


def main() -> int:
    """Run the steps in order; return the first non-zero exit status."""
    ensure_chromium()
    python = sys.executable
    steps = [
        ("lint", [python, "-m", "ruff", "check", "."]),
        ("types", [python, "-m", "mypy"]),
        ("tests", [python, "-m", "pytest", "tests", "nusalingo", "-n", "auto",
                   *sys.argv[1:]]),
    ]
    for name, command in steps:
        print(f"== {name}: {' '.join(command[2:])}", flush=True)
        status = subprocess.run(command, cwd=ROOT, check=False).returncode
        if status:
            print(f"== {name} failed (exit status {status})", flush=True)
            return status
    print("== all checks passed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
