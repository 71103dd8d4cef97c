"""Vectors drawn as thin horizontal strips, and the move that adds them up: copies of the
vectors slide onto their sum one after another, then merge into it.

>>> import numpy as np
>>> from manim import DOWN
>>> from derived_transformer.scenes.components import slide_into, stacked_strips, vector_strip
>>> vectors = np.array([[1.0, -2.0, 0.5], [0.5, 1.0, -1.0]])
>>> rows = stacked_strips(vectors, shown=(0, 1, 2), value_scale=2.0, cell_size=0.3)
>>> total = vector_strip(vectors.sum(axis=0), shown=(0, 1, 2), value_scale=2.0, cell_size=0.3)
>>> total = total.next_to(rows, DOWN)
>>> slide, merge, copies = slide_into(list(rows), total)  # scene.play(slide); scene.play(merge)
>>> len(copies), total.orientation, total.shown_indices
(2, 'horizontal', (0, 1, 2))
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import DOWN, AnimationGroup, FadeOut, LaggedStart, ReplacementTransform, VGroup

from derived_transformer.scenes.components.vectors import VectorColumn

STRIP_GAP = 0.45
"""The space between stacked strips, in cells."""


def vector_strip(
    values: Sequence[float] | np.ndarray,
    *,
    shown: Sequence[int],
    value_scale: float,
    cell_size: float | None = None,
) -> VectorColumn:
    """One vector as a thin horizontal strip of cells (its components ``shown``), without
    indices or numbers, coloured on ``value_scale``."""
    return VectorColumn(
        values,
        shown=shown,
        show_indices=False,
        compact=True,
        orientation="horizontal",
        value_scale=value_scale,
        cell_size=cell_size,
    )


def stacked_strips(
    values: Sequence[Sequence[float]] | np.ndarray,
    *,
    shown: Sequence[int],
    value_scale: float,
    cell_size: float,
) -> VGroup:
    """One :func:`vector_strip` per vector of ``values``, stacked top to bottom
    ``STRIP_GAP`` cells apart, on one colour scale."""
    group = VGroup(
        *(
            vector_strip(v, shown=shown, value_scale=value_scale, cell_size=cell_size)
            for v in values
        )
    )
    return group.arrange(DOWN, buff=cell_size * STRIP_GAP)


def slide_into(
    pieces: Sequence[VectorColumn], total: VectorColumn, lag_ratio: float = 0.12
) -> tuple[LaggedStart, AnimationGroup, list[VectorColumn]]:
    """Vectors added into ``total`` (drawn with the same components): copies of ``pieces``
    slide straight onto ``total``'s place one after another (the first animation), then merge
    into it, the last copy recolouring in place cell by cell while the others fade under it
    (the second). Returns both animations and the copies."""
    copies = [piece.copy() for piece in pieces]
    slide = LaggedStart(*(c.animate.move_to(total) for c in copies), lag_ratio=lag_ratio)
    merge = AnimationGroup(
        ReplacementTransform(copies[-1], total),
        *(FadeOut(c) for c in copies[:-1]),
    )
    return slide, merge, copies
