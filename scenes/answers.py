"""The answers an answer chart offers, read from a trace."""

from __future__ import annotations

from derived_transformer.model.tracing import Trace
from derived_transformer.model.vocab import VOCABULARY

RIVAL = "fire"
"""The wrong answer a reader weighs against the right one in the explainer's sentences."""


def answer_options(t: Trace, count: int = 3, rival: str = RIVAL) -> tuple[list[str], list[float]]:
    """The answers a chart offers, each with the model's probability: its ``count`` most
    likely, the last of them replaced by ``rival`` when the sentence holds that word and the
    model does not rank it so high (the answer a reader weighs against the right one).

    >>> from derived_transformer.model import trace
    >>> words, _ = answer_options(trace("there was a lion on fire and it was roaring"))
    >>> "fire" in words
    True
    """
    words = list(t.top_words[:count])
    if rival in t.tokens and rival not in words:
        words[-1] = rival
    return words, [float(t.probabilities[VOCABULARY.index[w]]) for w in words]
