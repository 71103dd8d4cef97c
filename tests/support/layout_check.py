"""The layout check: nothing leaves the frame, no two texts overlap by accident, no shape
carries hidden copies.

Texts may overlap only inside a group marked with :func:`scenes.layout.allow_overlap`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np
from manim import Circle, MarkupText, Mobject, Polygram, Scene, Text, VMobject, config

from derived_transformer.scenes.layout import OVERLAP_MARK
from derived_transformer.scenes.text import FlatText

TEXT_TYPES = (Text, MarkupText, FlatText)
EDGE_TOLERANCE = 0.03
OVERLAP_TOLERANCE = 0.02


def _walk(
    mobjects: Iterable[Mobject], parent: Mobject | None, parents: dict[int, Mobject | None]
) -> Iterator[Mobject]:
    for m in mobjects:
        if id(m) in parents:  # a mobject listed twice (Manim re-adds foreground ones)
            continue
        parents[id(m)] = parent
        yield m
        if not isinstance(m, TEXT_TYPES):
            yield from _walk(m.submobjects, m, parents)


def _visible(m: Mobject) -> bool:
    members = [s for s in m.get_family() if s.has_points()]
    if not members:
        return False
    for s in members:
        if not isinstance(s, VMobject):
            return True
        if s.get_fill_opacity() > 0.01 or (
            s.get_stroke_opacity() > 0.01 and s.get_stroke_width() > 0
        ):
            return True
    return False


def _box(m: Mobject) -> np.ndarray:
    points = np.concatenate([s.points for s in m.get_family() if s.has_points()])
    return np.array(
        [points[:, 0].min(), points[:, 1].min(), points[:, 0].max(), points[:, 1].max()]
    )


def _describe(m: Mobject) -> str:
    if isinstance(m, TEXT_TYPES):
        return f"text {m.text!r}"
    return type(m).__name__


def layout_problems(scene: Scene) -> list[str]:
    """What is wrong with the scene's current layout (empty when nothing is)."""
    parents: dict[int, Mobject | None] = {}
    everything = list(_walk(scene.mobjects, None, parents))
    camera = getattr(scene, "camera", None)
    width = getattr(camera, "frame_width", config.frame_width)
    height = getattr(camera, "frame_height", config.frame_height)
    center = np.asarray(getattr(camera, "frame_center", np.zeros(3)), dtype=float)
    half_w = width / 2 + EDGE_TOLERANCE
    half_h = height / 2 + EDGE_TOLERANCE
    problems = []
    for m in scene.mobjects:
        if m.has_points() or m.submobjects:
            if not _visible(m):
                continue
            x0, y0, x1, y1 = _box(m) - np.tile(center[:2], 2)
            if x0 < -half_w or x1 > half_w or y0 < -half_h or y1 > half_h:
                problems.append(
                    f"{_describe(m)} leaves the frame: x {x0:.2f}..{x1:.2f}, y {y0:.2f}..{y1:.2f}"
                )
    problems.extend(padding_problems(everything))
    texts = [m for m in everything if isinstance(m, TEXT_TYPES) and _visible(m)]
    for t in texts:
        x0, y0, x1, y1 = _box(t) - np.tile(center[:2], 2)
        if x0 < -half_w or x1 > half_w or y0 < -half_h or y1 > half_h:
            problems.append(f"{_describe(t)} leaves the frame")
    if len(texts) < 2:
        return problems
    boxes = np.array([_box(t) for t in texts])
    width = np.minimum(boxes[:, None, 2], boxes[None, :, 2]) - np.maximum(
        boxes[:, None, 0], boxes[None, :, 0]
    )
    height = np.minimum(boxes[:, None, 3], boxes[None, :, 3]) - np.maximum(
        boxes[:, None, 1], boxes[None, :, 1]
    )
    clash = (width > OVERLAP_TOLERANCE) & (height > OVERLAP_TOLERANCE)
    for a, b in zip(*np.nonzero(np.triu(clash, k=1)), strict=True):
        if _share_overlap_group(texts[a], texts[b], parents):
            continue
        problems.append(f"{_describe(texts[a])} overlaps {_describe(texts[b])}")
    return problems


LEAF_SHAPES = (Polygram, Circle, FlatText)
"""Shapes the components draw as single paths: squares, rectangles, circles, flat texts."""


def padding_problems(mobjects: Iterable[Mobject]) -> list[str]:
    """Shapes that have gained submobjects: a ``Transform`` (or ``TransformFromCopy``)
    between groups of different shapes pads the smaller family with copies, which stay in
    the mobject after the animation, invisible, drawn with every frame from then on, and
    multiplied by every later such transform (``ReplacementTransform`` of a copy leaves the
    target as it was built)."""
    problems = []
    for m in mobjects:
        if isinstance(m, LEAF_SHAPES) and m.submobjects:
            hidden = len(m.get_family()) - 1
            problems.append(f"{_describe(m)} carries {hidden} hidden copies from a Transform")
    return problems[:1]


def _ancestors(m: Mobject, parents: dict[int, Mobject | None]) -> list[Mobject]:
    chain = []
    parent = parents.get(id(m))
    while parent is not None:
        chain.append(parent)
        parent = parents.get(id(parent))
    return chain


def _share_overlap_group(a: Mobject, b: Mobject, parents: dict[int, Mobject | None]) -> bool:
    marked = {id(p) for p in _ancestors(a, parents) if getattr(p, OVERLAP_MARK, False)}
    return any(id(p) in marked for p in _ancestors(b, parents))


class LayoutError(AssertionError):
    """Raised by the checked scene when a layout problem appears."""


def key_problems(scene: Scene) -> list[str]:
    """Colour scales on screen without a key: every visible picture that colours cells by
    value (a vector, a pair grid, a heatmap) needs a visible :class:`ColorKey` of the same
    value scale on screen with it."""
    from derived_transformer.scenes.components import ColorKey, Heatmap, PairGrid, VectorColumn

    parents: dict[int, Mobject | None] = {}
    everything = [m for m in _walk(scene.mobjects, None, parents) if _visible(m)]
    keys = [m.value_scale for m in everything if isinstance(m, ColorKey)]
    inside_grid = {id(cell) for m in everything if isinstance(m, PairGrid)
                   for cell in m.entries}  # fmt: skip
    pictures = [
        m for m in everything
        if isinstance(m, (VectorColumn, Heatmap, PairGrid)) and id(m) not in inside_grid
    ]  # fmt: skip
    problems = []
    for picture in pictures:
        if not any(abs(scale - picture.value_scale) <= 1e-9 * max(1.0, scale) for scale in keys):
            problems.append(
                f"{type(picture).__name__} coloured on a scale of {picture.value_scale:.4g} "
                "has no colour key on screen"
            )
    return sorted(set(problems))
