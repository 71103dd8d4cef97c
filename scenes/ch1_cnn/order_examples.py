"""The live examples of 1.5, picked from the models by a rule, never by hand.

They come from the grammar's "first / second" family: two animals in clauses alike but for
their animal ("we ran and the bear ran and the walrus ran and the second was roaring"), so
only the animals' order decides. A sentence's *twin* swaps the two animals and has the other
answer; its *reach* (``model.evidence.reach``) is the smallest window of words that tells
the two apart, one more than the distance between the animals. A CNN whose receptive field is
smaller than the reach sees the sentence and its twin as the same set of windows: it gives
both the same output, so one of the two answers is wrong.

The rule, applied to the shipped models each time (a retrained model re-picks the examples):
draw sentences of the family in order from :data:`DRAW_SEED`, keep those of at most
``longest`` words of which neither twin was trained on, and take

* the **near** pair: the first whose two animals both fit in one window of the narrow CNN's
  receptive field (so its reach fits too; a sentence that opens with the first animal can
  have a short reach with its animals far apart) and which that CNN answers right, twin too;
* the **far** pair: the first whose reach exceeds the field, which the CNN answers right on
  one twin only (its answer one of the two animals) and the contrasting model right on
  both, shown with the twin the CNN gets wrong first.

``near, far = order_examples("cnn2", "attention", longest=18)`` (the first call draws the
training set: about 15 s).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

from derived_transformer.errors import DerivedTransformerError
from derived_transformer.model import trace
from derived_transformer.model.data import example_of, training_set
from derived_transformer.model.evidence import reach
from derived_transformer.model.grammar import RejectedError, derive
from derived_transformer.model.vocab import MAX_WORDS

DRAW_SEED = 25
"""The draw's own seed (the evidence's sentences use another)."""
DRAWS = 4000
"""How many sentences the rule may draw before it gives up."""


class NoExampleError(DerivedTransformerError):
    """No sentence of the draw fits the rule (the models answer too well, or too badly)."""

    exit_status = 1


@dataclass(frozen=True)
class OrderPair:
    """A sentence of the order family and its twin, as the scene shows them.

    ``animals``: the positions of the two animals (the same in both twins); ``reach``: the
    smallest window of words that tells the twins apart.

    >>> pair = OrderPair(("we", "ran", "and", "the", "cat", "ran", "and", "the", "dog"),
    ...                  ("we", "ran", "and", "the", "dog", "ran", "and", "the", "cat"), (4, 8), 5)
    >>> pair.apart, pair.twin_sentence
    (4, 'we ran and the dog ran and the cat')
    """

    words: tuple[str, ...]
    twin: tuple[str, ...]
    animals: tuple[int, int]
    reach: int

    @property
    def sentence(self) -> str:
        return " ".join(self.words)

    @property
    def twin_sentence(self) -> str:
        return " ".join(self.twin)

    @property
    def apart(self) -> int:
        """How many words the second animal stands after the first."""
        return self.animals[1] - self.animals[0]

    def swapped(self) -> OrderPair:
        """The same pair, the twin first."""
        return OrderPair(self.twin, self.words, self.animals, self.reach)


def drawn_pairs(longest: int) -> list[OrderPair]:
    """The family's sentences in the draw's order, with their twins: at most ``longest``
    words, neither twin trained on, each pair once."""
    training = {e.text for e in training_set()}
    rng = random.Random(DRAW_SEED)
    pairs: list[OrderPair] = []
    seen: set[tuple[str, ...]] = set()
    for _ in range(DRAWS):
        try:
            sentence = derive(rng, MAX_WORDS, shape="ordinal")
        except RejectedError:
            continue
        example = example_of(sentence)
        if "alike clauses" not in sentence.features or len(example.words) > longest:
            continue
        first, second = sorted(example.candidates)
        twin = list(example.words)
        twin[first], twin[second] = twin[second], twin[first]
        pair = OrderPair(example.words, tuple(twin), (first, second), reach(example))
        if {pair.words, pair.twin} & seen or {pair.sentence, pair.twin_sentence} & training:
            continue
        seen |= {pair.words, pair.twin}
        pairs.append(pair)
    return pairs


def right_on_both(pair: OrderPair, model: str) -> bool:
    """Whether ``model`` answers the sentence and its twin as the labeller does."""
    return bool(trace(pair.sentence, model=model).correct) and bool(
        trace(pair.twin_sentence, model=model).correct
    )


def right_on_one(pair: OrderPair, model: str) -> bool:
    """Whether ``model`` answers exactly one of the sentence and its twin as the labeller
    does."""
    return bool(trace(pair.sentence, model=model).correct) != bool(
        trace(pair.twin_sentence, model=model).correct
    )


@lru_cache(maxsize=8)
def order_examples(narrow: str, contrast: str, longest: int) -> tuple[OrderPair, OrderPair]:
    """The near and the far pair of the rule above, for the CNN ``narrow`` and the model
    ``contrast``, sentences of at most ``longest`` words."""
    near = far = None
    for pair in drawn_pairs(longest):
        field = trace(pair.sentence, model=narrow).receptive_field
        fits = pair.reach <= field and pair.apart < field
        if near is None and fits and right_on_both(pair, narrow):
            near = pair
        if (
            far is None
            and pair.reach > field
            and right_on_one(pair, narrow)
            and right_on_both(pair, contrast)
        ):
            far = pair if not trace(pair.sentence, model=narrow).correct else pair.swapped()
        if near is not None and far is not None:
            return near, far
    raise NoExampleError(
        f"no sentence of the first / second family (seed {DRAW_SEED}, {DRAWS} draws, at most "
        f"{longest} words) fits the rule for {narrow} and {contrast}"
    )
