"""3.3: One large, the rest near zero (scene ``one-large``).

``manim -ql scenes/ch3_attention/one_large.py OneLargeVector``
"""

from __future__ import annotations

import numpy as np
from manim import *

from derived_transformer.narration import Line
from derived_transformer.scenes.base import Beat, DerivedScene
from derived_transformer.scenes.ch3_attention.shared import CHAPTER, HOLD
from derived_transformer.scenes.components import (
    SHAPES,
    PixelGrid,
    shape_picture,
)
from derived_transformer.scenes.text import flat_text
from derived_transformer.scenes.theme import current_theme


class OneLargeVector(DerivedScene):
    """3.3: information survives a sum only if one vector is large and the rest near zero
    (generated pictures, an illustration): each picture dims to its weight in place, then
    they slide into their sum.

    ``weights``: each picture's weight, one large and the rest near zero."""

    short_name = "one-large"
    chapter = CHAPTER
    beats = (Beat("3.3", "One large, the rest near zero"),)
    fixed_example = "an illustration: generated pictures"
    weights: tuple[float, ...] = (1.0, 0.04, 0.04, 0.04, 0.04, 0.04)

    def construct(self) -> None:
        self.pictures()
        self.weigh()
        self.add_them_up()
        self.so_a_network()

    def pictures(self) -> None:
        theme = current_theme()
        self.beat("3.3")
        self.heading("One large, the rest near zero")
        self.images = [shape_picture(kind) for kind in SHAPES]
        self.shown = VGroup(*(PixelGrid(image, pixel_size=0.16) for image in self.images))
        self.shown.arrange(RIGHT, buff=theme.gaps.medium).move_to(UP * 1.3)
        self.note = flat_text(
            "generated pictures: an illustration", theme.sizes.small, theme.muted
        ).next_to(self.shown, UP, buff=theme.gaps.small)

    def weigh(self) -> None:
        """The pictures appear, then each dims to its weight in place, while one line says
        when a sum keeps its information and what the weights are."""
        theme = current_theme()
        weights = VGroup(
            *(
                flat_text(f"× {w:g}", theme.sizes.label, theme.highlight).next_to(
                    p, DOWN, buff=theme.gaps.tight
                )
                for p, w in zip(self.shown, self.weights, strict=True)
            )
        )
        dimmed = [
            PixelGrid(image * w, pixel_size=0.16).move_to(p)
            for image, w, p in zip(self.images, self.weights, self.shown, strict=True)
        ]
        large, small = max(self.weights), min(self.weights)
        line = Line(
            "A sum keeps its information only when one thing is large and the rest near zero: "
            f"here, the first picture times {large:g}, the others times {small:g}."
        )
        with self.voiceover(line) as clip:
            self.play_during(clip, FadeIn(self.shown), FadeIn(self.note), end=0.2)
            self.play_during(clip, FadeIn(weights), start=0.55, end=0.7)
            self.play_during(
                clip,
                *(Transform(p, d) for p, d in zip(self.shown, dimmed, strict=True)),
                start=0.7,
            )

    def add_them_up(self) -> None:
        theme = current_theme()
        weighted = [image * w for image, w in zip(self.images, self.weights, strict=True)]
        total = PixelGrid(np.clip(np.sum(weighted, axis=0), 0, 1), pixel_size=0.24)
        total.move_to(DOWN * 1.7)
        caption = flat_text("their sum", theme.sizes.small, theme.muted)
        caption.next_to(total, RIGHT, buff=theme.gaps.small)
        line = Line("Added up, the first picture comes through, still clear.")
        with self.voiceover(line) as clip:
            self.play(
                *(ReplacementTransform(p.copy(), total) for p in self.shown),
                run_time=clip.duration * 0.75,
            )
            self.play(FadeIn(caption), run_time=clip.duration * 0.25)
        self.wait(HOLD)

    def so_a_network(self) -> None:
        line = Line(
            "So a network could learn to make the important pair's vector large, and the "
            "others small..."
        )
        self.narrate(line)
