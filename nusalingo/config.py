"""The normalizer's settings: one frozen object with documented defaults.

Each rule's switch has the rule's own name, the same string that appears in
explanations, evaluation reports and on the command line (``--disable
sound_changes``).

>>> NormalizerConfig().level, NormalizerConfig(level="colloquial").level
('formal', 'colloquial')
>>> NormalizerConfig().replace(sound_changes=False).enabled_rules()[:3]
('repeated_letters', 'laughter', 'digit_reduplication')
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass
from typing import Any

LEVELS = ("formal", "colloquial")

#: Rules in the order they are tried on a word that no entry lists.
RULE_ORDER = (
    "repeated_letters",
    "laughter",
    "digit_reduplication",
    "letter_number",
    "clitics",
    "colloquial_affixes",
    "preposition_split",
    "sound_changes",
    "word_split",
)

#: Every step that can be switched off: the lexicon, the word rules, and the step that
#: joins a reduplication written as two words.
SWITCHES = ("lexicon", *RULE_ORDER, "spaced_reduplication")


@dataclass(frozen=True, slots=True)
class NormalizerConfig:
    """Every option of :class:`~nusalingo.normalize.Normalizer`, with its default.

    Attributes:
        level: ``"formal"`` (``gak`` -> ``tidak``, ``banget`` -> ``sangat``) or
            ``"colloquial"`` (standard spelling, colloquial words kept:
            ``gk`` -> ``enggak``, ``bgt`` -> ``banget``).
        include_proposed: also use ``proposed`` entries, to try them out
            before they are verified.
        lexicon: look words up in the lexicon (switch off to test rules alone).
        repeated_letters: ``bangeeet`` -> ``banget``; ``saat``, ``maaf`` stay.
        laughter: recognise laughter (``wkwk``, ``hahaha``) and keep it as it is.
        digit_reduplication: ``anak2`` -> ``anak-anak``, ``bermain2`` -> ``bermain-main``.
        letter_number: ``s4y4`` -> ``saya``, ``b3nar`` -> ``benar``.
        clitics: ``temennya`` -> ``temannya``: -nya, -ku, -mu, -lah, -kah, -pun
            around a normalized stem.
        colloquial_affixes: ``ngerjain`` -> ``mengerjakan``, ``kebawa`` -> ``terbawa``.
        preposition_split: ``dirumah`` -> ``di rumah``, ``kepasar`` -> ``ke pasar``
            (``dimakan`` stays: di- before a verb is the passive prefix).
        sound_changes: ``sampe`` -> ``sampai``, ``bener`` -> ``benar``, ``tau`` -> ``tahu``.
        word_split: two words written as one: ``akutuh`` -> ``aku tuh``.
        spaced_reduplication: a reduplication written apart: ``orang orang`` ->
            ``orang-orang`` (Indonesian words only; ``bye bye``, ``sih sih``, ``dari dari`` stay).
        drop_particles: remove discourse particles (``sih``, ``dong``, ``deh``...).
        drop_laughter: remove laughter.
    """

    level: str = "formal"
    include_proposed: bool = False
    lexicon: bool = True
    repeated_letters: bool = True
    laughter: bool = True
    digit_reduplication: bool = True
    letter_number: bool = True
    clitics: bool = True
    colloquial_affixes: bool = True
    preposition_split: bool = True
    sound_changes: bool = True
    word_split: bool = True
    spaced_reduplication: bool = True
    drop_particles: bool = False
    drop_laughter: bool = False

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(
                f"level must be one of {', '.join(map(repr, LEVELS))}, got {self.level!r}"
            )
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if field.type in ("bool", bool) and not isinstance(value, bool):
                raise TypeError(f"option {field.name!r} must be True or False, got {value!r}")

    def enabled_rules(self) -> tuple[str, ...]:
        """The rules switched on, in the order they are tried."""
        return tuple(name for name in RULE_ORDER if getattr(self, name))

    def replace(self, **options: Any) -> NormalizerConfig:
        """A copy with some options changed; unknown names raise ``TypeError``."""
        check_options(options)
        return dataclasses.replace(self, **options)

    def as_dict(self) -> dict[str, Any]:
        """The options as a plain dict (for reports and JSON)."""
        return dataclasses.asdict(self)


OPTION_NAMES = tuple(f.name for f in dataclasses.fields(NormalizerConfig))


def check_options(options: dict[str, Any]) -> None:
    """Fail loudly on an option name that does not exist, suggesting the closest one."""
    for name in options:
        if name not in OPTION_NAMES:
            close = difflib.get_close_matches(name, OPTION_NAMES, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise TypeError(
                f"unknown normalizer option {name!r}{hint} Options: {', '.join(OPTION_NAMES)}"
            )
