"""Counts drawn as squares: one square per vector."""

from __future__ import annotations

import math

import numpy as np
from manim import Square, VMobject

SQUARE_POINTS = 16  # a square is 4 cubic Bézier curves of 4 points each


def square_field(count: int, color: str, max_side: float = 3.6) -> VMobject:
    """``count`` small squares in a square block, as one path (fast to draw even by the
    thousand); the block is at most ``max_side`` wide.

    >>> squares_in(square_field(10, "#9b7ede"))
    10
    """
    side = math.ceil(math.sqrt(count))
    pitch = min(0.26, max_side / side)
    template = Square(pitch * 0.78).points
    rows = [divmod(k, side) for k in range(count)]
    offsets = np.array([[c * pitch, -r * pitch, 0.0] for r, c in rows])
    field = VMobject(stroke_width=0).set_fill(color, 1)
    field.points = (template[None, :, :] + offsets[:, None, :]).reshape(-1, 3)
    return field.center()


def squares_in(field: VMobject) -> int:
    """How many squares a :func:`square_field` draws (read from its path).

    >>> squares_in(square_field(3, "#9b7ede"))
    3
    """
    return len(field.points) // SQUARE_POINTS
