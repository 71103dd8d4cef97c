"""The answers an answer chart offers, read from a trace."""

from __future__ import annotations

from derived_transformer.model.evaluation import family_of
from derived_transformer.model.labels import links
from derived_transformer.model.tracing import Trace
from derived_transformer.model.vocab import VOCABULARY
from derived_transformer.narration.task import question

RIVAL = "fire"
"""The wrong answer a reader weighs against the right one in the explainer's sentences."""


def rival_of(t: Trace, answer: str, rival: str = RIVAL) -> str | None:
    """The word a reader weighs against ``answer``: ``rival`` when the sentence holds it,
    else the other noun of the sentence (a word that names itself, as the labeller parses
    it) the model finds likeliest; ``None`` when the sentence names nothing else.

    >>> from derived_transformer.model import trace
    >>> t = trace("the noisy lamb that the old dog chased licked its paw")
    >>> rival_of(t, "lamb")
    'dog'
    """
    if rival in t.tokens and rival != answer:
        return rival
    targets = links(t.sentence).targets
    nouns = {w for i, w in enumerate(t.tokens) if targets[i] == i and w != answer}
    if not nouns:
        return None
    return max(sorted(nouns), key=lambda w: t.probabilities[VOCABULARY.index[w]])


def answer_options(t: Trace, count: int = 3, rival: str = RIVAL) -> tuple[list[str], list[float]]:
    """The answers a chart offers, each with the model's probability: its ``count`` most
    likely, the last of them replaced by the sentence's rival answer (:func:`rival_of`) when
    the model does not rank it so high.

    >>> from derived_transformer.model import trace
    >>> words, _ = answer_options(trace("there was a lion on fire and it was roaring"))
    >>> "fire" in words
    True
    """
    words = list(t.top_words[:count])
    other = rival_of(t, words[0], rival)
    if other is not None and other not in words:
        words[-1] = other
    return words, [float(t.probabilities[VOCABULARY.index[w]]) for w in words]


def asked(t: Trace) -> str:
    """The question of ``t``'s last word as a chart and the voice ask it; for a phrase, what
    the phrase names (its last word, a noun, names itself).

    >>> from derived_transformer.model import trace
    >>> asked(trace("the fat cat", model="pairwise2"))
    'what does “the fat cat” name?'
    """
    return question(t.tokens, phrase=family_of(t.tokens) == "phrase")
