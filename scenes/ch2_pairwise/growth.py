"""2.6: Flaw two: size (scene ``growth``).

``manim -ql scenes/ch2_pairwise/growth.py GrowthProblem``
"""

from __future__ import annotations

import itertools

import numpy as np
from manim import *

from derived_transformer.narration import Line
from derived_transformer.scenes.base import CHAPTER_END_HOLD, Beat, DerivedScene
from derived_transformer.scenes.ch2_pairwise.shared import CHAPTER
from derived_transformer.scenes.components import (
    illustration_note,
    square_field,
)
from derived_transformer.scenes.moves import copy_into
from derived_transformer.scenes.text import counted, flat_text
from derived_transformer.scenes.theme import current_theme


def word_row(count: int, color: str, pitch: float = 0.26) -> VMobject:
    """``count`` small squares in one row, as one path (the words of a sentence, drawn
    like :func:`square_field` draws its blocks)."""
    template = Square(pitch * 0.78).points
    offsets = np.array([[k * pitch, 0.0, 0.0] for k in range(count)])
    row = VMobject(stroke_width=0).set_fill(color, 1)
    row.points = (template[None, :, :] + offsets[:, None, :]).reshape(-1, 3)
    return row.center()


class GrowthProblem(DerivedScene):
    """2.6: the vector count squares with every layer, live: the counts for the sentence on
    screen and the pair vector size of the trained model; the passage of ``passage_words``
    words is a hypothetical, labelled as such (the counted multiply-adds of each layer are
    chapter 4's plot)."""

    short_name = "growth"
    closing_hold = CHAPTER_END_HOLD
    chapter = CHAPTER
    model_name = "pairwise"
    sentence = "the fat cat"
    beats = (Beat("2.6", "Flaw two: size"),)
    passage_words: int = 1000
    passage_components: int = 1000
    arrow_room: float = 1.3
    """The room between the counts for the arrows from one to the next."""
    field_side: float = 3.4
    """The widest a block of counted squares may be."""
    groups_drop: float = 0.1
    """How far below the frame's middle the counts stand."""
    passage_rise: float = 0.2
    """How far above the frame's middle the passage's sums stand."""

    def construct(self) -> None:
        self.squares_with_every_layer()
        self.a_long_passage()
        self.shrink_back()

    def squares_with_every_layer(self) -> None:
        theme = current_theme()
        n = self.trace.n
        self.beat("2.6")
        self.heading("Flaw two: size")
        groups, arrows = self.count_groups()
        squares = VGroup(
            *(
                flat_text(f"{a}² = {b}", theme.sizes.label, theme.highlight).next_to(
                    arrow, UP, theme.gaps.tight
                )
                for arrow, (a, b) in zip(arrows, ((n, n**2), (n**2, n**4)), strict=True)
            )
        )
        with self.voiceover(
            Line(
                f"Flaw two: size. {counted(n, 'word')} make {counted(n**2, 'pair vector')} "
                f"after one layer, and {n**4:,} after two: the count squares with every layer."
            )
        ) as clip:
            self.play_during(clip, FadeIn(groups[0]), end=0.1)
            for k, (start, end) in enumerate(((0.12, 0.35), (0.4, 0.65))):
                self.play_during(
                    clip,
                    GrowArrow(arrows[k]),
                    copy_into(groups[k][0], groups[k + 1][0]),
                    FadeIn(groups[k + 1][1]),
                    FadeIn(squares[k], shift=UP * 0.1),
                    start=start,
                    end=end,
                )
        self.wait(1.0)  # a hold on the counts
        self.groups = VGroup(groups, arrows, squares)

    def count_groups(self) -> tuple[VGroup, VGroup]:
        """The words, their pair vectors and the vectors of a second layer, one square each
        and counted, side by side with arrows between them."""
        theme = current_theme()
        n = self.trace.n
        groups = VGroup()
        for count, what in ((n, "word"), (n**2, "pair vector"), (n**4, "vector")):
            dots = (
                word_row(count, theme.pairwise)
                if what == "word"
                else square_field(count, theme.pairwise, max_side=self.field_side)
            )
            caption = flat_text(counted(count, what), theme.sizes.body)
            groups.add(VGroup(dots, caption.next_to(dots, DOWN, buff=theme.gaps.small)))
        groups.arrange(RIGHT, buff=self.arrow_room, aligned_edge=DOWN)
        groups.move_to(DOWN * self.groups_drop)
        arrows = VGroup(
            *(
                Arrow(a[0].get_right(), b[0].get_left(), buff=theme.gaps.small, color=theme.muted)
                for a, b in itertools.pairwise(groups)
            )
        )
        return groups, arrows

    def a_long_passage(self) -> None:
        theme = current_theme()
        words, size = self.passage_words, self.passage_components
        one, two = words**2, words**4
        terabytes = two * size * 4 / 1e12
        lines = VGroup(
            flat_text(f"a passage of {words:,} words", theme.sizes.body),
            flat_text(f"one layer: {one:,} vectors", theme.sizes.body, theme.pairwise),
            flat_text(f"two layers: {two:,} vectors", theme.sizes.body, theme.pairwise),
            flat_text(
                f"× {size:,} numbers × 4 bytes = {terabytes:,.0f} terabytes",
                theme.sizes.body,
                theme.text,
            ),
        ).arrange(DOWN, buff=theme.gaps.medium, aligned_edge=LEFT)
        lines.move_to(UP * self.passage_rise)
        note = illustration_note(
            f"a hypothetical passage, with vectors of {size:,} numbers"
        ).next_to(lines, DOWN, buff=theme.gaps.large)
        with self.voiceover(
            Line(
                f"A passage of {words:,} words would need {one:,} vectors after one layer, "
                "and a million million after two: thousands of terabytes.",
                spoken=f"A passage of {words:,} words would need a million vectors after one "
                "layer, and a million million after two: thousands of terabytes.",
            )
        ) as clip:
            self.play_during(clip, FadeOut(self.groups), end=0.1)
            self.play_during(
                clip,
                LaggedStart(*(FadeIn(x, shift=RIGHT * 0.2) for x in lines), lag_ratio=0.4),
                FadeIn(note),
                start=0.12,
                end=0.9,
            )
        self.passage = VGroup(lines, note)

    def shrink_back(self) -> None:
        """The n x n pair vectors collapse, column by column, into n vectors: where
        chapter 3 begins."""
        theme = current_theme()
        n = self.trace.n
        pitch = min(0.8, 4.0 / n)
        side = pitch * 0.8
        grid = VGroup(
            *(
                Square(side, stroke_width=0)
                .set_fill(theme.pairwise, 1)
                .move_to([c * pitch, -r * pitch, 0])
                for r in range(n)
                for c in range(n)
            )
        ).move_to(UP * 0.6)
        row = VGroup(
            *(
                Square(side, stroke_width=0)
                .set_fill(theme.attention, 1)
                .move_to([grid[c].get_x(), grid.get_bottom()[1] - 1.0, 0])
                for c in range(n)
            )
        )
        left = flat_text(f"{n} × {n} pair vectors", theme.sizes.label).next_to(
            grid, LEFT, buff=theme.gaps.large
        )
        right = flat_text(f"{n} vectors", theme.sizes.label, theme.attention).next_to(
            row, LEFT, buff=theme.gaps.large
        )
        with self.voiceover(
            Line(
                "So before the next layer, the n × n pair vectors must shrink back to n. That "
                "is where self-attention begins.",
                spoken="So before the next layer, the n times n pair vectors must shrink back "
                "to n. That is where self-attention begins.",
            )
        ) as clip:
            self.play_during(clip, FadeOut(self.passage), end=0.12)
            self.play_during(clip, FadeIn(grid), FadeIn(left), start=0.14, end=0.35)
            columns = [
                copy_into(VGroup(*(grid[r * n + c] for r in range(n))), row[c]) for c in range(n)
            ]
            self.play_during(clip, *columns, FadeIn(right), start=0.4, end=0.85)
