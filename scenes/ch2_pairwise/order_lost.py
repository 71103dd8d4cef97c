"""2.4: Flaw one: order is lost (scene ``order-lost``).

``manim -ql scenes/ch2_pairwise/order_lost.py OrderIsLost``
"""

from __future__ import annotations

import numpy as np
from manim import *

from derived_transformer.model import Trace
from derived_transformer.narration import Line
from derived_transformer.narration.spoken import percent
from derived_transformer.narration.task import verdict
from derived_transformer.scenes.answers import asked
from derived_transformer.scenes.base import Beat, Clip, DerivedScene
from derived_transformer.scenes.ch2_pairwise.shared import CHAPTER, both_verdicts
from derived_transformer.scenes.components import (
    ColorKey,
    PairGrid,
    ProbabilityBars,
    TokenRow,
    VectorColumn,
    components_named,
)
from derived_transformer.scenes.moves import copy_into, settle
from derived_transformer.scenes.text import flat_text
from derived_transformer.scenes.theme import color_scale, current_theme


def phrase_panel(
    t: Trace,
    x: float,
    color: str,
    value_scale: float,
    mean_shown: tuple[int, ...],
    grid_shown: tuple[int, ...],
) -> VGroup:
    """One phrase: its words, its pair grid (components ``grid_shown`` of each pair
    vector), the average of its pair vectors (components ``mean_shown``) and the answer with
    its verdict, stacked in a column centred at ``x``; both phrases' grids and averages share
    one colour scale."""
    theme = current_theme()
    words = TokenRow(t.tokens, size=theme.sizes.heading).move_to([x, 2.5, 0])
    grid = PairGrid(
        t.pair_vectors,
        t.tokens,
        shown=grid_shown,
        max_width=3.6,
        max_height=2.5,
        show_caption=False,
        value_scale=value_scale,
        max_cell_size=0.42,
        row_pitch=1.5,
    ).move_to([x - 0.9, 1.05, 0])
    mean = VectorColumn(
        t.mean,
        index_size=theme.sizes.small,
        shown=mean_shown,
        show_numbers=True,
        cell_size=0.26,
        value_scale=value_scale,
    )
    mean.move_to([x + 2.15, 0.95, 0])
    mean_title = flat_text("average", theme.sizes.small, theme.muted)
    mean_title.next_to(mean, UP, theme.gaps.tight)
    chart = ProbabilityBars(
        t.top_words[:2],
        t.top_probabilities[:2],
        bar_width=1.6,
        color=color,
        title=asked(t),
        value_texts=[percent(float(p)) for p in t.top_probabilities[:2]],
    )
    chart.next_to(VGroup(grid, mean), DOWN, buff=theme.gaps.small).set_x(x)
    judged = flat_text(verdict(t), theme.sizes.small).next_to(chart, DOWN, buff=theme.gaps.tight)
    panel = VGroup(words, grid, mean, mean_title, chart, judged)
    panel.words, panel.grid, panel.mean, panel.mean_title = words, grid, mean, mean_title
    panel.chart, panel.judged = chart, judged
    return panel


