"""Learning proposed entries from gold data, written so that the stack still validates.

``learn.norm`` against the fixture lexicon (``lexicon.tsv``), by hand:

- ``jg -> juga`` (2 times) and ``u -> you`` (2, English): proposed;
- ``kzl -> kesal`` (once) and ``pura pura -> pura-pura`` (two tokens merged): proposed,
  unless ``--min-count 2``;
- ``bkn -> bukan``: rejected in the lexicon before, not proposed again;
- ``gw -> saya``: the lexicon already does it;
- ``tidak -> enggak``: ``tidak`` is the target of ``gk``, a chain; ``ngga -> gk``: ``gk``
  is rewritten, a chain;
- ``cuma`` kept twice, but the lexicon makes it ``hanya``: a ``keep`` entry with
  ``overrides=True`` only.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import DATA, LEXICONS

from nusalingo import LexiconStore, Normalizer, load_lexicon
from nusalingo.errors import NusalingoError
from nusalingo.evaluation import (
    Sighting,
    evaluate_tokens,
    learn_entries,
    propose,
    read_pairs,
    read_sentences,
    read_tokens,
    sightings_from_pairs,
    sightings_from_sentences,
    sightings_from_tokens,
)
from nusalingo.validation import validate_paths

TOY = DATA / "evaluation"
LEXICON = TOY / "lexicon.tsv"


@pytest.fixture(scope="module")
def normalizer() -> Normalizer:
    return Normalizer(load_lexicon(LEXICON))


def _learn(normalizer: Normalizer, output: Path, **options: object) -> list[tuple[str, str]]:
    sightings = sightings_from_tokens(read_tokens(TOY / "learn.norm"), normalizer)
    report = learn_entries(sightings, output, normalizer.lexicon, normalizer=normalizer,
                           **options)  # type: ignore[arg-type]
    return [(e.informal, e.formal) for e in report.entries]


def test_proposals_from_tokens(normalizer: Normalizer) -> None:
    found = propose(sightings_from_tokens(read_tokens(TOY / "learn.norm"), normalizer),
                    normalizer.lexicon, normalizer)
    assert [(p.informal, p.formal, p.count) for p in found.proposals] == [
        ("jg", "juga", 2), ("u", "you", 2), ("kzl", "kesal", 1),
        ("pura pura", "pura-pura", 1)]
    by_form = {p.informal: p for p in found.proposals}
    assert by_form["u"].region == "english"
    assert by_form["pura pura"].category == "reduplication"
    assert by_form["jg"].category == "disemvoweling"
    assert found.skipped["would make a chain"] == 2
    assert found.skipped["proposed or rejected before"] == 1
    assert found.skipped["in the lexicons (see --overrides)"] == 1


def test_overrides_propose_keeping_what_the_data_keeps(normalizer: Normalizer) -> None:
    found = propose(sightings_from_tokens(read_tokens(TOY / "learn.norm"), normalizer),
                    normalizer.lexicon, normalizer, overrides=True)
    keep = found.proposals[0]
    assert (keep.informal, keep.formal, keep.category, keep.overrides) == (
        "cuma", "cuma", "keep", "ev-7")
    assert "left as it is 2 times" in keep.fields()["note"]


def test_min_count(normalizer: Normalizer) -> None:
    found = propose(sightings_from_tokens(read_tokens(TOY / "learn.norm"), normalizer),
                    normalizer.lexicon, normalizer, min_count=2)
    assert [p.informal for p in found.proposals] == ["jg", "u"]
    with pytest.raises(NusalingoError, match="min-count"):
        propose([], min_count=0)


def test_proposals_from_parallel_sentences(normalizer: Normalizer) -> None:
    pairs = read_sentences(TOY / "learn.inf", TOY / "learn.for")
    found = propose(sightings_from_sentences(pairs, normalizer), normalizer.lexicon,
                    normalizer)
    assert [(p.informal, p.formal) for p in found.proposals] == [
        ("jg", "juga"), ("gatau", "tidak tahu"), ("kzl", "kesal"), ("sm", "dengan")]
    gatau = found.proposals[1]
    assert (gatau.example, gatau.example_formal) == ("gatau deh", "tidak tahu deh")


def test_proposals_from_word_pairs(normalizer: Normalizer) -> None:
    found = propose(sightings_from_pairs(read_pairs(TOY / "learn.csv"), normalizer),
                    normalizer.lexicon, normalizer)
    assert [(p.informal, p.formal) for p in found.proposals] == [("jg", "juga"),
                                                                  ("kzl", "kesal")]


def test_learned_file_is_proposed_validates_and_is_not_doubled(normalizer: Normalizer,
                                                               tmp_path: Path) -> None:
    output = tmp_path / "learned.tsv"
    assert _learn(normalizer, output, overrides=True)[0] == ("cuma", "cuma")
    entries = LexiconStore(output).entries()
    assert {e.status for e in entries} == {"proposed"}
    assert {e.author for e in entries} == {"nusalingo-learn"}
    assert {e.source for e in entries} == {"learn:learn.norm"}
    jg = next(e for e in entries if e.informal == "jg")
    assert "seen 2 times, changed 2 times" in jg.note
    assert "jg" in jg.example.split() and "juga" in jg.example_formal.split()
    errors = [p for p in validate_paths([LEXICON, output]) if p.severity == "error"]
    assert errors == []
    assert LexiconStore(output).history()[0].action == "add"
    # a second run proposes nothing new
    assert _learn(normalizer, output, overrides=True) == []
    assert len(LexiconStore(output).entries()) == len(entries)


def test_learned_layer_improves_the_evaluation(normalizer: Normalizer, tmp_path: Path) -> None:
    output = tmp_path / "learned.tsv"
    _learn(normalizer, output)
    gold = read_tokens(TOY / "learn.norm")
    before = evaluate_tokens(normalizer, gold)["err"]
    stacked = Normalizer([LEXICON, output], include_proposed=True)
    after = evaluate_tokens(stacked, gold)["err"]
    assert after > before
    # without --include-proposed the learned entries stay inactive
    assert evaluate_tokens(Normalizer([LEXICON, output]), gold)["err"] == before


def test_output_whose_ids_would_clash_is_refused(normalizer: Normalizer,
                                                 tmp_path: Path) -> None:
    with pytest.raises(NusalingoError, match=r"'ev-'.*another name"):
        _learn(normalizer, tmp_path / "ev.tsv")
    assert not (tmp_path / "ev.tsv").exists()


def test_learned_file_stacks_after_the_shipped_lexicons(tmp_path: Path) -> None:
    shipped = load_lexicon()
    normalizer = Normalizer(shipped)
    output = tmp_path / "learned.tsv"
    sightings = sightings_from_tokens(read_tokens(TOY / "learn.norm"), normalizer)
    report = learn_entries(sightings, output, shipped, normalizer=normalizer, overrides=True)
    assert report.entries == [] or output.exists()
    errors = [p for p in validate_paths([LEXICONS, output]) if p.severity == "error"]
    assert errors == []


def test_examples_mask_user_names_and_links() -> None:
    sighting = Sighting("gmn", "bagaimana", "@budi gmn kabar? https://t.co/x",
                        "@budi bagaimana kabar? https://t.co/x", "posts.norm")
    proposal = propose([sighting]).proposals[0]
    assert proposal.example == "@user gmn kabar? https://example.com"
    assert proposal.example_formal == "@user bagaimana kabar? https://example.com"
    assert proposal.source == "learn:posts.norm"


HEADER = (TOY / "lexicon.tsv").read_text(encoding="utf-8").splitlines()[0]


def _lexicon(tmp_path: Path, rows: list[tuple[str, ...]]) -> Path:
    """A small verified lexicon: (informal, formal, colloquial, category, context) rows."""
    lines = [HEADER]
    for number, (informal, formal, colloquial, category, context) in enumerate(rows, 1):
        lines.append("\t".join([f"t-{number}", informal, formal, colloquial, category, context,
                                "", "", "", "", "", "", "", "fixture", "verified", "ana",
                                "2026-11-26", "budi", "2026-11-26", "", "1"]))
    path = tmp_path / "team.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _stacks(lexicon: Path, learned: Path) -> list[str]:
    return [f"{p.code} {p.message}" for p in validate_paths([lexicon, learned])
            if p.severity == "error"]


def test_a_form_only_a_colloquial_spelling_writes_is_learned_for_the_formal_level(
        tmp_path: Path) -> None:
    lexicon = _lexicon(tmp_path, [("ntn", "menonton", "nonton", "disemvoweling", "")])
    normalizer = Normalizer(lexicon)
    sightings = [Sighting("nonton", "tonton", output="nonton")] * 2
    output = tmp_path / "learned.tsv"
    report = learn_entries(sightings, output, normalizer.lexicon, normalizer=normalizer)
    (entry,) = report.entries
    assert (entry.informal, entry.formal, entry.colloquial) == ("nonton", "tonton", "nonton")
    assert _stacks(lexicon, output) == []
    stacked = Normalizer([lexicon, output], include_proposed=True)
    assert stacked.normalize("ntn nonton") == "menonton tonton"
    colloquial = Normalizer([lexicon, output], include_proposed=True, level="colloquial")
    assert colloquial.normalize("ntn nonton") == "nonton nonton"


CODE_MIXED = [("cancel", "batal"), ("meeting", "rapat"), ("deadline", "tenggat"),
              ("sorry", "maaf"), ("weekend", "akhir pekan")]


def _code_mixed(tmp_path: Path) -> tuple[Path, Normalizer]:
    lexicon = _lexicon(tmp_path, [
        *[(form, formal, "", "loanword", "") for form, formal in CODE_MIXED],
        ("online", "daring", "", "loanword", ""), ("reply", "balas", "", "loanword",
                                                    "around!=@en"),
        ("gk", "tidak", "", "disemvoweling", ""),
        ("dgn", "dengan", "", "disemvoweling", ""),
        ("sama", "dengan", "", "colloquial-word", "prev=ketemu")])
    return lexicon, Normalizer(lexicon)


def test_a_category_the_data_leaves_is_kept_for_forms_it_never_shows(tmp_path: Path) -> None:
    lexicon, normalizer = _code_mixed(tmp_path)
    sightings = [Sighting(form, form, output=formal) for form, formal in CODE_MIXED]
    sightings.append(Sighting("gk", "tidak", output="tidak"))
    found = propose(sightings, normalizer.lexicon, normalizer, overrides=True)
    convention = [p for p in found.proposals if p.convention]
    assert [(p.informal, p.formal, p.category) for p in convention] == [
        ("online", "online", "keep"), ("reply", "reply", "keep")]  # a context sense too
    note = convention[0].fields()["note"]
    assert "leaves 5 of 5 forms of category loanword" in note and "not in the data" in note
    # dgn, a disemvoweling the data never showed, stays with the lexicon; without
    # --overrides nothing the lexicon lists is proposed at all
    assert "dgn" not in {p.informal for p in found.proposals}
    plain = propose(sightings, normalizer.lexicon, normalizer)
    assert not [p for p in plain.proposals if p.convention]
    output = tmp_path / "learned.tsv"
    report = learn_entries(sightings, output, normalizer.lexicon, normalizer=normalizer,
                           overrides=True)
    assert "(2 of them keep forms of categories the data leaves as they are: 2 loanword)" \
        in report.summary()
    assert _stacks(lexicon, output) == []
    stacked = Normalizer([lexicon, output], include_proposed=True)
    assert stacked.normalize("gk online dgn cancel") == "tidak online dengan cancel"


def test_too_few_forms_make_no_convention(tmp_path: Path) -> None:
    _, normalizer = _code_mixed(tmp_path)
    sightings = [Sighting(form, form, output=formal) for form, formal in CODE_MIXED[:4]]
    found = propose(sightings, normalizer.lexicon, normalizer, overrides=True)
    assert not [p for p in found.proposals if p.convention]


def test_a_form_the_data_always_leaves_overrides_a_sense_for_another_context(
        tmp_path: Path) -> None:
    _, normalizer = _code_mixed(tmp_path)
    assert normalizer.normalize("ketemu sama dia") == "ketemu dengan dia"
    sightings = [Sighting("sama", "sama", output="sama")] * 3
    assert propose(sightings, normalizer.lexicon, normalizer).proposals == []
    (keep,) = propose(sightings, normalizer.lexicon, normalizer, overrides=True).proposals
    assert (keep.informal, keep.formal, keep.overrides) == ("sama", "sama", "t-10")
    # a context sense the data showed right is left alone
    sightings.append(Sighting("sama", "dengan", output="dengan"))
    assert propose(sightings, normalizer.lexicon, normalizer, overrides=True).proposals == []
