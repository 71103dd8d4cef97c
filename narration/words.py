"""How the narration of chapters 3 and 4 names words and what they point to: a word by its
position where it repeats ("the second “was”"), and the relation a column's question asks
for ("its subject")."""

from __future__ import annotations

from collections.abc import Sequence

ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")

RELATIONS = {
    "determiner": "its noun",
    "adjective": "its noun",
    "verb": "its subject",
    "it": "what it refers to",
    "its": "its owner",
    "owned noun": "its owner",
    "that": "what it refers to",
    "one": "what it refers to",
}
"""What the question of each kind of word (``model.WORD_CLASSES``) points to."""


def quoted(word: str) -> str:
    return f"“{word}”"


def word_at(tokens: Sequence[str], i: int) -> str:
    """Word ``i`` quoted, named by its position when the word occurs more than once:

    >>> word_at(["it", "was", "a", "lion", "and", "it", "was", "roaring"], 6)
    'the second “was”'
    >>> word_at(["the", "fat", "cat"], 1)
    '“fat”'
    """
    word = tokens[i]
    places = [k for k, w in enumerate(tokens) if w == word]
    if len(places) == 1:
        return quoted(word)
    rank = places.index(i)
    ordinal = ORDINALS[rank] if rank < len(ORDINALS) else f"{rank + 1}th"
    return f"the {ordinal} {quoted(word)}"


def short_word_at(tokens: Sequence[str], i: int) -> str:
    """Word ``i`` for a label on screen: the word, with its position (counted from 1) when
    it repeats: ``was (9)``."""
    word = tokens[i]
    return word if list(tokens).count(word) == 1 else f"{word} ({i + 1})"
