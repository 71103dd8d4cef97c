"""3.1: Sum down each column (scene ``column-sums``).

``manim -ql scenes/ch3_attention/column_sums.py ColumnSums``
"""

from __future__ import annotations

from manim import *

from derived_transformer.narration import Line
from derived_transformer.narration.words import word_at
from derived_transformer.scenes.base import Beat, DerivedScene
from derived_transformer.scenes.ch3_attention.shared import (
    CHAPTER,
    HOLD,
    pair_vector_scale,
    positional_labels,
)
from derived_transformer.scenes.components import (
    ColorKey,
    PairGrid,
    VectorColumn,
    slide_into,
    vector_strip,
)
from derived_transformer.scenes.text import counted, flat_text
from derived_transformer.scenes.theme import color_scale, current_theme


class ColumnSums(DerivedScene):
    """3.1: reduce the n^2 pair vectors to n by summing down each column, live: the
    attention model's real pair vectors and their real column sums. The column of a word
    holds that word paired with every word (second in the pair).

    ``shown_components``: how many components of each pair vector the grid draws;
    ``grid_size``: the largest the grid may be drawn (width, height), room left for its keys
    beside it and the sums below it."""

    short_name = "column-sums"
    min_words = 2
    chapter = CHAPTER
    beats = (Beat("3.1", "Sum down each column"),)
    shown_components: int = 3
    grid_size: tuple[float, float] = (10.4, 4.7)

    def construct(self) -> None:
        self.the_road()
        self.the_grid()
        self.the_aim()
        self.one_column()
        self.sum_one_column()
        self.sum_every_column()

    def the_road(self) -> None:
        self.beat("3.1")
        self.open_chapter(Line("Chapter 3: self-attention. Pairwise layers make too many vectors."))

    def the_grid(self) -> None:
        t = self.trace
        line = Line(
            f"For these {counted(t.n, 'word')}, one pairwise layer makes {t.n**2:,} pair vectors."
        )
        gaps = current_theme().gaps
        with self.voiceover(line) as clip:
            self.clear_stage(run_time=0.5)
            self.heading("From n² vectors back to n")
            width, height = self.grid_size
            self.grid = PairGrid(
                t.pair_vectors,
                positional_labels(t.tokens),
                max_cells=self.shown_components,
                max_width=width,
                max_height=height,
                value_scale=pair_vector_scale(self),
            )
            self.grid.next_to(self.current_heading, DOWN, buff=gaps.small)
            self.key = ColorKey(
                self.grid.value_scale,
                title="pair vectors",
                orientation="vertical",
                width=1.5,
            ).place_beside(self.grid.entries, buff=gaps.large)
            VGroup(self.grid, self.key).set_x(0)
            self.play(FadeIn(self.grid), FadeIn(self.key), run_time=clip.duration - 0.5)
        self.wait(HOLD)

    def the_aim(self) -> None:
        theme = current_theme()
        t = self.trace
        aim = flat_text(
            f"{t.n**2} pair vectors  →  {t.n} vectors", theme.sizes.label, theme.attention
        )
        aim.next_to(self.grid, DOWN, buff=theme.gaps.medium)
        line = Line("The aim: one vector per word again, before the next layer.")
        with self.voiceover(line) as clip:
            self.play(FadeIn(aim, shift=UP * 0.1), run_time=min(1.5, clip.duration))
        self.aim = aim

    def one_column(self) -> None:
        theme = current_theme()
        t = self.trace
        j = t.n - 1
        self.column_outline = self.grid.outline_column(j)
        column_line = Line(
            f"Each column belongs to one word: the column of {word_at(t.tokens, j)} pairs it "
            "with every word, itself included."
        )
        with self.voiceover(column_line) as clip:
            self.play(
                Create(self.column_outline),
                self.grid.col_labels[j].animate.set_color(theme.highlight),
                FadeOut(self.aim),
                run_time=min(1.5, clip.duration),
            )

    def sum_vector(self, j: int) -> VectorColumn:
        """Column ``j``'s sum, drawn as its cells are, below the grid."""
        t = self.trace
        strip = vector_strip(
            t.column_sums[j],
            shown=self.grid.shown_indices,
            value_scale=self.sum_scale,
            cell_size=self.grid.cell(0, j).cell_size,
        )
        return strip.next_to(self.grid.cell(t.n - 1, j), DOWN, buff=current_theme().gaps.large)

    def sum_keys(self, total: VectorColumn) -> None:
        """The sums' caption under them, and their colour key under the grid's key, level
        with the caption unless the grid is too short to leave it room."""
        theme = current_theme()
        self.sum_label = flat_text("column sums", theme.sizes.small, theme.muted)
        self.sum_label.next_to(total, DOWN, buff=theme.gaps.tight).set_x(self.grid.entries.get_x())
        self.sum_key = ColorKey(
            self.sum_scale, title="column sums", width=1.5, digits=1, orientation="vertical"
        )
        self.sum_key.set_x(self.key.get_x()).align_to(self.sum_label, DOWN)
        highest = self.key.get_bottom()[1] - theme.gaps.medium
        self.sum_key.shift(DOWN * max(0.0, self.sum_key.get_top()[1] - highest))

    def slide_down(self, j: int, total: VectorColumn) -> tuple[Animation, Animation, list]:
        """Copies of column ``j``'s pair vectors slide straight down onto its sum, one after
        another (the first animation); then they merge into the sum, recolouring in place
        (the second). Returns both and the copies (to remove afterwards)."""
        return slide_into([self.grid.cell(i, j) for i in range(self.trace.n)], total)

    def sum_one_column(self) -> None:
        theme = current_theme()
        t = self.trace
        j = t.n - 1
        shown = list(self.grid.shown_indices)
        self.sum_scale = color_scale(t.column_sums[:, shown])
        total = self.sum_vector(j)
        self.sums = {j: total}
        self.sum_keys(total)
        slide, merge, _ = self.slide_down(j, total)
        with self.voiceover(Line("The simplest way to shrink it: add up each column.")) as clip:
            self.play(slide, run_time=clip.duration * 0.55)
            self.play(
                merge,
                FadeIn(self.sum_key),
                FadeIn(self.sum_label),
                FadeOut(self.column_outline),
                self.grid.col_labels[j].animate.set_color(theme.text),
                run_time=clip.duration * 0.45,
            )

    def sum_every_column(self) -> None:
        t = self.trace
        slides, merges = [], []
        for j in range(t.n - 1):
            total = self.sum_vector(j)
            slide, merge, _ = self.slide_down(j, total)
            slides.append(slide)
            merges.append(merge)
            self.sums[j] = total
        line = Line(f"Every column gives one vector: {t.n} again, one per word.")
        with self.voiceover(line) as clip:
            self.play_during(clip, LaggedStart(*slides, lag_ratio=0.08), end=0.35)
            self.play_during(clip, *merges, end=0.55)
            sums = VGroup(*self.sums.values())
            self.play_during(
                clip, Indicate(sums, color=current_theme().highlight), start=0.6, end=0.9
            )
        self.wait(HOLD)
