"""End to end in a real browser: one linguist proposes an entry, another verifies it.

Starts ``streamlit run app.py`` on 127.0.0.1 over a copy of the fixture lexicon
folder and drives Debian's chromium with Playwright (it cannot download its
own browser here; ``tests/run.py`` installs chromium when it is missing).
Along the way it takes a screenshot of every page; with
``NUSALINGO_SCREENSHOTS=docs/screenshots`` it writes them there, which is how
the README's screenshots are made::

    NUSALINGO_SCREENSHOTS=docs/screenshots .venv/bin/python -m pytest tests/test_e2e_browser.py
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from support import DATA, ROOT

from nusalingo import LexiconStore

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
#: Seconds to wait for the server to come up, and for the page to react.
STARTUP, REACT = 90, 60_000
VIEWPORT = {"width": 1400, "height": 1050}

pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def streamlit_server(folder: Path, workdir: Path) -> Iterator[str]:
    """``streamlit run app.py`` on a free port; yields its URL, stops it afterwards."""
    port = free_port()
    log = workdir / "streamlit.log"
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
               "--server.address", "127.0.0.1", "--server.port", str(port),
               "--server.headless", "true", "--browser.gatherUsageStats", "false",
               # the source may change under a developer's feet; do not reload modules mid-test
               "--server.fileWatcherType", "none"]
    env = {**os.environ, "NUSALINGO_LEXICONS": str(folder)}
    for name in ("NUSALINGO_AUTH", "NUSALINGO_TARGET"):
        env.pop(name, None)
    with open(log, "wb") as output:
        process = subprocess.Popen(command, cwd=workdir, env=env, stdout=output,
                                   stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP
        while True:
            if process.poll() is not None:
                pytest.fail(f"streamlit exited with {process.returncode}:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit did not answer within {STARTUP} s:\n{log.read_text()}")
            time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        if os.environ.get("NUSALINGO_SKIP_E2E"):
            pytest.skip("NUSALINGO_SKIP_E2E is set and chromium is not installed")
        pytest.fail("The end-to-end test needs Debian's chromium: run 'apt-get install -y "
                    "chromium' (tests/run.py does it), or set NUSALINGO_SKIP_E2E=1.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def settle(page: object) -> None:
    """Wait until Streamlit has finished the current run."""
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    expect(page.get_by_test_id("stStatusWidget")).to_be_hidden(timeout=REACT)
    page.wait_for_timeout(500)


def sign_in(page: object, url: str, name: str) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(url)
    field = page.get_by_label("Your name", exact=True)
    expect(field).to_be_visible(timeout=REACT)
    field.fill(name)
    field.press("Enter")
    expect(page.get_by_text("Enter your name to make changes")).to_be_hidden(timeout=REACT)


def open_page(page: object, link: str, heading: str) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.get_by_role("link", name=link, exact=True).click()
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=REACT)
    settle(page)


def type_into(page: object, label: str, text: str) -> None:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    field = page.get_by_label(label, exact=True)
    field.fill(text)
    field.press("Enter" if field.evaluate("e => e.tagName") == "INPUT" else "Tab")
    settle(page)


def choose(page: object, label: str, text: str) -> None:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    page.get_by_label(label, exact=True).click()
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    settle(page)


def shoot(page: object, folder: Path, name: str, height: int = VIEWPORT["height"]) -> Path:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
    settle(page)
    page.wait_for_timeout(1500)  # let tables and charts draw
    path = folder / f"{name}.png"
    page.screenshot(path=str(path))
    page.set_viewport_size(VIEWPORT)
    return path


def test_propose_then_verify_in_the_browser(browser: object, tmp_path: Path) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    folder = tmp_path / "lexicons"
    shutil.copytree(DATA / "ui" / "lexicons", folder)
    shots = Path(os.environ.get("NUSALINGO_SCREENSHOTS") or tmp_path / "screenshots")
    shots.mkdir(parents=True, exist_ok=True)
    taken: list[Path] = []
    with streamlit_server(folder, tmp_path) as url:
        # dewi proposes mksh -> terima kasih
        dewi = browser.new_context(viewport=VIEWPORT).new_page()
        sign_in(dewi, url, "dewi")
        open_page(dewi, "Entry", "New entry")
        type_into(dewi, "Informal form", "mksh")
        type_into(dewi, "Formal form", "terima kasih")
        choose(dewi, "Category", "disemvoweling")
        type_into(dewi, "Example", "mksh ya kak")
        type_into(dewi, "Formal rewrite of the example", "terima kasih ya kak")
        dewi.get_by_role("button", name="Save new entry").click()
        expect(dewi.get_by_text("Saved team-7: mksh → terima kasih (proposed) in team.tsv."))\
            .to_be_visible(timeout=REACT)

        # rizal reviews with the keyboard: skip the three older proposals, accept hers
        rizal = browser.new_context(viewport=VIEWPORT).new_page()
        sign_in(rizal, url, "rizal")
        open_page(rizal, "Review queue", "Review queue")
        expect(rizal.get_by_role("heading", name="gue → saya")).to_be_visible(timeout=REACT)
        taken.append(shoot(rizal, shots, "review"))
        for expected in ("santuy → santai", "cmn → hanya", "mksh → terima kasih"):
            rizal.get_by_role("heading", name="Review queue").click()  # focus out of inputs
            rizal.keyboard.press("s")
            expect(rizal.get_by_role("heading", name=expected)).to_be_visible(timeout=REACT)
        rizal.keyboard.press("a")
        expect(rizal.get_by_text("Verified team-7: mksh → terima kasih.")).to_be_visible(
            timeout=REACT)

        # the files on disk say the same
        entry = LexiconStore(folder / "team.tsv").get("team-7")
        assert (entry.informal, entry.formal, entry.author) == ("mksh", "terima kasih", "dewi")
        assert (entry.status, entry.reviewer, entry.version) == ("verified", "rizal", 2)
        lines = (folder / "team.history.jsonl").read_text(encoding="utf-8").splitlines()
        added, verified = (json.loads(line) for line in lines[-2:])
        assert (added["action"], added["user"], added["id"]) == ("add", "dewi", "team-7")
        assert added["before"] is None and added["after"]["example"] == "mksh ya kak"
        assert (verified["action"], verified["user"]) == ("verify", "rizal")
        assert verified["before"]["status"] == "proposed"
        assert verified["after"]["status"] == "verified"

        # a screenshot of every page, for docs/screenshots
        open_page(dewi, "Browse", "Browse the lexicon")
        dewi.get_by_text("similar spelling", exact=True).click()
        settle(dewi)
        type_into(dewi, "Search informal, formal and colloquial forms (or an id)", "bangettt")
        expect(dewi.get_by_text("of 27 entries")).to_be_visible(timeout=REACT)
        taken.append(shoot(dewi, shots, "browse"))

        open_page(dewi, "Entry", "New entry")
        type_into(dewi, "Informal form", "bgtt")
        type_into(dewi, "Formal form", "sangat")
        type_into(dewi, "Example", "capek bgtt hari ini")
        expect(dewi.get_by_text("already has 1 sense(s)")).to_be_visible(timeout=REACT)
        taken.append(shoot(dewi, shots, "entry", height=1750))

        open_page(dewi, "Playground", "Playground")
        expect(dewi.get_by_text("Left unchanged")).to_be_visible(timeout=REACT)
        taken.append(shoot(dewi, shots, "playground"))

        open_page(dewi, "Corpus", "Corpus")
        dewi.locator("input[type=file]").set_input_files(str(DATA / "ui" / "corpus" / "chat.txt"))
        expect(dewi.get_by_text("chat.txt: 7 texts")).to_be_visible(timeout=REACT)
        type_into(dewi, "Form", "gabut")
        taken.append(shoot(dewi, shots, "corpus"))

        open_page(dewi, "Dashboard", "Dashboard")
        taken.append(shoot(dewi, shots, "dashboard", height=1900))

        open_page(dewi, "History", "History")
        type_into(dewi, "Entry id", "team-2")
        expect(dewi.get_by_text("Restore version", exact=False).first).to_be_visible(
            timeout=REACT)
        taken.append(shoot(dewi, shots, "history"))

    assert sorted(p.name for p in taken) == sorted(
        f"{n}.png" for n in ("browse", "entry", "review", "playground", "corpus", "dashboard",
                             "history"))
    for path in taken:
        assert path.stat().st_size > 20_000, f"{path} looks empty"
