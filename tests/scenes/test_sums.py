"""Strips of vectors and the slide that adds them up: the strips draw the values given, the
slide brings one copy per piece onto the sum and leaves the sum as it was built."""

from __future__ import annotations

import doctest

import numpy as np
from manim import DOWN

from derived_transformer.scenes.components import slide_into, stacked_strips, sums, vector_strip
from tests.support.truth import mismatches_vector


def test_examples() -> None:
    result = doctest.testmod(sums)
    assert result.attempted > 0 and result.failed == 0


def test_strips_draw_their_vectors_stacked_on_one_scale() -> None:
    vectors = np.array([[1.0, -2.0, 0.5, 3.0], [0.5, 1.0, -1.0, 0.0], [0.0, 0.2, 0.1, -0.3]])
    rows = stacked_strips(vectors, shown=(0, 1, 2), value_scale=3.0, cell_size=0.3)
    for row, vector in zip(rows, vectors, strict=True):
        assert row.orientation == "horizontal" and row.value_scale == 3.0
        assert mismatches_vector(row, vector) == []
    tops = [row.get_y() for row in rows]
    assert tops == sorted(tops, reverse=True)


def test_the_slide_copies_every_piece_and_keeps_the_sum() -> None:
    vectors = np.array([[1.0, -2.0], [0.5, 1.0]])
    rows = stacked_strips(vectors, shown=(0, 1), value_scale=2.0, cell_size=0.3)
    total = vector_strip(vectors.sum(axis=0), shown=(0, 1), value_scale=2.0).next_to(rows, DOWN)
    place = total.get_center().copy()
    _, _, copies = slide_into(list(rows), total)
    assert len(copies) == 2 and all(c is not r for c, r in zip(copies, rows, strict=True))
    assert np.allclose(total.get_center(), place)
    assert mismatches_vector(total, vectors.sum(axis=0)) == []
