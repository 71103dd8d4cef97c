"""The synthetic corpus and its task.

Every sentence asks one question about its **last word**: *who or what is it about?*

* ``... and it was roaring``: what is roaring? An animal, if the sentence has one
  (lions roar); otherwise the thing in the sentence that roars (fire, storm, river, ...).
* ``the dog spun around so fast that it caught its tail``: whose tail? The animal's.
* ``the fat cat`` / ``the cat fat``: what does the phrase name? Its last word (a cat; the
  fat of a cat). Only word order tells the two apart.

The answer is always a word of the sentence, and the *deciding word* is the one that
settles it. Text is lower-case with punctuation stripped. Everything here is deterministic:
the corpus is enumerated from templates, and the held-out split is fixed by a hash of each
sentence, so the held-out sentences are generated apart from the training ones.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

ROARING_ANIMALS = ("lion", "tiger", "bear", "dragon", "leopard", "jaguar")
QUIET_ANIMALS = ("dog", "cat", "fox", "horse", "mouse", "rabbit")
THINGS = ("tree", "house", "car", "boat", "barn", "tent", "bridge", "truck")
ROARERS = ("fire", "storm", "river", "engine", "wind", "crowd")
PHRASE_WORDS = ("fat", "cat", "big", "dog", "old", "fox", "red", "lion")

# Roaring sentences. {n}: an animal or a thing; {r}: something that roars.
ROARING_TEMPLATES = (
    "there was a {n} near the {r} and it was roaring",
    "a {n} stood near the {r} and it was roaring",
    "near the {r} there was a {n} and it was roaring",
    "the {r} was close to a {n} and it was roaring",
    "we saw a {n} by the {r} and it was roaring",
    "by the {r} a {n} was roaring",
    "the {n} saw the {r} and it was roaring",
    "the {n} by the {r} was roaring",
)
ON_FIRE_TEMPLATE = "there was a {n} on fire and it was roaring"

# Tail sentences. {a}: any animal; {x}: a thing that is not the answer.
TAIL_TEMPLATES = (
    "the {a} spun around so fast that it caught its tail",
    "the {a} ran past the {x} then it caught its tail",
    "the {a} near the {x} chased its tail",
    "near the {x} the {a} chased its tail",
)

# Sentences the explainer shows; they are always in the training data.
VIDEO_SENTENCES = (
    "the dog spun around so fast that it caught its tail",
    "the fat cat",
    "the cat fat",
    "there was a tree on fire and it was roaring",
    "there was a lion on fire and it was roaring",
)
# Shown by the explainer but not part of the corpus: the models answer whatever they answer.
EXTRA_SENTENCES = ("the lion saw that the fire was roaring",)

HELD_OUT_PERCENT = 15


@dataclass(frozen=True)
class Example:
    """One sentence with its answer.

    ``deciding`` is the index of the word that settles the answer; ``distance`` is how far
    it stands from the last word, the word the question is about.
    """

    words: tuple[str, ...]
    answer: str
    deciding: int
    family: str

    @property
    def text(self) -> str:
        return " ".join(self.words)

    @property
    def distance(self) -> int:
        return len(self.words) - 1 - self.deciding


def _example(text: str, deciding_word: str, family: str) -> Example:
    words = tuple(text.split())
    return Example(words, deciding_word, words.index(deciding_word), family)


def roaring_examples() -> list[Example]:
    examples = []
    for n in ROARING_ANIMALS + THINGS:
        answer = n if n in ROARING_ANIMALS else "fire"
        examples.append(_example(ON_FIRE_TEMPLATE.format(n=n), answer, "roaring"))
        for template in ROARING_TEMPLATES:
            for r in ROARERS:
                answer = n if n in ROARING_ANIMALS else r
                examples.append(_example(template.format(n=n, r=r), answer, "roaring"))
    return examples


def tail_examples() -> list[Example]:
    examples = []
    for a in ROARING_ANIMALS + QUIET_ANIMALS:
        examples.append(_example(TAIL_TEMPLATES[0].format(a=a), a, "tail"))
        for template in TAIL_TEMPLATES[1:]:
            for x in THINGS:
                examples.append(_example(template.format(a=a, x=x), a, "tail"))
    return examples


def phrase_examples() -> list[Example]:
    """Noun phrases ``the A B``: the phrase names B, its last word."""
    return [
        _example(f"the {a} {b}", b, "phrase") for a in PHRASE_WORDS for b in PHRASE_WORDS if a != b
    ]


def _is_held_out(example: Example) -> bool:
    if example.text in VIDEO_SENTENCES:
        return False
    digest = hashlib.sha256(example.text.encode()).digest()
    return int.from_bytes(digest[:4], "big") % 100 < HELD_OUT_PERCENT


@lru_cache(maxsize=1)
def corpus() -> tuple[Example, ...]:
    """Every sentence of the task, in a fixed order."""
    return tuple(roaring_examples() + tail_examples() + phrase_examples())


@lru_cache(maxsize=1)
def training_set() -> tuple[Example, ...]:
    return tuple(e for e in corpus() if not _is_held_out(e))


@lru_cache(maxsize=1)
def held_out_set() -> tuple[Example, ...]:
    return tuple(e for e in corpus() if _is_held_out(e))


def vocabulary_words() -> tuple[str, ...]:
    """Every word of the corpus and of the explainer's sentences, sorted."""
    words = {w for e in corpus() for w in e.words}
    for sentence in VIDEO_SENTENCES + EXTRA_SENTENCES:
        words.update(sentence.split())
    return tuple(sorted(words))


DISTANCE_BUCKETS: tuple[tuple[str, int, int], ...] = (
    ("0", 0, 0),
    ("1-2", 1, 2),
    ("3-4", 3, 4),
    ("5-6", 5, 6),
    ("7+", 7, 99),
)


def distance_bucket(distance: int) -> str:
    for name, low, high in DISTANCE_BUCKETS:
        if low <= distance <= high:
            return name
    raise ValueError(f"no bucket for distance {distance}")
