"""1.4: Merging needs related inputs (scene ``related``).

``manim -ql scenes/ch1_cnn/related.py RelatedInputs``
"""

from __future__ import annotations

import numpy as np
from manim import *

from derived_transformer.narration import Line
from derived_transformer.scenes.base import Beat, Clip, DerivedScene
from derived_transformer.scenes.ch1_cnn.shared import CHAPTER
from derived_transformer.scenes.components import (
    PixelGrid,
    TokenRow,
    illustration_note,
    noise_picture,
    smooth_picture,
)
from derived_transformer.scenes.components.pixels import rgb_hex
from derived_transformer.scenes.moves import copy_into
from derived_transformer.scenes.text import flat_text
from derived_transformer.scenes.theme import current_theme


class RelatedInputs(DerivedScene):
    """1.4: merging vectors works when the inputs are related, as neighbouring pixels are.
    (An illustration: generated pictures, not model values, labelled as such.)"""

    short_name = "related"
    chapter = CHAPTER
    beats = (Beat("1.4", "Merging needs related inputs"),)
    fixed_example = "an illustration: generated pictures"
    pixel_size: float = 0.34
    text_example: str = "the dog spun around so fast that it caught its tail"
    """The sentence shown last, leading to 1.5."""
    related_neighbours: tuple[tuple[str, str], ...] = (("the", "dog"), ("its", "tail"))
    """Two pairs of neighbours of ``text_example`` that belong together."""
    unrelated_neighbours: tuple[str, str] = ("around", "so")
    """A pair of neighbours of ``text_example`` that do not."""

    def construct(self) -> None:
        self.merging_needs_relations()
        self.related_pixels()
        self.unrelated_pixels()
        self.text_in_between()

    def picture(self, image: np.ndarray, caption_text: str, x: float) -> VGroup:
        theme = current_theme()
        picture = PixelGrid(image, pixel_size=self.pixel_size).move_to([x, 0.75, 0])
        caption = flat_text(caption_text, theme.sizes.label).next_to(
            picture, UP, buff=theme.gaps.small
        )
        group = VGroup(picture, caption)
        group.picture = picture
        return group

    def merge(
        self,
        clip: Clip,
        picture: PixelGrid,
        corner: tuple[int, int],
        x: float,
        span: tuple[float, float] = (0.0, 1.0),
    ) -> VGroup:
        """Frame a 3 x 3 window, lift its pixels out, spread, and merge them into their mean
        colour (the window's nine squares become one), within the fractions ``span`` of the
        line."""
        low, high = span

        def at(fraction: float) -> float:
            return low + fraction * (high - low)

        theme = current_theme()
        r, c = corner
        frame = picture.outline_patch(r, c)
        lifted = picture.patch(r, c).copy()
        spread = lifted.copy()
        for k, square in enumerate(spread):
            i, j = divmod(k, 3)
            square.scale(1.5).move_to([x - 1.5 + j * 0.55, -1.55 - i * 0.55, 0])
        mean = picture.values[r : r + 3, c : c + 3].reshape(-1, 3).mean(axis=0)
        merged = Square(side_length=1.0, stroke_width=0).set_fill(rgb_hex(mean), 1)
        merged.move_to([x + 1.6, -2.1, 0])
        arrow = Arrow(
            spread.get_right(),
            merged.get_left(),
            buff=theme.gaps.tight,
            color=theme.muted,
            stroke_width=3,
        )
        note = flat_text("merged", theme.sizes.small, theme.muted).next_to(
            merged, DOWN, theme.gaps.tight
        )
        self.play_during(clip, Create(frame), start=at(0.05), end=at(0.2))
        self.play_during(clip, Transform(lifted, spread), start=at(0.22), end=at(0.45))
        self.play_during(clip, GrowArrow(arrow), start=at(0.47), end=at(0.6))
        self.play_during(
            clip, copy_into(lifted, merged), FadeIn(note), start=at(0.62), end=at(0.92)
        )
        return VGroup(frame, lifted, arrow, merged, note)

    @staticmethod
    def smoothest_window(image: np.ndarray) -> tuple[int, int]:
        """The 3 x 3 window whose pixels vary least."""
        rows, cols = image.shape[:2]
        spread = {
            (r, c): float(image[r : r + 3, c : c + 3].reshape(-1, 3).std(axis=0).sum())
            for r in range(rows - 2)
            for c in range(cols - 2)
        }
        return min(spread, key=spread.get)

    def merging_needs_relations(self) -> None:
        theme = current_theme()
        self.beat("1.4")
        self.heading("Merging needs related inputs")
        note = illustration_note("generated pictures, not model values", theme.sizes.small).to_edge(
            DOWN, buff=theme.layout.margin
        )
        image = smooth_picture(9, seed=5)
        self.smooth = self.picture(image, "neighbours look alike", 0.0)  # centred while alone
        self.corner = self.smoothest_window(image)
        with self.voiceover(
            Line(
                "Merging a window into one vector works when the inputs are strongly related: "
                "when knowing one helps predict the others."
            )
        ) as clip:
            self.play_during(clip, FadeIn(self.smooth), FadeIn(note), start=0.1, end=0.35)
        self.note = note

    def related_pixels(self) -> None:
        with self.voiceover(
            Line(
                "In a picture, neighbouring pixels usually have similar colours, so nine of "
                "them merge into one colour that still stands for all nine."
            )
        ) as clip:
            # centred while it is the only picture; it moves aside when the second arrives
            self.smooth_merge = self.merge(
                clip, self.smooth.picture, self.corner, 0.0, span=(0.05, 1.0)
            )

    def unrelated_pixels(self) -> None:
        noisy = self.picture(noise_picture(9, seed=2), "unrelated pixels", 3.5)
        with self.voiceover(
            Line("When neighbours are unrelated, the merged colour stands for none of them.")
        ) as clip:
            self.play_during(
                clip, VGroup(self.smooth, self.smooth_merge).animate.shift(LEFT * 3.5), end=0.15
            )
            self.play_during(clip, FadeIn(noisy), start=0.1, end=0.25)
            self.merge(clip, noisy.picture, self.corner, 3.5, span=(0.27, 1.0))

    def text_in_between(self) -> None:
        """The sentence of 1.5, with two pairs of related neighbours bracketed."""
        theme = current_theme()
        words = TokenRow(self.text_example.split(), size=theme.sizes.heading)
        words.move_to(UP * 0.2)
        tokens = words.labels
        braces = VGroup()
        for pair in self.related_neighbours:
            first = tokens.index(pair[0])
            group = VGroup(words.word_label(first), words.word_label(first + 1))
            brace = Brace(group, DOWN, buff=theme.gaps.tight, color=theme.muted)
            brace.add(
                flat_text("related", theme.sizes.small, theme.muted).next_to(
                    brace, DOWN, theme.gaps.hair
                )
            )
            braces.add(brace)
        first = tokens.index(self.unrelated_neighbours[0])
        apart = Brace(
            VGroup(words.word_label(first), words.word_label(first + 1)),
            UP,
            buff=theme.gaps.tight,
            color=theme.muted,
        )
        apart.add(
            flat_text("unrelated", theme.sizes.small, theme.muted).next_to(
                apart, UP, theme.gaps.hair
            )
        )
        with self.voiceover(
            Line(
                "Text sits in between: neighbouring words are often related, like "
                f"“{' '.join(self.related_neighbours[0])}” or "
                f"“{' '.join(self.related_neighbours[1])}”, but not always: "
                f"“{self.unrelated_neighbours[0]}” and “{self.unrelated_neighbours[1]}” "
                "have little to do with each other."
            )
        ) as clip:
            self.clear_stage(run_time=clip.duration * 0.15, keep=(self.current_heading,))
            self.play_during(clip, FadeIn(words, shift=UP * 0.1), start=0.17, end=0.3)
            self.play_during(clip, FadeIn(braces[0], shift=UP * 0.1), start=0.32, end=0.48)
            self.play_during(clip, FadeIn(braces[1], shift=UP * 0.1), start=0.5, end=0.66)
            self.play_during(clip, FadeIn(apart, shift=DOWN * 0.1), start=0.78, end=0.95)
