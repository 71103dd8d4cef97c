"""Respellings of the words the voice says wrongly, applied to the spoken form of every line.

The lexicon is a committed file (``assets/narration/lexicon.json``): each key, matched as a
whole word (a hyphen separates words) and case-sensitively, is replaced by a respelling the
speech engine says right ("bilinear" by "by-linnier"). Respellings are plain words, so any
engine can read them. ``python -m derived_transformer.rendering.pronunciation`` compares
the resulting phonemes with the expected list.

>>> Lexicon({"bilinear": "by-linnier"}).pronounced("a bilinear form")
'a by-linnier form'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from derived_transformer.errors import DataFileError
from derived_transformer.files import read_json
from derived_transformer.resources import assets_dir

ASSETS = assets_dir() / "narration"
LEXICON_FILE = ASSETS / "lexicon.json"

PROJECT_TERMS: tuple[str, ...] = (
    "softmax",
    "bilinear",
    "linear",
    "non-linearity",
    "linearity",
    "one-hot",
    "n squared",
    "n to the fourth",
    "query",
    "key",
    "value",
    "SDPA",
    "PyTorch",
    "CNN",
    "CNNs",
    "transformer",
    "self-attention",
    "multi-head attention",
    "pairwise",
    "convolution",
    "convolutional",
    "exponentiate",
    "normalise",
    "optimisations",
    "vector",
    "matrix",
    "matrices",
    "receptive field",
)
"""The explainer's own terms whose pronunciation is checked (with every vocabulary word)."""


@dataclass(frozen=True)
class Lexicon:
    """Whole-word respellings; longer words are replaced first."""

    respellings: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path = LEXICON_FILE) -> Lexicon:
        try:
            return cls(dict(read_json(path, ("respellings",))["respellings"]))
        except (TypeError, ValueError):
            raise DataFileError(f"{path} is damaged (wrong values); restore it from git") from None

    @property
    def _pattern(self) -> re.Pattern[str] | None:
        if not self.respellings:
            return None
        words = sorted(self.respellings, key=len, reverse=True)
        return re.compile(r"(?<!\w)(" + "|".join(map(re.escape, words)) + r")(?!\w)")

    def pronounced(self, spoken: str) -> str:
        """``spoken`` with every listed word respelled."""
        pattern = self._pattern
        if pattern is None:
            return spoken
        return pattern.sub(lambda m: self.respellings[m.group(1)], spoken)


@cache
def project_lexicon() -> Lexicon:
    """The committed lexicon, read once."""
    return Lexicon.load()
