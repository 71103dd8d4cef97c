"""Animations the chapters share that Manim does not have in the form they need."""

from __future__ import annotations

from typing import Any

from manim import Mobject, ReplacementTransform, Scene


def copy_into(source: Mobject, target: Mobject, **kwargs: Any) -> ReplacementTransform:
    """A copy of ``source`` turning into ``target``, which is left on screen as it was built.

    Manim's ``TransformFromCopy`` animates ``target`` itself: when the two differ in shape
    (three vectors merging into one, a grid collapsing into a row) it pads ``target`` with
    hidden copies to match, which stay in it after the animation, are drawn with every
    later frame and multiply with every later such move. Here the copy is padded instead,
    and replaced by ``target`` at the end."""
    return ReplacementTransform(source.copy(), target, **kwargs)


def settle(scene: Scene, *wholes: Mobject) -> None:
    """Put each of ``wholes`` on stage in place of its parts that animations brought in one
    by one.

    Manim adds what an animation moves to the scene's top level: after the cells of a vector
    are animated on their own, the cells are loose on stage and the vector is not. Here the
    loose parts leave the top level and the whole takes their place, so that later
    animations of the whole (and the layout check) see one object."""
    for whole in wholes:
        parts = set(whole.get_family()) - {whole}
        scene.remove(*(m for m in scene.mobjects if m in parts))
        scene.add(whole)
