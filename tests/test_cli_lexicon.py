"""The lexicon commands as a user runs them, in a subprocess."""

from __future__ import annotations

import json
from pathlib import Path

from support import LEXICONS, run_cli


def test_add_verify_reject_history(mini: Path) -> None:
    added = run_cli("lexicon", "add", str(mini), "--informal", "udh", "--formal", "sudah",
                    "--category", "clipping", "--author", "dewi")
    assert added.returncode == 0, added.stderr
    new_id = added.stdout.strip()
    assert new_id == "mini-11"
    refused = run_cli("lexicon", "verify", str(mini), new_id, "--reviewer", "dewi")
    assert refused.returncode == 1
    assert "cannot review" in refused.stderr
    assert "Traceback" not in refused.stderr
    verified = run_cli("lexicon", "verify", str(mini), new_id, "--reviewer", "eko")
    assert verified.returncode == 0, verified.stderr
    rejected = run_cli("lexicon", "reject", str(mini), "mini-9", "--reviewer", "eko",
                       "--reason", "use saya")
    assert rejected.returncode == 0, rejected.stderr
    history = run_cli("lexicon", "history", str(mini), new_id)
    assert history.returncode == 0
    lines = history.stdout.splitlines()
    assert " add " in lines[0] and " verify " in lines[1]
    as_json = run_cli("lexicon", "history", str(mini), "--json")
    actions = [json.loads(line)["action"] for line in as_json.stdout.splitlines()]
    assert actions == ["add", "verify", "reject"]


def test_edit_with_stale_version_is_refused(mini: Path) -> None:
    ok = run_cli("lexicon", "edit", str(mini), "mini-2", "--author", "dewi", "--version", "1",
                 "--set", "note=relative pronoun")
    assert ok.returncode == 0, ok.stderr
    stale = run_cli("lexicon", "edit", str(mini), "mini-2", "--author", "eko", "--version", "1",
                    "--set", "note=other")
    assert stale.returncode == 1
    assert "Conflict" in stale.stderr and "dewi" in stale.stderr


def test_add_with_bad_category_names_the_value(mini: Path) -> None:
    result = run_cli("lexicon", "add", str(mini), "--informal", "udh", "--formal", "sudah",
                     "--category", "abrev", "--author", "dewi")
    assert result.returncode == 1
    assert "'abrev'" in result.stderr


def test_stats_on_shipped_lexicons() -> None:
    result = run_cli("lexicon", "stats", str(LEXICONS), "--json")
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["totals"]["senses"] == sum(stats["status"].values())
    assert set(stats) >= {"status", "category", "region", "register", "author"}
