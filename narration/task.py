"""The task every model of the explainer is trained on, worded once for every scene.

Every sentence asks one question about its last word: *who or what is it about?* ("...and
it was roaring": what is roaring; "...caught its tail": whose tail; "the fat cat": what the
phrase names). Scenes ask it with :func:`question` and say whether a model's answer is right
with :func:`verdict`, which compares it with the labeller's (:func:`model.label`), a set of
rules a person would apply, not the model.

>>> from derived_transformer.model import trace
>>> t = trace("the lion saw that the fire was roaring", model="transformer")
>>> question(t.tokens)
'who or what is “roaring” about?'
>>> verdict(t)
'“fire”: right'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from derived_transformer.narration.spoken import percent


class Answered(Protocol):
    """What the wording needs of a model's trace (``derived_transformer.model.Trace`` has
    it): the sentence's words, the model's answer and its probability, the labeller's."""

    @property
    def tokens(self) -> tuple[str, ...]: ...
    @property
    def answer(self) -> str: ...
    @property
    def expected(self) -> str | None: ...
    @property
    def correct(self) -> bool | None: ...
    @property
    def top_probabilities(self) -> Sequence[float]: ...


def question(tokens: Sequence[str], phrase: bool = False) -> str:
    """The question the models answer about a sentence (its last word). For a ``phrase``
    ("the fat cat") the last word is a noun, which names itself: asking what the noun is
    about would answer with the word asked, so the question is what the phrase names.

    >>> question(("the", "fat", "cat"), phrase=True)
    'what does “the fat cat” name?'
    """
    if phrase:
        return f"what does “{' '.join(tokens)}” name?"
    return f"who or what is “{tokens[-1]}” about?"


def verdict(t: Answered) -> str:
    """The model's answer and whether a person would agree, in a few words: right, wrong
    (with the labeller's answer), not a word of the sentence, or no rule to check it by."""
    answer = t.answer
    if answer not in t.tokens:
        return f"“{answer}”: not a word of the sentence"
    if t.expected is None:
        return f"“{answer}”: no rule says what a person would answer"
    if t.correct:
        return f"“{answer}”: right"
    return f"“{answer}”: wrong, a person would say “{t.expected}”"


def answer_said(t: Answered, who: str = "It", *, probability: bool = True) -> str:
    """The model's answer as a line of narration: the word, its probability (unless
    ``probability`` is false, for a picture that shows none) and whether a person would
    agree (the labeller's verdict, as :func:`verdict` gives it)::

        It answers “fire”, with 37%, but a person would say “lion”.
        It answers “lion”, which is right.
    """
    answer = t.answer
    said = f"{who} answers “{answer}”"
    if probability:
        said += f", with {percent(float(t.top_probabilities[0]))}"
    if answer not in t.tokens:
        return f"{said}: not even a word of the sentence."
    if t.expected is None:
        return f"{said}; no rule of ours says what a person would answer."
    if t.correct:
        return f"{said}, which is right."
    return f"{said}, but a person would say “{t.expected}”."
