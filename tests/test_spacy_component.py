"""The spaCy component: registered by installation, own extensions, survives to_disk/load."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from support import DATA

import nusalingo  # noqa: F401  (nothing to import: the entry point registers the factory)


def test_add_pipe_just_works() -> None:
    nlp = spacy.blank("id")
    nlp.add_pipe("nusalingo")
    doc = nlp("Gk tau deh, gw udh ngerjain tugasnya")
    assert doc._.formal == "Tidak tahu deh, saya sudah mengerjakan tugasnya"
    assert [t._.formal for t in doc][:2] == ["Tidak", "tahu"]
    assert {c["entry"] for c in doc._.formal_changes} >= {"core-3"}
    assert all(t.norm_ == t.lower_ for t in doc)  # token.norm_ untouched by default


def test_set_norm_on_request() -> None:
    nlp = spacy.blank("id")
    nlp.add_pipe("nusalingo", config={"set_norm": True})
    doc = nlp("gw udh makan")
    assert [t.norm_ for t in doc] == ["saya", "sudah", "makan"]


def test_config_options_reach_the_normalizer() -> None:
    nlp = spacy.blank("id")
    nlp.add_pipe("nusalingo", config={"level": "colloquial"})
    assert nlp("gk bgt")._.formal == "enggak banget"


def test_multi_word_change_empties_the_merged_tokens() -> None:
    nlp = spacy.blank("id")
    nlp.add_pipe("nusalingo")
    doc = nlp("ga pa pa kok")
    assert [t._.formal for t in doc] == ["tidak apa-apa", "", "", "kok"]


def test_round_trip_through_disk_keeps_the_lexicons(tmp_path: Path) -> None:
    nlp = spacy.blank("id")
    component = nlp.add_pipe("nusalingo", config={"include_proposed": True})
    component.initialize(lexicons=[DATA / "valid" / "mini.tsv"])
    text = "gw gk ikut, gpp"
    before = nlp(text)._.formal
    assert before == "saya tidak ikut, tidak apa-apa"  # gw is proposed in mini.tsv
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == ["nusalingo"]
    assert loaded(text)._.formal == before
    assert len(loaded.get_pipe("nusalingo").normalizer.lexicon) == 10


def test_from_disk_without_lexicons_says_what_to_do(tmp_path: Path) -> None:
    nlp = spacy.blank("id")
    component = nlp.add_pipe("nusalingo")
    with pytest.raises(Exception, match=r"lexicons\.json"):
        component.from_disk(tmp_path)


def test_installing_registers_the_factory_without_an_import() -> None:
    """The entry point alone makes the component available, as a user expects."""
    import subprocess
    import sys

    code = ("import spacy; nlp = spacy.blank('id'); nlp.add_pipe('nusalingo'); "
            "print(nlp('gk tau')._.formal)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.stdout.strip() == "tidak tahu", result.stderr[-2000:]
