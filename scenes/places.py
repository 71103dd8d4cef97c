"""Places on the frame, from the theme's safe edges: where a note, key or picture stands
against the frame's edge, without a literal coordinate or distance."""

from __future__ import annotations

import numpy as np
from manim import Mobject

from derived_transformer.scenes.theme import current_theme


def to_safe_edge(mobject: Mobject, direction: np.ndarray, gap: float = 0.0) -> Mobject:
    """Move ``mobject`` so that its side towards ``direction`` (``DOWN``, ``UR``, ...) stands
    ``gap`` inside the frame's safe edge there (``theme.layout``'s ``left`` ... ``bottom``);
    the other coordinate is kept for an edge, both are set for a corner.

    >>> from manim import DOWN, Square
    >>> square = to_safe_edge(Square(1.0), DOWN, 0.15)
    >>> float(round(square.get_bottom()[1] - current_theme().layout.bottom, 2))
    0.15
    """
    layout = current_theme().layout
    x, y = float(np.sign(direction[0])), float(np.sign(direction[1]))
    if x:
        edge = layout.right if x > 0 else layout.left
        mobject.set_x(edge - x * gap - x * mobject.width / 2)
    if y:
        edge = layout.top if y > 0 else layout.bottom
        mobject.set_y(edge - y * gap - y * mobject.height / 2)
    return mobject
