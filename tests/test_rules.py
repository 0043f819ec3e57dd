"""Each rule on its own, with a small fixture lexicon and the other rules switched off."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st
from support import DATA

from nusalingo import Normalizer
from nusalingo.config import RULE_ORDER
from nusalingo.morphology import _PREFIX_STARTS, _PREFIXES, analyses, men
from nusalingo.rules.sound_changes import SUBSTITUTIONS

FIXTURE = DATA / "normalize" / "rules.tsv"


def only(rule: str) -> Normalizer:
    """A normalizer with one rule switched on (and the fixture lexicon)."""
    return Normalizer(FIXTURE, **{name: name == rule for name in RULE_ORDER if name != "laughter"})


@pytest.mark.parametrize(("word", "expected"), [
    ("bangeeet", "sangat"),      # then the lexicon
    ("sihhh", "sih"),
    ("tidaaak", "tidak"),
    ("maaaaf", "maaf"),
    ("saat", "saat"), ("maaf", "maaf"), ("taat", "taat"),  # known words stay
])
def test_repeated_letters(word: str, expected: str) -> None:
    assert only("repeated_letters").normalize(word) == expected


@pytest.mark.parametrize(("word", "expected"), [
    ("anak2", "anak-anak"),
    ("main2an", "main-mainan"),
    ("bermain2", "bermain-main"),
    ("hati2nya", "hati-hatinya"),
    ("temen2", "teman-teman"),   # the base goes through the lexicon first
    ("anak²", "anak-anak"),
])
def test_digit_reduplication(word: str, expected: str) -> None:
    assert only("digit_reduplication").normalize(word) == expected


@pytest.mark.parametrize(("word", "expected"), [
    ("ngerjain", "mengerjakan"),
    ("nyariin", "mencarikan"),
    ("dibeliin", "dibelikan"),
    ("kebawa", "terbawa"),
    ("ngecek", "mengecek"),
    ("nyapu", "menyapu"),
    ("nulis", "menulis"),
    ("mukul", "memukul"),
    ("bacain", "bacakan"),
    ("ributin", "ributkan"),      # regular: the word lists have meributkan
    ("diributin", "diributkan"),
])
def test_colloquial_affixes(word: str, expected: str) -> None:
    assert only("colloquial_affixes").normalize(word) == expected


@pytest.mark.parametrize(("word", "expected"), [
    ("temennya", "temannya"), ("temenku", "temanku"), ("bangetlah", "sangatlah"),
])
def test_clitics(word: str, expected: str) -> None:
    assert only("clitics").normalize(word) == expected


@pytest.mark.parametrize(("word", "expected"), [
    ("sampe", "sampai"), ("bener", "benar"), ("dapet", "dapat"), ("tau", "tahu"),
    ("pait", "pahit"), ("kemaren", "kemarin"), ("ilang", "hilang"),
    ("paket", "paket"),  # a common word never becomes a rarer one ("pakat")
    ("trjadi", "terjadi"), ("klas", "kelas"),  # a dropped schwa
    ("truk", "truk"), ("blok", "blok"),
])
def test_sound_changes(word: str, expected: str) -> None:
    assert only("sound_changes").normalize(word) == expected


@pytest.mark.parametrize(("word", "expected"), [
    ("matahati", "mata hati"),
    ("matahari", "matahari"),        # as common as its halves: a word of its own
    ("gapake", "tidak pakai"),       # a negation is shorter than other halves may be
    ("jgnlupa", "jangan lupa"),
    ("gajah", "gajah"), ("galau", "galau"),  # known words stay whole
    ("dipake", "dipake"),            # "di" is no negation
])
def test_word_split(word: str, expected: str) -> None:
    assert only("word_split").normalize(word) == expected


@pytest.mark.parametrize(("word", "expected"), [("s4y4", "saya"), ("b3nar", "benar")])
def test_letter_number(word: str, expected: str) -> None:
    assert only("letter_number").normalize(word) == expected


@pytest.mark.parametrize("word", ["wkwkwk", "hahahaha", "awokawok", "xixixi"])
def test_laughter_is_kept_and_removable(word: str) -> None:
    assert Normalizer(FIXTURE).normalize(f"lucu {word}") == f"lucu {word}"
    assert Normalizer(FIXTURE, drop_laughter=True).normalize(f"lucu {word}") == "lucu"


def test_particles_are_kept_and_removable() -> None:
    assert Normalizer(FIXTURE).normalize("mau sih") == "mau sih"
    assert Normalizer(FIXTURE, drop_particles=True).normalize("mau sih, tapi") == "mau, tapi"


def test_a_switched_off_rule_does_nothing() -> None:
    assert Normalizer(FIXTURE, sound_changes=False).normalize("sampe") == "sampe"
    assert Normalizer(FIXTURE, repeated_letters=False).normalize("bangeeet") == "bangeeet"


@pytest.mark.parametrize(("root", "expected"), [
    ("kerja", "mengerja"), ("ambil", "mengambil"), ("gambar", "menggambar"),
    ("hapus", "menghapus"), ("beli", "membeli"), ("pukul", "memukul"), ("dengar", "mendengar"),
    ("tunggu", "menunggu"), ("cari", "mencari"), ("sapu", "menyapu"), ("lihat", "melihat"),
    ("rasa", "merasa"), ("cek", "mengecek"), ("protes", "memprotes"), ("traktir", "mentraktir"),
])
def test_men_prefix_sound_changes(root: str, expected: str) -> None:
    assert men(root) == expected


@given(st.text(alphabet="abcdeghijklmnoprstuwyz", max_size=12))
def test_a_sound_change_is_skipped_only_where_it_cannot_match(word: str) -> None:
    """Each substitution first tests for a string its matches hold; that test must never
    skip a word the pattern matches (change the pattern, change the string)."""
    for pattern, _, needs in SUBSTITUTIONS:
        if regex.search(pattern, word) is not None:
            assert needs in word, (pattern, needs, word)


def test_analyses_try_prefixes_on_every_word_that_starts_like_one() -> None:
    assert all(prefix.startswith(_PREFIX_STARTS) for prefix in (*_PREFIXES, "me"))
    assert {"tulis", "baca", "main"} <= analyses("menulis") | analyses("dibaca") | \
        analyses("bermain")


def test_analyses_find_the_root_of_regular_forms() -> None:
    assert "kerja" in analyses("mengerjakannya")
    assert "tulis" in analyses("penulisan")
    assert "bawa" not in analyses("kebawa")  # ke- alone is not a formal prefix
