"""What the scenes of chapter 3 share: the chapter, and what more than one of its
scenes use."""

from __future__ import annotations

import numpy as np
from manim import VGroup

from derived_transformer.model import AttentionTrace
from derived_transformer.narration.words import short_word_at
from derived_transformer.scenes.base import Chapter, DerivedScene
from derived_transformer.scenes.components import stacked_strips
from derived_transformer.scenes.text import FlatText, flat_text
from derived_transformer.scenes.theme import color_scale, current_theme

CHAPTER = Chapter(3, "Self-attention")


HOLD = 1.2
"""Seconds of silence after a reveal: the picture rests before the next line."""


TREE = "there was a tree on fire and it was roaring"


LION = "there was a lion on fire and it was roaring"


def focus_row(t: AttentionTrace, column: int) -> int:
    """The row the trained model gives the largest relative importance in ``column``."""
    return int(np.argmax(t.importances[:, column]))


SCALE_COMPONENTS = 12
"""Pair vectors are drawn from their first components only (at most this many): the one
colour scale of the chapter's pair vectors covers these."""


def pair_vector_scale(scene: DerivedScene) -> float:
    """One colour scale for every pair vector of the chapter: the largest magnitude among the
    first ``SCALE_COMPONENTS`` components of every pair vector of the tree and lion sentences
    and of the scene's own sentence, so one pair keeps one colour from scene to scene."""
    sentences = dict.fromkeys((TREE, LION, scene.sentence))
    vectors = [scene.trace_of(s).pair_vectors[..., :SCALE_COMPONENTS] for s in sentences]
    return color_scale(np.concatenate([v.reshape(-1) for v in vectors]))


def positional_labels(tokens: list[str]) -> list[str]:
    """Axis labels: each word, with its position where it repeats (“was (2)”)."""
    return [short_word_at(tokens, i) for i in range(len(tokens))]


def length(vector: np.ndarray) -> float:
    """A vector's length (Euclidean norm)."""
    return float(np.linalg.norm(vector))


def pair_name(first: str, second: str) -> str:
    return f"({first}, {second})"


def column_pairs(
    t: AttentionTrace, j: int, shown: tuple[int, ...], value_scale: float, cell_size: float
) -> tuple[VGroup, VGroup]:
    """Column ``j``'s pair vectors as stacked strips (components ``shown``), and each pair's
    name, to be placed beside its strip."""
    theme = current_theme()
    rows = stacked_strips(
        t.pair_vectors[:, j], shown=shown, value_scale=value_scale, cell_size=cell_size
    )
    names = VGroup(
        *(
            flat_text(pair_name(short_word_at(t.tokens, i), t.tokens[j]), theme.sizes.small)
            for i in range(t.n)
        )
    )
    return rows, names


def column_caption(t: AttentionTrace, j: int, shown: tuple[int, ...], where: str = "") -> FlatText:
    """What a column of pair vectors shows: “pair vectors of column “roaring”, lion sentence:
    components 0–11 of 32” (``where`` names the sentence, if needed)."""
    theme = current_theme()
    d = t.pair_vectors.shape[-1]
    place = f", {where}" if where else ""
    return flat_text(
        f"pair vectors of column “{t.tokens[j]}”{place}: components 0–{len(shown) - 1} of {d}",
        theme.sizes.tiny,
        theme.muted,
    )
