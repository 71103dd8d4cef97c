"""Placing against the frame's safe edges: the edge helpers keep a mobject inside and move
it no more than needed."""

from __future__ import annotations

import doctest

import numpy as np
from manim import DOWN, LEFT, Rectangle, Square

from derived_transformer.scenes import layout
from derived_transformer.scenes.layout import to_safe_edge, within_safe_frame, within_safe_width
from derived_transformer.scenes.theme import current_theme


def test_examples() -> None:
    result = doctest.testmod(layout)
    assert result.attempted > 0 and result.failed == 0


def test_safe_edges_with_an_inset() -> None:
    edges = current_theme().layout
    gap = current_theme().gaps.small
    square = to_safe_edge(Square(1.0).move_to([1.0, 2.0, 0.0]), LEFT, gap)
    assert np.isclose(square.get_left()[0], edges.left + gap) and np.isclose(square.get_y(), 2.0)
    square = to_safe_edge(Square(1.0), DOWN)
    assert np.isclose(square.get_bottom()[1], edges.bottom)


def test_within_the_frame_moves_only_what_leaves_it() -> None:
    edges = current_theme().layout
    inside = Square(1.0).move_to([1.0, -1.0, 0.0])
    assert np.allclose(within_safe_frame(inside).get_center(), [1.0, -1.0, 0.0])
    corner = within_safe_frame(Square(1.0).move_to([-9.0, -9.0, 0.0]))
    assert np.isclose(corner.get_left()[0], edges.left)
    assert np.isclose(corner.get_bottom()[1], edges.bottom)


def test_within_the_safe_width_keeps_the_proportions() -> None:
    wide = within_safe_width(Rectangle(width=25.0, height=2.0))
    assert np.isclose(wide.width / wide.height, 12.5)
