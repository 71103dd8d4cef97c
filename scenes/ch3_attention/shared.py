"""What the scenes of chapter 3 share: the chapter, and what more than one of its
scenes use."""

from __future__ import annotations

import numpy as np
from manim import *

from derived_transformer.model import AttentionTrace
from derived_transformer.narration.words import short_word_at
from derived_transformer.scenes.base import Chapter, DerivedScene
from derived_transformer.scenes.components import (
    VectorColumn,
)
from derived_transformer.scenes.theme import color_scale

CHAPTER = Chapter(3, "Self-attention")


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


def strips(
    vectors: np.ndarray, shown: tuple[int, ...], value_scale: float, cell_size: float
) -> VGroup:
    """One horizontal strip of cells per vector (the components ``shown``), stacked, on one
    colour scale."""
    group = VGroup(
        *(
            VectorColumn(
                v,
                shown=shown,
                show_indices=False,
                compact=True,
                orientation="horizontal",
                value_scale=value_scale,
                cell_size=cell_size,
            )
            for v in vectors
        )
    )
    return group.arrange(DOWN, buff=cell_size * 0.45)


def slide_into(
    pieces: list[VectorColumn], total: VectorColumn
) -> tuple[Animation, Animation, list[VectorColumn]]:
    """Vectors added into ``total`` (drawn with the same components): copies of ``pieces``
    slide straight onto ``total``'s place one after another (the first animation), then merge
    into it, the last copy recolouring in place cell by cell while the others fade under it
    (the second). Returns both animations and the copies."""
    copies = [piece.copy() for piece in pieces]
    slide = LaggedStart(*(c.animate.move_to(total) for c in copies), lag_ratio=0.12)
    merge = AnimationGroup(
        ReplacementTransform(copies[-1], total),
        *(FadeOut(c) for c in copies[:-1]),
    )
    return slide, merge, copies


"""The chapter's scenes, in the order the explainer shows them."""