class OrderIsLost(DerivedScene):
    """2.4: "the fat cat" and "the cat fat" through the position-free model, live: two
    traces computed apart; the pairs of one move to their places in the other, and the
    averages and answers come out equal (one colour scale and one key for both grids and
    both averages, which show the same components)."""

    short_name = "order-lost"
    chapter = CHAPTER
    model_name = "pairwise"
    sentence = "the fat cat"
    other_sentence: str = "the cat fat"
    fixed_example = "the pair of phrases “the fat cat” / “the cat fat”"
    beats = (Beat("2.4", "Flaw one: order is lost"),)
    mean_cells: int = 5
    grid_components: int = 2
    """How many components of each pair vector the grids draw (the first of those the
    averages show; the key says which): few, so that the cells are large."""
    model_tag: str = "the one-layer pairwise model, without positions"
    """The model named on screen, under both phrases."""

    def construct(self) -> None:
        self.both_phrases()
        self.same_pairs()
        self.same_numbers()

    def build_panels(self) -> None:
        color = current_theme().model_color(self.model_name)
        a, b = self.trace, self.trace_of(self.other_sentence)
        means = self.mean_shown(a, b)
        shown = means[: self.grid_components]
        # an average is never larger than the largest of what it averages: one scale
        value_scale = color_scale(np.stack([a.pair_vectors, b.pair_vectors])[..., list(means)])
        self.left, self.right = (
            phrase_panel(t, x, color, value_scale, means, shown) for t, x in ((a, -3.6), (b, 3.6))
        )
        theme = current_theme()
        size = a.pair_vectors.shape[-1]
        self.grid_key = ColorKey(
            value_scale,
            title=(
                f"value: pair vectors, {components_named(shown, size)}; "
                f"averages, {components_named(means, size).removeprefix('components ')}"
            ),
            width=2.6,
            note_size=theme.sizes.small,
        )
        self.model_note = flat_text(self.model_tag, theme.sizes.small, theme.muted)
        self.model_note.to_edge(DOWN, buff=theme.layout.margin)
        self.grid_key.next_to(self.model_note, UP, buff=theme.gaps.tight)

    def readings(self) -> str:
        """What the two phrases name, by the labeller (a person's answer): they need
        different answers. Each phrase's last word is a noun, which names itself."""
        a, b = self.trace, self.trace_of(self.other_sentence)
        if a.expected is None or b.expected is None or a.expected == b.expected:
            return f"“{a.sentence}” and “{b.sentence}”"
        return f"“{a.sentence}” names the {a.expected}, “{b.sentence}” the {b.expected}"

    def mean_shown(self, a: Trace, b: Trace) -> tuple[int, ...]:
        """Which components of the averages to draw: the first ones."""
        return tuple(range(min(self.mean_cells, a.mean.shape[-1])))

    def both_phrases(self) -> None:
        self.beat("2.4")
        self.heading("Flaw one: order is lost")
        self.build_panels()
        with self.voiceover(
            Line(
                f"Flaw one: order is lost. {self.readings()}; but they have the same words, "
                "so the same pairs."
            )
        ) as clip:
            self.play_during(clip, FadeIn(self.left.words), FadeIn(self.right.words), end=0.35)
            self.play_during(
                clip,
                FadeIn(self.left.grid),
                FadeIn(self.grid_key),
                FadeIn(self.model_note),
                start=0.4,
                end=0.7,
            )

    def same_pairs(self) -> None:
        """Each pair vector of the first phrase moves to where the same two words sit in
        the second phrase's grid."""
        a, b = self.trace, self.trace_of(self.other_sentence)
        where = {word: k for k, word in enumerate(b.tokens)}
        moves = []
        for i in range(a.n):
            for j in range(a.n):
                target = self.right.grid.cell(where[a.tokens[i]], where[a.tokens[j]])
                moves.append(copy_into(self.left.grid.cell(i, j).cells, target.cells))
        with self.voiceover(
            Line("Without positions, the second phrase's pairs are the same vectors, moved.")
        ) as clip:
            self.play_during(
                clip,
                FadeIn(self.right.grid.row_labels),
                FadeIn(self.right.grid.col_labels),
                start=0.1,
                end=0.3,
            )
            self.play_during(clip, LaggedStart(*moves, lag_ratio=0.05), start=0.35, end=0.95)
        self.remove(*self.right.grid.get_family())
        self.add(self.right.grid)

    def show_outputs(self, clip: Clip, start: float = 0.0) -> None:
        """Both phrases' averages, their pair vectors flowing into them, within the line's
        fractions from ``start`` on."""

        def at(fraction: float) -> float:
            return start + fraction * (1 - start)

        spans = (((0.0, 0.3), (0.32, 0.45)), ((0.5, 0.8), (0.82, 1.0)))
        for panel, (flow_span, number_span) in zip((self.left, self.right), spans, strict=True):
            n = panel.grid.n
            flow = copy_into(
                VGroup(*(panel.grid.cell(i, j).cells for i in range(n) for j in range(n))),
                panel.mean.cells,
            )
            self.play_during(
                clip,
                flow,
                FadeIn(panel.mean_title),
                start=at(flow_span[0]),
                end=at(flow_span[1]),
            )
            settle(self, panel.mean)
            self.play_during(
                clip,
                FadeIn(panel.mean.annotations),
                start=at(number_span[0]),
                end=at(number_span[1]),
            )

    def same_numbers(self) -> None:
        a, b = self.trace, self.trace_of(self.other_sentence)
        difference = float(np.max(np.abs(a.mean - b.mean)))
        same = "the same, number for number" if difference < 1e-6 else "different"
        with self.voiceover(Line(f"So their averages are {same}, and so is the answer.")) as clip:
            self.show_outputs(clip, 0.1)
        with self.voiceover(Line(both_verdicts(a, b))) as clip:
            self.play_during(
                clip,
                self.left.chart.animate_grow(),
                self.right.chart.animate_grow(),
                end=0.3,
            )
            # the verdicts stay while the rest of the line is spoken (only a chapter's last
            # scene holds after its last words)
            self.play_during(clip, FadeIn(self.left.judged), FadeIn(self.right.judged), start=0.4)
