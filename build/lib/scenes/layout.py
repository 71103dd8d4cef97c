"""Marks a scene leaves for the layout check (nothing leaves the frame, no two texts overlap
by accident).

Texts may overlap only inside a group marked with :func:`allow_overlap`, which must be a
visible grouping (it holds a drawn frame or background, so the viewer sees they belong
together).
"""

from __future__ import annotations

from manim import Mobject

OVERLAP_MARK = "overlap_ok"
"""The attribute :func:`allow_overlap` sets, read by the layout check."""


def allow_overlap(group: Mobject) -> Mobject:
    """Mark ``group``: texts inside it may overlap each other."""
    setattr(group, OVERLAP_MARK, True)
    return group
