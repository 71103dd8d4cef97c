"""How the voice is told to say the words it would say wrongly or squeeze, applied to the
spoken form of every line (subtitles keep the written form).

The lexicon is a committed file (``assets/narration/lexicon.json``): each key, matched as a
whole word (a hyphen separates words) and case-sensitively, is replaced by what the speech
engine is given instead. A value is either a **respelling** in plain words ("bilinear" by
"by-linnier"), which any engine reads, or a **phoneme hint**: espeak-ng phonemes between
``[[`` and ``]]``, which Piper reads as they are ("column" as ``[[ kˈɑːlˌʌm ]]``: the
unstressed syllable given a secondary stress, so a fast voice does not swallow it).

A lower-case key also matches its capitalised form at the start of a sentence, and a
one-word key its plural and possessives ("columns", "column's", "columns'"), unless they
are listed themselves. ``python -m derived_transformer.rendering.pronunciation`` compares the
resulting phonemes with the expected list.

>>> lexicon = Lexicon({"bilinear": "by-linnier", "column": "[[ kˈɑːlˌʌm ]]"})
>>> lexicon.pronounced("Bilinear forms of a column's values")
'By-linnier forms of a [[ kˈɑːlˌʌmz ]] values'
>>> lexicon.unpronounced(lexicon.pronounced("Two columns, bilinear"))
'Two columns, bilinear'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from derived_transformer.errors import DataFileError
from derived_transformer.files import read_json
from derived_transformer.resources import assets_dir

ASSETS = assets_dir() / "narration"
LEXICON_FILE = ASSETS / "lexicon.json"

PHONEME_HINT = re.compile(r"\[\[ (.+?) \]\]")
"""A phoneme hint as the engine reads it (Piper: ``[[ phonemes ]]``)."""

SUFFIXES = ("s", "'s", "s'")
"""The endings a one-word key also matches: a plural and the possessives."""

_SIBILANTS = ("s", "z", "ʃ", "ʒ")
_VOICELESS = ("p", "t", "k", "f", "θ")
_MARKS = "ˈˌː "


def phoneme_suffix(phonemes: str) -> str:
    """The phonemes of a plural or possessive ending after ``phonemes``.

    >>> phoneme_suffix("vˈɛktɚ"), phoneme_suffix("mˈæks"), phoneme_suffix("pˈɑːt")
    ('z', 'ᵻz', 's')
    """
    last = phonemes.rstrip(_MARKS)[-1:]
    if last in _SIBILANTS:
        return "ᵻz"
    return "s" if last in _VOICELESS else "z"


def _inflected(said: str, suffix: str) -> str:
    hint = PHONEME_HINT.fullmatch(said)
    if hint is None:
        return said + suffix
    return f"[[ {hint.group(1)}{phoneme_suffix(hint.group(1))} ]]"


def _capitalised(said: str) -> str:
    return said if PHONEME_HINT.fullmatch(said) else said[:1].upper() + said[1:]


@dataclass(frozen=True)
class Lexicon:
    """Whole-word replacements (respellings or phoneme hints); longer words first."""

    respellings: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path = LEXICON_FILE) -> Lexicon:
        try:
            lexicon = cls(dict(read_json(path, ("respellings",))["respellings"]))
            if not all(isinstance(k, str) and isinstance(v, str) for k, v in lexicon.forms.items()):
                raise TypeError
            return lexicon
        except (TypeError, ValueError, AttributeError):
            raise DataFileError(f"{path} is damaged (wrong values); restore it from git") from None

    @cached_property
    def forms(self) -> dict[str, str]:
        """Every form a key matches (itself, capitalised, inflected) and what replaces it;
        a form listed as a key of its own keeps its own entry."""
        forms = dict(self.respellings)
        for word, said in self.respellings.items():
            variants = [(word, said)]
            if word.islower():
                variants.append((word[:1].upper() + word[1:], _capitalised(said)))
            for form, spoken in variants:
                forms.setdefault(form, spoken)
                if form.isalpha():
                    for suffix in SUFFIXES:
                        forms.setdefault(form + suffix, _inflected(spoken, suffix))
        return forms

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        return _whole_words(self.forms)

    @cached_property
    def _inverse(self) -> dict[str, str]:
        inverse: dict[str, str] = {}
        for word, said in self.forms.items():
            inverse.setdefault(said, word)
        return inverse

    def pronounced(self, spoken: str) -> str:
        """``spoken`` with every listed word replaced by what the engine is given."""
        if self._pattern is None:
            return spoken
        return self._pattern.sub(lambda m: self.forms[m.group(1)], spoken)

    def unpronounced(self, speech: str) -> str:
        """The spoken form back from what the engine is given (replacements undone; a
        hint shared by a plural and a possessive reads back as the plural)."""
        pattern = _whole_words(self._inverse)
        if pattern is None:
            return speech
        return pattern.sub(lambda m: self._inverse[m.group(1)], speech)


def _whole_words(words: dict[str, str]) -> re.Pattern[str] | None:
    if not words:
        return None
    ordered = sorted(words, key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(map(re.escape, ordered)) + r")(?!\w)")


@cache
def project_lexicon() -> Lexicon:
    """The committed lexicon, read once."""
    return Lexicon.load()
