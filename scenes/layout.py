"""Marks a scene leaves for the layout check (nothing leaves the frame, no two texts overlap
by accident).

Texts may overlap only inside a group marked with :func:`allow_overlap`, which must be a
visible grouping (it holds a drawn frame or background, so the viewer sees they belong
together).
"""

from __future__ import annotations

import numpy as np
from manim import Mobject

from derived_transformer.scenes.theme import current_theme

OVERLAP_MARK = "overlap_ok"
"""The attribute :func:`allow_overlap` sets, read by the layout check."""


def allow_overlap(group: Mobject) -> Mobject:
    """Mark ``group``: texts inside it may overlap each other."""
    setattr(group, OVERLAP_MARK, True)
    return group


def to_safe_edge(mobject: Mobject, edge: np.ndarray, inset: float = 0.0) -> Mobject:
    """Move ``mobject`` against the frame's safe edge on the side ``edge`` (``LEFT``,
    ``RIGHT``, ``UP``, ``DOWN``: ``theme.layout.left`` ... ``bottom``; or a corner such as
    ``UR``), ``inset`` further in; for an edge, its other coordinate is kept.

    >>> from manim import DOWN, RIGHT, UR, Square
    >>> from derived_transformer.scenes.theme import current_theme
    >>> layout = current_theme().layout
    >>> square = to_safe_edge(Square(1.0), RIGHT)
    >>> bool(abs(square.get_right()[0] - layout.right) < 1e-9)
    True
    >>> float(round(to_safe_edge(Square(1.0), DOWN, 0.15).get_bottom()[1] - layout.bottom, 2))
    0.15
    >>> corner = to_safe_edge(Square(1.0), UR).get_corner(UR)
    >>> bool(abs(corner[0] - layout.right) < 1e-9 and abs(corner[1] - layout.top) < 1e-9)
    True
    """
    layout = current_theme().layout
    x, y = float(np.sign(edge[0])), float(np.sign(edge[1]))
    if x:
        side = layout.right if x > 0 else layout.left
        mobject.set_x(side - x * (inset + mobject.width / 2))
    if y:
        side = layout.top if y > 0 else layout.bottom
        mobject.set_y(side - y * (inset + mobject.height / 2))
    return mobject


def within_safe_frame(mobject: Mobject) -> Mobject:
    """Shift ``mobject`` by the least amount that brings it inside the frame's safe edges
    (it stays where it is if it is inside already).

    >>> from manim import Square
    >>> from derived_transformer.scenes.theme import current_theme
    >>> square = within_safe_frame(Square(1.0).move_to([9.0, 0.0, 0.0]))
    >>> bool(abs(square.get_right()[0] - current_theme().layout.right) < 1e-9)
    True
    """
    layout = current_theme().layout
    left, bottom, _ = mobject.get_corner(np.array([-1.0, -1.0, 0.0]))
    right, top, _ = mobject.get_corner(np.array([1.0, 1.0, 0.0]))
    dx = max(0.0, layout.left - left) - max(0.0, right - layout.right)
    dy = max(0.0, layout.bottom - bottom) - max(0.0, top - layout.top)
    return mobject.shift(np.array([dx, dy, 0.0]))


def within_safe_width(mobject: Mobject) -> Mobject:
    """Shrink ``mobject`` to ``theme.layout.safe_width`` if it is wider (never enlarge it).

    >>> from manim import Rectangle
    >>> from derived_transformer.scenes.theme import current_theme
    >>> wide = within_safe_width(Rectangle(width=20.0, height=1.0))
    >>> bool(abs(wide.width - current_theme().layout.safe_width) < 1e-9)
    True
    >>> float(within_safe_width(Rectangle(width=2.0, height=1.0)).width)
    2.0
    """
    return mobject.scale(min(1.0, current_theme().layout.safe_width / mobject.width))
