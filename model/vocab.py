"""One vocabulary and one one-hot convention shared by every model.

A word's one-hot vector has a single 1 at the word's index in :data:`VOCABULARY` (the words
sorted alphabetically). A word's position is one-hot too, over :data:`MAX_WORDS` slots,
**counted back from the last word**: the last word is position 0, the one before it 1, and
so on (:func:`position_index`). The question a sentence asks is about its last word, so this
count says how far each word stands from the word asked about, the same in a short sentence
as in a long one. Padding (for the text CNN, which reads a fixed width) is the zero vector,
not a word.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType

import numpy as np

from derived_transformer.model.errors import (
    EmptySentenceError,
    SentenceTooLongError,
    SentenceTypeError,
    UnknownWordError,
)
from derived_transformer.model.word_groups import GROUP_OF, GROUPS

MAX_WORDS = 24
"""The longest sentence, in words, that the models accept (the corpus's longest)."""

# A word is a run of letters and digits (accented letters included), with inner
# apostrophes: "lion2" and "café" stay one word each (and are then unknown, with
# suggestions) instead of silently losing a character.
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


@dataclass(frozen=True)
class Vocabulary:
    words: tuple[str, ...]
    groups: MappingProxyType[str, tuple[str, ...]]

    @cached_property
    def index(self) -> dict[str, int]:
        return {w: i for i, w in enumerate(self.words)}

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: object) -> bool:
        return word in self.index

    def ids(self, words: tuple[str, ...]) -> np.ndarray:
        return np.array([self.index[w] for w in words], dtype=np.int64)

    def one_hot(self, words: tuple[str, ...]) -> np.ndarray:
        """``(len(words), len(self))`` float32 one-hot rows."""
        out = np.zeros((len(words), len(self)), dtype=np.float32)
        out[np.arange(len(words)), self.ids(words)] = 1.0
        return out

    def closest(self, word: str, count: int = 3) -> list[str]:
        return difflib.get_close_matches(word, self.words, n=count, cutoff=0.5)


VOCABULARY = Vocabulary(tuple(sorted(GROUP_OF)), GROUPS)
"""The models' words; ``VOCABULARY.groups`` lists them by role (see ``model.word_groups``)."""


def group_of(word: str) -> str:
    """The group (role) of a vocabulary word, e.g. ``"animals that roar"``."""
    try:
        return GROUP_OF[word]
    except KeyError:
        raise UnknownWordError(f"unknown word '{word}'", (word,)) from None


def normalise(sentence: str) -> tuple[str, ...]:
    """Lower-case words with punctuation stripped: ``"The lion, roaring!"`` -> 3 words.

    Letters with accents and digits are part of a word (``"café"``, ``"lion2"``).
    """
    if not isinstance(sentence, str):
        raise SentenceTypeError(
            f"the sentence must be text (a str), not {type(sentence).__name__} ({sentence!r:.40})"
        )
    text = unicodedata.normalize("NFC", sentence).lower().replace("’", "'")
    return tuple(_WORD.findall(text))


def tokenize(
    sentence: str, vocabulary: Vocabulary = VOCABULARY, max_words: int | None = MAX_WORDS
) -> tuple[str, ...]:
    """The sentence's words, checked against the vocabulary and the length limit
    (``max_words=None``: no limit).

    Raises a :class:`~model.errors.SentenceError` subclass with a message meant for a person.
    """
    words = normalise(sentence)
    if not words:
        raise EmptySentenceError("the sentence is empty: type at least one word")
    if max_words is not None and len(words) > max_words:  # before the costlier checks
        raise SentenceTooLongError(
            f"the sentence has {len(words)} words; the models accept at most {max_words}"
        )
    unknown = tuple(dict.fromkeys(w for w in words if w not in vocabulary))
    if unknown:
        parts = []
        for word in unknown:
            close = vocabulary.closest(word)
            hint = f" (closest: {', '.join(close)})" if close else ""
            parts.append(f"'{word}'{hint}")
        raise UnknownWordError(
            f"unknown word{'s' if len(unknown) > 1 else ''} {'; '.join(parts)}; "
            "`python render.py --vocab` lists the words the models know",
            unknown,
        )
    return words


def position_index(count: int, from_start: bool = False) -> np.ndarray:
    """``(count,)`` each word's position counted back from the last word: ``count-1 .. 0``
    (``from_start``: ``0 .. count-1``, the alternative the ablations measure)."""
    if from_start:
        return np.arange(count, dtype=np.int64)
    return np.arange(count - 1, -1, -1, dtype=np.int64)


def position_one_hot(
    count: int, max_words: int = MAX_WORDS, from_start: bool = False
) -> np.ndarray:
    """``(count, max_words)`` one-hot rows of :func:`position_index`."""
    return np.eye(max_words, dtype=np.float32)[position_index(count, from_start)]
