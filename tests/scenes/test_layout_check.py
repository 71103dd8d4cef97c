"""The layout check catches texts off frame and accidental overlaps."""

from __future__ import annotations

from pathlib import Path

import pytest
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    FadeIn,
    Square,
    SurroundingRectangle,
    TransformFromCopy,
    VGroup,
)

from derived_transformer.scenes.base import Beat, DerivedScene
from derived_transformer.scenes.layout import allow_overlap
from derived_transformer.scenes.moves import copy_into
from derived_transformer.scenes.text import flat_text
from tests.support.harness import build_scene
from tests.support.layout_check import LayoutError


class Broken(DerivedScene):
    beats = (Beat("x", "broken"),)
    mistake: str = "overlap"

    def construct(self) -> None:
        self.beat("x", "a deliberately broken layout")
        a = flat_text("relative importance", 30)
        b = flat_text("score", 30).move_to(a.get_center() + RIGHT * 0.5)
        if self.mistake == "off-frame":
            b.move_to(RIGHT * 7.5)
        if self.mistake == "allowed":
            group = VGroup(a, b)
            group.add(SurroundingRectangle(group))
            allow_overlap(group)
            self.play(FadeIn(group))
            return
        if self.mistake == "fine":
            b.next_to(a, DOWN)
        self.play(FadeIn(a), FadeIn(b))


def test_catches_overlapping_texts(media_dir: Path) -> None:
    with pytest.raises(LayoutError, match="'relative importance' overlaps text 'score'"):
        build_scene(Broken, media_dir, mistake="overlap")


def test_catches_text_off_frame(media_dir: Path) -> None:
    with pytest.raises(LayoutError, match="leaves the frame"):
        build_scene(Broken, media_dir, mistake="off-frame")


def test_passes_a_visible_grouping_and_a_clean_layout(media_dir: Path) -> None:
    build_scene(Broken, media_dir, mistake="allowed")
    build_scene(Broken, media_dir, mistake="fine")


class Keyed(DerivedScene):
    beats = (Beat("x", "keys"),)
    key_scale: float | None = None

    def construct(self) -> None:
        from derived_transformer.scenes.components import ColorKey, VectorColumn

        self.beat("x", "a vector and perhaps its key")
        vector = VectorColumn([0.5, -2.0, 1.0]).shift(LEFT * 2)
        parts = [FadeIn(vector)]
        if self.key_scale is not None:
            parts.append(FadeIn(ColorKey(self.key_scale, title="value").shift(RIGHT * 2)))
        self.play(*parts)


def test_a_colour_scale_needs_its_key(media_dir: Path) -> None:
    assert build_scene(Keyed, media_dir).unkeyed == {
        "VectorColumn coloured on a scale of 2 has no colour key on screen"
    }
    assert build_scene(Keyed, media_dir, key_scale=1.0).unkeyed  # a key of another scale
    assert not build_scene(Keyed, media_dir, key_scale=2.0).unkeyed


class Merging(DerivedScene):
    """Three squares merging into one, by Manim's ``TransformFromCopy`` or by
    :func:`scenes.moves.copy_into`."""

    beats = (Beat("x", "merging"),)
    move: str = "copy_into"

    def construct(self) -> None:
        self.beat("x", "three squares become one")
        parts = VGroup(*(Square(0.4) for _ in range(3))).arrange(RIGHT).shift(UP)
        merged = Square(0.6).shift(DOWN)
        self.add(parts)
        animation = copy_into if self.move == "copy_into" else TransformFromCopy
        self.play(animation(parts, merged))


def test_catches_shapes_padded_by_a_transform(media_dir: Path) -> None:
    with pytest.raises(LayoutError, match="Square carries 3 hidden copies"):
        build_scene(Merging, media_dir, move="TransformFromCopy")
    scene = build_scene(Merging, media_dir, move="copy_into")
    assert all(not m.submobjects for m in scene.mobjects if isinstance(m, Square))
