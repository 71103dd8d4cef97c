"""Animations the chapters share that Manim does not have in the form they need."""

from __future__ import annotations

from typing import Any

from manim import Mobject, ReplacementTransform


def copy_into(source: Mobject, target: Mobject, **kwargs: Any) -> ReplacementTransform:
    """A copy of ``source`` turning into ``target``, which is left on screen as it was built.

    Manim's ``TransformFromCopy`` animates ``target`` itself: when the two differ in shape
    (three vectors merging into one, a grid collapsing into a row) it pads ``target`` with
    hidden copies to match, which stay in it after the animation, are drawn with every
    later frame and multiply with every later such move. Here the copy is padded instead,
    and replaced by ``target`` at the end."""
    return ReplacementTransform(source.copy(), target, **kwargs)
