"""The answers an answer chart offers, read from a trace."""

from __future__ import annotations

from derived_transformer.model.evaluation import family_of
from derived_transformer.model.labels import links
from derived_transformer.model.tracing import Trace
from derived_transformer.model.vocab import VOCABULARY
from derived_transformer.model.word_groups import NOUNS
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


VISIBLE = 0.05
"""The least probability a chart shows as a bar one can see: a word the model gives this
much is offered even when it is not a noun."""


def answer_options(t: Trace, count: int = 3, rival: str = RIVAL) -> tuple[list[str], list[float]]:
    """The answers a chart offers, each with the model's probability: the model's answer;
    any other of its ``count`` likeliest words it gives at least :data:`VISIBLE` (every
    answer is a word of the sentence); then the sentence's nouns, the rival answer
    (:func:`rival_of`) first and the likeliest next, up to ``count`` words (and at least two:
    the sentence's likeliest other word when it names nothing else). The rival is always
    offered, in the last place if need be.

    >>> from derived_transformer.model import trace
    >>> words, _ = answer_options(trace("there was a lion on fire and it was roaring"))
    >>> words
    ['lion', 'fire']
    """

    def probability(word: str) -> float:
        return float(t.probabilities[VOCABULARY.index[word]])

    answer = t.top_words[0]
    words = [answer, *(w for w in t.top_words[1:count] if probability(w) >= VISIBLE)]
    nouns = sorted(
        {w for w in t.tokens if w in NOUNS and w not in words}, key=lambda w: (-probability(w), w)
    )
    other = rival_of(t, answer, rival)
    if other is not None and other not in words:
        nouns = [other, *(w for w in nouns if w != other)]
    words += nouns[: max(0, count - len(words))]
    if len(words) < 2:  # a choice needs two: the sentence's likeliest other word
        rest = sorted(set(t.tokens) - set(words), key=lambda w: (-probability(w), w))
        words += rest[:1]
    if other is not None and other not in words:
        words[-1] = other  # every slot held by a word the model gives a visible share
    return words, [probability(w) for w in words]


def asked(t: Trace) -> str:
    """The question of ``t``'s last word as a chart and the voice ask it; for a phrase, what
    the phrase names (its last word, a noun, names itself).

    >>> from derived_transformer.model import trace
    >>> asked(trace("the fat cat", model="pairwise2"))
    'what does “the fat cat” name?'
    """
    return question(t.tokens, phrase=family_of(t.tokens) == "phrase")
