"""The lexicon file format: its columns and the controlled vocabularies.

This module is the single definition that the parser, the validator, the
store, the editor's forms and ``lexicons/README.md`` all agree on. A value
that is not listed here is rejected by ``nusalingo lexicon validate``; the
README is checked against these tables by the test suite so the two cannot
drift apart.

>>> "disemvoweling" in CATEGORIES
True
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

#: Column order as written to disk. Every lexicon file has all of them.
COLUMNS: Final[tuple[str, ...]] = (
    "id",
    "informal",
    "formal",
    "colloquial",
    "category",
    "context",
    "pos",
    "region",
    "register",
    "frequency",
    "example",
    "example_formal",
    "note",
    "source",
    "status",
    "author",
    "created",
    "reviewer",
    "reviewed",
    "review_note",
    "version",
)

#: Columns that may not be empty.
REQUIRED: Final[frozenset[str]] = frozenset(
    {"id", "informal", "formal", "category", "status", "author", "created", "version"}
)

CATEGORIES: Final = MappingProxyType(
    {
        "abbreviation": "an initialism or shortened writing of a phrase: gpp, otw, btw, dll",
        "acronym": "syllables of a phrase blended into a word: mager (malas gerak), japri",
        "disemvoweling": "vowels (and sometimes more) left out: yg, dgn, tdk, bgt, skrg",
        "clipping": "part of a word cut off: udah (sudah), ntar (nanti), gan (juragan)",
        "repeated-letters": "letters stretched for emphasis: bangeeet, sihhh, plissss",
        "reduplication": (
            "reduplication written with a digit or without its hyphen: anak2, hati2nya"
        ),
        "affixation": "colloquial affixes: ngerjain, dibeliin, kebawa, nungguin",
        "sound-change": "a consonant or diphthong pronounced as spoken: sampe, kalo, tau, pake",
        "vowel-change": "a vowel changed: bener, temen, dapet, kemaren",
        "spelling": "a non-standard spelling of a standard word: ijin (izin), praktek (praktik)",
        "letter-number": "digits or symbols for letters (alay): s4y4, b3nar, 4ku",
        "reversal": "a word read backwards (walikan): kuy (yuk), sabi (bisa), ngab (bang)",
        "loanword": "a foreign word with an Indonesian equivalent: meeting (rapat), cancel (batal)",
        "colloquial-word": (
            "a colloquial word whose formal equivalent is another word: bikin, cuma, kayak"
        ),
        "coinage": "internet slang or a coined word: kepo, julid, santuy, gabut",
        "regional": "a word from a regional language or dialect, see the region column: ndak, atuh",
        "particle": "a discourse particle, in its standard spelling or a variant: sih, dong, donk",
        "interjection": "an interjection or laughter: wkwk, anjir, duh",
        "typo": "a frequent typing error: yng, sya, tidka",
        "keep": "must not change: a formal word that looks informal, a name, an English word",
    }
)

#: Categories whose entries may map a form to itself: ``keep`` protects a
#: form, and a ``particle`` entry may name the standard spelling of a particle
#: (so that ``drop_particles`` knows it) without changing it.
SELF_MAPPING_CATEGORIES: Final[frozenset[str]] = frozenset({"keep", "particle"})

STATUSES: Final = MappingProxyType(
    {
        "proposed": "entered but not yet reviewed; used only when the normalizer is asked to",
        "verified": "reviewed and accepted by someone other than its author",
        "rejected": "reviewed and refused; kept so the same proposal is not made again",
    }
)

REGISTERS: Final = MappingProxyType(
    {
        "neutral": "fits any informal text",
        "casual": "relaxed, among friends",
        "slang": "in-group or internet slang",
        "vulgar": "crude or obscene",
        "offensive": "insulting or slurring a person or group",
    }
)

#: Universal Dependencies part-of-speech tags (https://universaldependencies.org/u/pos/).
POS_TAGS: Final = MappingProxyType(
    {
        "ADJ": "adjective",
        "ADP": "adposition",
        "ADV": "adverb",
        "AUX": "auxiliary",
        "CCONJ": "coordinating conjunction",
        "DET": "determiner",
        "INTJ": "interjection",
        "NOUN": "noun",
        "NUM": "numeral",
        "PART": "particle",
        "PRON": "pronoun",
        "PROPN": "proper noun",
        "SCONJ": "subordinating conjunction",
        "VERB": "verb",
        "X": "other, or a multi-word expression",
    }
)

REGIONS: Final = MappingProxyType(
    {
        "betawi": "Jakarta and Betawi",
        "javanese": "Javanese (Central and East Java, Yogyakarta)",
        "sundanese": "Sundanese (West Java)",
        "malay": "Malay-influenced (Sumatra, Riau, Kalimantan, Malaysia)",
        "minang": "Minangkabau (West Sumatra)",
        "batak": "Batak and Medan",
        "balinese": "Bali",
        "banjar": "Banjar (South Kalimantan)",
        "makassar": "Makassar and South Sulawesi",
        "manado": "Manado (North Sulawesi)",
        "ambon": "Ambon and Maluku",
        "papua": "Papua",
        "english": "English used in Indonesian chats",
    }
)

#: How common a spelling is among the spellings of its word, 1 (rare) to 5
#: (the usual one). Used to weight informal variants in model tests.
FREQUENCIES: Final[tuple[str, ...]] = ("1", "2", "3", "4", "5")

#: The separator between conditions in the ``context`` column.
CONTEXT_SEPARATOR: Final = ";"
