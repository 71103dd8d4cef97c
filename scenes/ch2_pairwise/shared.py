"""What the scenes of chapter 2 share: the chapter, and what more than one of its
scenes use."""

from __future__ import annotations

from dataclasses import dataclass

from manim import *

from derived_transformer.model import Trace
from derived_transformer.model import label as label_sentence
from derived_transformer.narration.spoken import percent
from derived_transformer.scenes.base import Chapter

CHAPTER = Chapter(2, "Pairwise convolutions")


@dataclass(frozen=True)
class RelatedPair:
    """Two words of a sentence the explainer points at (positions ``i`` < ``j``), and how
    to speak of them: ``answer`` when the labeller says the last word is about word ``i``,
    else the first and the last word (no claim that they are related)."""

    i: int
    j: int
    answer: bool

    def described(self, tokens: tuple[str, ...]) -> str:
        a, b = tokens[self.i], tokens[self.j]
        if self.answer:
            return f"“{a}” and “{b}”"
        return f"the first and the last word, “{a}” and “{b}”"


def related_pair(t: Trace) -> RelatedPair:
    """The last word and the word it is about, by the labeller's rules (a person's answer,
    never the model's); the first and the last word when no rule names another word."""
    last = t.n - 1
    labelled = label_sentence(t.sentence)
    if labelled.answer is not None and labelled.index < last:
        return RelatedPair(labelled.index, last, True)
    return RelatedPair(0, last, False)


NEAR_TIE = 0.05
"""Two answers whose probabilities differ by less than this are said as a near tie."""


def both_verdicts(a: Trace, b: Trace) -> str:
    """What the model answers for two phrases, said once when it is the same word (as a near
    tie when its two likeliest answers are almost level and the phrases need different ones).
    """
    if a.answer != b.answer:
        return f"It answers “{a.answer}” and “{b.answer}”."
    word = a.answer
    (first, second), (p1, p2) = a.top_words[:2], a.top_probabilities[:2]
    if p1 - p2 < NEAR_TIE and a.expected != b.expected:
        return (
            f"For both it splits almost evenly, “{first}” {percent(p1)} and “{second}” "
            f"{percent(p2)}: it cannot tell the two apart, so one answer is wrong."
        )
    right = [t.sentence for t in (a, b) if t.correct]
    wrong = [t.sentence for t in (a, b) if t.correct is False]
    if right and wrong:
        return f"For both it answers “{word}”: right for “{right[0]}”, wrong for “{wrong[0]}”."
    return f"For both it answers “{word}”."


"""The chapter's scenes, in the order the explainer shows them."""
