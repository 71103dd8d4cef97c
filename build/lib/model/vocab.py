"""One vocabulary and one one-hot convention shared by every model.

A word's one-hot vector has a single 1 at the word's index in :data:`VOCABULARY`; a word's
position is one-hot too, over :data:`MAX_WORDS` slots. Padding (for the text CNN, which reads a
fixed width) is the zero vector, not a word.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from model.data import vocabulary_words
from model.errors import EmptySentenceError, SentenceTooLongError, UnknownWordError

MAX_WORDS = 11
"""The longest sentence, in words, that the models accept (the corpus's longest)."""

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


@dataclass(frozen=True)
class Vocabulary:
    words: tuple[str, ...]

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


VOCABULARY = Vocabulary(vocabulary_words())


def normalise(sentence: str) -> tuple[str, ...]:
    """Lower-case words with punctuation stripped: ``"The lion, roaring!"`` -> 3 words."""
    return tuple(_WORD.findall(sentence.lower().replace("’", "'")))


def tokenize(sentence: str, vocabulary: Vocabulary = VOCABULARY) -> tuple[str, ...]:
    """The sentence's words, checked against the vocabulary and the length limit.

    Raises a :class:`~model.errors.SentenceError` subclass with a message meant for a person.
    """
    words = normalise(sentence)
    if not words:
        raise EmptySentenceError("the sentence is empty: type at least one word")
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
    if len(words) > MAX_WORDS:
        raise SentenceTooLongError(
            f"the sentence has {len(words)} words; the models accept at most {MAX_WORDS}"
        )
    return words


def position_one_hot(count: int, max_words: int = MAX_WORDS) -> np.ndarray:
    """``(count, max_words)`` one-hot rows for positions ``0 .. count-1``."""
    return np.eye(max_words, dtype=np.float32)[:count]
