"""2.2: Pairs of pairs (scene ``pairs-of-pairs``).

``manim -ql scenes/ch2_pairwise/pairs_of_pairs.py PairsOfPairs``
"""

from __future__ import annotations

import numpy as np
from manim import *

from derived_transformer.narration import Line
from derived_transformer.narration.spoken import percent
from derived_transformer.narration.task import answer_said, verdict
from derived_transformer.scenes.answers import answer_options, asked
from derived_transformer.scenes.base import Beat, DerivedScene
from derived_transformer.scenes.ch2_pairwise.shared import CHAPTER
from derived_transformer.scenes.components import (
    ColorKey,
    NetworkGlyph,
    PairGrid,
    ProbabilityBars,
    VectorColumn,
)
from derived_transformer.scenes.moves import settle
from derived_transformer.scenes.text import flat_text
from derived_transformer.scenes.theme import color_scale, current_theme


class PairsOfPairs(DerivedScene):
    """2.2: a second pairwise layer combines pairs of pair vectors (groups of 4 words),
    live: the two-layer model's real pair vectors, all n^4 of its second-layer vectors
    (``quad_components`` of each, on one scale with their average), their average and its
    answer."""

    short_name = "pairs-of-pairs"
    chapter = CHAPTER
    model_name = "pairwise2"
    sentence = "the fat cat"
    fixed_example = "a 3-word phrase: the two-layer model (n^4 vectors) is trained on phrases"
    beats = (Beat("2.2", "Pairs of pairs"),)
    pair_components: int = 4
    quad_components: int = 1
    mean_components: int = 6
    example_pairs: tuple[tuple[int, int], tuple[int, int]] = ((0, 1), (1, 2))
    """The two pair vectors the scene sends through the second layer: (the, fat), (fat, cat)."""
    grid_zoom: float = 1.4
    """How much larger the first layer's grid is drawn while it stands alone."""
    row_y: float = 0.6
    """The height of the row the grid, the second network and its output stand in."""
    aside_x: float = -4.4
    network_x: float = -0.2
    output_x: float = 2.4
    """Where the grid (set aside), the second network and its output stand along the row."""
    quads_x: float = 2.6
    quads_y: float = -0.3
    """Where the grid of every pair of pair vectors stands."""
    mean_x: float = -5.2
    """Where the average stands along the row."""
    chart_x: float = -3.4
    chart_y: float = -2.0
    chart_bar_width: float = 1.3
    """Where the model's answer stands (under the average), and its bars' full length."""

    def construct(self) -> None:
        self.first_layer()
        self.one_pair_of_pairs()
        self.every_pair_of_pairs()
        self.average_and_predict()

    def names(self) -> list[str]:
        t = self.trace
        return [f"{t.tokens[a // t.n]}·{t.tokens[a % t.n]}" for a in range(t.n * t.n)]

    def first_layer(self) -> None:
        theme = current_theme()
        t = self.trace
        self.beat("2.2")
        self.heading("Pairs of pair vectors")
        grid = PairGrid(
            t.pair_vectors,
            t.tokens,
            caption_size=theme.sizes.small,
            max_cells=self.pair_components,
            max_width=3.6,
            max_height=2.6,
        )
        grid.move_to([0, self.row_y, 0]).scale(self.grid_zoom)
        key = ColorKey(
            grid.value_scale, title="pair vector value", width=2.0, note_size=theme.sizes.small
        )
        key.next_to(grid, DOWN, buff=theme.gaps.medium)
        note = flat_text(
            "the two-layer pairwise model, trained on phrases; it also reads each word's "
            "position (the fix comes later)",
            theme.sizes.small,
            theme.muted,
        ).to_edge(DOWN, buff=theme.layout.margin)
        with self.voiceover(
            Line(
                f"Repeat the idea on “{t.sentence}”, with a model that also knows each word's "
                f"place: a second pairwise layer takes every pair of its {t.n**2} pair vectors."
            )
        ) as clip:
            self.play_during(clip, FadeIn(grid), FadeIn(key), FadeIn(note), end=0.25)
        self.grid, self.grid_key, self.note = grid, key, note

    def one_pair_of_pairs(self) -> None:
        theme = current_theme()
        t = self.trace
        (a, b), (c, d) = self.example_pairs
        first, second = a * t.n + b, c * t.n + d
        self.quad_scale = color_scale(
            np.concatenate([t.quad_vectors[..., : self.quad_components].ravel(), t.mean.ravel()])
        )
        glyph = NetworkGlyph(color=theme.pairwise, caption="second network", width=1.5)
        glyph.move_to([self.network_x, self.row_y, 0])
        output = self.output_vector(first, second)
        names = self.names()
        title = flat_text(f"({names[first]}, {names[second]})", theme.sizes.small, theme.muted)
        title.next_to(output, UP, buff=theme.gaps.tight)
        covers = flat_text(
            f"covers: {' '.join(t.tokens[k] for k in (a, b, c, d))}", theme.sizes.small
        ).next_to(output, DOWN, buff=theme.gaps.small)
        key = ColorKey(
            self.quad_scale, title="second-layer value", width=2.0, note_size=theme.sizes.small
        )
        key.next_to(output, RIGHT, buff=theme.gaps.large)
        left = self.grid_aside()
        words = [t.tokens[k] for k in (a, b, c, d)]
        with self.voiceover(
            Line(
                f"Pair the vector of “{words[0]}” and “{words[1]}” with that of “{words[2]}” "
                f"and “{words[3]}”: one vector that can combine up to four words."
            )
        ) as clip:
            self.play_during(
                clip,
                self.grid.animate.scale(1 / self.grid_zoom).move_to(left[0]),
                self.grid_key.animate.move_to(left[1]),
                start=0.0,
                end=0.15,
            )
            sources = VGroup(self.grid.outline_entry(a, b), self.grid.outline_entry(c, d))
            inputs = VGroup(self.grid.cell(a, b).copy(), self.grid.cell(c, d).copy())
            self.play_during(clip, FadeIn(glyph), FadeIn(key), Create(sources), start=0.16, end=0.3)
            self.play_during(
                clip, self.feed_network(glyph, inputs, output), FadeIn(title), start=0.32, end=0.8
            )
            self.play_during(clip, FadeIn(covers), start=0.82)
        self.glyph, self.inputs, self.output = glyph, inputs, output
        self.output_parts = VGroup(title, covers, sources)
        self.quad_key = key
        self.first_index, self.second_index = first, second

    def output_vector(self, first: int, second: int) -> VectorColumn:
        """The second layer's vector for the pair of pairs ``(first, second)``."""
        output = VectorColumn(
            self.trace.quad_vectors[first, second],
            index_size=current_theme().sizes.small,
            max_cells=self.mean_components,
            show_numbers=True,
            value_scale=self.quad_scale,
            cell_size=current_theme().layout.cell,
        )
        return output.move_to([self.output_x, self.row_y, 0])

    def grid_aside(self) -> VGroup:
        """Where the first layer's grid and its key stand while the second layer works: at
        their first size, at the left."""
        left = VGroup(self.grid, self.grid_key).copy()
        left[0].scale(1 / self.grid_zoom)
        left[1].next_to(left[0], DOWN, buff=current_theme().gaps.medium)
        return left.move_to([self.aside_x, self.row_y, 0])

    @staticmethod
    def feed_network(glyph: NetworkGlyph, inputs: VGroup, output: VectorColumn) -> Animation:
        """The two copied pair vectors arc over the grid to the network's input, stacked,
        sink into it and vanish (consumed); a pulse runs through; the output slides out to
        where it was placed."""
        theme = current_theme()
        destination = output.get_center().copy()
        output.next_to(glyph.frame, RIGHT, buff=theme.gaps.hair).set_opacity(0)
        stacked = inputs.copy().arrange(DOWN, buff=theme.gaps.tight)
        stacked.next_to(glyph.frame, LEFT, buff=theme.gaps.tight)
        pulse = glyph.edges.copy().set_stroke(current_theme().highlight, width=2.5, opacity=1)
        return Succession(
            Transform(inputs, stacked, path_arc=-0.9, run_time=1.0),
            inputs.animate(run_time=0.6).scale(0.4).move_to(glyph.nodes[0]).set_opacity(0),
            ShowPassingFlash(pulse, time_width=0.6, run_time=0.7),
            output.animate(run_time=0.8).set_opacity(1).move_to(destination),
        )

    def every_pair_of_pairs(self) -> None:
        theme = current_theme()
        t = self.trace
        quads = self.quad_grid()
        total = quads.n * quads.n
        count = flat_text(
            f"{t.n} words → {t.n**2} pair vectors → {total} vectors",
            theme.sizes.small,
            theme.pairwise,
        )
        count.next_to(self.grid_key, DOWN, buff=theme.gaps.large).set_x(self.grid.get_x())
        output = self.output
        with self.voiceover(
            Line(f"{t.n**2} pair vectors make {total} pairs, so {total} new vectors.")
        ) as clip:
            leaving = (self.glyph, self.inputs, self.output_parts)
            self.play_during(
                clip,
                *(FadeOut(m) for m in (*leaving, output.annotations)),
                self.quad_key.animate.next_to(quads, UP, buff=theme.gaps.small).align_to(
                    quads, RIGHT
                ),
                end=0.2,
            )
            arrive, rest = quads.animate_fill(self.first_index, self.second_index, output.cells)
            self.play_during(clip, arrive, start=0.22, end=0.4)
            self.play_during(clip, rest, FadeIn(count), start=0.42, end=0.8)
        settle(self, quads)
        self.quads, self.quad_count = quads, count

    def quad_grid(self) -> PairGrid:
        """The second layer's vector for every pair of pair vectors, right of the middle."""
        theme = current_theme()
        grid = PairGrid(
            self.trace.quad_vectors,
            self.names(),
            caption_size=theme.sizes.small,
            max_cells=self.quad_components,
            max_width=6.4,
            max_height=5.2,
            subject="vector",
            value_scale=self.quad_scale,
            max_cell_size=0.5,
            row_pitch=1.3,
        )
        return grid.move_to([self.quads_x, self.quads_y, 0])

    def answer_chart(self) -> ProbabilityBars:
        """The model's top answers, under the average."""
        t = self.trace
        chart = ProbabilityBars(
            *answer_options(t),
            bar_width=self.chart_bar_width,
            color=current_theme().pairwise,
            title=asked(t),
            value_texts=[percent(float(p)) for p in t.top_probabilities[:3]],
        )
        return chart.scale(0.9).move_to([self.chart_x, self.chart_y, 0])

    def average(self) -> tuple[VectorColumn, VMobject]:
        """The average of every second-layer vector at the left, and its caption (it is read
        on the second layer's key)."""
        theme = current_theme()
        t = self.trace
        mean = VectorColumn(
            t.mean,
            index_size=theme.sizes.small,
            max_cells=self.mean_components,
            show_numbers=True,
            value_scale=self.quad_scale,
            cell_size=theme.layout.cell,
        )
        mean.move_to([self.mean_x, self.row_y, 0])
        caption = flat_text(f"average of all {t.n**4}", theme.sizes.small, theme.muted)
        caption.next_to(mean, UP, buff=theme.gaps.tight)
        return mean, caption

    def average_and_predict(self) -> None:
        theme = current_theme()
        t = self.trace
        mean, caption = self.average()
        chart = self.answer_chart()
        judged = flat_text(verdict(t), theme.sizes.small)
        judged.next_to(chart, DOWN, buff=theme.gaps.tight)
        with self.voiceover(
            Line(
                "At the end, all of them are averaged into one vector, and a small network "
                f"answers: {asked(t)}"
            )
        ) as clip:
            leaving = (self.grid, self.grid_key, self.quad_count)
            self.play_during(clip, *(FadeOut(m) for m in leaving), end=0.15)
            everything = SurroundingRectangle(
                self.quads.entries, color=theme.highlight, buff=theme.gaps.hair
            )
            self.play_during(clip, Create(everything), start=0.17, end=0.27)
            # the outline of all 81 shrinks onto the average: no copies cross the grid
            target = SurroundingRectangle(mean.cells, color=theme.highlight, buff=theme.gaps.hair)
            self.play_during(
                clip,
                Transform(everything, target),
                FadeIn(mean.cells, rate_func=squish_rate_func(smooth, 0.5, 1.0)),
                FadeIn(caption),
                start=0.29,
                end=0.5,
            )
            settle(self, mean)
            self.play_during(
                clip,
                FadeIn(mean.annotations),
                FadeOut(everything),
                start=0.52,
                end=0.65,
            )
            self.play_during(clip, chart.animate_grow(), start=0.67)
        with self.voiceover(Line(answer_said(t))) as clip:
            self.play_during(clip, FadeIn(judged, shift=UP * 0.1), start=0.5)
        settle(self, mean, chart)
